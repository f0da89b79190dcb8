"""An applicant's journey, in Arabic and in English, in Chromium: sign in, apply to visit
(every step), submit, send the coordinator a document (a refused file first: the message
stays typed and the error sits at the file field), then — while a coordinator in another
browser reviews, approves and adds a meeting with a partner chosen by its Arabic name —
receive the email, follow its link, find the approved application with its itinerary and
take the itinerary into one's calendar."""

import datetime
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone, translation

from delegations.models import Application, ApplicationState
from tests.delegations.conftest import make_coordinator
from tests.journeys.browser import (
    person,
    sign_in_by_form,
    snap,
    staff_context,
    t,
    wait_for_mail,
)
from tests.uploads import pdf_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PARTNER_AR = "تعاونية نساء قامشلو"
PARTNER_EN = "Qamishlo Women's Cooperative"
ORGANIZATION = {"ar": "شبكة التضامن في مالمو", "en": "Malmö Solidarity Network"}
MESSAGE = {
    "ar": "نرفق رسالة الدعوة من بلدية مالمو.",
    "en": "Please find attached the invitation letter from Malmö.",
}


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def state_label(language: str, state: str) -> str:
    with translation.override(language):
        return str(ApplicationState(state).label)


def take_step(page, name: str) -> None:
    form = page.locator(f"form[action$='/steps/{name}/']")
    form.locator("summary").click()
    form.locator("button").click()
    page.wait_for_load_state()


@pytest.fixture
def partner(db):
    from partners.services import organization_create

    return organization_create(
        actor=None, slug="qamishlo-women-cooperative", name_ar=PARTNER_AR, name_en=PARTNER_EN
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_applicant_is_approved_and_takes_the_itinerary_home(
    live_server, demo_content, chromium, page, smtp_server, settings, partner, language
):
    settings.SITE_URL = base = live_server.url
    journey = f"applicant-{language}"
    applicant = person(language, first_name="Sara", last_name="Lind")
    coordinator = make_coordinator(lead=True, preferred_language=language)

    # --- The applicant signs in and applies, step by step ------------------------------
    sign_in_by_form(page, base, language, applicant)
    page.goto(f"{base}/{language}/delegations/")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    snap(page, journey, "01-information")
    page.get_by_role("link", name=t(language, "Apply for a visit")).first.click()
    page.fill("#id_lead_name", "Sara Lind")
    page.fill("#id_organization", ORGANIZATION[language])
    page.select_option("#id_organization_country", "SE")
    page.select_option("#id_delegation_type", "solidarity")
    page.get_by_role("button", name=t(language, "Save and continue")).click()

    page.fill("#id_members-0-full_name", "Sara Lind")
    page.select_option("#id_members-0-nationality", "SE")
    page.fill("#id_members-0-passport_number", "SE 1234567")
    page.fill("#id_members-0-date_of_birth", "1990-04-02")
    page.fill("#id_members-0-email", "sara@example.org")
    snap(page, journey, "02-members")
    page.get_by_role("button", name=t(language, "Save and continue")).click()

    page.fill("#id_purpose", MESSAGE[language])
    page.locator("#id_sectors input").first.check()
    page.fill("#id_arrival_date", day(30))
    page.fill("#id_departure_date", day(36))
    page.select_option("#id_entry_route", "iraqi-kurdistan")
    page.get_by_role("button", name=t(language, "Save and continue")).click()

    page.check("#id_safety_acknowledged")
    page.check("#id_data_consent")
    snap(page, journey, "03-confirm")
    page.get_by_role("button", name=t(language, "Submit the application")).click()
    page.wait_for_url("**/delegations/applications/*/")
    application = Application.objects.get(applicant=applicant)
    assert application.state == ApplicationState.SUBMITTED
    assert state_label(language, "submitted") in page.locator(".state").inner_text()

    # --- …and sends the coordinator a document: a refused file first -------------------
    page.fill("#id_body", MESSAGE[language])
    page.set_input_files(
        "#id_attachment",
        files=[
            {"name": "invitation.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 99}
        ],
    )
    page.get_by_role("button", name=t(language, "Send the message")).click()
    page.wait_for_load_state()
    assert page.input_value("#id_body") == MESSAGE[language]
    assert page.locator("#id_attachment_error").is_visible()
    assert page.get_attribute("#id_attachment", "aria-invalid") == "true"
    snap(page, journey, "04-attachment-refused")
    page.set_input_files(
        "#id_attachment",
        files=[{"name": "invitation.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.get_by_role("button", name=t(language, "Send the message")).click()
    page.wait_for_load_state()
    assert application.messages.get().attachment

    # --- A coordinator, in another browser, reviews, approves and plans a meeting -------
    staff_browser = staff_context(chromium, base, coordinator)
    staff = staff_browser.new_page()
    try:
        staff.goto(f"{base}/{language}/delegations/review/")
        staff.get_by_role("link", name=ORGANIZATION[language]).first.click()
        with staff.expect_download() as attachment:
            staff.get_by_role("link", name=t(language, "Download the attachment")).click()
        assert Path(attachment.value.path()).read_bytes().startswith(b"%PDF")
        take_step(staff, "start_review")
        take_step(staff, "approve")
        staff.fill("#id_organization", PARTNER_AR)  # the partner's Arabic name, not a slug
        staff.fill("#id_starts_at", f"{day(31)}T10:00")
        staff.fill("#id_ends_at", f"{day(31)}T11:30")
        staff.fill("#id_place", "قامشلو" if language == "ar" else "Qamishlo")
        staff.get_by_role("button", name=t(language, "Add the meeting")).click()
        staff.wait_for_load_state()
        meeting = application.meetings.get()
        assert meeting.organization == partner
        status = staff.locator(f"form[action$='/meetings/{meeting.pk}/status/']")
        status.locator("select").select_option("confirmed")
        status.locator("button").click()
        staff.wait_for_load_state()
        take_step(staff, "schedule")
        snap(staff, journey, "05-review")
    finally:
        staff_browser.close()
    application.refresh_from_db()
    assert application.state == ApplicationState.SCHEDULED

    # --- The applicant reads the email, follows its link, takes the itinerary home ------
    subject = t(
        language,
        "Your delegation application: %(state)s",
        state=state_label(language, "scheduled"),
    )
    mail = wait_for_mail(smtp_server, applicant.email, subject)
    page.goto(mail.link_to(f"/{language}/delegations/applications/{application.pk}/"))
    assert state_label(language, "scheduled") in page.locator(".state").inner_text()
    partner_name = PARTNER_AR if language == "ar" else PARTNER_EN
    itinerary = page.locator("table.itinerary").inner_text()
    assert partner_name in itinerary and "10:00" in itinerary
    snap(page, journey, "06-itinerary")
    with page.expect_download() as download:
        page.get_by_role("link", name=t(language, "Add to your calendar (iCalendar)")).click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == partner_name
    assert event.decoded("DTSTART") == meeting.starts_at
