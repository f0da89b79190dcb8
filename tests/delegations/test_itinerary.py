import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from delegations import services
from delegations.models import ApplicationState, MeetingStatus
from delegations.selectors import itinerary_warnings, partners_suggested
from diplomacy.taxonomy.models import Sector
from tests.delegations.factories import ApplicationFactory


class OrganizationMaker:
    counter = itertools.count()

    @classmethod
    def make(cls, *, sectors=(), **fields):
        from partners.models import Organization

        n = next(cls.counter)
        organization = Organization.objects.create(
            slug=f"partner-{n}-{timezone.now().timestamp():.0f}",
            name_en=fields.pop("name_en", f"Partner {n}"),
            name_latin=fields.pop("name_latin", f"Partner {n:04d}"),
            **fields,
        )
        organization.sectors.set(Sector.objects.filter(slug__in=sectors))
        return organization


def at(day_offset: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=day_offset)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def approved(coordinator):
    # Visit from day 40 to day 47 (see the factory).
    return ApplicationFactory(state=ApplicationState.APPROVED, coordinator=coordinator)


def add(application, coordinator, organization, start, end, place="Qamishlo"):
    return services.meeting_add(
        application=application, actor=coordinator, organization=organization,
        starts_at=start, ends_at=end, place=place,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_clean_itinerary_has_no_warnings(approved, coordinator):
    add(approved, coordinator, OrganizationMaker.make(), at(41, 10), at(41, 11))
    add(approved, coordinator, OrganizationMaker.make(), at(41, 12), at(41, 13))
    assert itinerary_warnings(application=approved) == []


@pytest.mark.django_db
def test_overlapping_meetings_are_flagged(approved, coordinator):
    add(
        approved,
        coordinator,
        OrganizationMaker.make(name_en="Kobani Cooperative"),
        at(41, 10),
        at(41, 12),
    )
    add(
        approved,
        coordinator,
        OrganizationMaker.make(name_en="Jazira Union"),
        at(41, 11),
        at(41, 13),
    )
    warnings = itinerary_warnings(application=approved)
    assert len(warnings) == 1
    assert "Kobani Cooperative" in warnings[0] and "Jazira Union" in warnings[0]


@pytest.mark.django_db
def test_meetings_outside_the_visit_dates_are_flagged(approved, coordinator):
    add(
        approved,
        coordinator,
        OrganizationMaker.make(name_en="Early Partner"),
        at(39, 10),
        at(39, 11),
    )
    add(
        approved,
        coordinator,
        OrganizationMaker.make(name_en="Late Partner"),
        at(48, 10),
        at(48, 11),
    )
    warnings = itinerary_warnings(application=approved)
    assert len(warnings) == 2
    assert any("Early Partner" in w for w in warnings) and any(
        "Late Partner" in w for w in warnings
    )


@pytest.mark.django_db
def test_a_partner_booked_twice_at_once_is_flagged(approved, coordinator):
    partner = OrganizationMaker.make(name_en="Busy Council")
    other = ApplicationFactory(state=ApplicationState.SCHEDULED)
    add(other, coordinator, partner, at(42, 9, 30), at(42, 10, 30))
    add(approved, coordinator, partner, at(42, 10), at(42, 11))
    warnings = itinerary_warnings(application=approved)
    assert len(warnings) == 1 and "Busy Council" in warnings[0]


@pytest.mark.django_db
def test_declined_meetings_do_not_conflict(approved, coordinator):
    first = add(approved, coordinator, OrganizationMaker.make(), at(41, 10), at(41, 12))
    add(approved, coordinator, OrganizationMaker.make(), at(41, 11), at(41, 13))
    services.meeting_set_status(meeting=first, actor=coordinator, status=MeetingStatus.DECLINED)
    assert itinerary_warnings(application=approved) == []


@pytest.mark.django_db
def test_partners_are_suggested_by_shared_sectors(coordinator):
    application = ApplicationFactory(state=ApplicationState.UNDER_REVIEW)
    application.sectors.set(Sector.objects.filter(slug__in=["education", "health-care", "culture"]))
    one = OrganizationMaker.make(sectors=["education"])
    three = OrganizationMaker.make(sectors=["education", "health-care", "culture"])
    two = OrganizationMaker.make(sectors=["culture", "health-care", "economy"])
    OrganizationMaker.make(sectors=["economy"])
    suggested = partners_suggested(application=application, limit=1000)
    ranks = [o.shared_sectors for o in suggested]
    assert ranks == sorted(ranks, reverse=True)
    mine = [o for o in suggested if o.pk in {one.pk, two.pk, three.pk}]
    assert mine == [three, two, one]
    assert [o.shared_sectors for o in mine] == [3, 2, 1]
    assert all(o.shared_sectors > 0 for o in suggested)


@pytest.mark.django_db
def test_a_confirmed_meeting_enters_the_partners_history(approved, coordinator):
    from partners.models import Interaction

    partner = OrganizationMaker.make()
    meeting = add(approved, coordinator, partner, at(41, 10), at(41, 11))
    assert not Interaction.objects.filter(organization=partner).exists()
    services.meeting_set_status(meeting=meeting, actor=coordinator, status=MeetingStatus.CONFIRMED)
    services.meeting_set_status(meeting=meeting, actor=coordinator, status=MeetingStatus.CONFIRMED)
    interaction = Interaction.objects.get(organization=partner)
    assert interaction.kind == "delegation"
    assert interaction.occurred_on == at(41, 10).date()
    assert approved.organization in interaction.summary


@pytest.mark.django_db
def test_only_coordinators_plan_and_only_after_approval(coordinator):
    under_review = ApplicationFactory(state=ApplicationState.UNDER_REVIEW)
    with pytest.raises(services.TransitionNotAllowed):
        add(under_review, coordinator, OrganizationMaker.make(), at(41, 10), at(41, 11))
    approved = ApplicationFactory(state=ApplicationState.APPROVED)
    with pytest.raises(PermissionDenied):
        add(approved, approved.applicant, OrganizationMaker.make(), at(41, 10), at(41, 11))
