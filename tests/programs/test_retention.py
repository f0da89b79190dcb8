import datetime

import pytest
from django.utils import timezone

from diplomacy.audit.models import AuditEntry
from programs.models import Registration
from programs.tasks import purge_registration_answers
from tests.programs.factories import EventFactory, ProgramFactory, RegistrationFactory


def registration_in_program_ended(days_ago: int) -> Registration:
    ends_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    program = ProgramFactory(starts_on=ends_on - datetime.timedelta(days=3), ends_on=ends_on)
    return RegistrationFactory(
        event=EventFactory(program=program), answers=[{"q": "Diet", "a": "halal, allergic"}]
    )


@pytest.mark.django_db
def test_registration_answers_are_emptied_after_the_program_retention(settings):
    settings.PROGRAMS_RETENTION_DAYS = 180
    old = registration_in_program_ended(181)
    recent = registration_in_program_ended(179)
    assert purge_registration_answers.delay().get() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    for field in Registration.PERSONAL_DATA_FIELDS:
        assert not getattr(old, field)
    assert recent.answers
    entry = AuditEntry.objects.get(action="programs.registration_answers_purged")
    assert entry.data == {"registrations": 1}
    assert purge_registration_answers.delay().get() == 0  # idempotent


def test_the_answers_purge_runs_on_a_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["programs-purge-registration-answers"]
    assert entry["task"] == "programs.tasks.purge_registration_answers"
