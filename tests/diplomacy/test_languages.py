"""Languages come from settings.LANGUAGES only: configure a third one and every place that
lists the site's languages follows (the switcher, hreflang alternates, the sitemap index),
while translated content keeps the columns it was created with."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils.translation import gettext_lazy

from diplomacy.languages import CONTENT_LANGUAGES, language_name, site_languages
from tests.sitemaps import sitemap_pages

pytestmark = pytest.mark.django_db

THREE_LANGUAGES = [
    ("ar", gettext_lazy("Arabic")),
    ("en", gettext_lazy("English")),
    ("ckb", "Central Kurdish"),
]


@pytest.fixture
def third_language():
    with override_settings(LANGUAGES=THREE_LANGUAGES):
        for cache in caches.all():
            cache.clear()  # the layout fragments hold the switcher of two languages
        yield
    for cache in caches.all():
        cache.clear()


def test_site_languages_and_their_names_follow_the_settings(third_language):
    assert site_languages() == ["ar", "en", "ckb"]
    assert language_name("ckb") == "Central Kurdish"
    assert CONTENT_LANGUAGES == ("ar", "en")  # columns are a schema, fixed at start-up


@pytest.mark.parametrize("path", ["/en/", "/ar/about/"])
def test_the_language_switcher_offers_the_third_language(client, third_language, path):
    html = client.get(path).content.decode()
    assert 'hreflang="ckb"' in html
    assert "/ckb/" in html


def test_the_sitemap_index_lists_a_section_in_the_third_language(client, third_language):
    pages = sitemap_pages(client)
    assert "/sitemap-pages-ckb.xml" in pages
    assert client.get("/sitemap-pages-ckb.xml").status_code == 200


def test_with_two_languages_nothing_mentions_a_third(client):
    assert 'hreflang="ckb"' not in client.get("/en/").content.decode()
