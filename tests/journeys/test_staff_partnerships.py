"""The partnerships team adds an organization in the admin; a visitor finds it in the
public directory, searching for its town in another spelling, in Arabic and English."""

import pytest

from diplomacy.accounts import roles
from tests.journeys import staff_browser
from tests.journeys.staff_browser import choose_first_option, fill_translated, save_in_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The staff journeys' fixtures (tests/journeys/staff_browser.py), made visible here.
browser_as, staff_member, screenshots = (
    staff_browser.browser_as,
    staff_browser.staff_member,
    staff_browser.screenshots,
)

NAMES = {"ar": "تعاونية خبز نساء عامودا", "en": "Amuda Women's Bread Cooperative"}
# The visitor types the town the way they know it, not as the center wrote it.
TOWN_AS_TYPED = {"ar": "عاموده", "en": "Amouda"}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_partnerships_adds_an_organization_and_a_visitor_finds_it(
    demo_content, live_server, browser_as, staff_member, screenshots, language
):
    staff = browser_as(staff_member(roles.PARTNERSHIPS, language=language), language=language)
    staff.goto(f"{live_server.url}/admin/partners/organization/add/")
    fill_translated(
        staff,
        {
            "id_name_ar": NAMES["ar"],
            "id_name_en": NAMES["en"],
            "id_description_ar": "تخبز النساء الخبز لثلاثة أحياء في عامودا.",
            "id_description_en": "Women bake bread for three neighborhoods of Amûdê.",
            "id_town_ar": "عامودا",
            "id_town_en": "Amûdê",
        },
    )
    staff.fill("#id_name_latin", "Kooperatîfa Nan a Jinên Amûdê")
    choose_first_option(staff, "id_kind")
    choose_first_option(staff, "id_region")
    staff.locator("#id_directory_consent").check()
    screenshots(staff, "partnerships-adds")
    save_in_admin(staff)

    visitor = browser_as(None, language=language)
    visitor.goto(f"{live_server.url}/{language}/partners/")
    visitor.locator("#id_q").fill(TOWN_AS_TYPED[language])
    visitor.locator("form[role='search'] button[type='submit']").click()
    visitor.wait_for_load_state()
    screenshots(visitor, "visitor-searches")
    visitor.get_by_role("link", name=NAMES[language]).first.click()
    visitor.wait_for_load_state()
    assert NAMES[language] in visitor.locator("h1").inner_text()
    assert {"ar": "عامودا", "en": "Amûdê"}[language] in visitor.locator("main").inner_text()
    screenshots(visitor, "visitor-reads")
