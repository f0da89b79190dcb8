"""The partner import's background preview: the job (id in, result stored, safe to run
twice, in the uploader's language) and the progress page the uploader watches."""

import pytest
from django.urls import reverse

from diplomacy.audit.models import AuditEntry
from partners import services
from partners.models import OrganizationImport
from partners.services import organization_import_preview_make, organization_import_start
from partners.transfer import ImportFileError
from tests.factories import StaffFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

HEADER = "name_ar,name_en,website,emails\n"
ROWS = (
    ",Ghent Solidarity Committee,https://ghent-solidarity.example,\n"
    ",Amuda Bakers Union,,\n"
    ",Amuda Bakers Unoin,,\n"  # the row above, misspelled
    ",Qamishlo Teachers Union,,\n"
)


def start(uploader, *, language: str, content: bytes = (HEADER + ROWS).encode()):
    return organization_import_start(
        uploader=uploader, content=content, file_format="csv", language=language
    )


def test_the_job_stores_the_preview_with_the_duplicates_in_the_uploaders_language(
    partnerships_staff, django_capture_on_commit_callbacks
):
    known = OrganizationFactory(name_en="Ghent Solidarity Comittee", name_ar="")
    with django_capture_on_commit_callbacks(execute=True):
        organization_import = start(partnerships_staff, language="ar")

    organization_import.refresh_from_db()
    assert organization_import.status == OrganizationImport.Status.READY
    assert organization_import.rows_checked == organization_import.rows_total == 4
    warnings = {row["number"]: row["warnings"] for row in organization_import.preview}
    assert any(known.display_name in warning and "اسم مشابه" in warning for warning in warnings[2])
    assert warnings[4] == ["هل هي المنظمة نفسها في الصف 3؟"]
    assert warnings[3] == [] and warnings[5] == []
    assert AuditEntry.objects.filter(action="partners.organization_import_uploaded").count() == 1


def test_running_the_job_twice_keeps_the_first_preview(
    partnerships_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization_import = start(partnerships_staff, language="en")
    organization_import.refresh_from_db()
    first = organization_import.preview

    assert organization_import_preview_make(import_id=organization_import.pk) == "gone or done"
    assert organization_import_preview_make(import_id=-1) == "gone or done"
    organization_import.refresh_from_db()
    assert organization_import.preview == first
    assert organization_import.status == OrganizationImport.Status.READY


def test_a_job_interrupted_while_checking_runs_again_to_the_end(partnerships_staff):
    organization_import = start(partnerships_staff, language="en")  # not committed: no job
    OrganizationImport.objects.filter(pk=organization_import.pk).update(status="checking")
    assert organization_import_preview_make(import_id=organization_import.pk) == "ready"


def test_the_job_reports_its_progress_block_by_block(partnerships_staff, monkeypatch):
    from partners import transfer

    monkeypatch.setattr(transfer, "BLOCK_ROWS", 2)
    seen = []
    real_update = OrganizationImport.objects.filter

    def watch(*args, **kwargs):
        queryset = real_update(*args, **kwargs)
        original = queryset.update

        def update(**fields):
            if fields.get("rows_checked"):
                seen.append((fields["rows_checked"], fields.get("rows_total")))
            return original(**fields)

        queryset.update = update
        return queryset

    organization_import = start(partnerships_staff, language="en")
    monkeypatch.setattr(OrganizationImport.objects, "filter", watch)
    organization_import_preview_make(import_id=organization_import.pk)
    assert seen == [(2, 4), (4, 4)]


def test_an_unreadable_file_is_refused_before_any_job(partnerships_staff):
    with pytest.raises(ImportFileError):
        start(partnerships_staff, language="en", content=b"website\nexample.org\n")
    assert not OrganizationImport.objects.exists()


def test_a_job_that_breaks_ends_failed_with_a_message_in_the_uploaders_language(
    partnerships_staff, monkeypatch
):
    organization_import = start(partnerships_staff, language="ar")

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("partners.transfer.organizations_import_preview", broken)
    with pytest.raises(RuntimeError):
        organization_import_preview_make(import_id=organization_import.pk)
    organization_import.refresh_from_db()
    assert organization_import.status == OrganizationImport.Status.FAILED
    assert organization_import.error.startswith("تعذّر التحقق من الملف")


def test_old_uploads_are_forgotten_when_a_new_one_arrives(partnerships_staff):
    import datetime

    from django.utils import timezone

    old = start(partnerships_staff, language="en")
    OrganizationImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - services.IMPORT_KEPT_FOR - datetime.timedelta(minutes=1)
    )
    new = start(partnerships_staff, language="en")
    assert list(OrganizationImport.objects.values_list("pk", flat=True)) == [new.pk]


