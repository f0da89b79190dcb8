import pytest

from diplomacy.taxonomy.models import Region, Sector
from partners.models import Organization
from partners.selectors import (
    DirectoryFilters,
    close_match_column,
    directory_organizations,
    organization_search,
)
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def ours(queryset):
    """The demo content is loaded too: look only at this test's organizations."""
    return queryset.filter(slug__startswith="organization-")


@pytest.fixture
def organizations():
    return {
        "cooperative": OrganizationFactory(
            name_ar="تعاونيّة نساء الدرباسية",
            name_en="Darbasiyah Women's Cooperative",
            name_native="Kooperatîfa Jinên Dirbêsiyê",
            name_latin="Kooperatîfa Jinên Dirbêsiyê",
            kind=Organization.Kind.COOPERATIVE,
            region=Region.objects.get(slug="jazira"),
            sectors=[Sector.objects.get(slug="cooperatives")],
        ),
        "hospital": OrganizationFactory(
            name_ar="مستشفى الشعب في منبج",
            name_en="People's Hospital Manbij",
            kind=Organization.Kind.INSTITUTION,
            region=Region.objects.get(slug="manbij"),
            directory_consent=False,
        ),
        "brussels": OrganizationFactory(
            name_ar="",
            name_en="Mesopotamia Solidarity Brussels",
            name_latin="Solidarité Mésopotamie Bruxelles",
            country="BE",
            world_region=Organization.WorldRegion.EUROPE,
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الدرباسيه", "cooperative"),  # ة typed as ه
        ("تعاونية", "cooperative"),  # without the shadda
        ("Dirbesiye", "cooperative"),  # Kurdish without its accents
        ("Dirbêsiyê", "cooperative"),
        ("darbasiya", "cooperative"),  # a Latin spelling of the Arabic name
        ("Cooprative", "cooperative"),  # misspelled
        ("مستشفي", "hospital"),  # ى typed as ي
        ("منبج", "hospital"),
        ("Mésopotamie", "brussels"),
        ("mesopotamie bruxelles", "brussels"),
        ("Mesopotamya", "brussels"),  # misspelled
        ("الدرباسيبه", "cooperative"),  # misspelled in Arabic: trigrams, not the skeleton
        ("Cooprative الدرباسيه", "cooperative"),  # two scripts, one misspelled
    ],
)
def test_search_across_scripts_and_spellings(organizations, query, expected):
    found = list(organization_search(ours(Organization.objects.all()), query))
    assert found[0] == organizations[expected]


@pytest.mark.parametrize(
    ("query", "column"),
    [
        ("qamishlo jurnalists", "latin_words"),
        ("الدرباسيبه", "non_latin_words"),
        ("cooprative الدرباسيه", "search_text"),
    ],
)
def test_the_close_match_reads_the_words_of_the_querys_script(query, column):
    assert close_match_column(query) == column


def test_a_saved_organization_has_its_words_by_script(organizations):
    cooperative = Organization.objects.get(pk=organizations["cooperative"].pk)
    assert "dirbesiye" in cooperative.latin_words.split()
    assert "الدرباسيه" in cooperative.non_latin_words.split()
    assert "الدرباسيه" not in cooperative.latin_words
    assert "dirbêsiyê" not in cooperative.latin_words + cooperative.non_latin_words


def test_search_does_not_match_everything(organizations):
    assert list(organization_search(ours(Organization.objects.all()), "Kobani teachers")) == []


def test_directory_lists_only_consenting_organizations(organizations):
    listed = set(ours(directory_organizations(DirectoryFilters())))
    assert listed == {organizations["cooperative"], organizations["brussels"]}
    assert list(ours(directory_organizations(DirectoryFilters(query="منبج")))) == []


def test_directory_filters(organizations):
    assert list(ours(directory_organizations(DirectoryFilters(sector="cooperatives")))) == [
        organizations["cooperative"]
    ]
    assert list(ours(directory_organizations(DirectoryFilters(kind="cooperative")))) == [
        organizations["cooperative"]
    ]
    assert list(ours(directory_organizations(DirectoryFilters(region="jazira")))) == [
        organizations["cooperative"]
    ]
    assert list(ours(directory_organizations(DirectoryFilters(region="europe")))) == [
        organizations["brussels"]
    ]
