"""Who reviews delegation applications: members of the "Delegation coordinators" role
(or anyone given the permission), who must be active staff."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

REVIEW_PERMISSION = "delegations.review_application"


def is_coordinator(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(REVIEW_PERMISSION)
    )


def coordinators() -> QuerySet:
    """Active staff who hold the review permission through a group or directly."""
    permission = Permission.objects.filter(
        content_type__app_label="delegations", codename="review_application"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
        .order_by("pk")
    )
