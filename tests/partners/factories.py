import datetime

import factory

from partners.models import Affiliation, Agreement, Contact, Interaction, Organization, Tag


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name_ar = factory.Sequence(lambda n: f"جمعية رقم {n}")
    name_en = factory.Sequence(lambda n: f"Association number {n}")
    kind = Organization.Kind.ASSOCIATION
    status = Organization.Status.ACTIVE
    directory_consent = True
    emails = factory.LazyFunction(list)
    phones = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Save through the service so search keys and derived fields are filled."""
        from partners.services import organization_save

        sectors = kwargs.pop("sectors", None)
        organization = model_class(*args, **kwargs)
        organization_save(organization=organization, actor=None)
        if sectors:
            organization.sectors.set(sectors)
        return organization


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Contact {n}")
    emails = factory.Sequence(lambda n: [f"contact{n}@partner.example"])
    phones = factory.LazyFunction(lambda: ["+963933111222"])
    consent_to_contact = True


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    contact = factory.SubFactory(ContactFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "Coordinator"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Memorandum {n}")
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=300))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    organization = factory.SubFactory(OrganizationFactory)
    kind = Interaction.Kind.MEETING
    occurred_on = factory.LazyFunction(datetime.date.today)
    summary = "Met to discuss the next exchange."
