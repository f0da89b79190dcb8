"""In Arabic at 1280 px, a Latin value (a name, an organization, a purpose) stays next to
its Arabic label instead of being pushed to the far side of the page."""

import pytest

from delegations.models import ApplicationState
from tests.delegations.conftest import make_coordinator
from tests.delegations.factories import ApplicationFactory, MemberFactory
from tests.delegations.test_browser import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Distance between the start edge of a label's value and the label (the grid's gap is 1rem).
MAX_GAP_PX = 40

GAPS = """
() => [...document.querySelectorAll('main dl dt')].map((label) => {
  // The box of the value's text itself, not of its (full-width) cell.
  const text = document.createRange();
  text.selectNodeContents(label.nextElementSibling);
  const l = label.getBoundingClientRect(), v = text.getBoundingClientRect();
  return {label: label.textContent.trim(), gap: Math.round(l.left - v.right), width: v.width};
}).filter((item) => item.width > 0)
"""


def latin_application():
    applicant = UserFactory(preferred_language="ar")
    application = ApplicationFactory(
        applicant=applicant,
        state=ApplicationState.UNDER_REVIEW,
        lead_name="Amina Lind",
        organization="Malmö Solidarity Network",
        purpose="Meet the cooperatives of Jazira.",
        languages="English, Swedish",
        with_member=False,
    )
    MemberFactory(application=application, full_name="Amina Lind")
    return application


@pytest.mark.parametrize("where", ["review", "applicant", "my-data"])
def test_latin_values_stay_next_to_their_arabic_labels(
    live_server, demo_content, page, output_dir, where
):
    application = latin_application()
    if where == "review":
        coordinator = make_coordinator(preferred_language="ar")
        application.coordinator = coordinator  # a coordinator sees the applications assigned
        application.save(update_fields=["coordinator"])
        sign_in(page, live_server, coordinator)
        path = f"/ar/delegations/review/{application.pk}/"
    else:
        sign_in(page, live_server, application.applicant)
        path = (
            f"/ar/delegations/applications/{application.pk}/"
            if where == "applicant"
            else "/ar/delegations/my-data/"
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.screenshot(path=output_dir / f"{where}-ar-1280.png", full_page=True)
    gaps = page.evaluate(GAPS)
    latin = [item for item in gaps if item["label"] in ("المنظمة", "مقدّم الطلب الرئيسي", "الغرض")]
    assert latin, gaps
    for item in gaps:
        assert 0 <= item["gap"] <= MAX_GAP_PX, item
