"""Personal data from start to end: idle applications are warned about, then purged;
every field that can hold personal data is declared and emptied by the purge."""

import datetime

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.utils import timezone

from delegations import services
from delegations.models import Application, ApplicationState, InternalNote, Meeting, Message
from delegations.tasks import warn_and_purge_stalled_applications
from diplomacy.audit.models import AuditEntry
from diplomacy.notifications.models import Notification
from tests.delegations.factories import ApplicationFactory, MemberFactory
from tests.partners.factories import OrganizationFactory

S = ApplicationState
DAY = datetime.timedelta(days=1)
TEXT_FIELDS = (models.CharField, models.TextField, models.FileField, models.JSONField)


@pytest.fixture
def retention(settings):
    settings.DELEGATIONS_DRAFT_RETENTION_DAYS = 90
    settings.DELEGATIONS_DRAFT_WARNING_DAYS = 14
    return settings


def idle(application: Application, days: int) -> Application:
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now() - days * DAY)
    return application


def fill_everything(application: Application, author) -> None:
    """Every declared personal field of the application and what hangs off it."""
    for field in Application.PERSONAL_DATA_FIELDS:
        setattr(application, field, f"personal {field}")
    application.save()
    MemberFactory(application=application, role="Photographer")
    Message.objects.create(application=application, author=author, body="My passport is X1")
    InternalNote.objects.create(application=application, author=author, body="Lives in Lyon")
    Meeting.objects.create(
        application=application,
        organization=OrganizationFactory(),
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        place="Town hall",
        interpreter="Ahmad Interpreter",
    )


def test_every_text_field_of_delegations_and_programs_is_declared():
    """Fails when a model gains a text/char/file/email/JSON field nobody classified."""
    undeclared = []
    for app_label in ("delegations", "programs"):
        for model in apps.get_app_config(app_label).get_models():
            personal = set(getattr(model, "PERSONAL_DATA_FIELDS", ()))
            non_personal = set(getattr(model, "NON_PERSONAL_FIELDS", ()))
            assert not personal & non_personal, model
            for field in model._meta.get_fields():
                # title_ar, title_en (modeltranslation) are classified with title.
                name = getattr(field, "translated_field", field).name
                if isinstance(field, TEXT_FIELDS) and name not in personal | non_personal:
                    undeclared.append(f"{model._meta.label}.{name}")
            names = {f.name for f in model._meta.get_fields()}
            assert personal | non_personal <= names, model  # no stale declarations
    assert undeclared == []


@pytest.mark.django_db
def test_the_purge_empties_every_declared_personal_field(coordinator, retention):
    application = ApplicationFactory(
        state=S.DECLINED, closed_at=timezone.now(), coordinator=coordinator
    )
    fill_everything(application, application.applicant)
    notice = Notification.objects.filter(target_object_id=str(application.pk))
    services.message_post(application=application, author=coordinator, body="hello")
    assert services.application_purge_personal_data(application=application) is True

    application.refresh_from_db()
    for field in Application.PERSONAL_DATA_FIELDS:
        assert getattr(application, field) == "", field
    assert not application.members.exists()  # Member rows go entirely
    for model, related in ((Message, "messages"), (InternalNote, "notes"), (Meeting, "meetings")):
        rows = list(getattr(application, related).all())
        assert rows
        for row in rows:
            for field in model.PERSONAL_DATA_FIELDS:
                assert not getattr(row, field), (model, field)
    for row in notice.all():
        assert (row.email, row.subject, row.body_text, row.context) == ("", "", "", {})
    entry = AuditEntry.objects.get(action="delegations.personal_data.purge")
    assert set(entry.data.values()) <= set(range(100))  # counts only, no names
    assert services.application_purge_personal_data(application=application) is False


@pytest.mark.django_db
def test_an_idle_draft_is_warned_about_in_the_applicants_language_once(
    retention, django_capture_on_commit_callbacks
):
    draft = idle(ApplicationFactory(applicant__preferred_language="ar"), 77)
    fresh = idle(ApplicationFactory(), 75)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.applications_warn_stalled() == 1
    assert services.applications_warn_stalled() == 0  # once
    [email] = mail.outbox
    assert email.to == [draft.applicant.email]
    assert "/ar/delegations/" in email.body and str(draft.pk) in email.body
    assert email.subject == "سيُحذف طلب الوفد غير المكتمل"
    assert not Notification.objects.filter(target_object_id=str(fresh.pk)).exists()


@pytest.mark.django_db
def test_an_idle_draft_is_deleted_only_after_the_warning_has_had_its_time(retention):
    draft = idle(ApplicationFactory(), 95)  # idle long, but never warned
    assert warn_and_purge_stalled_applications.delay().get() == {
        "warned": 1, "drafts_deleted": 0, "withdrawn": 0,
    }  # fmt: skip
    warning = Notification.objects.get(target_object_id=str(draft.pk))
    Notification.objects.filter(pk=warning.pk).update(created_at=timezone.now() - 13 * DAY)
    assert services.applications_purge_stalled() == {"drafts_deleted": 0, "withdrawn": 0}
    Notification.objects.filter(pk=warning.pk).update(created_at=timezone.now() - 15 * DAY)
    assert services.applications_purge_stalled() == {"drafts_deleted": 1, "withdrawn": 0}
    assert not Application.objects.filter(pk=draft.pk).exists()
    warning.refresh_from_db()
    assert (warning.email, warning.body_text) == ("", "")
    assert AuditEntry.objects.filter(action="delegations.application.purge_draft").count() == 1
    assert services.applications_purge_stalled() == {"drafts_deleted": 0, "withdrawn": 0}


@pytest.mark.django_db
def test_continuing_after_the_warning_keeps_the_application(retention):
    draft = idle(ApplicationFactory(), 80)
    services.applications_warn_stalled()
    Notification.objects.update(created_at=timezone.now() - 20 * DAY)
    draft.purpose = "Still coming"
    draft.save()  # the applicant continued
    idle(draft, 91)  # ... and stalled again: a new warning first, no purge yet
    Notification.objects.update(created_at=timezone.now() - 92 * DAY)
    assert services.applications_purge_stalled() == {"drafts_deleted": 0, "withdrawn": 0}
    assert services.applications_warn_stalled() == 1


@pytest.mark.django_db
def test_an_unanswered_information_request_is_withdrawn_and_purged(coordinator, retention):
    application = ApplicationFactory(state=S.INFORMATION_REQUESTED, coordinator=coordinator)
    fill_everything(application, coordinator)
    Message.objects.filter(application=application).update(created_at=timezone.now() - 100 * DAY)
    idle(application, 100)
    services.applications_warn_stalled()
    Notification.objects.update(created_at=timezone.now() - 15 * DAY)
    assert services.applications_purge_stalled() == {"drafts_deleted": 0, "withdrawn": 1}
    application.refresh_from_db()
    assert application.state == S.WITHDRAWN and application.personal_data_purged_at
    assert application.entry_details == "" and application.lead_name == ""
    assert set(application.messages.values_list("body", flat=True)) == {""}
    assert set(application.notes.values_list("body", flat=True)) == {""}


@pytest.mark.django_db
def test_a_recent_message_counts_as_activity(retention):
    application = idle(ApplicationFactory(state=S.INFORMATION_REQUESTED), 100)
    Message.objects.create(application=application, author=application.applicant, body="soon")
    assert services.applications_warn_stalled() == 0


def test_the_stalled_purge_runs_on_a_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["delegations-stalled-applications"]
    assert entry["task"] == "delegations.tasks.warn_and_purge_stalled_applications"
