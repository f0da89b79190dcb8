"""Read-side queries of the programs app. Each public page issues a fixed number of them."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.core import signing
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from diplomacy.accounts.models import User
from diplomacy.pagecache import cached_for_generation
from diplomacy.taxonomy.models import Sector
from diplomacy.written_sql import joined_model_instances
from programs.models import Event, Program, ProgramPartner, Registration
from publications.selectors import publications_published

PAST_PROGRAMS_PER_PAGE = 12
# A card's cover comes with the program's row: its renditions are columns of that row.
PROGRAM_CARD_COVER_FIELDS = (
    "cover_image", "cover_width", "cover_height", "cover_renditions", "cover_renditions_of",
    *(f"cover_alt_{code}" for code, _name in settings.LANGUAGES),
)  # fmt: skip


@dataclass
class ProgramListing:
    current: list[Program]
    upcoming: list[Program]
    past: Page


def program_list_public(
    *, kind: str = "", sector: Sector | None = None, past_page: Any = 1, today: date | None = None
) -> ProgramListing:
    """Current, upcoming and (paginated) past programs: three queries."""
    today = today or timezone.localdate()
    programs = Program.objects.public().only(
        "slug", "title_ar", "title_en", "summary_ar", "summary_en", "kind", "state",
        "starts_on", "ends_on", *PROGRAM_CARD_COVER_FIELDS,
    )  # fmt: skip
    if kind:
        programs = programs.filter(kind=kind)
    if sector is not None:
        programs = programs.filter(sectors=sector)
    ongoing = list(programs.filter(ends_on__gte=today).order_by("starts_on", "slug"))
    past = Paginator(programs.filter(ends_on__lt=today).order_by("-ends_on", "slug"),
                     PAST_PROGRAMS_PER_PAGE)  # fmt: skip
    return ProgramListing(
        current=[p for p in ongoing if p.starts_on <= today],
        upcoming=[p for p in ongoing if p.starts_on > today],
        past=past.get_page(past_page),
    )


def sectors_with_programs() -> list[Sector]:
    """The programs' filter choices, read once per generation of the public pages."""
    return cached_for_generation(
        "sectors-with-programs",
        lambda: list(Sector.objects.filter(programs__is_published=True).distinct()),
    )


def program_get_public(*, slug: str) -> Program:
    """A published program with its sectors, partners, sessions (with place counts) and
    the related publications published in the current language: five queries, once per
    language and generation of the public pages (a registration's status bumps it)."""
    language = translation.get_language()

    def read() -> Program:
        program = _program_with_relations(language).filter(slug=slug).first()
        if program is None:
            raise Http404(slug)  # nothing stored for a made-up slug
        return program

    return cached_for_generation(f"program:{language}:{slug}", read)


def _program_with_relations(language: str) -> QuerySet[Program]:
    publications = publications_published(language=language).only(
        "id", "kind", "original_language", "slug_ar", "slug_en", "publication_date",
        f"title_{language}",
    )  # fmt: skip
    return Program.objects.public().prefetch_related(
        Prefetch(
            "related_publications",
            queryset=publications.order_by("-publication_date", "-id"),
        ),
        "sectors",
        # Only organizations that agreed to be named in public: naming a partner in
        # a conflict zone without its consent can put people at risk.
        Prefetch(
            "partnerships",
            queryset=ProgramPartner.objects.filter(
                organization__directory_consent=True
            ).select_related("organization"),
        ),
        Prefetch("events", queryset=Event.objects.with_counts().order_by("starts_at", "pk")),
    )


def sessions_change_at(*, events: list[Event], now: datetime) -> datetime | None:
    """The first moment, from `now` on, at which the sessions' page may change with time
    alone: a session ends (it has taken place), or its registration opens or closes."""
    moments = (
        moment
        for event in events
        for moment in (
            event.ends_at,
            event.registration_opens_at,
            event.registration_closes_at or event.starts_at,
        )
        if moment is not None and moment >= now
    )
    return min(moments, default=None)


