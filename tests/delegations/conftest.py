import pytest
from django.contrib.auth.models import Group, Permission

from diplomacy.accounts.roles import DELEGATION_COORDINATORS
from tests.delegations.factories import ApplicationFactory
from tests.factories import StaffFactory, UserFactory


def make_coordinator(**kwargs):
    """A staff member in the Delegation coordinators role (permissions set here, so
    transactional tests that flushed the role groups get them too)."""
    group, _ = Group.objects.get_or_create(name=DELEGATION_COORDINATORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="delegations",
            codename__in=["review_application", "view_personal_data"],
        )
    )
    coordinator = StaffFactory(**kwargs)
    coordinator.groups.add(group)
    return coordinator


@pytest.fixture
def coordinator(db):
    return make_coordinator(preferred_language="en")


@pytest.fixture
def applicant(db):
    return UserFactory(preferred_language="ar")


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(applicant=applicant)


@pytest.fixture
def other_applicant(db):
    return UserFactory()
