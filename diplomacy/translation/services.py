"""Translation job operations: create or update on save, pre-fill, review, approve, fail.

States: queued → machine_draft (pre-filled, waiting for a translator) → in_review (a
translator is at work) → approved; failed when the engine gave up (retry by hand puts it
back in queued). When the source changes after approval, a new job is queued for the
changed fields only, the earlier approval becomes "outdated", and segments whose source
did not change keep their approved translation.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from diplomacy.accounts.models import User
from diplomacy.audit.services import audit_record
from diplomacy.jobs.services import enqueue_on_commit
from diplomacy.richtext import sanitize_html
from diplomacy.translation import signals
from diplomacy.translation.engines import get_engine
from diplomacy.translation.glossary import glossary_apply
from diplomacy.translation.models import (
    GlossaryTerm,
    Segment,
    TranslationJob,
    TranslationMemoryEntry,
    other_language,
    text_hash,
)
from diplomacy.translation.registry import (
    LANGUAGES,
    TranslatableSpec,
    hooks_paused,
    spec_for,
)
from diplomacy.translation.segmentation import TOKEN, markup_tags, segment_text
from diplomacy.translation.selectors import (
    memory_exact_matches,
    memory_fuzzy_matches,
    translators,
)

logger = logging.getLogger(__name__)

JOB_READY = "translation.job_ready"
JOB_FAILED = "translation.job_failed"


# --- Creating jobs --------------------------------------------------------------------


def jobs_sync_for_object(
    *, obj: models.Model, spec: TranslatableSpec | None = None
) -> list[TranslationJob]:
    """Create or update the jobs `obj` needs after a save. Runs inside the save's
    transaction (a savepoint of it), so the object and its job commit together."""
    spec = spec or spec_for(type(obj))
    if spec is None or obj.pk is None:
        return []
    declared = spec.source_language_of(obj)
    source_languages = [declared] if declared else list(LANGUAGES)
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    jobs = []
    with transaction.atomic():
        for source_language in source_languages:
            target_language = other_language(source_language)
            approved = _approved_sources(
                content_type=content_type, object_id=str(obj.pk), target_language=target_language,
                source_language=source_language,
            )  # fmt: skip
            texts: dict[str, str] = {}
            changed_after_approval = False
            for field in spec.fields:
                source = spec.text(obj, field, source_language)
                if not source.strip():
                    continue
                if field in approved:
                    if approved[field] != source:
                        texts[field] = source
                        changed_after_approval = True
                elif not spec.text(obj, field, target_language).strip():
                    texts[field] = source
            if texts:
                job = _job_upsert(
                    obj=obj, content_type=content_type, source_language=source_language,
                    texts=texts, updates_approved=changed_after_approval, actor=None,
                )  # fmt: skip
                jobs.append(job)
    return jobs


def job_request(*, obj: models.Model, target_language: str, actor: User) -> TranslationJob:
    """An editor asks for a translation by hand: every field with source text."""
    spec = spec_for(type(obj))
    if spec is None:
        raise ValidationError(_("This kind of content is not translated through jobs."))
    if target_language not in LANGUAGES:
        raise ValidationError(_("Unknown language."))
    source_language = other_language(target_language)
    texts = {
        field: spec.text(obj, field, source_language)
        for field in spec.fields
        if spec.text(obj, field, source_language).strip()
    }
    if not texts:
        raise ValidationError(_("There is no text to translate in the source language."))
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    with transaction.atomic():
        approved = _approved_sources(
            content_type=content_type, object_id=str(obj.pk), target_language=target_language,
            source_language=source_language,
        )  # fmt: skip
        job = _job_upsert(
            obj=obj, content_type=content_type, source_language=source_language, texts=texts,
            updates_approved=bool(approved), actor=actor, force=True,
        )  # fmt: skip
    return job


def _approved_sources(
    *, content_type: ContentType, object_id: str, target_language: str, source_language: str
) -> dict[str, str]:
    """{field: source text} as last approved, newest approval first per field."""
    sources: dict[str, str] = {}
    done = TranslationJob.objects.filter(
        content_type=content_type,
        object_id=object_id,
        target_language=target_language,
        source_language=source_language,
        state__in=TranslationJob.DONE_STATES,
    ).order_by("-approved_at", "-id")
    for texts in done.values_list("source_texts", flat=True):
        for field, text in texts.items():
            sources.setdefault(field, text)
    return sources


def _job_upsert(
    *,
    obj: models.Model,
    content_type: ContentType,
    source_language: str,
    texts: dict[str, str],
    updates_approved: bool,
    actor: User | None,
    force: bool = False,
) -> TranslationJob:
    target_language = other_language(source_language)
    key = {
        "content_type": content_type,
        "object_id": str(obj.pk),
        "target_language": target_language,
    }
    job = (
        TranslationJob.objects.select_for_update()
        .filter(**key, state__in=TranslationJob.OPEN_STATES)
        .first()
    )
    if job is None:
        try:
            with transaction.atomic():
                job = TranslationJob.objects.create(
                    **key,
                    object_label=object_label(obj, source_language),
                    source_language=source_language,
                    source_texts=texts,
                    updates_approved=updates_approved,
                )
        except IntegrityError:
            # Another transaction created the open job first: update that one instead.
            job = TranslationJob.objects.select_for_update().get(
                **key, state__in=TranslationJob.OPEN_STATES
            )
        else:
            _after_queued(job=job, actor=actor, action="translation.job_created")
            return job
    unchanged = job.source_texts == texts and job.source_language == source_language
    if unchanged and not (force and job.state == TranslationJob.State.FAILED):
        return job
    job.source_language = source_language
    job.source_texts = texts
    job.object_label = object_label(obj, source_language)
    job.updates_approved = job.updates_approved or updates_approved
    job.revision += 1
    job.state = TranslationJob.State.QUEUED
    job.failure_reason = ""
    job.attempts = 0
    job.save(
        update_fields=[
            "source_language", "source_texts", "object_label", "updates_approved", "revision",
            "state", "failure_reason", "attempts", "updated_at",
        ]
    )  # fmt: skip
    _after_queued(job=job, actor=actor, action="translation.job_requeued")
    return job


def object_label(obj: models.Model, language: str) -> str:
    """The object's name in its source language, whatever language is active."""
    with translation.override(language):
        return str(obj)[:300]


