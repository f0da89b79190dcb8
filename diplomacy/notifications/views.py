from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from diplomacy.notifications import selectors, services, tokens
from diplomacy.notifications.forms import SubscribeForm, SubscriptionPreferencesForm
from diplomacy.notifications.models import Subscriber
from diplomacy.notifications.registry import get_type


def private_page(response: HttpResponse) -> HttpResponse:
    """Pages reached through personal links: never indexed, never cached by proxies."""
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_member_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox_for_user(user=request.user), 30).get_page(
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


def _subscriber_from_confirm_token(token: str) -> Subscriber:
    payload = tokens.confirm_token_read(token)
    if payload is None:
        raise Http404
    subscriber_id, email = payload
    subscriber = Subscriber.objects.filter(pk=subscriber_id, email__iexact=email).first()
    if subscriber is None:
        raise Http404
    return subscriber


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners that open links must not confirm anything.
    subscriber = _subscriber_from_confirm_token(token)
    if request.method == "POST":
        services.newsletter_confirm(subscriber=subscriber)
        messages.success(request, _("Your subscription is confirmed."))
        return redirect(
            "notifications:manage", token=tokens.manage_token_make(email=subscriber.email)
        )
    return private_page(
        render(request, "notifications/subscriber_confirm.html", {"subscriber": subscriber})
    )


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    email = tokens.manage_token_read(token)
    subscriber = selectors.subscriber_get_by_email(email=email) if email else None
    if subscriber is None:
        if email is None:
            raise Http404
        return private_page(render(request, "notifications/subscriber_gone.html", status=404))
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


# Mail clients post here without a CSRF token (RFC 8058 one-click); the signed token is
# the authorization, and it only ever names its own address and type.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    unsubscribe_request = tokens.unsubscribe_token_read(token)
    if unsubscribe_request is None:
        raise Http404
    try:
        notification_type = get_type(unsubscribe_request.type_key)
    except ImproperlyConfigured as error:
        raise Http404 from error
    done = False
    if request.method == "POST":
        done = services.notification_unsubscribe(
            email=unsubscribe_request.email, type_key=unsubscribe_request.type_key
        )
    return private_page(
        render(
            request,
            "notifications/unsubscribe.html",
            {
                "notification_type": notification_type,
                "email": unsubscribe_request.email,
                "done": done,
            },
        )
    )
