"""The programs team creates a program and a session in the admin; a visitor sees both
on the public programs pages, at the time typed for the session's own zone."""

import datetime

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

PROGRAM = {"ar": "مدرسة صيفية للصحافة المحلية", "en": "Summer school for local journalism"}
SESSION = {"ar": "اللقاء الأول: كتابة الخبر", "en": "First meeting: writing the news"}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_programs_team_creates_a_program_with_a_session_and_a_visitor_sees_it(
    demo_content, live_server, browser_as, staff_member, screenshots, language
):
    starts = datetime.date.today() + datetime.timedelta(days=20)
    staff = browser_as(staff_member(roles.PROGRAMS, language=language), language=language)

    staff.goto(f"{live_server.url}/admin/programs/program/add/")
    fill_translated(
        staff,
        {
            "id_title_en": PROGRAM["en"],
            "id_title_ar": PROGRAM["ar"],
            "id_summary_ar": "أسبوعان مع صحفيين من قامشلو وكوباني.",
            "id_summary_en": "Two weeks with journalists from Qamishlo and Kobani.",
            "id_description_ar": "يتعلم المشاركون كتابة الخبر والتحقق منه.",
            "id_description_en": "Participants learn to write and check the news.",
        },
    )
    if not staff.locator("#id_slug").input_value():
        staff.fill("#id_slug", "summer-school-local-journalism")
    choose_first_option(staff, "id_kind")
    staff.select_option("#id_state", "open")
    staff.locator("#id_is_published").check()
    staff.fill("#id_starts_on", starts.isoformat())
    staff.fill("#id_ends_on", (starts + datetime.timedelta(days=14)).isoformat())
    save_in_admin(staff)

    staff.goto(f"{live_server.url}/admin/programs/event/add/")
    with staff.expect_popup() as lookup:
        staff.locator("#lookup_id_program").click()
    popup = lookup.value
    popup.wait_for_load_state()
    popup.get_by_role("link", name=PROGRAM[language]).first.click()
    staff.wait_for_function("document.querySelector('#id_program').value !== ''")
    choose_first_option(staff, "id_kind")
    fill_translated(staff, {"id_title_ar": SESSION["ar"], "id_title_en": SESSION["en"]})
    staff.select_option("#id_time_zone", "Asia/Damascus")
    staff.fill("#id_starts_at_0", starts.isoformat())
    staff.fill("#id_starts_at_1", "18:00")
    staff.fill("#id_ends_at_0", starts.isoformat())
    staff.fill("#id_ends_at_1", "20:00")
    fill_translated(staff, {"id_place_ar": "مركز الدبلوماسية المجتمعية، قامشلو"})
    fill_translated(staff, {"id_place_en": "Civil Diplomacy Center, Qamishlo"})
    staff.fill("#id_capacity", "25")
    screenshots(staff, "programs-adds-session")
    save_in_admin(staff)

    visitor = browser_as(None, language=language)
    visitor.goto(f"{live_server.url}/{language}/programs/")
    visitor.get_by_role("link", name=PROGRAM[language]).first.click()
    visitor.wait_for_load_state()
    assert PROGRAM[language] in visitor.locator("h1").inner_text()
    main = visitor.locator("main").inner_text()
    assert SESSION[language] in main
    assert "18:00" in main
    screenshots(visitor, "visitor-reads")
