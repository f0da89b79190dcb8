from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from diplomacy.accounts.models import User
from diplomacy.accounts.reauthentication import (
    ReauthenticatedChangesAdminMixin,
    require_recent_authentication,
)

# Roles are groups: changing one (or someone's) asks for the password again.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReauthenticatedChangesAdminMixin, DjangoGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(ReauthenticatedChangesAdminMixin, DjangoUserAdmin):
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

    def user_change_password(self, request, id, form_url=""):
        if request.method == "POST":
            require_recent_authentication(request)
        return super().user_change_password(request, id, form_url)
