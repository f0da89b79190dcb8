import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_arabic_is_laid_out_right_to_left_and_english_left_to_right(
    live_server, demo_content, page, output_dir
):
    page.goto(f"{live_server.url}/ar/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    width = page.evaluate("document.documentElement.clientWidth")
    nav = page.locator(".site-nav li").first.bounding_box()
    # In Arabic the navigation starts at the right edge of its row.
    last = page.locator(".site-nav li").last.bounding_box()
    assert nav["x"] > last["x"]
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > width * 0.6
    page.screenshot(path=output_dir / "home-ar.png", full_page=True)

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.evaluate("document.documentElement.lang") == "en"
    nav = page.locator(".site-nav li").first.bounding_box()
    last = page.locator(".site-nav li").last.bounding_box()
    assert nav["x"] < last["x"]
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] < width * 0.4
    page.screenshot(path=output_dir / "home-en.png", full_page=True)


def test_about_page_switches_language_in_place(live_server, demo_content, page):
    page.goto(f"{live_server.url}/ar/about/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/about/")
    assert page.locator("h1").inner_text() == "About the center"
    page.locator('.lang-switch a[hreflang="ar"]').click()
    page.wait_for_url(f"{live_server.url}/ar/about/")
    assert page.locator("h1").inner_text() == "عن المركز"
