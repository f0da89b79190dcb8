"""Images shown on public pages — publication covers and inline images, program covers,
partner logos — through one pipeline:

1. the form field (`CoverImageField`, or `CheckedFileField` with a policy) checks the
   upload by its content, size and pixel count and stores it re-encoded, without
   metadata (GPS position, camera), under a random name (`diplomacy/uploads.py`);
2. the app's save service calls `renditions_enqueue`; a media worker runs
   `renditions_refresh` (ids in, idempotent) and writes WebP plus a fallback format at
   the widths the place needs (`RenditionSizes`) next to the original, on the same row;
3. templates show it with `{% picture row.image_field alt=… sizes=… %}`: `srcset`,
   `sizes`, width and height (no layout shift). While the renditions are pending the
   original is shown; once they exist the original is never sent to visitors.

An app declares each such field once (`RenderedImage`, listed in its portal.py under
`rendered_images`); `manage.py images_render` makes what is missing for all of them.
"""

import functools
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps

from diplomacy.uploads import IMAGE_POLICY, CheckedFileField


@dataclass(frozen=True)
class RenditionFormat:
    extension: str
    pillow_format: str
    mime_type: str
    options: Mapping[str, Any] = field(default_factory=dict)


WEBP = RenditionFormat("webp", "WEBP", "image/webp", {"quality": 80, "method": 4})
JPEG = RenditionFormat(
    "jpg", "JPEG", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True}
)
# Logos keep their transparency in the fallback format too.
PNG = RenditionFormat("png", "PNG", "image/png", {"optimize": True})
MIME_TYPES = {rendition_format.extension: rendition_format.mime_type
              for rendition_format in (WEBP, JPEG, PNG)}  # fmt: skip


@dataclass(frozen=True)
class RenditionSizes:
    """What one kind of place needs. `widths` are the widths of a wide picture; with
    `square_box` they are the sides of a square the picture fits in (a logo, whatever
    its shape). Formats: the preferred first, the fallback for older browsers last."""

    widths: tuple[int, ...]
    formats: tuple[RenditionFormat, ...] = (WEBP, JPEG)
    square_box: bool = False


# A cover spans the text column (up to 70ch) or a card; 1600 for wide screens at 2x.
COVER_SIZES = RenditionSizes(widths=(480, 960, 1600))
# A logo is shown in a 4rem (cards) or 6rem (a partner's page) square, at 1x to 3x.
LOGO_SIZES = RenditionSizes(widths=(64, 128, 192, 288), formats=(WEBP, PNG), square_box=True)
RENDITION_WIDTHS = COVER_SIZES.widths


@dataclass(frozen=True)
class RenderedImage:
    """An image field whose renditions are kept on the same row, in the columns
    `<prefix>renditions` (a JSON list) and `<prefix>renditions_of` (the original they were
    made from), so a list page reads them with its items, not with a query per item.
    `folder` is formatted with the row: "programs/renditions/{instance.pk}"."""

    model: str  # "app_label.ModelName"
    field: str
    sizes: RenditionSizes
    folder: str
    prefix: str = ""

    @property
    def renditions_field(self) -> str:
        return f"{self.prefix}renditions"

    @property
    def source_field(self) -> str:
        return f"{self.prefix}renditions_of"

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)


def renditions_render(
    *,
    source_name: str,
    folder: str,
    sizes: RenditionSizes = COVER_SIZES,
    storage: Storage = default_storage,
) -> list[dict]:
    """Write the renditions of `source_name` (never larger than the image itself) and
    return their descriptions. Same input, same names: safe to rerun."""
    digest = hashlib.sha256(source_name.encode()).hexdigest()[:12]
    with storage.open(source_name, "rb") as handle, Image.open(handle) as original:
        original.load()
        image = ImageOps.exif_transpose(original)
    renditions = []
    for target in _targets(image, sizes):
        resized = _resized(image, target, square_box=sizes.square_box)
        for rendition_format in sizes.formats:
            output = io.BytesIO()
            _encodable(resized, rendition_format).save(
                output, rendition_format.pillow_format, **rendition_format.options
            )
            name = f"{folder}/{digest}-{target}.{rendition_format.extension}"
            if storage.exists(name):
                storage.delete(name)
            stored = storage.save(name, ContentFile(output.getvalue()))
            renditions.append(
                {
                    "width": resized.width,
                    "height": resized.height,
                    "format": rendition_format.extension,
                    "name": stored,
                }
            )
    return renditions


def _targets(image: Image.Image, sizes: RenditionSizes) -> list[int]:
    """The widths (or square sides) to make: those smaller than the image, and the
    image's own size when it is smaller than the largest."""
    extent = max(image.size) if sizes.square_box else image.width
    targets = [target for target in sizes.widths if target < extent] or [extent]
    if extent < sizes.widths[-1] and extent not in targets:
        targets.append(extent)
    return targets


def _resized(image: Image.Image, target: int, *, square_box: bool) -> Image.Image:
    scale = target / (max(image.size) if square_box else image.width)
    width = max(1, round(image.width * scale))
    height = max(1, round(image.height * scale))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _encodable(image: Image.Image, rendition_format: RenditionFormat) -> Image.Image:
    if rendition_format.pillow_format == "JPEG" and image.mode != "RGB":
        return _flatten(image)
    if image.mode not in ("RGB", "RGBA"):
        return image.convert("RGBA" if "A" in image.getbands() else "RGB")
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: put transparent images on white."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


