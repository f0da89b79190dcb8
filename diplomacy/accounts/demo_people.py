"""Demo people for `make run`: one staff member per role, an applicant and a participant,
all with one shown password and a verified email, so a newcomer can sign in as anyone.

Accounts with a known password must never exist on a real portal: they are only made
when the settings allow them (`DEMO_ACCOUNTS`, on in the development settings while
DEBUG is, always off in production), and `loaddemo` refuses otherwise.
"""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from diplomacy.accounts import roles
from diplomacy.accounts.services import user_email_mark_verified

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - published on purpose, development only
APPLICANT_EMAIL = "demo-applicant@example.org"
PARTICIPANT_EMAIL = "demo-participant@example.org"
STAFF_EMAILS = {
    roles.ADMINISTRATORS: "demo-admin@example.org",
    roles.EDITORS: "demo-editor@example.org",
    roles.TRANSLATORS: "demo-translator@example.org",
    roles.PARTNERSHIPS: "demo-partnerships@example.org",
    roles.DELEGATION_COORDINATORS: "demo-coordinator@example.org",
    roles.HEAD_OF_DELEGATIONS: "demo-head-of-delegations@example.org",
    roles.PROGRAMS: "demo-programs@example.org",
}
MFA_NOTE = (
    "Staff accounts are asked to set up a second factor (an authenticator app, TOTP) "
    "at their first sign-in."
)


class DemoAccountsRefused(Exception):
    """The settings do not allow accounts with a known password."""


@dataclass(frozen=True)
class DemoPerson:
    email: str
    role: str
    password: str = DEMO_PASSWORD


def demo_accounts_allowed() -> bool:
    return bool(getattr(settings, "DEMO_ACCOUNTS", False))


def demo_people_load() -> list[DemoPerson]:
    """Create or refresh the demo people (idempotent) and return them, staff first."""
    if not demo_accounts_allowed():
        raise DemoAccountsRefused(
            "Demo accounts have a published password: they are only created when "
            "DEMO_ACCOUNTS is on (development settings), never in production."
        )
    people = []
    for role, email in STAFF_EMAILS.items():
        user = _person(email, first_name="Demo", last_name=role, is_staff=True)
        user.groups.set([Group.objects.get(name=role)])
        people.append(DemoPerson(email=email, role=role))
    applicant = _person(APPLICANT_EMAIL, first_name="Amina", last_name="Demo")
    people.append(DemoPerson(email=APPLICANT_EMAIL, role="Applicant (submitted application)"))
    participant = _person(PARTICIPANT_EMAIL, first_name="Rojin", last_name="Demo")
    people.append(DemoPerson(email=PARTICIPANT_EMAIL, role="Program participant"))
    # What they find once signed in (an application, a registration) comes from the apps'
    # demo modules, which loaddemo also reads: `load_for_demo_people(...)`.
    for _label, module in demo_modules():
        give = getattr(module, "load_for_demo_people", None)
        if give is not None:
            give(applicant=applicant, participant=participant)
    return people


def demo_modules() -> list[tuple[str, ModuleType]]:
    """(app label, `demo` module) of each installed app that has one, in INSTALLED_APPS
    order."""
    modules = []
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.demo"
        if find_spec(module_name) is not None:
            modules.append((app_config.label, import_module(module_name)))
    return modules


def demo_people_table(people: list[DemoPerson]) -> str:
    width = max(len(person.email) for person in people)
    lines = [
        f"Demo accounts (development only) — sign in at {settings.SITE_URL}/ar/accounts/login/:"
    ]
    lines += [f"  {person.email:<{width}}  {person.password}  {person.role}" for person in people]
    lines.append(f"  {MFA_NOTE}")
    return "\n".join(lines)


def _person(email: str, *, first_name: str, last_name: str, is_staff: bool = False):
    user, _created = get_user_model().objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": is_staff,
            "is_active": True,
        },
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user_email_mark_verified(user=user)
    return user
