"""Figures a signed-in person sees on every visit to a page, kept a minute for that person.

The staff dashboard counts applications, jobs, sessions and emails in ten queries; a
staff member opens it many times an hour. Each section's figures are kept for one
person (their id is in the key: never shown to anyone else) and at most a minute, which
a count that opens a live list can afford. What the person may see is not kept: the key
holds their permissions as they are on this request, so a role taken away (or given)
leads to figures computed anew, at once.
"""

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

T = TypeVar("T")

REMEMBERED_SECONDS = 60


def permissions_fingerprint(user: Any) -> str:
    """What the person's account allows today, in a few characters. For anyone but a
    superuser the permissions are those `has_perm` already loaded for this request."""
    allowed = ["superuser"] if user.is_superuser else sorted(user.get_all_permissions())
    state = [str(user.pk), str(user.is_active), str(user.is_staff), *allowed]
    return hashlib.sha256("\n".join(state).encode()).hexdigest()[:32]


def remembered_for_person(user: Any, name: str, compute: Callable[[], T]) -> T:
    """`compute()` for this person, from the cache for up to a minute while their
    permissions, the language and the day stay the same. None is never kept."""
    key = ":".join(
        (
            "remembered",
            name,
            str(user.pk),
            permissions_fingerprint(user),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
        )
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, REMEMBERED_SECONDS)
    return value