def _after_queued(*, job: TranslationJob, actor: User | None, action: str) -> None:
    if job.updates_approved:
        TranslationJob.objects.filter(
            content_type=job.content_type,
            object_id=job.object_id,
            target_language=job.target_language,
            state=TranslationJob.State.APPROVED,
        ).update(state=TranslationJob.State.OUTDATED, updated_at=timezone.now())
    audit_record(
        actor=actor, action=action, target=job,
        data={"revision": job.revision, "fields": sorted(job.source_texts)},
    )  # fmt: skip
    job_enqueue(job=job)


def job_enqueue(*, job: TranslationJob) -> None:
    from diplomacy.translation.tasks import prefill_translation_job

    # Queued jobs are found again by requeue_stale_translation_jobs.
    enqueue_on_commit(prefill_translation_job, job.pk, swept=True)


# --- Pre-filling (the Celery task's work) ---------------------------------------------


def job_prefill(*, job_id: int) -> TranslationJob | None:
    """Split the job's source into segments and fill them from memory, glossary and
    engine. Idempotent: a second run finds the job no longer queued and does nothing; a
    run interrupted in the middle keeps what it filled and continues where it stopped.
    Raises EngineError when the engine fails (the task retries)."""
    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != TranslationJob.State.QUEUED:
            return job
        revision = job.revision
        job.attempts += 1
        job.save(update_fields=["attempts", "updated_at"])
        _segments_sync(job=job)

    _fill_from_memory(job=job)
    _fill_from_engine(job=job, revision=revision)

    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().get(pk=job_id)
        if job.state != TranslationJob.State.QUEUED or job.revision != revision:
            # A newer save queued another revision; its own task finishes the job.
            return job
        job.state = TranslationJob.State.MACHINE_DRAFT
        job.failure_reason = ""
        job.save(update_fields=["state", "failure_reason", "updated_at"])
        audit_record(
            actor=None, action="translation.job_drafted", target=job, data={"revision": revision}
        )
        _notify_translators(job=job, type_key=JOB_READY, event=f"ready-{revision}")
    return job


