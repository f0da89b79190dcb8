"""Notifications: the outbox every app writes to, its delivery, and the newsletter.

Apps call `notification_send` and `newsletter_announce` inside the transaction of the
change that causes them. Nothing is sent before that transaction commits, and nothing
is lost if Redis or a worker is down at that moment: the outbox row stays pending and
the beat sweep delivers it later, exactly once.
"""

import hashlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import InterfaceError, OperationalError, models, transaction
from django.db import connection as db_connection
from django.utils import timezone, translation

from diplomacy.accounts.models import User
from diplomacy.accounts.selectors import users_with_permission
from diplomacy.audit.services import audit_record
from diplomacy.jobs.services import broker_publish, enqueue_on_commit
from diplomacy.notifications import selectors
from diplomacy.notifications.emails import email_message_build, notification_render
from diplomacy.notifications.models import (
    NewsletterAnnouncement,
    Notification,
    Subscriber,
    Unsubscription,
)
from diplomacy.notifications.notifications import (
    DELIVERY_FAILED,
    NEWSLETTER_CONFIRM,
    NEWSLETTER_ISSUE,
)
from diplomacy.notifications.registry import get_type
from diplomacy.notifications.tokens import CONFIRMATION_MAX_AGE

logger = logging.getLogger(__name__)

FAN_OUT_CHUNK = 500
DELIVERY_BATCH = 100
SWEEP_LIMIT = 5000
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)


def batched(items: Iterable, size: int) -> Iterable[list]:
    """itertools.batched arrived in Python 3.12; we still support 3.11."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- Writing to the outbox --------------------------------------------------------------


def idempotency_key_make(
    *, type_key: str, content_type_id: int, object_id: str, addressee: str, event: str
) -> str:
    raw = "\x1f".join([type_key, str(content_type_id), object_id, addressee, event])
    return hashlib.sha256(raw.encode()).hexdigest()


def language_supported(language: str) -> str:
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return settings.LANGUAGE_CODE


def notification_send(
    *,
    type_key: str,
    target: models.Model,
    event: str = "",
    recipient: User | None = None,
    email: str = "",
    language: str = "",
    context: dict | None = None,
) -> Notification | None:
    """Write one outbox row, delivered after the surrounding transaction commits.

    Returns None when the same (type, target, recipient or address, event) was already
    recorded: the same event never produces two messages.
    """
    notification_type = get_type(type_key)
    if email:
        address = email
    elif recipient is not None:
        address = recipient.email
    else:
        raise ValueError("notification_send needs a recipient or an email address.")
    language = language_supported(
        language
        or (recipient.preferred_language if recipient is not None else "")
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )
    content_type = ContentType.objects.get_for_model(target)
    key = idempotency_key_make(
        type_key=type_key,
        content_type_id=content_type.pk,
        object_id=str(target.pk),
        addressee=f"user:{recipient.pk}" if recipient is not None else address.lower(),
        event=event,
    )
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            idempotency_key=key,
            defaults={
                "type_key": type_key,
                "target_content_type": content_type,
                "target_object_id": str(target.pk),
                "event": event[:100],
                "recipient": recipient,
                "email": address,
                "language": language,
                "context": context or {},
                "in_inbox": bool(
                    notification_type.staff_inbox and recipient is not None and recipient.is_staff
                ),
            },
        )
    if not created:
        return None
    _delivery_enqueue_on_commit([notification.pk])
    return notification


def notification_send_to_staff(
    *,
    type_key: str,
    target: models.Model,
    event: str = "",
    permission: str = "",
    context: dict | None = None,
) -> list[Notification]:
    """The same notice to every active staff member (holding `permission` if given)."""
    staff = (
        users_with_permission(permission=permission, staff_only=True)
        if permission
        else User.objects.filter(is_active=True, is_staff=True)
    )
    sent = []
    for member in staff:
        notification = notification_send(
            type_key=type_key, target=target, event=event, recipient=member, context=context
        )
        if notification is not None:
            sent.append(notification)
    return sent


def _publish_delivery(notification_ids: list[int], countdown: float | None = None) -> None:
    """Hand rows to the workers now. If the broker is away the rows stay pending and the
    sweep delivers them: the change that caused them must not fail for that."""
    from diplomacy.notifications.tasks import notification_deliver, notifications_deliver_batch

    if len(notification_ids) == 1:
        broker_publish(notification_deliver, [notification_ids[0]], countdown=countdown)
    else:
        broker_publish(notifications_deliver_batch, [notification_ids], countdown=countdown)


def _delivery_enqueue_on_commit(notification_ids: list[int]) -> None:
    from diplomacy.notifications.tasks import notification_deliver, notifications_deliver_batch

    # The outbox rows are the record; notifications_sweep finds any the broker missed.
    if len(notification_ids) == 1:
        enqueue_on_commit(notification_deliver, notification_ids[0], swept=True)
    else:
        enqueue_on_commit(notifications_deliver_batch, notification_ids, swept=True)


# --- Delivery ---------------------------------------------------------------------------
#
# A row is sent at most once unless its worker dies in the one gap no database can close:
# after the SMTP server accepted the message and before the row is marked sent. Each row
# is claimed ("sending", with a lease) in a short transaction of its own, sent, and
# marked sent in another short transaction at once, so the gap lasts one UPDATE. A row
# whose worker died stays claimed until its lease ends, then the sweep sends it again,
# with the same Message-ID (README: "What exactly once means here").


def retry_delay_seconds(attempts: int) -> int:
    """Exponential backoff, kept far below the broker's visibility timeout."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_LONGEST_BACKOFF_SECONDS)


