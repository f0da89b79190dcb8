from django.db.models import Exists, OuterRef, QuerySet

from diplomacy.notifications.models import Notification, Subscriber


def newsletter_audience(*, language: str, sector_ids: list[int]) -> QuerySet[Subscriber]:
    """Confirmed subscribers of `language` who follow every sector or one of these."""
    audience = Subscriber.objects.filter(confirmed_at__isnull=False, language=language)
    if not sector_ids:
        return audience
    chosen = Subscriber.sectors.through.objects.filter(subscriber=OuterRef("pk"))
    return audience.filter(~Exists(chosen) | Exists(chosen.filter(sector_id__in=sector_ids)))


def inbox_for_user(*, user) -> QuerySet[Notification]:
    """A staff member's in-portal notifications, newest first (rendered ones only)."""
    return Notification.objects.filter(recipient=user, in_inbox=True).exclude(subject="")


def inbox_unread_count(*, user) -> int:
    return inbox_for_user(user=user).filter(read_at__isnull=True).count()


def subscriber_get_by_email(*, email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email__iexact=email).first()
