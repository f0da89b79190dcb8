"""Domain operations on delegation applications: drafts, the review workflow, messages,
itineraries and the protection of applicants' personal data."""

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegations.models import (
    CLOSED_STATES,
    EDITABLE_STATES,
    Application,
    ApplicationState,
    InternalNote,
    Meeting,
    MeetingStatus,
    Member,
    Message,
)
from delegations.notifications import (
    APPLICATION_ASSIGNED,
    APPLICATION_RECEIVED,
    APPLICATION_STALLED,
    APPLICATION_STATE_CHANGED,
    APPLICATION_SUBMITTED,
    MESSAGE_RECEIVED,
    PERSONAL_DATA_REVEALS,
)
from delegations.roles import (
    PERSONAL_DATA_PERMISSION,
    administrators,
    handles,
    heads_of_delegations,
    is_coordinator,
    may_assign,
)
from delegations.validation import normalize_passport_number, visit_dates_errors
from diplomacy.accounts.models import User
from diplomacy.audit.services import audit_record
from diplomacy.jobs.services import enqueue_on_commit
from diplomacy.notifications.services import notification_send
from diplomacy.taxonomy.models import Sector
from partners.models import Organization

APPLICANT = "applicant"
COORDINATOR = "coordinator"


class TransitionNotAllowed(Exception):
    """The application is not in a state from which this step may be taken."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    role: str
    label: Any


S = ApplicationState
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", (S.DRAFT,), S.SUBMITTED, APPLICANT, _("Submit")),
        Transition("resubmit", (S.INFORMATION_REQUESTED,), S.SUBMITTED, APPLICANT, _("Resubmit")),
        Transition("start_review", (S.SUBMITTED,), S.UNDER_REVIEW, COORDINATOR, _("Start review")),
        Transition(
            "request_information",
            (S.SUBMITTED, S.UNDER_REVIEW),
            S.INFORMATION_REQUESTED,
            COORDINATOR,
            _("Request information"),
        ),
        Transition("approve", (S.UNDER_REVIEW,), S.APPROVED, COORDINATOR, _("Approve")),
        Transition(
            "decline",
            (S.SUBMITTED, S.UNDER_REVIEW, S.INFORMATION_REQUESTED),
            S.DECLINED,
            COORDINATOR,
            _("Decline"),
        ),
        Transition("schedule", (S.APPROVED,), S.SCHEDULED, COORDINATOR, _("Confirm the itinerary")),
        Transition("start_visit", (S.SCHEDULED,), S.IN_PROGRESS, COORDINATOR, _("Start the visit")),
        Transition("complete", (S.IN_PROGRESS,), S.COMPLETED, COORDINATOR, _("Complete the visit")),
        Transition(
            "withdraw",
            (S.SUBMITTED, S.UNDER_REVIEW, S.INFORMATION_REQUESTED, S.APPROVED, S.SCHEDULED),
            S.WITHDRAWN,
            APPLICANT,
            _("Withdraw"),
        ),
        Transition(
            "cancel",
            (S.APPROVED, S.SCHEDULED, S.IN_PROGRESS),
            S.CANCELLED,
            COORDINATOR,
            _("Cancel"),
        ),
    ]
}


def transitions_available(*, application: Application, user: User) -> list[Transition]:
    """The steps this user may take now (for buttons; the services check again)."""
    return [
        t
        for t in TRANSITIONS.values()
        if application.state in t.sources and _has_role(user, application, t.role)
    ]


def _has_role(user: User, application: Application, role: str) -> bool:
    if role == APPLICANT:
        return user.pk is not None and user.pk == application.applicant_id
    return handles(user, application)


def _transition(
    *,
    application: Application,
    actor: User,
    name: str,
    note: str = "",
    check: Callable[[Application], None] | None = None,
) -> Application:
    transition = TRANSITIONS[name]
    if not _has_role(actor, application, transition.role):
        raise PermissionDenied(f"{name} is for the {transition.role}")
    with transaction.atomic():
        # The row lock makes a double click or two coordinators at once take a step once.
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.state not in transition.sources:
            raise TransitionNotAllowed(f"cannot {name} an application that is {locked.state}")
        if check is not None:
            check(locked)
        previous = locked.state
        now = timezone.now()
        locked.state = transition.target
        fields = ["state", "updated_at"]
        if name == "submit" and locked.submitted_at is None:
            locked.submitted_at = now
            fields.append("submitted_at")
        if transition.target in CLOSED_STATES:
            locked.closed_at = now
            fields.append("closed_at")
        locked.save(update_fields=fields)
        entry = audit_record(
            actor=actor,
            action=f"delegations.application.{name}",
            target=locked,
            note=note,
            data={"from": previous, "to": transition.target},
        )
        _notify_transition(application=locked, actor=actor, name=name, note=note, event=entry.pk)
        if transition.target in CLOSED_STATES and locked.deletion_requested_at:
            from delegations.tasks import purge_application_personal_data

            enqueue_on_commit(purge_application_personal_data, locked.pk)
    for field in fields:
        setattr(application, field, getattr(locked, field))
    return application


def _notify_transition(
    *, application: Application, actor: User, name: str, note: str, event: int
) -> None:
    context = {"state": application.state, "transition": name, "note": note}
    if name in ("submit", "resubmit"):
        notification_send(
            type_key=APPLICATION_SUBMITTED.key,
            target=application,
            event=f"{name}:{event}",
            recipient=application.applicant,
            context=context,
        )
        # New applications go to the heads of delegations, who assign them; the assigned
        # coordinator hears about a resubmission.
        staff = {head.pk: head for head in heads_of_delegations()}
        if application.coordinator is not None:
            staff[application.coordinator.pk] = application.coordinator
        for coordinator in staff.values():
            notification_send(
                type_key=APPLICATION_RECEIVED.key,
                target=application,
                event=f"{name}:{event}",
                recipient=coordinator,
                context=context,
            )
        return
    notification_send(
        type_key=APPLICATION_STATE_CHANGED.key,
        target=application,
        event=f"{name}:{event}",
        recipient=application.applicant,
        context=context,
    )
    coordinator = application.coordinator
    if coordinator is not None and coordinator.pk != getattr(actor, "pk", None):
        notification_send(
            type_key=APPLICATION_STATE_CHANGED.key,
            target=application,
            event=f"{name}:{event}",
            recipient=coordinator,
            context=context,
        )


# --- The applicant's side -------------------------------------------------------------


def application_draft_get_or_create(*, applicant: User) -> Application:
    """The applicant's one draft; saving twice (or a double click) never makes a second."""
    existing = Application.objects.filter(applicant=applicant, state=S.DRAFT).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=applicant, lead_name=applicant.get_full_name()
            )
            audit_record(
                actor=applicant, action="delegations.application.draft", target=application
            )
            return application
    except IntegrityError:
        # Another request created it between our read and our insert.
        return Application.objects.get(applicant=applicant, state=S.DRAFT)


