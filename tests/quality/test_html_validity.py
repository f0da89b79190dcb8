"""The Nu HTML checker (vnu-jar) on every key page, in Arabic and in English: no errors.

All pages are fetched first and checked by one Java run (the JVM start dominates); each
page then has its own test reading its part of the report.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.quality.pages import KEY_PAGES, LANGUAGES, PAGE_LANGUAGES

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="session")
def vnu_messages(quality_site, quality_output, django_db_blocker) -> dict[str, list[dict]]:
    """Nu checker errors per page file name, for every key page that exists."""
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `make node-deps` (make test does it)")
    if shutil.which("java") is None:
        pytest.fail("java is missing: apt-get install default-jre-headless")
    folder = quality_output / "html"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files: list[Path] = []
    with django_db_blocker.unblock():
        for key_page in KEY_PAGES:
            for language in LANGUAGES:
                try:
                    path = key_page.path(language)
                except pytest.skip.Exception:
                    continue
                response = quality_site.client(key_page).get(path)
                if response.status_code != 200:
                    continue  # the page's own test reports it
                file = folder / f"{key_page.name}-{language}.html"
                file.write_bytes(response.content)
                files.append(file)
    if not files:
        return {}
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
        ]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    (quality_output / "vnu.json").write_text(result.stdout)
    if result.returncode != 0 or not result.stdout.strip():
        pytest.fail(f"the Nu checker did not run: {result.stderr[-2000:]}")
    messages: dict[str, list[dict]] = {file.name: [] for file in files}
    for message in json.loads(result.stdout)["messages"]:
        messages.setdefault(Path(message.get("url", "unknown")).name, []).append(message)
    return messages


@pytest.mark.parametrize(("key_page", "language"), PAGE_LANGUAGES)
def test_html_is_valid(key_page, language, quality_site, vnu_messages):
    path = key_page.path(language)
    response = quality_site.client(key_page).get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    errors = vnu_messages.get(f"{key_page.name}-{language}.html")
    assert errors is not None, "the page was not checked"
    assert not errors, f"Nu checker on {path}:\n" + "\n".join(
        f"  line {error.get('lastLine')}: {error['message']}  [{error.get('extract', '').strip()[:120]}]"
        for error in errors
    )
