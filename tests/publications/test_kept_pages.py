"""The article and the publication list are read and rendered once per generation of the
public pages (PUBLIC_DATA_CACHE, on in production): a second visit costs no query, yet
an edit, a withdrawal or a new translation shows at once, and a browser's copy of an
article is reused (304) only while the article is unchanged."""

import pytest
from django.urls import reverse
from django.utils import translation

from publications import services
from tests.publications.factories import published_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.PUBLIC_DATA_CACHE = True
    from diplomacy.pagecache import public_pages_changed

    public_pages_changed()  # nothing kept by an earlier test run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes as a request makes them: the generation is bumped once they commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def list_url(language: str) -> str:
    with translation.override(language):
        return reverse("publications:list")


def edit(publication, editor, **fields):
    before = services.PublicationSnapshot.of(publication)
    for name, value in fields.items():
        setattr(publication, name, value)
    services.publication_save(publication=publication, before=before, actor=editor)


def test_a_kept_article_costs_no_query_and_an_edit_shows_at_once(
    client, kept, committed, editor, django_assert_num_queries
):
    with committed():
        publication = published_publication(summary_en="Summary before the edit")
    path = publication.get_absolute_url("en")
    assert "Summary before the edit" in client.get(path).content.decode()
    assert "Summary before the edit" in client.get(list_url("en")).content.decode()
    with django_assert_num_queries(0):
        assert "Summary before the edit" in client.get(path).content.decode()
    with django_assert_num_queries(0):
        assert "Summary before the edit" in client.get(list_url("en")).content.decode()

    with committed():
        edit(publication, editor, summary_en="Summary after the edit", body_en="<p>New text</p>")

    article = client.get(path).content.decode()
    assert "Summary after the edit" in article and "New text" in article
    assert "Summary before the edit" not in article
    listing = client.get(list_url("en")).content.decode()
    assert "Summary after the edit" in listing and "Summary before the edit" not in listing


def test_a_withdrawn_version_is_gone_at_once(client, kept, committed, editor):
    with committed():
        publication = published_publication(title_en="Soon withdrawn")
    path = publication.get_absolute_url("en")
    for _ in range(2):
        assert client.get(path).status_code == 200
        assert "Soon withdrawn" in client.get(list_url("en")).content.decode()

    with committed():
        services.publication_unpublish(publication=publication, language="en", actor=editor)

    assert client.get(path).status_code == 410
    assert "Soon withdrawn" not in client.get(list_url("en")).content.decode()


def test_a_new_translation_shows_at_once(client, kept, committed, editor):
    with committed():
        publication = published_publication(languages=("ar",), title_en="Now in English")
    english, arabic = publication.get_absolute_url("en"), publication.get_absolute_url("ar")
    for _ in range(2):
        assert "has not been published in this language yet" in client.get(english).content.decode()
        assert f'hreflang="en" href="http://testserver{english}"' not in (
            client.get(arabic).content.decode()
        )

    with committed():
        services.publication_submit_for_review(publication=publication, language="en", actor=editor)
        services.publication_publish(publication=publication, language="en", actor=editor)

    page = client.get(english).content.decode()
    assert "Now in English" in page and "has not been published" not in page
    assert f'hreflang="en" href="http://testserver{english}"' in client.get(arabic).content.decode()
    assert "Now in English" in client.get(list_url("en")).content.decode()


def test_an_unchanged_article_answers_304_without_running_the_view(
    client, kept, committed, django_assert_num_queries
):
    with committed():
        publication = published_publication()
    path = publication.get_absolute_url("ar")
    first = client.get(path)
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_the_page_cache_answers_304_to_the_etag_the_article_gave(client, kept, committed, settings):
    settings.PAGE_CACHE_SECONDS = 600
    with committed():
        publication = published_publication()
    path = publication.get_absolute_url("en")
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss"
    client.cookies.clear()
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again["X-Page-Cache"]) == (304, "hit")


def test_an_old_etag_no_longer_answers_304_after_an_edit(client, kept, committed, editor):
    with committed():
        publication = published_publication()
    path = publication.get_absolute_url("ar")
    old = client.get(path)["ETag"]
    with committed():
        edit(publication, editor, body_ar="<p>نص جديد بعد التعديل</p>")
    again = client.get(path, HTTP_IF_NONE_MATCH=old)
    assert again.status_code == 200
    assert "نص جديد بعد التعديل" in again.content.decode()
    assert again["ETag"] != old


def test_a_change_elsewhere_on_the_page_renews_the_etag(client, kept, committed):
    """A sector's name shows on the article without being part of its row."""
    from diplomacy.taxonomy.models import Sector

    sector = Sector.objects.create(slug="water", name_ar="المياه", name_en="Water")
    with committed():
        publication = published_publication()
        publication.sectors.add(sector)
    path = publication.get_absolute_url("en")
    old = client.get(path)["ETag"]
    with committed():
        sector.name_en = "Water and irrigation"
        sector.save()
    again = client.get(path, HTTP_IF_NONE_MATCH=old)
    assert again.status_code == 200 and "Water and irrigation" in again.content.decode()


def test_a_new_release_renews_the_etag(client, kept, committed, monkeypatch):
    with committed():
        publication = published_publication()
    path = publication.get_absolute_url("ar")
    old = client.get(path)["ETag"]
    for module in ("publications.views", "publications.selectors"):
        monkeypatch.setattr(f"{module}.code_version", lambda: "the-next-release")
    assert client.get(path, HTTP_IF_NONE_MATCH=old).status_code == 200


def test_the_etag_of_one_host_is_not_valid_on_another(client, kept, committed, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    with committed():
        publication = published_publication()
    path = publication.get_absolute_url("ar")
    etag = client.get(path)["ETag"]  # its absolute links name testserver
    assert client.get(path, HTTP_IF_NONE_MATCH=etag, HTTP_HOST="mirror.example").status_code == 200


def test_a_signed_in_person_is_never_answered_from_a_visitors_etag(client, kept, committed, user):
    with committed():
        publication = published_publication()
    path = publication.get_absolute_url("ar")
    visitors = client.get(path)["ETag"]
    client.force_login(user)
    response = client.get(path, HTTP_IF_NONE_MATCH=visitors)
    assert response.status_code == 200
    assert response.get("ETag") != visitors


def test_without_the_public_data_cache_the_body_decides(client, settings, committed):
    settings.PUBLIC_DATA_CACHE = False
    with committed():
        publication = published_publication()
    path = publication.get_absolute_url("ar")
    first = client.get(path)
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_made_up_slug_is_not_kept(client, kept):
    """Made-up addresses cannot grow Redis: a slug naming nothing is asked again."""
    path = "/en/publications/not-yet-a-publication/"
    assert client.get(path).status_code == 404
    # Written without running its commit hooks: the generation stays the same.
    publication = published_publication(languages=("en",), title_en="Not yet a publication")
    assert publication.get_absolute_url("en") == path
    assert client.get(path).status_code == 200


def test_a_withdrawn_neighbour_leaves_the_related_block_at_once(client, kept, committed, editor):
    from diplomacy.taxonomy.models import Sector

    sector = Sector.objects.create(slug="health", name_ar="الصحة", name_en="Health")
    with committed():
        neighbour = published_publication(title_en="The neighbour")
        neighbour.sectors.add(sector)
        publication = published_publication(title_en="The article")
        publication.sectors.add(sector)
    path = publication.get_absolute_url("en")
    for _ in range(2):
        assert "The neighbour" in client.get(path).content.decode()

    with committed():
        services.publication_unpublish(publication=neighbour, language="en", actor=editor)

    assert "The neighbour" not in client.get(path).content.decode()
