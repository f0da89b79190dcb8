"""The code version changes with what the pages are rendered by, and only with it."""

import pytest

from diplomacy.release import code_version


@pytest.fixture
def portal(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "var" / "static"
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{{ text }}</p>")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text("VIEW = 1\n")
    code_version.cache_clear()
    yield tmp_path
    code_version.cache_clear()


def version_now() -> str:
    code_version.cache_clear()
    return code_version()


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("templates/page.html", "<p>{{ text|upper }}</p>"),
        ("app/views.py", "VIEW = 2\n"),
        ("locale/ar/LC_MESSAGES/django.mo", "catalogue"),
        ("var/static/staticfiles.json", '{"paths": {"css/site.css": "css/site.1.css"}}'),
    ],
)
def test_a_new_template_view_catalogue_or_stylesheet_is_a_new_version(portal, path, text):
    before = version_now()
    (portal / path).parent.mkdir(parents=True, exist_ok=True)
    (portal / path).write_text(text)
    assert version_now() != before


@pytest.mark.parametrize(
    "path", ["var/media/upload.html", "node_modules/x/index.html", ".venv/lib/a.py", "notes.md"]
)
def test_uploads_tools_and_other_files_change_nothing(portal, path):
    before = version_now()
    (portal / path).parent.mkdir(parents=True, exist_ok=True)
    (portal / path).write_text("anything")
    assert version_now() == before


def test_read_once_per_process(portal):
    before = code_version()
    (portal / "app" / "views.py").write_text("VIEW = 3\n")
    assert code_version() == before  # until the next process (a deploy restarts them)