def application_update(
    *,
    application: Application,
    actor: User,
    fields: dict[str, Any],
    sectors: Iterable[Sector] | None = None,
) -> Application:
    """Save what the applicant wrote on one step of the form."""
    if actor.pk != application.applicant_id:
        raise PermissionDenied("only the applicant edits an application")
    allowed = {
        "lead_name", "lead_phone", "organization", "organization_country",
        "organization_website", "delegation_type", "purpose", "meeting_interests",
        "arrival_date", "departure_date", "entry_route", "entry_details", "languages",
        "plans_filming", "plans_publishing", "media_details", "safety_acknowledged",
    }  # fmt: skip
    unknown = set(fields) - allowed - {"data_consent"}
    if unknown:
        raise ValueError(f"not application fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.state not in EDITABLE_STATES:
            raise TransitionNotAllowed("this application can no longer be changed")
        changed = ["updated_at"]
        for name, value in fields.items():
            if name == "data_consent":
                consent_at = (locked.data_consent_at or timezone.now()) if value else None
                locked.data_consent_at = consent_at
                changed.append("data_consent_at")
            else:
                setattr(locked, name, value)
                changed.append(name)
        locked.save(update_fields=changed)
        if sectors is not None:
            locked.sectors.set(sectors)
    return locked


def application_members_save(
    *, application: Application, actor: User, members: list[dict[str, Any]], deleted_ids: list[int]
) -> list[Member]:
    """Add, change and remove members. A blank passport number or date of birth on an
    existing member keeps the stored one (it is never sent back to the browser)."""
    if actor.pk != application.applicant_id:
        raise PermissionDenied("only the applicant edits an application")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.state not in EDITABLE_STATES:
            raise TransitionNotAllowed("this application can no longer be changed")
        locked.members.filter(pk__in=deleted_ids).delete()
        saved = []
        for position, data in enumerate(members):
            data = dict(data)
            member_id = data.pop("id", None)
            member = locked.members.get(pk=member_id) if member_id else Member(application=locked)
            for name, value in data.items():
                if name in ("passport_number", "date_of_birth") and not value and member.pk:
                    continue
                if name == "passport_number":
                    value = normalize_passport_number(value)
                setattr(member, name, value)
            member.position = position
            member.save()
            saved.append(member)
        locked.save(update_fields=["updated_at"])
    return saved


def _check_complete(application: Application) -> None:
    """Everything a submitted application must have; errors keyed by field."""
    errors: dict[str, Any] = {}
    required = ["lead_name", "organization", "organization_country", "delegation_type", "purpose"]
    for name in required:
        if not getattr(application, name):
            errors[name] = ValidationError(_("This field is required."), code="required")
    for name in ("arrival_date", "departure_date"):
        if not getattr(application, name):
            errors[name] = ValidationError(_("This field is required."), code="required")
    errors.update(visit_dates_errors(application.arrival_date, application.departure_date))
    if not application.entry_route:
        errors["entry_route"] = ValidationError(_("This field is required."), code="required")
    if not application.members.exists():
        errors["members"] = ValidationError(
            _("Add at least one member of the delegation."), code="no_members"
        )
    if not application.safety_acknowledged:
        errors["safety_acknowledged"] = ValidationError(
            _("Please confirm that you have read the safety information."), code="safety"
        )
    if not application.data_consent_at:
        errors["data_consent"] = ValidationError(
            _("We can only process your application with your consent."), code="consent"
        )
    if errors:
        raise ValidationError(errors)


def application_missing_fields(*, application: Application) -> list[str]:
    """Names of what the application still lacks for submission (empty when complete)."""
    try:
        _check_complete(application)
    except ValidationError as error:
        return list(error.message_dict)
    return []


def application_submit(*, application: Application, actor: User) -> Application:
    return _transition(application=application, actor=actor, name="submit", check=_check_complete)


def application_resubmit(*, application: Application, actor: User, note: str = "") -> Application:
    return _transition(
        application=application, actor=actor, name="resubmit", note=note, check=_check_complete
    )


def application_withdraw(*, application: Application, actor: User, note: str = "") -> Application:
    return _transition(application=application, actor=actor, name="withdraw", note=note)


# --- The coordinators' side -----------------------------------------------------------


def application_start_review(
    *, application: Application, actor: User, note: str = ""
) -> Application:
    return _transition(application=application, actor=actor, name="start_review", note=note)


def application_request_information(
    *, application: Application, actor: User, note: str
) -> Application:
    """Ask the applicant a question: the question also goes into the message thread."""
    if not note.strip():
        raise ValidationError({"note": _("Write what you need to know.")})
    with transaction.atomic():
        _transition(application=application, actor=actor, name="request_information", note=note)
        Message.objects.create(application=application, author=actor, from_staff=True, body=note)
    return application


def application_approve(*, application: Application, actor: User, note: str = "") -> Application:
    return _transition(application=application, actor=actor, name="approve", note=note)


def application_decline(*, application: Application, actor: User, note: str = "") -> Application:
    return _transition(application=application, actor=actor, name="decline", note=note)


def _check_has_confirmed_meeting(application: Application) -> None:
    if not application.meetings.filter(status=MeetingStatus.CONFIRMED).exists():
        raise ValidationError(
            _("Confirm at least one meeting before confirming the itinerary."), code="no_meetings"
        )


def application_schedule(*, application: Application, actor: User, note: str = "") -> Application:
    return _transition(
        application=application,
        actor=actor,
        name="schedule",
        note=note,
        check=_check_has_confirmed_meeting,
    )


def application_start_visit(
    *, application: Application, actor: User, note: str = ""
) -> Application:
    return _transition(application=application, actor=actor, name="start_visit", note=note)


def application_complete(*, application: Application, actor: User, note: str = "") -> Application:
    return _transition(application=application, actor=actor, name="complete", note=note)


def application_cancel(*, application: Application, actor: User, note: str = "") -> Application:
    return _transition(application=application, actor=actor, name="cancel", note=note)


TRANSITION_SERVICES = {
    "submit": application_submit,
    "resubmit": application_resubmit,
    "withdraw": application_withdraw,
    "start_review": application_start_review,
    "request_information": application_request_information,
    "approve": application_approve,
    "decline": application_decline,
    "schedule": application_schedule,
    "start_visit": application_start_visit,
    "complete": application_complete,
    "cancel": application_cancel,
}


def application_assign_coordinator(
    *, application: Application, actor: User, coordinator: User
) -> Application:
    """The head of delegations gives an application to a coordinator (or takes it back);
    the coordinator is told in their own language."""
    if not may_assign(actor):
        raise PermissionDenied("only the head of delegations assigns applications")
    if coordinator is not None and not is_coordinator(coordinator):
        raise ValidationError({"coordinator": _("This person is not a delegation coordinator.")})
    with transaction.atomic():
        previous = application.coordinator_id
        application.coordinator = coordinator
        application.save(update_fields=["coordinator", "updated_at"])
        entry = audit_record(
            actor=actor,
            action="delegations.application.assign",
            target=application,
            data={"from": previous, "coordinator": coordinator.pk if coordinator else None},
        )
        if coordinator is not None and coordinator.pk != actor.pk:
            notification_send(
                type_key=APPLICATION_ASSIGNED.key,
                target=application,
                event=f"assign:{entry.pk}",
                recipient=coordinator,
                context={"state": application.state},
            )
    return application


def application_note_add(*, application: Application, author: User, body: str) -> InternalNote:
    if not handles(author, application):
        raise PermissionDenied("internal notes are for the application's coordinators")
    with transaction.atomic():
        note = InternalNote.objects.create(application=application, author=author, body=body)
        audit_record(actor=author, action="delegations.note.add", target=application)
    return note


def message_post(
    *, application: Application, author: User, body: str, attachment: UploadedFile | None = None
) -> Message:
    """A message in the thread; the other side is told."""
    from_staff = handles(author, application) and author.pk != application.applicant_id
    if not from_staff and author.pk != application.applicant_id:
        raise PermissionDenied("not a participant of this thread")
    if application.personal_data_purged_at or application.state == S.DRAFT:
        raise TransitionNotAllowed("messages start once an application is submitted")
    with transaction.atomic():
        message = Message(application=application, author=author, from_staff=from_staff, body=body)
        if attachment is not None:
            message.attachment = attachment
        message.save()
        audit_record(
            actor=author, action="delegations.message.post", target=application,
            data={"message": message.pk},
        )  # fmt: skip
        recipients: Iterable[User]
        if from_staff:
            recipients = [application.applicant]
        else:
            recipients = (
                [application.coordinator] if application.coordinator else heads_of_delegations()
            )
        for recipient in recipients:
            notification_send(
                type_key=MESSAGE_RECEIVED.key,
                target=application,
                event=f"message:{message.pk}",
                recipient=recipient,
                context={"from_staff": from_staff},
            )
    return message


REVEAL_REASON_MIN_WORDS = 3


def reveal_reason_errors(reason: str) -> list[str]:
    """A reason someone else can understand later: a few words, not "x" or "check"."""
    if len(reason.split()) < REVEAL_REASON_MIN_WORDS or len(reason.strip()) < 10:
        return [
            _("Explain in at least %(count)d words why you need this data.")
            % {"count": REVEAL_REASON_MIN_WORDS}
        ]
    return []


def personal_data_open(*, application: Application, actor: User, reason: str) -> list[Member]:
    """A coordinator opens passport numbers and dates of birth on purpose, with a reason;
    it is audited, and many openings within an hour alert the administrators."""
    if not (handles(actor, application) and actor.has_perm(PERSONAL_DATA_PERMISSION)):
        raise PermissionDenied("not allowed to open personal data")
    errors = reveal_reason_errors(reason)
    if errors:
        raise ValidationError({"reason": errors})
    members = list(application.members.all())
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=PERSONAL_DATA_OPEN,
            target=application,
            note=reason.strip(),
            data={"members": [member.pk for member in members]},
        )
        _alert_on_many_reveals(actor=actor)
    return members