def _segments_sync(*, job: TranslationJob) -> None:
    """Make the job's segment rows match its source texts, keeping every translation
    whose source sentence did not change (the job's own, then earlier approved ones)."""
    existing = {(segment.field, segment.position): segment for segment in job.segments.all()}
    carried: dict[tuple[str, str], dict] = {}
    for segment in Segment.objects.filter(
        job__content_type=job.content_type,
        job__object_id=job.object_id,
        job__target_language=job.target_language,
        job__source_language=job.source_language,
        job__state__in=TranslationJob.DONE_STATES,
        state=Segment.State.APPROVED,
    ).order_by("job__approved_at", "job_id"):
        # Later approvals overwrite earlier ones.
        carried[(segment.field, segment.source_hash)] = {
            "target": segment.target, "state": Segment.State.APPROVED,
            "origin": Segment.Origin.KEPT, "match_score": None,
        }  # fmt: skip
    for segment in existing.values():
        if segment.target:
            carried[(segment.field, segment.source_hash)] = {
                "target": segment.target, "state": segment.state,
                "origin": segment.origin, "match_score": segment.match_score,
            }  # fmt: skip
    empty = {"target": "", "state": Segment.State.EMPTY, "origin": "", "match_score": None}
    wanted: set[tuple[str, int]] = set()
    created: list[Segment] = []
    for field, text in job.source_texts.items():
        for position, source in enumerate(segment_text(text).segments):
            wanted.add((field, position))
            source_hash = text_hash(source)
            kept = existing.get((field, position))
            if kept and kept.source_hash == source_hash and kept.source == source:
                continue
            values = carried.get((field, source_hash), empty)
            if kept is None:
                created.append(
                    Segment(
                        job=job,
                        field=field,
                        position=position,
                        source=source,
                        source_hash=source_hash,
                        **values,
                    )
                )

            else:
                kept.source = source
                for name, value in values.items():
                    setattr(kept, name, value)
                kept.save()
    Segment.objects.bulk_create(created)
    stale = [segment.pk for key, segment in existing.items() if key not in wanted]
    if stale:
        Segment.objects.filter(pk__in=stale).delete()


def _fill_from_memory(*, job: TranslationJob) -> None:
    pending = list(job.segments.filter(state=Segment.State.EMPTY))
    if not pending:
        return
    languages = {"source_language": job.source_language, "target_language": job.target_language}
    exact = memory_exact_matches(**languages, sources=[segment.source for segment in pending])
    for segment in pending:
        if segment.source_hash in exact:
            _segment_fill(
                segment=segment, target=exact[segment.source_hash], state=Segment.State.DRAFT,
                origin=Segment.Origin.MEMORY, score=1.0,
            )  # fmt: skip
    pending = [segment for segment in pending if segment.source_hash not in exact]
    fuzzy = memory_fuzzy_matches(**languages, sources=[segment.source for segment in pending])
    for segment in pending:
        match = fuzzy.get(segment.source_hash)
        if match:
            _segment_fill(
                segment=segment, target=match.target, state=Segment.State.FUZZY,
                origin=Segment.Origin.MEMORY_FUZZY, score=match.score,
            )  # fmt: skip


