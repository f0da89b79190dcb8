"""The programs' listing is rendered once per language, day, filter and generation of
the public pages (PUBLIC_DATA_CACHE, on in production): a new program shows at once,
a program becomes current on the day it starts, each filter keeps its own listing, and
the calendar of upcoming sessions drops a session when it ends."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from diplomacy.pagecache import public_pages_changed
from programs.models import Program
from tests.programs.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_data_cache(settings):
    settings.PUBLIC_DATA_CACHE = True
    public_pages_changed()  # nothing kept by another test, whose rows were rolled back


def section(client, heading_id: str, query: str = "") -> str:
    html = client.get(f"/en/programs/{query}").content.decode()
    found = re.search(rf'<section aria-labelledby="{heading_id}">.*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_a_new_program_shows_at_once(client, django_capture_on_commit_callbacks):
    for _ in range(2):
        assert "A program just announced" not in section(client, "upcoming-programs")
    with django_capture_on_commit_callbacks(execute=True):
        ProgramFactory(title_en="A program just announced")
    assert "A program just announced" in section(client, "upcoming-programs")


def test_a_program_becomes_current_on_the_day_it_starts(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        program = ProgramFactory(title_en="Starting next week")
    for _ in range(2):
        assert "Starting next week" in section(client, "upcoming-programs")
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=8))
    assert timezone.localdate() > program.starts_on
    assert "Starting next week" in section(client, "current-programs")
    assert "Starting next week" not in section(client, "upcoming-programs")


def test_each_filter_keeps_its_own_listing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ProgramFactory(title_en="A cultural program", kind=Program.Kind.CULTURAL)
        ProgramFactory(title_en="A research program", kind=Program.Kind.RESEARCH)
    for _ in range(2):  # the second time from the cache
        cultural = section(client, "upcoming-programs", "?kind=cultural")
        assert "A cultural program" in cultural and "A research program" not in cultural
        research = section(client, "upcoming-programs", "?kind=research")
        assert "A research program" in research and "A cultural program" not in research
        everything = section(client, "upcoming-programs")
        assert "A research program" in everything and "A cultural program" in everything


def test_the_calendar_drops_a_session_when_it_ends(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(
            title_en="An evening lecture",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=1),
        )
    for _ in range(2):
        assert "An evening lecture" in client.get("/en/programs/calendar/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=1, seconds=1))
    assert "An evening lecture" not in client.get("/en/programs/calendar/").content.decode()
