"""Work for the staff dashboard to count: staff of each role and items that need them."""

import datetime

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from delegations.models import ApplicationState, Message
from diplomacy.accounts import roles
from diplomacy.notifications.models import NewsletterAnnouncement, Notification
from diplomacy.notifications.notifications import NEWSLETTER_ISSUE
from diplomacy.translation.models import TranslationJob
from partners.models import Interaction
from programs.models import Registration
from tests.delegations.factories import ApplicationFactory, in_days
from tests.factories import StaffFactory
from tests.partners.factories import AgreementFactory, OrganizationFactory
from tests.programs.factories import EventFactory, RegistrationFactory


def staff_in(role: str, **kwargs):
    member = StaffFactory(**kwargs)
    member.groups.add(Group.objects.get(name=role))
    return member


def add_applications(*, coordinator) -> None:
    """One application per figure the delegations section shows."""
    ApplicationFactory(state=ApplicationState.SUBMITTED, coordinator=coordinator)
    ApplicationFactory(state=ApplicationState.SUBMITTED)
    ApplicationFactory(state=ApplicationState.UNDER_REVIEW, coordinator=coordinator)
    answered = ApplicationFactory(
        state=ApplicationState.INFORMATION_REQUESTED, coordinator=coordinator
    )
    Message.objects.create(application=answered, author=coordinator, from_staff=True, body="?")
    Message.objects.create(application=answered, author=answered.applicant, body="Here it is.")
    waiting = ApplicationFactory(
        state=ApplicationState.INFORMATION_REQUESTED, coordinator=coordinator
    )
    Message.objects.create(application=waiting, author=coordinator, from_staff=True, body="?")
    ApplicationFactory(
        state=ApplicationState.SCHEDULED, coordinator=coordinator, arrival_date=in_days(5)
    )
    ApplicationFactory(state=ApplicationState.APPROVED, arrival_date=in_days(10))
    # Outside the fourteen days, and closed: not counted.
    ApplicationFactory(state=ApplicationState.SCHEDULED, arrival_date=in_days(30))
    ApplicationFactory(state=ApplicationState.DECLINED, coordinator=coordinator)


def add_partner_work() -> None:
    today = timezone.localdate()
    AgreementFactory(ends_on=today + datetime.timedelta(days=20))
    AgreementFactory(ends_on=today + datetime.timedelta(days=90))  # later: not counted
    organization = OrganizationFactory()
    for days, done in ((-3, False), (0, False), (-1, True), (4, False)):
        Interaction.objects.create(
            organization=organization,
            occurred_on=today - datetime.timedelta(days=10),
            summary="Talked about the next visit.",
            follow_up_on=today + datetime.timedelta(days=days),
            follow_up_done=done,
        )


def add_sessions() -> None:
    """A session in three days, full with one waiting; one in three weeks (not counted)."""
    soon = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=3), capacity=2)
    RegistrationFactory.create_batch(2, event=soon)
    RegistrationFactory(event=soon, status=Registration.Status.WAITING)
    EventFactory(starts_at=timezone.now() + datetime.timedelta(days=21))


def add_jobs_and_emails(*, about) -> None:
    content_type = ContentType.objects.get_for_model(about)
    # One open job per object and target language: one into each language.
    for source, target, state in [
        ("ar", "en", TranslationJob.State.IN_REVIEW),
        ("en", "ar", TranslationJob.State.FAILED),
    ]:
        TranslationJob.objects.create(
            content_type=content_type, object_id=str(about.pk), source_language=source,
            target_language=target, state=state, object_label=str(about),
        )  # fmt: skip
    common = {"target_content_type": content_type, "target_object_id": str(about.pk)}
    for number, (status, type_key) in enumerate(
        [
            (Notification.Status.FAILED, "partners.follow_up_due"),
            (Notification.Status.PENDING, NEWSLETTER_ISSUE),
            (Notification.Status.SENT, NEWSLETTER_ISSUE),
        ]
    ):
        Notification.objects.create(
            **common, type_key=type_key, status=status, language="ar",
            email=f"reader{number}-{about.pk}@example.org",
            idempotency_key=f"dashboard-{about.pk}-{number}-{timezone.now().timestamp()}",
        )  # fmt: skip
    NewsletterAnnouncement.objects.create(
        **common, language="ar", title="Announcement", url="/ar/", fanned_out_at=None
    )


def add_work(*, coordinator) -> None:
    add_applications(coordinator=coordinator)
    add_partner_work()
    add_sessions()
    add_jobs_and_emails(about=OrganizationFactory())


ROLES_AND_SECTIONS = {
    roles.ADMINISTRATORS: {"delegations", "translation", "sessions", "partners", "emails"},
    roles.EDITORS: {"emails"},
    roles.TRANSLATORS: {"translation"},
    roles.PARTNERSHIPS: {"partners"},
    roles.DELEGATION_COORDINATORS: {"delegations"},
    roles.HEAD_OF_DELEGATIONS: {"delegations"},
    roles.PROGRAMS: {"sessions"},
}
