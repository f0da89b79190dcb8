"""Every file the portal accepts, checked by what it contains.

One policy per kind of upload (a cover, a logo, a signed agreement, a message
attachment, a partner import…) says which kinds of content it takes, how large and how
many pixels. What a file *is* comes from its first bytes, never from its name or the
content type the browser claims: an HTML page renamed `report.pdf`, a program renamed
`.pdf` or an SVG with a script are refused whatever they are called.

What is accepted is made harmless before it is stored:

- images are decoded fully (a truncated file or a decompression bomb is refused) and
  re-encoded, which drops EXIF (camera, GPS position), XMP and text chunks — staff and
  applicants photograph people in a conflict zone;
- PDFs are parsed with pypdf and every object in the file is walked (objects inside
  compressed object streams too; pypdf decodes `#xx`-escaped names): JavaScript, automatic
  actions (`/OpenAction`, `/AA`), launch actions, embedded files, rich media and XFA forms
  are refused;
- XLSX workbooks are zip files: one that would expand beyond a limit (a zip bomb) is
  refused before anything reads it;
- every stored file gets a random name with the extension of its real kind.

Forms use `CheckedFileField(policy=…)`; errors are `ValidationError`s with a translated
message, shown next to the field.
"""

import io
import secrets
import warnings
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE, PDF, CSV, XLSX = "image", "pdf", "csv", "xlsx"
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: larger than any camera staff use
# An XLSX file is a zip of XML files; what it may expand to when read.
XLSX_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
XLSX_MAX_MEMBERS = 5_000
# Objects walked in one PDF: a report has thousands, not millions.
PDF_MAX_OBJECTS = 500_000
# Names that make a PDF do something by itself or carry other files.
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
    }
)
SNIFF_BYTES = 2048


@dataclass(frozen=True)
class UploadPolicy:
    """What one upload field accepts."""

    kinds: tuple[str, ...]
    max_bytes: int
    # Shown when the content is of another kind, e.g. "Upload a PDF file."
    wrong_kind: Promise
    image_formats: Collection[str] = field(default_factory=lambda: frozenset(FORMATS))
    max_pixels: int | None = None  # None: MAX_PIXELS
    # Shown when the file is too heavy; None: a message with the size and the limit.
    too_large: Promise | None = None


IMAGE_POLICY = UploadPolicy(
    kinds=(IMAGE,),
    max_bytes=MAX_UPLOAD_BYTES,
    wrong_kind=_("This file is not an image we can read. Upload a JPEG, PNG or WebP image."),
)
LOGO_POLICY = UploadPolicy(
    kinds=(IMAGE,),
    max_bytes=2 * 1024 * 1024,
    max_pixels=4000 * 4000,
    image_formats=frozenset({"PNG", "JPEG", "WEBP", "GIF"}),
    wrong_kind=_("This file is not an image we can read. Upload a PNG, JPEG, WebP or GIF image."),
)
PUBLICATION_ATTACHMENT_POLICY = UploadPolicy(
    kinds=(PDF, IMAGE),
    max_bytes=25 * 1024 * 1024,
    wrong_kind=_("Attach a PDF document or a JPEG, PNG or WebP image."),
)
AGREEMENT_POLICY = UploadPolicy(
    kinds=(PDF,),
    max_bytes=10 * 1024 * 1024,
    wrong_kind=_("The document must be a complete PDF file."),
)
MESSAGE_ATTACHMENT_POLICY = UploadPolicy(
    kinds=(PDF, IMAGE),
    max_bytes=5 * 1024 * 1024,
    image_formats=frozenset({"JPEG", "PNG"}),
    wrong_kind=_("Send a PDF, JPEG or PNG file."),
    too_large=_("The file is larger than 5 MB."),
)
PARTNER_IMPORT_POLICY = UploadPolicy(
    kinds=(CSV, XLSX),
    max_bytes=5 * 1024 * 1024,
    wrong_kind=_("Upload a CSV or XLSX file."),
)


