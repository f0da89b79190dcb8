"""Reads of the translation app: memory look-ups, the translators' queue, the dashboard."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import connection, models, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from diplomacy.accounts.models import User
from diplomacy.accounts.roles import TRANSLATORS
from diplomacy.accounts.selectors import users_with_permission
from diplomacy.languages import CONTENT_LANGUAGES
from diplomacy.translation.models import (
    Segment,
    TranslationJob,
    TranslationMemoryEntry,
    other_language,
    text_hash,
)
from diplomacy.translation.registry import TranslatableSpec, registered_translatables, spec_for

WORKSPACE_PERMISSION = "translation.change_translationjob"
REQUEST_PERMISSION = "translation.add_translationjob"
ALL_JOBS_PERMISSION = "translation.work_on_all_jobs"


@dataclass(frozen=True)
class MemoryMatch:
    target: str
    score: float  # 1.0 for an exact match

    @property
    def is_exact(self) -> bool:
        return self.score >= 1.0


def memory_exact_matches(
    *, source_language: str, target_language: str, sources: Iterable[str]
) -> dict[str, str]:
    """{source hash: target} of the memory entries whose source equals one of `sources`."""
    hashes = {text_hash(source) for source in sources}
    if not hashes:
        return {}
    return dict(
        TranslationMemoryEntry.objects.filter(
            source_language=source_language,
            target_language=target_language,
            source_hash__in=hashes,
        ).values_list("source_hash", "target")
    )


def memory_fuzzy_matches(
    *, source_language: str, target_language: str, sources: Iterable[str]
) -> dict[str, MemoryMatch]:
    """{source hash: best match} for sources with a memory entry similar enough (pg_trgm).

    Only PostgreSQL has trigram similarity; elsewhere (SQLite under `make run`) the memory
    offers exact matches only.
    """
    sources = list(dict.fromkeys(sources))
    if connection.vendor != "postgresql" or not sources:
        return {}
    threshold = float(getattr(settings, "TRANSLATION_MEMORY_FUZZY_THRESHOLD", 0.7))
    table = connection.ops.quote_name(TranslationMemoryEntry._meta.db_table)
    # One statement for all segments: for each, the best entry the `%` operator (served by
    # the GIN trigram index, filtering on pg_trgm.similarity_threshold) lets through.
    query = f"""
        SELECT wanted.position, best.target, best.score
        FROM unnest(%s::text[]) WITH ORDINALITY AS wanted(source, position)
        CROSS JOIN LATERAL (
            SELECT entry.target, similarity(entry.source, wanted.source) AS score
            FROM {table} AS entry
            WHERE entry.source_language = %s AND entry.target_language = %s
              AND entry.source %% wanted.source
            ORDER BY score DESC, entry.updated_at DESC
            LIMIT 1
        ) AS best
        WHERE best.score >= %s
    """  # noqa: S608 - the table name comes from the model, values are parameters
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL: the limit holds for this transaction only, other apps' trigram
        # queries keep their own.
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)]
        )
        cursor.execute(query, [sources, source_language, target_language, threshold])
        rows = cursor.fetchall()
    return {
        text_hash(sources[position - 1]): MemoryMatch(target=target, score=min(score, 0.99))
        for position, target, score in rows
    }


# --- Workspace ------------------------------------------------------------------------


def user_can_work_on_translations(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(WORKSPACE_PERMISSION))


def user_may_request_translations(user: User | AnonymousUser) -> bool:
    """Editors (and translators) ask for a translation by hand."""
    return bool(user.has_perm(REQUEST_PERMISSION))


def user_sees_translation_dashboard(user: User | AnonymousUser) -> bool:
    return user_can_work_on_translations(user) or user_may_request_translations(user)


def jobs_visible_to(*, user: User) -> QuerySet[TranslationJob]:
    """A translator works on the jobs assigned to them and the unassigned ones they may
    claim (the texts they translate, not their colleagues'); administrators see all.
    Translators have no language pair on record: both directions are open to them."""
    if not user_can_work_on_translations(user):
        return TranslationJob.objects.none()
    if user.has_perm(ALL_JOBS_PERMISSION):
        return TranslationJob.objects.all()
    return TranslationJob.objects.filter(models.Q(assignee=user) | models.Q(assignee__isnull=True))


def job_queue(
    *,
    user: User,
    state: str = "",
    direction: str = "",
    assignee: str = "",
    model: str = "",
) -> QuerySet[TranslationJob]:
    jobs = jobs_visible_to(user=user).select_related("content_type", "assignee")
    # Without a state filter: the open jobs (approved and outdated ones are history).
    jobs = jobs.filter(state=state) if state else jobs.filter(state__in=TranslationJob.OPEN_STATES)
    if direction in ("ar-en", "en-ar"):
        source, target = direction.split("-")
        jobs = jobs.filter(source_language=source, target_language=target)
    if assignee == "me":
        jobs = jobs.filter(assignee=user)
    elif assignee == "none":
        jobs = jobs.filter(assignee__isnull=True)
    if model:
        app_label, _dot, model_name = model.partition(".")
        jobs = jobs.filter(content_type__app_label=app_label, content_type__model=model_name)
    return jobs.annotate(
        segment_count=_segment_count(Segment.objects.all()),
        empty_count=_segment_count(Segment.objects.filter(state=Segment.State.EMPTY)),
    ).order_by("created_at", "id")


def _segment_count(segments: QuerySet[Segment]) -> Coalesce:
    """The job's number of `segments`, as a subquery: PostgreSQL counts them for the rows
    of the page only, and the paginator's count leaves it out (a COUNT over a join with
    every segment grouped all open jobs first)."""
    counted = (
        segments.filter(job=OuterRef("pk"))
        .order_by()
        .values("job")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def job_state_counts(*, user: User) -> dict[str, int]:
    counts = dict.fromkeys(TranslationJob.State.values, 0)
    for row in jobs_visible_to(user=user).values("state").annotate(count=Count("id")):
        counts[row["state"]] = row["count"]
    return counts


def job_get_for_user(*, user: User, pk: int) -> TranslationJob:
    try:
        return jobs_visible_to(user=user).select_related("content_type", "assignee").get(pk=pk)
    except TranslationJob.DoesNotExist as error:
        raise Http404 from error


def job_segments(*, job: TranslationJob) -> list[Segment]:
    """The job's segments in the order of the model's fields (title before body), each
    with `field_label`, the field's name in the active language."""
    model = job.content_type.model_class()
    spec = spec_for(model) if model else None
    order = {field: index for index, field in enumerate(spec.fields)} if spec else {}
    segments = sorted(
        job.segments.all(),
        key=lambda segment: (order.get(segment.field, len(order)), segment.field, segment.position),
    )
    for segment in segments:
        segment.field_label = _field_verbose_name(model, segment.field)
    return segments


