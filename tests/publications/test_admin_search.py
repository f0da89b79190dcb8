"""Staff search the admin as visitors search the portal: normalized Arabic, and places
in any spelling (publications, programs and their sessions)."""

import pytest

from tests.factories import StaffFactory
from tests.publications.factories import published_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    client.force_login(StaffFactory(is_superuser=True, preferred_language="en"))
    return client


def listed(client, url: str, typed: str) -> str:
    response = client.get(url, {"q": typed})
    assert response.status_code == 200
    return response.content.decode()


def test_publications_admin_finds_titles_normalized_and_places_in_any_spelling(administrator):
    published_publication(title_ar="تقرير مركز الدبلوماسية عن كوباني", title_en="Report on Kobani")
    published_publication(title_ar="تعاونيات الحسكة", title_en="Cooperatives of Hasakah")
    url = "/admin/publications/publication/"
    for typed in ("الدبلوماسيه", "الدبلوماسية كوبانى", "Kobane", "عين العرب"):
        page = listed(administrator, url, typed)
        assert "تقرير مركز الدبلوماسية عن كوباني" in page, typed
        assert "تعاونيات الحسكة" not in page, typed
    assert "تعاونيات الحسكة" in listed(administrator, url, "Heseke")


def test_programs_admin_finds_programs_and_sessions_by_another_spelling(administrator):
    """The demo program "Municipal knowledge exchange" has a session in Qamishlo."""
    page = listed(administrator, "/admin/programs/event/", "Qamishli")
    assert "Workshop in Qamishlo" in page or "ورشة عمل في قامشلو" in page
    page = listed(administrator, "/admin/programs/program/", "بلديات الجزيره")
    assert "Jazira municipalities" in page or "بلديات الجزيرة" in page
    page = listed(administrator, "/admin/programs/program/", "Kobane")
    assert "Jazira municipalities" not in page and "بلديات الجزيرة" not in page
