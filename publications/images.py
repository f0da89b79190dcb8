"""Images uploaded by staff: checked by content, stripped of metadata, and rendered at a
few widths for `srcset`.

Validation opens the file with Pillow and verifies it, accepts JPEG, PNG and WebP only,
and refuses files that are too heavy or have too many pixels (a decompression bomb is a
small file that expands to gigabytes in memory). Every accepted image is re-encoded,
which drops EXIF (camera, GPS position), XMP and text chunks: staff photograph people in
a conflict zone, and an image must never tell where it was taken.
"""

import hashlib
import io
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: larger than any camera staff use
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = (("webp", "WEBP", {"quality": 80, "method": 4}),
                     ("jpg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}))  # fmt: skip


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int


def image_check(
    upload,
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    formats: Collection[str] | None = None,
) -> CheckedImage:
    """Raise ValidationError (a message for the form field) unless `upload` is an image
    we accept. Other uploads (partner logos) pass their own limits."""
    max_bytes = MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    max_pixels = MAX_PIXELS if max_pixels is None else max_pixels
    formats = FORMATS if formats is None else formats
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={"size": round(size / 1024 / 1024, 1), "limit": max_bytes // 2**20},
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > max_pixels:
                    raise _too_many_pixels(width, height, max_pixels)
                image.verify()
            # verify() leaves the image unusable; decoding it fully catches truncation.
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses before we learn the size: the same answer, without it.
        raise ValidationError(
            _("This image has too many pixels; the limit is %(limit)s megapixels."),
            code="too_many_pixels",
            params={"limit": max_pixels // 1_000_000},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP image."),
            code="invalid_image",
        ) from None
    finally:
        upload.seek(0)
    if image_format not in formats:
        raise ValidationError(
            _("Only JPEG, PNG and WebP images are accepted."), code="unsupported_format"
        )
    return CheckedImage(format=image_format, width=width, height=height)


def _too_many_pixels(width: int, height: int, max_pixels: int) -> ValidationError:
    return ValidationError(
        _(
            "This image has too many pixels (%(width)s×%(height)s); the limit is %(limit)s megapixels."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": max_pixels // 1_000_000},
    )


def image_without_metadata(upload, checked: CheckedImage) -> ContentFile:
    """The same picture, re-encoded without any metadata, upright (EXIF orientation is
    applied to the pixels before the EXIF block is dropped)."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        output = io.BytesIO()
        if checked.format == "JPEG":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(output, "JPEG", quality=90, optimize=True)
        elif checked.format == "PNG":
            image.save(output, "PNG", optimize=True)
        else:
            image.save(output, "WEBP", quality=90)
    upload.seek(0)
    name = PurePosixPath(getattr(upload, "name", "") or "image").stem[:80] or "image"
    return ContentFile(output.getvalue(), name=f"{name}.{FORMATS[checked.format]}")


def image_clean_upload(upload) -> ContentFile:
    """Check an upload and return the file to store: what forms call in clean_<field>."""
    return image_without_metadata(upload, image_check(upload))


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