def _fill_from_engine(*, job: TranslationJob, revision: int) -> None:
    engine = get_engine()
    if engine.name == "none":
        return
    batch_size = int(getattr(settings, "TRANSLATION_ENGINE_BATCH_SIZE", 20))
    terms = list(GlossaryTerm.objects.all())
    while True:
        pending = list(
            job.segments.filter(state=Segment.State.EMPTY).order_by("field", "position")[
                :batch_size
            ]
        )
        if not pending:
            return
        if TranslationJob.objects.filter(pk=job.pk, revision=revision).count() == 0:
            return
        translated = engine.translate(
            [segment.source for segment in pending],
            source=job.source_language,
            target=job.target_language,
        )
        if translated is None:
            return
        for segment, draft in zip(pending, translated, strict=True):
            draft, notes = glossary_apply(
                source=segment.source, draft=draft, source_language=job.source_language,
                target_language=job.target_language, terms=terms,
            )  # fmt: skip
            _segment_fill(
                segment=segment, target=draft, state=Segment.State.DRAFT,
                origin=Segment.Origin.MACHINE, score=None, notes=notes,
            )  # fmt: skip


def _segment_fill(
    *,
    segment: Segment,
    target: str,
    state: str,
    origin: str,
    score: float | None,
    notes: list[dict[str, str]] | None = None,
) -> None:
    # Only a still-empty segment is filled: a translator's edit made meanwhile wins.
    Segment.objects.filter(pk=segment.pk, state=Segment.State.EMPTY).update(
        target=target, state=state, origin=origin, match_score=score, glossary_notes=notes or []
    )


def job_fail(*, job_id: int, reason: str) -> TranslationJob | None:
    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != TranslationJob.State.QUEUED:
            return job
        job.state = TranslationJob.State.FAILED
        job.failure_reason = reason[:2000]
        job.save(update_fields=["state", "failure_reason", "updated_at"])
        audit_record(
            actor=None, action="translation.job_failed", target=job, note=job.failure_reason
        )
        _notify_translators(
            job=job, type_key=JOB_FAILED, event=f"failed-{job.revision}-{job.attempts}"
        )
    return job


# --- The translator's work ------------------------------------------------------------


def job_retry(*, job: TranslationJob, actor: User) -> TranslationJob:
    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().get(pk=job.pk)
        if job.state != TranslationJob.State.FAILED:
            raise ValidationError(_("Only a failed job can be retried."))
        job.state = TranslationJob.State.QUEUED
        job.failure_reason = ""
        job.attempts = 0
        job.save(update_fields=["state", "failure_reason", "attempts", "updated_at"])
        audit_record(actor=actor, action="translation.job_retried", target=job)
        job_enqueue(job=job)
    return job


def job_claim(*, job: TranslationJob, actor: User) -> TranslationJob:
    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().get(pk=job.pk)
        if not job.is_open:
            raise ValidationError(_("This job is closed."))
        job.assignee = actor
        job.save(update_fields=["assignee", "updated_at"])
        audit_record(actor=actor, action="translation.job_claimed", target=job)
    return job


def segments_save(
    *, job: TranslationJob, actor: User, targets: dict[int, str], accepted: Iterable[int]
) -> TranslationJob:
    """Store the translator's segment texts; `accepted` are the segments they confirmed."""
    accepted = set(accepted)
    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().get(pk=job.pk)
        if not job.is_editable:
            raise ValidationError(_("This job cannot be edited in its current state."))
        for segment in job.segments.all():
            if segment.pk not in targets:
                continue
            target = targets[segment.pk].strip()
            update_fields = []
            if target != segment.target:
                segment.target = target
                segment.origin = Segment.Origin.HUMAN if target else Segment.Origin.NONE
                segment.match_score = None
                update_fields += ["target", "origin", "match_score"]
            state: str
            if not target:
                state = Segment.State.EMPTY
            elif segment.pk in accepted:
                state = Segment.State.APPROVED
            elif segment.state == Segment.State.APPROVED or "target" in update_fields:
                state = Segment.State.DRAFT
            else:
                state = segment.state
            if state != segment.state:
                segment.state = state
                update_fields.append("state")
            if update_fields:
                segment.save(update_fields=update_fields)
        job.state = TranslationJob.State.IN_REVIEW
        job.assignee = job.assignee or actor
        job.save(update_fields=["state", "assignee", "updated_at"])
        audit_record(actor=actor, action="translation.segments_saved", target=job)
    return job


