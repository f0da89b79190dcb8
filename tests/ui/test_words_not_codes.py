"""Arabic pages speak Arabic: validator messages, the admin's scripts, histories and
language names come in words of the reader's language, not English or codes; English
pages carry no Arabic punctuation."""

import json
import re
from pathlib import Path

import django
import pytest
from django.contrib.auth import password_validation
from django.utils import translation

from delegations import services
from delegations.models import ApplicationState
from diplomacy.audit.actions import ACTION_LABELS
from tests.delegations.conftest import make_coordinator
from tests.delegations.factories import ApplicationFactory
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"%(\(\w+\))?[sd]")
ADMIN_SCRIPTS = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "js"


@pytest.mark.parametrize("password", ["1234", "password", "12345678901"])
def test_password_validator_messages_are_in_arabic(password):
    user = UserFactory.build(email="someone@example.org")
    with translation.override("ar"):
        try:
            password_validation.validate_password(password, user)
        except django.core.exceptions.ValidationError as error:
            messages = error.messages
        else:
            pytest.fail("the password was accepted")
        help_texts = password_validation.password_validators_help_texts()
    for message in [*messages, *help_texts]:
        assert not LATIN_WORD.search(message), message


def test_signup_with_a_short_password_answers_in_arabic(client):
    response = client.post(
        "/ar/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "1a",
            "password2": "1a",
            "preferred_language": "ar",
        },
    )
    errors = re.search(r'id="id_password1_error">(.*?)</ul>', response.content.decode()).group(1)
    assert "قصيرة" in errors
    assert not LATIN_WORD.search(re.sub("<[^>]+>", "", errors)), errors


def _admin_script_texts() -> set[str]:
    """The catalogue keys of the texts the admin's scripts translate ("context\x04text"
    for pgettext)."""
    keys = set()
    call = re.compile(
        r"""\b(n?gettext|pgettext)\(\s*(['"])(.*?)(?<!\\)\2(?:\s*,\s*(['"])(.*?)(?<!\\)\4)?"""
    )
    for script in ADMIN_SCRIPTS.rglob("*.js"):
        if "vendor" in script.parts:
            continue
        for match in call.finditer(script.read_text()):
            kind, first, second = match.group(1), match.group(3), match.group(5)
            key = f"{first}\x04{second}" if kind == "pgettext" else first
            if (key and second != "") or kind != "pgettext":
                keys.add(key.replace("\\'", "'").replace('\\"', '"'))
    return keys


def _served_catalogue(client) -> dict:
    script = client.get("/admin/jsi18n/").content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});", script, re.S)
    return json.loads(found.group(1)) if found else {}


def test_the_admin_scripts_catalogue_is_arabic_for_an_arabic_staff_member(client):
    client.force_login(StaffFactory(is_superuser=True, preferred_language="ar"))
    catalogue = _served_catalogue(client)
    keys = _admin_script_texts()
    assert "Choose all %s" in keys and "abbrev. month January\x04Jan" in keys
    # A text missing from the catalogue is shown by the scripts as it is: in English.
    assert sorted(keys - catalogue.keys()) == []
    assert catalogue["Choose all %s"] == "اختيار كل %s"
    for key in keys:
        translated = catalogue[key] if isinstance(catalogue[key], list) else [catalogue[key]]
        for text in translated:
            assert not LATIN_WORD.search(PLACEHOLDER.sub("", text)), (key, text)


def test_the_admin_scripts_catalogue_is_english_for_an_english_staff_member(client):
    client.force_login(StaffFactory(is_superuser=True, preferred_language="en"))
    assert _served_catalogue(client) == {}


# An audit action's code: "app.what" (argparse's action="store_true" is no audit action).
ACTION_ARGUMENT = re.compile(r'action=\s*"(\w+\.[\w.]+)"(?:\s+if\s+\w+\s+else\s+"(\w+\.[\w.]+)")?')


def _source_action_codes() -> set[str]:
    """Every audit action the code records: literal ones, and those built from names."""
    codes = set()
    for folder in ("diplomacy", "delegations", "programs", "partners", "publications"):
        for source in (ROOT / folder).rglob("*.py"):
            if "migrations" not in source.parts:
                for match in ACTION_ARGUMENT.finditer(source.read_text()):
                    codes.update(code for code in match.groups() if code)
    codes.update(f"delegations.application.{name}" for name in services.TRANSITIONS)
    codes.update(
        f"partners.{model}_{change}"  # partners/admin.py: the organization's inlines
        for model in ("affiliation", "agreement", "interaction")
        for change in ("added", "changed", "deleted")
    )
    return codes


