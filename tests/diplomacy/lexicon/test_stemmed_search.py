"""Arabic light stemming in the portal's search: what a reader finds, what staff edit,
and the rebuild of the index."""

import time

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from diplomacy.accounts.roles import EDITORS
from diplomacy.audit.models import AuditEntry
from diplomacy.lexicon.models import SearchReindex, WordForm
from diplomacy.lexicon.services import lexicon_load_repository, search_reindex_start
from diplomacy.search.query import search_query_parse
from partners.models import Organization
from partners.selectors import organization_search
from partners.services import organization_search_refresh
from publications.models import Publication
from publications.search import PublicationSearchProvider
from tests.factories import StaffFactory
from tests.partners.factories import OrganizationFactory
from tests.publications.factories import published_publication

pytestmark = pytest.mark.django_db


def search_page(client, language: str, query: str) -> str:
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def titles(query: str, language: str = "ar") -> list[str]:
    results = PublicationSearchProvider().search(
        query=search_query_parse(query), language=language, offset=0, limit=20
    )
    return [hit.title for hit in results.hits]


@pytest.fixture
def center_publications():
    published_publication(
        title_ar="جولة في المدينة القديمة", body_ar="<p>مشى الضيوف في المدينة ليلا.</p>"
    )
    published_publication(
        title_ar="لقاء مع منظمات المجتمع المدني", body_ar="<p>تحدثت منظمات عن التحديات.</p>"
    )
    published_publication(
        title_ar="استقبال الوفود في قامشلو", body_ar="<p>وصلت الوفود من أوروبا.</p>"
    )


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "query, title, marked",
    [
        ("مدينة", "جولة في المدينة القديمة", "المدينة"),
        ("منظمة", "لقاء مع منظمات المجتمع المدني", "منظمات"),
        ("وفد", "استقبال الوفود في قامشلو", "الوفود"),
    ],
)
def test_the_search_page_finds_the_word_in_its_other_forms(
    client, center_publications, language, query, title, marked
):
    html = search_page(client, language, query)
    assert title in html
    assert f"<mark>{marked}</mark>" in html  # highlighted as written


def test_the_exact_form_ranks_above_a_stem_match():
    published_publication(title_ar="تقرير أول", body_ar="<p>حضرنا ورشة في الرقة.</p>")
    published_publication(title_ar="تقرير ثان", body_ar="<p>حضرنا ورشات في الرقة.</p>")
    ours = {"تقرير أول", "تقرير ثان"}
    assert [title for title in titles("ورشات") if title in ours] == ["تقرير ثان", "تقرير أول"]
    assert [title for title in titles("ورشة") if title in ours] == ["تقرير أول", "تقرير ثان"]


def test_a_form_added_by_staff_is_used_by_queries_at_once_and_by_documents_after_a_rebuild():
    assert lexicon_load_repository() == 0  # seeded by the migration (or the demo content)
    published_publication(title_ar="الأعياد في الجزيرة", body_ar="<p>احتفالات.</p>")
    assert titles("عيد") == []
    WordForm.objects.create(form="أعياد", base="عيد")
    assert titles("أعياد") == ["الأعياد في الجزيرة"]  # the exact form, as before
    assert titles("عيد") == []  # stored before the lexicon knew the form
    call_command("search_reindex", "--here", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert titles("عيد") == ["الأعياد في الجزيرة"]
    published_publication(title_ar="عيد النوروز", body_ar="<p>احتفال.</p>")
    assert {"الأعياد في الجزيرة", "عيد النوروز"} <= set(titles("العيد"))


@pytest.fixture
def editor(db):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_an_editor_starts_a_rebuild_in_the_admin_and_follows_it(
    client, editor, django_capture_on_commit_callbacks
):
    published_publication(title_ar="الوفود", body_ar="<p>نص.</p>")
    client.force_login(editor)
    add = reverse("admin:lexicon_searchreindex_add")
    assert "إعادة بناء فهرس البحث" in client.get(add, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the tasks run eagerly
        client.post(add)
    response = client.get(reverse("admin:lexicon_searchreindex_changelist"))
    run = SearchReindex.objects.get()
    assert run.finished_at is not None and run.done == run.total >= 1
    assert "100%" in response.content.decode()
    assert AuditEntry.objects.filter(action="lexicon.search_reindex.finish").exists()


@pytest.mark.parametrize(
    "language, progress",
    [
        ("en", "being rebuilt: 450 of 1000 entries (45%)"),
        ("ar", "يجري بناء فهرس البحث: 450 من 1000"),
    ],
)
def test_the_rebuild_list_shows_a_running_rebuild_and_reloads_itself(
    client, editor, language, progress
):
    SearchReindex.objects.create(total=1000, done=450)
    editor.preferred_language = language  # the admin follows it
    editor.save(update_fields=["preferred_language"])
    client.force_login(editor)
    changelist = reverse("admin:lexicon_searchreindex_changelist")
    html = client.get(changelist).content.decode()
    assert progress in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert '<progress id="reindex-progress" max="1000" value="450">' in html
    SearchReindex.objects.update(done=1000, finished_at=timezone.now())
    html = client.get(changelist).content.decode()
    assert "http-equiv" not in html  # finished: nothing to follow


def test_a_second_rebuild_waits_for_the_first():
    SearchReindex.objects.create(total=10)
    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        search_reindex_start(actor=None)
    assert SearchReindex.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_rebuilds_the_index_with_progress(celery_worker_process):
    for number in range(3):
        published_publication(title_ar=f"مدارس القرية {number}", body_ar="<p>نص.</p>")
    run = search_reindex_start(actor=None)
    deadline = time.monotonic() + 60
    while run.finished_at is None and time.monotonic() < deadline:
        time.sleep(0.5)
        run.refresh_from_db()
    assert run.finished_at is not None
    indexed = Publication.objects.count() + Organization.objects.count()
    assert run.done == run.total == indexed >= 3
    assert run.progress == 100
    assert len(titles("مدرسة")) == 3


def test_a_partner_is_found_by_a_form_of_its_name(client):
    organization = OrganizationFactory(
        name_ar="تعاونيات النساء في عامودا", name_en="Women's cooperatives of Amude"
    )
    organization_search_refresh(organization=organization)
    for query in ("تعاونية", "التعاونيات", "امرأة"):
        assert organization in organization_search(Organization.objects.all(), query), query
