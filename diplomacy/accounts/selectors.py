"""Reads about people shared by every app.

"Which staff have this permission" is asked in one place, `users_with_permission`: who
gets a notice, who may be chosen as coordinator, who is alerted. It decides as Django's
`user.has_perm` does (ModelBackend and allauth's backend, which extends it), so a list of
recipients never disagrees with what the same people may open.
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, QuerySet

from diplomacy.accounts.models import User


def users_with_permission(
    *,
    permission: str,
    staff_only: bool = False,
    include_superusers: bool = True,
    role: str | None = None,
) -> QuerySet[User]:
    """Active people for whom `has_perm(permission)` is true: superusers, and whoever holds
    the permission through one of their groups or directly.

    An audience narrower than "everyone allowed" says so by keyword: `staff_only` (people
    who can sign in to the back office), `include_superusers=False` (technical accounts
    that hold everything but do not do the team's work), `role` (only through that role's
    group: the team doing the work, not the Administrators who hold every permission).
    """
    app_label, _dot, codename = permission.partition(".")
    if not (app_label and codename):
        raise ValueError(f"A permission is named 'app_label.codename', not {permission!r}.")
    named = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    through = (
        Q(group__user=OuterRef("pk"), group__name=role)
        if role is not None
        else Q(group__user=OuterRef("pk")) | Q(user=OuterRef("pk"))
    )
    holds: Q = Q(Exists(named.filter(through)))
    if include_superusers:
        holds |= Q(is_superuser=True)
    people = User.objects.filter(holds, is_active=True)
    if staff_only:
        people = people.filter(is_staff=True)
    return people.order_by("pk")
