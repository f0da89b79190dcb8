"""One pagination (templates/includes/pagination.html) on every paged list: a labelled
<nav>, rel=prev/next links, the current page marked, and the filters (or the search
words) kept when moving from page to page — in Arabic and in English."""

import datetime
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone, translation

from tests.delegations.conftest import make_coordinator

LANGUAGES = ["ar", "en"]
INCLUDE = "includes/pagination.html"
# The templates of every paged list of the portal.
PAGED_LISTS = {
    "delegations/application_review_list.html",
    "notifications/notification_list.html",
    "partners/organization_list.html",
    "programs/program_list_content.html",
    "publications/publication_list.html",
    "search/search_results.html",
    "translation/translation_dashboard.html",
    "translation/translationjob_list.html",
}


def test_every_paged_list_uses_the_one_include_and_no_other_markup():
    templates = Path(settings.BASE_DIR) / "templates"
    using, own_markup = set(), []
    for path in templates.rglob("*.html"):
        name = path.relative_to(templates).as_posix()
        text = path.read_text()
        if f'"{INCLUDE}"' in text:
            using.add(name)
        if name != INCLUDE and re.search(r"has_other_pages|rel=\"(prev|next)\"", text):
            own_markup.append(name)
    assert using == PAGED_LISTS
    assert not own_markup, f"pagination written outside {INCLUDE}: {own_markup}"


# --- Each list, page 1 to page 2 and back, with a filter --------------------------------


def nav_of(html: str) -> str:
    navs = re.findall(r'<nav class="pagination" aria-label="[^"]+">.*?</nav>', html, re.S)
    assert len(navs) == 1, "one labelled pagination <nav>"
    return navs[0]


def link(nav: str, rel: str) -> dict[str, list[str]]:
    [href] = re.findall(rf'<a rel="{rel}" href="([^"]+)"', nav)
    return parse_qs(urlsplit(href.replace("&amp;", "&")).query)


def assert_pages_keep(client, path: str, chosen: dict[str, str]):
    """Page 1 links to page 2 with the same choices; page 2 is marked current and links
    back to page 1 with them."""
    first = client.get(path, chosen)
    assert first.status_code == 200
    nav = nav_of(first.content.decode())
    assert re.search(r'<li aria-current="page">\D*1\D+\d+</li>', nav), nav
    assert 'rel="prev"' not in nav
    following = link(nav, "next")
    assert following == {**{key: [value] for key, value in chosen.items()}, "page": ["2"]}
    second = client.get(path, {key: values[0] for key, values in following.items()})
    nav = nav_of(second.content.decode())
    assert re.search(r'<li aria-current="page">\D*2\D+\d+</li>', nav), nav
    assert link(nav, "prev") == {**{key: [value] for key, value in chosen.items()}, "page": ["1"]}
    return second


@pytest.fixture
def two_per_page(monkeypatch):
    """Lists of two, so that a few rows make two pages."""
    monkeypatch.setattr("publications.selectors.PER_PAGE", 2)
    monkeypatch.setattr("programs.selectors.PAST_PROGRAMS_PER_PAGE", 2)
    monkeypatch.setattr("partners.views.DIRECTORY_PAGE_SIZE", 2)
    monkeypatch.setattr("diplomacy.search.views.SEARCH_PER_PAGE", 2)
    monkeypatch.setattr("delegations.views.REVIEW_QUEUE_PAGE_SIZE", 2)
    monkeypatch.setattr("diplomacy.notifications.views.INBOX_PAGE_SIZE", 2)


def publication_of(kind: str):
    from tests.publications.factories import published_publication

    return published_publication(kind=kind)


def past_program_of(kind: str):
    from tests.programs.factories import ProgramFactory

    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    return ProgramFactory(kind=kind, starts_on=long_ago, ends_on=long_ago)


def partner_of(kind: str):
    from tests.partners.factories import OrganizationFactory

    return OrganizationFactory(kind=kind)


# The public lists filtered by kind: path, a maker of one row of a kind, the kind chosen,
# another kind, and where the view puts its page.
KIND_LISTS = {
    "publications": ("publications/", publication_of, "report", "news", "page"),
    "past programs": ("programs/", past_program_of, "cultural", "research", "listing"),
    "partner directory": ("partners/", partner_of, "cooperative", "association", "page"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", KIND_LISTS)
def test_a_public_list_keeps_its_kind(client, two_per_page, language, name):
    path, make, kind, other, in_context = KIND_LISTS[name]
    for each in (kind, kind, kind, other):  # two pages of the kind chosen
        make(each)
    second = assert_pages_keep(client, f"/{language}/{path}", {"kind": kind})
    page = second.context[in_context]
    page = page.past if in_context == "listing" else page
    assert {row.kind for row in page.object_list} == {kind}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_keeps_the_words_and_the_kind(client, two_per_page, language):
    from tests.publications.factories import published_publication

    for _ in range(5):
        published_publication()
    words = {"ar": "التعاونيات", "en": "cooperatives"}[language]
    second = assert_pages_keep(client, f"/{language}/search/", {"q": words, "kind": "publications"})
    assert second.context["query"] == words


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_review_queue_keeps_its_state(client, two_per_page, language):
    from delegations.models import ApplicationState
    from tests.delegations.factories import ApplicationFactory

    for state in (*[ApplicationState.SUBMITTED] * 3, ApplicationState.APPROVED):
        ApplicationFactory(state=state)
    client.force_login(make_coordinator(lead=True))
    second = assert_pages_keep(client, f"/{language}/delegations/review/", {"state": "submitted"})
    with translation.override(language):
        submitted = str(ApplicationState.SUBMITTED.label)
    assert {row.state for row in second.context["page"].object_list} == {submitted}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_staff_inbox_pages(client, two_per_page, language):
    from diplomacy.notifications.models import Notification
    from diplomacy.notifications.notifications import DELIVERY_FAILED
    from diplomacy.notifications.services import notification_send
    from tests.factories import StaffFactory

    staff = StaffFactory(is_superuser=True)
    for number in range(3):
        notification_send(
            type_key=DELIVERY_FAILED, target=staff, event=f"e{number}", recipient=staff
        )
    # Rendered (as delivery does), so that the inbox lists them.
    Notification.objects.filter(recipient=staff).update(subject="A message was not delivered")
    client.force_login(staff)
    assert_pages_keep(client, f"/{language}/notifications/", {})
