"""A reader searches a word and finds its other forms, on a phone and a desktop, from
the Arabic page and from the English one."""

import pytest

from tests.publications.factories import published_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1280}
# What the reader types, the publication it finds, the word marked in its snippet.
SEARCHES = [
    ("مدينة", "جولة في المدينة القديمة", "المدينة"),
    ("منظمة", "لقاء مع منظمات المجتمع المدني", "منظمات"),
    ("وفد", "استقبال الوفود الأوروبية في قامشلو", "الوفود"),
]


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_reader_finds_a_word_in_its_other_forms(
    demo_content, live_server, page, output_dir, language, device
):
    published_publication(
        languages=("ar",),
        title_ar="جولة في المدينة القديمة",
        summary_ar="",
        body_ar="<p>مشى الضيوف في المدينة ليلا.</p>",
    )
    published_publication(
        languages=("ar",),
        title_ar="لقاء مع منظمات المجتمع المدني",
        summary_ar="",
        body_ar="<p>تحدثت منظمات عن التحديات.</p>",
    )
    published_publication(
        languages=("ar",),
        title_ar="استقبال الوفود الأوروبية في قامشلو",
        summary_ar="",
        body_ar="<p>وصلت الوفود إلى قامشلو والتقت بالإدارة.</p>",
    )
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    page.goto(f"{live_server.url}/{language}/search/")
    for query, title, marked in SEARCHES:
        page.locator("#search-q").fill(query)
        page.locator("form[role=search] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name=title).is_visible(), query
        assert page.locator("mark", has_text=marked).first.is_visible(), query
        assert page.locator("html").get_attribute("lang") == language
        if language == "en":  # the Arabic hit on the English page is marked as Arabic
            assert page.locator("h3[lang=ar]").count() >= 1
        # Nothing runs out of the page sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]
    page.screenshot(path=output_dir / f"search-{language}-{device}.png", full_page=True)
