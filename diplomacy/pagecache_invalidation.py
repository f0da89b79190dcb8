"""The page cache follows the models the apps declare public, and only them.

One receiver, connected at start-up to the models in the apps' `public_models`
(portal.py, diplomacy/plugins.py): saving or deleting one of them, or changing one of its
many-to-many relations, bumps the public pages' generation after commit. Whoever writes —
a service, the Django admin, a shell — the pages follow. A staff-only model (an
interaction, a reminder, an agreement) changes no public page and empties nothing.

Bulk `QuerySet.update()` sends no signal: the services that write rows that way (image
renditions, logos) announce it with `public_model_rows_updated(Model, fields=...)`, which
goes through the same receiver, so it counts only for a declared model and its watched
fields. This module is the only caller of `public_pages_changed()` outside the page
cache itself (tests/diplomacy/test_pagecache_invalidation.py checks it).
"""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from diplomacy.pagecache import generation_followed, public_pages_changed
from diplomacy.plugins import PublicModel, app_contributions, declared_model

# The fields whose change matters, per model; an empty set: every change.
_watched_fields: dict[type[models.Model], frozenset[str]] = {}


def public_model_changed(
    sender: type[models.Model],
    update_fields: Iterable[str] | None = None,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw or not generation_followed():
        return
    watched = _watched_fields.get(sender, frozenset())
    if watched and update_fields is not None and not watched & set(update_fields):
        return
    transaction.on_commit(public_pages_changed)


def public_model_rows_updated(model: type[models.Model], *, fields: Iterable[str]) -> None:
    """Announce a `QuerySet.update()` of `fields` on rows of `model` (it sends no signal):
    after commit the public pages follow as for a save with those update_fields. Nothing
    for a model no app declares public, or when none of its watched fields is written."""
    if model in _watched_fields:
        public_model_changed(sender=model, update_fields=frozenset(fields))


def connect_public_model_receivers() -> None:
    for contribution in app_contributions():
        for declared in contribution.public_models:
            if isinstance(declared, str):
                declared = PublicModel(declared)
            model = declared_model(declared.model)
            _watched_fields[model] = frozenset(declared.fields)
            uid = f"pagecache-{model._meta.label_lower}"
            post_save.connect(public_model_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(public_model_changed, sender=model, dispatch_uid=uid)
            for relation in model._meta.many_to_many:
                m2m_changed.connect(
                    public_model_changed,
                    sender=relation.remote_field.through,
                    dispatch_uid=f"{uid}-{relation.name}",
                )