@dataclass(frozen=True)
class CheckedUpload:
    file: ContentFile  # what to store, under a random name
    kind: str
    extension: str


def upload_clean(upload, *, policy: UploadPolicy) -> CheckedUpload:
    """Check `upload` against `policy` by its content and return what may be stored;
    raise ValidationError (a message for the form field) otherwise."""
    try:
        size = _size_check(upload, policy.max_bytes)
    except ValidationError as error:
        if error.code == "too_large" and policy.too_large is not None:
            raise ValidationError(policy.too_large, code="too_large") from None
        raise
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = content_kind(head)
    if kind not in policy.kinds:
        raise ValidationError(policy.wrong_kind, code="wrong_kind")
    if kind == IMAGE:
        try:
            checked = image_check(
                upload,
                max_bytes=policy.max_bytes,
                max_pixels=policy.max_pixels,
                formats=policy.image_formats,
            )
        except ValidationError as error:
            if error.code in ("invalid_image", "unsupported_format"):
                # Say what this field takes (a logo may be a GIF, a message not WebP).
                raise ValidationError(policy.wrong_kind, code=error.code) from None
            raise
        cleaned = image_without_metadata(upload, checked)
        return _stored(cleaned.read(), IMAGE, image_extension(checked.format))
    data = _read_all(upload, size)
    if kind == PDF:
        pdf_check(data)
        return _stored(data, PDF, "pdf")
    if kind == XLSX:
        xlsx_check(data)
        return _stored(data, XLSX, "xlsx")
    csv_check(data)
    return _stored(data, CSV, "csv")


def content_kind(head: bytes) -> str | None:
    """The kind of a file from its first bytes (its "magic number")."""
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")):
        return IMAGE
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return IMAGE
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    if head and _plain_text(head):
        return CSV
    return None


def random_name(extension: str) -> str:
    """A stored file's name says nothing of the original (names can carry personal data
    or tricks such as `report.pdf.html`)."""
    return f"{secrets.token_hex(16)}.{extension}"


def _stored(data: bytes, kind: str, extension: str) -> CheckedUpload:
    return CheckedUpload(
        file=ContentFile(data, name=random_name(extension)), kind=kind, extension=extension
    )


def _size_check(upload, max_bytes: int) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise _too_large(size, max_bytes)
    return size


def _megabytes(count: int) -> float | int:
    value = round(count / 2**20, 1)
    return int(value) if value.is_integer() else value


def _too_large(size: int, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("This file is too large (%(size)s MB); the limit is %(limit)s MB."),
        code="too_large",
        params={"size": round(size / 2**20, 1), "limit": _megabytes(max_bytes)},
    )


def _read_all(upload: IO[bytes], size: int) -> bytes:
    upload.seek(0)
    data = upload.read(size + 1)
    upload.seek(0)
    return data


def _plain_text(data: bytes) -> bool:
    """UTF-8 text without control characters other than tab and line ends (a cut at the
    end of `data` may split one character)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(data) - 3:
            return False
        text = data[: error.start].decode("utf-8")
    return not any(ord(char) < 32 and char not in "\t\r\n" for char in text)


# --- Images -------------------------------------------------------------------------------


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
    we accept: readable to the last pixel, not too heavy, not too many pixels (a
    decompression bomb is a small file that expands to gigabytes in memory)."""
    max_bytes = MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    max_pixels = MAX_PIXELS if max_pixels is None else max_pixels
    formats = FORMATS if formats is None else formats
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(size, max_bytes)
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


def image_extension(image_format: str) -> str:
    # A GIF is stored as PNG: re-encoding keeps its first frame and nothing else.
    return FORMATS.get(image_format, "png")


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
        elif checked.format == "WEBP":
            image.save(output, "WEBP", quality=90)
        else:
            if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
                image = image.convert("RGBA")
            image.save(output, "PNG", optimize=True)
    upload.seek(0)
    return ContentFile(output.getvalue(), name=random_name(image_extension(checked.format)))


