import datetime
import math
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diplomacy.accounts.roles import EDITORS
from diplomacy.pages.models import Page
from diplomacy.translation.models import Segment, TranslationJob
from tests.diplomacy.translation.factories import PageFactory, placeholder_translation
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(arabic_page) -> TranslationJob:
    return TranslationJob.objects.get(object_id=str(arabic_page.pk), content_type__model="page")


def urls(job: TranslationJob) -> list[str]:
    return [
        reverse("translation:queue"),
        reverse("translation:job_edit", args=[job.pk]),
        reverse("translation:dashboard"),
    ]


def test_anonymous_people_are_sent_to_sign_in(client, job):
    for url in urls(job):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("person", ["visitor", "staff_without_role"])
def test_people_outside_the_translators_are_refused(client, job, person):
    client.force_login(UserFactory() if person == "visitor" else StaffFactory())
    for url in urls(job):
        assert client.get(url).status_code == 403
    response = client.post(reverse("translation:job_edit", args=[job.pk]), {"approve": "1"})
    assert response.status_code == 403


def test_editors_see_the_dashboard_and_request_jobs_but_do_not_edit(client, job, engine_none):
    editor = StaffFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    assert client.get(reverse("translation:dashboard")).status_code == 200
    assert client.get(reverse("translation:job_edit", args=[job.pk])).status_code == 403
    page = PageFactory(title_ar="عنوان", title_en="Title")
    response = client.post(
        reverse("translation:job_request", args=[job.content_type_id, page.pk, "en"])
    )
    assert response.status_code == 302
    assert TranslationJob.objects.filter(
        content_type=job.content_type, object_id=str(page.pk)
    ).exists()


