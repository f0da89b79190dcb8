import pytest
from django.core import mail

from diplomacy.notifications import services
from diplomacy.notifications.models import NewsletterAnnouncement, Notification
from diplomacy.notifications.notifications import NEWSLETTER_ISSUE
from diplomacy.taxonomy.models import Sector
from tests.diplomacy.notifications.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def announce(target, language="ar", sector_ids=(), title="عنوان", url="/ar/publications/x/"):
    return services.newsletter_announce(
        target=target,
        language=language,
        sector_ids=list(sector_ids),
        title=title,
        summary="ملخص قصير",
        url=url,
    )


def test_reaches_confirmed_subscribers_of_the_language_and_sectors(on_commit):
    education, health = Sector.objects.all()[:2]
    everything = SubscriberFactory(language="ar")
    follows_education = SubscriberFactory(language="ar")
    follows_education.sectors.set([education])
    follows_health = SubscriberFactory(language="ar")
    follows_health.sectors.set([health])
    SubscriberFactory(language="en")
    SubscriberFactory(language="ar", confirmed_at=None)
    target = SubscriberFactory(email="target-object@example.org", language="en")

    with on_commit():
        assert announce(target, sector_ids=[education.pk]) is True
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [everything.email, follows_education.email]
    )
    message = mail.outbox[0]
    assert message.subject.endswith("عنوان")
    assert "http://" in message.body and "/ar/publications/x/" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert 'dir="rtl"' in message.alternatives[0].content


def test_announced_at_most_once_per_language(on_commit):
    SubscriberFactory(language="ar")
    SubscriberFactory(language="en")
    target = SubscriberFactory(email="target-object@example.org", language="en")
    with on_commit():
        assert announce(target) is True
        assert announce(target) is False
        assert announce(target, language="en", title="Title", url="/en/x/") is True
    with on_commit():
        assert announce(target) is False
    assert (
        NewsletterAnnouncement.objects.filter(
            target_content_type__model="subscriber", target_object_id=str(target.pk)
        ).count()
        == 2
    )
    assert len(mail.outbox) == 2 + 1  # one per subscriber of each language (target too)


def test_fan_out_works_in_chunks_and_resumes(on_commit, monkeypatch):
    monkeypatch.setattr(services, "FAN_OUT_CHUNK", 3)
    monkeypatch.setattr(services, "DELIVERY_BATCH", 2)
    subscribers = SubscriberFactory.create_batch(7, language="en")
    target = subscribers[0]
    # Without commit callbacks: the announcement is recorded, the fan-out not yet started.
    announce(target, language="en")
    announcement = NewsletterAnnouncement.objects.get(
        target_content_type__model="subscriber", target_object_id=str(target.pk)
    )
    assert services.newsletter_fan_out_chunk(announcement_id=announcement.pk) == 3
    announcement.refresh_from_db()
    assert announcement.fanned_out_at is None and announcement.recipients_count == 3
    # Running the same chunk again (a redelivered task) writes nothing twice.
    with on_commit():
        services.newsletter_fan_out_chunk(announcement_id=announcement.pk)
    announcement.refresh_from_db()
    assert announcement.fanned_out_at is not None and announcement.recipients_count == 7
    assert (
        Notification.objects.filter(
            type_key=NEWSLETTER_ISSUE, target_object_id=str(announcement.pk)
        ).count()
        == 7
    )
    assert services.newsletter_fan_out_chunk(announcement_id=announcement.pk) == 0


def test_unconfirmed_addresses_are_forgotten_after_the_link_expires():
    from datetime import timedelta

    from django.utils import timezone

    from diplomacy.notifications.models import Subscriber

    old = SubscriberFactory(confirmed_at=None)
    recent = SubscriberFactory(confirmed_at=None)
    confirmed_long_ago = SubscriberFactory()
    Subscriber.objects.filter(pk__in=[old.pk, confirmed_long_ago.pk]).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    assert services.newsletter_purge_unconfirmed() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) >= {
        recent.pk,
        confirmed_long_ago.pk,
    }
    assert not Subscriber.objects.filter(pk=old.pk).exists()


def test_leaving_the_newsletter_forgets_the_address(client, on_commit):
    from django.urls import reverse

    from diplomacy.notifications import tokens
    from diplomacy.notifications.models import Subscriber, Unsubscription

    subscriber = SubscriberFactory(language="ar")
    with on_commit():
        announce(SubscriberFactory(email="target-object@example.org", language="en"))
    assert Notification.objects.filter(email=subscriber.email).exists()
    token = tokens.unsubscribe_token_make(type_key=NEWSLETTER_ISSUE, subscriber=subscriber)
    client.post(reverse("notifications:unsubscribe", kwargs={"token": token}))
    assert not Subscriber.objects.filter(email=subscriber.email).exists()
    assert not Notification.objects.filter(email=subscriber.email).exists()
    assert not Unsubscription.objects.filter(email=subscriber.email).exists()


def test_old_delivery_records_are_purged(on_commit):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import UserFactory

    person = UserFactory()
    with on_commit():
        old = services.notification_send(
            type_key="notifications.newsletter_confirm",
            target=person,
            recipient=person,
            event="old",
        )
        recent = services.notification_send(
            type_key="notifications.newsletter_confirm",
            target=person,
            recipient=person,
            event="new",
        )
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=200))
    assert services.notifications_purge_old() == 1
    assert list(Notification.objects.filter(recipient=person)) == [recent]
