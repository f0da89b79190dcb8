from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from diplomacy.accounts.models import User
from diplomacy.accounts.services import second_factor_reset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "preferred_language",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    actions = ["reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "preferred_language", "password1", "password2"),
            },
        ),
    )

    @admin.action(
        description=_("Reset two-step sign-in (lost or new phone)"),
        permissions=["change"],
    )
    def reset_second_factor(self, request, queryset) -> None:
        people = list(queryset)
        for person in people:
            second_factor_reset(actor=request.user, user=person)
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in was reset for %(count)d person: they set up their "
                "authenticator app again at their next sign-in.",
                "Two-step sign-in was reset for %(count)d people: they set up their "
                "authenticator app again at their next sign-in.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )
