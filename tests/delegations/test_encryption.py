import datetime
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from delegations.encryption import field_cipher
from delegations.models import Member, mask
from tests.delegations.factories import MemberFactory


def raw_columns(member: Member) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT passport_number, date_of_birth FROM delegations_member WHERE id = %s",
            [member.pk],
        )
        return cursor.fetchone()


@pytest.mark.django_db
def test_the_database_holds_no_plaintext():
    member = MemberFactory(passport_number="X12345678", date_of_birth=datetime.date(1979, 12, 31))
    passport, birth = raw_columns(member)
    assert "X12345678" not in passport and "1979" not in birth
    assert passport.startswith("fernet:") and birth.startswith("fernet:")
    # The same value encrypts differently each time: equal passports cannot be matched.
    other = MemberFactory(passport_number="X12345678")
    assert raw_columns(other)[0] != passport
    member = Member.objects.get(pk=member.pk)
    assert member.passport_number == "X12345678"
    assert member.date_of_birth == datetime.date(1979, 12, 31)


@pytest.mark.django_db
def test_encrypted_fields_cannot_be_searched():
    with pytest.raises(FieldError):
        list(Member.objects.filter(passport_number="X12345678"))


@pytest.mark.django_db
def test_a_wrong_key_cannot_read_the_data(settings):
    member = MemberFactory()
    settings.FIELD_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="cannot decrypt"):
        Member.objects.get(pk=member.pk)


@pytest.mark.django_db
def test_keys_rotate(settings):
    old_key = settings.FIELD_ENCRYPTION_KEY[0]
    member = MemberFactory(passport_number="R0TATE123")
    before = raw_columns(member)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = [new_key, old_key]
    assert Member.objects.get(pk=member.pk).passport_number == "R0TATE123"
    out = StringIO()
    call_command("rotate_field_encryption", stdout=out)
    assert "Re-encrypted" in out.getvalue()
    after = raw_columns(member)
    assert after != before
    settings.FIELD_ENCRYPTION_KEY = [new_key]  # the old key is gone
    member = Member.objects.get(pk=member.pk)
    assert member.passport_number == "R0TATE123"
    assert member.date_of_birth == datetime.date(1985, 3, 14)
    assert field_cipher() is not None


def test_masking_keeps_only_the_last_characters():
    assert mask("X12345678", keep=2) == "•••••••78"
    assert mask("AB1234", keep=2) == "••••34"
    assert mask("", keep=2) == ""
    assert Member(passport_number="P99887766").passport_number_masked.endswith("66")
    assert "1985" not in Member(date_of_birth=datetime.date(1985, 1, 1)).date_of_birth_masked
