import pytest
from django.core import mail, signing
from django.urls import reverse

from diplomacy.notifications import services, tokens
from diplomacy.notifications.models import Notification, Subscriber, Unsubscription
from diplomacy.notifications.notifications import DELIVERY_FAILED
from diplomacy.taxonomy.models import Sector
from tests.factories import StaffFactory, UserFactory
from tests.notifications.conftest import OPTIONAL, PLAIN_OPTIONAL
from tests.notifications.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def unsubscribe_url(email: str, type_key: str = PLAIN_OPTIONAL) -> str:
    token = tokens.unsubscribe_token_make(email=email, type_key=type_key)
    return reverse("notifications:unsubscribe", kwargs={"token": token})


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
    token = tokens.unsubscribe_token_make(email="me@example.org", type_key=PLAIN_OPTIONAL)
    other = tokens.unsubscribe_token_make(email="victim@example.org", type_key=PLAIN_OPTIONAL)
    # Put someone else's payload under my signature, and mine under a manage token.
    mixed = other.split(":")[0] + token[len(token.split(":")[0]) :]
    manage = tokens.manage_token_make(email="victim@example.org")
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
    token = tokens.confirm_token_make(subscriber_id=subscriber.pk, email="other@example.org")
    assert client.post(reverse("notifications:confirm", kwargs={"token": token})).status_code == 404
    assert client.post(reverse("notifications:confirm", kwargs={"token": "x:y"})).status_code == 404


def test_manage_page_changes_and_cancels(client):
    subscriber = SubscriberFactory(language="ar")
    sector = Sector.objects.last()
    url = reverse(
        "notifications:manage", kwargs={"token": tokens.manage_token_make(email=subscriber.email)}
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
    assert client.get(url).status_code == 404


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


def test_inbox_is_staff_only_and_personal(client):
    staff, other_staff, person = StaffFactory(), StaffFactory(), UserFactory()
    make_inbox_item(other_staff, person)
    client.force_login(person)
    assert client.get(reverse("notifications:inbox")).status_code == 302
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