@dataclass
class DeliveryBatchCache:
    """What a batch of rows shares, looked up once: the objects they are about and the
    addresses that unsubscribed (a newsletter batch is 100 rows about one object)."""

    unsubscribed: set[tuple[str, str]]
    targets: dict[tuple[int, str], models.Model | None] = field(default_factory=dict)

    def target_of(self, notification: Notification) -> models.Model | None:
        key = (notification.target_content_type_id, notification.target_object_id)
        if key not in self.targets:
            self.targets[key] = notification.target
        return self.targets[key]


def notification_deliver(*, notification_id: int) -> str | None:
    """Send one pending row. Safe to call twice or concurrently: a row no longer pending
    is left alone. Returns the new status (None: nothing to do)."""
    rows = _rows_claim([notification_id])
    if not rows:
        return None
    _rows_send(rows)
    return rows[0].status


def _publish_retry(notification: Notification) -> None:
    delay = (notification.next_attempt_at - timezone.now()).total_seconds()
    _publish_delivery([notification.pk], countdown=max(delay, 0))


def _send_held_row(
    notification: Notification, *, connection: BaseEmailBackend, cache: DeliveryBatchCache | None
) -> list[str]:
    """Render and send a row this process has claimed ("sending"), and set its outcome
    on the instance; a failed attempt leaves it pending with the time of its next
    attempt, for the caller to save and then publish. Returns the fields to save."""
    fields = ["status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    notification.status = Notification.Status.PENDING
    try:
        notification_type = get_type(notification.type_key)
    except ImproperlyConfigured as error:
        notification.status, notification.last_error = Notification.Status.FAILED, str(error)
        return fields
    if cache is not None:
        notification.target = cache.target_of(notification)
        unsubscribed = (notification.email.lower(), notification.type_key) in cache.unsubscribed
    else:
        unsubscribed = Unsubscription.objects.filter(
            email__iexact=notification.email, type_key=notification.type_key
        ).exists()
    if unsubscribed and not notification_type.essential:
        notification.status = Notification.Status.SKIPPED
        return fields
    notification.attempts += 1
    try:
        rendered = notification_render(
            notification=notification, notification_type=notification_type
        )
        notification.subject, notification.body_text = rendered.subject, rendered.text
        fields += ["subject", "body_text"]
        if notification_type.send_email:
            email_message_build(
                notification=notification, rendered=rendered, connection=connection
            ).send()
    # Whatever went wrong (SMTP refusal, network, a broken template) is recorded on
    # the row for staff to see, and retried; nothing escapes into the worker.
    except Exception as error:
        _attempt_failed(notification, error)
    else:
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
    return fields


def _attempt_failed(notification: Notification, error: Exception) -> None:
    notification.last_error = f"{type(error).__name__}: {error}"[:2000]
    if notification.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
        delay = retry_delay_seconds(notification.attempts)
        notification.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        return
    notification.status = Notification.Status.FAILED
    logger.error("Notification %s failed: %s", notification.pk, notification.last_error)
    if notification.type_key != DELIVERY_FAILED:
        notification_send_to_staff(
            type_key=DELIVERY_FAILED,
            target=notification,
            event=f"failed-{timezone.now().timestamp():.0f}",
            permission="notifications.view_notification",
            context={"error": notification.last_error},
        )


def _outcome_save(notification: Notification, fields: list[str]) -> None:
    """Right after the attempt, in a statement (and transaction) of its own. The body of
    a sent message (10,000 copies of one newsletter) is not kept, except for the inbox.

    Only this process knows the message left: while the database is away (a restart),
    it keeps trying for half the lease rather than let the sweep send it again."""
    if notification.status == Notification.Status.SENT and not notification.in_inbox:
        fields = [name for name in fields if name != "body_text"]
    deadline = time.monotonic() + settings.NOTIFICATIONS_SENDING_LEASE_SECONDS / 2
    while True:
        try:
            with transaction.atomic():
                notification.save(update_fields=fields)
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise
            logger.warning("Database away; keeping the outcome of notification %s", notification.pk)
            if not db_connection.in_atomic_block:
                db_connection.close()  # reconnect on the next try
            time.sleep(0.5)


def _rows_claim(notification_ids: list[int]) -> list[Notification]:
    """Claim the pending rows among these (status "sending", with a lease) in one short
    transaction: no other worker or sweep touches them until the lease ends."""
    lease_until = timezone.now() + timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE_SECONDS)
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk__in=notification_ids, status=Notification.Status.PENDING)
            .order_by("pk")
        )
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=Notification.Status.SENDING, next_attempt_at=lease_until
        )
    return rows