PERSONAL_DATA_OPEN = "delegations.personal_data.open"


def _alert_on_many_reveals(*, actor: User) -> None:
    from django.conf import settings

    from diplomacy.audit.models import AuditEntry

    limit = settings.PASSPORT_REVEAL_ALERT_PER_HOUR
    now = timezone.now()
    count = AuditEntry.objects.filter(
        actor=actor, action=PERSONAL_DATA_OPEN, created_at__gte=now - datetime.timedelta(hours=1)
    ).count()
    if count <= limit:
        return
    # One alert per person and clock hour, however many more openings follow.
    event = f"reveals:{now:%Y-%m-%dT%H}"
    for administrator in administrators():
        notification_send(
            type_key=PERSONAL_DATA_REVEALS.key,
            target=actor,
            event=event,
            recipient=administrator,
            context={"count": count, "limit": limit, "person": str(actor)},
        )


# --- Itinerary ------------------------------------------------------------------------

ITINERARY_STATES = (S.APPROVED, S.SCHEDULED, S.IN_PROGRESS)


def meeting_add(
    *,
    application: Application,
    actor: User,
    organization: Organization,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    interpreter: str = "",
) -> Meeting:
    if not handles(actor, application):
        raise PermissionDenied("itineraries are built by the application's coordinators")
    if application.state not in ITINERARY_STATES:
        raise TransitionNotAllowed("meetings are planned once an application is approved")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A meeting must end after it starts.")})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            application=application,
            organization=organization,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            interpreter=interpreter,
        )
        audit_record(
            actor=actor, action="delegations.meeting.add", target=application,
            data={"meeting": meeting.pk, "organization": organization.pk},
        )  # fmt: skip
    return meeting


