import re

import pytest
from django.urls import reverse

from publications.models import Publication, PublicationSlug
from tests.publications.factories import PublicationFactory, edited, published_publication

pytestmark = pytest.mark.django_db


def test_fields_write_in_their_content_language(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:publications_publication_add"))
    html = response.content.decode()
    assert re.search(r'<textarea[^>]*name="body_ar"[^>]*', html)
    body_ar = re.search(r'<textarea[^>]*name="body_ar"[^>]*>', html).group(0)
    body_en = re.search(r'<textarea[^>]*name="body_en"[^>]*>', html).group(0)
    title_ar = re.search(r'<input[^>]*name="title_ar"[^>]*>', html).group(0)
    assert 'dir="rtl"' in body_ar and 'lang="ar"' in body_ar
    assert 'dir="ltr"' in body_en and 'lang="en"' in body_en
    assert 'dir="rtl"' in title_ar


def test_editor_edits_through_the_admin_and_old_slug_redirects(client, editor):
    publication = published_publication(title_en="Old English title")
    old_url = publication.get_absolute_url("en")
    client.force_login(editor)
    change = reverse("admin:publications_publication_change", args=[publication.pk])
    form = {
        "kind": publication.kind,
        "original_language": "ar",
        "publication_date": publication.publication_date.isoformat(),
        "title_ar": publication.title_ar,
        "title_en": "New English title",
        "summary_ar": "", "summary_en": "",
        "body_ar": publication.body_ar,
        "body_en": '<p>Changed</p><script>alert(1)</script>',
        "cover_alt_ar": "", "cover_alt_en": "",
        "slug_ar": publication.slug_ar, "slug_en": publication.slug_en,
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
        "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0", "images-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = client.post(change, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    publication.refresh_from_db()
    assert publication.slug_en == "new-english-title"
    assert "<script" not in publication.body_en
    assert PublicationSlug.objects.filter(slug="old-english-title").exists()
    assert client.get(old_url)["Location"] == publication.get_absolute_url("en")


def test_admin_actions_follow_the_workflow(client, editor, translator):
    publication = edited(PublicationFactory())
    changelist = reverse("admin:publications_publication_changelist")
    client.force_login(editor)
    for action in ("publication_submit_for_review_ar", "publication_publish_ar"):
        client.post(changelist, {"action": action, "_selected_action": [publication.pk]})
    publication.refresh_from_db()
    assert publication.state_ar == Publication.State.PUBLISHED
    # Publishing a draft directly is refused with a message, not a crash.
    response = client.post(
        changelist,
        {"action": "publication_publish_en", "_selected_action": [publication.pk]},
        follow=True,
    )
    # The admin follows the editor's language (Arabic here).
    assert "لا يمكن نشر نسخة إلا بعد أن تكون قيد المراجعة." in response.content.decode()
    client.force_login(translator)
    response = client.get(changelist)
    assert response.status_code == 200
    assert "publication_publish_ar" not in response.content.decode()
