from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from diplomacy.accounts.models import User
from diplomacy.notifications.models import NewsletterAnnouncement, Notification, Subscriber
from diplomacy.notifications.notifications import NEWSLETTER_ISSUE


def newsletter_audience(*, language: str, sector_ids: list[int]) -> QuerySet[Subscriber]:
    """Confirmed subscribers of `language` who follow every sector or one of these."""
    audience = Subscriber.objects.filter(confirmed_at__isnull=False, language=language)
    if not sector_ids:
        return audience
    chosen = Subscriber.sectors.through.objects.filter(subscriber=OuterRef("pk"))
    return audience.filter(~Exists(chosen) | Exists(chosen.filter(sector_id__in=sector_ids)))


def inbox_for_user(*, user: User) -> QuerySet[Notification]:
    """A staff member's in-portal notifications, newest first (rendered ones only)."""
    return Notification.objects.filter(recipient=user, in_inbox=True).exclude(subject="")


def inbox_unread_count(*, user: User) -> int:
    return inbox_for_user(user=user).filter(read_at__isnull=True).count()


# The bell in the header of every staff page shows the count: it is kept (per person,
# never shared) until a notification of theirs changes or is read
# (services.inbox_unread_count_forget), and at most this long.
INBOX_UNREAD_COUNT_SECONDS = 60


def inbox_unread_count_key(user_id: int) -> str:
    return f"notifications:inbox-unread:{user_id}"


def inbox_unread_count_remembered(*, user: User) -> int:
    """`inbox_unread_count`, from the cache while nothing of this person's changed."""
    key = inbox_unread_count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = inbox_unread_count(user=user)
        cache.set(key, count, INBOX_UNREAD_COUNT_SECONDS)
    return count


def subscriber_get_by_email(*, email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email__iexact=email).first()


def dashboard_counts(*, user: User) -> dict[str, Any] | None:
    """Failed emails and newsletters still going out, for staff who may read the outbox or
    the announcements; each figure as the admin's list it links to filters it."""
    sees_outbox = user.has_perm("notifications.view_notification")
    sees_announcements = user.has_perm("notifications.view_newsletterannouncement")
    if not (sees_outbox or sees_announcements):
        return None
    counts: dict[str, Any] = {"sees_outbox": sees_outbox, "sees_announcements": sees_announcements}
    if sees_outbox:
        counts |= Notification.objects.aggregate(
            failed=Count("pk", filter=Q(status=Notification.Status.FAILED)),
            newsletter_waiting=Count(
                "pk", filter=Q(status=Notification.Status.PENDING, type_key=NEWSLETTER_ISSUE)
            ),
        )
    if sees_announcements:
        counts["announcements_going_out"] = NewsletterAnnouncement.objects.filter(
            fanned_out_at__isnull=True
        ).count()
    counts["newsletter_type"] = NEWSLETTER_ISSUE
    return counts
