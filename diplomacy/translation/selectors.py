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
from django.db.models import QuerySet
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


DIRECTIONS = ("ar-en", "en-ar")
ASSIGNEES = ("me", "none")


def _narrowed(*, direction: str, assignee: str, model: str) -> bool:
    """Whether a filter other than the state applies to the queue."""
    return direction in DIRECTIONS or assignee in ASSIGNEES or bool(model)


def job_state_counts(*, user: User) -> dict[str, int]:
    """{state: number of jobs} of the jobs `user` sees, every state present."""
    counts = dict.fromkeys(TranslationJob.State.values, 0)
    conditions, params = _visible_conditions(user)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT job.state, count(*) FROM translation_translationjob AS job"  # noqa: S608
            f" WHERE {' AND '.join(conditions)} GROUP BY job.state",
            params,
        )
        counts |= dict(cursor.fetchall())
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


# The queue's statements are written out in SQL (the same filters as `jobs_visible_to`
# and the queue's form): through the ORM, building the rows', the segments' and the
# states' queries took more CPU than the rest of the page together. The tables and
# columns are the models' (tests/diplomacy/translation/test_views.py compares the rows
# with what the models say).
#
# One page of jobs, oldest first, each with its assignee's name and its segments counted
# (the page's jobs only: the counting runs after the LIMIT).
JOB_QUEUE_PAGE_SQL = """
SELECT job.id, job.object_id, job.object_label, job.content_type_id, job.source_language,
       job.target_language, job.state, job.updates_approved, job.failure_reason,
       job.created_at, job.assignee_id, assignee.first_name, assignee.last_name,
       assignee.email, segments.total, segments.empty
FROM (
    SELECT * FROM translation_translationjob AS job WHERE {conditions}
    ORDER BY job.created_at, job.id LIMIT %(limit)s OFFSET %(offset)s
) AS job
LEFT JOIN accounts_user AS assignee ON assignee.id = job.assignee_id
CROSS JOIN LATERAL (
    SELECT count(*) AS total, count(*) FILTER (WHERE segment.state = %(empty)s) AS empty
    FROM translation_segment AS segment WHERE segment.job_id = job.id
) AS segments
ORDER BY job.created_at, job.id
"""
FAILURE_REASON_SHOWN = 120


def _visible_conditions(user: User) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on `job` for the jobs `jobs_visible_to(user=user)` gives."""
    if not user_can_work_on_translations(user):
        return ["false"], {}
    if user.has_perm(ALL_JOBS_PERMISSION):
        return ["true"], {}
    return ["(job.assignee_id = %(person)s OR job.assignee_id IS NULL)"], {"person": user.pk}


def _queue_conditions(
    *, user: User, state: str, direction: str, assignee: str, model: str
) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on `job` for the queue with these filters (see `job_queue_page`)."""
    conditions, params = _visible_conditions(user)
    # Without a state filter: the open jobs (approved and outdated ones are history).
    conditions.append("job.state = ANY(%(states)s)")
    params["states"] = (
        [state] if state else [str(open_state) for open_state in TranslationJob.OPEN_STATES]
    )
    if direction in DIRECTIONS:
        conditions.append("job.source_language = %(source)s AND job.target_language = %(target)s")
        params["source"], params["target"] = direction.split("-")
    if assignee == "me":
        conditions.append("job.assignee_id = %(me)s")
        params["me"] = user.pk
    elif assignee == "none":
        conditions.append("job.assignee_id IS NULL")
    if model:
        conditions.append(
            "job.content_type_id IN (SELECT id FROM django_content_type"
            " WHERE app_label = %(app_label)s AND model = %(model_name)s)"
        )
        params["app_label"], _dot, params["model_name"] = model.partition(".")
    return conditions, params


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
    """One page of the translators' queue: the jobs `user` sees with these filters, oldest
    first, in `JobQueueRow`s. Without a state filter, the open jobs. `state_counts`
    (`job_state_counts`) gives the number of jobs when only the state filters them."""
    conditions, params = _queue_conditions(
        user=user, state=state, direction=direction, assignee=assignee, model=model
    )
    where = " AND ".join(conditions)
    if _narrowed(direction=direction, assignee=assignee, model=model):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM translation_translationjob AS job WHERE {where}",  # noqa: S608
                params,
            )
            count = cursor.fetchone()[0]
    else:
        count = sum(state_counts.get(counted, 0) for counted in params["states"])
    # The paginator works out the page from the number of jobs; only its rows are read.
    paginator: Paginator[Any] = Paginator(range(count), per_page)
    page = paginator.get_page(number)
    rows: list[tuple[Any, ...]] = []
    if count:
        params |= {"limit": per_page, "offset": page.start_index() - 1}
        with connection.cursor() as cursor:
            cursor.execute(
                JOB_QUEUE_PAGE_SQL.format(conditions=where),
                params | {"empty": Segment.State.EMPTY.value},
            )
            rows = cursor.fetchall()
    page.object_list = job_queue_rows(rows)
    return page


def job_queue_rows(values: Iterable[tuple[Any, ...]]) -> list[JobQueueRow]:
    """The rows of JOB_QUEUE_PAGE_SQL in words: each label, kind, direction and name
    worked out once per page."""
    states = {value: str(label) for value, label in TranslationJob.State.choices}
    edit_url = addresses_of("translation:job_edit", "pk", numbers=True)
    kinds: dict[int, str] = {}
    directions: dict[tuple[str, str], str] = {}
    assignees: dict[int, str] = {}
    rows = []
    for (pk, object_id, object_label, content_type_id, source, target, state, updates_approved,
         failure_reason, created_at, assignee_id, first_name, last_name, email, segment_count,
         empty_count) in values:  # fmt: skip
        if content_type_id not in kinds:
            kinds[content_type_id] = ContentType.objects.get_for_id(content_type_id).name
        if (source, target) not in directions:
            directions[source, target] = direction_label(source, target)
        if assignee_id is not None and assignee_id not in assignees:
            assignees[assignee_id] = str(
                User(first_name=first_name, last_name=last_name, email=email)
            )
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
