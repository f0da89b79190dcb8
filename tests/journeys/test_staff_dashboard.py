"""A staff member starts the day on the dashboard, in Arabic and in English: signs in
with password and code, lands on the dashboard, reads what needs them, opens a figure
and finds the list filtered to what was counted; the notification bell is in the admin
too. Every letter and symbol on the page is drawn by the portal's own fonts. Screenshots
at 360, 390 and 1280 px go to test-output/dashboard/."""

import pytest

from diplomacy.accounts import roles
from diplomacy.accounts.roles import sync_role_permissions
from tests.conftest import OUTPUT
from tests.diplomacy.accounts.dashboard_world import add_work, staff_in
from tests.factories import PASSWORD as STAFF_PASSWORD
from tests.journeys.browser import fill_sign_in_form, fonts_drawing_the_text
from tests.second_factor import totp_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SCREENSHOTS = OUTPUT / "dashboard"
WIDTHS = (360, 390, 1280)
TEXTS = {
    "ar": {
        "title": "اليوم",
        "failed": "رسائل لم تُرسَل",
        "answered": "طلبات معلومات وصلت إجابتها",
        "bell": "الإشعارات",
        "dashboard": "لوحة الموظفين",
    },
    "en": {
        "title": "Today",
        "failed": "Failed emails",
        "answered": "Information requests answered",
        "bell": "Notifications",
        "dashboard": "Staff dashboard",
    },
}


def sign_in(page, base: str, language: str, member) -> None:
    fill_sign_in_form(page, base, language, member, password=STAFF_PASSWORD)
    page.wait_for_url(f"**/{language}/accounts/2fa/authenticate/")
    page.fill('input[name="code"]', totp_code(member))
    page.locator('main form button[type="submit"]').first.click()


def screenshots(page, language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"dashboard-{language}-{width}.png", full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{width} px: the page is {overflow} px wider than the screen"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_staff_member_starts_the_day_on_the_dashboard(live_server, chromium, language):
    sync_role_permissions(sender=None)
    member = staff_in(roles.ADMINISTRATORS, preferred_language=language)
    add_work(coordinator=member)
    texts = TEXTS[language]
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale=language)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, language, member)
        page.wait_for_url(f"{live_server.url}/{language}/staff/")
        assert page.locator("h1").inner_text() == texts["title"]
        direction = "rtl" if language == "ar" else "ltr"
        assert page.evaluate("document.documentElement.dir") == direction
        # Right to left in Arabic: a section's heading starts at the right of its card.
        card = page.locator("#dashboard-emails").locator("xpath=..").bounding_box()
        heading = page.locator("#dashboard-emails").bounding_box()
        start_gap = (
            card["x"] + card["width"] - heading["x"] - heading["width"]
            if language == "ar"
            else heading["x"] - card["x"]
        )
        assert start_gap < 40
        page.evaluate("document.fonts.ready")
        fonts = fonts_drawing_the_text(page)
        assert set(fonts) == {"IBM Plex Sans Arabic"}, fonts
        screenshots(page, language)

        # A figure opens the list of what it counted.
        failed = page.locator(".figures li", has_text=texts["failed"]).locator("a")
        assert failed.locator(".figure").inner_text() == "1"
        failed.click()
        page.wait_for_url("**/admin/notifications/notification/?status__exact=failed")
        assert page.locator("#result_list tbody tr").count() == 1
        assert page.evaluate("document.documentElement.lang") == language

        # The bell, and the way back to the dashboard, are among the admin's links.
        bell = page.locator("#user-tools a.notifications-bell-link")
        assert bell.text_content().strip().startswith(texts["bell"])
        page.locator("#user-tools").get_by_role("link", name=texts["dashboard"]).click()
        page.wait_for_url(f"{live_server.url}/{language}/staff/")

        answered = page.locator(".figures li", has_text=texts["answered"]).locator("a")
        assert answered.locator(".figure").inner_text() == "1"
        answered.click()
        page.wait_for_url("**/delegations/review/?state=information_requested&answered=on")
        assert page.locator("main table tbody tr").count() == 1
        assert page.locator('input[name="answered"]').is_checked()

        bell_in_admin = page.goto(f"{live_server.url}/admin/")
        assert bell_in_admin.status == 200
        page.locator("#user-tools a.notifications-bell-link").click()
        page.wait_for_url(f"{live_server.url}/{language}/notifications/")
    finally:
        context.close()
