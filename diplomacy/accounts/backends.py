"""Permissions read in one query.

Django's ModelBackend reads a person's own permissions and their roles' permissions in
two queries, the first time a page asks `has_perm` (most signed-in pages: the sections
of "My page", the staff dashboard, the review queue). This backend reads both at once
and fills the same per-request cache, so the backends after it ask nothing more. It
signs nobody in: ModelBackend and allauth's backend, after it, do that as before.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class PermissionsBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache") and not user_obj.is_superuser:
            names = ("content_type__app_label", "codename")
            own = Permission.objects.filter(user=user_obj).values_list(*names).order_by()
            through_roles = (
                Permission.objects.filter(group__user=user_obj).values_list(*names).order_by()
            )
            user_obj._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in own.union(through_roles)
            }
        return super().get_all_permissions(user_obj, obj)
