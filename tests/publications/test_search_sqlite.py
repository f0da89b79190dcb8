"""The search of `make run` (SQLite, no tsvector) finds what PostgreSQL finds: words in
the body, with the same Arabic normalization, and places in any spelling."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from diplomacy.search.query import search_query_parse, text_matches_query
from publications import search
from tests.publications.factories import published_publication

ROOT = Path(__file__).resolve().parents[2]
CENTER_ARTICLE = "<p>أصدر مركز الدبلوماسية المجتمعية تقريره السنوي عن الزيارات.</p>"


# Matching reads the lexicon of irregular forms, kept in the database.
@pytest.mark.django_db
def test_a_word_of_the_body_is_found_in_an_in_memory_corpus():
    corpus = {
        "center": "تقرير سنوي. أصدر مركز الدبلوماسية المجتمعية تقريره.",
        "other": "لقاء مع التعاونيات الزراعية.",
    }
    for typed in ("الدبلوماسية", "الدبلوماسيه", "الدِّبلوماسيّة", "دبلوماسية المجتمعيه"):
        query = search_query_parse(typed)
        assert [key for key, text in corpus.items() if text_matches_query(query, text)] == [
            "center"
        ], typed


@pytest.fixture
def without_postgresql(monkeypatch):
    """The providers take their SQLite branch, as under `make run`."""
    monkeypatch.setattr(search, "connection", SimpleNamespace(vendor="sqlite"))
    import partners.selectors

    monkeypatch.setattr(partners.selectors, "connection", SimpleNamespace(vendor="sqlite"))


def titles(query: str, language: str) -> list[str]:
    results = search.PublicationSearchProvider().search(
        query=search_query_parse(query), language=language, offset=0, limit=20
    )
    return [hit.title for hit in results.hits]


@pytest.mark.django_db
def test_the_sqlite_branch_finds_a_word_of_the_body_normalized(without_postgresql):
    published_publication(title_ar="التقرير السنوي", body_ar=CENTER_ARTICLE)
    published_publication(title_ar="التعاونيات", body_ar="<p>لقاء مع المزارعين.</p>")
    for typed in ("الدبلوماسية", "الدبلوماسيه", "المجتمعية الدبلوماسية"):
        found = titles(typed, "ar")  # the demo articles name the center too
        assert "التقرير السنوي" in found and "التعاونيات" not in found, typed
    assert titles("المزارعين", "ar") == ["التعاونيات"]


SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    assert connection.vendor == "sqlite"
    call_command("migrate", verbosity=0)
    from tests.publications.factories import published_publication
    published_publication(
        title_ar="التقرير السنوي", body_ar=%(body)r,
        title_en="Annual report", body_en="<p>Our delegation visited Qamishlo and Kobani.</p>",
    )
    published_publication(title_ar="التعاونيات", body_ar="<p>لقاء مع المزارعين في الرقة.</p>")
    client = Client(HTTP_HOST="127.0.0.1")
    for url in ("/ar/search/?q=الدبلوماسية", "/ar/search/?q=قامشلي",
                "/en/search/?q=Qamishli", "/en/search/?q=Kobane"):
        page = client.get(url).content.decode()
        print(url, "التقرير السنوي" in page or "Annual report" in page, "التعاونيات" in page)
    """
) % {"body": CENTER_ARTICLE + "<p>زار الوفد قامشلو وكوباني.</p>"}


def test_make_run_search_on_real_sqlite_finds_body_words_and_places(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SITE_URL", "DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "diplomacy.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'search.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("/")]
    assert lines == [
        "/ar/search/?q=الدبلوماسية True False",
        "/ar/search/?q=قامشلي True False",
        "/en/search/?q=Qamishli True False",
        "/en/search/?q=Kobane True False",
    ], result.stdout + result.stderr[-2000:]
