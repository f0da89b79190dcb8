"""The logo rendition: what public pages show instead of the uploaded original."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from diplomacy.pagecache_invalidation import public_model_rows_updated
from partners.models import Organization

LOGO_BOX = (320, 320)


def logo_render(*, organization_id: int) -> bool:
    """Resize the uploaded logo into a small WebP without metadata. Idempotent: the
    rendition's name follows the original's, so running twice overwrites one file."""
    organization = Organization.objects.filter(pk=organization_id).only("pk", "logo").first()
    if organization is None or not organization.logo:
        return False
    with organization.logo.open("rb") as original, Image.open(original) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        output = BytesIO()
        image.save(output, format="WEBP", quality=82, method=6)
    stem = organization.logo.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    rendition = Organization._meta.get_field("logo_rendition")
    storage = rendition.storage
    name = f"{rendition.upload_to}{organization.pk}-{stem}.webp"
    if storage.exists(name):
        storage.delete(name)
    saved_name = storage.save(name, ContentFile(output.getvalue()))
    with transaction.atomic():
        updated = Organization.objects.filter(
            pk=organization_id, logo=organization.logo.name
        ).update(logo_rendition=saved_name)
    if updated:
        public_model_rows_updated(Organization, fields=["logo_rendition"])
    return bool(updated)
