import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from tests.publications.factories import published_publication
from tests.sitemaps import sitemap_entries

pytestmark = pytest.mark.django_db


def feed_url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize("name", ["publications:feed_rss", "publications:feed_atom"])
def test_feeds_list_the_versions_of_their_language(client, name):
    both = published_publication(title_ar="منشور باللغتين", title_en="In both languages")
    arabic_only = published_publication(
        languages=("ar",), title_ar="بالعربية وحدها", title_en="Not yet"
    )
    arabic = feedparser.parse(client.get(feed_url(name, "ar")).content)
    english = feedparser.parse(client.get(feed_url(name, "en")).content)
    assert not arabic.bozo and not english.bozo
    assert (
        arabic.feed.language == "ar" or arabic.feed.get("language") == "ar" or name.endswith("atom")
    )
    arabic_titles = [entry.title for entry in arabic.entries]
    english_titles = [entry.title for entry in english.entries]
    assert "منشور باللغتين" in arabic_titles and "بالعربية وحدها" in arabic_titles
    assert english_titles[: len(english_titles)].count("In both languages") == 1
    assert "Not yet" not in english_titles
    links = {entry.title: entry.link for entry in arabic.entries}
    assert links["بالعربية وحدها"].endswith(arabic_only.get_absolute_url("ar"))
    links = {entry.title: entry.link for entry in english.entries}
    assert links["In both languages"].endswith(both.get_absolute_url("en"))


def test_sitemap_lists_each_published_version_with_hreflang_alternates(client):
    both = published_publication(title_en="Both versions")
    arabic_only = published_publication(languages=("ar",), title_en="Draft only")
    entries = sitemap_entries(client)
    base = "https://civil-diplomacy.org" if any(k.startswith("https") for k in entries) else None
    locations = {loc.split("://", 1)[1].split("/", 1)[1] for loc in entries}
    assert both.get_absolute_url("ar").lstrip("/") in locations
    assert both.get_absolute_url("en").lstrip("/") in locations
    assert arabic_only.get_absolute_url("ar").lstrip("/") in locations
    assert arabic_only.get_absolute_url("en").lstrip("/") not in locations
    for loc, alternates in entries.items():
        if loc.endswith(both.get_absolute_url("ar")):
            assert alternates["ar"].endswith(both.get_absolute_url("ar"))
            assert alternates["en"].endswith(both.get_absolute_url("en"))
        if loc.endswith(arabic_only.get_absolute_url("ar")):
            assert alternates == {}
    assert base is None or all(loc.startswith(base) for loc in entries)
