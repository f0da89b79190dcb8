"""The staff dashboard: the first page after signing in, what needs each role, as counts
that open lists filtered to exactly what was counted, in a fixed number of queries."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations.models import ApplicationState
from diplomacy.accounts import roles
from programs.models import Event, Registration
from tests.delegations.factories import ApplicationFactory
from tests.diplomacy.accounts.dashboard_world import ROLES_AND_SECTIONS, add_work, staff_in
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.second_factor import totp_code

pytestmark = pytest.mark.django_db

SECTION_IDS = {
    "delegations": "dashboard-delegations",
    "translation": "dashboard-translation",
    "sessions": "dashboard-sessions",
    "partners": "dashboard-partners",
    "emails": "dashboard-emails",
}
FIGURE_LINK = re.compile(
    r'<a href="(?P<href>[^"]+)"><span class="figure">(?P<count>\d+)</span>\s*(?P<label>[^<]*)</a>'
)


def figures(html: str) -> dict[str, tuple[int, str]]:
    """{link label: (count, address)} of the figures on the page."""
    return {
        f"{m['label'].strip()} {m['href']}": (int(m["count"]), m["href"].replace("&amp;", "&"))
        for m in FIGURE_LINK.finditer(html)
    }


def dashboard(client, member, language: str = "en") -> str:
    client.force_login(member)
    response = client.get(f"/{language}/staff/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", sorted(ROLES_AND_SECTIONS))
def test_each_role_sees_its_own_sections_only(client, role):
    html = dashboard(client, staff_in(role))
    shown = {name for name, element_id in SECTION_IDS.items() if f'id="{element_id}"' in html}
    assert shown == ROLES_AND_SECTIONS[role]


def test_people_who_are_not_staff_do_not_see_it(client):
    # Anonymous people sign in first; a signed-in person without staff access is refused
    # (docs/access.md: the one refusal convention).
    assert client.get("/ar/staff/")["Location"].endswith("/accounts/login/?next=/ar/staff/")
    client.force_login(UserFactory())
    assert client.get("/ar/staff/").status_code == 403


def test_the_head_of_delegations_counts_open_applications_by_state(client):
    head = staff_in(roles.HEAD_OF_DELEGATIONS)
    add_work(coordinator=head)
    html = dashboard(client, head)
    found = figures(html)

    def count_for(state: str, who: str) -> int:
        return next(
            count for key, (count, href) in found.items()
            if f"state={state}" in href and who in href
        )  # fmt: skip

    assert count_for(ApplicationState.SUBMITTED, f"coordinator={head.pk}") == 1
    assert count_for(ApplicationState.SUBMITTED, "coordinator=0") == 1
    assert count_for(ApplicationState.UNDER_REVIEW, f"coordinator={head.pk}") == 1
    assert count_for(ApplicationState.INFORMATION_REQUESTED, "answered=on") == 1
    assert count_for(ApplicationState.SCHEDULED, "arriving_from") == 1
    assert count_for(ApplicationState.APPROVED, "arriving_from") == 1


def test_every_figure_opens_a_list_of_exactly_what_it_counted(client):
    """Administrators see every section: each link's list has as many rows as its figure."""
    administrator = staff_in(roles.ADMINISTRATORS)
    add_work(coordinator=administrator)
    found = figures(dashboard(client, administrator))
    assert len(found) >= 15
    nonzero = 0
    for label, (count, href) in found.items():
        page = client.get(href).content.decode()
        if href.startswith("/admin/"):
            rows = len(re.findall(r'<tr[^>]*>\s*<td class="action-checkbox">', page)) or len(
                re.findall(r'<input type="checkbox" name="_selected_action"', page)
            )
        else:
            rows = len(re.findall(r"<tbody>.*?</tbody>", page, re.S)[0].split("<tr")) - 1
            if "colspan" in page and count == 0:
                rows = 0
        assert rows == count, f"{label}: the dashboard says {count}, the list shows {rows}"
        nonzero += count > 0
    assert nonzero >= 12, "the world gives most figures something to count"


