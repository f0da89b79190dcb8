"""In Arabic, in Chromium: apply (with an error fixed on the way), be asked a question,
answer, be approved, and find the itinerary of two meetings on one's page."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from delegations.models import Application, ApplicationState, MeetingStatus
from tests.delegations.conftest import make_coordinator
from tests.delegations.test_itinerary import OrganizationMaker
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def take_step(page, name: str, note: str = "") -> None:
    form = page.locator(f"form[action$='/steps/{name}/']")
    form.locator("summary").click()
    if note:
        form.locator("textarea").fill(note)
    form.locator("button").click()
    page.wait_for_load_state()


def test_an_arabic_applicant_from_form_to_itinerary(live_server, demo_content, page, output_dir):
    applicant = UserFactory(preferred_language="ar", first_name="سارة", last_name="لند")
    coordinator = make_coordinator(lead=True, preferred_language="ar")
    cooperative = OrganizationMaker.make(name_ar="تعاونية نساء قامشلو", sectors=["cooperatives"])
    council = OrganizationMaker.make(name_ar="مجلس بلدية عامودا", sectors=["municipalities"])
    base = live_server.url

    # --- The applicant applies -------------------------------------------------------
    sign_in(page, live_server, applicant)
    page.goto(f"{base}/ar/delegations/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.screenshot(path=output_dir / "0-info-ar.png", full_page=True)
    page.get_by_role("link", name="قدّموا طلب زيارة").click()
    page.fill("#id_organization", "شبكة التضامن في مالمو")
    page.select_option("#id_organization_country", "SE")
    page.select_option("#id_delegation_type", "solidarity")
    page.get_by_role("button", name="الحفظ والمتابعة").click()

    page.fill("#id_members-0-full_name", "Sara Lind")
    page.select_option("#id_members-0-nationality", "SE")
    page.fill("#id_members-0-passport_number", "12")  # too short
    page.fill("#id_members-0-date_of_birth", "1990-04-02")
    page.fill("#id_members-0-email", "sara@example.org")
    page.get_by_role("button", name="الحفظ والمتابعة").click()
    assert page.get_by_text("أدخلوا رقم جواز السفر كما هو مطبوع").is_visible()
    assert page.input_value("#id_members-0-full_name") == "Sara Lind"
    assert page.get_attribute("#id_members-0-passport_number", "aria-invalid") == "true"
    page.screenshot(path=output_dir / "1-member-error-ar.png", full_page=True)
    page.fill("#id_members-0-passport_number", "SE 1234567")
    page.fill("#id_members-0-date_of_birth", "1990-04-02")
    page.get_by_role("button", name="الحفظ والمتابعة").click()

    page.fill("#id_purpose", "التعرّف على التعاونيات والمجالس البلدية في الجزيرة.")
    page.get_by_label("التعاونيات").check()
    page.get_by_label("البلديات").check()
    page.fill("#id_arrival_date", day(30))
    page.fill("#id_departure_date", day(36))
    page.select_option("#id_entry_route", "iraqi-kurdistan")
    page.screenshot(path=output_dir / "1b-visit-ar.png", full_page=True)
    page.get_by_role("button", name="الحفظ والمتابعة").click()

    page.check("#id_safety_acknowledged")
    page.check("#id_data_consent")
    page.get_by_role("button", name="تقديم الطلب").click()
    page.wait_for_url("**/delegations/applications/*/")
    assert "مُقدَّم" in page.locator(".state").inner_text()
    application = Application.objects.get(applicant=applicant)
    assert application.members.get().passport_number == "SE1234567"
    assert "SE1234567" not in page.content()

    # --- A coordinator asks a question -----------------------------------------------
    sign_in(page, live_server, coordinator)
    page.goto(f"{base}/ar/delegations/review/")
    page.get_by_role("link", name="شبكة التضامن في مالمو").click()
    take_step(page, "start_review")
    take_step(page, "request_information", "هل ستصوّرون اللقاءات؟")
    application.refresh_from_db()
    assert application.state == ApplicationState.INFORMATION_REQUESTED

    # --- The applicant answers and resubmits -----------------------------------------
    sign_in(page, live_server, applicant)
    page.goto(f"{base}/ar/delegations/applications/{application.pk}/")
    assert page.get_by_text("هل ستصوّرون اللقاءات؟").first.is_visible()
    page.fill("#id_body", "لا، لن نصوّر أحداً دون موافقته.")
    page.get_by_role("button", name="إرسال الرسالة").click()
    page.get_by_role("link", name="التحديث وإعادة التقديم").click()
    page.goto(f"{base}/ar/delegations/apply/{application.pk}/confirm/")
    page.check("#id_safety_acknowledged")
    page.check("#id_data_consent")
    page.get_by_role("button", name="إعادة تقديم الطلب").click()
    page.wait_for_url(f"**/delegations/applications/{application.pk}/")

    # --- The coordinator approves and schedules two meetings --------------------------
    sign_in(page, live_server, coordinator)
    page.goto(f"{base}/ar/delegations/review/{application.pk}/")
    assert page.get_by_text("لا، لن نصوّر أحداً دون موافقته.").is_visible()
    take_step(page, "start_review")
    take_step(page, "approve")
    suggestions = page.locator(".suggestions").inner_text()
    assert "تعاونية نساء قامشلو" in suggestions and "مجلس بلدية عامودا" in suggestions
    for organization, hour in ((cooperative, 10), (council, 13)):
        page.fill("#id_organization", organization.slug)
        page.fill("#id_starts_at", f"{day(31)}T{hour:02d}:00")
        page.fill("#id_ends_at", f"{day(31)}T{hour + 1:02d}:30")
        page.fill("#id_place", "قامشلو")
        page.get_by_role("button", name="أضف اللقاء").click()
        page.wait_for_load_state()
    for meeting in application.meetings.all():
        form = page.locator(f"form[action$='/meetings/{meeting.pk}/status/']")
        form.locator("select").select_option("confirmed")
        form.locator("button").click()
        page.wait_for_load_state()
    assert application.meetings.filter(status=MeetingStatus.CONFIRMED).count() == 2
    take_step(page, "schedule")
    application.refresh_from_db()
    assert application.state == ApplicationState.SCHEDULED
    page.screenshot(path=output_dir / "2-review-ar.png", full_page=True)

    # --- The applicant sees the itinerary ---------------------------------------------
    sign_in(page, live_server, applicant)
    page.goto(f"{base}/ar/my/")
    page.get_by_role("link", name="شبكة التضامن في مالمو").click()
    itinerary = page.locator("table.itinerary").inner_text()
    assert "تعاونية نساء قامشلو" in itinerary and "مجلس بلدية عامودا" in itinerary
    assert "10:00" in itinerary and "13:00" in itinerary
    page.screenshot(path=output_dir / "3-itinerary-ar.png", full_page=True)
