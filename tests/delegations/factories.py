import datetime

import factory
from django.utils import timezone

from delegations.models import Application, ApplicationState, DelegationType, EntryRoute, Member
from tests.factories import UserFactory


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft, ready to submit once it has a member (see `with_member`)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    applicant = factory.SubFactory(UserFactory)
    state = ApplicationState.DRAFT
    lead_name = factory.Faker("name")
    organization = factory.Sequence(lambda n: f"Solidarity Network {n}")
    organization_country = "DE"
    delegation_type = DelegationType.CIVIL_SOCIETY
    purpose = "To meet cooperatives and learn how they work."
    arrival_date = factory.LazyFunction(lambda: in_days(40))
    departure_date = factory.LazyFunction(lambda: in_days(47))
    entry_route = EntryRoute.IRAQI_KURDISTAN
    safety_acknowledged = True
    data_consent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def with_member(self, create, extracted, **kwargs):
        if create and extracted is not False:
            MemberFactory(application=self)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    application = factory.SubFactory(ApplicationFactory, with_member=False)
    full_name = factory.Faker("name")
    nationality = "DE"
    passport_number = factory.Sequence(lambda n: f"C{n:08d}")
    date_of_birth = datetime.date(1985, 3, 14)
    email = factory.Sequence(lambda n: f"member{n}@example.org")