def job_approve(*, job: TranslationJob, actor: User) -> TranslationJob:
    """Write the target fields, feed the memory, and close the job."""
    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().get(pk=job.pk)
        if not job.is_editable:
            raise ValidationError(_("This job cannot be approved in its current state."))
        segments = list(job.segments.order_by("field", "position"))
        if any(not segment.target.strip() for segment in segments):
            raise ValidationError(_("Every segment needs a translation before approval."))
        broken = [
            f"{segment.field} #{segment.position + 1}"
            for segment in segments
            if markup_tags(segment.source) != markup_tags(segment.target)
        ]
        if broken:
            raise ValidationError(
                _("These segments do not keep the markup of their source: %(segments)s")
                % {"segments": ", ".join(broken)}
            )
        model = job.content_type.model_class()
        obj = (
            model._default_manager.select_for_update().filter(pk=job.object_id).first()
            if model is not None
            else None
        )
        if obj is None:
            raise ValidationError(_("The translated object no longer exists."))
        by_field: dict[str, list[str]] = {}
        for segment in segments:
            by_field.setdefault(segment.field, []).append(segment.target)
        written = []
        for field, source in job.source_texts.items():
            text = segment_text(source).assemble(by_field.get(field, []))
            if TOKEN.search(source):
                text = sanitize_html(text)
            column = f"{field}_{job.target_language}"
            setattr(obj, column, text)
            written.append(column)
        with hooks_paused():
            obj.save(update_fields=written)
        Segment.objects.filter(job=job).update(state=Segment.State.APPROVED)
        memory_remember(
            source_language=job.source_language,
            target_language=job.target_language,
            pairs=[(segment.source, segment.target) for segment in segments],
        )
        TranslationJob.objects.filter(
            content_type=job.content_type, object_id=job.object_id,
            target_language=job.target_language, state=TranslationJob.State.APPROVED,
        ).update(state=TranslationJob.State.OUTDATED, updated_at=timezone.now())  # fmt: skip
        job.state = TranslationJob.State.APPROVED
        job.approved_at = timezone.now()
        job.approved_by = actor
        job.assignee = job.assignee or actor
        job.save(update_fields=["state", "approved_at", "approved_by", "assignee", "updated_at"])
        audit_record(
            actor=actor, action="translation.job_approved", target=job, data={"fields": written}
        )
        signals.translation_approved.send(
            sender=model, instance=obj, language=job.target_language, job=job, actor=actor
        )
    return job


def memory_remember(
    *, source_language: str, target_language: str, pairs: Iterable[tuple[str, str]]
) -> None:
    entries = {}
    for source, target in pairs:
        if source.strip() and target.strip():
            entry = TranslationMemoryEntry(
                source_language=source_language, target_language=target_language,
                source=source, source_hash=text_hash(source), target=target,
            )  # fmt: skip
            entries[entry.source_hash] = entry
    if entries:
        TranslationMemoryEntry.objects.bulk_create(
            entries.values(),
            update_conflicts=True,
            unique_fields=["source_language", "target_language", "source_hash"],
            update_fields=["source", "target", "updated_at"],
        )


# --- Notifications --------------------------------------------------------------------


def _notify_translators(*, job: TranslationJob, type_key: str, event: str) -> None:
    recipients = [job.assignee] if job.assignee_id else list(translators())
    context = {
        "job_id": job.pk,
        "object_label": job.object_label,
        "direction": job.direction_label,
        "failure_reason": job.failure_reason,
    }
    # Through the outbox like every email (no direct send: the mail server may be away).
    from diplomacy.notifications.services import notification_send

    for recipient in recipients:
        notification_send(
            type_key=type_key, target=job, event=event, recipient=recipient, context=context
        )
