"""Revisions of pages and programs: the admin records them and restores an earlier one
through the model's ordinary save, audited."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion import create_revision, set_user
from reversion.models import Version

from diplomacy.accounts.roles import EDITORS
from diplomacy.audit.models import AuditEntry
from diplomacy.pages.models import Page
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_an_editor_restores_yesterdays_about_page_in_the_admin(client):
    editor = StaffFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    page, _created = Page.objects.update_or_create(
        key=Page.ABOUT, defaults={"title_ar": "عن المركز", "body_ar": "<p>نص الأمس.</p>"}
    )
    with create_revision():
        page.save()
        set_user(editor)
    yesterday = Version.objects.get_for_object(page).first()
    page.body_ar = "<p>نص كُتب خارج لوحة الإدارة.</p>"
    page.save()
    client.force_login(editor)

    url = reverse("admin:pages_page_restore", args=[page.pk, yesterday.pk])
    response = client.post(url)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_ar == "<p>نص الأمس.</p>"
    stored = [v.field_dict["body_ar"] for v in Version.objects.get_for_object(page)]
    # Newest first: the restore, the text found before it, yesterday's.
    assert stored == ["<p>نص الأمس.</p>", "<p>نص كُتب خارج لوحة الإدارة.</p>", "<p>نص الأمس.</p>"]
    entry = AuditEntry.objects.get(action="revision.restored")
    assert entry.actor == editor and entry.data["fields"] == ["body_ar"]
    history = client.get(reverse("admin:pages_page_history", args=[page.pk])).content.decode()
    assert "استُعيدت نسخة" in history
