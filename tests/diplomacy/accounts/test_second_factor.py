"""Staff accounts cannot be used without an authenticator app; everyone signs in with it."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diplomacy.accounts.roles import TRANSLATORS
from diplomacy.accounts.staff_access import SECOND_FACTOR_KEY, SECOND_FACTOR_RECHECK_SECONDS
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.second_factor import totp_code

pytestmark = pytest.mark.django_db


def sign_in_with_password(client, user) -> None:
    """As a person does (force_login would not count as a recent sign-in for allauth)."""
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/partners/organization/", "/ar/staff/translation/", "/en/my/", "/ar/"],
)
def test_staff_member_without_an_authenticator_is_sent_to_enrol_from_every_page(client, path):
    member = StaffFactory(second_factor=False, preferred_language="en")
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")


def test_a_member_of_a_role_group_without_the_staff_flag_is_held_to_the_same_rule(client):
    translator = UserFactory()
    translator.groups.add(Group.objects.get(name=TRANSLATORS))
    client.force_login(translator)
    response = client.get("/ar/staff/translation/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/2fa/totp/activate/"


def test_applicants_are_not_asked_for_a_second_factor(client):
    client.force_login(UserFactory())
    assert client.get("/ar/my/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/ar/accounts/2fa/totp/activate/",
        "/en/accounts/2fa/totp/activate/",
        "/ar/accounts/logout/",
        "/static/css/site.css",
    ],
)
def test_enrolment_sign_out_and_static_files_stay_open(client, path):
    sign_in_with_password(client, StaffFactory(second_factor=False))
    assert client.get(path).status_code == 200


def test_staff_member_with_an_authenticator_reaches_the_admin(client):
    client.force_login(StaffFactory())
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("language", "heading", "secret_label"),
    [
        ("ar", "إعداد الدخول على خطوتين", "المفتاح السري"),
        ("en", "Set up two-step sign-in", "Secret key"),
    ],
)
def test_enrolment_then_recovery_codes_then_back_to_the_page_asked_for(
    client, language, heading, secret_label
):
    member = StaffFactory(second_factor=False, is_superuser=True, preferred_language=language)
    sign_in_with_password(client, member)
    client.get("/admin/partners/organization/")
    page = client.get(f"/{language}/accounts/2fa/totp/activate/")
    html = page.content.decode()
    assert heading in html and secret_label in html
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, served inline
    secret = page.context["form"].secret

    wrong = client.post(f"/{language}/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]

    done = client.post(
        f"/{language}/accounts/2fa/totp/activate/", {"code": totp_code(secret)}, follow=True
    )
    assert done.request["PATH_INFO"] == f"/{language}/accounts/2fa/recovery-codes/"
    codes = done.context["unused_codes"]
    assert len(codes) == 10
    html = done.content.decode()
    assert codes[0] in html
    assert 'href="/admin/partners/organization/"' in html  # continue where they were going
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/partners/organization/").status_code == 200


def test_staff_cannot_turn_their_authenticator_off(client):
    member = StaffFactory(preferred_language="en")
    client.force_login(member)
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/en/accounts/2fa/totp/deactivate/")
    assert "ask an administrator to reset it" in response.content.decode()
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize(
    ("language", "prompt", "wrong"),
    [
        ("ar", "افتحوا تطبيق المصادقة", "الرمز غير صحيح"),
        ("en", "Open your authenticator app", "Incorrect code."),
    ],
)
def test_sign_in_asks_for_the_code_and_accepts_a_recovery_code_once(
    client, language, prompt, wrong
):
    member = StaffFactory(preferred_language=language)
    login = f"/{language}/accounts/login/"
    challenge = client.post(login, {"login": member.email, "password": PASSWORD}, follow=True)
    assert challenge.request["PATH_INFO"] == f"/{language}/accounts/2fa/authenticate/"
    assert prompt in challenge.content.decode()
    assert client.get("/admin/").status_code == 302  # not signed in yet

    refused = client.post(f"/{language}/accounts/2fa/authenticate/", {"code": "12345678"})
    assert wrong in refused.content.decode()

    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    recovery = RecoveryCodes.activate(member)
    code = recovery.get_unused_codes()[0]
    client.post(f"/{language}/accounts/2fa/authenticate/", {"code": code})
    assert client.get("/admin/").status_code == 200

    client.post(f"/{language}/accounts/logout/")
    client.post(login, {"login": member.email, "password": PASSWORD})
    again = client.post(f"/{language}/accounts/2fa/authenticate/", {"code": code})
    assert wrong in again.content.decode()
    client.post(f"/{language}/accounts/2fa/authenticate/", {"code": totp_code(member)})
    assert client.get("/admin/").status_code == 200


def test_an_administrator_resets_a_lost_phone_and_the_member_enrols_again(client):
    from diplomacy.audit.models import AuditEntry
    from tests.reauthentication import reauthenticated

    admin, member = StaffFactory(is_superuser=True, preferred_language="en"), StaffFactory()
    client.force_login(admin)
    reauthenticated(client, admin)  # changing accounts asks for the password again
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [member.pk]},
        follow=True,
    )
    assert "Two-step sign-in was reset for 1 person" in response.content.decode()
    assert not Authenticator.objects.filter(user=member).exists()
    assert AuditEntry.objects.filter(action="user.second_factor_reset", actor=admin).exists()
    client.force_login(member)
    assert client.get("/admin/")["Location"].endswith("/accounts/2fa/totp/activate/")


def test_my_page_leads_to_the_two_step_settings_in_arabic(client):
    member = StaffFactory(preferred_language="ar")
    client.force_login(member)
    my_page = client.get("/ar/my/").content.decode()
    assert 'href="/ar/accounts/2fa/"' in my_page
    settings_page = client.get("/ar/accounts/2fa/").content.decode()
    assert "مفعّل: تسجّلون الدخول بكلمة المرور وبرمز من التطبيق." in settings_page
    assert "/ar/accounts/2fa/totp/deactivate/" not in settings_page  # staff keep it


def test_an_open_session_is_sent_to_enrol_when_its_second_factor_is_checked_again(client):
    """Checked at the first page of a session, then every few minutes rather than on
    every page; after a reset, the session is sent to enrol at the next check."""
    member = StaffFactory(preferred_language="en")
    client.force_login(member)
    assert client.get("/en/staff/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/staff/").status_code == 200
    assert not [query for query in queries if "mfa_authenticator" in query["sql"]]
    Authenticator.objects.filter(user=member).delete()
    session = client.session
    seen = session[SECOND_FACTOR_KEY]
    session[SECOND_FACTOR_KEY] = {**seen, "at": seen["at"] - SECOND_FACTOR_RECHECK_SECONDS}
    session.save()
    response = client.get("/en/staff/")
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")
    assert client.get("/en/staff/")["Location"].endswith("/accounts/2fa/totp/activate/")