def event_get_for_registration(*, slug: str, event_id: int) -> Event:
    event = (
        Event.objects.public()
        .with_counts()
        .select_related("program")
        .prefetch_related("program__questions")
        .filter(program__slug=slug, pk=event_id)
        .first()
    )
    if event is None:
        raise Http404(event_id)
    return event


def registrations_by_event(*, user: User, events: list[Event]) -> dict[int, Registration]:
    """The user's active registration for each of `events`, by event id."""
    if not user.is_authenticated or not events:
        return {}
    registrations = Registration.objects.filter(
        user=user, event__in=[event.pk for event in events], status__in=Registration.ACTIVE_STATUSES
    )
    return {registration.event_id: registration for registration in registrations}


def events_upcoming_public(*, limit: int | None = 50, now: datetime | None = None) -> list[Event]:
    now = now or timezone.now()
    events = (
        Event.objects.public()
        .exclude(program__state=Program.State.CANCELLED)
        .filter(ends_at__gte=now)
        .select_related("program")
        .order_by("starts_at", "pk")
    )
    return list(events[:limit] if limit else events)


def events_for_calendar(*, program: Program | None = None) -> QuerySet[Event]:
    """Sessions for an iCalendar feed: from a month ago on, so recent ones stay visible."""
    since = timezone.now() - timedelta(days=30)
    events = Event.objects.public().filter(ends_at__gte=since).select_related("program")
    if program is not None:
        events = events.filter(program=program)
    return events.order_by("starts_at", "pk")


def program_get_for_calendar(*, slug: str) -> Program:
    program = Program.objects.public().filter(slug=slug).first()
    if program is None:
        raise Http404(slug)
    return program


def registration_get_for_user(*, user: User, pk: int) -> Registration:
    """The user's own registration, or 404 — never someone else's."""
    registration = (
        Registration.objects.select_related("event__program").filter(pk=pk, user_id=user.pk).first()
    )
    if registration is None:
        raise Http404(pk)
    return registration


CALENDAR_TOKEN_SALT = "programs.registration-calendar.v2"  # noqa: S105 - a namespace, not a secret


def _registration_version(registration: Registration) -> int:
    # Changes with every status change: a link sent while waiting stops when the place
    # is confirmed (the confirmation carries a new one) or the registration is cancelled.
    return int(registration.status_changed_at.timestamp() * 1000)


def registration_calendar_token(*, registration: Registration) -> str:
    return signing.dumps(
        {"r": registration.pk, "v": _registration_version(registration)},
        salt=CALENDAR_TOKEN_SALT,
        compress=True,
    )


@dataclass(frozen=True)
class CalendarLink:
    registration: Registration | None
    problem: str = ""  # "invalid", "expired" or "stale" when registration is None
    # Expired but still about the registration as it is: a fresh link may be emailed.
    renewable: Registration | None = None


def registration_calendar_link_read(*, token: str, pk: int) -> CalendarLink:
    """The registration a calendar link of an email opens, if the link is still good."""
    from diplomacy.notifications.tokens import signed_link_read

    max_age = timedelta(days=settings.PROGRAMS_CALENDAR_LINK_MAX_AGE_DAYS)
    link = signed_link_read(token, salt=CALENDAR_TOKEN_SALT, max_age=max_age)
    if link is None or link.payload.get("r") != pk:
        return CalendarLink(None, "invalid")
    registration = Registration.objects.select_related("event__program").filter(pk=pk).first()
    if (
        registration is None
        or not registration.is_active
        or _registration_version(registration) != link.payload.get("v")
    ):
        return CalendarLink(None, "stale")
    if link.expired:
        return CalendarLink(None, "expired", renewable=registration)
    return CalendarLink(registration)


def _registrations_of(user: User) -> QuerySet[Registration]:
    """A person's registrations with their sessions and programs, latest session first."""
    return (
        Registration.objects.filter(user_id=user.pk)
        .select_related("event__program")
        .order_by("-event__starts_at", "-pk")
    )


