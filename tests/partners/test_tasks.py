import datetime
from email.header import decode_header, make_header

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from diplomacy.notifications.models import Notification
from partners.models import AgreementReminder, Interaction
from partners.services import agreement_reminders_send, organization_update
from partners.tasks import render_logo, send_agreement_reminders, send_follow_up_reminders
from tests.factories import StaffFactory
from tests.partners.conftest import png_bytes
from tests.partners.factories import AgreementFactory, InteractionFactory, OrganizationFactory

TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_agreement_reminder_is_sent_once_per_agreement_and_threshold(
    settings, django_capture_on_commit_callbacks
):
    settings.PARTNERS_AGREEMENT_REMINDER_DAYS = [60, 30, 7]
    owner = StaffFactory(preferred_language="en")
    agreement = AgreementFactory(organization=OrganizationFactory(owner=owner), ends_on=days(25))

    send_agreement_reminders()
    send_agreement_reminders()  # beat runs again: nothing new

    sent = Notification.objects.filter(type_key="partners.agreement_expiring", recipient=owner)
    assert sent.count() == 1
    assert AgreementReminder.objects.filter(agreement=agreement).get().days_before == 30

    # A week before the end: the next threshold, once.
    agreement_reminders_send(today=days(20))
    agreement_reminders_send(today=days(20))
    assert sent.count() == 2
    reminders = AgreementReminder.objects.filter(agreement=agreement)
    assert sorted(reminders.values_list("days_before", flat=True)) == [7, 30]


@pytest.mark.django_db
def test_agreement_far_from_its_end_or_without_end_is_not_reminded():
    owner = StaffFactory()
    AgreementFactory(organization=OrganizationFactory(owner=owner), ends_on=days(200))
    AgreementFactory(organization=OrganizationFactory(owner=owner), ends_on=None)
    AgreementFactory(organization=OrganizationFactory(owner=owner), ends_on=days(-3))
    send_agreement_reminders()
    assert not Notification.objects.filter(recipient=owner).exists()


@pytest.mark.django_db
def test_extended_agreement_is_reminded_again_before_its_new_end():
    owner = StaffFactory()
    agreement = AgreementFactory(organization=OrganizationFactory(owner=owner), ends_on=days(5))
    send_agreement_reminders()
    agreement.ends_on = days(6)
    agreement.save()
    send_agreement_reminders()
    assert Notification.objects.filter(recipient=owner).count() == 2


@pytest.mark.django_db
def test_without_owner_the_partnerships_group_is_reminded(partnerships_staff):
    AgreementFactory(organization=OrganizationFactory(owner=None), ends_on=days(3))
    send_agreement_reminders()
    assert Notification.objects.filter(
        type_key="partners.agreement_expiring", recipient=partnerships_staff
    ).exists()


@pytest.mark.django_db
def test_follow_up_reminder_once_per_follow_up_date():
    owner = StaffFactory()
    interaction = InteractionFactory(follow_up_on=days(-1), follow_up_owner=owner)
    InteractionFactory(follow_up_on=days(3), follow_up_owner=owner)  # not due yet
    InteractionFactory(follow_up_on=days(-3), follow_up_owner=owner, follow_up_done=True)

    send_follow_up_reminders()
    send_follow_up_reminders()
    sent = Notification.objects.filter(type_key="partners.follow_up_due", recipient=owner)
    assert sent.count() == 1

    # Postponed: reminded again when the new date comes.
    Interaction.objects.filter(pk=interaction.pk).update(follow_up_on=TODAY)
    send_follow_up_reminders()
    assert sent.count() == 2


@pytest.mark.django_db
def test_logo_is_resized_into_small_square_renditions(
    media_root, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        organization_update(
            organization=organization,
            actor=None,
            logo=SimpleUploadedFile("logo.png", png_bytes((1600, 900)), content_type="image/png"),
        )
    organization.refresh_from_db()
    assert organization.logo_renditions_of == organization.logo.name
    assert sorted((r["width"], r["height"], r["format"]) for r in organization.logo_renditions) == [
        (64, 36, "png"), (64, 36, "webp"), (128, 72, "png"), (128, 72, "webp"),
        (192, 108, "png"), (192, 108, "webp"), (288, 162, "png"), (288, 162, "webp"),
    ]  # fmt: skip
    for rendition in organization.logo_renditions:
        with Image.open(media_root / rendition["name"]) as image:
            assert image.size == (rendition["width"], rendition["height"])
    # Running again (a retried task) writes nothing more.
    folder = media_root / "partners/logos/renditions" / str(organization.pk)
    files = sorted(folder.iterdir())
    assert not render_logo(organization.pk)
    assert sorted(folder.iterdir()) == files and len(files) == 8


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_reminder_is_mailed_by_a_real_worker_in_the_staff_members_language(
    demo_content, smtp_server, celery_worker_process
):
    arabic_owner = StaffFactory(email="owner-ar@example.org", preferred_language="ar")
    english_owner = StaffFactory(email="owner-en@example.org", preferred_language="en")
    AgreementFactory(
        organization=OrganizationFactory(
            owner=arabic_owner, name_ar="جمعية الجسر", name_en="Bridge Association"
        ),
        ends_on=days(10),
    )
    AgreementFactory(
        organization=OrganizationFactory(
            owner=english_owner, name_ar="جمعية النهر", name_en="River Association"
        ),
        ends_on=days(10),
    )
    send_agreement_reminders.delay()
    send_agreement_reminders.delay()  # twice, as a doubled beat tick would

    messages = smtp_server.wait_for(2)
    assert len(messages) >= 2
    subjects = {m["To"]: str(make_header(decode_header(m["Subject"]))) for m in messages}
    assert "جمعية الجسر" in subjects["owner-ar@example.org"]
    assert "River Association" in subjects["owner-en@example.org"]
    assert "days" in subjects["owner-en@example.org"]
    # The second run found both reminders already recorded: one message each.
    assert (
        Notification.objects.filter(
            type_key="partners.agreement_expiring",
            recipient__in=[arabic_owner, english_owner],
        ).count()
        == 2
    )


def test_logo_task_runs_on_the_media_queue():
    from diplomacy.celery import app

    assert app.amqp.router.route({}, render_logo.name)["queue"].name == "media"
