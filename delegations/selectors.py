"""Reads shared by the delegations views, tasks and the /my/ section."""

import datetime
import functools
import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from delegations.models import (
    CLOSED_STATES,
    EDITABLE_STATES,
    Application,
    ApplicationState,
    DelegationType,
    Meeting,
    MeetingStatus,
    Message,
)
from delegations.roles import QUEUE_GENERATION_KEY, is_coordinator, sees_all_applications
from diplomacy.accounts.models import User
from diplomacy.addresses import addresses_of
from diplomacy.audit.models import AuditEntry
from diplomacy.audit.selectors import audit_entries_for
from diplomacy.kept_values import (
    generation_bump,
    generation_bump_now_and_after_commit,
    kept_for_generation,
)
from diplomacy.written_sql import model_instances
from partners.models import Organization

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def applications_handled_by(*, user: User) -> QuerySet[Application]:
    """The submitted applications a staff member may see: all of them for the head of
    delegations, the ones assigned to them for a coordinator, none for anyone else."""
    if not is_coordinator(user):
        return Application.objects.none()
    queryset = Application.objects.exclude(state=ApplicationState.DRAFT)
    if sees_all_applications(user):
        return queryset
    return queryset.filter(coordinator_id=user.pk)


def application_get_for_user(*, user: User, pk: int) -> Application:
    """The application if this user may see it, else 404: its applicant, or the staff
    who handle it once it was submitted (a draft's data was not yet given to the center)."""
    handled = applications_handled_by(user=user).values("pk")
    queryset = Application.objects.select_related("applicant", "coordinator").filter(
        Q(applicant_id=user.pk) | Q(pk__in=handled)
    )
    try:
        return queryset.get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def application_get_for_applicant(*, user: User, pk: int) -> Application:
    """Only the applicant's own application (the applicant's pages), else 404."""
    try:
        return Application.objects.select_related("coordinator").get(pk=pk, applicant_id=user.pk)
    except Application.DoesNotExist:
        raise Http404 from None


def application_get_for_coordinator(*, user: User, pk: int) -> Application:
    """The review pages: an application this staff member handles, else 404."""
    try:
        return (
            applications_handled_by(user=user).select_related("applicant", "coordinator").get(pk=pk)
        )
    except Application.DoesNotExist:
        raise Http404 from None


def application_draft_for(*, user: User) -> Application | None:
    return Application.objects.filter(applicant=user, state=ApplicationState.DRAFT).first()


def applications_for_applicant(*, user: User) -> list[Application]:
    """The person's own applications, newest first, with what their cards on /my/ show.
    Written SQL: building the ORM's query cost more CPU on every visit of /my/ than the
    rest of the section."""
    table = Application._meta.db_table
    return model_instances(
        Application,
        f"SELECT id, organization, state, arrival_date, created_at FROM {table}"  # noqa: S608
        " WHERE applicant_id = %s ORDER BY created_at DESC",
        [user.pk],
    )


def messages_for(*, application: Application) -> QuerySet[Message]:
    return application.messages.select_related("author")


def message_get_for_user(*, user: User, application: Application, pk: int) -> Message:
    try:
        return application.messages.get(pk=pk)
    except Message.DoesNotExist:
        raise Http404 from None


def history_for(*, application: Application, include_internal: bool) -> list[AuditEntry]:
    """The state changes of an application; the applicant sees only the workflow steps."""
    entries = audit_entries_for(target=application).order_by("created_at", "pk")
    if not include_internal:
        entries = entries.filter(action__startswith="delegations.application.").exclude(
            action__in=["delegations.application.assign", "delegations.application.draft"]
        )
    return list(entries)


@dataclass(frozen=True)
class QueueFilters:
    state: str = ""
    delegation_type: str = ""
    sector: int | None = None
    coordinator: int | None = None  # 0 means "not assigned"
    arriving_from: datetime.date | None = None
    arriving_until: datetime.date | None = None
    answered: bool = False  # information requests the applicant has answered


