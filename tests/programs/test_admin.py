import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from diplomacy.accounts.roles import PROGRAMS
from diplomacy.audit.models import AuditEntry
from diplomacy.notifications.models import Notification
from programs.models import Event, EventMessage, ProgramPartner, Registration
from tests.factories import StaffFactory
from tests.programs.factories import (
    EventFactory,
    OrganizationFactory,
    ProgramFactory,
    RegistrationFactory,
)
from tests.reauthentication import reauthenticated
from tests.sitemaps import sitemap_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs_staff(client):
    member = StaffFactory()
    member.groups.add(Group.objects.get(name=PROGRAMS))
    client.force_login(member)
    reauthenticated(client, member)  # exports ask for the password again
    return member


def changelist_action(client, action: str, registrations) -> object:
    return client.post(
        reverse("admin:programs_registration_changelist"),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
    )


def test_programs_group_can_manage_programs_and_see_participants(client, programs_staff):
    assert client.get(reverse("admin:programs_program_add")).status_code == 200
    assert client.get(reverse("admin:programs_event_add")).status_code == 200
    assert client.get(reverse("admin:programs_registration_changelist")).status_code == 200
    # Registrations come from participants only.
    assert client.get("/admin/programs/registration/add/").status_code == 403


def test_export_csv_keeps_arabic_and_neutralizes_formulas(client, programs_staff):
    registration = RegistrationFactory(
        user__first_name="ليلى",
        user__last_name="حسن",
        answers=[{"question_id": 7, "question": "Profession", "answer": "=HYPERLINK(1)"}],
    )
    response = changelist_action(client, "export_csv", [registration])
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][-1] == "Profession"
    assert rows[1][0] == "ليلى حسن"
    assert rows[1][1] == registration.user.email
    assert rows[1][-1] == "'=HYPERLINK(1)"


def test_exporting_participants_asks_for_the_password_again_and_is_recorded(client):
    member = StaffFactory()
    member.groups.add(Group.objects.get(name=PROGRAMS))
    client.force_login(member)
    registration = RegistrationFactory()
    response = changelist_action(client, "export_csv", [registration])
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not AuditEntry.objects.filter(action="programs.participants_exported").exists()
    # Confirming the password replays the suspended action: the file comes.
    response = client.post(response["Location"], {"password": "correct horse battery staple"})
    assert registration.user.email in response.content.decode("utf-8-sig")
    entry = AuditEntry.objects.get(action="programs.participants_exported")
    assert entry.actor == member and entry.data == {"count": 1, "format": "csv"}


def test_export_xlsx_opens_with_one_row_per_participant(client, programs_staff):
    event = EventFactory()
    registrations = [RegistrationFactory(event=event) for _ in range(3)]
    response = changelist_action(client, "export_xlsx", registrations)
    sheet = load_workbook(io.BytesIO(response.content)).active
    emails = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(emails) == sorted(r.user.email for r in registrations)


def test_attendance_and_approval_actions_go_through_the_services(client, programs_staff):
    event = EventFactory(requires_approval=True, capacity=5)
    pending = RegistrationFactory(event=event, status=Registration.Status.PENDING)
    confirmed = RegistrationFactory(event=event)
    changelist_action(client, "approve", [pending])
    changelist_action(client, "mark_attended", [confirmed])
    pending.refresh_from_db(), confirmed.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED
    assert confirmed.attended is True
    assert Notification.objects.filter(
        recipient=pending.user, type_key="programs.registration_confirmed"
    ).exists()