def registrations_for_user(*, user: User, include_past: bool = True) -> list[Registration]:
    registrations = _registrations_of(user)
    if not include_past:
        registrations = registrations.filter(event__ends_at__gte=timezone.now())
    return list(registrations)


# registrations_for_user's rows and order, with only what /my/ shows, as written SQL:
# building the ORM's query (three tables, selected fields) cost 0.75 ms of CPU on every
# visit of the page, most of what it cost a person without any registration.
MY_PAGE_REGISTRATIONS_SQL = """
SELECT registration.id AS registration__id, registration.status AS registration__status,
    registration.event_id AS registration__event_id,
    event.id AS event__id, event.title AS event__title, event.title_ar AS event__title_ar,
    event.title_en AS event__title_en, event.starts_at AS event__starts_at,
    event.ends_at AS event__ends_at, event.time_zone AS event__time_zone,
    event.program_id AS event__program_id,
    program.id AS program__id, program.title AS program__title,
    program.title_ar AS program__title_ar, program.title_en AS program__title_en
FROM programs_registration AS registration
JOIN programs_event AS event ON event.id = registration.event_id
JOIN programs_program AS program ON program.id = event.program_id
WHERE registration.user_id = %s
ORDER BY event.starts_at DESC, registration.id DESC
"""


def registrations_for_my_page(*, user: User) -> list[Registration]:
    """`registrations_for_user` with only the columns the person's page shows (not the
    answers, nor the sessions' and programs' descriptions: kilobytes a row), each with
    its session and program."""
    rows = joined_model_instances(
        [("registration", Registration), ("event", Event), ("program", Program)],
        MY_PAGE_REGISTRATIONS_SQL,
        [user.pk],
    )
    registrations: list[Registration] = []
    for registration, event, program in rows:
        Event.program.field.set_cached_value(event, program)
        Registration.event.field.set_cached_value(registration, event)
        registrations.append(cast(Registration, registration))  # the first model named
    return registrations


def registration_data_for_user(*, user: User) -> dict:
    """Everything the programs app holds about a person, for them to download."""
    return {
        "registrations": [
            {
                "program": registration.event.program.title,
                "session": registration.event.title,
                "starts_at": registration.event.starts_at.isoformat(),
                "time_zone": registration.event.time_zone,
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "consent_given_at": registration.consent_at.isoformat(),
                "status_changed_at": registration.status_changed_at.isoformat(),
                "attended": registration.attended,
                "reminder_sent_at": (
                    registration.reminder_sent_at.isoformat()
                    if registration.reminder_sent_at
                    else None
                ),
                "answers": registration.answers,
            }
            for registration in registrations_for_user(user=user)
        ]
    }


def registrations_due_for_reminder(*, now: datetime | None = None) -> list[int]:
    """Confirmed registrations whose session starts within a day and that were not
    reminded yet."""
    now = now or timezone.now()
    return list(
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + timedelta(days=1),
        )
        .order_by("event__starts_at", "pk")
        .values_list("pk", flat=True)
    )


def event_participants(*, event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.select_related("user")
        .exclude(status=Registration.Status.CANCELLED)
        .order_by("status", "created_at", "pk")
    )


# The dashboard lists the sessions of the coming week, at most this many.
DASHBOARD_SESSION_DAYS = 7
DASHBOARD_SESSION_LIMIT = 12


def dashboard_sessions(*, user: User, now: datetime) -> dict[str, Any] | None:
    """The sessions starting in the coming week, with places left and waiting lists, for
    staff who run programs (one query for the sessions, one for their total)."""
    if not user.has_perm("programs.view_event"):
        return None
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    before = start + timedelta(days=DASHBOARD_SESSION_DAYS)
    week = Event.objects.filter(starts_at__gte=start, starts_at__lt=before)
    sessions = list(
        week.with_counts()
        .select_related("program")
        .order_by("starts_at", "pk")[:DASHBOARD_SESSION_LIMIT]
    )
    return {"sessions": sessions, "total": week.count(), "from": start, "before": before}
