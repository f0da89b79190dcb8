"""The portal search finds places of North and East Syria in any script and spelling,
on Arabic and English pages, on PostgreSQL and in the SQLite branch of `make run`."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from diplomacy.search.query import search_query_parse
from partners.search import PartnerSearchProvider
from programs.search import ProgramSearchProvider
from publications import search
from tests.partners.factories import OrganizationFactory
from tests.publications.factories import published_publication

pytestmark = pytest.mark.django_db

QAMISHLO = ("قامشلي", "القامشلي", "Qamishli", "Kamishli", "Qamişlo")
KOBANI = ("Kobane", "Kobanî", "عين العرب", "كوباني")


@pytest.fixture(params=["postgresql", "sqlite"])
def database_branch(request, monkeypatch):
    if request.param == "sqlite":
        import partners.selectors

        monkeypatch.setattr(search, "connection", SimpleNamespace(vendor="sqlite"))
        monkeypatch.setattr(partners.selectors, "connection", SimpleNamespace(vendor="sqlite"))
    return request.param


@pytest.fixture
def place_articles():
    published_publication(
        title_ar="مدارس الكبار",
        title_en="Adult schools",
        body_ar="<p>زار الوفد مدارس تعليم الكبار في قامشلو.</p>",
        body_en="<p>The delegation visited adult-education schools in Qamishlo.</p>",
    )
    published_publication(
        title_ar="إعادة الإعمار",
        title_en="Rebuilding",
        body_ar="<p>ما زالت كوباني تعيد بناء أحيائها.</p>",
        body_en="<p>Kobani is still rebuilding its neighborhoods.</p>",
    )


def titles(query: str, language: str) -> list[str]:
    results = search.PublicationSearchProvider().search(
        query=search_query_parse(query), language=language, offset=0, limit=50
    )
    return [hit.title for hit in results.hits]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_each_spelling_finds_the_article_written_with_another(
    database_branch, place_articles, language
):
    adult, rebuilding = {
        "ar": ("مدارس الكبار", "إعادة الإعمار"),
        "en": ("Adult schools", "Rebuilding"),
    }[language]
    for typed in QAMISHLO:
        found = titles(typed, language)
        assert adult in found and rebuilding not in found, (typed, found)
    for typed in KOBANI:
        found = titles(typed, language)
        assert rebuilding in found and adult not in found, (typed, found)


def test_the_search_page_marks_the_spelling_the_center_used(client, place_articles):
    with translation.override("en"):
        url = reverse("search")
    page = client.get(url, {"q": "Kobane"}).content.decode()
    assert "Rebuilding" in page
    assert "<mark>Kobani</mark>" in page


@pytest.mark.parametrize("language", ["ar", "en"])
def test_partners_are_found_by_any_spelling_of_their_town(database_branch, language):
    OrganizationFactory(name_ar="اتحاد معلمي قامشلو", name_en="Qamishlo Teachers Union")
    OrganizationFactory(name_ar="جمعية نساء عين العرب", name_en="Women's Association of Kobani")
    provider = PartnerSearchProvider()

    def names(typed):
        with translation.override(language):
            results = provider.search(
                query=search_query_parse(typed), language=language, offset=0, limit=50
            )
        return [hit.title for hit in results.hits]

    teachers = {"ar": "اتحاد معلمي قامشلو", "en": "Qamishlo Teachers Union"}[language]
    women = {"ar": "جمعية نساء عين العرب", "en": "Women's Association of Kobani"}[language]
    for typed in (*QAMISHLO, "Qamishli teachers", "معلمي القامشلي"):
        assert teachers in names(typed) and women not in names(typed), typed
    for typed in (*KOBANI, "نساء كوباني", "Kobane women"):
        assert women in names(typed) and teachers not in names(typed), typed


def test_programs_are_found_by_any_spelling_of_their_town():
    """The demo exchange's description says «قامشلو» and "Qamishlo"."""
    provider = ProgramSearchProvider()
    for language, typed in (("ar", "قامشلي"), ("ar", "Qamishli"), ("en", "القامشلي")):
        results = provider.search(
            query=search_query_parse(typed), language=language, offset=0, limit=50
        )
        assert any("knowledge" in hit.url for hit in results.hits), (language, typed)
