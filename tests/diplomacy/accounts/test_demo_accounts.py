"""`make run` gives a newcomer one account per role, shown with its password; production
never has them; `createsuperuser` makes an account that can sign in; emails link to the
port `make run` serves on."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from delegations.models import Application, ApplicationState
from diplomacy.accounts import roles
from diplomacy.accounts.demo_people import DEMO_PASSWORD, STAFF_EMAILS
from programs.models import Registration

ROOT = Path(__file__).resolve().parents[3]


def loaddemo() -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def sign_in(client, email: str, password: str):
    return client.post("/ar/accounts/login/", {"login": email, "password": password})


@pytest.fixture
def demo_accounts_on(settings):
    settings.DEMO_ACCOUNTS = True


@pytest.mark.django_db
def test_loaddemo_prints_one_account_per_role_and_each_signs_in_with_the_shown_password(
    client, demo_accounts_on
):
    printed = loaddemo()
    people = [line.split() for line in printed.splitlines() if "@example.org" in line]
    assert {words[0] for words in people} >= set(STAFF_EMAILS.values())
    assert all(words[1] == DEMO_PASSWORD for words in people)
    assert "second factor" in printed  # staff are told they will enrol TOTP
    with translation.override("ar"):
        confirm_email_page = reverse("account_email_verification_sent")
    for email, *_rest in people:
        client.logout()
        response = sign_in(client, email, DEMO_PASSWORD)
        assert response.status_code == 302, email
        assert response["Location"] != confirm_email_page, email
        assert EmailAddress.objects.get(email=email).verified
    User = get_user_model()
    for role, email in STAFF_EMAILS.items():
        user = User.objects.get(email=email)
        assert user.is_staff and list(user.groups.values_list("name", flat=True)) == [role]


@pytest.mark.django_db
def test_a_demo_staff_member_is_signed_in_and_asked_to_enrol_an_authenticator_app(
    client, demo_accounts_on
):
    """What the README and the printout tell a newcomer."""
    loaddemo()
    sign_in(client, STAFF_EMAILS[roles.EDITORS], DEMO_PASSWORD)
    with translation.override("ar"):
        enrolment = reverse("mfa_activate_totp")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == enrolment
    assert client.get(enrolment).status_code == 200


@pytest.mark.django_db
def test_the_demo_applicant_and_participant_can_sign_in_to_their_own_things(
    client, demo_accounts_on
):
    loaddemo()
    response = sign_in(client, "demo-applicant@example.org", DEMO_PASSWORD)
    assert response.status_code == 302
    assert Application.objects.get(applicant__email="demo-applicant@example.org").state == (
        ApplicationState.SUBMITTED
    )
    page = client.get("/en/my/")
    assert "Women&#x27;s Cooperative Network of Catalonia" in page.content.decode()
    client.logout()
    sign_in(client, "demo-participant@example.org", DEMO_PASSWORD)
    registration = Registration.objects.get(user__email="demo-participant@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.event.title_en in client.get("/en/my/").content.decode()


@pytest.mark.django_db
def test_loaddemo_with_accounts_twice_gives_the_same_rows(demo_accounts_on):
    from tests.diplomacy.test_loaddemo import row_counts

    loaddemo()
    first = row_counts()
    loaddemo()
    assert row_counts() == first


@pytest.mark.django_db
def test_without_demo_accounts_setting_loaddemo_creates_none_and_refuses_when_asked():
    printed = loaddemo()
    assert "DEMO_ACCOUNTS is off" in printed
    assert not get_user_model().objects.filter(email__in=STAFF_EMAILS.values()).exists()
    with pytest.raises(CommandError, match="never in production"):
        call_command("loaddemo", "--accounts", stdout=StringIO())
    assert not get_user_model().objects.filter(email__in=STAFF_EMAILS.values()).exists()


def settings_value(module: str, expression: str, **environment: str):
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITE_URL", "PORT", "DEBUG", "DEMO_ACCOUNTS", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; print({expression})"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": module, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip


def test_production_never_allows_demo_accounts_even_when_the_environment_asks():
    from tests.diplomacy.test_settings import COMPLETE

    result = settings_value(
        "diplomacy.settings.production", "settings.DEMO_ACCOUNTS", **COMPLETE, DEMO_ACCOUNTS="true"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_allows_demo_accounts_only_while_debug_is_on():
    on = settings_value("diplomacy.settings.dev", "settings.DEMO_ACCOUNTS")
    off = settings_value("diplomacy.settings.dev", "settings.DEMO_ACCOUNTS", DEBUG="false")
    assert (on.stdout.strip(), off.stdout.strip()) == ("True", "False"), on.stderr + off.stderr


@pytest.mark.parametrize(
    ("environment", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8200"}, "http://127.0.0.1:8200"),
        ({"PORT": "8200", "SITE_URL": "https://demo.example.org/"}, "https://demo.example.org"),
    ],
)
def test_make_run_links_emails_to_the_port_it_serves_on(environment, site_url):
    result = settings_value("diplomacy.settings.dev", "settings.SITE_URL", **environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == site_url


def test_a_malformed_port_stops_start_up_with_one_line_naming_it():
    result = settings_value("diplomacy.settings.dev", "settings.SITE_URL", PORT="eighty")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: the environment variable PORT is malformed "
        "(invalid literal for int() with base 10: 'eighty')."
    ]


def test_make_run_passes_its_port_to_the_demo_loader_and_the_server():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8200"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    commands = dry_run.stdout.splitlines()
    assert "PORT=8200 .venv/bin/python manage.py runserver 127.0.0.1:8200" in commands
    assert "PORT=8200 .venv/bin/python manage.py loaddemo" in commands


@pytest.mark.django_db
def test_createsuperuser_makes_an_account_that_can_sign_in(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase")
    call_command("createsuperuser", interactive=False, email="owner@example.org", stdout=StringIO())
    address = EmailAddress.objects.get(email="owner@example.org")
    assert address.verified and address.primary
    response = sign_in(client, "owner@example.org", "a-long-admin-passphrase")
    assert response.status_code == 302
    with translation.override("ar"):
        assert response["Location"] != reverse("account_email_verification_sent")


def test_every_role_has_a_demo_account():
    assert set(STAFF_EMAILS) == set(roles.ROLE_PERMISSIONS)