# --- the progress page ----------------------------------------------------------------
PROGRESS_TEXT = {
    "ar": "تم التحقق من 0 من أصل 4 صفًّا بحثًا عن المشكلات والتكرارات.",
    "en": "0 of 4 rows checked for problems and duplicates.",
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_progress_page_reloads_itself_and_shows_a_progress_bar(
    client, partnerships_staff, language
):
    partnerships_staff.preferred_language = language
    partnerships_staff.save(update_fields=["preferred_language"])
    organization_import = start(partnerships_staff, language=language)  # the job is queued
    client.force_login(partnerships_staff)
    url = reverse("admin:partners_organization_import_status", args=[organization_import.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{language}"' in page and ('dir="rtl"' in page) == (language == "ar")
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="import-progress" max="4" value="0">' in page
    assert PROGRESS_TEXT[language] in page
    assert "Confirm import" not in page and "تأكيد الاستيراد" not in page


@pytest.mark.parametrize("language", ["ar", "en"])
def test_once_ready_the_page_shows_the_preview_and_confirms_the_import(
    client, partnerships_staff, language
):
    from partners.models import Organization

    partnerships_staff.preferred_language = language
    partnerships_staff.save(update_fields=["preferred_language"])
    organization_import = start(partnerships_staff, language=language)
    organization_import_preview_make(import_id=organization_import.pk)
    client.force_login(partnerships_staff)
    url = reverse("admin:partners_organization_import_status", args=[organization_import.pk])
    page = client.get(url).content.decode()
    assert "http-equiv" not in page
    assert {"ar": "هل هي المنظمة نفسها في الصف 3؟", "en": "Same organization as row 3?"}[
        language
    ] in page
    response = client.post(url, {})
    assert response.status_code == 302
    assert Organization.objects.filter(name_en="Qamishlo Teachers Union").exists()
    assert not OrganizationImport.objects.filter(pk=organization_import.pk).exists()


def test_a_failed_check_shows_its_message_at_the_file_field(client, partnerships_staff):
    organization_import = start(partnerships_staff, language="en")
    OrganizationImport.objects.filter(pk=organization_import.pk).update(
        status="failed", error="The file could not be checked."
    )
    client.force_login(partnerships_staff)
    url = reverse("admin:partners_organization_import_status", args=[organization_import.pk])
    page = client.get(url).content.decode()
    assert 'id="id_file_error"' in page or "errorlist" in page
    assert "The file could not be checked." in page


def test_nobody_else_sees_or_confirms_an_upload(client, partnerships_staff):
    from django.contrib.auth.models import Group

    from diplomacy.accounts.roles import PARTNERSHIPS

    organization_import = start(partnerships_staff, language="en")
    organization_import_preview_make(import_id=organization_import.pk)
    colleague = StaffFactory()
    colleague.groups.add(Group.objects.get(name=PARTNERSHIPS))
    client.force_login(colleague)
    url = reverse("admin:partners_organization_import_status", args=[organization_import.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert OrganizationImport.objects.filter(pk=organization_import.pk).exists()


def test_a_latin_name_in_an_arabic_warning_is_isolated(client, partnerships_staff):
    OrganizationFactory(name_en="Ghent Solidarity Comittee", name_ar="")
    partnerships_staff.preferred_language = "ar"
    partnerships_staff.save(update_fields=["preferred_language"])
    organization_import = start(partnerships_staff, language="ar")
    organization_import_preview_make(import_id=organization_import.pk)
    client.force_login(partnerships_staff)
    url = reverse("admin:partners_organization_import_status", args=[organization_import.pk])
    page = client.get(url).content.decode()
    assert '«<bdi dir="auto">Ghent Solidarity Comittee</bdi>»' in page
    assert "\u2068" not in page
