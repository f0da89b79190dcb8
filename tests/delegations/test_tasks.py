import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from delegations.models import ApplicationState, Member
from delegations.tasks import purge_application_personal_data, purge_expired_personal_data
from diplomacy.audit.selectors import audit_entries_for
from tests.delegations.factories import ApplicationFactory, MemberFactory

S = ApplicationState


def closed(state: str, days_ago: int, **kwargs):
    application = ApplicationFactory(
        state=state, closed_at=timezone.now() - datetime.timedelta(days=days_ago), **kwargs
    )
    MemberFactory(application=application, nationality="FR", needs_interpretation=True)
    return application


def test_the_purge_runs_on_a_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["delegations-purge-personal-data"]
    assert entry["task"] == "delegations.tasks.purge_expired_personal_data"
    assert entry["schedule"] <= 60 * 60 * 24


@pytest.mark.django_db
def test_personal_data_is_purged_after_the_retention_period(settings):
    settings.DELEGATIONS_RETENTION_DAYS = 180
    due = [closed(state, 181) for state in (S.COMPLETED, S.DECLINED, S.WITHDRAWN, S.CANCELLED)]
    recent = closed(S.COMPLETED, 179)
    active = ApplicationFactory(state=S.SCHEDULED)
    assert purge_expired_personal_data.delay().get() == 4
    for application in due:
        application.refresh_from_db()
        assert application.personal_data_purged_at is not None
        assert not Member.objects.filter(application=application).exists()
        assert application.lead_name == ""
        assert application.statistics == {
            "members": 2, "needing_interpretation": 1, "nationalities": {"DE": 1, "FR": 1},
        }  # fmt: skip
        assert (
            audit_entries_for(target=application)
            .filter(action="delegations.personal_data.purge")
            .exists()
        )
    recent.refresh_from_db()
    active.refresh_from_db()
    assert recent.members.count() == 2 and recent.personal_data_purged_at is None
    assert active.members.count() == 1
    # Running it again finds nothing to do.
    assert purge_expired_personal_data.delay().get() == 0


@pytest.mark.django_db
def test_a_deletion_request_is_honoured_when_the_application_closes(
    coordinator, django_capture_on_commit_callbacks
):
    from delegations import services

    application = ApplicationFactory(state=S.UNDER_REVIEW)
    services.applicant_deletion_request(user=application.applicant)
    assert application.members.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(application=application, actor=coordinator, note="")
    application.refresh_from_db()
    assert application.personal_data_purged_at is not None
    assert not application.members.exists()


@pytest.mark.django_db
def test_purging_one_application_is_safe_to_repeat():
    application = closed(S.DECLINED, 1)
    assert purge_application_personal_data.delay(application.pk).get() is True
    assert purge_application_personal_data.delay(application.pk).get() is False
    assert purge_application_personal_data.delay(999_999_999).get() is False
