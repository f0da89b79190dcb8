import factory
from django.utils import timezone

from diplomacy.notifications.models import Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "ar"
    confirmed_at = factory.LazyFunction(timezone.now)
