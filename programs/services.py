"""Domain operations on programs, sessions and registrations.

Places are never overbooked: every operation that can take or free a place first locks
the session row (`SELECT … FOR UPDATE`), so decisions about capacity are made one at a
time per session, whatever the number of web processes. Locks are always taken in the
same order — session, then registration — so operations cannot deadlock each other.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diplomacy.accounts.models import User
from diplomacy.audit.services import audit_record
from diplomacy.images import renditions_enqueue, renditions_refresh
from diplomacy.notifications.services import notification_send
from programs import notifications as types
from programs.models import (
    PROGRAM_COVER,
    Event,
    EventMessage,
    Program,
    ProgramPartner,
    Registration,
)
from programs.selectors import registration_calendar_token

REMINDER_LEAD_TIME = timedelta(days=1)


class RegistrationError(Exception):
    """A registration operation refused; `message` is for the person, translated."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


NOTIFICATION_BY_STATUS = {
    Registration.Status.CONFIRMED: types.REGISTRATION_CONFIRMED,
    Registration.Status.WAITING: types.REGISTRATION_WAITING,
    Registration.Status.PENDING: types.REGISTRATION_PENDING,
    Registration.Status.DECLINED: types.REGISTRATION_DECLINED,
    Registration.Status.CANCELLED: types.REGISTRATION_CANCELLED,
}


def _notify_status(*, registration: Registration, context: dict | None = None) -> None:
    """Tell the participant, in their language, with a link to the session's .ics.

    The notifications outbox has no attachments, so the email carries a signed link to
    the participant's own calendar file, which opens without signing in."""
    notification_send(
        type_key=NOTIFICATION_BY_STATUS[Registration.Status(registration.status)],
        target=registration,
        event=registration.status,
        recipient=registration.user,
        context={
            "calendar_token": registration_calendar_token(registration=registration),
            **(context or {}),
        },
    )


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("program").get(pk=event_id)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _has_free_place(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _set_status(*, registration: Registration, status: str, now: datetime) -> None:
    registration.status = status
    registration.status_changed_at = now
    registration.save(update_fields=["status", "status_changed_at"])


def registration_create(
    *, event: Event, user: User, answers: list[dict] | None = None, consent: bool
) -> Registration:
    """Register `user` for `event`: confirmed while places remain (unless staff approve
    each registration), then on the waiting list."""
    if not consent:
        raise RegistrationError(_("Please give your consent to register."))
    with transaction.atomic():
        event = _lock_event(event.pk)
        # Taken under the lock, so the waiting list's order is the order of arrival.
        now = timezone.now()
        if not event.is_open_for_registration(now=now):
            raise RegistrationError(_("Registration for this session is closed."))
        if event.registrations.filter(user=user, status__in=Registration.ACTIVE_STATUSES).exists():
            raise RegistrationError(_("You are already registered for this session."))
        if event.requires_approval:
            status = Registration.Status.PENDING
        elif _has_free_place(event):
            status = Registration.Status.CONFIRMED
        else:
            status = Registration.Status.WAITING
        registration = Registration.objects.create(
            event=event,
            user=user,
            status=status,
            answers=answers or [],
            consent_at=now,
            created_at=now,
            status_changed_at=now,
        )
        audit_record(
            actor=user,
            action="programs.registration_created",
            target=registration,
            data={"event": event.pk, "status": status},
        )
        _notify_status(registration=registration)
    return registration


def _promote_waiting(*, event: Event, actor: User | None, now: datetime) -> list[Registration]:
    """Confirm people from the waiting list, first come first served, while places
    remain. The caller holds the lock on `event`."""
    promoted = []
    waiting = event.registrations.filter(status=Registration.Status.WAITING).select_related("user")
    waiting = waiting.order_by("created_at", "pk")
    if event.capacity is not None:
        # Never negative: staff may have lowered the capacity below the confirmed count.
        free = max(event.capacity - _confirmed_count(event), 0)
        waiting = waiting[:free]
    for registration in waiting:
        _set_status(registration=registration, status=Registration.Status.CONFIRMED, now=now)
        audit_record(
            actor=actor,
            action="programs.registration_promoted",
            target=registration,
            data={"event": event.pk},
        )
        _notify_status(registration=registration, context={"promoted": True})
        promoted.append(registration)
    return promoted


def registration_cancel(*, registration: Registration, actor: User) -> Registration:
    """Cancel an active registration; a freed place goes to the first on the waiting list."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError(_("This registration is no longer active."))
        if event.ends_at < now:
            raise RegistrationError(_("This session is over."))
        freed_place = registration.status == Registration.Status.CONFIRMED
        _set_status(registration=registration, status=Registration.Status.CANCELLED, now=now)
        audit_record(actor=actor, action="programs.registration_cancelled", target=registration)
        _notify_status(registration=registration)
        if freed_place:
            _promote_waiting(event=event, actor=actor, now=now)
    return registration


def registration_approve(*, registration: Registration, actor: User) -> Registration:
    """Staff accept a pending registration: confirmed if a place is free, otherwise on
    the waiting list (and promoted like everyone else on it)."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.PENDING:
            raise RegistrationError(_("Only a registration awaiting approval can be approved."))
        status = (
            Registration.Status.CONFIRMED if _has_free_place(event) else Registration.Status.WAITING
        )
        _set_status(registration=registration, status=status, now=now)
        audit_record(
            actor=actor,
            action="programs.registration_approved",
            target=registration,
            data={"status": status},
        )
        _notify_status(registration=registration)
    return registration


def registration_decline(*, registration: Registration, actor: User) -> Registration:
    now = timezone.now()
    with transaction.atomic():
        _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (Registration.Status.PENDING, Registration.Status.WAITING):
            raise RegistrationError(_("Only a pending or waiting registration can be declined."))
        _set_status(registration=registration, status=Registration.Status.DECLINED, now=now)
        audit_record(actor=actor, action="programs.registration_declined", target=registration)
        _notify_status(registration=registration)
    return registration


def registration_mark_attendance(
    *, registration: Registration, attended: bool | None, actor: User
) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.CONFIRMED:
            raise RegistrationError(_("Attendance is marked for confirmed participants only."))
        registration.attended = attended
        registration.save(update_fields=["attended"])
        audit_record(
            actor=actor,
            action="programs.attendance_marked",
            target=registration,
            data={"attended": attended},
        )
    return registration


def event_fill_places(*, event: Event, actor: User | None) -> list[Registration]:
    """After staff raise the capacity, give the new places to the waiting list."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        promoted = _promote_waiting(event=event, actor=actor, now=timezone.now())
    return promoted


def registration_remind(*, registration_id: int, now: datetime | None = None) -> bool:
    """Send the day-before reminder of one confirmed registration, at most once."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "user")
            .filter(pk=registration_id)
            .first()
        )
        if (
            registration is None
            or registration.status != Registration.Status.CONFIRMED
            or registration.reminder_sent_at is not None
            or registration.event.starts_at <= now
        ):
            return False
        registration.reminder_sent_at = now
        registration.save(update_fields=["reminder_sent_at"])
        notification_send(
            type_key=types.EVENT_REMINDER,
            target=registration,
            event="reminder",
            recipient=registration.user,
            context={"calendar_token": registration_calendar_token(registration=registration)},
        )
    return True


