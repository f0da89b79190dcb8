"""Figures a signed-in person sees on every visit to a page, kept a minute for that person.

The staff dashboard counts applications, jobs, sessions and emails in ten queries; a
staff member opens it many times an hour. Each section's figures are kept for one
person (their id is in the key: never shown to anyone else) and at most a minute, which
a count that opens a live list can afford. What the person may see is not kept: the
entry holds their permissions as they are on this request, so a role taken away (or
given) leads to figures computed anew, at once.

The dashboard keeps each section's HTML the same way (templatetags/staff_dashboard.py):
it follows from the figures, the person, the language and the day.

A person's figures are kept together, in one cache entry per language, each section's
with the moment it was computed: a page with five sections reads them in one Redis round
trip instead of five. The entry is read once per request (kept on the user object, which
lives as long as the request).
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.functional import Promise

T = TypeVar("T")

REMEMBERED_SECONDS = 60
# Where the entry read for this request is kept on `request.user`.
READ_THIS_REQUEST = "_remembered_for_person"


def permissions_fingerprint(user: Any) -> str:
    """What the person's account allows today, in a few characters. For anyone but a
    superuser the permissions are those `has_perm` already loaded for this request."""
    allowed = ["superuser"] if user.is_superuser else sorted(user.get_all_permissions())
    state = [str(user.pk), str(user.is_active), str(user.is_staff), *allowed]
    return hashlib.sha256("\n".join(state).encode()).hexdigest()[:32]


def entry_key(user_id: int, language: str) -> str:
    return f"remembered:{user_id}:{language}"


def without_lazy_text(value: Any) -> Any:
    """`value` with its translatable labels as plain text (the entry is per language).
    A lazy label is unpickled by building a new class: ~0.1 ms each, on every read."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: without_lazy_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_lazy_text(item) for item in value]
    if type(value) is tuple:
        return tuple(without_lazy_text(item) for item in value)
    return value


def _entry(user: Any, language: str) -> dict[str, Any]:
    """This person's figures for this language, as valid on this request:
    {"state": fingerprint and day, "figures": {name: (computed at, value)}}."""
    day = timezone.localdate().isoformat()
    entry = getattr(user, READ_THIS_REQUEST, None)
    if entry is not None and entry["language"] == language and entry["state"][1] == day:
        # Read on this request already: the permissions too are read once per request
        # (Django keeps them on the same user object), so the fingerprint still holds.
        return entry
    state = (permissions_fingerprint(user), day)
    entry = cache.get(entry_key(user.pk, language))
    if entry is None or entry["state"] != state:
        entry = {"state": state, "figures": {}}
    entry["language"] = language
    setattr(user, READ_THIS_REQUEST, entry)
    return entry


def remembered_for_person(user: Any, name: str, compute: Callable[[], T]) -> T:
    """`compute()` for this person, from the cache for up to a minute while their
    permissions, the language and the day stay the same. None is never kept."""
    language = translation.get_language() or ""
    entry = _entry(user, language)
    now = time.time()
    computed_at, value = entry["figures"].get(name, (0.0, None))
    if value is not None and now - computed_at < REMEMBERED_SECONDS:
        return value
    value = compute()
    if value is not None:
        figures = {
            kept_name: (at, kept)
            for kept_name, (at, kept) in entry["figures"].items()
            if now - at < REMEMBERED_SECONDS
        }
        entry["figures"] = figures | {name: (now, without_lazy_text(value))}
        stored = {"state": entry["state"], "figures": entry["figures"]}
        cache.set(entry_key(user.pk, language), stored, REMEMBERED_SECONDS)
    return value
