import contextlib

import pytest
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diplomacy.notifications import services, tokens
from diplomacy.notifications.models import Notification, Subscriber, Unsubscription
from diplomacy.notifications.notifications import DELIVERY_FAILED
from diplomacy.taxonomy.models import Sector
from tests.diplomacy.notifications.conftest import OPTIONAL, PLAIN_OPTIONAL
from tests.diplomacy.notifications.factories import SubscriberFactory
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def patch_now(*, days: int):
    """Pretend `days` have passed, for the signatures' clock (django.core.signing)."""
    import time
    from unittest import mock

    return mock.patch("django.core.signing.time.time", return_value=time.time() + days * 86400)


def unsubscribe_token(email: str, type_key: str = PLAIN_OPTIONAL) -> str:
    """The link a message of `type_key` to the person with `email` carries."""
    from diplomacy.accounts.models import User

    user = User.objects.filter(email=email).first() or UserFactory(email=email)
    return tokens.unsubscribe_token_make(type_key=type_key, user_id=user.pk)


def unsubscribe_url(email: str, type_key: str = PLAIN_OPTIONAL) -> str:
    return reverse(
        "notifications:unsubscribe", kwargs={"token": unsubscribe_token(email, type_key)}
    )


# --- Unsubscribe ------------------------------------------------------------------------


def test_unsubscribe_link_asks_first_and_works_without_signing_in(client):
    url = unsubscribe_url("reader@example.org")
    response = client.get(url)
    assert response.status_code == 200 and b"reader@example.org" in response.content
    assert not Unsubscription.objects.exists()  # link scanners only GET
    response = client.post(url)
    assert response.status_code == 200
    assert Unsubscription.objects.filter(
        email="reader@example.org", type_key=PLAIN_OPTIONAL
    ).exists()


def test_one_click_post_from_a_mail_client_needs_no_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_url("reader@example.org"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Unsubscription.objects.filter(email="reader@example.org").exists()


def test_forged_token_is_refused(client):
    forged = signing.dumps(
        {"e": "victim@example.org", "t": PLAIN_OPTIONAL}, key="guessed", salt="x"
    )
    response = client.post(reverse("notifications:unsubscribe", kwargs={"token": forged}))
    assert response.status_code == 404
    assert not Unsubscription.objects.exists()


def test_token_cannot_be_altered_to_unsubscribe_someone_else(client):
    token = unsubscribe_token("me@example.org")
    other = unsubscribe_token("victim@example.org")
    # Put someone else's payload under my signature, and mine under a manage token.
    mixed = other.split(":")[0] + token[len(token.split(":")[0]) :]
    manage = tokens.manage_token_make(subscriber=SubscriberFactory(email="victim@example.org"))
    for bad in (mixed, manage, token[:-2] + "xx"):
        response = client.post(reverse("notifications:unsubscribe", kwargs={"token": bad}))
        assert response.status_code == 404
    assert not Unsubscription.objects.filter(email="victim@example.org").exists()


def test_essential_types_cannot_be_unsubscribed_by_link(client):
    url = unsubscribe_url("reader@example.org", "notifications.newsletter_confirm")
    client.post(url)
    assert not Unsubscription.objects.exists()


def test_newsletter_unsubscribe_removes_the_subscriber(client):
    subscriber = SubscriberFactory()
    other = SubscriberFactory()
    client.post(unsubscribe_url(subscriber.email, OPTIONAL))
    assert list(Subscriber.objects.all()) == [other]


# --- Newsletter subscription ------------------------------------------------------------


def confirm_path_from(message) -> str:
    link = next(word for word in message.body.split() if "/subscribe/confirm/" in word)
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_double_opt_in(client, django_capture_on_commit_callbacks):
    sector = Sector.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:subscribe"),
            {"email": "New.Reader@example.org", "language": "en", "sectors": [sector.pk]},
        )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "new.reader@example.org" and subscriber.confirmed_at is None
    assert list(subscriber.sectors.all()) == [sector]
    (message,) = mail.outbox
    assert message.to == ["new.reader@example.org"]
    assert "List-Unsubscribe" not in message.extra_headers
    path = confirm_path_from(message)
    assert path.startswith("/en/")

    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None  # a GET (link scanner) confirms nothing
    response = client.post(path)
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None


def test_subscribe_form_shows_errors_and_keeps_input(client):
    response = client.post(
        reverse("notifications:subscribe"), {"email": "not-an-address", "language": "en"}
    )
    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.content
    assert b'value="not-an-address"' in response.content
    assert not Subscriber.objects.exists()


