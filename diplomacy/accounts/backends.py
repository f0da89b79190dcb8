"""Permissions read in one query, and the signed-in person with their query written out.

Django's ModelBackend reads a person's own permissions and their roles' permissions in
two queries, the first time a page asks `has_perm` (most signed-in pages: the sections
of "My page", the staff dashboard, the review queue). This backend reads both at once
and fills the same per-request cache, so the backends after it ask nothing more. It
signs nobody in: ModelBackend and allauth's backend, after it, do that as before.

The query is written in SQL: it runs on nearly every signed-in request, and building
the same union through the ORM took 0.5 ms of CPU each time, ten times what sending
it as written costs (PostgreSQL also plans it faster). It is read on every request, so
a permission or role taken away counts from the next page on.

Every signed-in request reads its person (`get_user`, the session's user id): through
the ORM that was three fifths of what being signed in cost a request, more than reading
the session itself; written out, a third of that (cProfile of a signed-in hello-world). The same row, checked the same way
(an inactive account signs nobody in), so the backends below do it for the sessions of
every sign-in: a password (PasswordBackend), allauth's other ways (AccountBackend), and
the tests' `force_login` (PermissionsBackend, first in the list).
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from diplomacy.written_sql import model_instances

# A person's own permissions and those of their roles (groups), as "app_label.codename".
PERMISSIONS_OF_PERSON = """
SELECT content_type.app_label, permission.codename
FROM auth_permission AS permission
JOIN django_content_type AS content_type ON content_type.id = permission.content_type_id
WHERE permission.id IN (
    SELECT own.permission_id FROM accounts_user_user_permissions AS own
    WHERE own.user_id = %(person)s
    UNION
    SELECT role.permission_id FROM auth_group_permissions AS role
    JOIN accounts_user_groups AS membership ON membership.group_id = role.group_id
    WHERE membership.user_id = %(person)s
)
"""


def permissions_of(person_id: int) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(PERMISSIONS_OF_PERSON, {"person": person_id})
        return {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}


def person_by_id(person_id: int) -> Any:
    """The account with this id, as `User.objects.get(pk=person_id)` gives it; None if
    there is none."""
    model = get_user_model()
    table = connection.ops.quote_name(model._meta.db_table)
    people = model_instances(model, f"SELECT * FROM {table} WHERE id = %s", [person_id])  # noqa: S608
    return people[0] if people else None


class PersonReadWritten(ModelBackend):
    """ModelBackend's `get_user`, with the person read by `person_by_id`."""

    def get_user(self, user_id: Any) -> Any:
        person = person_by_id(user_id)
        return person if person is not None and self.user_can_authenticate(person) else None


class PasswordBackend(PersonReadWritten):
    """Django's ModelBackend: signs people in with their email address and password."""


class AccountBackend(PersonReadWritten, AuthenticationBackend):
    """allauth's backend (its own ways of signing in)."""


class PermissionsBackend(PersonReadWritten):
    def authenticate(
        self, request: Any, username: Any = None, password: Any = None, **kwargs: Any
    ) -> None:
        return None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache") and not user_obj.is_superuser:
            user_obj._perm_cache = permissions_of(user_obj.pk)
        return super().get_all_permissions(user_obj, obj)