def meeting_set_status(*, meeting: Meeting, actor: User, status: str) -> Meeting:
    """Confirmed meetings go into the partner's interaction history."""
    if not handles(actor, meeting.application):
        raise PermissionDenied("itineraries are built by the application's coordinators")
    if status not in MeetingStatus.values:
        raise ValueError(status)
    with transaction.atomic():
        meeting.status = status
        meeting.save(update_fields=["status"])
        audit_record(
            actor=actor, action="delegations.meeting.status", target=meeting.application,
            data={"meeting": meeting.pk, "status": status},
        )  # fmt: skip
        if status == MeetingStatus.CONFIRMED:
            from partners.services import interaction_record

            application = meeting.application
            interaction_record(
                organization=meeting.organization,
                kind="delegation",
                occurred_on=timezone.localtime(meeting.starts_at).date(),
                summary=(
                    f"{application.organization} ({application.get_delegation_type_display()})"
                    f" — {meeting.place}"
                ),
                source=meeting,
                actor=actor,
            )
    return meeting


# --- Personal data: export, deletion, retention ---------------------------------------


def _redact_notifications_about(*, target: models.Model) -> int:
    """Outbox rows keep the address and the rendered text: empty them (rows stay, so
    the idempotency keys still stop a second message about the same event)."""
    from django.contrib.contenttypes.models import ContentType

    from diplomacy.notifications.models import Notification

    return Notification.objects.filter(
        target_content_type=ContentType.objects.get_for_model(target),
        target_object_id=str(target.pk),
    ).update(email="", subject="", body_text="", context={}, last_error="")


