"""Right-to-left layout in Chromium: at 360 px no page scrolls sideways, and the main
heading and the navigation start at the right edge in Arabic (the left in English).
Screenshots at 360 px and 1280 px go to test-output/quality/screens/."""

import pytest

from tests.quality.pages import PAGE_LANGUAGES

pytestmark = pytest.mark.browser

WIDTHS = (360, 1280)
# Where the text of an element starts, and the inner edges of its content box.
TEXT_EDGES = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const line = range.getClientRects()[0];
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return {
    direction: style.direction,
    textLeft: line.left, textRight: line.right,
    contentLeft: box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth),
    contentRight: box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth),
  };
}"""
SLACK = 2  # pixels of rounding


def assert_starts_at_its_edge(
    browser_page, selector: str, language: str, width: int, *, on_its_side: bool
) -> None:
    element = browser_page.locator(selector).first
    assert element.count(), f"no {selector} on the page"
    edges = element.evaluate(TEXT_EDGES)
    if language == "ar":
        assert edges["direction"] == "rtl", f"{selector} is not right-to-left"
        assert abs(edges["textRight"] - edges["contentRight"]) <= SLACK, (
            f"{selector} text does not start at the right edge at {width}px: {edges}"
        )
        if on_its_side:
            assert edges["contentRight"] > width * 0.75, f"{selector} is not on the right: {edges}"
    else:
        assert edges["direction"] == "ltr", f"{selector} is not left-to-right"
        assert abs(edges["textLeft"] - edges["contentLeft"]) <= SLACK, (
            f"{selector} text does not start at the left edge at {width}px: {edges}"
        )
        if on_its_side:
            assert edges["contentLeft"] < width * 0.25, f"{selector} is not on the left: {edges}"


@pytest.mark.parametrize(("key_page", "language"), PAGE_LANGUAGES)
def test_layout_follows_the_language_direction(
    key_page, language, quality_site, chromium, quality_output
):
    path = key_page.path(language)
    screens = quality_output / "screens"
    screens.mkdir(exist_ok=True)
    for width in WIDTHS:
        context = chromium.new_context(viewport={"width": width, "height": 800})
        context.add_cookies(quality_site.session_cookie(key_page))
        browser_page = context.new_page()
        try:
            response = browser_page.goto(quality_site.url + path)
            assert response.status == 200, f"{path} answered {response.status}"
            # Measure the page as it settles: with its own fonts, not the fallback.
            browser_page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
            browser_page.screenshot(
                path=screens / f"{key_page.name}-{language}-{width}.png", full_page=True
            )
            scroll = browser_page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll[0] <= scroll[1], f"{path} scrolls sideways at {width}px: {scroll}"
            assert_starts_at_its_edge(browser_page, "main h1", language, width, on_its_side=True)
            assert_starts_at_its_edge(
                browser_page, ".site-nav li", language, width, on_its_side=width == 360
            )
        finally:
            context.close()
