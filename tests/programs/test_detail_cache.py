"""A program's page is rendered once per language and generation of the public pages
(PUBLIC_DATA_CACHE, on in production) for everyone without a registration for its
sessions: a participant's own registration and session link are never shared, and the
page follows time alone (a registration closes, a session ends) and edits at once."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from diplomacy.pagecache import public_pages_changed
from tests.factories import UserFactory
from tests.programs.factories import EventFactory, ProgramFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
SECRET_LINK = "https://meet.example.org/secret-room"


@pytest.fixture(autouse=True)
def public_data_cache(settings):
    settings.PUBLIC_DATA_CACHE = True
    public_pages_changed()  # nothing kept by another test, whose rows were rolled back


def detail(client: Client, slug: str) -> str:
    with translation.override("en"):
        path = reverse("programs:detail", kwargs={"slug": slug})
    return client.get(path).content.decode()


def test_a_participants_own_registration_is_never_shared(client):
    event = EventFactory(program=ProgramFactory(slug="shared"), online_url=SECRET_LINK)
    participant = RegistrationFactory(event=event).user
    client.force_login(participant)
    for _ in range(2):
        theirs = detail(client, "shared")
        assert SECRET_LINK in theirs and "Your registration: Confirmed" in theirs
    someone_else = Client()
    someone_else.force_login(UserFactory())
    for reader in (Client(), someone_else, Client()):
        page = detail(reader, "shared")
        assert SECRET_LINK not in page and "Your registration" not in page
        assert "The link is sent to confirmed participants." in page
    assert SECRET_LINK in detail(client, "shared")


def test_the_page_follows_time_alone(client, monkeypatch):
    now = timezone.now()
    EventFactory(
        program=ProgramFactory(slug="timely"),
        starts_at=now + timedelta(hours=2),
        ends_at=now + timedelta(hours=3),
        registration_closes_at=now + timedelta(hours=1),
    )
    for _ in range(2):
        page = detail(client, "timely")
        assert ">Register<" in page and "Registration is closed." not in page
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=1, seconds=1))
    assert "Registration is closed." in detail(client, "timely")
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=3, seconds=1))
    assert "This session has taken place." in detail(client, "timely")


def test_an_edit_shows_at_once(client, django_capture_on_commit_callbacks):
    event = EventFactory(program=ProgramFactory(slug="edited"), title_en="Opening seminar")
    for _ in range(2):
        assert "Opening seminar" in detail(client, "edited")
    event.title_en = "Opening conference"
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
    assert "Opening conference" in detail(client, "edited")
