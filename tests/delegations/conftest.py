import pytest
from django.contrib.auth.models import Group, Permission

from diplomacy.accounts.roles import DELEGATION_COORDINATORS, HEAD_OF_DELEGATIONS
from tests.delegations.factories import ApplicationFactory
from tests.factories import StaffFactory, UserFactory


def make_coordinator(*, lead: bool = False, **kwargs):
    """A staff member in the Delegation coordinators role, or with `lead` the Head of
    delegations (permissions set here, so transactional tests that flushed the role
    groups get them too)."""
    codenames = ["review_application", "view_personal_data"]
    if lead:
        codenames += ["view_all_applications", "assign_application"]
    group, _ = Group.objects.get_or_create(
        name=HEAD_OF_DELEGATIONS if lead else DELEGATION_COORDINATORS
    )
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="delegations", codename__in=codenames)
    )
    coordinator = StaffFactory(**kwargs)
    coordinator.groups.add(group)
    return coordinator


@pytest.fixture
def coordinator(db):
    """Sees and assigns every application (the head of delegations); the plain
    coordinator's narrower view is tested with `make_coordinator()`."""
    return make_coordinator(lead=True, preferred_language="en")


@pytest.fixture
def applicant(db):
    return UserFactory(preferred_language="ar")


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(applicant=applicant)


@pytest.fixture
def other_applicant(db):
    return UserFactory()
