"""Rendering an outbox row into an email, in the recipient's language."""

from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from diplomacy.notifications import tokens
from diplomacy.notifications.models import NewsletterAnnouncement, Notification, Subscriber
from diplomacy.notifications.notifications import NEWSLETTER_CONFIRM, NEWSLETTER_ISSUE
from diplomacy.notifications.registry import NotificationType, get_type


@dataclass(frozen=True)
class RenderedNotification:
    subject: str
    text: str
    html: str
    unsubscribe_url: str


def absolute_url(path_or_url: str) -> str:
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return settings.SITE_URL + path_or_url


def _newsletter_subscriber(notification: Notification) -> Subscriber | None:
    """The subscription a newsletter message is about; its links name it, not the address."""
    if notification.type_key not in (NEWSLETTER_CONFIRM, NEWSLETTER_ISSUE):
        return None
    return Subscriber.objects.filter(email__iexact=notification.email).first()


def notification_render(
    *, notification: Notification, notification_type: NotificationType
) -> RenderedNotification:
    with translation.override(notification.language):
        context: dict = {
            **notification.context,
            "target": notification.target,
            "recipient": notification.recipient,
            "site_url": settings.SITE_URL,
            "language": notification.language,
            "notification_type": notification_type,
        }
        subscriber = _newsletter_subscriber(notification)
        unsubscribe_url = ""
        if not notification_type.essential:
            token = tokens.unsubscribe_token_make(
                type_key=notification.type_key,
                subscriber=subscriber,
                user_id=notification.recipient_id,
                notification_id=notification.pk,
            )
            unsubscribe_url = absolute_url(
                reverse("notifications:unsubscribe", kwargs={"token": token})
            )
        context["unsubscribe_url"] = unsubscribe_url
        if subscriber is not None:
            context["manage_url"] = absolute_url(
                reverse(
                    "notifications:manage",
                    kwargs={"token": tokens.manage_token_make(subscriber=subscriber)},
                )
            )
        if notification.type_key == NEWSLETTER_CONFIRM and subscriber is not None:
            token = tokens.confirm_token_make(subscriber=subscriber)
            context["confirm_url"] = absolute_url(
                reverse("notifications:confirm", kwargs={"token": token})
            )
        if isinstance(notification.target, NewsletterAnnouncement):
            context["article_url"] = absolute_url(notification.target.url)
        subject = render_to_string(notification_type.template_name("subject.txt"), context)
        text = render_to_string(notification_type.template_name("body.txt"), context)
        html = render_to_string(notification_type.template_name("body.html"), context)
    # A subject is one line: templates end with a newline, and a header must not.
    subject = " ".join(subject.split())[:300]
    text = text.strip() + "\n"
    if unsubscribe_url and unsubscribe_url not in text:
        # Every non-essential message carries the link, whatever its templates forgot.
        with translation.override(notification.language):
            footer = gettext("Unsubscribe from these messages:")
            text += f"\n-- \n{footer} {unsubscribe_url}\n"
            if unsubscribe_url not in html:
                link = format_html(
                    '<p style="font-size:13px;"><a href="{}">{}</a></p>',
                    unsubscribe_url,
                    gettext("Unsubscribe"),
                )
                html = html.replace("</body>", f"{link}</body>", 1)
    return RenderedNotification(
        subject=subject, text=text, html=html, unsubscribe_url=unsubscribe_url
    )


def message_id_of(notification: Notification) -> str:
    """The same for every attempt at one row: a message sent again after a worker died
    (README, "exactly once") carries the Message-ID of the first, and mail clients that
    see both show one."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<notification.{notification.pk}.{notification.idempotency_key[:16]}@{domain}>"


def email_message_build(
    *, notification: Notification, rendered: RenderedNotification, connection=None
) -> EmailMultiAlternatives:
    headers = {
        "Content-Language": notification.language,
        "Message-ID": message_id_of(notification),
    }
    if rendered.unsubscribe_url:
        # RFC 2369 and RFC 8058: mail clients show an "unsubscribe" button that POSTs.
        headers["List-Unsubscribe"] = f"<{rendered.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[notification.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(rendered.html, "text/html")
    attachments = get_type(notification.type_key).attachments
    if attachments is not None:
        with translation.override(notification.language):
            for filename, content, mimetype in attachments(notification):
                message.attach(filename, content, mimetype)
    return message
