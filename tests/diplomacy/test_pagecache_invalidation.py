"""The page cache follows the models the apps declare public (portal.py), and only them."""

import pytest

from diplomacy.pagecache import public_pages_generation
from diplomacy.pages.models import Page
from tests.partners.factories import InteractionFactory, OrganizationFactory
from tests.programs.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def generation(settings, django_capture_on_commit_callbacks):
    """Runs a change and tells how much the public pages' generation moved."""
    settings.PAGE_CACHE_SECONDS = 600

    def moved(change) -> int:
        before = public_pages_generation()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return public_pages_generation() - before

    return moved


def test_a_public_model_saved_anywhere_empties_the_page_cache(generation):
    about = Page.objects.get(key=Page.ABOUT)
    assert generation(about.save) >= 1
    organization = OrganizationFactory()
    assert generation(organization.delete) >= 1


def test_a_staff_only_model_empties_nothing(generation):
    organization = OrganizationFactory()
    assert generation(lambda: InteractionFactory(organization=organization)) == 0


def test_only_the_declared_fields_of_a_partly_public_model_count(generation):
    registration = RegistrationFactory()
    registration.attended = True
    assert generation(lambda: registration.save(update_fields=["attended"])) == 0
    registration.status = registration.Status.CANCELLED
    assert generation(lambda: registration.save(update_fields=["status"])) >= 1
