from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from diplomacy.accounts.staff_access import allowed_only, is_staff_member
from diplomacy.notifications import selectors, services, tokens
from diplomacy.notifications.forms import SubscribeForm, SubscriptionPreferencesForm
from diplomacy.notifications.registry import get_type


def private_page(response: HttpResponse) -> HttpResponse:
    """Pages reached through personal links: never indexed, never cached by proxies."""
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


INBOX_PAGE_SIZE = 30


@allowed_only(is_staff_member)
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox_for_user(user=request.user), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = list(page.object_list)
    # Reading the list marks what it shows as read; the page still shows which were new.
    services.inbox_mark_read(
        user=request.user, notification_ids=[item.pk for item in items if item.read_at is None]
    )
    return render(request, "notifications/notification_list.html", {"page": page, "items": items})


# The form sends mail to whatever address is typed in: limit how much one network can send.
SUBSCRIBE_RATE_PER_IP = "10/h"


def subscribe_rate_limited(request: HttpRequest) -> bool:
    return is_ratelimited(
        request,
        group="notifications.subscribe",
        key="ip",
        rate=SUBSCRIBE_RATE_PER_IP,
        increment=True,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if subscribe_rate_limited(request):
            form.add_error(None, _("Too many requests from your network. Try again in an hour."))
            return render(request, "notifications/subscriber_form.html", {"form": form}, status=429)
        if form.is_valid():
            services.newsletter_subscribe(
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                sectors=form.cleaned_data["sectors"],
            )
            return redirect("notifications:subscribe_sent")
    else:
        form = SubscribeForm(initial={"language": request.LANGUAGE_CODE})
    return render(request, "notifications/subscriber_form.html", {"form": form})


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/subscriber_sent.html")


def link_unusable_page(
    request: HttpRequest, *, reason: str, resend_token: str = "", status: int = 410
) -> HttpResponse:
    """An expired, stale or broken personal link: say so in the reader's language and
    offer a fresh link by email, instead of an error page."""
    return private_page(
        render(
            request,
            "notifications/link_unusable.html",
            {
                "reason": reason,
                "resend_token": resend_token,
                "form": SubscribeForm(initial={"language": request.LANGUAGE_CODE}),
            },
            status=status,
        )
    )


def _unusable(request: HttpRequest, link: tokens.SignedLink | None) -> HttpResponse:
    if link is None:
        return link_unusable_page(request, reason="invalid", status=404)
    return link_unusable_page(request, reason="expired" if link.expired else "stale")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners that open links must not confirm anything.
    link = tokens.confirm_token_read(token)
    subscriber = tokens.subscriber_for(link) if link is not None else None
    if link is None or link.expired or subscriber is None:
        return _unusable(request, link)
    if request.method == "POST":
        services.newsletter_confirm(subscriber=subscriber)
        messages.success(request, _("Your subscription is confirmed."))
        return redirect(
            "notifications:manage", token=tokens.manage_token_make(subscriber=subscriber)
        )
    return private_page(
        render(request, "notifications/subscriber_confirm.html", {"subscriber": subscriber})
    )


@require_http_methods(["POST"])
def link_resend(request: HttpRequest, token: str) -> HttpResponse:
    """An authentic but expired manage link: mail a fresh one to the subscription's own
    address (never shown here). The subscribe service limits how often it sends."""
    link = tokens.manage_token_read(token)
    subscriber = tokens.subscriber_for(link) if link is not None else None
    if subscriber is None:
        return _unusable(request, link)
    services.newsletter_subscribe(
        email=subscriber.email, language=subscriber.language, sectors=subscriber.sectors.all()
    )
    return redirect("notifications:subscribe_sent")


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    link = tokens.manage_token_read(token)
    subscriber = tokens.subscriber_for(link) if link is not None else None
    if link is None or subscriber is None:
        return _unusable(request, link)
    if link.expired:
        return link_unusable_page(request, reason="expired", resend_token=token)
    if request.method == "POST" and "cancel_confirmed" in request.POST:
        services.newsletter_cancel(subscriber=subscriber)
        return render(request, "notifications/subscriber_gone.html", {"cancelled": True})
    if request.method == "POST" and "cancel" in request.POST:
        # Ask first: the address is deleted from the list, choices and all.
        return private_page(
            render(request, "notifications/subscriber_cancel.html", {"subscriber": subscriber})
        )
    if request.method == "POST":
        form = SubscriptionPreferencesForm(request.POST)
        if form.is_valid():
            services.newsletter_update(
                subscriber=subscriber,
                language=form.cleaned_data["language"],
                sectors=form.cleaned_data["sectors"],
            )
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:manage", token=token)
    else:
        form = SubscriptionPreferencesForm(
            initial={"language": subscriber.language, "sectors": subscriber.sectors.all()}
        )
    return private_page(
        render(
            request,
            "notifications/subscriber_manage.html",
            {"form": form, "subscriber": subscriber},
        )
    )


def _unsubscribe_address(link: tokens.SignedLink) -> str | None:
    """The address the link acts on, looked up from what it names; None once that is gone."""
    from diplomacy.accounts.models import User
    from diplomacy.notifications.models import Notification

    payload = link.payload
    if "s" in payload:
        subscriber = tokens.subscriber_for(link)
        return subscriber.email if subscriber is not None else None
    if "u" in payload:
        user = User.objects.filter(pk=payload["u"], is_active=True).first()
        return user.email if user is not None else None
    notification = Notification.objects.filter(pk=payload.get("n")).exclude(email="").first()
    return notification.email if notification is not None else None


# Mail clients post here without a CSRF token (RFC 8058 one-click); the signed token is
# the authorization, and it only ever names its own subscription or person and type.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    link = tokens.unsubscribe_token_read(token)
    if link is None or link.expired:
        return _unusable(request, link)
    try:
        notification_type = get_type(link.payload["t"])
    except ImproperlyConfigured:
        return _unusable(request, None)
    email = _unsubscribe_address(link)
    if email is None:
        # Already cancelled (or the account is gone): nothing left to stop. A 200, so
        # a mail client's one-click retry is not an error.
        return private_page(render(request, "notifications/subscriber_gone.html"))
    done = False
    if request.method == "POST":
        done = services.notification_unsubscribe(email=email, type_key=notification_type.key)
    return private_page(
        render(
            request,
            "notifications/unsubscribe.html",
            {"notification_type": notification_type, "email": email, "done": done},
        )
    )