def application_purge_personal_data(*, application: Application, actor: User | None = None) -> bool:
    """Delete members' personal data, keep anonymous statistics. Idempotent.

    Reads PERSONAL_DATA_FIELDS of each model, so a field declared personal is emptied."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.personal_data_purged_at:
            return False
        members = list(locked.members.all())
        locked.statistics = {
            "members": len(members),
            "needing_interpretation": sum(m.needs_interpretation for m in members),
            "nationalities": dict(Counter(str(m.nationality) for m in members)),
        }
        locked.members.all().delete()
        for message in locked.messages.exclude(attachment=""):
            message.attachment.delete(save=False)
        redacted = {"members": len(members)}
        for model, related in (
            (Message, "messages"),
            (InternalNote, "notes"),
            (Meeting, "meetings"),
        ):
            redacted[related] = getattr(locked, related).update(
                **dict.fromkeys(model.PERSONAL_DATA_FIELDS, "")
            )
        redacted["notifications"] = _redact_notifications_about(target=locked)
        for field in Application.PERSONAL_DATA_FIELDS:
            setattr(locked, field, "")
        locked.personal_data_purged_at = timezone.now()
        locked.save(
            update_fields=[
                *Application.PERSONAL_DATA_FIELDS, "statistics", "personal_data_purged_at",
                "updated_at",
            ]
        )  # fmt: skip
        audit_record(
            actor=actor, action="delegations.personal_data.purge", target=locked, data=redacted
        )
    application.personal_data_purged_at = locked.personal_data_purged_at
    return True


def applications_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """The retention rule, run by Celery beat: purge what is past its time."""
    from delegations.selectors import applications_due_for_purge

    count = 0
    for application in applications_due_for_purge(now=now or timezone.now()):
        count += application_purge_personal_data(application=application)
    return count


def _stall_purge_date(*, now: datetime.datetime) -> datetime.date:
    # The purge waits DELEGATIONS_DRAFT_WARNING_DAYS after the warning, whatever came first.
    return (now + datetime.timedelta(days=settings.DELEGATIONS_DRAFT_WARNING_DAYS)).date()


def applications_warn_stalled(*, now: datetime.datetime | None = None) -> int:
    """Beat: tell applicants, in their language, that a draft or an unanswered request
    will be deleted. Once per period of inactivity (the event is the last activity)."""
    from delegations.selectors import applications_due_for_stall_warning

    count = 0
    for application in applications_due_for_stall_warning(now=now or timezone.now()):
        sent = notification_send(
            type_key=APPLICATION_STALLED.key,
            target=application,
            event=f"stalled:{application.last_activity_at.isoformat()}",
            recipient=application.applicant,
            context={"purge_on": _stall_purge_date(now=now or timezone.now()).isoformat()},
        )
        count += sent is not None
    return count


def applications_purge_stalled(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Beat: drafts and unanswered requests idle past DELEGATIONS_DRAFT_RETENTION_DAYS,
    whose applicant was warned, are deleted (drafts) or withdrawn and purged. Idempotent."""
    from delegations.selectors import applications_due_for_stall_purge

    result = {"drafts_deleted": 0, "withdrawn": 0}
    now = now or timezone.now()
    for application in applications_due_for_stall_purge(now=now):
        with transaction.atomic():
            locked = (
                Application.objects.select_for_update()
                .filter(pk=application.pk, state__in=EDITABLE_STATES)
                .first()
            )
            if locked is None:
                continue
            if locked.state == S.DRAFT:
                counts = {"notifications": _redact_notifications_about(target=locked)}
                for message in locked.messages.exclude(attachment=""):
                    message.attachment.delete(save=False)
                audit_record(
                    actor=None, action="delegations.application.purge_draft", target=locked,
                    data=counts,
                )  # fmt: skip
                locked.delete()
                result["drafts_deleted"] += 1
                continue
            previous = locked.state
            locked.state = S.WITHDRAWN
            locked.closed_at = now
            locked.save(update_fields=["state", "closed_at", "updated_at"])
            audit_record(
                actor=None, action="delegations.application.withdraw_stalled", target=locked,
                data={"from": previous, "to": S.WITHDRAWN},
            )  # fmt: skip
            application_purge_personal_data(application=locked)
            result["withdrawn"] += 1
    return result


