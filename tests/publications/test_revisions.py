"""Revisions of publications: recorded by the admin, shown as a readable diff per field
and language, restored through the publication workflow, audited."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from reversion import create_revision, set_user
from reversion.models import Version

from diplomacy.audit.models import AuditEntry
from diplomacy.translation.models import TranslationJob
from publications import services
from publications.models import Publication
from tests.factories import StaffFactory
from tests.publications.factories import PublicationFactory, published_publication
from tests.reauthentication import reauthenticated

pytestmark = pytest.mark.django_db
ADMIN_FORM_EXTRAS = {
    "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
    "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
    "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
    "images-MIN_NUM_FORMS": "0", "images-MAX_NUM_FORMS": "1000",
}  # fmt: skip


def admin_form(publication: Publication, **changes) -> dict:
    form = {
        "kind": publication.kind,
        "original_language": publication.original_language,
        "publication_date": publication.publication_date.isoformat(),
        **{
            f"{field}_{language}": getattr(publication, f"{field}_{language}") or ""
            for field in ("title", "summary", "body", "cover_alt")
            for language in ("ar", "en")
        },
        "slug_ar": publication.slug_ar or "",
        "slug_en": publication.slug_en or "",
        **ADMIN_FORM_EXTRAS,
    }
    return {**form, **changes}


def save_in_admin(client, publication: Publication, **changes) -> None:
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    response = client.post(url, admin_form(publication, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def versions(publication: Publication) -> list[Version]:
    return list(Version.objects.get_for_object(publication).order_by("pk"))


def writer_without_publishing():
    """May change publications, may not publish them."""
    user = StaffFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_publication", "change_publication"],
            content_type__app_label="publications",
        )
    )
    return user


def test_each_admin_save_records_who_changed_what(client, editor):
    publication = PublicationFactory()
    client.force_login(editor)
    save_in_admin(client, publication, body_en="<p>Second words.</p>")
    save_in_admin(client, publication, body_en="<p>Third words, with more.</p>")
    recorded = versions(publication)
    # The text as found before the first edit, then one version per save.
    assert len(recorded) == 3
    assert recorded[0].revision.user is None
    assert [version.revision.user for version in recorded[1:]] == [editor, editor]
    assert recorded[2].field_dict["body_en"] == "<p>Third words, with more.</p>"
    assert "state_ar" not in recorded[2].field_dict  # workflow columns are not revised


def test_saving_unchanged_text_records_no_new_version(client, editor):
    publication = PublicationFactory()
    client.force_login(editor)
    save_in_admin(client, publication, body_en="<p>Changed once.</p>")
    save_in_admin(client, publication, body_en="<p>Changed once.</p>")
    assert len(versions(publication)) == 2


def test_history_shows_a_readable_diff_per_field_and_language_in_arabic(client, editor):
    publication = PublicationFactory(body_ar="<p>نص الأمس عن المياه.</p>")
    client.force_login(editor)
    save_in_admin(client, publication, body_ar="<p>نص اليوم عن <strong>المياه</strong>.</p>")
    url = reverse("admin:publications_publication_history", args=[publication.pk])
    with translation.override("ar"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert response.status_code == 200
    latest = html.split('<li class="module revision"')[1]
    assert "<del>الأمس</del>" in latest and "<ins>اليوم</ins>" in latest
    assert 'lang="ar" dir="rtl"' in latest
    assert "(العربية)" in latest
    assert "استعادة هذه النسخة" in html
    assert "Restore this version" not in html


def test_markup_only_changes_are_named_as_such(client, editor):
    publication = PublicationFactory(body_en="<p>Plain words.</p>")
    client.force_login(editor)
    save_in_admin(client, publication, body_en="<p>Plain <em>words</em>.</p>")
    url = reverse("admin:publications_publication_history", args=[publication.pk])
    html = client.get(url).content.decode()
    assert "تغيّر التنسيق فقط." in html  # the staff member's language: Arabic


def test_restore_by_someone_who_may_not_publish_sends_the_version_back_to_review():
    publication = published_publication(body_en="<p>Yesterday.</p>")
    author = StaffFactory()
    with create_revision():
        publication.save()
        set_user(author)
    yesterday = versions(publication)[-1]
    publication.body_en = "<p>Today.</p>"
    publication.save()
    writer = writer_without_publishing()

    changed = services.publication_restore(publication=publication, version=yesterday, actor=writer)

    publication.refresh_from_db()
    assert changed == ["body_en"]
    assert publication.body_en == "<p>Yesterday.</p>"
    assert publication.state_en == Publication.State.IN_REVIEW
    assert publication.state_ar == Publication.State.PUBLISHED  # its text did not change
    actions = set(AuditEntry.objects.filter(actor=writer).values_list("action", flat=True))
    assert actions == {"revision.restored", "publication.restored_to_review"}
    assert versions(publication)[-1].revision.user == writer


def test_restore_by_a_publisher_keeps_the_version_published(editor):
    publication = published_publication(body_ar="<p>نص الأمس.</p>")
    with create_revision():
        publication.save()
    yesterday = versions(publication)[-1]
    publication.body_ar = "<p>نص اليوم.</p>"
    publication.save()

    services.publication_restore(publication=publication, version=yesterday, actor=editor)

    publication.refresh_from_db()
    assert publication.body_ar == "<p>نص الأمس.</p>"
    assert publication.state_ar == Publication.State.PUBLISHED


def test_translation_jobs_see_a_restore_as_a_source_change(editor):
    publication = PublicationFactory(original_language="ar", body_en="", title_en="")
    with create_revision():
        publication.save()
    yesterday = versions(publication)[-1]
    publication.body_ar = "<p>مسودة لم تنجح.</p>"
    publication.save()
    job = TranslationJob.objects.get(object_id=str(publication.pk), target_language="en")
    assert job.source_texts["body"] == "<p>مسودة لم تنجح.</p>"

    services.publication_restore(publication=publication, version=yesterday, actor=editor)

    job.refresh_from_db()
    assert job.source_texts["body"] == "<p>نص المقالة عن العمل المدني في قامشلو.</p>"


def test_restore_in_the_admin_is_post_only_and_needs_the_change_permission(client, translator):
    publication = PublicationFactory()
    with create_revision():
        publication.save()
    version = versions(publication)[-1]
    url = reverse("admin:publications_publication_restore", args=[publication.pk, version.pk])
    client.force_login(translator)  # may read publications, not change them
    reauthenticated(client, translator)
    assert client.get(url).status_code in (403, 405)
    assert client.post(url).status_code == 403


def test_a_version_of_another_publication_is_not_restored(client, editor):
    publication, other = PublicationFactory(), PublicationFactory()
    with create_revision():
        other.save()
    foreign = versions(other)[-1]
    client.force_login(editor)
    url = reverse("admin:publications_publication_restore", args=[publication.pk, foreign.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    publication.refresh_from_db()
    assert publication.title_ar != other.title_ar
    assert re.search(r"class=\"error\"", response.content.decode())
