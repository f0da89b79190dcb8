from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from diplomacy.accounts.forms import ProfileForm
from diplomacy.accounts.services import user_update_preferences


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