def _answered_information_request() -> Q:
    """Information was asked for and the thread's latest message is the applicant's."""
    later_from_staff = Message.objects.filter(
        application=OuterRef("application"), from_staff=True, created_at__gt=OuterRef("created_at")
    )
    from_applicant_last = Message.objects.filter(
        application=OuterRef("pk"), from_staff=False
    ).exclude(Exists(later_from_staff))
    return Q(state=ApplicationState.INFORMATION_REQUESTED) & Q(Exists(from_applicant_last))


def review_queue(*, user: User, filters: QueueFilters) -> QuerySet[Application]:
    """The applications of the review queue, in its order (by arrival)."""
    queryset = applications_handled_by(user=user).order_by("arrival_date", "pk")
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    else:
        queryset = queryset.exclude(state__in=CLOSED_STATES)
    if filters.delegation_type:
        queryset = queryset.filter(delegation_type=filters.delegation_type)
    if filters.sector:
        # As a condition rather than a join: the queue's statements take its WHERE alone.
        in_sector = Application.sectors.through.objects.filter(
            application=OuterRef("pk"), sector_id=filters.sector
        )
        queryset = queryset.filter(Exists(in_sector))
    if filters.coordinator == 0:
        queryset = queryset.filter(coordinator__isnull=True)
    elif filters.coordinator:
        queryset = queryset.filter(coordinator_id=filters.coordinator)
    if filters.arriving_from:
        queryset = queryset.filter(arrival_date__gte=filters.arriving_from)
    if filters.arriving_until:
        queryset = queryset.filter(arrival_date__lte=filters.arriving_until)
    if filters.answered:
        queryset = queryset.filter(_answered_information_request())
    return queryset


class ReviewQueueRow(NamedTuple):
    """One line of the review queue, everything in it already in words (the template tag
    `review_queue_rows` writes it out)."""

    number: str  # the application's id
    detail_url: str
    organization: str
    delegation_type: str
    state: str
    arrival_iso: str  # "" when the arrival date is not known yet
    arrival: str  # the arrival date as the page's language writes it in tables
    member_count: int
    coordinator: str  # "" when nobody is assigned


# One page of the queue, with what its rows show (in review_queue_rows's order). The
# {condition} names the table as review_queue's queryset does (no alias). The members are
# counted for the page's rows only: a subquery beside the sorted, cut rows was computed
# for every row skipped before them too (100 ms of PostgreSQL for the last page).
REVIEW_QUEUE_PAGE_SQL = """
SELECT page.id, page.organization, page.delegation_type, page.state, page.arrival_date,
    (SELECT COUNT(*) FROM delegations_member AS member WHERE member.application_id = page.id),
    page.coordinator_id, page.first_name, page.last_name, page.email
FROM (
    SELECT delegations_application.id, delegations_application.organization,
        delegations_application.delegation_type, delegations_application.state,
        delegations_application.arrival_date, delegations_application.coordinator_id,
        coordinator.first_name, coordinator.last_name, coordinator.email
    FROM delegations_application
    LEFT JOIN accounts_user AS coordinator
        ON coordinator.id = delegations_application.coordinator_id
    WHERE {condition}
    ORDER BY delegations_application.arrival_date, delegations_application.id
    LIMIT %s OFFSET %s
) AS page
ORDER BY page.arrival_date, page.id
"""
REVIEW_QUEUE_COUNT_SQL = "SELECT COUNT(*) FROM delegations_application WHERE {condition}"
# The queue's counts are kept with the generation they were counted in (roles.py): any
# application saved or deleted bumps it (review_queue_counts_forget).
QUEUE_COUNT_KEY = "delegations:queue-count:{digest}"
QUEUE_COUNT_SECONDS = 600


def review_queue_counts_forget(**kwargs: Any) -> None:
    """An application was saved or deleted: every count of the queue is stale."""
    generation_bump_now_and_after_commit(QUEUE_GENERATION_KEY)


def review_queue_generation_bump() -> None:
    generation_bump(QUEUE_GENERATION_KEY)


