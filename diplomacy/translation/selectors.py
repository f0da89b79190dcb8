"""Reads of the translation app: memory look-ups, the translators' queue, the dashboard."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import connection, models, transaction
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.text import Truncator
from django.utils.timesince import timesince

from diplomacy.accounts.models import User
from diplomacy.accounts.roles import TRANSLATORS
from diplomacy.accounts.selectors import users_with_permission
from diplomacy.addresses import addresses_of
from diplomacy.languages import CONTENT_LANGUAGES
from diplomacy.translation.models import (
    Segment,
    TranslationJob,
    TranslationMemoryEntry,
    direction_label,
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
    """The jobs of the translators' queue with these filters, oldest first."""
    jobs = jobs_visible_to(user=user)
    # Without a state filter: the open jobs (approved and outdated ones are history).
    jobs = jobs.filter(state=state) if state else jobs.filter(state__in=TranslationJob.OPEN_STATES)
    if direction in DIRECTIONS:
        source, target = direction.split("-")
        jobs = jobs.filter(source_language=source, target_language=target)
    if assignee == "me":
        jobs = jobs.filter(assignee=user)
    elif assignee == "none":
        jobs = jobs.filter(assignee__isnull=True)
    if model:
        app_label, _dot, model_name = model.partition(".")
        jobs = jobs.filter(content_type__app_label=app_label, content_type__model=model_name)
    return jobs.order_by("created_at", "id")


DIRECTIONS = ("ar-en", "en-ar")
ASSIGNEES = ("me", "none")


def _narrowed(*, direction: str, assignee: str, model: str) -> bool:
    """Whether a filter other than the state applies to the queue."""
    return direction in DIRECTIONS or assignee in ASSIGNEES or bool(model)


def job_state_counts(*, user: User) -> dict[str, int]:
    counts = dict.fromkeys(TranslationJob.State.values, 0)
    for row in jobs_visible_to(user=user).values("state").annotate(count=Count("id")):
        counts[row["state"]] = row["count"]
    return counts


def job_states_counted(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(state, label, number of jobs) of every state, in the order the queue lists them."""
    return [(state, str(label), counts[state]) for state, label in TranslationJob.State.choices]


class JobQueueRow(NamedTuple):
    """One line of the translators' queue, everything in it already in words."""

    edit_url: str
    label: str  # the content's name when the job was queued, else its number
    kind: str  # the kind of content, in the page's language
    direction: str
    state: str
    updates_approved: bool
    failure_reason: str  # its first 120 characters
    segment_count: int
    empty_count: int
    assignee: str  # "" when nobody holds the job
    age: str  # how long ago the job was queued, in words


# What the rows read: the columns shown, not the job (no model instances).
JOB_QUEUE_VALUES = (
    "pk",
    "object_id",
    "object_label",
    "content_type_id",
    "source_language",
    "target_language",
    "state",
    "updates_approved",
    "failure_reason",
    "created_at",
    "assignee_id",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__email",
)
FAILURE_REASON_SHOWN = 120


def job_queue_page(
    *,
    user: User,
    state: str = "",
    direction: str = "",
    assignee: str = "",
    model: str = "",
    state_counts: dict[str, int],
    number: str | None,
    per_page: int,
) -> Page:
    """One page of the queue (`job_queue`): its `object_list` holds JobQueueRow.
    `state_counts` (`job_state_counts`) gives its size when only the state filters it."""
    jobs = job_queue(user=user, state=state, direction=direction, assignee=assignee, model=model)
    paginator = Paginator(jobs.values_list(*JOB_QUEUE_VALUES), per_page)
    if _narrowed(direction=direction, assignee=assignee, model=model):
        paginator.count = jobs.count()
    else:
        paginator.count = sum(
            state_counts.get(counted, 0)
            for counted in ([state] if state else TranslationJob.OPEN_STATES)
        )
    page = paginator.get_page(number)
    page.object_list = job_queue_rows(page.object_list)
    return page


def segment_counts(job_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(segments, empty segments) of each job, in one small grouped query: Django took
    longer to build two counting subqueries into the rows' query than to run this."""
    counts: dict[int, tuple[int, int]] = {}
    if not job_ids:
        return counts
    grouped = (
        Segment.objects.filter(job_id__in=job_ids)
        .order_by()
        .values_list("job_id", "state")
        .annotate(count=Count("pk"))
    )
    for job_id, state, count in grouped:
        total, empty = counts.get(job_id, (0, 0))
        counts[job_id] = (total + count, empty + (count if state == Segment.State.EMPTY else 0))
    return counts


def job_queue_rows(values: Iterable[tuple[Any, ...]]) -> list[JobQueueRow]:
    """The rows of JOB_QUEUE_VALUES in words: each label, kind, direction and name worked
    out once per page."""
    values = list(values)
    segments = segment_counts([row[0] for row in values])
    states = {value: str(label) for value, label in TranslationJob.State.choices}
    edit_url = addresses_of("translation:job_edit", "pk", numbers=True)
    kinds: dict[int, str] = {}
    directions: dict[tuple[str, str], str] = {}
    assignees: dict[int, str] = {}
    rows = []
    for (pk, object_id, object_label, content_type_id, source, target, state, updates_approved,
         failure_reason, created_at, assignee_id, *name) in values:  # fmt: skip
        if content_type_id not in kinds:
            kinds[content_type_id] = ContentType.objects.get_for_id(content_type_id).name
        if (source, target) not in directions:
            directions[source, target] = direction_label(source, target)
        if assignee_id is not None and assignee_id not in assignees:
            first_name, last_name, email = name
            assignees[assignee_id] = str(
                User(first_name=first_name, last_name=last_name, email=email)
            )
        segment_count, empty_count = segments.get(pk, (0, 0))
        rows.append(
            JobQueueRow(
                edit_url=edit_url(pk),
                label=object_label or object_id,
                kind=kinds[content_type_id],
                direction=directions[source, target],
                state=states.get(state, state),
                updates_approved=updates_approved,
                failure_reason=Truncator(failure_reason).chars(FAILURE_REASON_SHOWN),
                segment_count=segment_count,
                empty_count=empty_count,
                assignee=assignees.get(assignee_id, ""),
                age=timesince(created_at),
            )
        )
    return rows


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
