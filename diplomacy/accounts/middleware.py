import re
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from diplomacy.accounts import staff_access
from diplomacy.accounts.language import remember_language
from diplomacy.accounts.password_validation import STAFF_PASSWORD_MIN_LENGTH


class PreferredLanguageMiddleware:
    """Language outside the /ar/ and /en/ prefixes, and remembering the visitor's choice.

    Pages without a language prefix (the admin, mostly) follow a signed-in person's
    preferred language. Visiting a prefixed page remembers that language in a cookie, so
    that `/` sends the visitor back to the language they chose last.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path_language = get_language_from_path(request.path_info)
        user = getattr(request, "user", None)
        if path_language is None and user is not None and user.is_authenticated:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        if path_language:
            remember_language(request, response, path_language)
        return response


class StaffAccessMiddleware:
    """The rules a staff account lives by, before any page of the portal opens.

    - A session idle for longer than `STAFF_SESSION_IDLE_SECONDS` is ended.
    - Without an authenticator app, every page leads to its enrolment; the enrolment
      and recovery-code pages, sign-out, re-authentication and static files stay open.
    - A password shorter than the staff minimum leads to the password change page.

    All pages, not only the admin and staff views: a staff account without a second
    factor must not be usable at all, so no staff page can be forgotten.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        self.open_paths = re.compile(
            rf"^/(?:(?:{languages})/)?(?:accounts/(?:2fa/|logout/|reauthenticate/|login/"
            rf"|password/change/)|admin/logout/|healthz$|robots\.txt$)"
            rf"|^{re.escape(settings.STATIC_URL)}"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and staff_access.is_staff_session(request):
            response = self.staff_rules(request)
            if response is not None:
                return response
        return self.get_response(request)

    def staff_rules(self, request: HttpRequest) -> HttpResponse | None:
        if staff_access.session_is_idle(request):
            logout(request)
            messages.info(
                request,
                _("You were signed out after a working day without activity. Sign in again."),
            )
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        staff_access.note_activity(request)
        if self.open_paths.match(request.path_info):
            return None
        if not staff_access.session_has_second_factor(request):
            if request.method == "GET":
                request.session[staff_access.RETURN_TO_KEY] = request.get_full_path()
            return redirect("mfa_activate_totp")
        if request.session.get(staff_access.SHORT_PASSWORD_KEY) == request.user.pk:
            messages.warning(
                request,
                _(
                    "Staff accounts need a password of at least %(min_length)d characters. "
                    "Choose a longer password to continue."
                )
                % {"min_length": STAFF_PASSWORD_MIN_LENGTH},
            )
            return redirect("account_change_password")
        return None