# review_queue's condition by everything it depends on (whose queue it is, what their
# roles let them see, the filters): the same SQL and values every time, so compiled once
# per process for the queues asked lately (0.4 ms of each page otherwise).
RECENT_CONDITIONS = 256
_recent_conditions: OrderedDict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = OrderedDict()


def review_queue_condition(*, user: User, filters: QueueFilters) -> tuple[str, tuple[Any, ...]]:
    """review_queue's WHERE as SQL naming the table (no alias), with its values."""
    key = (user.pk, is_coordinator(user), sees_all_applications(user), filters)
    condition = _recent_conditions.get(key)
    if condition is None:
        query = review_queue(user=user, filters=filters).query
        try:
            sql, params = query.get_compiler(connection=connection).compile(query.where)
            condition = (sql, tuple(params))
        except EmptyResultSet:  # nothing handled: no application at all
            condition = ("FALSE", ())
        _recent_conditions[key] = condition
        if len(_recent_conditions) > RECENT_CONDITIONS:
            _recent_conditions.popitem(last=False)  # the one kept longest
    return condition


class ReviewQueueStatements:
    """The queue as Paginator reads it (its count, then a slice), in two written
    statements sharing review_queue's condition: Django took 3 ms to build and compile
    the count and the page's query apart, PostgreSQL well under that to answer them."""

    def __init__(self, *, user: User, filters: QueueFilters) -> None:
        self.filters = filters
        self.condition, self.params = review_queue_condition(user=user, filters=filters)

    def count(self) -> int:
        if self.filters.sector or self.filters.answered:  # they read other tables too
            return self._counted()
        # The count is the page's costliest part (every open application is read) and
        # depends on the applications' own columns alone: kept until one changes.
        digest = hashlib.sha256(repr((self.condition, self.params)).encode()).hexdigest()
        return kept_for_generation(
            QUEUE_GENERATION_KEY,
            QUEUE_COUNT_KEY.format(digest=digest[:32]),
            self._counted,
            timeout=QUEUE_COUNT_SECONDS,
        )

    def _counted(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(REVIEW_QUEUE_COUNT_SQL.format(condition=self.condition), self.params)
            return cursor.fetchone()[0]

    def __getitem__(self, page: slice) -> list[tuple[Any, ...]]:
        limit, offset = page.stop - page.start, page.start
        with connection.cursor() as cursor:
            cursor.execute(
                REVIEW_QUEUE_PAGE_SQL.format(condition=self.condition),
                [*self.params, limit, offset],
            )
            return cursor.fetchall()


def review_queue_page(
    *, user: User, filters: QueueFilters, number: str | None, per_page: int
) -> Page:
    """One page of the review queue: its `object_list` holds ReviewQueueRow."""
    # Paginator asks only count() and a slice (as documented); the stubs want a sequence.
    rows = ReviewQueueStatements(user=user, filters=filters)
    page: Page = Paginator(rows, per_page).get_page(number)  # type: ignore[arg-type]
    page.object_list = review_queue_rows(page.object_list)
    return page


def review_queue_rows(values: Iterable[tuple[Any, ...]]) -> list[ReviewQueueRow]:
    """The rows of REVIEW_QUEUE_PAGE_SQL in words: each label and coordinator's name is
    worked out once per page, each date once per process (get_state_display() would
    translate every choice of the field again for each row)."""
    language = translation.get_language()
    states, types = _queue_labels(language)
    detail_url = addresses_of("delegations:review_detail", "pk", numbers=True)
    coordinators: dict[int, str] = {}
    rows = []
    for pk, organization, kind, state, arrival, members, coordinator_id, *name in values:
        if isinstance(arrival, str):  # SQLite (make run) gives a date column as text
            arrival = datetime.date.fromisoformat(arrival)
        if coordinator_id is not None and coordinator_id not in coordinators:
            first_name, last_name, email = name
            coordinator = User(first_name=first_name, last_name=last_name, email=email)
            coordinators[coordinator_id] = str(coordinator)
        rows.append(
            ReviewQueueRow(
                number=str(pk),
                detail_url=detail_url(pk),
                organization=organization,
                delegation_type=types.get(kind, kind),
                state=states.get(state, state),
                arrival_iso=arrival.isoformat() if arrival is not None else "",
                arrival=_queue_date(arrival, language) if arrival is not None else "",
                member_count=members,
                coordinator=coordinators.get(coordinator_id, ""),
            )
        )
    return rows


@functools.cache
def _queue_labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The states' and delegation types' labels in `language`, the active one: the same
    words every time (they come from the compiled catalogues)."""
    states = {value: str(label) for value, label in ApplicationState.choices}
    types = {value: str(label) for value, label in DelegationType.choices}
    return states, types


@functools.lru_cache(maxsize=4096)
def _queue_date(date: datetime.date, language: str | None) -> str:
    """A date in `language`'s (the active one's) table format: the same text every time."""
    return date_format(date, "SHORT_DATE_FORMAT")


# The states in which an application waits for its coordinators, as the dashboard counts them.
DASHBOARD_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.UNDER_REVIEW,
    ApplicationState.APPROVED,
    ApplicationState.SCHEDULED,
    ApplicationState.IN_PROGRESS,
)
# A visit "starts soon" this many days ahead; approved ones still need their itinerary.
DASHBOARD_VISIT_DAYS = 14
DASHBOARD_VISIT_STATES = (ApplicationState.APPROVED, ApplicationState.SCHEDULED)


def dashboard_counts(*, user: User, today: datetime.date) -> dict[str, Any] | None:
    """The staff dashboard's delegation figures in three small queries; None for staff who
    do not handle applications. Each figure is what the review queue shows with the same
    filters."""
    if not is_coordinator(user):
        return None
    visits_until = today + timedelta(days=DASHBOARD_VISIT_DAYS)
    handled = applications_handled_by(user=user)
    # Counted per (state, coordinator) from the state index, then summed here: one
    # aggregate with a FILTER per figure evaluated all of them on every open application.
    mine = dict.fromkeys(DASHBOARD_STATES, 0)
    unassigned = dict.fromkeys(DASHBOARD_STATES, 0)
    for row in (
        handled.filter(state__in=DASHBOARD_STATES)
        .order_by()
        .values("state", "coordinator_id")
        .annotate(count=Count("pk"))
    ):
        if row["coordinator_id"] == user.pk:
            mine[row["state"]] += row["count"]
        elif row["coordinator_id"] is None:
            unassigned[row["state"]] += row["count"]
    visits = dict.fromkeys(DASHBOARD_VISIT_STATES, 0)
    for row in (
        handled.filter(
            state__in=DASHBOARD_VISIT_STATES,
            arrival_date__gte=today,
            arrival_date__lte=visits_until,
        )
        .order_by()
        .values("state")
        .annotate(count=Count("pk"))
    ):
        visits[row["state"]] = row["count"]
    # On their own: as a FILTER of an aggregate over the applications, the EXISTS was
    # costed for each of 50,000 rows, and PostgreSQL compiled the query (JIT) for seconds.
    answered = handled.filter(_answered_information_request()).count()
    return {
        "sees_all": sees_all_applications(user),
        "states": [
            {
                "state": state,
                "label": state.label,
                "mine": mine[state],
                "unassigned": unassigned[state],
            }
            for state in DASHBOARD_STATES
        ],
        "answered": answered,
        "visits": [
            {"state": state, "label": state.label, "count": visits[state]}
            for state in DASHBOARD_VISIT_STATES
        ],
        "visits_from": today,
        "visits_until": visits_until,
    }


def applications_due_for_purge(*, now: datetime.datetime) -> QuerySet[Application]:
    cutoff = now - timedelta(days=settings.DELEGATIONS_RETENTION_DAYS)
    return Application.objects.filter(
        state__in=CLOSED_STATES, personal_data_purged_at__isnull=True
    ).filter(Q(closed_at__lte=cutoff) | Q(deletion_requested_at__isnull=False))


class LastActivity(TypedDict):
    last_activity_at: datetime.datetime


def _with_last_activity(
    queryset: QuerySet[Application],
) -> "QuerySet[WithAnnotations[Application, LastActivity]]":
    """Activity is an edit of the application or a message in its thread."""
    latest_message = Message.objects.filter(application=OuterRef("pk")).order_by("-created_at")
    return queryset.annotate(
        last_activity_at=Greatest(
            "updated_at", Coalesce(Subquery(latest_message.values("created_at")[:1]), "updated_at")
        )
    )


def _stalled(
    *, idle_since: datetime.datetime
) -> "QuerySet[WithAnnotations[Application, LastActivity]]":
    return _with_last_activity(
        Application.objects.filter(state__in=EDITABLE_STATES, personal_data_purged_at__isnull=True)
    ).filter(last_activity_at__lte=idle_since)


def applications_due_for_stall_warning(
    *, now: datetime.datetime
) -> "QuerySet[WithAnnotations[Application, LastActivity]]":
    days = settings.DELEGATIONS_DRAFT_RETENTION_DAYS - settings.DELEGATIONS_DRAFT_WARNING_DAYS
    return _stalled(idle_since=now - timedelta(days=days)).select_related("applicant")


def applications_due_for_stall_purge(
    *, now: datetime.datetime
) -> "QuerySet[WithAnnotations[Application, LastActivity]]":
    """Idle past the retention time, and warned at least DELEGATIONS_DRAFT_WARNING_DAYS ago
    (after the last activity), so nobody loses an application without notice."""
    from django.contrib.contenttypes.models import ContentType

    from delegations.notifications import APPLICATION_STALLED
    from diplomacy.notifications.models import Notification

    warned = Notification.objects.filter(
        type_key=APPLICATION_STALLED.key,
        target_content_type=ContentType.objects.get_for_model(Application),
        target_object_id=Cast(OuterRef("pk"), CharField()),
        created_at__gte=OuterRef("last_activity_at"),
        created_at__lte=now - timedelta(days=settings.DELEGATIONS_DRAFT_WARNING_DAYS),
    )
    idle_since = now - timedelta(days=settings.DELEGATIONS_DRAFT_RETENTION_DAYS)
    return _stalled(idle_since=idle_since).filter(Exists(warned))


# --- Itinerary ------------------------------------------------------------------------


def itinerary_for(*, application: Application, confirmed_only: bool = False) -> QuerySet[Meeting]:
    meetings = application.meetings.select_related("organization")
    if confirmed_only:
        meetings = meetings.filter(status=MeetingStatus.CONFIRMED)
    return meetings.order_by("starts_at", "pk")


def itinerary_warnings(*, application: Application) -> list[str]:
    """Conflicts a coordinator should look at before confirming the itinerary."""
    warnings: list[str] = []
    meetings = [
        m for m in itinerary_for(application=application) if m.status != MeetingStatus.DECLINED
    ]
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        end_day = timezone.localtime(meeting.ends_at).date()
        outside = (application.arrival_date and day < application.arrival_date) or (
            application.departure_date and end_day > application.departure_date
        )
        if outside:
            warnings.append(
                _("%(partner)s on %(day)s is outside the visit dates.")
                % {"partner": meeting.organization.display_name, "day": day.isoformat()}
            )
    for index, first in enumerate(meetings):
        for second in meetings[index + 1 :]:
            if first.starts_at < second.ends_at and second.starts_at < first.ends_at:
                warnings.append(
                    _("The meetings with %(first)s and %(second)s overlap.")
                    % {
                        "first": first.organization.display_name,
                        "second": second.organization.display_name,
                    }
                )
    for meeting in meetings:
        clash = (
            Meeting.objects.filter(
                organization_id=meeting.organization_id,
                starts_at__lt=meeting.ends_at,
                ends_at__gt=meeting.starts_at,
            )
            .exclude(application=application)
            .exclude(status=MeetingStatus.DECLINED)
            .exclude(application__state__in=CLOSED_STATES)
            .exists()
        )
        if clash:
            warnings.append(
                _("%(partner)s is already booked by another delegation at that time.")
                % {"partner": meeting.organization.display_name}
            )
    return warnings


def partners_suggested(*, application: Application, limit: int = 10) -> list[Any]:
    """Partners ranked by how many of the delegation's sectors they work in."""
    from partners.models import Organization

    sector_ids = list(application.sectors.values_list("pk", flat=True))
    if not sector_ids:
        return []
    return list(
        Organization.objects.exclude(status=Organization.Status.ENDED)
        .annotate(shared_sectors=Count("sectors", filter=Q(sectors__in=sector_ids), distinct=True))
        .filter(shared_sectors__gt=0)
        .order_by("-shared_sectors", "name_latin", "slug")[:limit]
    )