def _field_verbose_name(model: type[models.Model] | None, name: str) -> str:
    """The field's name in the active language; its code name when the model or the field
    is gone (a job outlives a change of the model)."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return name
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def translators() -> QuerySet:
    """Active people in the Translators role (and active superusers, who hold every role);
    not the Administrators, who may translate but are not the team asked to."""
    return users_with_permission(permission=WORKSPACE_PERMISSION, role=TRANSLATORS)


# --- Dashboard ------------------------------------------------------------------------


@dataclass
class LanguageStatus:
    language: str
    status: str  # source, missing, by_hand, queued, machine_draft, in_review, failed, approved, outdated
    job: TranslationJob | None = None


@dataclass
class DashboardRow:
    spec: TranslatableSpec
    obj: models.Model
    content_type: ContentType
    statuses: list[LanguageStatus]

    @property
    def label(self) -> str:
        from django.utils import translation

        with translation.override(self.spec.source_language_of(self.obj) or "ar"):
            return str(self.obj)

    @property
    def needs_attention(self) -> bool:
        return any(
            status.status not in ("source", "approved", "by_hand") for status in self.statuses
        )


def translation_dashboard(
    *, model: str = "", page_number: int | str | None = 1, per_page: int = 100
) -> tuple[TranslatableSpec | None, Page | None, list[DashboardRow]]:
    """One registered model's objects (a page of them) with each language's state."""
    specs = registered_translatables()
    spec = next((spec for spec in specs if spec.label == model), specs[0] if specs else None)
    if spec is None:
        return None, None, []
    content_type = ContentType.objects.get_for_model(spec.model)
    page = Paginator(spec.model._default_manager.order_by("pk"), per_page).get_page(page_number)
    objects = list(page.object_list)
    jobs_by_key: dict[tuple[str, str], list[TranslationJob]] = {}
    for job in TranslationJob.objects.filter(
        content_type=content_type, object_id__in=[str(obj.pk) for obj in objects]
    ).order_by("-created_at", "-id"):
        jobs_by_key.setdefault((job.object_id, job.target_language), []).append(job)
    rows = [
        DashboardRow(
            spec=spec,
            obj=obj,
            content_type=content_type,
            statuses=[
                _language_status(spec, obj, language, jobs_by_key.get((str(obj.pk), language), []))
                for language in CONTENT_LANGUAGES
            ],
        )
        for obj in objects
    ]
    return spec, page, rows


def _language_status(
    spec: TranslatableSpec, obj: models.Model, language: str, jobs: list[TranslationJob]
) -> LanguageStatus:
    open_job = next((job for job in jobs if job.is_open), None)
    if open_job:
        status = "outdated" if open_job.updates_approved else open_job.state
        return LanguageStatus(language, status, open_job)
    latest = jobs[0] if jobs else None
    if latest and latest.state == TranslationJob.State.APPROVED:
        return LanguageStatus(language, "approved", latest)
    source_language = spec.source_language_of(obj)
    if source_language == language:
        return LanguageStatus(language, "source")
    if spec.has_text(obj, language):
        if source_language is None and not spec.has_text(obj, other_language(language)):
            return LanguageStatus(language, "source")
        return LanguageStatus(language, "by_hand")
    if spec.has_text(obj, other_language(language)):
        return LanguageStatus(language, "missing")
    return LanguageStatus(language, "source")


def my_translation_work(*, user: User) -> dict | None:
    if not user_can_work_on_translations(user):
        return None
    open_jobs = TranslationJob.objects.filter(state__in=TranslationJob.OPEN_STATES)
    return {
        "mine": list(
            open_jobs.filter(assignee=user)
            .select_related("content_type")
            .order_by("created_at")[:10]
        ),
        "unassigned": open_jobs.filter(assignee__isnull=True).count(),
    }


def dashboard_counts(*, user: User) -> dict[str, int] | None:
    """Jobs waiting for a translator's review and failed ones, for those who work on
    translations (the workspace queue and the admin's list filter the same way)."""
    if not user_can_work_on_translations(user):
        return None
    return job_state_counts(user=user)
