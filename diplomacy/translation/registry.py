"""Which fields of which models go through translation jobs.

    # publications/portal.py
    Translatable("publications.Publication", fields=("title", "summary", "body"),
                 source_language_field="original_language")

The model must be registered with modeltranslation for those fields (each has _ar and
_en columns). Saving an instance then creates or updates a translation job in the same
transaction (see services.jobs_sync_for_object). With `source_language_field=None`
either language can be the source: whichever has text the other lacks.
"""

import contextlib
import contextvars
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_delete, post_save
from modeltranslation.translator import NotRegistered, translator

from diplomacy.languages import CONTENT_LANGUAGES
from diplomacy.plugins import app_contributions, declared_model
from diplomacy.translation.signals import translation_approved

logger = logging.getLogger(__name__)

LANGUAGES = CONTENT_LANGUAGES


@dataclass(frozen=True)
class TranslatableSpec:
    model: type[models.Model]
    fields: tuple[str, ...]
    source_language_field: str | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def text(self, obj: models.Model, field: str, language: str) -> str:
        return getattr(obj, f"{field}_{language}", None) or ""

    def has_text(self, obj: models.Model, language: str) -> bool:
        return any(self.text(obj, field, language).strip() for field in self.fields)

    def source_language_of(self, obj: models.Model) -> str | None:
        """The declared source language of `obj`, or None when either may be the source."""
        if not self.source_language_field:
            return None
        language = getattr(obj, self.source_language_field, None)
        return language if language in LANGUAGES else None

    def watched_columns(self) -> set[str]:
        columns = {f"{field}_{language}" for field in self.fields for language in LANGUAGES}
        columns.update(self.fields)
        if self.source_language_field:
            columns.add(self.source_language_field)
        return columns


_registry: dict[type[models.Model], TranslatableSpec] = {}
_hooks_paused: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "translation_hooks_paused", default=False
)


def register_translatable(
    model: type[models.Model], *, fields: list[str], source_language_field: str | None = None
) -> TranslatableSpec:
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered as error:
        raise ValueError(f"{model._meta.label} is not registered with modeltranslation") from error
    unknown = [field for field in fields if field not in options.all_fields]
    if unknown:
        raise ValueError(f"{model._meta.label}: not translatable with modeltranslation: {unknown}")
    if source_language_field:
        model._meta.get_field(source_language_field)  # raises FieldDoesNotExist on a typo
    spec = TranslatableSpec(
        model=model, fields=tuple(fields), source_language_field=source_language_field
    )
    _registry[model] = spec
    post_save.connect(
        _object_saved, sender=model, weak=False, dispatch_uid=f"translation-{spec.label}"
    )
    post_delete.connect(
        _object_deleted, sender=model, weak=False, dispatch_uid=f"translation-{spec.label}"
    )
    return spec


def unregister_translatable(model: type[models.Model]) -> None:
    _registry.pop(model, None)
    post_save.disconnect(sender=model, dispatch_uid=f"translation-{model._meta.label_lower}")
    post_delete.disconnect(sender=model, dispatch_uid=f"translation-{model._meta.label_lower}")


def spec_for(model: type[models.Model]) -> TranslatableSpec | None:
    return _registry.get(model)


def spec_for_label(label: str) -> TranslatableSpec | None:
    return next((spec for spec in _registry.values() if spec.label == label), None)


def registered_translatables() -> list[TranslatableSpec]:
    return sorted(_registry.values(), key=lambda spec: spec.label)


def register_declared_translatables() -> list[TranslatableSpec]:
    """Register what the apps declare in their portal.py (diplomacy/plugins.py). A model or
    field that modeltranslation does not know stops start-up."""
    registered = []
    for contribution in app_contributions():
        for declared in contribution.translatables:
            model = declared_model(declared.model)
            registered.append(
                register_translatable(
                    model,
                    fields=list(declared.fields),
                    source_language_field=declared.source_language_field,
                )
            )
            if declared.on_approved is not None:
                translation_approved.connect(
                    declared.on_approved,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"translation-approved-{model._meta.label_lower}",
                )
    return registered


@contextlib.contextmanager
def hooks_paused() -> Iterator[None]:
    """Saves inside this block create no jobs (used when a job writes its own target)."""
    token = _hooks_paused.set(True)
    try:
        yield
    finally:
        _hooks_paused.reset(token)


def _object_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or _hooks_paused.get():
        return
    spec = _registry.get(sender)
    if spec is None:
        return
    if update_fields is not None and not (set(update_fields) & spec.watched_columns()):
        return
    from diplomacy.translation.services import jobs_sync_for_object

    jobs_sync_for_object(obj=instance, spec=spec)


def _object_deleted(sender, instance, **kwargs) -> None:
    """The jobs of a deleted object go with it (their segments stay in the memory only if
    they were approved, which put them there already)."""
    from django.contrib.contenttypes.models import ContentType

    from diplomacy.translation.models import TranslationJob

    TranslationJob.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
    ).delete()
