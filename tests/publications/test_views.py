import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from diplomacy.taxonomy.models import Region, Sector
from publications import services
from publications.models import Publication, PublicationImage
from tests.publications.factories import (
    AttachmentFactory,
    AuthorFactory,
    PublicationFactory,
    TagFactory,
    edited,
    published_publication,
)

pytestmark = pytest.mark.django_db


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_arabic_page_of_published_version(client):
    publication = published_publication(title_ar="لقاء مع التعاونيات في قامشلو")
    response = client.get(publication.get_absolute_url("ar"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "لقاء مع التعاونيات في قامشلو" in html
    assert publication.title_en not in html  # never English text under an Arabic page
    # The language switcher and hreflang go to the English version's own slug.
    english = publication.get_absolute_url("en")
    assert f'href="{english}"' in html
    assert f'hreflang="en" href="http://testserver{english}"' in html


def test_version_only_in_arabic_shows_a_notice_in_english(client):
    publication = published_publication(languages=("ar",), title_en="Draft English title")
    response = client.get(url("publications:detail", "en", slug=publication.slug_en))
    assert response.status_code == 200
    html = response.content.decode()
    assert "has not been published in this language yet" in html
    assert "Draft English title" not in html
    assert publication.get_absolute_url("ar") in html
    assert 'name="robots" content="noindex"' in html


def test_english_address_with_arabic_slug_shows_the_notice(client):
    publication = published_publication(languages=("ar",), title_en="", body_en="")
    response = client.get(url("publications:detail", "en", slug=publication.slug_ar))
    assert response.status_code == 200
    assert publication.title_ar in response.content.decode()  # as the link to the Arabic
    assert "has not been published in this language yet" in response.content.decode()


def test_other_language_slug_redirects_when_both_are_published(client):
    publication = published_publication()
    response = client.get(url("publications:detail", "ar", slug=publication.slug_en))
    assert response.status_code == 301
    assert response["Location"] == publication.get_absolute_url("ar")


def test_draft_is_not_found(client):
    publication = edited(PublicationFactory())
    assert client.get(publication.get_absolute_url("ar")).status_code == 404
    assert client.get(url("publications:detail", "ar", slug="no-such-thing")).status_code == 404


def test_withdrawn_version_answers_410(client, editor):
    publication = published_publication()
    services.publication_unpublish(publication=publication, language="ar", actor=editor)
    response = client.get(publication.get_absolute_url("ar"))
    assert response.status_code == 410
    # The English version is still there, and linked.
    assert publication.get_absolute_url("en") in response.content.decode()
    assert client.get(publication.get_absolute_url("en")).status_code == 200


def test_old_slug_redirects_to_the_current_one(client, editor):
    publication = published_publication(title_en="First title")
    old = publication.get_absolute_url("en")
    before = services.PublicationSnapshot.of(publication)
    publication.title_en = "Second title"
    services.publication_save(publication=publication, before=before, actor=editor)
    publication.refresh_from_db()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == publication.get_absolute_url("en")
    assert client.get(response["Location"]).status_code == 200


def test_preview_is_for_staff_only(client, editor, user):
    publication = edited(PublicationFactory(title_ar="مسودة للمعاينة"))
    preview = url("publications:preview", "ar", pk=publication.pk)
    assert "/accounts/login/" in client.get(preview)["Location"]
    client.force_login(user)
    assert client.get(preview).status_code == 403
    client.force_login(editor)
    response = client.get(preview)
    assert response.status_code == 200
    assert "مسودة للمعاينة" in response.content.decode()


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.scripts, self._in_ld = {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_data(self, data):
        if self._in_ld:
            self.scripts.append(data)
            self._in_ld = False


def test_open_graph_and_json_ld(client):
    publication = published_publication(
        kind=Publication.Kind.NEWS, title_en="Meeting </script><script>alert(1)</script>"
    )
    response = client.get(publication.get_absolute_url("en"))
    html = response.content.decode()
    head = _Head()
    head.feed(html)
    assert head.meta["og:title"].startswith("Meeting")
    assert head.meta["twitter:card"] == "summary"
    data = json.loads(head.scripts[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Meeting </script>")
    assert "<script>alert(1)" not in html
    assert f'rel="canonical" href="http://testserver{publication.get_absolute_url("en")}"' in html


@pytest.mark.parametrize("payload", ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>"])
def test_stored_text_is_escaped_or_sanitized_on_output(client, payload):
    publication = published_publication(
        title_en=f"Title {payload}", summary_en=payload, body_en=f"<p>Body</p>{payload}"
    )
    # Write around the model (no save()), as a raw import might.
    Publication.objects.filter(pk=publication.pk).update(body_en=f"<p>Body</p>{payload}")
    html = client.get(publication.get_absolute_url("en")).content.decode()
    assert "<script>alert" not in html
    assert not re.search(r"<img[^>]*onerror", html)


def _rich_publication(count: int) -> Publication:
    publication = published_publication()
    publication.authors.set(AuthorFactory.create_batch(count))
    publication.tags.set(TagFactory.create_batch(count))
    publication.sectors.set(Sector.objects.all()[:count])
    publication.regions.set(Region.objects.all()[:count])
    AttachmentFactory.create_batch(count, publication=publication)
    for _ in range(count):
        PublicationImage.objects.create(
            publication=publication, image="publications/x.png", width=10, height=10
        )
    related = published_publication()
    related.sectors.set(Sector.objects.all()[:1])
    # What the background job after an edit or publishing does (on commit).
    services.publications_related_refresh(publication_ids=[publication.pk])
    return publication


@pytest.mark.parametrize("count", [1, 20])
def test_detail_page_query_count_is_fixed(client, django_assert_num_queries, count):
    publication = _rich_publication(count)
    with django_assert_num_queries(6):
        response = client.get(publication.get_absolute_url("en"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') >= 1


@pytest.mark.parametrize("count", [1, 20])
def test_list_page_query_count_is_fixed(client, django_assert_num_queries, count):
    for _ in range(count):
        _rich_publication(count if count < 5 else 3)
    with django_assert_num_queries(4):
        response = client.get(url("publications:list", "ar"))
    assert response.status_code == 200


def test_list_filters(client):
    education = Sector.objects.get(slug="education")
    research = published_publication(kind=Publication.Kind.RESEARCH, title_en="Schools study")
    research.sectors.add(education)
    published_publication(kind=Publication.Kind.NEWS, title_en="Other news")
    response = client.get(url("publications:list", "en"), {"kind": "research"})
    html = response.content.decode()
    assert "Schools study" in html and "Other news" not in html
    response = client.get(url("publications:list", "en"), {"sector": "education"})
    assert "Schools study" in response.content.decode()
    assert "Other news" not in response.content.decode()
    # An unknown value is reported, not a server error.
    response = client.get(url("publications:list", "en"), {"kind": "poem", "year": "abc"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_list_shows_only_versions_published_in_the_page_language(client):
    published_publication(languages=("ar",), title_ar="منشور عربي فقط", title_en="Hidden English")
    arabic = client.get(url("publications:list", "ar")).content.decode()
    english = client.get(url("publications:list", "en")).content.decode()
    assert "منشور عربي فقط" in arabic
    assert "Hidden English" not in english and "منشور عربي فقط" not in english


def test_pages_use_logical_css_only():
    from pathlib import Path

    css = Path("static/css/site.css").read_text()
    assert not re.search(
        r"(margin|padding|border)-(left|right)\b|text-align:\s*(left|right)|float:\s*(left|right)",
        css,
    )
