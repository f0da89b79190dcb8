from datetime import timedelta

import factory
from django.utils import timezone

from programs.models import Event, Program, Registration, RegistrationQuestion
from tests.factories import UserFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"program-{n}")
    title_ar = factory.Sequence(lambda n: f"برنامج رقم {n}")
    title_en = factory.Sequence(lambda n: f"Program number {n}")
    summary_ar = "ملخص البرنامج"
    summary_en = "Summary of the program"
    kind = Program.Kind.KNOWLEDGE_EXCHANGE
    state = Program.State.OPEN
    is_published = True
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda program: program.starts_on + timedelta(days=14))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    program = factory.SubFactory(ProgramFactory)
    kind = Event.Kind.SEMINAR
    title_ar = factory.Sequence(lambda n: f"جلسة {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    time_zone = "Asia/Damascus"
    place_ar = "قامشلو"
    place_en = "Qamishlo"
    languages = factory.LazyFunction(lambda: ["ar", "en"])
    capacity = 10


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationQuestion

    program = factory.SubFactory(ProgramFactory)
    text_ar = "ما هي مهنتك؟"
    text_en = "What is your profession?"
    kind = RegistrationQuestion.Kind.TEXT


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    consent_at = factory.LazyFunction(timezone.now)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Organization"

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name_ar = factory.Sequence(lambda n: f"جمعية رقم {n}")
    name_en = factory.Sequence(lambda n: f"Association number {n}")
    directory_consent = True
