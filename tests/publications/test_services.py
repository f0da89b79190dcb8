import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from diplomacy.audit.models import AuditEntry
from diplomacy.richtext import sanitize_html
from publications import services
from publications.models import Publication, PublicationSlug
from tests.publications.factories import PublicationFactory, edited, published_publication

pytestmark = pytest.mark.django_db
State = Publication.State


def test_workflow_draft_review_published(editor, django_capture_on_commit_callbacks):
    publication = edited(PublicationFactory())
    services.publication_submit_for_review(publication=publication, language="ar", actor=editor)
    publication.refresh_from_db()
    assert publication.state_ar == State.IN_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publication_publish(publication=publication, language="ar", actor=editor)
    publication.refresh_from_db()
    assert publication.state_ar == State.PUBLISHED
    assert publication.state_en == State.DRAFT
    assert publication.published_at_ar is not None
    actions = set(
        AuditEntry.objects.filter(target_id=str(publication.pk)).values_list("action", flat=True)
    )
    assert {"publication.submitted", "publication.published"} <= actions
    # Publishing again is a no-op, not an error (idempotent).
    assert not services.publication_publish(publication=publication, language="ar", actor=editor)


def test_draft_cannot_skip_review(editor):
    publication = edited(PublicationFactory())
    with pytest.raises(ValidationError):
        services.publication_publish(publication=publication, language="en", actor=editor)


def test_publishing_needs_text_in_that_language(editor):
    publication = edited(PublicationFactory(body_en=""))
    with pytest.raises(ValidationError):
        services.publication_submit_for_review(publication=publication, language="en", actor=editor)


def test_translators_cannot_publish(translator, editor):
    publication = edited(PublicationFactory())
    services.publication_submit_for_review(publication=publication, language="en", actor=editor)
    with pytest.raises(PermissionDenied):
        services.publication_publish(publication=publication, language="en", actor=translator)
    with pytest.raises(PermissionDenied):
        services.publication_submit_for_review(
            publication=publication, language="ar", actor=translator
        )
    assert translator.has_perm("publications.translate_publication")
    assert editor.has_perm("publications.publish_publication")


def test_staff_without_role_cannot_publish(staff_user):
    publication = edited(PublicationFactory(state_ar=State.IN_REVIEW))
    with pytest.raises(PermissionDenied):
        services.publication_publish(publication=publication, language="ar", actor=staff_user)


def test_publishing_announces_in_the_newsletter_once_per_language(editor):
    from diplomacy.notifications.models import NewsletterAnnouncement

    publication = published_publication(languages=("ar",))
    announcements = NewsletterAnnouncement.objects.filter(target_object_id=str(publication.pk))
    assert list(announcements.values_list("language", flat=True)) == ["ar"]
    services.publication_unpublish(publication=publication, language="ar", actor=editor)
    services.publication_submit_for_review(publication=publication, language="ar", actor=editor)
    services.publication_publish(publication=publication, language="ar", actor=editor)
    assert announcements.count() == 1


def test_unpublish_marks_the_version_withdrawn(editor):
    publication = published_publication()
    services.publication_unpublish(publication=publication, language="en", actor=editor)
    publication.refresh_from_db()
    assert publication.state_en == State.DRAFT
    assert publication.was_withdrawn_in("en")
    assert publication.is_published_in("ar")


def test_scheduled_version_is_published_when_due(editor):
    publication = edited(PublicationFactory())
    services.publication_submit_for_review(publication=publication, language="ar", actor=editor)
    later = timezone.now() + datetime.timedelta(hours=2)
    services.publication_schedule(
        publication=publication, language="ar", actor=editor, publish_at=later
    )
    assert services.publications_publish_due() == 0
    assert services.publications_publish_due(now=later + datetime.timedelta(seconds=1)) == 1
    publication.refresh_from_db()
    assert publication.state_ar == State.PUBLISHED
    assert publication.publish_at_ar is None
    # Running the schedule again publishes nothing twice.
    assert services.publications_publish_due(now=later + datetime.timedelta(minutes=5)) == 0


def test_slug_follows_title_and_old_slug_is_kept(editor):
    publication = published_publication(title_en="Cooperatives in Jazira")
    assert publication.slug_en == "cooperatives-in-jazira"
    before = services.PublicationSnapshot.of(publication)
    publication.title_en = "Cooperatives in Jazira and Raqqa"
    services.publication_save(publication=publication, before=before, actor=editor)
    publication.refresh_from_db()
    assert publication.slug_en == "cooperatives-in-jazira-and-raqqa"
    assert PublicationSlug.objects.filter(
        publication=publication, language="en", slug="cooperatives-in-jazira"
    ).exists()


def test_arabic_slug_is_unicode_and_normalized():
    publication = edited(PublicationFactory(title_ar="زيارة وفدٍ إلى القامشلي"))
    assert publication.slug_ar == "زياره-وفد-الي-القامشلي"


def test_missing_language_becomes_draft_when_written(editor):
    publication = PublicationFactory(title_en="", body_en="", summary_en="", state_en=State.MISSING)
    publication = edited(publication)
    assert publication.state_en == State.MISSING
    before = services.PublicationSnapshot.of(publication)
    publication.title_en = "Now in English"
    publication.body_en = "<p>Text</p>"
    services.publication_save(publication=publication, before=before, actor=editor)
    publication.refresh_from_db()
    assert publication.state_en == State.DRAFT
    assert publication.slug_en == "now-in-english"


XSS_PAYLOADS = [
    "<script>alert(1)</script><p>ok</p>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    "<svg onload=alert(1)><p>ok</p></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '"><script>alert(document.cookie)</script>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=a></form>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_body_is_sanitized_on_save(payload):
    publication = PublicationFactory(body_ar=payload, body_en=payload)
    publication.refresh_from_db()
    for body in (publication.body_ar, publication.body_en):
        lowered = body.lower()
        for forbidden in (
            "<script",
            "onerror",
            "onload",
            "onclick",
            "javascript:",
            "<iframe",
            "<svg",
            "<style",
            "<object",
            "<embed",
            "<form",
            "data:text",
        ):
            assert forbidden not in lowered
        assert body == sanitize_html(body)


def test_text_written_by_a_script_updates_state_slug_and_search(monkeypatch):
    """A script saving the English text of an Arabic-only publication through the one
    write path: the English version becomes a draft with a slug, the search columns are
    rebuilt once."""
    publication = published_publication(
        languages=("ar",), title_en="", summary_en="", body_en="", state_en=State.MISSING
    )
    before = services.PublicationSnapshot.of(publication)
    publication.title_en = "Almond growers of Afrin"
    publication.body_en = "<p>Almond harvest notes.</p>"
    refreshes = []
    refresh = services.publication_search_refresh
    monkeypatch.setattr(
        services,
        "publication_search_refresh",
        lambda **kwargs: refreshes.append(1) or refresh(**kwargs),
    )
    services.publication_save(publication=publication, actor=None, before=before)
    assert len(refreshes) == 1
    publication.refresh_from_db()
    assert publication.state_en == State.DRAFT
    assert publication.slug_en == "almond-growers-of-afrin"
    assert publication.search_title_en == "Almond growers of Afrin"
    assert publication.search_vector_en is not None


def test_a_plain_model_save_has_no_domain_side_effects():
    """No model signal does domain work: only publication_save follows the titles."""
    publication = published_publication(
        languages=("ar",), title_en="", summary_en="", body_en="", state_en=State.MISSING
    )
    publication.title_en = "Written around the services"
    publication.save()
    publication.refresh_from_db()
    assert publication.state_en == State.MISSING
    assert not publication.slug_en
