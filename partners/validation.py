"""Checks for what staff upload or type: logos, signed PDFs, phone numbers, emails."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from diplomacy.uploads import AGREEMENT_POLICY, LOGO_POLICY, upload_clean

# Numbers written without a country code are taken as Syrian ones.
DEFAULT_PHONE_REGION = "SY"


def validate_logo(file) -> None:
    """Model-level check of a logo (forms also re-encode it): the portal's upload policy
    for logos, decompression bombs included."""
    upload_clean(file, policy=LOGO_POLICY)


def validate_pdf(file) -> None:
    """Model-level check of a signed agreement: a complete PDF without active content."""
    upload_clean(file, policy=AGREEMENT_POLICY)


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