def test_subscribing_again_does_not_change_someone_elses_choices(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("notifications:subscribe"), {"email": subscriber.email, "language": "en"}
        )
    subscriber.refresh_from_db()
    assert subscriber.language == "ar"
    # The owner is told, with a link to change the choices themselves.
    (message,) = mail.outbox
    assert "/subscription/" in message.body


def test_repeated_requests_do_not_flood_a_mailbox(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(
                reverse("notifications:subscribe"), {"email": "a@example.org", "language": "ar"}
            )
    assert len(mail.outbox) == 1


def test_expired_or_forged_confirmation_link(client):
    subscriber = SubscriberFactory(confirmed_at=None)
    forged = signing.dumps({"s": subscriber.pk, "v": 1}, salt=tokens.CONFIRM_SALT)
    assert (
        client.post(reverse("notifications:confirm", kwargs={"token": forged})).status_code == 410
    )
    assert client.post(reverse("notifications:confirm", kwargs={"token": "x:y"})).status_code == 404
    token = tokens.confirm_token_make(subscriber=subscriber)
    with patch_now(days=8):
        response = client.post(reverse("notifications:confirm", kwargs={"token": token}))
    assert response.status_code == 410 and b"has expired" in response.content
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_manage_page_changes_and_cancels(client):
    subscriber = SubscriberFactory(language="ar")
    sector = Sector.objects.last()
    url = reverse(
        "notifications:manage", kwargs={"token": tokens.manage_token_make(subscriber=subscriber)}
    )
    assert client.get(url).status_code == 200
    client.post(url, {"language": "en", "sectors": [sector.pk]})
    subscriber.refresh_from_db()
    assert subscriber.language == "en" and list(subscriber.sectors.all()) == [sector]
    # One click asks first; only the confirmation deletes the address.
    response = client.post(url, {"cancel": "1"})
    assert response.status_code == 200
    assert 'name="cancel_confirmed"' in response.content.decode()
    assert Subscriber.objects.exists()
    response = client.post(url, {"cancel_confirmed": "1"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    response = client.get(url)
    assert response.status_code == 410 and b"cancelled or replaced" in response.content


def test_footer_links_to_the_subscription_page(client):
    response = client.get("/en/")
    assert reverse("notifications:subscribe").encode() in response.content


# --- Staff bell and list ----------------------------------------------------------------


def make_inbox_item(staff, target, event="x") -> Notification:
    notification = services.notification_send(
        type_key=DELIVERY_FAILED,
        target=target,
        recipient=staff,
        event=event,
        context={"error": "e"},
    )
    services.notification_deliver(notification_id=notification.pk)
    return notification


def test_bell_shows_unread_count_and_reading_marks_read(client):
    staff = StaffFactory(preferred_language="en")
    for event in ("a", "b"):
        make_inbox_item(staff, UserFactory(), event)
    client.force_login(staff)
    page = client.get("/en/").content.decode()
    assert 'class="notifications-bell"' in page and '<span class="badge">2' in page

    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert response.content.decode().count('class="unread"') == 2
    assert not Notification.objects.filter(recipient=staff, read_at__isnull=True).exists()
    assert 'class="badge"' not in client.get("/en/").content.decode()


def test_bell_counts_once_then_again_when_a_notification_arrives(client):
    staff, other_staff = StaffFactory(preferred_language="en"), StaffFactory()
    make_inbox_item(staff, UserFactory(), "a")
    client.force_login(staff)
    assert '<span class="badge">1' in client.get("/en/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert '<span class="badge">1' in client.get("/en/").content.decode()
    assert not [query for query in queries if "notifications_notification" in query["sql"]]
    make_inbox_item(other_staff, UserFactory(), "b")  # someone else's: not counted
    assert '<span class="badge">1' in client.get("/en/").content.decode()
    make_inbox_item(staff, UserFactory(), "c")
    assert '<span class="badge">2' in client.get("/en/").content.decode()


def test_inbox_is_staff_only_and_personal(client):
    staff, other_staff, person = StaffFactory(), StaffFactory(), UserFactory()
    make_inbox_item(other_staff, person)
    client.force_login(person)
    assert client.get(reverse("notifications:inbox")).status_code == 403
    assert "notifications-bell" not in client.get("/en/").content.decode()
    client.force_login(staff)
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200 and response.context["items"] == []


def test_admin_retry_action(client, django_capture_on_commit_callbacks):
    admin = StaffFactory(is_superuser=True)
    person = UserFactory()
    notification = services.notification_send(
        type_key="notifications.newsletter_confirm", target=person, recipient=person
    )
    Notification.objects.filter(pk=notification.pk).update(status="failed", attempts=5)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry_failed", "_selected_action": [notification.pk]},
        )
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.status == "sent"
    assert len(mail.outbox) == 1


def test_inbox_queries_do_not_grow_with_items(client, django_assert_max_num_queries):
    staff = StaffFactory()
    for event in range(12):
        make_inbox_item(staff, UserFactory(), str(event))
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:inbox"))
    assert len(response.context["items"]) == 12


def test_subscribe_page_is_light_on_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/ar/notifications/subscribe/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_one_network_cannot_flood_the_subscribe_form(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            response = client.post(
                reverse("notifications:subscribe"), {"email": f"x{n}@example.org", "language": "ar"}
            )
            assert response.status_code == 302
        response = client.post(
            reverse("notifications:subscribe"), {"email": "x10@example.org", "language": "ar"}
        )
    assert response.status_code == 429
    assert b'value="x10@example.org"' in response.content
    assert len(mail.outbox) == 10


# --- Signed links expire, go stale and do not show the address ------------------------


def readable_parts(token: str) -> str:
    """Everything a person (or a log) can read from a token: its base64 payload decoded."""
    import base64
    import zlib

    payload = token.split(":")[0].lstrip(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    with contextlib.suppress(zlib.error):
        raw = zlib.decompress(raw)
    return raw.decode("latin-1") + token


def test_no_link_shows_the_address_even_decoded():
    subscriber = SubscriberFactory(email="hidden.reader@example.org")
    user = UserFactory(email="hidden.person@example.org")
    for token in (
        tokens.manage_token_make(subscriber=subscriber),
        tokens.confirm_token_make(subscriber=subscriber),
        tokens.unsubscribe_token_make(type_key=PLAIN_OPTIONAL, subscriber=subscriber),
        tokens.unsubscribe_token_make(type_key=PLAIN_OPTIONAL, user_id=user.pk),
    ):
        assert "hidden" not in readable_parts(token) and "example.org" not in readable_parts(token)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_expired_manage_link_offers_a_fresh_one_by_email(client, on_commit, language):
    import re

    from django.utils import translation

    from tests.journeys.mail import in_language

    subscriber = SubscriberFactory(language=language)
    with translation.override(language):
        url = reverse(
            "notifications:manage",
            kwargs={"token": tokens.manage_token_make(subscriber=subscriber)},
        )
    with patch_now(days=59):
        assert client.get(url).status_code == 200
    with patch_now(days=61):
        response = client.get(url)
        assert response.status_code == 410
        assert in_language(language, "Email me a fresh link") in response.content.decode()
        assert subscriber.email not in response.content.decode()
        with on_commit():
            response = client.post(url + "fresh-link/")
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == [subscriber.email]
    fresh = re.search(r"https?://[^/\s]+(/\S*/subscription/\S+/)", email.body).group(1)
    assert fresh != url and client.get(fresh).status_code == 200


def test_one_click_unsubscribe_lasts_a_year_then_shows_a_page(client):
    subscriber = SubscriberFactory()
    token = tokens.unsubscribe_token_make(type_key=PLAIN_OPTIONAL, subscriber=subscriber)
    url = reverse("notifications:unsubscribe", kwargs={"token": token})
    with patch_now(days=366):
        response = client.post(url)
    assert response.status_code == 410 and b"has expired" in response.content
    assert not Unsubscription.objects.exists()
    with patch_now(days=364):
        assert client.post(url).status_code == 200
    assert Unsubscription.objects.filter(email=subscriber.email).exists()


def test_links_of_a_cancelled_subscription_stop_working_after_subscribing_again(client):
    old = SubscriberFactory(email="reader@example.org")
    manage = reverse(
        "notifications:manage", kwargs={"token": tokens.manage_token_make(subscriber=old)}
    )
    leave = reverse(
        "notifications:unsubscribe",
        kwargs={"token": tokens.unsubscribe_token_make(type_key=PLAIN_OPTIONAL, subscriber=old)},
    )
    services.newsletter_cancel(subscriber=old)
    SubscriberFactory(email="reader@example.org")  # subscribed again
    response = client.get(manage)
    assert response.status_code == 410 and b"cancelled or replaced" in response.content
    assert client.post(leave).status_code == 200  # nothing to stop: says so, changes nothing
    assert not Unsubscription.objects.exists()
    assert Subscriber.objects.filter(email="reader@example.org").exists()