def event_message_send(*, message: EventMessage, actor: User) -> int:
    """Send a staff message to every confirmed participant, each in their language.
    Sending twice sends nothing more."""
    now = timezone.now()
    with transaction.atomic():
        message = EventMessage.objects.select_for_update().get(pk=message.pk)
        if message.sent_at is not None:
            return 0
        registrations = message.event.registrations.filter(
            status=Registration.Status.CONFIRMED
        ).select_related("user")
        count = 0
        for registration in registrations:
            notification_send(
                type_key=types.EVENT_MESSAGE,
                target=message,
                event="sent",
                recipient=registration.user,
                context={"registration_id": registration.pk},
            )
            count += 1
        message.sent_at, message.sent_by, message.recipient_count = now, actor, count
        message.save(update_fields=["sent_at", "sent_by", "recipient_count"])
        audit_record(
            actor=actor,
            action="programs.event_message_sent",
            target=message,
            data={"recipients": count},
        )
    return count


def program_partnership_record(*, partnership: ProgramPartner, actor: User | None) -> None:
    """A new partnership appears in the partner's interaction history."""
    from partners.services import interaction_record

    program = partnership.program
    with transaction.atomic():
        interaction_record(
            organization=partnership.organization,
            kind=PARTNERSHIP_INTERACTION_KIND,
            occurred_on=program.starts_on,
            summary=f"{partnership.get_role_display()}: {program.title}",
            source=program,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="programs.partner_added",
            target=program,
            data={"organization": partnership.organization_id, "role": partnership.role},
        )


PARTNERSHIP_INTERACTION_KIND = "program"


def program_cover_follow(*, program: Program) -> bool:
    """After a program is saved: a new cover gets its renditions from the media worker
    once the save commits; a removed one takes its renditions with it. True when a
    rendering job was scheduled."""
    from programs.tasks import render_cover_renditions

    with transaction.atomic():
        return renditions_enqueue(row=program, image=PROGRAM_COVER, task=render_cover_renditions)


def program_cover_render(*, program_id: int) -> bool:
    """The cover's renditions (diplomacy/images.py); idempotent, True when written."""
    return renditions_refresh(image=PROGRAM_COVER, pk=program_id)


def registration_calendar_link_renew(*, registration: Registration) -> bool:
    """Email the participant the message about their registration again, with a fresh
    calendar link; at most once a day (the day is the event of the idempotent outbox)."""
    sent = notification_send(
        type_key=NOTIFICATION_BY_STATUS[Registration.Status(registration.status)],
        target=registration,
        event=f"fresh-link:{timezone.localdate().isoformat()}",
        recipient=registration.user,
        context={"calendar_token": registration_calendar_token(registration=registration)},
    )
    return sent is not None


def registrations_purge_answers(*, today: date | None = None) -> int:
    """Beat: registration answers are kept PROGRAMS_RETENTION_DAYS after the program
    ends, then emptied (the registration, its status and attendance stay for counts).
    Idempotent: emptied answers are not counted again. Audited per program, counts only."""
    from programs.models import Program

    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.PROGRAMS_RETENTION_DAYS)
    total = 0
    with_answers = Registration.objects.exclude(answers=[]).values("event__program")
    for program in Program.objects.filter(ends_on__lte=cutoff, pk__in=with_answers):
        with transaction.atomic():
            emptied = (
                Registration.objects.filter(event__program=program)
                .exclude(answers=[])
                .update(**{field: [] for field in Registration.PERSONAL_DATA_FIELDS})
            )
            audit_record(
                actor=None,
                action="programs.registration_answers_purged",
                target=program,
                data={"registrations": emptied},
            )
        total += emptied
    return total