def partners_named(*, name: str, limit: int = 8) -> list[Any]:
    """Active partners a coordinator may mean by `name`, typed in Arabic, English or a
    Latin spelling (misspellings found by the partners' own fuzzy search). A partner
    whose name (or address name) is exactly what was typed comes alone."""
    from partners.matching import search_query_text
    from partners.models import Organization
    from partners.selectors import organization_search

    active = Organization.objects.exclude(status=Organization.Status.ENDED)
    typed = search_query_text(name)
    if not typed:
        return []
    by_slug = active.filter(slug=name.strip()).first()
    if by_slug is not None:
        return [by_slug]
    # More candidates than shown: the exact name may come late in the list's own order.
    candidates = list(organization_search(active, name)[: limit * 5])
    exact = [
        organization
        for organization in candidates
        if typed in {search_query_text(variant) for variant in _name_variants(organization)}
    ]
    return exact if len(exact) == 1 else candidates[:limit]


def _name_variants(organization: Organization) -> list[str | None]:
    return [
        organization.name_ar,
        organization.name_en,
        organization.name_latin,
        organization.name_native,
    ]


# --- The applicant's data -------------------------------------------------------------


def applicant_data_export(*, user: User) -> dict[str, Any]:
    """Everything the delegations app holds about this person (their own right of access)."""
    applications = []
    for application in Application.objects.filter(applicant=user).prefetch_related(
        "members", "sectors", "messages", "meetings__organization"
    ):
        applications.append(
            {
                "id": application.pk,
                "state": application.state,
                "created_at": application.created_at.isoformat(),
                "submitted_at": _iso(application.submitted_at),
                "lead_name": application.lead_name,
                "lead_phone": application.lead_phone,
                "organization": application.organization,
                "organization_country": str(application.organization_country),
                "organization_website": application.organization_website,
                "delegation_type": application.delegation_type,
                "purpose": application.purpose,
                "sectors": [sector.slug for sector in application.sectors.all()],
                "meeting_interests": application.meeting_interests,
                "arrival_date": _iso(application.arrival_date),
                "departure_date": _iso(application.departure_date),
                "entry_route": application.entry_route,
                "entry_details": application.entry_details,
                "languages": application.languages,
                "plans_filming": application.plans_filming,
                "plans_publishing": application.plans_publishing,
                "media_details": application.media_details,
                "safety_acknowledged": application.safety_acknowledged,
                "data_consent_at": _iso(application.data_consent_at),
                "personal_data_purged_at": _iso(application.personal_data_purged_at),
                "members": [
                    {
                        "full_name": member.full_name,
                        "nationality": str(member.nationality),
                        "passport_number": member.passport_number,
                        "date_of_birth": _iso(member.date_of_birth),
                        "role": member.role,
                        "email": member.email,
                        "needs_interpretation": member.needs_interpretation,
                    }
                    for member in application.members.all()
                ],
                "messages": [
                    {
                        "sent_at": message.created_at.isoformat(),
                        "from_center": message.from_staff,
                        "body": message.body,
                        "has_attachment": bool(message.attachment),
                    }
                    for message in application.messages.all()
                ],
                "itinerary": [
                    {
                        "partner": meeting.organization.display_name,
                        "starts_at": meeting.starts_at.isoformat(),
                        "ends_at": meeting.ends_at.isoformat(),
                        "place": meeting.place,
                        "status": meeting.status,
                    }
                    for meeting in application.meetings.all()
                ],
            }
        )
    return {
        "account": {"email": user.email, "name": user.get_full_name()},
        "delegation_applications": applications,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