def image_clean_upload(upload) -> ContentFile:
    """Check an image upload and return the file to store (publication images)."""
    return image_without_metadata(upload, image_check(upload))


# --- PDF ----------------------------------------------------------------------------------


def pdf_check(data: bytes) -> None:
    """Refuse a PDF pypdf cannot read, an encrypted one (its content cannot be checked)
    and one with active content anywhere in the file."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    unreadable = ValidationError(_("The document must be a complete PDF file."), code="pdf_format")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password, so its content cannot be checked."),
                code="pdf_encrypted",
            )
        found = pdf_active_names(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise unreadable from None
    except Exception:  # a damaged file can raise anything inside the parser
        raise unreadable from None
    if found:
        raise ValidationError(
            _(
                "The PDF contains scripts, automatic actions or embedded files "
                "(%(names)s); please upload a plain PDF."
            ),
            code="pdf_active_content",
            params={"names": ", ".join(sorted(name.lstrip("/") for name in found))},
        )


def pdf_active_names(reader) -> set[str]:
    """The active names used anywhere in the file: every object of the cross-reference
    table (and of the object streams) is walked, reachable from the document or not."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    stack: list = [reader.trailer]
    for generation, objects in reader.xref.items():
        stack.extend(IndirectObject(number, generation, reader) for number in objects)
    stack.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen: set[tuple[int, int]] = set()
    found: set[str] = set()
    walked = 0
    while stack:
        item = stack.pop()
        walked += 1
        if walked > PDF_MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in dict.items(item):
                if key in PDF_ACTIVE_NAMES:
                    found.add(str(key))
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
        elif isinstance(item, NameObject) and item in PDF_ACTIVE_NAMES:
            found.add(str(item))
    return found


# --- Spreadsheets -------------------------------------------------------------------------


def xlsx_check(data: bytes) -> None:
    not_a_workbook = ValidationError(
        _("This file is not an XLSX workbook we can read."), code="xlsx_format"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_a_workbook from None
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise not_a_workbook
    # Python's zipfile never inflates a member past its declared size, so the declared
    # sizes bound what reading the workbook can cost.
    expanded = sum(member.file_size for member in members)
    if len(members) > XLSX_MAX_MEMBERS or expanded > XLSX_MAX_EXPANDED_BYTES:
        raise ValidationError(
            _(
                "This workbook expands to more than %(limit)s MB when opened; split it into smaller files."
            ),
            code="xlsx_too_large",
            params={"limit": XLSX_MAX_EXPANDED_BYTES // 2**20},
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise not_a_workbook  # encrypted members


def csv_check(data: bytes) -> None:
    if not _plain_text(data.removeprefix(b"\xef\xbb\xbf")):
        raise ValidationError(_("This file is not a CSV text file in UTF-8."), code="csv_format")


# --- The form field -----------------------------------------------------------------------


@dataclass(frozen=True)
class _StoredFileLink:
    """The current file as the admin's file input links it: its URL, and as text its
    stored name without the storage folders."""

    url: str
    name: str

    def __str__(self) -> str:
        return self.name


class StoredFileInput(AdminFileWidget):
    """The admin's file input, linking the current file by its own (random) name rather
    than its storage path: folders such as "partners/logos/" are storage internals, and
    English words on an Arabic page."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _StoredFileLink(
                url=value.url, name=PurePosixPath(value.name).name
            )
        return context


class CheckedFileField(forms.FileField):
    """A file field whose cleaned value is the checked, neutralized file to store under
    a random name. Admin classes use it through `formfield_overrides`."""

    def __init__(self, *, policy: UploadPolicy = IMAGE_POLICY, **kwargs) -> None:
        self.policy = policy
        widget = kwargs.get("widget")
        if widget is AdminFileWidget or type(widget) is AdminFileWidget:
            kwargs["widget"] = StoredFileInput
        super().__init__(**kwargs)

    def to_python(self, data):
        data = super().to_python(data)
        if data is None:
            return None
        return upload_clean(data, policy=self.policy).file