def test_session_times_are_typed_in_the_sessions_zone(client, programs_staff):
    program = ProgramFactory()
    data = {
        "program": program.pk, "kind": "seminar", "title_ar": "ندوة", "title_en": "Seminar",
        "time_zone": "Europe/Brussels",
        "starts_at_0": "2031-07-01", "starts_at_1": "18:00",
        "ends_at_0": "2031-07-01", "ends_at_1": "20:00",
        "accepts_registrations": "on", "capacity": "10",
    }  # fmt: skip
    response = client.post(reverse("admin:programs_event_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(program=program)
    brussels = ZoneInfo("Europe/Brussels")
    assert event.starts_at == datetime(2031, 7, 1, 18, 0, tzinfo=brussels)
    # And shown back as typed.
    form = client.get(reverse("admin:programs_event_change", args=[event.pk])).content.decode()
    assert 'value="18:00:00"' in form or 'value="18:00"' in form


def test_staff_message_is_sent_to_confirmed_participants(client, programs_staff):
    event = EventFactory()
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    response = client.post(
        reverse("admin:programs_eventmessage_add"),
        {
            "event": event.pk,
            "subject_ar": "تغيير القاعة",
            "subject_en": "Room change",
            "body_ar": "القاعة الكبرى",
            "body_en": "The main hall",
        },
    )
    assert response.status_code == 302
    message = EventMessage.objects.get()
    assert message.recipient_count == 1
    assert list(
        Notification.objects.filter(type_key="programs.event_message").values_list(
            "recipient", flat=True
        )
    ) == [confirmed.user_id]


def test_a_new_partnership_appears_in_the_partners_history(client, programs_staff):
    from partners.models import Interaction

    program = ProgramFactory()
    organization = OrganizationFactory()
    partnership = ProgramPartner.objects.create(
        program=program, organization=organization, role=ProgramPartner.Role.HOST
    )
    from programs.services import program_partnership_record

    program_partnership_record(partnership=partnership, actor=programs_staff)
    program_partnership_record(partnership=partnership, actor=programs_staff)
    interaction = Interaction.objects.get(organization=organization)
    assert interaction.kind == Interaction.Kind.PROGRAM
    assert program.title in interaction.summary


def test_staff_cancellation_promotes_the_waiting_list(client, programs_staff):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    changelist_action(client, "cancel", [confirmed])
    confirmed.refresh_from_db(), waiting.refresh_from_db()
    assert confirmed.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED


def test_sitemap_lists_published_programs_in_both_languages(client):
    ProgramFactory(slug="in-sitemap")
    ProgramFactory(slug="not-in-sitemap", is_published=False)
    locations = " ".join(sitemap_entries(client))
    assert "/ar/programs/in-sitemap/" in locations and "/en/programs/in-sitemap/" in locations
    assert "not-in-sitemap" not in locations


def test_adding_a_partner_in_the_program_form_writes_the_partners_history(client, programs_staff):
    from partners.models import Interaction

    program = ProgramFactory()
    organization = OrganizationFactory()
    management = {}
    for prefix in ("partnerships", "questions", "events"):
        management.update(
            {
                f"{prefix}-TOTAL_FORMS": "1" if prefix == "partnerships" else "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = client.post(
        reverse("admin:programs_program_change", args=[program.pk]),
        {
            "title_ar": program.title_ar,
            "title_en": program.title_en,
            "slug": program.slug,
            "kind": program.kind,
            "state": program.state,
            "is_published": "on",
            "starts_on": program.starts_on.isoformat(),
            "ends_on": program.ends_on.isoformat(),
            "partnerships-0-organization": organization.pk,
            "partnerships-0-role": "funder",
            "partnerships-0-position": "0",
            **management,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert program.partnerships.get().organization == organization
    interaction = Interaction.objects.get(organization=organization)
    assert interaction.kind == Interaction.Kind.PROGRAM


def test_cover_image_is_stored_without_its_location(client, programs_staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (36.0, 57.0, 0.0)}  # GPS: Qamishlo's latitude
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif().get_ifd(0x8825)
    program = ProgramFactory()
    management = {}
    for prefix in ("partnerships", "questions", "events"):
        management.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = client.post(
        reverse("admin:programs_program_change", args=[program.pk]),
        {
            "title_ar": program.title_ar,
            "title_en": program.title_en,
            "slug": program.slug,
            "kind": program.kind,
            "state": program.state,
            "is_published": "on",
            "starts_on": program.starts_on.isoformat(),
            "ends_on": program.ends_on.isoformat(),
            "cover_image": SimpleUploadedFile("photo.jpg", buffer.getvalue(), "image/jpeg"),
            **management,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    program.refresh_from_db()
    assert (program.cover_width, program.cover_height) == (40, 30)
    with Image.open(program.cover_image.path) as stored:
        assert not stored.getexif().get_ifd(0x8825)
