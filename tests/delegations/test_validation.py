import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from delegations.validation import (
    normalize_passport_number,
    validate_date_of_birth,
    validate_passport_number,
    visit_dates_errors,
)


@pytest.mark.parametrize(
    "value", ["X1234567", "ab 123 456", "C01X00T47", "123456", "AB-12-34-56-78"]
)
def test_valid_passport_numbers(value):
    validate_passport_number(value)


@pytest.mark.parametrize(
    "value", ["", "12345", "ABCDEFGHIJKLM", "AB12345€", "جواز123456", "AB_123456"]
)
def test_invalid_passport_numbers(value):
    with pytest.raises(ValidationError):
        validate_passport_number(value)


def test_passport_numbers_are_normalized():
    assert normalize_passport_number(" ab 12-34 5 ") == "AB12345"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_visit_dates(settings):
    settings.DELEGATIONS_MAX_STAY_DAYS = 30
    assert visit_dates_errors(days(10), days(20)) == {}
    assert visit_dates_errors(days(10), days(40)) == {}
    assert set(visit_dates_errors(days(10), days(41))) == {"departure_date"}
    assert set(visit_dates_errors(days(0), days(5))) == {"arrival_date"}
    assert set(visit_dates_errors(days(-5), days(-1))) == {"arrival_date", "departure_date"}
    assert (
        visit_dates_errors(days(10), days(10))["departure_date"].code == "departure_before_arrival"
    )
    assert (
        visit_dates_errors(days(10), days(9))["departure_date"].code == "departure_before_arrival"
    )
    assert visit_dates_errors(None, None) == {}


def test_date_of_birth():
    validate_date_of_birth(datetime.date(1990, 1, 1))
    with pytest.raises(ValidationError):
        validate_date_of_birth(timezone.localdate())
    with pytest.raises(ValidationError):
        validate_date_of_birth(datetime.date(1800, 1, 1))
