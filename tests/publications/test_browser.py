import pytest

from tests.publications.factories import published_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_read_an_arabic_article_then_switch_to_english(demo_content, live_server, page, output_dir):
    publication = published_publication(
        title_ar="جولة على تعاونيات النساء في كوباني",
        title_en="A tour of women's cooperatives in Kobani",
        body_ar="<p>زار فريق المركز ثلاث تعاونيات تديرها نساء في ريف كوباني.</p>",
        body_en="<p>The center's team visited three cooperatives run by women near Kobani.</p>",
    )
    page.goto(live_server.url + "/ar/publications/")
    page.get_by_role("link", name="جولة على تعاونيات النساء في كوباني").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() == "جولة على تعاونيات النساء في كوباني"
    assert "ثلاث تعاونيات" in page.locator(".prose").inner_text()
    page.screenshot(path=output_dir / "arabic.png", full_page=True)

    page.locator(".lang-switch a[hreflang='en']").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + publication.get_absolute_url("en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "A tour of women's cooperatives in Kobani"
    assert "three cooperatives" in page.locator(".prose").inner_text()
    page.screenshot(path=output_dir / "english.png", full_page=True)
