"""Staff sessions end after a working day idle; staff passwords are longer."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from diplomacy.accounts.staff_access import LAST_SEEN_KEY
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.second_factor import totp_code

pytestmark = pytest.mark.django_db


def idle_for(client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - seconds
    session.save()


def test_staff_session_ends_after_a_working_day_without_activity(client, settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 9 * 60 * 60
    client.force_login(StaffFactory(is_superuser=True, preferred_language="en"))
    assert client.get("/admin/").status_code == 200
    idle_for(client, 8 * 60 * 60)  # a long meeting: still signed in
    assert client.get("/admin/").status_code == 200
    idle_for(client, 9 * 60 * 60 + 1)
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == "/en/accounts/login/"
    assert "signed out after a working day without activity" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_remember_me_keeps_a_staff_session_for_one_idle_period_only(client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 3600
    member = StaffFactory(is_superuser=True)
    client.post(
        "/en/accounts/login/", {"login": member.email, "password": PASSWORD, "remember": "on"}
    )
    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(member)})
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_age() == 3600
    assert client.cookies["sessionid"]["max-age"] == 3600


def test_remember_me_keeps_an_applicant_signed_in_for_two_weeks(client):
    person = UserFactory()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client.post(
        "/en/accounts/login/", {"login": person.email, "password": PASSWORD, "remember": "on"}
    )
    assert client.cookies["sessionid"]["max-age"] == 14 * 24 * 60 * 60


def test_applicants_stay_signed_in_for_two_weeks(client):
    person = UserFactory()
    client.force_login(person)
    idle_for(client, 3 * 24 * 60 * 60)
    assert client.get("/ar/my/").status_code == 200
    assert client.session.get_expiry_age() == 14 * 24 * 60 * 60


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ar", "يجب أن تتكون كلمة مرور حساب الموظف من 12 حرفاً على الأقل."),
        ("en", "A staff account’s password must contain at least 12 characters."),
    ],
)
def test_staff_passwords_have_at_least_twelve_characters(language, message):
    staff, applicant = StaffFactory(), UserFactory()
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            validate_password("Qamishlo#26", user=staff)  # 11 characters
        assert message in refused.value.messages
    validate_password("Qamishlo#26", user=applicant)
    validate_password("Qamishlo#2026", user=staff)


def test_a_member_of_a_role_group_is_staff_for_the_password_rule():
    from django.contrib.auth.models import Group

    from diplomacy.accounts.roles import EDITORS

    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    with pytest.raises(ValidationError):
        validate_password("Qamishlo#26", user=editor)


def test_staff_member_changing_a_password_in_the_portal_gets_the_rule_in_arabic(client):
    member = StaffFactory()
    client.force_login(member)
    response = client.post(
        "/ar/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "Qamishlo#26", "password2": "Qamishlo#26"},
    )
    assert "يجب أن تتكون كلمة مرور حساب الموظف من 12 حرفاً على الأقل." in response.content.decode()


def test_password_set_by_an_administrator_for_a_staff_account_follows_the_rule(client):
    admin = StaffFactory(is_superuser=True, preferred_language="en")
    member = StaffFactory()
    client.force_login(admin)
    from tests.reauthentication import reauthenticated

    reauthenticated(client, admin)  # changing accounts asks for the password again
    response = client.post(
        f"/admin/accounts/user/{member.pk}/password/",
        {"password1": "Qamishlo#26", "password2": "Qamishlo#26", "usable_password": "true"},
    )
    assert "A staff account’s password must contain at least 12 characters." in (
        response.content.decode()
    )


def test_account_made_staff_with_a_short_password_must_choose_a_longer_one_at_sign_in(client):
    member = UserFactory(password="Qamishlo#26", preferred_language="en")  # set as applicant
    member.is_staff, member.is_superuser = True, True
    member.save()
    from tests.factories import StaffFactory as Staff

    Staff(email=member.email)  # verified address and authenticator app, as staff get
    client.post("/en/accounts/login/", {"login": member.email, "password": "Qamishlo#26"})
    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(member)})
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == "/en/accounts/password/change/"
    assert "Choose a longer password to continue." in response.content.decode()
    client.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": "Qamishlo#26",
            "password1": "Qamishlo#2026!",
            "password2": "Qamishlo#2026!",
        },
    )
    assert client.get("/admin/").status_code == 200
