"""A reader searches a word and finds its other forms, on a phone and a desktop, from
the Arabic page and from the English one."""

import pytest

from tests.publications.factories import published_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_reader_finds_the_delegations_by_typing_delegation(
    demo_content, live_server, page, output_dir, language, device
):
    published_publication(
        languages=("ar",),
        title_ar="استقبال الوفود الأوروبية في قامشلو",
        body_ar="<p>وصلت الوفود إلى المدينة والتقت بمنظمات المجتمع المدني.</p>",
    )
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    page.goto(f"{live_server.url}/{language}/search/")
    page.locator("#search-q").fill("وفد")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    hit = page.get_by_role("link", name="استقبال الوفود الأوروبية في قامشلو")
    assert hit.is_visible()
    assert page.locator("mark", has_text="الوفود").first.is_visible()
    assert page.locator("html").get_attribute("lang") == language
    if language == "en":  # the Arabic hit on the English page is marked as Arabic
        assert page.locator("h3[lang=ar]").count() >= 1
    # Nothing runs out of the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]
    page.screenshot(path=output_dir / f"search-{language}-{device}.png", full_page=True)
