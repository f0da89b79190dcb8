"""sitemap.xml is an index: every section in every language, every page of a long one."""

import pytest

from publications.selectors import publications_published
from publications.sitemaps import PublicationSitemap
from tests.publications.factories import published_publication
from tests.sitemaps import sitemap_entries, sitemap_pages

pytestmark = pytest.mark.django_db


def test_the_index_lists_each_contributed_section_in_each_language(client):
    pages = sitemap_pages(client)
    for section in ("pages", "publications", "programs"):
        for language in ("ar", "en"):
            assert f"/sitemap-{section}-{language}.xml" in pages


def test_a_long_section_is_split_into_pages_all_listed_and_all_served(client, monkeypatch):
    monkeypatch.setattr(PublicationSitemap, "limit", 2)
    arabic_only = [published_publication(languages=("ar",)) for _ in range(3)]
    both = [published_publication() for _ in range(2)]
    pages = sitemap_pages(client)
    for language in ("ar", "en"):
        count = publications_published(language=language).count()
        last = -(-count // 2)  # two a page
        assert last >= (3 if language == "ar" else 1)
        assert f"/sitemap-publications-{language}.xml?p={last}" in pages or last == 1
        assert f"/sitemap-publications-{language}.xml?p={last + 1}" not in pages
        assert client.get(f"/sitemap-publications-{language}.xml?p={last}").status_code == 200
    locations = {
        location.split("://", 1)[1].split("/", 1)[1] for location in sitemap_entries(client)
    }
    for publication in arabic_only + both:
        assert publication.get_absolute_url("ar").lstrip("/") in locations
    for publication in both:
        assert publication.get_absolute_url("en").lstrip("/") in locations


def test_an_unknown_section_or_page_is_not_found(client):
    assert client.get("/sitemap-nothing-ar.xml").status_code == 404
    assert client.get("/sitemap-publications-ar.xml?p=9").status_code == 404


def test_a_third_language_in_the_settings_gets_its_sections_and_alternates(client, settings):
    """Languages come from settings.LANGUAGES only: a third one (French, for the Brussels office) is listed where
    pages exist in it; publications, whose versions need columns, stay in ar and en."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    pages = sitemap_pages(client)
    assert "/sitemap-pages-fr.xml" in pages and "/sitemap-programs-fr.xml" in pages
    assert "/sitemap-publications-fr.xml" not in pages
    entries = sitemap_entries(client)
    home = next(alternates for location, alternates in entries.items() if location.endswith("/fr/"))
    assert set(home) == {"ar", "en", "fr"}
