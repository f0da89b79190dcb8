import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from diplomacy.notifications.models import Notification
from diplomacy.pages.models import Page
from diplomacy.translation.models import Segment, TranslationJob, TranslationMemoryEntry
from diplomacy.translation.services import (
    job_approve,
    job_prefill,
    job_request,
    job_retry,
    jobs_sync_for_object,
    segments_save,
)
from tests.diplomacy.translation.factories import (
    GlossaryTermFactory,
    MemoryEntryFactory,
    PageFactory,
    placeholder_translation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code hands over on commit (the Celery task, eagerly) at block end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def jobs_of(page: Page):
    return TranslationJob.objects.filter(
        content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    )


def job_of(page: Page, target: str = "en") -> TranslationJob:
    return jobs_of(page).get(target_language=target, state__in=TranslationJob.OPEN_STATES)


def translate_all(job: TranslationJob, actor, prefix: str = "EN") -> None:
    segments = list(job.segments.order_by("field", "position"))
    segments_save(
        job=job,
        actor=actor,
        targets={s.pk: s.target or placeholder_translation(s, prefix) for s in segments},
        accepted=[s.pk for s in segments],
    )


# --- Creating jobs --------------------------------------------------------------------


def test_saving_source_text_creates_a_job_in_the_same_transaction_queued_on_commit(
    engine_none, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = PageFactory(title_ar="عنوان", body_ar="<p>نص المقال.</p>")
        job = job_of(page)
        assert job.state == TranslationJob.State.QUEUED
        assert (job.source_language, job.target_language) == ("ar", "en")
        assert job.source_texts == {"title": "عنوان", "body": "<p>نص المقال.</p>"}
    # Nothing ran before the commit; the task is what the commit hands over.
    assert not job.segments.exists()
    assert callbacks
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.state == TranslationJob.State.MACHINE_DRAFT
    assert list(job.segments.values_list("field", "source", "state")) == [
        ("body", "نص المقال.", Segment.State.EMPTY),
        ("title", "عنوان", Segment.State.EMPTY),
    ]


def test_a_rolled_back_save_leaves_no_job(engine_none):
    with pytest.raises(RuntimeError), transaction.atomic():
        page = PageFactory(title_ar="عنوان")
        assert job_of(page)
        raise RuntimeError
    assert not jobs_of(page).exists()


def test_two_quick_saves_make_one_job_with_the_latest_text(
    engine_none, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        page = PageFactory(title_ar="الأول")
        page.title_ar = "الثاني"
        page.save()
    jobs = jobs_of(page)
    assert jobs.count() == 1
    assert jobs.get().source_texts == {"title": "الثاني"}
    assert jobs.get().revision == 2


def test_either_language_can_be_the_source(engine_none):
    page = PageFactory(title_ar="", title_en="About us", summary_en="Who we are.")
    job = job_of(page, target="ar")
    assert job.source_language == "en"
    assert job.source_texts == {"title": "About us", "summary": "Who we are."}


def test_no_job_when_both_languages_are_written_by_hand(engine_none):
    page = PageFactory(title_ar="عنوان", title_en="Title")
    assert not jobs_of(page).exists()


def test_an_editor_can_request_a_job_by_hand(engine_none, staff_user, committed):
    page = PageFactory(title_ar="عنوان", title_en="Title")
    with committed():
        job = job_request(obj=page, target_language="en", actor=staff_user)
    job.refresh_from_db()
    assert job.state == TranslationJob.State.MACHINE_DRAFT  # eager task already ran
    assert job.source_texts == {"title": "عنوان"}


# --- Pre-filling ----------------------------------------------------------------------


def test_machine_draft_is_not_written_to_the_object_and_translators_are_notified(
    libretranslate, translator, committed
):
    with committed():
        page = PageFactory(
            title_ar="عن المركز", body_ar="<p>نحن <strong>مركز</strong>. نعمل معا.</p>"
        )
    job = job_of(page)
    assert job.state == TranslationJob.State.MACHINE_DRAFT
    assert list(job.segments.values_list("target", "state", "origin")) == [
        ("[en] نحن <strong>[en] مركز</strong>.", "draft", "machine"),
        ("[en] نعمل معا.", "draft", "machine"),
        ("[en] عن المركز", "draft", "machine"),
    ]
    page.refresh_from_db()
    assert page.title_en == "" and page.body_en == ""
    notification = Notification.objects.get(type_key="translation.job_ready", recipient=translator)
    assert notification.language == "en"
    assert notification.context["job_id"] == job.pk


def test_prefill_is_idempotent(engine_none, committed):
    with committed():
        page = PageFactory(title_ar="عنوان", body_ar="<p>جملة. أخرى.</p>")
    job = job_of(page)
    rows = list(job.segments.values_list("pk", "field", "position", "source", "target", "state"))
    TranslationJob.objects.filter(pk=job.pk).update(state=TranslationJob.State.QUEUED)
    job_prefill(job_id=job.pk)
    job_prefill(job_id=job.pk)
    assert (
        list(job.segments.values_list("pk", "field", "position", "source", "target", "state"))
        == rows
    )
    job.refresh_from_db()
    assert job.state == TranslationJob.State.MACHINE_DRAFT


def test_memory_exact_and_fuzzy_matches_in_both_directions(engine_none, committed):
    MemoryEntryFactory(source="تأسس المركز في عام 2021.", target="The center was founded in 2021.")
    MemoryEntryFactory(
        source="يعمل المركز مع الشركاء في شمال وشرق سوريا.",
        target="The center works with partners in North and East Syria.",
    )
    MemoryEntryFactory(
        source_language="en", target_language="ar",
        source="The delegation arrived on Monday.", target="وصل الوفد يوم الإثنين.",
    )  # fmt: skip
    MemoryEntryFactory(
        source_language="en", target_language="ar",
        source="We met the women's council in Qamishlo.", target="التقينا بمجلس المرأة في قامشلو.",
    )  # fmt: skip

    with committed():
        arabic = PageFactory(
            title_ar="من نحن",
            body_ar="<p>تأسس المركز في عام 2021. يعمل المركز مع الشركاء في شمال شرق سوريا.</p>",
        )
    segments = {s.source: s for s in job_of(arabic).segments.all()}
    exact = segments["تأسس المركز في عام 2021."]
    assert (exact.target, exact.state, exact.origin, exact.match_score) == (
        "The center was founded in 2021.", "draft", "memory", 1.0,
    )  # fmt: skip
    fuzzy = segments["يعمل المركز مع الشركاء في شمال شرق سوريا."]
    assert fuzzy.target == "The center works with partners in North and East Syria."
    assert (fuzzy.state, fuzzy.origin) == ("fuzzy", "memory_fuzzy")
    assert 0.7 <= fuzzy.match_score < 1
    assert segments["من نحن"].state == "empty"

    with committed():
        english = PageFactory(
            title_ar="",
            title_en="Visit",
            body_en="<p>The delegation arrived on Monday. We met the women's council in Qamishli.</p>",
        )
    segments = {s.source: s for s in job_of(english, target="ar").segments.all()}
    assert segments["The delegation arrived on Monday."].origin == "memory"
    assert segments["We met the women's council in Qamishli."].origin == "memory_fuzzy"
    assert (
        segments["We met the women's council in Qamishli."].target
        == "التقينا بمجلس المرأة في قامشلو."
    )
    # Nothing resembling: no match at all.
    assert segments["Visit"].state == "empty"


def test_glossary_is_applied_to_machine_output(libretranslate, committed):
    GlossaryTermFactory(term_ar="قامشلو", term_en="Qamishlo", variants_en="Qamishli\nKamishli")
    GlossaryTermFactory(term_ar="الإدارة الذاتية", term_en="Autonomous Administration")
    libretranslate.dictionary["مكتب المركز في قامشلو."] = "The center's office is in Qamishli."
    libretranslate.dictionary["رحبت الإدارة الذاتية بالوفد."] = (
        "The self-administration welcomed the delegation."
    )
    with committed():
        page = PageFactory(
            title_ar="مكتب المركز في قامشلو.", summary_ar="رحبت الإدارة الذاتية بالوفد."
        )
    segments = {s.field: s for s in job_of(page).segments.all()}
    assert segments["title"].target == "The center's office is in Qamishlo."
    assert segments["title"].glossary_notes == []
    # The engine's rendering is unknown: the translator is told which term to use.
    assert segments["summary"].target == "The self-administration welcomed the delegation."
    assert segments["summary"].glossary_notes == [
        {"source": "الإدارة الذاتية", "target": "Autonomous Administration"}
    ]


# --- Engine failures ------------------------------------------------------------------


@pytest.mark.parametrize("answers", [[500, 500, 500, 500], [429, "timeout", 500, 429]])
def test_temporary_errors_are_retried_then_the_job_fails_with_the_reason(
    libretranslate, answers, translator, committed
):
    libretranslate.answers = list(answers)
    with committed():
        page = PageFactory(title_ar="عنوان")
    job = job_of(page)
    # One try and three retries (TRANSLATION_MAX_RETRIES = 3 in the fixture).
    assert len(libretranslate.requests) == 4
    assert job.state == TranslationJob.State.FAILED
    assert "LibreTranslate" in job.failure_reason
    assert Notification.objects.filter(
        type_key="translation.job_failed", recipient=translator
    ).exists()
    # Retried by hand once the server is back.
    with committed():
        job_retry(job=job, actor=translator)
    job.refresh_from_db()
    assert job.state == TranslationJob.State.MACHINE_DRAFT
    assert job.failure_reason == ""
    assert job.segments.get().target == "[en] عنوان"


def test_a_retry_that_succeeds_completes_the_job(libretranslate, committed):
    libretranslate.answers = [429, "timeout"]
    with committed():
        page = PageFactory(title_ar="عنوان")
    job = job_of(page)
    assert len(libretranslate.requests) == 3
    assert job.state == TranslationJob.State.MACHINE_DRAFT


@pytest.mark.parametrize("status", [400, 403])
def test_errors_that_retrying_cannot_fix_fail_at_once(libretranslate, status, committed):
    libretranslate.answers = [status]
    with committed():
        page = PageFactory(title_ar="عنوان")
    job = job_of(page)
    assert len(libretranslate.requests) == 1
    assert job.state == TranslationJob.State.FAILED
    assert str(status) in job.failure_reason


# --- Review and approval --------------------------------------------------------------


def test_approval_writes_the_target_fields_and_feeds_the_memory(arabic_page, translator):
    job = job_of(arabic_page)
    translate_all(job, translator)
    job.refresh_from_db()
    assert job.state == TranslationJob.State.IN_REVIEW
    job_approve(job=job, actor=translator)
    arabic_page.refresh_from_db()
    assert arabic_page.title_en == "EN title 0"
    assert arabic_page.body_en == (
        "<h2>EN body 0</h2><p>EN body 1 EN body 2 <strong>strong</strong></p>"
        "<p>EN body 3 <bdi>bdi</bdi></p>"
    )
    job.refresh_from_db()
    assert job.state == TranslationJob.State.APPROVED and job.approved_by == translator
    memory = TranslationMemoryEntry.objects.filter(source_language="ar", target_language="en")
    assert memory.get(source="تأسس المركز في عام 2021.").target == "EN body 1"
    # Writing the translation does not start a job the other way.
    assert not jobs_of(arabic_page).filter(target_language="ar").exists()


def test_approval_needs_every_segment(arabic_page, translator):
    from django.core.exceptions import ValidationError

    job = job_of(arabic_page)
    with pytest.raises(ValidationError):
        job_approve(job=job, actor=translator)
    arabic_page.refresh_from_db()
    assert arabic_page.title_en == ""


def test_source_change_after_approval_requeues_only_the_changed_segments(
    libretranslate, translator, committed
):
    with committed():
        page = PageFactory(
            title_ar="عن المركز",
            body_ar="<p>تأسس المركز في عام 2021. يعمل مع الشركاء.</p>",
        )
    job = job_of(page)
    segments = list(job.segments.order_by("field", "position"))
    segments_save(
        job=job, actor=translator, accepted=[s.pk for s in segments],
        targets={s.pk: f"Human {s.field} {s.position}" for s in segments},
    )  # fmt: skip
    job_approve(job=job, actor=translator)

    # Saving without changing the source creates nothing.
    page.refresh_from_db()
    page.title_en = "Edited by hand"
    page.save()
    assert not jobs_of(page).filter(state__in=TranslationJob.OPEN_STATES).exists()

    page.body_ar = "<p>تأسس المركز في عام 2021. يعمل مع الشركاء في أوروبا.</p>"
    with committed():
        page.save()
    update = job_of(page)
    job.refresh_from_db()
    assert job.state == TranslationJob.State.OUTDATED
    assert update.updates_approved
    assert update.source_texts == {"body": page.body_ar}
    kept, changed = update.segments.order_by("position")
    # The human text of the unchanged sentence is kept, the engine only drafts the new one.
    assert (kept.target, kept.state, kept.origin) == ("Human body 0", "approved", "kept")
    assert (changed.target, changed.state) == ("[en] يعمل مع الشركاء في أوروبا.", "draft")
    page.refresh_from_db()
    # Until re-approved the English version keeps the approved text.
    assert page.body_en == "<p>Human body 0 Human body 1</p>"
    assert page.title_en == "Edited by hand"

    segments_save(
        job=update,
        actor=translator,
        targets={changed.pk: "Works with partners in Europe."},
        accepted=[kept.pk, changed.pk],
    )
    job_approve(job=update, actor=translator)
    page.refresh_from_db()
    assert page.body_en == "<p>Human body 0 Works with partners in Europe.</p>"
    assert page.title_en == "Edited by hand"


def test_engine_never_overwrites_a_translators_edit(libretranslate, translator, committed):
    with committed():
        page = PageFactory(title_ar="عنوان")
    job = job_of(page)
    segment = job.segments.get()
    segments_save(job=job, actor=translator, targets={segment.pk: "A title"}, accepted=[])
    # The task runs again (a duplicate delivery): nothing changes.
    job_prefill(job_id=job.pk)
    segment.refresh_from_db()
    assert (segment.target, segment.origin) == ("A title", "human")


def test_sync_for_unregistered_object_does_nothing(translator):
    assert jobs_sync_for_object(obj=translator) == []


def test_an_approved_publication_translation_goes_to_review_for_a_translator(
    engine_none, translator, committed
):
    from publications.models import Publication
    from tests.publications.factories import PublicationFactory

    with committed():
        publication = PublicationFactory(
            original_language="ar", title_en="", summary_en="", body_en="",
            state_en=Publication.State.MISSING,
        )  # fmt: skip
    job = TranslationJob.objects.get(
        content_type__model="publication", object_id=str(publication.pk), target_language="en"
    )
    translate_all(job, translator)
    job_approve(job=job, actor=translator)
    publication.refresh_from_db()
    assert publication.title_en == "EN title 0"
    # Translators do not publish: an editor does, from review.
    assert publication.state_en == Publication.State.IN_REVIEW


def test_deleting_an_object_deletes_its_jobs(arabic_page):
    assert jobs_of(arabic_page).exists()
    page_id = arabic_page.pk
    arabic_page.delete()
    assert not TranslationJob.objects.filter(
        content_type__model="page", object_id=str(page_id)
    ).exists()


def test_register_translatable_checks_the_modeltranslation_fields():
    from diplomacy.translation.registry import register_translatable

    with pytest.raises(ValueError, match="not translatable"):
        register_translatable(Page, fields=["key"])
    from diplomacy.translation.models import GlossaryTerm

    with pytest.raises(ValueError, match="not registered with modeltranslation"):
        register_translatable(GlossaryTerm, fields=["note"])


def test_the_job_is_named_in_the_source_language_whatever_language_is_active(engine_none):
    from django.utils import translation

    with translation.override("en"):
        page = PageFactory(title_ar="عنوان عربي", title_en="")
    assert job_of(page).object_label == "عنوان عربي"


def test_approval_refuses_a_translation_that_breaks_the_markup(translator, committed, engine_none):
    from django.core.exceptions import ValidationError

    with committed():
        page = PageFactory(title_ar="عنوان", body_ar="<p>يعمل <strong>مع الشركاء</strong>.</p>")
    job = job_of(page)
    body, title = job.segments.order_by("field")
    segments_save(
        job=job,
        actor=translator,
        targets={body.pk: "Works <strong>with partners.", title.pk: "Title"},
        accepted=[],
    )
    with pytest.raises(ValidationError, match="body #1"):
        job_approve(job=job, actor=translator)
    segments_save(
        job=job,
        actor=translator,
        targets={body.pk: "Works <strong>with partners</strong>.", title.pk: "Title"},
        accepted=[],
    )
    job_approve(job=job, actor=translator)
    page.refresh_from_db()
    assert page.body_en == "<p>Works <strong>with partners</strong>.</p>"
