"""Rules an application must satisfy, shared by the forms (per step) and by submission."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Passport numbers worldwide: 6 to 12 Latin letters and digits (ICAO 9303 allows up to 9
# in the machine-readable zone; some countries print longer ones). Spaces and dashes
# typed by people are removed first.
PASSPORT_NUMBER = re.compile(r"^[A-Z0-9]{6,12}$")


def normalize_passport_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def validate_passport_number(value: str) -> None:
    if not PASSPORT_NUMBER.fullmatch(normalize_passport_number(value)):
        raise ValidationError(
            _("Enter the passport number as printed: 6 to 12 Latin letters and digits."),
            code="passport_format",
        )


def validate_date_of_birth(value: datetime.date) -> None:
    today = timezone.localdate()
    if value >= today:
        raise ValidationError(_("The date of birth must be in the past."), code="birth_future")
    if value.year < today.year - 120:
        raise ValidationError(_("Check the year of birth."), code="birth_too_old")


def visit_dates_errors(
    arrival: datetime.date | None, departure: datetime.date | None
) -> dict[str, ValidationError]:
    """Errors by field name for proposed visit dates (none when both are acceptable)."""
    errors: dict[str, ValidationError] = {}
    today = timezone.localdate()
    if arrival and arrival <= today:
        errors["arrival_date"] = ValidationError(
            _("The arrival date must be in the future."), code="arrival_past"
        )
    if departure and departure <= today:
        errors["departure_date"] = ValidationError(
            _("The departure date must be in the future."), code="departure_past"
        )
    if arrival and departure and "departure_date" not in errors:
        if departure <= arrival:
            errors["departure_date"] = ValidationError(
                _("The departure date must be after the arrival date."),
                code="departure_before_arrival",
            )
        elif (departure - arrival).days > settings.DELEGATIONS_MAX_STAY_DAYS:
            days = settings.DELEGATIONS_MAX_STAY_DAYS
            errors["departure_date"] = ValidationError(
                ngettext(
                    "A visit can last at most %(days)d day.",
                    "A visit can last at most %(days)d days.",
                    days,
                )
                % {"days": days},
                code="stay_too_long",
            )
    return errors