def test_queue_lists_open_jobs_with_filters_and_counts(
    client, translator, job, django_assert_max_num_queries
):
    client.force_login(translator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("translation:queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "تعريف بالمركز وعمله" in html
    assert "من العربية إلى الإنجليزية" in html and "ar→en" not in html
    response = client.get(reverse("translation:queue"), {"direction": "en-ar"})
    assert "تعريف بالمركز وعمله" not in response.content.decode()
    response = client.get(reverse("translation:queue"), {"state": "approved"})
    assert "تعريف بالمركز وعمله" not in response.content.decode()


def test_editor_shows_source_and_target_side_by_side_in_their_directions(client, translator, job):
    client.force_login(translator)
    response = client.get(reverse("translation:job_edit", args=[job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'<td lang="ar" dir="rtl" class="segment-source">تأسس المركز في عام 2021\.', html
    )
    assert html.count('dir="ltr" lang="en" class="segment-target"') == job.segments.count()


def test_english_to_arabic_job_has_arabic_target_fields(
    client, translator, engine_none, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = PageFactory(title_ar="", title_en="About the center")
    job = TranslationJob.objects.get(object_id=str(page.pk), content_type__model="page")
    client.force_login(translator)
    html = client.get(reverse("translation:job_edit", args=[job.pk])).content.decode()
    assert '<td lang="en" dir="ltr" class="segment-source">About the center' in html
    assert 'dir="rtl" lang="ar" class="segment-target"' in html


def test_translator_saves_then_approves_in_the_editor(client, translator, job, arabic_page):
    client.force_login(translator)
    url = reverse("translation:job_edit", args=[job.pk])
    segments = list(job.segments.order_by("field", "position"))
    data = {f"target_{s.pk}": placeholder_translation(s, "Text") for s in segments}
    data[f"target_{segments[0].pk}"] = ""
    response = client.post(url, {**data, "approve": "1"})
    # One segment is still empty: nothing is written, what was typed is kept.
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == TranslationJob.State.IN_REVIEW
    assert Segment.objects.get(pk=segments[1].pk).target == "Text body 1"
    assert Page.objects.get(pk=arabic_page.pk).title_en == ""
    followed = client.get(url).content.decode()
    assert "يجب أن يكون لكل مقطع ترجمة قبل الاعتماد." in followed

    data[f"target_{segments[0].pk}"] = "Who we are"
    response = client.post(url, {**data, "approve": "1"})
    assert response.status_code == 302
    arabic_page.refresh_from_db()
    assert arabic_page.title_en == "Text title 0"
    assert arabic_page.body_en.startswith(
        "<h2>Who we are</h2><p>Text body 1 Text body 2 <strong>strong</strong></p>"
    )
    job.refresh_from_db()
    assert job.state == TranslationJob.State.APPROVED


def test_a_failed_job_shows_its_reason_and_can_be_retried(client, translator, job, engine_none):
    TranslationJob.objects.filter(pk=job.pk).update(
        state=TranslationJob.State.FAILED, failure_reason="LibreTranslate answered 500: boom"
    )
    client.force_login(translator)
    html = client.get(reverse("translation:job_edit", args=[job.pk])).content.decode()
    assert "LibreTranslate answered 500: boom" in html
    response = client.post(reverse("translation:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == TranslationJob.State.QUEUED


def test_dashboard_shows_each_language_state(client, translator, job, arabic_page):
    client.force_login(translator)
    html = client.get(
        reverse("translation:dashboard"), {"model": "pages.page", "attention": "1"}
    ).content.decode()
    assert "تعريف بالمركز وعمله" in html
    assert "Machine draft" in html or "مسودة آلية" in html


def test_my_page_shows_translators_their_jobs(client, translator, job):
    from diplomacy.translation.services import job_claim

    job_claim(job=job, actor=translator)
    client.force_login(translator)
    html = client.get(reverse("my")).content.decode()
    assert reverse("translation:job_edit", args=[job.pk]) in html
    assert reverse("translation:queue") in html


def test_my_page_of_other_people_has_no_translation_section(client, user):
    client.force_login(user)
    html = client.get(reverse("my")).content.decode()
    assert 'id="my-translation-jobs"' not in html


def test_dashboard_lists_one_kind_a_page_at_a_time_in_a_fixed_number_of_queries(
    client, translator, engine_none, django_assert_max_num_queries
):
    client.force_login(translator)
    url = reverse("translation:dashboard")
    client.get(url, {"model": "pages.page"})  # warm the session and content-type caches
    with django_assert_max_num_queries(10) as few:
        client.get(url, {"model": "pages.page"})
    PageFactory.create_batch(30, title_ar="عنوان", title_en="")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url, {"model": "pages.page"}).content.decode()
    assert html.count("translation-status-") >= 60


@pytest.mark.django_db
def test_translators_see_only_their_jobs_and_unassigned_ones(client, translator, job):
    from diplomacy.accounts.roles import TRANSLATORS

    colleague = StaffFactory(email="colleague@example.org")
    colleague.groups.add(Group.objects.get(name=TRANSLATORS))
    job.assignee = colleague
    job.save(update_fields=["assignee"])
    client.force_login(translator)
    queue = client.get(reverse("translation:queue")).content.decode()
    assert reverse("translation:job_edit", args=[job.pk]) not in queue
    assert client.get(reverse("translation:job_edit", args=[job.pk])).status_code == 404
    assert client.post(reverse("translation:job_claim", args=[job.pk])).status_code == 404
    assert client.get(f"/admin/translation/translationjob/{job.pk}/change/").status_code == 302
    job.assignee = None
    job.save(update_fields=["assignee"])
    assert client.get(reverse("translation:job_edit", args=[job.pk])).status_code == 200
    client.force_login(colleague)  # unassigned: open to every translator to claim
    assert client.get(reverse("translation:job_edit", args=[job.pk])).status_code == 200


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ar", {"kind": "صفحة", "direction": "من العربية إلى الإنجليزية", "state": "فشلت",
                "update": "تحديث لترجمة معتمدة", "empty": "فارغة", "age": "3\u00a0أيام"}),
        ("en", {"kind": "page", "direction": "Arabic to English", "state": "Failed",
                "update": "update of an approved translation", "empty": "empty",
                "age": "3\u00a0days"}),
    ],
)  # fmt: skip
def test_queue_rows_show_words_counts_names_and_links(client, translator, job, language, words):
    """Each row as the queue has always shown it: the label linking to the editor, the
    kind of content, direction and state in the page's language, the failure reason cut
    at 120 characters, the segments (and the empty ones), the assignee, the age."""
    translator.first_name, translator.last_name = "Tarjuman", "<T> & Co"
    translator.save()
    TranslationJob.objects.filter(pk=job.pk).update(
        state=TranslationJob.State.FAILED, object_label="About <us>", updates_approved=True,
        failure_reason="x" * 130, assignee=translator,
        created_at=timezone.now() - datetime.timedelta(days=3, minutes=5),
    )  # fmt: skip
    total = job.segments.count()
    job.segments.filter(pk=job.segments.first().pk).update(state=Segment.State.APPROVED)
    client.force_login(translator)
    html = client.get(f"/{language}/staff/translation/").content.decode()
    assert (
        f'<tr>\n<td><a href="/{language}/staff/translation/jobs/{job.pk}/" dir="auto">'
        f'About &lt;us&gt;</a><br><span class="meta">{words["kind"]}</span></td>\n'
        f"<td>{words['direction']}</td>\n"
        f"<td>{words['state']} · {words['update']}<br>"
        f'<span class="meta" dir="ltr">{"x" * 119}…</span></td>\n'
        f"<td>{total} ({total - 1} {words['empty']})</td>\n"
        f"<td>Tarjuman &lt;T&gt; &amp; Co</td>\n<td>{words['age']}</td>\n</tr>"
    ) in html


def test_queue_is_counted_from_the_state_counts_unless_narrowed_further(client, translator, job):
    """ "Page 1 of N" is right whichever filters apply; with no filter but the state, the
    state counts give it (no count query of its own)."""
    for number in range(120):
        TranslationJob.objects.create(
            content_type=job.content_type, object_id=f"other-{number}", object_label="",
            source_language="en" if number % 2 else "ar",
            target_language="ar" if number % 2 else "en",
            state=TranslationJob.State.QUEUED if number % 3 else TranslationJob.State.APPROVED,
        )  # fmt: skip
    client.force_login(translator)
    queue = "/en/staff/translation/"
    client.get(queue)  # the session notes its second factor on a first page
    for filters, jobs, counted in [
        ({}, TranslationJob.objects.filter(state__in=TranslationJob.OPEN_STATES), False),
        ({"state": "queued"}, TranslationJob.objects.filter(state="queued"), False),
        ({"state": "approved"}, TranslationJob.objects.filter(state="approved"), False),
        ({"direction": "en-ar"}, TranslationJob.objects.filter(
            state__in=TranslationJob.OPEN_STATES, source_language="en"), True),
    ]:  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            html = client.get(queue, filters).content.decode()
        pages = math.ceil(jobs.count() / 50)
        assert (f"Page 1 of {pages}" in html) if pages > 1 else ("Page 1 of" not in html)
        count_query = "SELECT count(*) FROM translation_translationjob"
        assert any(query["sql"].startswith(count_query) for query in queries) == counted


def test_the_written_queue_lists_what_the_models_and_filters_say(translator, job):
    """The queue's statements are written in SQL: for every filter, on both sides of a
    page break, they list the jobs the ORM selects (visibility, state, direction,
    assignee, kind of content), oldest first, with each job's segments counted."""
    from diplomacy.accounts.roles import TRANSLATORS
    from diplomacy.translation import selectors

    colleague = StaffFactory(email="colleague@example.org")
    colleague.groups.add(Group.objects.get(name=TRANSLATORS))
    now = timezone.now()
    for number in range(70):
        TranslationJob.objects.create(
            content_type=job.content_type, object_id=f"other-{number}", object_label="",
            source_language="en" if number % 2 else "ar",
            target_language="ar" if number % 2 else "en",
            state=TranslationJob.OPEN_STATES[number % 4] if number % 5 else "approved",
            assignee=[None, translator, colleague][number % 3],
        )  # fmt: skip
    TranslationJob.objects.filter(object_id__startswith="other-").update(created_at=now)
    visible = TranslationJob.objects.filter(Q(assignee=translator) | Q(assignee__isnull=True))
    content = f"{job.content_type.app_label}.{job.content_type.model}"
    for filters, expected in [
        ({}, visible.filter(state__in=TranslationJob.OPEN_STATES)),
        ({"state": "approved"}, visible.filter(state="approved")),
        ({"direction": "en-ar"}, visible.filter(
            state__in=TranslationJob.OPEN_STATES, source_language="en", target_language="ar")),
        ({"assignee": "me"}, visible.filter(state__in=TranslationJob.OPEN_STATES, assignee=translator)),
        ({"assignee": "none"}, visible.filter(
            state__in=TranslationJob.OPEN_STATES, assignee__isnull=True)),
        ({"model": content}, visible.filter(
            state__in=TranslationJob.OPEN_STATES, content_type=job.content_type)),
        ({"model": "programs.event"}, TranslationJob.objects.none()),
    ]:  # fmt: skip
        expected_ids = list(expected.order_by("created_at", "id").values_list("pk", flat=True))
        counts = selectors.job_state_counts(user=translator)
        listed = []
        for number in ("1", "2"):
            page = selectors.job_queue_page(
                user=translator, **filters, state_counts=counts, number=number, per_page=20
            )
            assert page.paginator.count == len(expected_ids), filters
            if page.number == int(number):  # past the last page, get_page gives the last
                listed += [int(row.edit_url.rstrip("/").rsplit("/", 1)[1]) for row in page]
        assert listed == expected_ids[:40], filters
    job.segments.filter(pk=job.segments.first().pk).update(state=Segment.State.APPROVED)
    page = selectors.job_queue_page(user=translator, state_counts=counts, number="1", per_page=50)
    for row in page:
        segments = Segment.objects.filter(job_id=int(row.edit_url.rstrip("/").rsplit("/", 1)[1]))
        empty = segments.filter(state=Segment.State.EMPTY)
        assert (row.segment_count, row.empty_count) == (segments.count(), empty.count())
    assert any(row.segment_count > row.empty_count > 0 for row in page)
    assert selectors.job_state_counts(user=translator) == {
        state: visible.filter(state=state).count() for state in TranslationJob.State.values
    }
