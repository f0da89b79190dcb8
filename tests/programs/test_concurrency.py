"""No overbooking: many people registering at the same instant for the last places."""

import threading

import pytest
from django.db import connection, connections

from diplomacy.accounts.models import User
from programs import services
from programs.models import Event, Registration
from tests.programs.factories import EventFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

PEOPLE = 50
PLACES = 10


def test_fifty_simultaneous_registrations_for_ten_places_confirm_exactly_ten():
    assert connection.vendor == "postgresql"
    event = EventFactory(capacity=PLACES)
    users = User.objects.bulk_create(
        [User(email=f"racer{n}@example.org", preferred_language="ar") for n in range(PEOPLE)]
    )
    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def register(user: User) -> None:
        # Each thread has its own database connection (Django keeps one per thread).
        try:
            fresh_event = Event.objects.get(pk=event.pk)
            start.wait(timeout=30)
            services.registration_create(event=fresh_event, user=user, consent=True)
        except BaseException as error:  # reported below, with the thread's traceback lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert len(statuses) == PEOPLE
    assert statuses.count(Registration.Status.CONFIRMED) == PLACES
    assert statuses.count(Registration.Status.WAITING) == PEOPLE - PLACES
    # The waiting list keeps the order in which people got through the lock.
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITING)
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    assert max(r.created_at for r in confirmed) <= min(r.created_at for r in waiting)
