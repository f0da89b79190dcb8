import pytest
from django.urls import reverse
from django.utils import translation

from diplomacy.search.query import search_query_parse
from partners import search as partner_search
from partners.search import PartnerSearchProvider
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_portal_search_finds_only_listed_partners_by_any_script():
    listed = OrganizationFactory(
        name_ar="تعاونية نساء ديريك",
        name_en="Derik Women's Cooperative",
        name_latin="Kooperatîfa Jinên Dêrikê",
        description_en="Makes olive soap.",
        emails=["hidden@derik.example"],
    )
    OrganizationFactory(
        name_ar="تعاونية مخفية في ديريك",
        name_en="Hidden Derik Cooperative",
        directory_consent=False,
    )
    provider = PartnerSearchProvider()
    for query in ("ديريك", "Derik", "Dêrikê", "Dirik"):
        with translation.override("en"):
            results = provider.search(
                query=search_query_parse(query), language="en", offset=0, limit=10
            )
        assert [hit.title for hit in results.hits] == ["Derik Women's Cooperative"], query
        assert results.hits[0].url == f"/en/partners/{listed.slug}/"


def test_search_page_lists_partners_without_contact_data(client):
    OrganizationFactory(
        name_en="Amude Solidarity House", emails=["secret@amude.example"], description_en="A house."
    )
    with translation.override("en"):
        url = reverse("search")
    html = client.get(url, {"q": "Amude"}).content.decode()
    assert "Amude Solidarity House" in html
    assert "secret@amude.example" not in html


def test_portal_search_fetches_exact_matches_with_their_total_in_one_query(
    django_assert_num_queries,
):
    for number in range(3):
        OrganizationFactory(name_en=f"Kobani Bakers Cooperative {number}")
    OrganizationFactory(name_en="Kobani Bakery House")  # close, but not as typed
    provider = PartnerSearchProvider()
    with translation.override("en"), django_assert_num_queries(1):
        results = provider.search(
            query=search_query_parse("Bakers"), language="en", offset=0, limit=2
        )
    assert results.total == 3
    assert len(results.hits) == 2
    with translation.override("en"):
        beyond = provider.search(
            query=search_query_parse("Bakers"), language="en", offset=10, limit=2
        )
    # Past the last exact match: still the exact total, not the close matches.
    assert (beyond.total, beyond.hits) == (3, [])


def test_matches_are_counted_and_paged_among_the_first_in_name_order(monkeypatch):
    monkeypatch.setattr(partner_search, "MAX_LISTED", 3)
    for name in ["Delta Bakers", "Alpha Bakers", "Echo Bakers", "Charlie Bakers"]:
        OrganizationFactory(name_en=name)
    OrganizationFactory(name_en="Beta Tailors")  # not a match: neither counted nor listed
    provider = PartnerSearchProvider()
    query = search_query_parse("Bakers")
    with translation.override("en"):
        first = provider.search(query=query, language="en", offset=0, limit=2)
        second = provider.search(query=query, language="en", offset=2, limit=2)
        beyond = provider.search(query=query, language="en", offset=4, limit=2)
    # «Echo Bakers» is fourth in name order, past the cap: not listed, not counted.
    assert (first.total, first.capped) == (3, True)
    assert [hit.title for hit in first.hits] == ["Alpha Bakers", "Charlie Bakers"]
    assert [hit.title for hit in second.hits] == ["Delta Bakers"]
    assert (beyond.total, beyond.capped, beyond.hits) == (3, True, [])


def test_portal_search_finds_close_matches_in_the_same_single_query(django_assert_num_queries):
    OrganizationFactory(name_en="Kobani Bakers Cooperative")
    OrganizationFactory(name_en="Kobani Tailors House")
    provider = PartnerSearchProvider()
    query = search_query_parse("Kobani Bakrs")  # misspelled: nothing matches as typed
    with translation.override("en"), django_assert_num_queries(1):
        results = provider.search(query=query, language="en", offset=0, limit=5)
    assert [hit.title for hit in results.hits] == ["Kobani Bakers Cooperative"]
    assert (results.total, results.capped) == (1, False)
    with translation.override("en"):
        beyond = provider.search(query=query, language="en", offset=5, limit=5)
    assert (beyond.total, beyond.capped, beyond.hits) == (1, False, [])
