"""No word broken inside at 390 px: on every page with a table (public, the person's
and the staff's) and on the key pages, in Arabic and in English, Chromium measures every
word of every visible text with Range.getClientRects and fails when one spans two lines
(«الحـ/الة», «202/7-/01-/28»). Addresses (URLs, emails) may break anywhere; they are
skipped. Screenshots go to test-output/quality/broken-words/.
"""

from urllib.parse import urlsplit

import pytest

from tests.quality.pages import PAGE_LANGUAGES
from tests.quality.staff_pages import quality_superuser, session_cookies, signed_in_pages

pytestmark = pytest.mark.browser

WIDTH = 390

BROKEN_WORDS = """() => {
  const broken = [];
  const skip = 'script, style, noscript, template, option, select, textarea, .visually-hidden';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!element || element.closest(skip) || !element.checkVisibility()) continue;
    const text = node.textContent;
    // Words: a compound's parts each count as a word ("civil-society" may wrap after
    // its hyphen); a token with digits (a date, a number) is one word.
    const words = [];
    for (const match of text.matchAll(/\\S+/g)) {
      if (/[0-9]/.test(match[0])) { words.push([match[0], match.index]); continue; }
      for (const part of match[0].matchAll(/[^-\u2010]+-?/g)) words.push([part[0], match.index + part.index]);
    }
    for (const [word, start] of words) {
      if (word.length < 2 || /@|:\\/\\/|^\\/|\\.(org|com|net)\\b/.test(word)) continue;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + word.length);
      const lines = [];
      for (const rect of range.getClientRects()) {
        if (rect.width < 1 || rect.height < 1) continue;
        if (!lines.some(top => Math.abs(top - rect.top) < rect.height / 2)) lines.push(rect.top);
      }
      if (lines.length > 1) {
        broken.push(word + '  (in <' + element.tagName.toLowerCase() +
          (element.className ? ' class="' + element.className + '"' : '') + '>)');
      }
    }
  }
  return broken;
}"""


def broken_words_on(chromium, url: str, cookies: list[dict], screenshot) -> list[str]:
    context = chromium.new_context(viewport={"width": WIDTH, "height": 800})
    context.add_cookies(cookies)
    browser_page = context.new_page()
    try:
        response = browser_page.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        # The page itself, not a sign-in or confirmation page it sent the browser to.
        assert urlsplit(browser_page.url).path == urlsplit(url).path, browser_page.url
        browser_page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        browser_page.screenshot(path=screenshot, full_page=True)
        return browser_page.evaluate(BROKEN_WORDS)
    finally:
        context.close()


def test_the_check_finds_a_word_broken_inside(chromium):
    """The measuring itself: a word forced to break is found, a wrapped line is not."""
    context = chromium.new_context(viewport={"width": WIDTH, "height": 800})
    browser_page = context.new_page()
    try:
        browser_page.set_content(
            '<p style="inline-size: 1.5em; overflow-wrap: anywhere">الحالة 2027-01-28</p>'
            '<p style="inline-size: 6em">كلمات كثيرة تلتف على أسطر عدة non-profit</p>'
        )
        broken = browser_page.evaluate(BROKEN_WORDS)
    finally:
        context.close()
    assert [word.split()[0] for word in broken] == ["الحالة", "2027-01-28"]


@pytest.mark.parametrize(("key_page", "language"), PAGE_LANGUAGES)
def test_no_word_broken_on_key_pages(key_page, language, quality_site, chromium, quality_output):
    folder = quality_output / "broken-words"
    folder.mkdir(exist_ok=True)
    path = key_page.path(language)
    broken = broken_words_on(
        chromium,
        quality_site.url + path,
        quality_site.session_cookie(key_page),
        folder / f"{key_page.name}-{language}-{WIDTH}.png",
    )
    assert not broken, f"words broken inside on {path} at {WIDTH}px:\n" + "\n".join(broken)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_word_broken_in_tables_of_signed_in_and_staff_pages(
    language, quality_site, chromium, quality_output
):
    folder = quality_output / "broken-words"
    folder.mkdir(exist_ok=True)
    cookies = session_cookies(quality_superuser(language), quality_site.url)
    failures = []
    for page in signed_in_pages(language):
        broken = broken_words_on(
            chromium,
            quality_site.url + page.path,
            cookies,
            folder / f"{page.name}-{language}-{WIDTH}.png",
        )
        if broken:
            failures.append(f"{page.path}:\n  " + "\n  ".join(broken))
    assert not failures, f"words broken inside at {WIDTH}px:\n" + "\n".join(failures)
