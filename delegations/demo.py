"""One demonstration application under review, so the review queue is not empty in
`make run`. The people are invented; the passport numbers are not real ones."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from delegations.models import Application, ApplicationState, DelegationType, EntryRoute, Member
from diplomacy.taxonomy.models import Sector

APPLICANT_EMAIL = "demo-delegation@example.org"


def load(*, stdout) -> None:
    applicant, _created = get_user_model().objects.get_or_create(
        email=APPLICANT_EMAIL,
        defaults={"first_name": "Ingrid", "last_name": "Demo", "preferred_language": "en"},
    )
    if _created:
        applicant.set_unusable_password()
        applicant.save(update_fields=["password"])
    arrival = timezone.localdate() + datetime.timedelta(days=60)
    application, _created = Application.objects.update_or_create(
        applicant=applicant,
        organization="Nordic Municipal Solidarity Network",
        defaults={
            "state": ApplicationState.UNDER_REVIEW,
            "lead_name": "Ingrid Demo",
            "organization_country": "NO",
            "organization_website": "https://example.org",
            "delegation_type": DelegationType.MUNICIPAL,
            "purpose": (
                "To learn how communes and municipalities in North and East Syria organize "
                "water, waste and local budgets, and to prepare a twinning agreement."
            ),
            "meeting_interests": "Municipalities, cooperatives, women's councils",
            "arrival_date": arrival,
            "departure_date": arrival + datetime.timedelta(days=7),
            "entry_route": EntryRoute.IRAQI_KURDISTAN,
            "languages": "English, Norwegian",
            "safety_acknowledged": True,
            "data_consent_at": timezone.now(),
            "submitted_at": timezone.now(),
        },
    )
    application.sectors.set(
        Sector.objects.filter(slug__in=["municipalities", "cooperatives", "environment"])
    )
    for position, (name, passport, role) in enumerate(
        [("Ingrid Demo", "DEMO00001", "Head of delegation"), ("Lars Example", "DEMO00002", "")]
    ):
        Member.objects.update_or_create(
            application=application,
            email=f"member{position + 1}@example.org",
            defaults={
                "full_name": name,
                "nationality": "NO",
                "passport_number": passport,
                "date_of_birth": datetime.date(1980 + position, 5, 1),
                "role": role,
                "position": position,
            },
        )


def load_for_demo_people(*, applicant, **_others) -> None:
    """The demo applicant's submitted application (diplomacy/accounts/demo_people.py)."""
    from diplomacy.accounts.demo_people import APPLICANT_EMAIL

    arrival = timezone.localdate() + datetime.timedelta(days=75)
    application, _created = Application.objects.get_or_create(
        applicant=applicant,
        organization="Women's Cooperative Network of Catalonia",
        defaults={
            "state": ApplicationState.SUBMITTED,
            "lead_name": "Amina Demo",
            "organization_country": "ES",
            "organization_website": "https://example.org",
            "delegation_type": DelegationType.MUNICIPAL,
            "purpose": (
                "To meet women's cooperatives in Qamishlo and Amuda and learn how they "
                "organize production and sales."
            ),
            "meeting_interests": "Women's cooperatives, local councils",
            "arrival_date": arrival,
            "departure_date": arrival + datetime.timedelta(days=6),
            "entry_route": EntryRoute.IRAQI_KURDISTAN,
            "languages": "English, Spanish",
            "safety_acknowledged": True,
            "data_consent_at": timezone.now(),
            "submitted_at": timezone.now(),
        },
    )
    if _created:
        application.sectors.set(Sector.objects.filter(slug__in=["cooperatives"]))
        Member.objects.create(
            application=application,
            email=APPLICANT_EMAIL,
            full_name="Amina Demo",
            nationality="ES",
            passport_number="DEMO00003",
            date_of_birth=datetime.date(1985, 3, 14),
            role="Head of delegation",
            position=0,
        )
