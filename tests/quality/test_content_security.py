"""The Content-Security-Policy in Chromium: every key page, and the admin's add and
change forms with their widgets at work (date pickers, selection boxes, autocomplete,
translation tabs), in Arabic and in English, without a single violation.

Violations are caught twice: the `securitypolicyviolation` event in the page (listened
to from before any script of the page runs) and Chromium's console messages.
"""

import pytest
from django.conf import settings
from django.test import Client

from tests.quality.pages import LANGUAGES, PAGE_LANGUAGES

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample || ''}`);
});
"""


class ViolationWatch:
    def __init__(self, context) -> None:
        self.console: list[str] = []
        context.add_init_script(LISTEN)
        context.on("console", self._console)

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.console.append(text)

    def violations(self, browser_page) -> list[str]:
        return browser_page.evaluate("window.__cspViolations || []") + self.console


@pytest.mark.parametrize(("key_page", "language"), PAGE_LANGUAGES)
def test_key_pages_load_without_a_policy_violation(key_page, language, quality_site, chromium):
    path = key_page.path(language)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(quality_site.session_cookie(key_page))
    watch = ViolationWatch(context)
    browser_page = context.new_page()
    try:
        response = browser_page.goto(quality_site.url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        browser_page.wait_for_load_state("networkidle")
        violations = watch.violations(browser_page)
    finally:
        context.close()
    assert not violations, f"{path}: {violations}"


def test_the_watch_sees_a_violation(quality_site, chromium):
    """The listener works: an inline style attribute set from outside is reported."""
    context = chromium.new_context()
    watch = ViolationWatch(context)
    browser_page = context.new_page()
    try:
        browser_page.goto(quality_site.url + "/en/")
        browser_page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.ran = 1'; document.body.append(s); }"
        )
        browser_page.wait_for_timeout(200)
        assert browser_page.evaluate("window.ran") is None
        assert watch.violations(browser_page)
    finally:
        context.close()


def staff_session(language: str) -> str:
    from tests.factories import StaffFactory

    staff = StaffFactory(
        email=f"csp-admin-{language}@example.org",
        is_superuser=True,
        preferred_language=language,
    )
    client = Client()
    client.force_login(staff)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def admin_pages() -> list[tuple[str, str]]:
    from partners.models import Organization
    from programs.models import Event, Program
    from publications.models import Publication

    pages = [
        ("publication add", "/admin/publications/publication/add/"),
        ("organization add", "/admin/partners/organization/add/"),
        ("program add", "/admin/programs/program/add/"),
        ("session add", "/admin/programs/event/add/"),
        ("publication list", "/admin/publications/publication/"),
        ("registration list", "/admin/programs/registration/"),
    ]
    for label, model in (
        ("publication change", Publication),
        ("organization change", Organization),
        ("program change", Program),
        ("session change", Event),
    ):
        instance = model.objects.order_by("pk").first()
        if instance is not None:
            meta = model._meta
            pages.append(
                (label, f"/admin/{meta.app_label}/{meta.model_name}/{instance.pk}/change/")
            )
    return pages


def exercise_widgets(browser_page) -> list[str]:
    """Use the admin's JavaScript widgets the way staff do; what was used."""
    used = []
    calendar = browser_page.locator(".datetimeshortcuts a[id^=calendarlink]").first
    if calendar.count():
        calendar.click()
        browser_page.locator(".calendarbox").first.wait_for(state="visible")
        browser_page.locator(".calendarbox .calendar-cancel a").first.click()
        browser_page.locator(".datetimeshortcuts a").first.click()  # "Today" / "Now"
        used.append("date picker")
    choose_all = browser_page.locator(".selector-chooseall").first
    if choose_all.count():
        assert browser_page.locator(".selector-available").count(), "no selection widget"
        choose_all.click()
        used.append("selection boxes")
    select2 = browser_page.locator(".select2-selection").first
    if select2.count():
        select2.click()
        browser_page.locator(".select2-dropdown").first.wait_for(state="visible")
        browser_page.keyboard.press("Escape")
        used.append("autocomplete")
    tab = browser_page.locator("a[href^='#tab_id_']").nth(1)
    if tab.count():
        tab.click()
        used.append("translation tabs")
    return used


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_forms_and_widgets_work_without_a_policy_violation(language, quality_site, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": staff_session(language),
                "url": quality_site.url,
            }
        ]
    )
    watch = ViolationWatch(context)
    browser_page = context.new_page()
    problems, used = [], set()
    try:
        for label, path in admin_pages():
            response = browser_page.goto(quality_site.url + path)
            assert response.status == 200, f"{label}: {path} answered {response.status}"
            assert browser_page.evaluate("document.documentElement.lang") == language
            browser_page.wait_for_load_state("load")
            used.update(exercise_widgets(browser_page))
            browser_page.wait_for_timeout(100)
            found = watch.violations(browser_page)
            if found:
                problems.append(f"{label} ({path}): {found}")
            watch.console.clear()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert {"date picker", "selection boxes", "translation tabs"} <= used, used