# --- The job --------------------------------------------------------------------------------


def renditions_current(row: Model, image: RenderedImage) -> list[dict]:
    """The row's renditions if they were made from its current image, else []."""
    source = getattr(row, image.field).name or ""
    renditions = getattr(row, image.renditions_field) or []
    return renditions if source and getattr(row, image.source_field) == source else []


def renditions_enqueue(*, row: Model, image: RenderedImage, task) -> bool:
    """After a save: schedule `task(row.pk)` (the app's media task) when the image has no
    renditions of its own yet; forget the old renditions when the image was removed.
    Returns whether a job was scheduled."""
    from diplomacy.jobs.services import enqueue_on_commit

    if not getattr(row, image.field).name:
        if getattr(row, image.source_field):
            type(row)._default_manager.filter(pk=row.pk).update(
                **{image.renditions_field: [], image.source_field: ""}
            )
        return False
    if renditions_current(row, image):
        return False
    enqueue_on_commit(task, row.pk)
    return True


def renditions_refresh(*, image: RenderedImage, pk: int) -> bool:
    """Make the renditions of row `pk`'s image unless they exist for its current image.
    Returns True when it wrote new ones. Safe to run twice and when the image changes
    meanwhile: the result is stored only if the image is still the one rendered."""
    from diplomacy.pagecache_invalidation import public_model_rows_updated

    model = image.model_class()
    manager = model._default_manager
    row = manager.filter(pk=pk).first()
    if row is None:
        return False
    file = getattr(row, image.field)
    source = file.name or ""
    if not source:
        manager.filter(pk=pk, **{image.field: ""}).update(
            **{image.renditions_field: [], image.source_field: ""}
        )
        return False
    if renditions_current(row, image):
        return False
    renditions = renditions_render(
        source_name=source,
        folder=image.folder.format(instance=row),
        sizes=image.sizes,
        storage=file.storage,
    )
    updated = manager.filter(pk=pk, **{image.field: source}).update(
        **{image.renditions_field: renditions, image.source_field: source}
    )
    if updated:
        public_model_rows_updated(model, fields=[image.renditions_field, image.source_field])
    return bool(updated)


@functools.cache
def rendered_images() -> dict[tuple[str, str], RenderedImage]:
    """Every declared image field, by (model label, field name); a declaration naming a
    field that does not exist stops start-up."""
    from diplomacy.plugins import app_contributions, declared_model

    found = {}
    for contribution in app_contributions():
        for image in contribution.rendered_images:
            model = declared_model(image.model)
            for name in (image.field, image.renditions_field, image.source_field):
                try:
                    model._meta.get_field(name)
                except FieldDoesNotExist as error:
                    raise ImproperlyConfigured(
                        f"{image.model} has no field {name!r} (rendered_images)."
                    ) from error
            found[(model._meta.label, image.field)] = image
    return found


# --- On the page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """What an `<img>` (in a `<picture>`) needs: `sources` are (type, srcset) of the
    preferred formats; `srcset` is empty while only the original exists."""

    src: str
    srcset: str = ""
    sources: tuple[tuple[str, str], ...] = ()
    width: int | None = None
    height: int | None = None
    largest_src: str = ""  # for link previews (og:image): the largest fallback copy


def picture_of(file: FieldFile | None) -> Picture | None:
    """The picture of an image field's file: its renditions when they are ready (the
    original is then never linked), else the original with its stored size."""
    if not file:
        return None
    row, field_name = file.instance, file.field.name
    image = rendered_images().get((row._meta.label, field_name))
    renditions = renditions_current(row, image) if image is not None else []
    if not renditions:
        width_field, height_field = file.field.width_field, file.field.height_field
        return Picture(
            src=file.url,
            largest_src=file.url,
            width=getattr(row, width_field) if width_field else None,
            height=getattr(row, height_field) if height_field else None,
        )
    return _picture_from(renditions, file.storage)


def _picture_from(renditions: list[dict], storage: Storage) -> Picture:
    by_format: dict[str, list[dict]] = {}
    for rendition in sorted(renditions, key=lambda rendition: rendition["width"]):
        by_format.setdefault(rendition["format"], []).append(rendition)
    *preferred, fallback = sorted(by_format, key=lambda extension: extension != "webp")
    fallbacks = by_format[fallback]
    # Browsers without srcset get the middle width; all of them share one aspect ratio.
    middle, largest = fallbacks[(len(fallbacks) - 1) // 2], fallbacks[-1]
    return Picture(
        src=storage.url(middle["name"]),
        srcset=_srcset(fallbacks, storage),
        sources=tuple(
            (MIME_TYPES.get(extension, ""), _srcset(by_format[extension], storage))
            for extension in preferred
        ),
        width=largest["width"],
        height=largest["height"],
        largest_src=storage.url(largest["name"]),
    )


def _srcset(renditions: list[dict], storage: Storage) -> str:
    return ", ".join(f"{storage.url(rendition['name'])} {rendition['width']}w"
                     for rendition in renditions)  # fmt: skip


class CoverImageField(CheckedFileField):
    """A cover or an image in the text: checked by content, stored without metadata
    under a random name (diplomacy/uploads.py)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("policy", IMAGE_POLICY)
        super().__init__(**kwargs)
