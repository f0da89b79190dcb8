"""Who handles delegation applications.

Coordinators (the review permission, active staff) see and act on the applications
assigned to them. The head of delegations (the permission to see all applications)
sees every submitted application, assigns coordinators and is told of new ones.
"""

from django.db.models import QuerySet

from diplomacy.accounts.selectors import users_with_permission
from diplomacy.kept_values import generation_bump_now_and_after_commit, kept_for_generation

REVIEW_PERMISSION = "delegations.review_application"
VIEW_ALL_PERMISSION = "delegations.view_all_applications"
ASSIGN_PERMISSION = "delegations.assign_application"
PERSONAL_DATA_PERMISSION = "delegations.view_personal_data"
AUDIT_PERMISSION = "audit.view_auditentry"


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


def coordinators() -> QuerySet:
    """Active staff who hold the review permission through a role or directly. Superusers
    are not offered as coordinators nor told of new applications for being superusers."""
    return users_with_permission(
        permission=REVIEW_PERMISSION, staff_only=True, include_superusers=False
    )


# The review queue's values kept until what they were computed from changes
# (diplomacy/kept_values.py): its counts, forgotten when an application is saved or
# deleted (selectors.review_queue_counts_forget), and the coordinators its filter names,
# forgotten when someone's roles, permissions or name change (the receivers connected in
# apps.py). One generation for both: a page of the queue reads it once.
QUEUE_GENERATION_KEY = "delegations:queue-generation"
COORDINATOR_CHOICES_KEY = "delegations:coordinator-choices:2"
# Bounds what no signal reports (a bulk update).
COORDINATOR_CHOICES_SECONDS = 60


def coordinator_choices() -> list[tuple[int, str]]:
    """(id, name) of each coordinator, for filters. Never for a permission check: who may
    act on an application is `handles`, asked on every request."""
    return kept_for_generation(
        QUEUE_GENERATION_KEY,
        COORDINATOR_CHOICES_KEY,
        lambda: [(person.pk, str(person)) for person in coordinators()],
        timeout=COORDINATOR_CHOICES_SECONDS,
    )


def forget_coordinator_choices(**kwargs: object) -> None:
    generation_bump_now_and_after_commit(QUEUE_GENERATION_KEY)


def heads_of_delegations() -> QuerySet:
    """Active staff who see every application: they are told of new ones."""
    return users_with_permission(
        permission=VIEW_ALL_PERMISSION, staff_only=True, include_superusers=False
    ).filter(pk__in=coordinators().values("pk"))


def administrators() -> QuerySet:
    """Who is alerted when personal data is opened unusually often: the staff who read the
    audit log (the Administrators role and superusers)."""
    return users_with_permission(permission=AUDIT_PERMISSION, staff_only=True)
