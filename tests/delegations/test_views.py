import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from delegations import services
from delegations.models import Application, ApplicationState, Meeting, MeetingStatus, Message
from diplomacy.audit.selectors import audit_entries_for
from tests.delegations.factories import ApplicationFactory, MemberFactory, in_days
from tests.delegations.test_itinerary import OrganizationMaker, at
from tests.form_errors import banner_messages, field_errors, field_value
from tests.reauthentication import reauthenticated
from tests.uploads import pdf_bytes

S = ApplicationState


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"delegations:{name}", args=args)


def no_store(response) -> bool:
    header = response.headers.get("Cache-Control", "")
    return "no-store" in header and "private" in header


ORGANIZATION_STEP = {
    "lead_name": "Amina Lind",
    "lead_phone": "+46 70 123 45 67",
    "organization": "Malmö Solidarity",
    "organization_country": "SE",
    "organization_website": "https://example.org",
    "delegation_type": "solidarity",
    "action": "next",
}


def member_step(*members, total=None):
    data = {
        "members-TOTAL_FORMS": str(total or len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "action": "next",
    }
    for index, member in enumerate(members):
        for key, value in member.items():
            data[f"members-{index}-{key}"] = value
    return data


MEMBER = {
    "full_name": "Amina Lind",
    "nationality": "SE",
    "passport_number": "AB 123 4567",
    "date_of_birth": "1990-04-02",
    "role": "Lead",
    "email": "amina@example.org",
    "needs_interpretation": "on",
}


def visit_step(**overrides):
    data = {
        "purpose": "Learn from the cooperatives of Jazira.",
        "sectors": [],
        "meeting_interests": "Cooperatives, women's councils",
        "arrival_date": in_days(30).isoformat(),
        "departure_date": in_days(37).isoformat(),
        "entry_route": "iraqi-kurdistan",
        "languages": "English, Swedish",
        "action": "next",
    }
    data.update(overrides)
    return data


# --- Public page ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_information_page_is_public_and_cheap(client, django_assert_max_num_queries, lang):
    with django_assert_max_num_queries(6):
        response = client.get(url("info", lang=lang))
    assert response.status_code == 200
    assert url("apply", lang=lang) in response.content.decode()


@pytest.mark.django_db
def test_the_form_needs_an_account(client):
    response = client.get(url("apply"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


# --- The application form -------------------------------------------------------------


@pytest.mark.django_db
def test_applying_step_by_step_saves_one_draft_and_submits(client, applicant, coordinator):
    client.force_login(applicant)
    response = client.post(url("apply"), ORGANIZATION_STEP)
    application = Application.objects.get(applicant=applicant)
    assert response.headers["Location"] == url("apply_step", application.pk, "members")
    # Saving the first step again (back button, double click) keeps one draft.
    client.post(url("apply"), {**ORGANIZATION_STEP, "organization": "Malmö Solidarity Group"})
    assert Application.objects.filter(applicant=applicant).count() == 1

    response = client.post(url("apply_step", application.pk, "members"), member_step(MEMBER))
    assert response.status_code == 302
    member = application.members.get()
    assert member.passport_number == "AB1234567"
    assert member.date_of_birth == datetime.date(1990, 4, 2)

    response = client.post(url("apply_step", application.pk, "visit"), visit_step())
    assert response.headers["Location"] == url("apply_step", application.pk, "confirm")
    response = client.post(
        url("apply_step", application.pk, "confirm"),
        {"safety_acknowledged": "on", "data_consent": "on", "action": "submit"},
    )
    assert response.headers["Location"] == url("application", application.pk)
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert application.organization == "Malmö Solidarity Group"
    assert application.data_consent_at is not None


@pytest.mark.django_db
def test_a_draft_is_resumed_where_it_was_left(client, applicant):
    """«متابعة الطلب» opens the first step with something missing, not step 1."""
    draft = ApplicationFactory(applicant=applicant, with_member=False, purpose="")
    client.force_login(applicant)
    response = client.get(url("apply"))
    assert response.headers["Location"] == url("apply_step", draft.pk, "members")

    my_page = client.get(reverse("my")).content.decode()
    continue_link = url("apply_resume", draft.pk)
    assert continue_link in my_page
    assert client.get(continue_link).headers["Location"] == url("apply_step", draft.pk, "members")

    client.post(url("apply_step", draft.pk, "members"), member_step(MEMBER))
    assert client.get(continue_link).headers["Location"] == url("apply_step", draft.pk, "visit")
    client.post(url("apply_step", draft.pk, "visit"), visit_step())
    response = client.get(continue_link)
    assert response.headers["Location"] == url("apply_step", draft.pk, "confirm")
    page = client.get(response.headers["Location"]).content.decode()
    assert draft.organization in page


@pytest.mark.django_db
def test_an_empty_draft_resumes_at_the_first_step(client, applicant):
    draft = Application.objects.create(applicant=applicant)
    client.force_login(applicant)
    response = client.get(url("apply_resume", draft.pk))
    assert response.headers["Location"] == url("apply_step", draft.pk, "organization")


@pytest.mark.django_db
def test_member_errors_are_shown_next_to_fields_and_keep_what_was_typed(client, draft):
    client.force_login(draft.applicant)
    draft.members.all().delete()
    bad = {**MEMBER, "passport_number": "12", "email": "not-an-email", "full_name": "Keep Me"}
    response = client.post(url("apply_step", draft.pk, "members"), member_step(bad))
    assert response.status_code == 200
    page = response.content.decode()
    assert "6 to 12 Latin letters and digits" in page
    assert "Enter a valid email address." in page
    assert 'value="Keep Me"' in page and 'value="not-an-email"' in page
    assert 'aria-invalid="true"' in page
    assert not draft.members.exists()


@pytest.mark.django_db
def test_at_least_one_member_is_needed(client, draft):
    client.force_login(draft.applicant)
    draft.members.all().delete()
    response = client.post(url("apply_step", draft.pk, "members"), member_step({}, total=1))
    assert "Add at least one member of the delegation." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"departure_date": in_days(29).isoformat()},
            "The departure date must be after the arrival date.",
        ),
        (
            {"arrival_date": timezone.localdate().isoformat()},
            "The arrival date must be in the future.",
        ),
        ({"departure_date": in_days(90).isoformat()}, "A visit can last at most 30 days."),
    ],
)
def test_visit_dates_are_checked(client, draft, overrides, message):
    client.force_login(draft.applicant)
    response = client.post(url("apply_step", draft.pk, "visit"), visit_step(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_the_maximum_stay_is_a_setting(client, draft, settings):
    settings.DELEGATIONS_MAX_STAY_DAYS = 5
    client.force_login(draft.applicant)
    response = client.post(url("apply_step", draft.pk, "visit"), visit_step())
    assert "A visit can last at most 5 days." in response.content.decode()


@pytest.mark.django_db
def test_validation_messages_are_in_arabic_for_an_arabic_page(client, draft):
    client.force_login(draft.applicant)
    response = client.post(
        url("apply_step", draft.pk, "visit", lang="ar"),
        visit_step(departure_date=in_days(29).isoformat()),
    )
    with translation.override("ar"):
        expected = str(translation.gettext("The departure date must be after the arrival date."))
    assert expected != "The departure date must be after the arrival date."
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_submitting_an_incomplete_application_points_to_the_steps(client, applicant):
    application = ApplicationFactory(applicant=applicant, with_member=False)
    client.force_login(applicant)
    response = client.post(
        url("apply_step", application.pk, "confirm"),
        {"safety_acknowledged": "on", "data_consent": "on", "action": "submit"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Add at least one member of the delegation." in page
    assert url("apply_step", application.pk, "members") in page
    application.refresh_from_db()
    assert application.state == S.DRAFT


@pytest.mark.django_db
def test_a_double_click_on_submit_submits_once(client, draft):
    client.force_login(draft.applicant)
    data = {"safety_acknowledged": "on", "data_consent": "on", "action": "submit"}
    first = client.post(url("apply_step", draft.pk, "confirm"), data)
    second = client.post(url("apply_step", draft.pk, "confirm"), data)
    assert first.status_code == second.status_code == 302
    assert (
        audit_entries_for(target=draft).filter(action="delegations.application.submit").count() == 1
    )


@pytest.mark.django_db
def test_the_honeypot_rejects_bots(client, applicant):
    client.force_login(applicant)
    response = client.post(url("apply"), {**ORGANIZATION_STEP, "contact_fax": "+1 555"})
    assert response.status_code == 400
    assert not Application.objects.filter(applicant=applicant).exists()


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_user(client, applicant, settings):
    settings.DELEGATIONS_APPLY_RATE_PER_USER = "2/m"
    from django.core.cache import cache

    cache.clear()
    client.force_login(applicant)
    codes = [client.post(url("apply"), ORGANIZATION_STEP).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_ip(client, settings):
    from django.core.cache import cache

    from tests.factories import UserFactory

    settings.DELEGATIONS_APPLY_RATE_PER_IP = "2/m"
    cache.clear()
    codes = []
    for _ in range(3):
        client.force_login(UserFactory())
        codes.append(client.post(url("apply"), ORGANIZATION_STEP).status_code)
    assert codes == [302, 302, 429]


# --- Personal data on pages -----------------------------------------------------------


@pytest.mark.django_db
def test_pages_with_personal_data_are_never_cached(client, draft, coordinator):
    client.force_login(draft.applicant)
    for name, args in [
        ("apply_step", (draft.pk, "members")),
        ("application", (draft.pk,)),
        ("my_data", ()),
    ]:
        assert no_store(client.get(url(name, *args))), name
    client.force_login(coordinator)
    assert no_store(client.get(url("review_detail", draft.pk)))


@pytest.mark.django_db
def test_passport_numbers_are_masked_everywhere_but_on_purpose(client, coordinator):
    application = ApplicationFactory(state=S.SUBMITTED)
    member = application.members.get()
    client.force_login(application.applicant)
    for page in [url("application", application.pk), url("apply_step", application.pk, "members")]:
        assert member.passport_number not in client.get(page).content.decode()
    client.force_login(coordinator)
    page = client.get(url("review_detail", application.pk)).content.decode()
    assert member.passport_number not in page
    assert member.passport_number_masked in page
    assert "1985-03-14" not in page
    assert (
        not audit_entries_for(target=application)
        .filter(action="delegations.personal_data.open")
        .exists()
    )

    reauthenticated(client, coordinator)
    reason = "Entry permit request for the crossing"
    response = client.post(url("review_personal_data", application.pk), {"reason": reason})
    page = response.content.decode()
    assert member.passport_number in page and "1985-03-14" in page
    assert no_store(response)
    entry = audit_entries_for(target=application).get(action="delegations.personal_data.open")
    assert entry.actor == coordinator and entry.note == reason
    assert entry.data == {"members": [member.pk]}


@pytest.mark.django_db
def test_opening_personal_data_needs_a_reason(client, coordinator):
    application = ApplicationFactory(state=S.SUBMITTED)
    client.force_login(coordinator)
    reauthenticated(client, coordinator)
    response = client.post(url("review_personal_data", application.pk), {"reason": ""})
    assert response.status_code == 400
    assert application.members.get().passport_number not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Explain in at least 3 words"), ("ar", "اشرح في 3 كلمات على الأقل")],
)
def test_a_reason_of_one_word_is_refused_next_to_the_field(client, coordinator, language, expected):
    application = ApplicationFactory(state=S.SUBMITTED)
    client.force_login(coordinator)
    reauthenticated(client, coordinator)
    response = client.post(
        url("review_personal_data", application.pk, lang=language), {"reason": "check"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert application.members.get().passport_number not in page
    # The message sits with the reason field (Django renders field errors before its input)
    # and the word typed is kept.
    field = page[page.index('id="id_reason_error"') : page.index('name="reason"') + 60]
    assert expected in field and 'value="check"' in field
    assert (
        not audit_entries_for(target=application)
        .filter(action="delegations.personal_data.open")
        .exists()
    )


@pytest.mark.django_db
def test_opening_personal_data_asks_for_the_password_again(client, coordinator):
    application = ApplicationFactory(state=S.SUBMITTED)
    member = application.members.get()
    client.force_login(coordinator)
    reauthenticated(client, coordinator, seconds_ago=600)  # older than the 5 minutes
    reason = "Entry permit request for the crossing"
    response = client.post(url("review_personal_data", application.pk), {"reason": reason})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    assert not audit_entries_for(target=application).exists()
    # Confirming the password resumes the suspended request: the data opens.
    response = client.post(
        response["Location"], {"password": "correct horse battery staple"}, follow=True
    )
    assert member.passport_number in response.content.decode()
    assert (
        audit_entries_for(target=application)
        .filter(action="delegations.personal_data.open", note=reason)
        .exists()
    )


# --- Object-level permissions ---------------------------------------------------------


def every_url(application: Application, message_pk: int, meeting_pk: int) -> list[tuple[str, str]]:
    pk = application.pk
    return [
        ("get", url("apply_step", pk, "organization")),
        ("post", url("apply_step", pk, "members")),
        ("get", url("application", pk)),
        ("post", url("withdraw", pk)),
        ("post", url("message_post", pk)),
        ("get", url("message_attachment", pk, message_pk)),
        ("get", url("itinerary", pk)),
        ("get", url("itinerary_ics", pk)),
        ("get", url("review_detail", pk)),
        ("post", url("review_transition", pk, "approve")),
        ("post", url("review_assign", pk)),
        ("post", url("review_note", pk)),
        ("post", url("review_personal_data", pk)),
        ("post", url("review_meeting_add", pk)),
        ("post", url("review_meeting_status", pk, meeting_pk)),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.DRAFT, S.SCHEDULED])
def test_another_applicant_gets_404_on_every_url(client, other_applicant, coordinator, state):
    """404 on the applicant's pages; 403 on the review pages (not a coordinator)."""
    application = ApplicationFactory(state=state)
    message = Message.objects.create(
        application=application, author=application.applicant, body="Our plans",
        attachment=SimpleUploadedFile("plan.pdf", pdf_bytes()),
    )  # fmt: skip
    meeting = Meeting.objects.create(
        application=application, organization=OrganizationMaker.make(), starts_at=at(41, 10),
        ends_at=at(41, 11), place="Qamishlo", status=MeetingStatus.CONFIRMED,
    )  # fmt: skip
    client.force_login(other_applicant)
    for method, address in every_url(application, message.pk, meeting.pk):
        response = getattr(client, method)(address, {"note": "x", "reason": "x", "body": "x"})
        expected = 403 if "/review/" in address else 404
        assert response.status_code == expected, (method, address, response.status_code)
    application.refresh_from_db()
    assert application.state == state
    assert application.messages.count() == 1
    # Their own data export says nothing about it.
    reauthenticated(client, other_applicant)
    export = client.get(url("my_data") + "?format=json").content.decode()
    assert application.organization not in export
    assert application.members.get().passport_number not in export


@pytest.mark.django_db
def test_the_applicant_cannot_use_the_coordinators_pages(client):
    application = ApplicationFactory(state=S.UNDER_REVIEW)
    client.force_login(application.applicant)
    assert client.get(url("review_list")).status_code == 403
    assert client.get(url("review_detail", application.pk)).status_code == 403
    response = client.post(url("review_transition", application.pk, "approve"), {"note": ""})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == S.UNDER_REVIEW


@pytest.mark.django_db
def test_no_personal_data_in_urls(client, draft):
    client.force_login(draft.applicant)
    member = draft.members.get()
    page = client.get(url("application", draft.pk)).content.decode()
    for href in re.findall(r'href="([^"]+)"', page):
        assert member.passport_number not in href and member.email not in href


# --- The applicant's side -------------------------------------------------------------


@pytest.mark.django_db
def test_the_applicant_sees_the_thread_and_downloads_an_attachment(client, coordinator):
    application = ApplicationFactory(state=S.INFORMATION_REQUESTED)
    client.force_login(application.applicant)
    response = client.post(
        url("message_post", application.pk),
        {
            "body": "Here is our letter",
            "attachment": SimpleUploadedFile("letter.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    message = application.messages.get()
    assert "letter" not in message.attachment.name  # random names, nothing personal
    page = client.get(url("application", application.pk)).content.decode()
    assert "Here is our letter" in page
    download = client.get(url("message_attachment", application.pk, message.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()


@pytest.mark.django_db
def test_attachments_must_be_pdf_or_images(client):
    application = ApplicationFactory(state=S.SUBMITTED)
    client.force_login(application.applicant)
    client.post(
        url("message_post", application.pk),
        {"body": "x", "attachment": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert not application.messages.exists()


REFUSED_ATTACHMENTS = {
    "wrong type": lambda: SimpleUploadedFile("run.exe", b"MZ\x90\x00" + b"\x00" * 64),
    "too big": lambda: SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024)),
}


def in_language(message: str, lang: str) -> bool:
    """Arabic letters in an Arabic message, none in an English one."""
    has_arabic = bool(re.search("[\u0600-\u06ff]", message))
    return has_arabic if lang == "ar" else not has_arabic


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("refused", REFUSED_ATTACHMENTS)
@pytest.mark.parametrize("side", ["applicant", "coordinator"])
def test_a_refused_attachment_keeps_the_message_and_shows_the_error_at_the_field(
    client, coordinator, settings, lang, refused, side
):
    settings.DELEGATIONS_ATTACHMENT_MAX_BYTES = 1024 * 1024
    application = ApplicationFactory(state=S.UNDER_REVIEW, coordinator=coordinator)
    client.force_login(application.applicant if side == "applicant" else coordinator)
    typed = "Our programme for the second day, with the names of the speakers."
    response = client.post(
        url("message_post", application.pk, lang=lang),
        {"body": typed, "attachment": REFUSED_ATTACHMENTS[refused]()},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert field_value(page, "id_body") == typed
    [error] = field_errors(page, "id_attachment")
    assert in_language(error, lang), error
    assert error not in banner_messages(page)
    heading = "Review" if side == "coordinator" else "Your delegation application"
    if lang == "en":
        assert heading in page
    assert not application.messages.exists()


@pytest.mark.django_db
def test_internal_notes_never_reach_the_applicant(client, coordinator):
    application = ApplicationFactory(state=S.UNDER_REVIEW)
    client.force_login(coordinator)
    client.post(url("review_note", application.pk), {"body": "Seems a journalist cover"})
    assert (
        "Seems a journalist cover"
        in client.get(url("review_detail", application.pk)).content.decode()
    )
    client.force_login(application.applicant)
    assert (
        "Seems a journalist cover"
        not in client.get(url("application", application.pk)).content.decode()
    )
    reauthenticated(client, application.applicant)
    export = client.get(url("my_data") + "?format=json").content.decode()
    assert "Seems a journalist cover" not in export


@pytest.mark.django_db
def test_the_applicant_withdraws_before_the_visit(client):
    application = ApplicationFactory(state=S.APPROVED)
    client.force_login(application.applicant)
    detail = client.get(url("application", application.pk)).content.decode()
    assert f'href="{url("withdraw", application.pk)}"' in detail
    # The link asks first: nothing changes until the confirmation is posted.
    question = client.get(url("withdraw", application.pk))
    assert "Withdraw the application?" in question.content.decode()
    application.refresh_from_db()
    assert application.state == S.APPROVED
    client.post(url("withdraw", application.pk), {"note": "Dates changed"})
    application.refresh_from_db()
    assert application.state == S.WITHDRAWN
    in_progress = ApplicationFactory(state=S.IN_PROGRESS, applicant=application.applicant)
    client.post(url("withdraw", in_progress.pk), {"note": ""})
    in_progress.refresh_from_db()
    assert in_progress.state == S.IN_PROGRESS


@pytest.mark.django_db
def test_the_itinerary_is_shown_once_scheduled(client, coordinator):
    application = ApplicationFactory(state=S.APPROVED)
    partner = OrganizationMaker.make(name_en="Qamishlo Women's Cooperative")
    meeting = services.meeting_add(
        application=application, actor=coordinator, organization=partner,
        starts_at=at(41, 10), ends_at=at(41, 11, 30), place="Cooperative hall",
    )  # fmt: skip
    client.force_login(application.applicant)
    assert "Qamishlo Women" not in client.get(url("application", application.pk)).content.decode()
    assert client.get(url("itinerary", application.pk)).status_code == 404
    services.meeting_set_status(meeting=meeting, actor=coordinator, status=MeetingStatus.CONFIRMED)
    services.application_schedule(application=application, actor=coordinator)
    page = client.get(url("application", application.pk)).content.decode()
    assert "Qamishlo Women" in page and "10:00" in page
    ics = client.get(url("itinerary_ics", application.pk))
    assert ics.headers["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "BEGIN:VEVENT" in body and "Cooperative hall" in body
    # 10:00 in Qamishlo is 07:00 UTC.
    assert f"DTSTART:{at(41, 10).astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in body
    assert client.get(url("itinerary", application.pk)).status_code == 200


@pytest.mark.django_db
def test_the_my_page_lists_only_my_applications(client, draft):
    ApplicationFactory(organization="Somebody Else's Network")
    client.force_login(draft.applicant)
    with translation.override("en"):
        page = client.get(reverse("my")).content.decode()
    assert draft.organization in page
    assert "Somebody Else" not in page


@pytest.mark.django_db
def test_the_applicant_downloads_their_data(client, draft):
    passport = draft.members.get().passport_number
    client.force_login(draft.applicant)
    # The page masks passport numbers and hides dates of birth.
    page = client.get(url("my_data")).content.decode()
    assert draft.organization in page
    assert passport not in page and passport[-2:] in page and "1985-03-14" not in page
    # The download asks for the password again first (the sign-in was long ago)...
    reauthenticated(client, draft.applicant, seconds_ago=3600)
    response = client.get(url("my_data") + "?format=json")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    assert not audit_entries_for(target=draft.applicant).exists()
    # ...then carries the full values, and is recorded.
    response = client.post(
        response["Location"], {"password": "correct horse battery staple"}, follow=True
    )
    assert response.headers["Content-Disposition"].startswith("attachment")
    [application] = response.json()["delegation_applications"]
    assert application["members"][0]["passport_number"] == passport
    downloads = audit_entries_for(target=draft.applicant).filter(
        action="delegations.personal_data.export"
    )
    assert downloads.count() == 1


@pytest.mark.django_db
def test_asking_for_deletion(client, applicant):
    draft = ApplicationFactory(applicant=applicant)
    declined = ApplicationFactory(applicant=applicant, state=S.DECLINED, closed_at=timezone.now())
    active = ApplicationFactory(applicant=applicant, state=S.UNDER_REVIEW)
    client.force_login(applicant)
    assert client.get(url("my_data_delete")).status_code == 200
    client.post(url("my_data_delete"))
    assert not Application.objects.filter(pk=draft.pk).exists()
    declined.refresh_from_db()
    assert declined.personal_data_purged_at and not declined.members.exists()
    active.refresh_from_db()
    assert active.deletion_requested_at and active.members.exists()


# --- Coordinators ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_review_queue_filters(client, coordinator):
    submitted = ApplicationFactory(state=S.SUBMITTED, organization="Alpha Network")
    ApplicationFactory(
        state=S.UNDER_REVIEW, organization="Beta Network", delegation_type="academic"
    )
    ApplicationFactory(organization="Gamma Draft")
    client.force_login(coordinator)
    page = client.get(url("review_list")).content.decode()
    assert "Alpha Network" in page and "Beta Network" in page and "Gamma Draft" not in page
    page = client.get(url("review_list"), {"state": "submitted"}).content.decode()
    assert "Alpha Network" in page and "Beta Network" not in page
    page = client.get(url("review_list"), {"delegation_type": "academic"}).content.decode()
    assert "Beta Network" in page and "Alpha Network" not in page
    services.application_assign_coordinator(
        application=submitted, actor=coordinator, coordinator=coordinator
    )
    page = client.get(url("review_list"), {"coordinator": coordinator.pk}).content.decode()
    assert "Alpha Network" in page and "Beta Network" not in page
    page = client.get(url("review_list"), {"coordinator": 0}).content.decode()
    assert "Beta Network" in page and "Alpha Network" not in page


@pytest.mark.django_db
def test_a_coordinator_takes_the_steps_from_the_review_page(client, coordinator):
    application = ApplicationFactory(state=S.SUBMITTED)
    client.force_login(coordinator)
    client.post(url("review_transition", application.pk, "start_review"), {"note": ""})
    client.post(url("review_transition", application.pk, "request_information"), {"note": ""})
    application.refresh_from_db()
    assert application.state == S.UNDER_REVIEW  # a question is needed
    client.post(
        url("review_transition", application.pk, "request_information"), {"note": "Who films?"}
    )
    application.refresh_from_db()
    assert application.state == S.INFORMATION_REQUESTED
    # The applicant's own steps are not offered here.
    assert client.post(url("review_transition", application.pk, "resubmit"), {}).status_code == 404


@pytest.mark.django_db
def test_a_coordinator_builds_the_itinerary(client, coordinator):
    application = ApplicationFactory(state=S.APPROVED)
    partner = OrganizationMaker.make()
    client.force_login(coordinator)
    start = at(41, 10)
    response = client.post(
        url("review_meeting_add", application.pk),
        {
            "organization": partner.slug,
            "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(start + datetime.timedelta(hours=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "place": "Amuda",
            "interpreter": "Rojda",
        },
    )
    assert response.status_code == 302
    meeting = application.meetings.get()
    assert meeting.starts_at == start
    client.post(url("review_meeting_status", application.pk, meeting.pk), {"status": "confirmed"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
    response = client.post(
        url("review_meeting_add", application.pk),
        {
            "organization": partner.slug,
            "starts_at": "2020-01-01T10:00",
            "ends_at": "2020-01-01T09:00",
            "place": "x",
        },
    )
    assert response.status_code == 400
    assert "A meeting must end after it starts." in response.content.decode()


def meeting_post(organization: str, **extra) -> dict:
    start = at(41, 10)
    return {
        "organization": organization,
        "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(start + datetime.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "place": "Qamishlo",
        **extra,
    }


def named_partner(**names):
    """A partner saved as staff save one (its search columns filled)."""
    from partners.services import organization_create

    slug = f"partner-{next(OrganizationMaker.counter)}-{timezone.now().timestamp():.0f}"
    return organization_create(actor=None, slug=slug, **names)


@pytest.fixture
def women_cooperative(db):
    named_partner(name_ar="مجلس بلدية عامودا", name_en="Amuda Municipal Council")
    return named_partner(
        name_ar="تعاونية نساء قامشلو",
        name_en="Qamishlo Women's Cooperative",
        name_latin="Hevgirtina Jinên Qamişlo",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    ["تعاونية نساء قامشلو", "Qamishlo Women's Cooperative", "Qamishlu Womens Cooprative"],
    ids=["arabic", "english", "misspelt"],
)
def test_a_meeting_partner_is_chosen_by_its_name(client, coordinator, women_cooperative, typed):
    application = ApplicationFactory(state=S.APPROVED)
    client.force_login(coordinator)
    response = client.post(
        url("review_meeting_add", application.pk, lang="ar"), meeting_post(typed)
    )
    assert response.status_code == 302, field_errors(response.content.decode(), "id_organization")
    assert application.meetings.get().organization == women_cooperative


@pytest.mark.django_db
def test_an_ambiguous_partner_name_offers_the_candidates(client, coordinator):
    first = named_partner(name_ar="تعاونية الخبز في عامودا", name_en="Amuda Bread Cooperative")
    second = named_partner(
        name_ar="تعاونية الخبز في الدرباسية", name_en="Derbasiyah Bread Cooperative"
    )
    application = ApplicationFactory(state=S.APPROVED)
    client.force_login(coordinator)
    response = client.post(
        url("review_meeting_add", application.pk), meeting_post("Bread Cooperative")
    )
    assert response.status_code == 400
    page = response.content.decode()
    [error] = field_errors(page, "id_organization")
    assert "Amuda Bread Cooperative" in error and "Derbasiyah Bread Cooperative" in error
    assert field_value(page, "id_organization") == "Bread Cooperative"
    assert f'type="radio" name="organization_choice" value="{second.pk}"' in page
    response = client.post(
        url("review_meeting_add", application.pk),
        meeting_post("Bread Cooperative", organization_choice=str(second.pk)),
    )
    assert response.status_code == 302
    assert application.meetings.get().organization == second
    assert not first.delegation_meetings.exists()


@pytest.mark.django_db
def test_an_unknown_partner_name_is_an_error_at_the_field_in_arabic(client, coordinator):
    application = ApplicationFactory(state=S.APPROVED)
    client.force_login(coordinator)
    response = client.post(
        url("review_meeting_add", application.pk, lang="ar"),
        meeting_post("لا يوجد شريك بهذا الاسم"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    [error] = field_errors(page, "id_organization")
    assert "لا يوجد شريك بهذا الاسم" in error
    assert not re.search("[A-Za-z]{3,}", error.replace("لا يوجد شريك بهذا الاسم", ""))


@pytest.mark.django_db
def test_posted_passport_numbers_are_hidden_from_error_reports(client, draft):
    client.force_login(draft.applicant)
    response = client.post(url("apply_step", draft.pk, "members"), member_step(MEMBER))
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


@pytest.mark.django_db
def test_the_review_queue_is_paginated_and_keeps_its_filters(client, coordinator):
    for _ in range(51):
        ApplicationFactory(state=S.SUBMITTED)
    client.force_login(coordinator)
    page = client.get(url("review_list"), {"state": "submitted"}).content.decode()
    assert "state=submitted&amp;page=2" in page
    second = client.get(url("review_list"), {"state": "submitted", "page": 2})
    assert second.status_code == 200
    assert second.context["page"].number == 2
    # The 51st by arrival, with its members counted like the first page's rows.
    last = Application.objects.filter(state=S.SUBMITTED).order_by("arrival_date", "pk").last()
    [row] = second.context["page"].object_list
    assert (row.number, row.member_count) == (str(last.pk), 1)
    beyond = client.get(url("review_list"), {"state": "submitted", "page": 9})
    assert [row.number for row in beyond.context["page"]] == [str(last.pk)]


@pytest.mark.django_db
def test_the_review_queue_shows_the_information_requests_the_applicant_answered(
    client, coordinator
):
    def thread(organization: str, *from_staff: bool) -> None:
        application = ApplicationFactory(state=S.INFORMATION_REQUESTED, organization=organization)
        start = timezone.now() - datetime.timedelta(hours=len(from_staff))
        for hours, staff in enumerate(from_staff):
            message = Message.objects.create(application=application, from_staff=staff, body="x")
            sent = start + datetime.timedelta(hours=hours)
            Message.objects.filter(pk=message.pk).update(created_at=sent)

    thread("Answered Network", True, False)
    thread("Asked Again Network", True, False, True)
    thread("Silent Network", True)
    client.force_login(coordinator)
    filters = {"state": "information_requested", "answered": "on"}
    page = client.get(url("review_list"), filters).content.decode()
    assert "Answered Network" in page
    assert "Asked Again Network" not in page and "Silent Network" not in page


@pytest.mark.django_db
def test_the_review_queue_of_someone_who_handles_no_application_is_empty(applicant):
    from delegations.selectors import QueueFilters, review_queue_page

    ApplicationFactory(state=S.SUBMITTED)
    page = review_queue_page(user=applicant, filters=QueueFilters(), number="1", per_page=50)
    assert (page.paginator.count, list(page)) == (0, [])


def review_queue_queries(client, coordinator) -> int:
    client.force_login(coordinator)
    # Once before counting: the first page of a session notes its second factor.
    client.get(url("review_list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("review_list")).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_review_queue_counts_members_in_a_number_of_queries_that_does_not_grow(
    client, coordinator
):
    ApplicationFactory(state=S.SUBMITTED, organization="Lone Traveller")
    few = review_queue_queries(client, coordinator)
    crowded = ApplicationFactory(state=S.UNDER_REVIEW, organization="Crowded Bus")
    MemberFactory.create_batch(3, application=crowded)
    for _ in range(5):
        ApplicationFactory(state=S.SUBMITTED, coordinator=coordinator)
    ApplicationFactory(state=S.COMPLETED, organization="Long Done")
    ApplicationFactory(state=S.SUBMITTED, organization="Nobody Yet", with_member=False)
    assert review_queue_queries(client, coordinator) == few
    rows = {row.organization: row for row in client.get(url("review_list")).context["page"]}
    assert rows["Crowded Bus"].member_count == 4
    assert rows["Lone Traveller"].member_count == 1
    assert rows["Lone Traveller"].coordinator == ""
    assert rows["Nobody Yet"].member_count == 0
    assert "Long Done" not in rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ar", {"type": "أكاديمي", "state": "قيد المراجعة", "none": "—"}),
        ("en", {"type": "Academic", "state": "Under review", "none": "—"}),
    ],
)
def test_the_review_queue_rows_show_words_dates_names_and_links(client, coordinator, lang, words):
    """Each row as the table has always shown it: the number and the organization linking
    to the application, the type and state in the page's language, the arrival date in
    its table format, the members, the coordinator's name (or a dash), all escaped."""
    coordinator.first_name, coordinator.last_name = "Lina", "<Head> & Co"
    coordinator.save()
    assigned = ApplicationFactory(
        state=S.UNDER_REVIEW, delegation_type="academic", organization='Women\'s <Network> "Q"',
        arrival_date=datetime.date(2031, 3, 9), departure_date=datetime.date(2031, 3, 19),
        coordinator=coordinator,
    )  # fmt: skip
    MemberFactory(application=assigned)
    undated = ApplicationFactory(
        state=S.UNDER_REVIEW, delegation_type="academic", organization="",
        arrival_date=None, departure_date=None,
    )  # fmt: skip
    client.force_login(coordinator)
    page = client.get(url("review_list", lang=lang)).content.decode()
    link = url("review_detail", assigned.pk, lang=lang)
    assert (
        f'<tr>\n<td><a href="{link}">{assigned.pk}</a></td>\n'
        f'<td><bdi><a href="{link}">Women&#x27;s &lt;Network&gt; &quot;Q&quot;</a></bdi></td>\n'
        f"<td>{words['type']}</td>\n<td>{words['state']}</td>\n"
        '<td><time datetime="2031-03-09">2031-03-09</time></td>\n<td>2</td>\n'
        "<td>Lina &lt;Head&gt; &amp; Co</td>\n</tr>"
    ) in page
    link = url("review_detail", undated.pk, lang=lang)
    assert (
        f'<tr>\n<td><a href="{link}">{undated.pk}</a></td>\n'
        f'<td><bdi><a href="{link}"></a></bdi></td>\n'
        f"<td>{words['type']}</td>\n<td>{words['state']}</td>\n"
        f"<td>{words['none']}</td>\n<td>1</td>\n<td>{words['none']}</td>\n</tr>"
    ) in page


@pytest.mark.django_db
def test_coordinators_do_not_see_drafts(client, coordinator, draft):
    client.force_login(coordinator)
    assert client.get(url("review_detail", draft.pk)).status_code == 404
    assert draft.organization not in client.get(url("review_list")).content.decode()
    services.application_submit(application=draft, actor=draft.applicant)
    assert client.get(url("review_detail", draft.pk)).status_code == 200


@pytest.mark.django_db
def test_the_review_queue_filters_by_sector_and_arrival(client, coordinator):
    from diplomacy.taxonomy.models import Sector

    health = Sector.objects.get(slug="health-care")
    early = ApplicationFactory(state=S.SUBMITTED, organization="Early Clinic Friends",
                               arrival_date=in_days(20), departure_date=in_days(25))  # fmt: skip
    early.sectors.add(health)
    ApplicationFactory(state=S.SUBMITTED, organization="Late Teachers",
                       arrival_date=in_days(60), departure_date=in_days(65))  # fmt: skip
    client.force_login(coordinator)
    page = client.get(url("review_list"), {"sector": health.pk}).content.decode()
    assert "Early Clinic Friends" in page and "Late Teachers" not in page
    page = client.get(
        url("review_list"), {"arriving_from": in_days(50).isoformat()}
    ).content.decode()
    assert "Late Teachers" in page and "Early Clinic Friends" not in page
    page = client.get(
        url("review_list"), {"arriving_until": in_days(30).isoformat()}
    ).content.decode()
    assert "Early Clinic Friends" in page and "Late Teachers" not in page


@pytest.mark.django_db
def test_a_coordinator_sees_only_the_applications_assigned_to_them(client, coordinator):
    from tests.delegations.conftest import make_coordinator

    plain = make_coordinator(preferred_language="en")
    mine = ApplicationFactory(state=S.SUBMITTED, organization="Mine Network")
    theirs = ApplicationFactory(state=S.SUBMITTED, organization="Theirs Network")
    services.application_assign_coordinator(application=mine, actor=coordinator, coordinator=plain)
    client.force_login(plain)
    queue = client.get(url("review_list")).content.decode()
    assert "Mine Network" in queue and "Theirs Network" not in queue
    assert 'name="coordinator"' not in queue  # no filter by other people's work
    assert client.get(url("review_detail", mine.pk)).status_code == 200
    for method, address in [
        ("get", url("review_detail", theirs.pk)),
        ("post", url("review_note", theirs.pk)),
        ("post", url("review_transition", theirs.pk, "start_review")),
        ("get", url("itinerary", theirs.pk)),
        ("post", url("message_post", theirs.pk)),
    ]:
        assert getattr(client, method)(address, {"body": "x", "note": "x"}).status_code == 404
    # Their own application, but assigning is the head's: refused, and no form offered.
    assert (
        'action="' + url("review_assign", mine.pk)
        not in client.get(url("review_detail", mine.pk)).content.decode()
    )
    assert client.post(url("review_assign", mine.pk), {"coordinator": ""}).status_code == 403
    # The admin list follows the same rule.
    admin_list = client.get("/admin/delegations/application/").content.decode()
    assert "Mine Network" in admin_list and "Theirs Network" not in admin_list
    assert client.get(f"/admin/delegations/application/{theirs.pk}/change/").status_code == 302


@pytest.mark.django_db
def test_the_review_queue_follows_a_change_of_role_at_once(client):
    """The queue's condition is kept by what it depends on, the roles included: the head
    of delegations who becomes a plain coordinator sees only their own at once."""
    from diplomacy.accounts.roles import HEAD_OF_DELEGATIONS
    from tests.delegations.conftest import make_coordinator

    head = make_coordinator(lead=True, preferred_language="en")
    ApplicationFactory(state=S.SUBMITTED, organization="Theirs Network")
    ApplicationFactory(state=S.SUBMITTED, organization="Mine Network", coordinator=head)
    client.force_login(head)
    assert "Theirs Network" in client.get(url("review_list")).content.decode()
    head.groups.remove(head.groups.get(name=HEAD_OF_DELEGATIONS))
    head.groups.add(make_coordinator().groups.get())
    queue = client.get(url("review_list")).content.decode()
    assert "Mine Network" in queue and "Theirs Network" not in queue


@pytest.mark.django_db
def test_the_queue_filter_shows_a_renamed_sector_at_once(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    """The sector choices a process keeps go with the generation of public content: a
    renamed sector bumps it, and the next page shows the new name."""
    from diplomacy.taxonomy.models import Sector

    settings.PUBLIC_DATA_CACHE = True
    client.force_login(coordinator)
    sector = Sector.objects.get(slug="health-care")
    assert f">{sector.name_en}</option>" in client.get(url("review_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sector.name_en = "Clinics and hospitals"
        sector.save()
    page = client.get(url("review_list")).content.decode()
    assert ">Clinics and hospitals</option>" in page


@pytest.mark.django_db
def test_the_queue_filter_form_is_reused_only_where_it_looks_the_same(client, coordinator):
    """The rendered filter form is kept by what it shows: the head's (with every
    coordinator), a plain coordinator's (without), each language's, each filter's."""
    from tests.delegations.conftest import make_coordinator

    plain = make_coordinator(preferred_language="en", first_name="Newcomer")
    client.force_login(coordinator)
    head_queue = client.get(url("review_list")).content.decode()
    assert 'name="coordinator"' in head_queue and "Newcomer" in head_queue
    assert client.get(url("review_list")).content.decode() == head_queue
    arabic = client.get(url("review_list", lang="ar")).content.decode()
    assert 'name="coordinator"' in arabic and "الحالة" in arabic
    filtered = client.get(url("review_list"), {"coordinator": plain.pk}).content.decode()
    assert f'<option value="{plain.pk}" selected>' in filtered
    latecomer = make_coordinator(preferred_language="en", first_name="Latecomer")
    assert "Latecomer" in client.get(url("review_list")).content.decode()
    latecomer.groups.clear()
    assert "Latecomer" not in client.get(url("review_list")).content.decode()
    client.force_login(plain)
    assert 'name="coordinator"' not in client.get(url("review_list")).content.decode()


def queue_counted(client) -> tuple[int, bool]:
    """The queue's count, and whether the page counted the applications to give it."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url("review_list")).context["page"]
    return page.paginator.count, any(
        q["sql"].startswith("SELECT COUNT(*) FROM delegations_application") for q in queries
    )


@pytest.mark.django_db
def test_the_review_queue_counts_again_only_once_an_application_changed(client, coordinator):
    for _ in range(3):
        ApplicationFactory(state=S.SUBMITTED)
    client.force_login(coordinator)
    count, _counted = queue_counted(client)  # the demo content's open applications too
    assert queue_counted(client) == (count, False)  # kept
    withdrawn = Application.objects.filter(state=S.SUBMITTED).last()
    services.application_withdraw(application=withdrawn, actor=withdrawn.applicant)
    assert queue_counted(client) == (count - 1, True)
    added = ApplicationFactory(state=S.UNDER_REVIEW)
    assert queue_counted(client) == (count, True)
    Application.objects.filter(pk=added.pk).delete()
    assert queue_counted(client) == (count - 1, True)
    assert queue_counted(client) == (count - 1, False)


@pytest.mark.django_db
def test_filters_reading_other_tables_always_count(client, coordinator):
    """Sectors and messages change without an application changing: never kept."""
    ApplicationFactory(state=S.INFORMATION_REQUESTED)
    client.force_login(coordinator)
    filters = {"state": "information_requested", "answered": "on"}
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get(url("review_list"), filters)
        assert any(
            q["sql"].startswith("SELECT COUNT(*) FROM delegations_application") for q in queries
        )


@pytest.mark.django_db
def test_a_deleted_coordinator_s_applications_count_as_not_assigned_at_once(client, coordinator):
    from tests.delegations.conftest import make_coordinator

    leaving = make_coordinator()
    ApplicationFactory(state=S.SUBMITTED, coordinator=leaving)
    client.force_login(coordinator)
    unassigned = {"coordinator": 0}
    before = client.get(url("review_list"), unassigned).context["page"].paginator.count
    leaving.delete()  # SET_NULL: the applications change without a signal of theirs
    after = client.get(url("review_list"), unassigned).context["page"].paginator.count
    assert after == before + 1