def applicant_data_download(*, user: User) -> dict[str, Any]:
    """Everything held about the applicant, for them; each download is recorded."""
    from delegations.selectors import applicant_data_export

    audit_record(actor=user, action="delegations.personal_data.export", target=user)
    return applicant_data_export(user=user)


def applicant_data_overview(*, user: User) -> dict[str, Any]:
    """The same as the download for the HTML page, with passport numbers masked and dates
    of birth hidden: a page can be left open, cached by mistake or looked over a shoulder."""
    from delegations.models import mask
    from delegations.selectors import applicant_data_export

    data = applicant_data_export(user=user)
    for application in data["delegation_applications"]:
        for member in application["members"]:
            member["passport_number"] = mask(member["passport_number"], keep=2)
            member["date_of_birth"] = "••••-••-••" if member["date_of_birth"] else ""
    return data


def applicant_deletion_request(*, user: User) -> dict[str, int]:
    """The applicant asks us to delete their data: drafts go at once, closed applications
    are purged at once, active ones as soon as they close."""
    result = {"drafts_deleted": 0, "purged": 0, "pending": 0}
    with transaction.atomic():
        for application in Application.objects.filter(applicant=user).select_for_update():
            if application.state == S.DRAFT:
                audit_record(
                    actor=user, action="delegations.application.delete_draft", target=application
                )
                application.delete()
                result["drafts_deleted"] += 1
                continue
            application.deletion_requested_at = application.deletion_requested_at or timezone.now()
            application.save(update_fields=["deletion_requested_at", "updated_at"])
            audit_record(
                actor=user,
                action="delegations.personal_data.deletion_requested",
                target=application,
            )
            if application.is_closed:
                result["purged"] += application_purge_personal_data(
                    application=application, actor=user
                )
            else:
                result["pending"] += 1
    return result