def test_every_audit_action_has_words():
    codes = _source_action_codes()
    assert "translation.job_created" in codes and "partners.contact_added" in codes
    assert sorted(codes - ACTION_LABELS.keys()) == []
    with translation.override("ar"):
        for code, label in ACTION_LABELS.items():
            assert not LATIN_WORD.search(str(label)), code


def test_the_review_history_shows_steps_in_words(client):
    coordinator = make_coordinator(lead=True, preferred_language="ar")
    application = ApplicationFactory(applicant=UserFactory(preferred_language="ar"))
    services.application_draft_get_or_create(applicant=application.applicant)
    services.application_submit(application=application, actor=application.applicant)
    services.application_start_review(application=application, actor=coordinator)
    client.force_login(coordinator)
    html = client.get(f"/ar/delegations/review/{application.pk}/").content.decode()
    history = re.search(r'<ol class="history">(.*?)</ol>', html, re.S).group(1)
    assert "delegations." not in history
    assert "إرسال الطلب" in history and "بدء المراجعة" in history
    application.refresh_from_db()
    assert application.state == ApplicationState.UNDER_REVIEW


def test_the_audit_admin_lists_actions_in_words(client):
    application = ApplicationFactory()
    services.application_submit(application=application, actor=application.applicant)
    client.force_login(StaffFactory(is_superuser=True, preferred_language="ar"))
    html = client.get("/admin/audit/auditentry/").content.decode()
    assert "إرسال الطلب" in html
    assert "delegations.application.submit<" not in html
    assert ">delegations.application.submit" not in html


def test_the_translation_dashboard_names_languages_in_the_readers_language(client):
    from django.contrib.auth.models import Permission

    staff = StaffFactory(preferred_language="ar")
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="translation"))
    client.force_login(staff)
    html = client.get("/ar/staff/translation/dashboard/").content.decode()
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert "English" not in head and "الإنجليزية" in head
    assert "<ul" not in re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_english_application_pages_carry_no_arabic_punctuation(client):
    from tests.delegations.factories import MemberFactory

    applicant = UserFactory(preferred_language="en")
    submitted = ApplicationFactory(applicant=applicant)
    MemberFactory(application=submitted)
    services.application_submit(application=submitted, actor=applicant)
    services.message_post(application=submitted, author=applicant, body="Hello")
    draft = ApplicationFactory(applicant=applicant)
    MemberFactory(application=draft)
    client.force_login(applicant)
    for path in (
        f"/en/delegations/applications/{submitted.pk}/",
        f"/en/delegations/apply/{draft.pk}/confirm/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        text = re.sub(r"<[^>]+>", " ", response.content.decode())
        assert not re.search("[،؛؟]", text), (path, re.findall(".{30}[،؛؟].{10}", text))


APPS_WITH_CATALOGUES = [
    "django/conf",
    "django/contrib/admin",
    "django/contrib/auth",
    "django/contrib/contenttypes",
    "django/contrib/sites",
    "allauth",
    "django_countries",
]


@pytest.mark.parametrize("app", APPS_WITH_CATALOGUES)
def test_every_text_of_django_and_its_apps_has_an_arabic_translation(app):
    """A text an app's Arabic catalogue lacks must be in ours (diplomacy/catalogue_gaps.py):
    fails when an upgrade brings new texts."""
    import polib

    site_packages = Path(django.__file__).parent.parent
    english = polib.pofile(str(site_packages / app / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    arabic = polib.pofile(str(site_packages / app / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    ours = polib.pofile(str(ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    translated = {
        (entry.msgctxt, entry.msgid)
        for catalogue in (arabic, ours)
        for entry in catalogue
        if entry.translated() and not entry.obsolete and "fuzzy" not in entry.flags
    }
    missing = [
        entry.msgid
        for entry in english
        if not entry.obsolete and (entry.msgctxt, entry.msgid) not in translated
    ]
    # Django's own minimum-length message is ours to word (accounts/password_validation.py).
    missing = [text for text in missing if not text.startswith("This password is too short")]
    assert missing == []


def test_admin_yes_no_icons_are_named_in_the_readers_language(client):
    client.force_login(StaffFactory(is_superuser=True, preferred_language="ar"))
    html = client.get("/admin/accounts/user/").content.decode()
    alternatives = set(re.findall(r'<img src="[^"]*icon-(?:yes|no)\.svg" alt="([^"]*)"', html))
    assert alternatives and alternatives <= {"نعم", "لا"}, alternatives
