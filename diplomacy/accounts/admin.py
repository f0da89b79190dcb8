from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from diplomacy.accounts.models import StaffAuthenticator, User
from diplomacy.accounts.reauthentication import (
    ReauthenticatedChangesAdminMixin,
    require_recent_authentication,
)
from diplomacy.accounts.roles import ROLE_LABELS
from diplomacy.accounts.services import second_factor_reset

# Roles are groups: changing one (or someone's) asks for the password again (GroupAdmin).
# Django stores the names of the permissions it makes in English ("Can add agreement")
# and our roles' group names are keys; both are shown in the reader's language.
DEFAULT_PERMISSION_NAMES = {
    "add": _("Can add %(thing)s"),
    "change": _("Can change %(thing)s"),
    "delete": _("Can delete %(thing)s"),
    "view": _("Can view %(thing)s"),
}


def group_label(group: Group) -> str:
    return str(ROLE_LABELS.get(group.name, group.name))


def permission_label(permission: Permission) -> str:
    action, _separator, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    where, names = str(permission.content_type), model._meta if model else None
    if model is Authenticator:  # allauth names it in English only
        names = StaffAuthenticator._meta
        where = capfirst(names.verbose_name)
    if action in DEFAULT_PERMISSION_NAMES and model and model_name == model._meta.model_name:
        name = DEFAULT_PERMISSION_NAMES[action] % {"thing": names.verbose_name}
    else:
        name = gettext(permission.name)  # our own permissions' names are in the catalogue
    return f"{where} | {name}"


def with_readable_labels(formfield, field_name: str):
    if field_name == "groups":
        formfield.label_from_instance = group_label
    elif field_name in ("permissions", "user_permissions"):
        formfield.label_from_instance = permission_label
    return formfield


class GroupFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "groups__id__exact"

    def lookups(self, request, model_admin):
        return [(group.pk, group_label(group)) for group in Group.objects.order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(groups__id=self.value()) if self.value() else queryset


admin.site.unregister(Group)
admin.site.unregister(Authenticator)


class AuthenticatorKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return Authenticator.Type.choices

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() else queryset


@admin.register(StaffAuthenticator)
class StaffAuthenticatorAdmin(admin.ModelAdmin):
    """allauth's own list of authenticators, with its columns named in words."""

    list_display = ["person", "kind", "added", "last_used"]
    list_filter = [AuthenticatorKindFilter]
    list_select_related = ["user"]
    fields = ["person", "kind", "added", "last_used"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("person"), ordering="user__email")
    def person(self, authenticator: Authenticator) -> str:
        return str(authenticator.user)

    @admin.display(description=_("kind"), ordering="type")
    def kind(self, authenticator: Authenticator) -> str:
        return authenticator.get_type_display()

    @admin.display(description=_("added"), ordering="created_at")
    def added(self, authenticator: Authenticator):
        return authenticator.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, authenticator: Authenticator):
        return authenticator.last_used_at


@admin.register(Group)
class GroupAdmin(ReauthenticatedChangesAdminMixin, DjangoGroupAdmin):
    list_display = ["role"]

    @admin.display(description=_("role"), ordering="name")
    def role(self, group: Group) -> str:
        return group_label(group)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return with_readable_labels(formfield, db_field.name)


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
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", GroupFilter]
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

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return with_readable_labels(formfield, db_field.name)

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

    def user_change_password(self, request, id, form_url=""):
        if request.method == "POST":
            require_recent_authentication(request)
        return super().user_change_password(request, id, form_url)