def notifications_deliver_batch(*, notification_ids: Iterable[int]) -> int:
    """Send many rows over one SMTP connection; returns how many were sent. Each outcome
    is written as soon as it is known (see "Delivery" above)."""
    rows = _rows_claim(list(notification_ids))
    if not rows:
        return 0
    _rows_send(rows)
    return sum(row.status == Notification.Status.SENT for row in rows)


def _rows_send(rows: list[Notification]) -> None:
    cache = DeliveryBatchCache(
        unsubscribed=set(
            Unsubscription.objects.filter(
                email__in={row.email.lower() for row in rows}
            ).values_list("email", "type_key")
        )
    )
    connection = get_connection()
    try:
        for notification in rows:
            fields = _send_held_row(notification, connection=connection, cache=cache)
            _outcome_save(notification, fields)
            if notification.status == Notification.Status.PENDING:
                _publish_retry(notification)
    finally:
        connection.close()


def notification_retry(*, notification: Notification, actor: User) -> Notification:
    """Staff put a failed row back in the queue, with a fresh set of attempts."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification.pk)
        if notification.status != Notification.Status.FAILED:
            return notification
        notification.status = Notification.Status.PENDING
        notification.attempts = 0
        notification.next_attempt_at = timezone.now()
        notification.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit_record(actor=actor, action="notification.retried", target=notification)
        _delivery_enqueue_on_commit([notification.pk])
    return notification


def notifications_sweep(*, older_than_seconds: int | None = None) -> int:
    """Deliver rows left pending (the broker was down at commit, a worker died) and
    finish newsletter fan-outs that stopped half-way. Returns the rows handed over."""
    grace = (
        settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS
        if older_than_seconds is None
        else older_than_seconds
    )
    cutoff = timezone.now() - timedelta(seconds=grace)
    # Rows claimed by a worker that died: their lease is over, send them again.
    Notification.objects.filter(
        status=Notification.Status.SENDING, next_attempt_at__lte=timezone.now()
    ).update(status=Notification.Status.PENDING, next_attempt_at=cutoff)
    due = list(
        Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=cutoff)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    for chunk in batched(due, DELIVERY_BATCH):
        _publish_delivery(list(chunk))
    for announcement_id in NewsletterAnnouncement.objects.filter(
        fanned_out_at__isnull=True, created_at__lte=cutoff
    ).values_list("pk", flat=True):
        _publish_fan_out(announcement_id)
    return len(due)


# --- Unsubscribing and the staff inbox ---------------------------------------------------


def notification_unsubscribe(*, email: str, type_key: str) -> bool:
    """Stop a non-essential type for one address. Returns False for essential types."""
    notification_type = get_type(type_key)
    if notification_type.essential:
        return False
    email = email.lower()
    with transaction.atomic():
        if type_key == NEWSLETTER_ISSUE:
            # Leaving the newsletter forgets the address altogether (nothing to remember).
            for subscriber in Subscriber.objects.filter(email__iexact=email):
                newsletter_cancel(subscriber=subscriber)
            return True
        unsubscription, created = Unsubscription.objects.get_or_create(
            email=email, type_key=type_key
        )
        if created:
            audit_record(actor=None, action="notification.unsubscribed", target=unsubscription)
    return True


def inbox_mark_read(*, user: User, notification_ids: Iterable[int]) -> int:
    marked = Notification.objects.filter(
        recipient=user, in_inbox=True, read_at__isnull=True, pk__in=list(notification_ids)
    ).update(read_at=timezone.now())
    if marked:
        inbox_unread_count_forget(user_id=user.pk)
    return marked


def inbox_unread_count_forget(*, user_id: int) -> None:
    """The person's unread count changed: their next page counts again. Now, for the
    rest of this transaction, and after the commit, so that a page counting meanwhile
    (before the change was visible) cannot keep the old figure."""
    key = selectors.inbox_unread_count_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def notification_saved(
    sender: type[Notification], instance: Notification, **kwargs: object
) -> None:
    """Any save of a notification addressed to a person may change their unread count
    (delivery writes the subject that puts it in the inbox; the admin may edit it)."""
    if instance.recipient_id is not None:
        inbox_unread_count_forget(user_id=instance.recipient_id)


# --- Newsletter -------------------------------------------------------------------------


def newsletter_subscribe(*, email: str, language: str, sectors: Iterable) -> Subscriber:
    """Ask for a subscription: nothing is sent to the address but a confirmation link
    until it is confirmed. Someone else's confirmed choices are never changed here:
    they get a link to the page where they can change them themselves."""
    email = email.strip().lower()
    language = language_supported(language)
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        if subscriber.confirmed_at is None:
            subscriber.language = language
            subscriber.save(update_fields=["language"])
            subscriber.sectors.set(sectors)
        if (
            subscriber.confirmation_sent_at is not None
            and now - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
        ):
            # Do not let the form be used to flood someone's mailbox.
            return subscriber
        subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["confirmation_sent_at"])
        notification_send(
            type_key=NEWSLETTER_CONFIRM,
            target=subscriber,
            event=f"request-{now.isoformat()}",
            email=email,
            language=subscriber.language,
            context={"already_confirmed": subscriber.confirmed_at is not None},
        )
        audit_record(
            actor=None,
            action="newsletter.subscription_requested",
            target=subscriber,
            data={"created": created},
        )
    return subscriber


def notifications_purge_old() -> int:
    """Outbox rows are a delivery record, not an archive: addresses are personal data."""
    cutoff = timezone.now() - timedelta(days=settings.NOTIFICATIONS_RETENTION_DAYS)
    _total, deleted = Notification.objects.filter(
        created_at__lt=cutoff,
        status__in=[Notification.Status.SENT, Notification.Status.SKIPPED],
        in_inbox=False,
    ).delete()
    return deleted.get(Notification._meta.label, 0)


def newsletter_purge_unconfirmed() -> int:
    """Forget addresses never confirmed once their confirmation link has expired."""
    cutoff = timezone.now() - timedelta(seconds=CONFIRMATION_MAX_AGE) - timedelta(days=1)
    _total, deleted = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted.get(Subscriber._meta.label, 0)


def newsletter_confirm(*, subscriber: Subscriber) -> Subscriber:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.confirmed_at is not None:
            return subscriber
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
        # Subscribing again overrides an earlier one-click unsubscribe.
        Unsubscription.objects.filter(
            email__iexact=subscriber.email, type_key=NEWSLETTER_ISSUE
        ).delete()
        audit_record(actor=None, action="newsletter.subscription_confirmed", target=subscriber)
    return subscriber


def newsletter_update(*, subscriber: Subscriber, language: str, sectors: Iterable) -> Subscriber:
    with transaction.atomic():
        subscriber.language = language_supported(language)
        subscriber.save(update_fields=["language"])
        subscriber.sectors.set(sectors)
        audit_record(actor=None, action="newsletter.subscription_changed", target=subscriber)
    return subscriber


def newsletter_cancel(*, subscriber: Subscriber) -> None:
    """Forget the subscriber entirely: we keep no address we are not allowed to write to."""
    with transaction.atomic():
        audit_record(actor=None, action="newsletter.subscription_cancelled", target=subscriber)
        # Rows not yet sent are dropped; sent ones no longer keep the address either.
        Notification.objects.filter(
            type_key__in=[NEWSLETTER_CONFIRM, NEWSLETTER_ISSUE],
            email__iexact=subscriber.email,
        ).exclude(status=Notification.Status.SENDING).delete()
        subscriber.delete()


def newsletter_announce(
    *,
    target: models.Model,
    language: str,
    sector_ids: list[int],
    title: str,
    summary: str,
    url: str,
) -> bool:
    """Announce a newly published language version to its subscribers, at most once per
    (target, language). Call inside the publishing transaction; the fan-out starts after
    commit. Returns False if this version was already announced."""
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        announcement, created = NewsletterAnnouncement.objects.get_or_create(
            target_content_type=content_type,
            target_object_id=str(target.pk),
            language=language_supported(language),
            defaults={
                "sector_ids": [int(pk) for pk in sector_ids],
                "title": title[:300],
                "summary": summary,
                "url": url[:500],
            },
        )
    if not created:
        return False
    from diplomacy.notifications.tasks import newsletter_fan_out

    # The sweep finishes any announcement not fanned out.
    enqueue_on_commit(newsletter_fan_out, announcement.pk, swept=True)
    return True


def _publish_fan_out(announcement_id: int) -> None:
    from diplomacy.notifications.tasks import newsletter_fan_out

    broker_publish(newsletter_fan_out, [announcement_id])


def newsletter_fan_out_chunk(*, announcement_id: int) -> int:
    """Give the next FAN_OUT_CHUNK subscribers their outbox row and hand them to the
    workers in batches, then schedule the next chunk: a big list never holds the queue.
    Returns how many rows this chunk wrote."""
    with transaction.atomic():
        announcement = (
            NewsletterAnnouncement.objects.select_for_update(skip_locked=True)
            .filter(pk=announcement_id, fanned_out_at__isnull=True)
            .first()
        )
        if announcement is None:
            return 0
        subscribers = list(
            selectors.newsletter_audience(
                language=announcement.language, sector_ids=announcement.sector_ids
            )
            .filter(pk__gt=announcement.fan_out_cursor)
            .order_by("pk")
            .values_list("pk", "email")[:FAN_OUT_CHUNK]
        )
        content_type = ContentType.objects.get_for_model(NewsletterAnnouncement)
        rows = [
            Notification(
                type_key=NEWSLETTER_ISSUE,
                target_content_type=content_type,
                target_object_id=str(announcement.pk),
                email=email,
                language=announcement.language,
                idempotency_key=idempotency_key_make(
                    type_key=NEWSLETTER_ISSUE,
                    content_type_id=content_type.pk,
                    object_id=str(announcement.pk),
                    addressee=email.lower(),
                    event="",
                ),
            )
            for _pk, email in subscribers
        ]
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        pending = list(
            Notification.objects.filter(
                idempotency_key__in=[row.idempotency_key for row in rows],
                status=Notification.Status.PENDING,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        finished = len(subscribers) < FAN_OUT_CHUNK
        if subscribers:
            announcement.fan_out_cursor = subscribers[-1][0]
        announcement.recipients_count += len(subscribers)
        if finished:
            announcement.fanned_out_at = timezone.now()
        announcement.save(update_fields=["fan_out_cursor", "recipients_count", "fanned_out_at"])
        for chunk in batched(pending, DELIVERY_BATCH):
            _delivery_enqueue_on_commit(list(chunk))
        if not finished:
            from diplomacy.notifications.tasks import newsletter_fan_out

            enqueue_on_commit(newsletter_fan_out, announcement.pk, swept=True)
    return len(rows)
