"""Who counts as staff, and what a staff account must have before any page opens.

Staff see passport numbers and partners' contacts: their accounts need a second factor,
a longer password, and sessions that end after a working day without activity.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

# A non-staff account's group membership is looked up again after this long, so that
# a person given a role during their session is held to the staff rules soon after,
# without a query on every page of every applicant.
ROLE_RECHECK_SECONDS = 300
ROLE_CHECK_KEY = "staff_access.role_checked"
LAST_SEEN_KEY = "staff_access.last_seen"
# Written at sign-in, then at most this often rather than on every request (a session
# write costs queries); the idle limit is met to within this much.
LAST_SEEN_RESOLUTION_SECONDS = 15 * 60
SHORT_PASSWORD_KEY = "staff_access.short_password"  # noqa: S105 (a session key)
# A staff session found to have an authenticator app is not asked again for this long:
# the query ran on every page. The session itself was opened with that second factor, so
# after a reset (a lost phone) it may go on for this long before it is sent to enrol.
SECOND_FACTOR_KEY = "staff_access.second_factor_seen"
SECOND_FACTOR_RECHECK_SECONDS = 300
RETURN_TO_KEY = "staff_access.return_to"


def is_staff_account(user) -> bool:
    """Staff: the staff flag, superuser, or membership of any role group."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.pk is not None and user.groups.exists()


def is_staff_session(request: HttpRequest) -> bool:
    """`is_staff_account` for the signed-in person, remembering a "no" for a while."""
    user = request.user
    if user.is_staff or user.is_superuser:
        return True
    checked = request.session.get(ROLE_CHECK_KEY)
    now = time.time()
    if checked and checked.get("user") == user.pk and now - checked["at"] < ROLE_RECHECK_SECONDS:
        return False
    if is_staff_account(user):
        request.session.pop(ROLE_CHECK_KEY, None)
        return True
    request.session[ROLE_CHECK_KEY] = {"user": user.pk, "at": now}
    return False


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_has_second_factor(request: HttpRequest) -> bool:
    """`has_second_factor` for the signed-in person, remembering a "yes" for a while."""
    user = request.user
    seen = request.session.get(SECOND_FACTOR_KEY)
    now = time.time()
    if seen and seen.get("user") == user.pk and now - seen["at"] < SECOND_FACTOR_RECHECK_SECONDS:
        return True
    if has_second_factor(user):
        request.session[SECOND_FACTOR_KEY] = {"user": user.pk, "at": now}
        return True
    request.session.pop(SECOND_FACTOR_KEY, None)
    return False


def session_is_idle(request: HttpRequest) -> bool:
    last_seen = request.session.get(LAST_SEEN_KEY)
    return last_seen is not None and time.time() - last_seen > settings.STAFF_SESSION_IDLE_SECONDS


def note_activity(request: HttpRequest, *, signing_in: bool = False) -> None:
    """Keep the staff session alive for another idle period from now."""
    now = time.time()
    last_seen = request.session.get(LAST_SEEN_KEY)
    if signing_in or last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
        request.session[LAST_SEEN_KEY] = now
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


def forget_short_password(sender, request: HttpRequest, user, **kwargs) -> None:
    """A new password passed the validators, the staff minimum among them."""
    request.session.pop(SHORT_PASSWORD_KEY, None)


def count_sign_in_as_recent_check(sender, request: HttpRequest, user, **kwargs) -> None:
    """A staff member who just signed in with their password is sent to enrol an
    authenticator app; allauth would ask for that same password again (it only counts
    re-authentications as recent). Count this sign-in as the check instead."""
    from allauth.account.internal.flows.login import record_authentication

    if is_staff_account(user) and not has_second_factor(user):
        record_authentication(request, user, method="password", reauthenticated=True)


def start_session(sender, request: HttpRequest, user, **kwargs) -> None:
    """At sign-in, note what the middleware would otherwise write on the first page."""
    if is_staff_account(user):
        note_activity(request, signing_in=True)
    else:
        request.session[ROLE_CHECK_KEY] = {"user": user.pk, "at": time.time()}


def is_staff_member(user) -> bool:
    """May open the staff pages (the dashboard, the inbox): active, with the staff flag."""
    return bool(user.is_active and user.is_staff)


def allowed_only(user_is_allowed: Callable[[Any], bool]):
    """The one refusal convention, role side (README "Architecture", docs/access.md): a
    view for the people `user_is_allowed` admits — never cached, anonymous people to the
    sign-in page, every other signed-in person refused (403) before any object is looked
    up, so a refusal says nothing about which objects exist. The object side is the
    apps' permission-checked fetch helpers: an object that is not the person's is "not
    found" (404), like one that does not exist."""

    def decorate(view):
        @wraps(view)
        @never_cache
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not user_is_allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
