"""Bench data: top the delegation applications up to `count` (50,000 for `make bench`), from
applicants with four applications each and two members per application.

Usage (bench/scale.py, once Django is set up on the bench database):

    from bench.applications import generate
    generate(count=50_000, stdout=sys.stdout)  # -> rows now in the table

Rows are bulk-inserted in batches (no signals, no audit entries, no notifications: this is
volume for the queries, not a history). Members' passport numbers and dates of birth go
through the encrypted fields like any other save. None is a draft, so the one-draft-per-
applicant constraint never bites; rerunning adds nothing once the count is reached.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from delegations.models import Application, ApplicationState, DelegationType, EntryRoute, Member

BATCH = 2_000
# Nobody signs in as these applicants.
UNUSABLE_PASSWORD = make_password(None)
APPLICATIONS_PER_APPLICANT = 4
MEMBERS_PER_APPLICATION = 2
STATES = [
    (ApplicationState.SUBMITTED, 10),
    (ApplicationState.UNDER_REVIEW, 8),
    (ApplicationState.INFORMATION_REQUESTED, 4),
    (ApplicationState.APPROVED, 4),
    (ApplicationState.SCHEDULED, 3),
    (ApplicationState.COMPLETED, 40),
    (ApplicationState.DECLINED, 16),
    (ApplicationState.WITHDRAWN, 10),
    (ApplicationState.CANCELLED, 5),
]
COUNTRIES = ["BE", "DE", "FR", "NL", "SE", "NO", "IT", "ES", "GB", "US", "CA", "CH", "AT", "DK"]
ORGANIZATIONS = [
    "Solidarity Network",
    "University of Ghent",
    "Municipal Twinning Association",
    "Women's Cooperative Federation",
    "Free Press Collective",
    "Health Workers Without Borders",
    "Teachers' Union",
    "Peace Research Institute",
]
FIRST_NAMES = ["Anna", "Lukas", "Sofia", "Jonas", "Marie", "Elias", "Lea", "Noah", "Clara", "Omar"]
LAST_NAMES = ["Peeters", "Müller", "Dubois", "Jansen", "Andersson", "Rossi", "García", "Smith"]


def _application(rng: random.Random, number: int, applicant_id: int) -> Application:
    states, weights = zip(*STATES, strict=True)
    state = rng.choices(states, weights)[0]
    arrival = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(0, 5 * 365))
    submitted = timezone.make_aware(
        datetime.datetime.combine(
            arrival - datetime.timedelta(days=rng.randrange(20, 120)), datetime.time(10)
        )
    )
    closed = state in (
        ApplicationState.COMPLETED,
        ApplicationState.DECLINED,
        ApplicationState.WITHDRAWN,
        ApplicationState.CANCELLED,
    )
    return Application(
        applicant_id=applicant_id,
        state=state,
        lead_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        organization=f"{rng.choice(ORGANIZATIONS)} {number}",
        organization_country=rng.choice(COUNTRIES),
        delegation_type=rng.choice(DelegationType.values),
        purpose="Meeting cooperatives, municipalities and women's organizations.",
        arrival_date=arrival,
        departure_date=arrival + datetime.timedelta(days=rng.randrange(3, 15)),
        entry_route=EntryRoute.IRAQI_KURDISTAN,
        languages="English, Arabic",
        safety_acknowledged=True,
        data_consent_at=submitted,
        submitted_at=submitted,
        closed_at=submitted + datetime.timedelta(days=60) if closed else None,
    )


def generate(*, count: int = 50_000, stdout=None) -> int:
    _top_up(count=count, stdout=stdout)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does in production (the bench's server runs without it): the
            # review queue counts its open applications from its partial index alone once
            # the visibility map is set (11 ms of heap reads without it, ~1.5 ms with it),
            # and the planner needs the tables' statistics to choose that index.
            for table in VACUUMED_TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")
    return Application.objects.count()


VACUUMED_TABLES = (
    "delegations_application",
    "delegations_member",
    "delegations_application_sectors",
)


def _top_up(*, count: int, stdout) -> None:
    existing = Application.objects.count()
    if existing >= count:
        return
    rng = random.Random(existing)  # noqa: S311 - bench data, not secrets
    User = get_user_model()
    number = existing
    while number < count:
        size = min(BATCH, count - number)
        with transaction.atomic():
            applicants = User.objects.bulk_create(
                User(
                    email=f"bench-applicant-{number + index}@bench.example.org",
                    preferred_language=rng.choice(["ar", "en"]),
                    password=UNUSABLE_PASSWORD,
                )
                for index in range(0, size, APPLICATIONS_PER_APPLICANT)
            )
            applications = Application.objects.bulk_create(
                _application(
                    rng, number + index, applicants[index // APPLICATIONS_PER_APPLICANT].pk
                )
                for index in range(size)
            )
            Member.objects.bulk_create(
                Member(
                    application=application,
                    full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    nationality=application.organization_country,
                    passport_number=f"P{rng.randrange(10**7, 10**8)}",
                    date_of_birth=datetime.date(1960, 1, 1)
                    + datetime.timedelta(days=rng.randrange(0, 15000)),
                    email=f"member-{application.pk}-{position}@bench.example.org",
                    position=position,
                )
                for application in applications
                for position in range(MEMBERS_PER_APPLICATION)
            )
        number += size
        if stdout is not None:
            stdout.write(f"    applications: {number:,} / {count:,}\n")
