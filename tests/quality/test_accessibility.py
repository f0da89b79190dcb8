"""axe-core in Chromium on every key page, in Arabic and in English: no violations."""

import json

import pytest

from tests.conftest import ROOT
from tests.quality.pages import PAGE_LANGUAGES

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA, and axe's best practices (landmarks, one h1, headings in order...).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.mark.parametrize(("key_page", "language"), PAGE_LANGUAGES)
def test_no_accessibility_violations(key_page, language, quality_site, chromium, quality_output):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-deps` (make test does it)")
    path = key_page.path(language)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(quality_site.session_cookie(key_page))
    browser_page = context.new_page()
    try:
        response = browser_page.goto(quality_site.url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        # Evaluated, not added as an inline <script> (which the CSP refuses).
        browser_page.evaluate(AXE.read_text())
        violations = browser_page.evaluate(
            "options => axe.run(document, options).then(result => result.violations)",
            AXE_OPTIONS,
        )
    finally:
        context.close()
    report = quality_output / "axe" / f"{key_page.name}-{language}.json"
    report.parent.mkdir(exist_ok=True)
    report.write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    assert not violations, f"axe on {path}:\n{describe(violations)}"