def test_the_week_s_sessions_show_places_left_and_the_waiting_list(client):
    programs_staff = staff_in(roles.PROGRAMS)
    add_work(coordinator=staff_in(roles.HEAD_OF_DELEGATIONS))
    html = dashboard(client, programs_staff)
    assert "0 places left" in html
    assert "1 on the waiting list" in html
    # The seeded programs may hold a session this week too: the link of this one.
    soon = Event.objects.get(registrations__status=Registration.Status.WAITING)
    link = rf'href="([^"]*event__id__exact={soon.pk}&amp;status__exact=waiting)"'
    waiting = re.search(link, html)[1].replace("&amp;", "&")
    assert client.get(waiting).content.decode().count('name="_selected_action"') == 1


def queries_for_dashboard(client, member) -> int:
    client.force_login(member)
    client.get("/ar/staff/")  # the first page of a session notes its second factor
    cache.clear()  # the figures are kept a minute: count the queries that compute them
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ar/staff/").status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_work(client):
    administrator = staff_in(roles.ADMINISTRATORS)
    empty = queries_for_dashboard(client, administrator)
    add_work(coordinator=administrator)
    some = queries_for_dashboard(client, administrator)
    for _ in range(3):
        add_work(coordinator=administrator)
    more = queries_for_dashboard(client, administrator)
    assert empty == some == more
    assert more <= 16, more


def test_staff_land_on_the_dashboard_after_signing_in(client):
    member = staff_in(roles.PROGRAMS, preferred_language="ar")
    response = client.post("/ar/accounts/login/", {"login": member.email, "password": PASSWORD})
    if response["Location"].endswith("/2fa/authenticate/"):
        response = client.post(response["Location"], {"code": totp_code(member)})
    assert response["Location"] == "/ar/staff/"


def test_people_who_are_not_staff_still_land_on_their_page(client):
    # An account with a verified address, without the staff flag.
    person = StaffFactory(is_staff=False, second_factor=False)
    response = client.post("/en/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response["Location"] == "/en/my/"


def test_the_dashboard_is_arabic_and_right_to_left_in_arabic(client):
    member = staff_in(roles.ADMINISTRATORS)
    html = dashboard(client, member, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "طلبات الوفود" in html


def test_sections_kept_for_a_person_are_kept_per_language(client):
    """A section's HTML is kept with its figures: in the language it was rendered in."""
    member = staff_in(roles.ADMINISTRATORS)
    assert "Delegation applications" in dashboard(client, member, "en")
    arabic = dashboard(client, member, "ar")
    assert "طلبات الوفود" in arabic and "Delegation applications" not in arabic
    assert "Delegation applications" in dashboard(client, member, "en")


def test_figures_are_kept_a_minute_for_their_person_only(client):
    """The figures come from the cache for a minute (a new application is not counted
    yet), and never from another person's: each head of delegations sees their own."""
    head, other_head = staff_in(roles.HEAD_OF_DELEGATIONS), staff_in(roles.HEAD_OF_DELEGATIONS)
    add_work(coordinator=head)
    mine = f"state=submitted&coordinator={head.pk}"
    seen = figures(dashboard(client, head))
    assert [count for count, href in seen.values() if href.endswith(mine)] == [1]
    ApplicationFactory(state=ApplicationState.SUBMITTED, coordinator=head)
    again = figures(dashboard(client, head))
    assert again == seen
    others = figures(dashboard(client, other_head))
    assert not [href for _count, href in others.values() if href.endswith(mine)]
    cache.clear()  # a minute later
    later = figures(dashboard(client, head))
    assert [count for count, href in later.values() if href.endswith(mine)] == [2]


def test_a_role_taken_away_takes_its_section_away_at_once(client):
    """The figures are kept, what the person may see is not: without the role, the next
    page has no section of it, within the minute the figures would be kept."""
    member = staff_in(roles.PARTNERSHIPS)
    member.groups.add(Group.objects.get(name=roles.PROGRAMS))
    add_work(coordinator=staff_in(roles.HEAD_OF_DELEGATIONS))
    assert 'id="dashboard-partners"' in dashboard(client, member)
    member.groups.remove(Group.objects.get(name=roles.PARTNERSHIPS))
    html = dashboard(client, member)
    assert 'id="dashboard-partners"' not in html
    assert 'id="dashboard-sessions"' in html
    member.groups.add(Group.objects.get(name=roles.PARTNERSHIPS))
    assert 'id="dashboard-partners"' in dashboard(client, member)
