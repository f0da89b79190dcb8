from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from diplomacy.accounts.forms import ProfileForm
from diplomacy.accounts.services import user_update_preferences
from diplomacy.accounts.staff_access import allowed_only, is_staff_member


@never_cache
@login_required
def my_overview(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own things; each app contributes its section template."""
    return TemplateResponse(
        request, "accounts/user_overview.html", {"my_sections": settings.MY_PAGE_SECTIONS}
    )


@never_cache
@login_required
def my_preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"full_name": user.get_full_name(), "preferred_language": user.preferred_language}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user_update_preferences(user=user, **form.cleaned_data)
        messages.success(request, _("Your preferences were saved."))
        return redirect("my")
    return TemplateResponse(request, "accounts/user_preferences.html", {"form": form})


@allowed_only(is_staff_member)
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    """What needs the staff member today, for their roles: each app adds its section."""
    return TemplateResponse(
        request,
        "accounts/staff_dashboard.html",
        {"dashboard_sections": settings.STAFF_DASHBOARD_SECTIONS},
    )


# --- The admin signs in and out through allauth ------------------------------------------
# The admin's own password form would skip allauth's rate limits and the second factor,
# so its login and logout URLs lead to allauth's pages.


@never_cache
def admin_login(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect(next_url)
        # Signed in without access to the admin: sending them to sign in would loop.
        raise PermissionDenied
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


@never_cache
def admin_logout(request: HttpRequest) -> HttpResponse:
    # 307 keeps the admin's POST (and its CSRF token) for allauth's sign-out.
    return HttpResponseRedirect(
        reverse("account_logout"), status=307 if request.method == "POST" else 302
    )
