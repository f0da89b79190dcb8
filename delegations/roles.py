"""Who handles delegation applications.

Coordinators (the review permission, active staff) see and act on the applications
assigned to them. The head of delegations (the permission to see all applications)
sees every submitted application, assigns coordinators and is told of new ones.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

REVIEW_PERMISSION = "delegations.review_application"
VIEW_ALL_PERMISSION = "delegations.view_all_applications"
ASSIGN_PERMISSION = "delegations.assign_application"
PERSONAL_DATA_PERMISSION = "delegations.view_personal_data"


def is_coordinator(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(REVIEW_PERMISSION)
    )


def sees_all_applications(user) -> bool:
    return is_coordinator(user) and user.has_perm(VIEW_ALL_PERMISSION)


def may_assign(user) -> bool:
    return is_coordinator(user) and user.has_perm(ASSIGN_PERMISSION)


def handles(user, application) -> bool:
    """May this staff member act on this application (the object-level check)?"""
    if not is_coordinator(user):
        return False
    return sees_all_applications(user) or application.coordinator_id == user.pk


def _holders(codename: str) -> QuerySet:
    permission = Permission.objects.filter(content_type__app_label="delegations", codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
        .order_by("pk")
    )


def coordinators() -> QuerySet:
    """Active staff who hold the review permission through a group or directly."""
    return _holders("review_application")


def heads_of_delegations() -> QuerySet:
    """Active staff who see every application: they are told of new ones."""
    return _holders("view_all_applications").filter(pk__in=coordinators().values("pk"))


def administrators() -> QuerySet:
    """Who is alerted when personal data is opened unusually often: active superusers and
    members of the Administrators role."""
    from diplomacy.accounts.roles import ADMINISTRATORS

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=ADMINISTRATORS, is_staff=True))
        .distinct()
        .order_by("pk")
    )
