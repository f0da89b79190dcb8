"""A visitor reads the portal: from the home page, by clicks and typing only."""

import pytest

from tests.journeys.mail import in_language
from tests.publications.factories import published_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHER = {"ar": "en", "en": "ar"}
TITLES = {
    "ar": "موسم السماق في قرى الجزيرة",
    "en": "The sumac season in the villages of Jazira",
}
# A word only this article's body holds (not its title or summary): search reads bodies.
BODY_WORDS = {"ar": "المجففة", "en": "sundried"}
BODIES = {
    "ar": "<p>تجمع النساء ثمار السماق وتبيع التعاونية الحبوب المجففة في سوق قامشلو.</p>",
    "en": "<p>Women pick the sumac and the cooperative sells the sundried berries in Qamishlo.</p>",
}


def nav_link(page, language: str, text: str):
    return page.locator(".site-nav").get_by_role("link", name=in_language(language, text))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_visitor_reads_searches_and_browses_programs_and_partners(portal, page, snap, language):
    other = OTHER[language]
    published_publication(
        title_ar=TITLES["ar"], title_en=TITLES["en"], body_ar=BODIES["ar"], body_en=BODIES["en"]
    )
    page.goto(f"{portal.url}/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    snap("home")

    nav_link(page, language, "Publications").click()
    page.wait_for_url(f"{portal.url}/{language}/publications/")
    snap("publications")
    page.get_by_role("link", name=TITLES[language]).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLES[language]
    assert BODY_WORDS[language] in page.locator(".prose").inner_text()
    snap("article")

    page.locator(f".lang-switch a[hreflang='{other}']").click()
    page.wait_for_url(f"{portal.url}/{other}/publications/**")
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("h1").inner_text() == TITLES[other]
    snap("article-other-language")

    # Back in the visitor's language, a word of the body typed into the search box.
    page.locator(f".lang-switch a[hreflang='{language}']").click()
    page.wait_for_url(f"{portal.url}/{language}/publications/**")
    search_box = page.locator("#site-search")
    search_box.fill(BODY_WORDS[language])
    search_box.press("Enter")
    page.wait_for_url(f"{portal.url}/{language}/search/**")
    snap("search-results")
    page.get_by_role("link", name=TITLES[language]).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLES[language]

    nav_link(page, language, "Programs").click()
    page.wait_for_url(f"{portal.url}/{language}/programs/")
    assert page.locator("h1").inner_text() == in_language(language, "Programs and events")
    assert page.locator("main a[href*='/programs/']").count() > 0
    snap("programs")

    nav_link(page, language, "Partners").click()
    page.wait_for_url(f"{portal.url}/{language}/partners/")
    assert page.locator("main a[href*='/partners/']").count() > 0
    snap("partners")
    page.locator("main a[href*='/partners/'][href$='/']").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{portal.url}/{language}/partners/")
    assert page.locator("h1").inner_text().strip()
    snap("partner")
