"""The translators' workspace in Chromium: axe-core finds nothing, in Arabic and English."""

import pytest
from django.test import Client

from diplomacy.accounts.roles import sync_role_permissions
from diplomacy.translation.models import TranslationJob
from tests.diplomacy.translation.factories import GlossaryTermFactory, PageFactory
from tests.quality.test_accessibility import AXE, AXE_OPTIONS, describe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def workspace(live_server, page, engine_none):
    from django.contrib.auth.models import Group

    from diplomacy.accounts.roles import TRANSLATORS
    from tests.factories import StaffFactory

    sync_role_permissions(sender=None)
    person = StaffFactory(email="axe-translator@example.org")
    person.groups.add(Group.objects.get(name=TRANSLATORS))
    GlossaryTermFactory()
    source = PageFactory(
        title_ar="زيارة إلى قامشلو",
        body_ar="<p>وصل <bdi>Maria López</bdi> إلى المدينة. التقى بالشركاء.</p>",
    )
    job = TranslationJob.objects.get(content_type__model="page", object_id=str(source.pk))
    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return job


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("view", ["queue", "editor", "dashboard"])
def test_workspace_pages_have_no_accessibility_violations(
    live_server, page, workspace, language, view, output_dir
):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-deps` (make test does it)")
    path = {
        "queue": f"/{language}/staff/translation/",
        "editor": f"/{language}/staff/translation/jobs/{workspace.pk}/",
        "dashboard": f"/{language}/staff/translation/dashboard/",
    }[view]
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    page.screenshot(path=output_dir / f"{view}-{language}.png", full_page=True)
    # Evaluated, not added as an inline <script> (which the CSP refuses).
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "options => axe.run(document, options).then(result => result.violations)", AXE_OPTIONS
    )
    assert not violations, f"axe on {path}:\n{describe(violations)}"
