"""Checks for what staff upload or type: logos, signed PDFs, phone numbers, emails."""

import re
from typing import IO

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from publications.images import image_check

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
PDF_MAX_BYTES = 10 * 1024 * 1024
# A signed agreement has no business running code; such a file is refused.
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
# Numbers written without a country code are taken as Syrian ones.
DEFAULT_PHONE_REGION = "SY"


def _read_all(file: IO[bytes]) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def validate_logo(file) -> None:
    """The same content checks as every image the portal accepts (decompression bombs
    included), with the limits of a logo."""
    image_check(file, max_bytes=LOGO_MAX_BYTES, max_pixels=LOGO_MAX_PIXELS, formats=LOGO_FORMATS)


def validate_pdf(file) -> None:
    if file.size is not None and file.size > PDF_MAX_BYTES:
        raise ValidationError(_("The document is larger than 10 MB."), code="pdf_too_large")
    data = _read_all(file)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("The document must be a complete PDF file."), code="pdf_format")
    if PDF_ACTIVE_CONTENT.search(data):
        raise ValidationError(
            _("The PDF contains scripts or embedded files; please upload a plain PDF."),
            code="pdf_active_content",
        )


def phone_to_international(value: str) -> str:
    """Parse a phone number as typed and return its E.164 form, or raise ValidationError."""
    text = value.strip()
    try:
        number = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="phone", params={"value": text}
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number."), code="phone", params={"value": text}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_for_display(value: str) -> str:
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean_phone_list(values: list[str]) -> list[str]:
    """E.164 forms of the given numbers, without duplicates; all errors at once."""
    cleaned: list[str] = []
    errors: list[ValidationError] = []
    for value in values:
        if not value.strip():
            continue
        try:
            number = phone_to_international(value)
        except ValidationError as error:
            errors.append(error)
            continue
        if number not in cleaned:
            cleaned.append(number)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_email_list(values: list[str]) -> list[str]:
    cleaned: list[str] = []
    errors: list[ValidationError] = []
    for value in values:
        email = value.strip()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                ValidationError(
                    _("“%(value)s” is not an email address."),
                    code="email",
                    params={"value": email},
                )
            )
            continue
        # Stored in lower case: mail providers ignore case, and duplicates compare equal.
        email = email.lower()
        if email not in cleaned:
            cleaned.append(email)
    if errors:
        raise ValidationError(errors)
    return cleaned


def split_list(text: str) -> list[str]:
    """Split what staff typed (one per line, or separated by commas/semicolons)."""
    return [part.strip() for part in re.split(r"[\n,;،؛]+", text or "") if part.strip()]
