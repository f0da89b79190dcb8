"""One set of content and one live server for all quality gates of a test session.

The gates only read, so they share content loaded once (committed, so the server thread
sees it) instead of reloading it per test. These tests use no `db` fixture, so pytest-django
runs them after the transactional tests; at the end the tables are flushed and the demo
content loaded again, as a transactional test leaves them.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.conftest import OUTPUT
from tests.quality.content import load_quality_content
from tests.quality.pages import KeyPage

QUALITY_OUTPUT = OUTPUT / "quality"
APPLICANT_EMAIL = "quality-applicant@example.org"


@dataclass
class QualitySite:
    url: str
    generated: list[str]

    def client(self, page: KeyPage) -> Client:
        """A Django test client, signed in as an applicant if the page needs it."""
        client = Client()
        if page.signed_in:
            from tests.factories import UserFactory

            client.force_login(UserFactory(email=APPLICANT_EMAIL))
        return client

    def session_cookie(self, page: KeyPage) -> list[dict]:
        """Browser cookies for the page: the applicant's session if it needs one."""
        if not page.signed_in:
            return []
        session = self.client(page).cookies[settings.SESSION_COOKIE_NAME].value
        return [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.url}]


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_createdb
):
    """The test database, also when only these tests run.

    pytest-django sets up databases for the tests that ask for `db`; these do not. In a
    whole-suite run the database is already set up (and demo content loaded) by then.
    """
    from django.db import connection
    from django.test.utils import setup_databases

    if connection.settings_dict["NAME"].startswith("test_"):
        return
    with django_db_blocker.unblock():
        setup_databases(
            verbosity=0,
            interactive=False,
            keepdb=django_db_keepdb and not django_db_createdb,
            aliases={"default"},
        )


@pytest.fixture(scope="session")
def quality_site(django_db_setup, django_db_blocker) -> Iterator[QualitySite]:
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        generated = load_quality_content()
    server = LiveServer("localhost:0")
    try:
        yield QualitySite(url=server.url, generated=generated)
    finally:
        server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddemo", stdout=StringIO())


@pytest.fixture(autouse=True)
def _quality_db_access(request, django_db_blocker):
    """The gates read the shared content from the test (to find pages) and the server.

    A test here with its own database (`django_db`, e.g. the rich-text round trip) runs
    in pytest-django's database phase, whose transactional tests flush the tables after
    each: the shared content loaded then would be gone before the gates read it.
    """
    if request.node.get_closest_marker("django_db") is not None:
        yield
        return
    request.getfixturevalue("quality_site")
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def quality_output() -> Path:
    QUALITY_OUTPUT.mkdir(parents=True, exist_ok=True)
    return QUALITY_OUTPUT
