"""The home page's sections are rendered once per language and generation of the public
pages (PUBLIC_DATA_CACHE, on in production): an edit shows at once, a session leaves the
upcoming ones when it ends, and a signed-in person's header never comes from a cache
shared with others."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from diplomacy.pagecache import public_pages_changed
from diplomacy.pages.models import Page
from tests.factories import StaffFactory
from tests.programs.factories import EventFactory, ProgramFactory
from tests.publications.factories import published_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_data_cache(settings):
    settings.PUBLIC_DATA_CACHE = True
    public_pages_changed()  # nothing kept by another test, whose rows were rolled back


def home(client: Client) -> str:
    return client.get("/en/").content.decode()


def test_an_edit_of_the_home_page_shows_at_once(
    client, public_data_cache, django_capture_on_commit_callbacks
):
    assert "A warmer welcome" not in home(client)
    assert "A warmer welcome" not in home(client)  # from the cache this time
    page = Page.objects.get(key=Page.HOME)
    page.title_en = "A warmer welcome"
    with django_capture_on_commit_callbacks(execute=True):
        page.save()
    assert "<h1>A warmer welcome</h1>" in home(client)


def test_a_new_publication_and_a_new_session_show_at_once(
    client, public_data_cache, django_capture_on_commit_callbacks
):
    for _ in range(2):
        html = home(client)
        assert "Fresh off the press" not in html and "Session announced today" not in html
    with django_capture_on_commit_callbacks(execute=True):
        published_publication(title_en="Fresh off the press")
    assert "Fresh off the press" in home(client)
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(
            title_en="Session announced today",
            starts_at=timezone.now() - timedelta(days=60),
            ends_at=timezone.now() + timedelta(days=1),
        )
    assert "Session announced today" in home(client)


def test_a_session_leaves_the_upcoming_ones_when_it_ends(
    client, public_data_cache, django_capture_on_commit_callbacks, monkeypatch
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(
            title_en="Session ending within the hour",
            starts_at=now - timedelta(days=60),
            ends_at=now + timedelta(hours=1),
        )
    assert "Session ending within the hour" in home(client)
    assert "Session ending within the hour" in home(client)
    # Nothing was edited: only time passed.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=1, seconds=1))
    assert "Session ending within the hour" not in home(client)


def header(html: str) -> str:
    return re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)


def test_a_signed_in_persons_header_never_comes_from_the_shared_cache(client, public_data_cache):
    visitor = Client()
    staff = StaffFactory(preferred_language="en")
    for _ in range(2):
        assert "/en/accounts/login/" in header(home(visitor))
    client.force_login(staff)
    for _ in range(2):
        theirs = header(home(client))
        assert "/en/accounts/login/" not in theirs
        assert "/en/accounts/logout/" in theirs and "/en/my/" in theirs
        assert "/en/staff/" in theirs and 'class="notifications-bell"' in theirs
    for _ in range(2):
        again = header(home(visitor))
        assert "/en/accounts/login/" in again
        assert "/en/accounts/logout/" not in again and "/en/my/" not in again
        assert "notifications-bell" not in again


@pytest.mark.parametrize(
    "path", ["/en/", "/ar/", "/en/about/", "/en/programs/", "/en/programs/calendar/"]
)
def test_a_page_asks_the_database_nothing_once_its_sections_are_kept(
    client, public_data_cache, django_assert_num_queries, path
):
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_a_program_page_asks_the_database_nothing_once_kept(
    client, public_data_cache, django_assert_num_queries
):
    EventFactory(program=ProgramFactory(slug="kept"))
    assert client.get("/en/programs/kept/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/en/programs/kept/").status_code == 200
