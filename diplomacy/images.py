"""Images shown on public pages (publication covers and inline images, program covers):
the form field that takes them, and their renditions at a few widths for `srcset`.

Uploads are checked, stripped of metadata and renamed by the portal's one upload policy
(`diplomacy/uploads.py`); this module adds the field and the renditions pages show.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image, ImageOps

from diplomacy.uploads import IMAGE_POLICY, CheckedFileField

RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = (("webp", "WEBP", {"quality": 80, "method": 4}),
                     ("jpg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}))  # fmt: skip


def renditions_render(
    *, source_name: str, folder: str, storage: Storage = default_storage
) -> list[dict]:
    """Write WebP and JPEG copies of `source_name` at the standard widths not larger than
    the image itself; return their descriptions. Same input, same names: safe to rerun."""
    digest = hashlib.sha256(source_name.encode()).hexdigest()[:12]
    with storage.open(source_name, "rb") as handle, Image.open(handle) as original:
        original.load()
        image = ImageOps.exif_transpose(original)
    widths = [width for width in RENDITION_WIDTHS if width < image.width] or [image.width]
    if image.width < RENDITION_WIDTHS[-1] and image.width not in widths:
        widths.append(image.width)
    renditions = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for extension, pillow_format, options in RENDITION_FORMATS:
            frame = resized
            if pillow_format == "JPEG" and frame.mode != "RGB":
                frame = _flatten(frame)
            elif frame.mode not in ("RGB", "RGBA"):
                frame = frame.convert("RGBA" if "A" in frame.getbands() else "RGB")
            output = io.BytesIO()
            frame.save(output, pillow_format, **options)
            name = f"{folder}/{digest}-{width}.{extension}"
            if storage.exists(name):
                storage.delete(name)
            stored = storage.save(name, ContentFile(output.getvalue()))
            renditions.append(
                {"width": width, "height": height, "format": extension, "name": stored}
            )
    return renditions


def _flatten(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: put transparent images on white."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


class CoverImageField(CheckedFileField):
    """A cover or an image in the text: checked by content, stored without metadata
    under a random name (diplomacy/uploads.py)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("policy", IMAGE_POLICY)
        super().__init__(**kwargs)
