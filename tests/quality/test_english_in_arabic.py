"""No English words on Arabic pages: the key pages, the person's and the staff's pages and
every page of the Django admin, read in Chromium as rendered (the admin's scripts write
its selection widgets and calendars), signed in as a superuser whose language is Arabic.

Latin script is legitimate where it is the content's own: names, organizations,
addresses, emails, URLs and codes, which the templates isolate in `<bdi>`, `dir="auto"`,
`dir="ltr"` or `lang="en"` (the English language switch), and, in the admin, the data
cells of lists, read-only values, filter choices and selected options. Everything else
that reads as an English word fails the check, with where it was found.
"""

import json
import re
from urllib.parse import urlsplit

import pytest

from tests.quality.pages import KEY_PAGES
from tests.quality.staff_pages import (
    ADMIN_EXTRA_PAGES,
    admin_models,
    admin_pages_of,
    quality_superuser,
    session_cookies,
    signed_in_pages,
)

pytestmark = pytest.mark.browser

# Where Latin script is the content's own, not the interface's.
CONTENT_SELECTORS = ", ".join(
    [
        "script", "style", "noscript", "template", "code", "pre", "kbd", "samp",
        "bdi", "[dir=auto]", "[dir=ltr]", "[lang]:not([lang^=ar])",
        "option", "textarea", "select",
        # The admin's data: list cells, read-only values, filter choices, chosen objects.
        "#result_list tbody", ".readonly", "#changelist-filter li",
        "tr.has_original td.original", "tr.has_original td > p",  # inline rows' values
        ".select2-selection__rendered", ".related-widget-wrapper strong",
        "input + strong", "div.flex-container > div > strong", "#toolbar #searchbar",
        "#user-tools strong",  # the signed-in person's name
    ]
)  # fmt: skip

# Where the templates isolate content in another script.
ISOLATED = "script, style, template, bdi, [dir=auto], [dir=ltr], [lang]:not([lang^=ar])"

VISIBLE_TEXTS = """([contentSelectors, isolated]) => {
  const texts = [];
  const where = element => {
    const parts = [];
    for (let node = element; node && node !== document.body && parts.length < 4; node = node.parentElement) {
      parts.unshift(node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') +
        (node.classList.length ? '.' + [...node.classList].slice(0, 2).join('.') : ''));
    }
    return parts.join(' > ');
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!element || !/[A-Za-z]/.test(node.textContent)) continue;
    if (element.closest(contentSelectors)) continue;
    const shown = element.checkVisibility() || element.closest('.visually-hidden');
    if (!shown) continue;
    texts.push({text: node.textContent.trim(), where: where(element)});
  }
  // Texts people see or hear that are not text nodes.
  const attributes = ['placeholder', 'aria-label', 'title', 'alt'];
  for (const element of document.body.querySelectorAll('[placeholder], [aria-label], [title], img[alt], input[type=submit], input[type=button]')) {
    // Data areas hold content as text; the interface's own attributes there still count
    // (the alternative text of a yes/no icon in a list cell).
    if (element.closest(isolated)) continue;
    // The admin's row checkboxes are named after their object: content.
    if (element.matches('#result_list input.action-select')) continue;
    if (!element.checkVisibility()) continue;
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (value && /[A-Za-z]/.test(value)) texts.push({text: value, where: where(element) + '[' + name + ']'});
    }
    if (element.matches('input[type=submit], input[type=button]') && /[A-Za-z]/.test(element.value)) {
      texts.push({text: element.value, where: where(element) + '[value]'});
    }
  }
  texts.push({text: document.title, where: 'title'});
  return texts;
}"""

EMAIL_OR_URL = re.compile(
    r"\S+@\S+|\b(?:https?://|www\.)\S*|\S+\.(?:org|com|net|ics|json|csv|xlsx|pdf)\b"
)
# Names that are written in Latin script in Arabic too: keys of the keyboard, and the
# name of the Atom feed format (an acronym check already lets RSS through).
NAMES = {"control", "command", "atom"}
TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f0-9_.:#%()\[\]'’-]+")
LETTERS = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The words of `text` that read as English: not codes, acronyms or allowed names."""
    words = []
    for token in TOKEN.findall(EMAIL_OR_URL.sub(" ", text)):
        bare = token.strip(".:/#%()[]'’-")
        if not LETTERS.search(bare) or re.search(r"[0-9_]", bare):
            continue  # numbers, codes such as C00012 or file_name
        if re.search("[\u00c0-\u024f]", bare):
            continue  # not English: Kurdish and other names (Komîna Jinên Cizîrê)
        if bare.isupper() and len(bare) <= 5:
            continue  # acronyms: PDF, ICS, CSV, UTC
        if any(letter.isupper() for letter in bare[1:]):
            continue  # names of products and formats: WebP, WhatsApp, iCalendar
        if bare.lower() in allowed or bare.lower() in NAMES:
            continue
        words.append(bare)
    return words


def page_findings(browser_page, allowed: set[str]) -> list[str]:
    findings = []
    for item in browser_page.evaluate(VISIBLE_TEXTS, [CONTENT_SELECTORS, ISOLATED]):
        words = english_words(item["text"], allowed)
        if words:
            findings.append(f"{item['where']}: {' '.join(words)}  «{item['text'][:80]}»")
    return findings


def words_of_objects_shown(path: str) -> set[str]:
    """On an admin change page the object's own name is content (its heading, breadcrumbs)."""
    from django.urls import resolve
    from django.utils import translation

    # `/ar/…` resolves only while Arabic is active (as LocaleMiddleware makes it), whatever
    # an earlier test left active in this thread.
    with translation.override(translation.get_language_from_path(path) or "ar"):
        match = resolve(path)
    model_admin = getattr(match.func, "model_admin", None)
    object_id = match.kwargs.get("object_id")
    if model_admin is None or object_id is None:
        return set()
    obj = model_admin.model.objects.filter(pk=object_id).first()
    return {word.lower() for word in LETTERS.findall(str(obj))} if obj else set()


def check(chromium, url: str, path: str, cookies: list[dict], report_name: str, output) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(cookies)
    browser_page = context.new_page()
    try:
        response = browser_page.goto(url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        # The page itself, not a sign-in or confirmation page it sent the browser to.
        assert urlsplit(browser_page.url).path == urlsplit(path).path, browser_page.url
        browser_page.wait_for_load_state("load")
        # What the person typed (a search) is theirs, shown back to them.
        typed = {word.lower() for word in LETTERS.findall(urlsplit(path).query)}
        allowed = words_of_objects_shown(urlsplit(path).path) | typed
        findings = page_findings(browser_page, allowed)
    finally:
        context.close()
    report = output / "english-in-arabic" / f"{report_name}.json"
    report.parent.mkdir(exist_ok=True)
    report.write_text(json.dumps(findings, indent=2, ensure_ascii=False))
    assert not findings, f"English words on the Arabic page {path}:\n" + "\n".join(findings)


def test_english_words_are_found():
    """The check itself: it finds English words and lets names and codes through."""
    assert english_words("Choose all sectors", set()) == ["Choose", "all", "sectors"]
    assert (
        english_words("اختر someone@example.org https://a.example/x https:// C000123 PDF", set())
        == []
    )
    assert english_words("مثل Komîna Jinên Cizîrê (CSV/XLSX) WebP", set()) == []
    assert english_words("تعديل Solidarity Network", {"solidarity", "network"}) == []


@pytest.mark.parametrize("key_page", KEY_PAGES, ids=[page.name for page in KEY_PAGES])
def test_no_english_on_arabic_key_pages(key_page, quality_site, chromium, quality_output):
    path = key_page.path("ar")
    check(
        chromium, quality_site.url, path, quality_site.session_cookie(key_page),
        f"key-{key_page.name}", quality_output,
    )  # fmt: skip


def test_no_english_on_arabic_signed_in_and_staff_pages(quality_site, chromium, quality_output):
    cookies = session_cookies(quality_superuser("ar"), quality_site.url)
    failures = []
    for page in signed_in_pages("ar"):
        try:
            check(chromium, quality_site.url, page.path, cookies, page.name, quality_output)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("label", admin_models())
def test_no_english_on_arabic_admin_pages(label, quality_site, chromium, quality_output):
    cookies = session_cookies(quality_superuser("ar"), quality_site.url)
    failures = []
    for page in admin_pages_of(label):
        try:
            check(chromium, quality_site.url, page.path, cookies, page.name, quality_output)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("page", ADMIN_EXTRA_PAGES, ids=[page.name for page in ADMIN_EXTRA_PAGES])
def test_no_english_on_arabic_admin_index_and_tools(page, quality_site, chromium, quality_output):
    cookies = session_cookies(quality_superuser("ar"), quality_site.url)
    check(chromium, quality_site.url, page.path, cookies, page.name, quality_output)


def test_no_english_on_arabic_partner_import_progress_and_preview(
    quality_site, chromium, quality_output
):
    """The import's pages exist only for an upload of one's own: the progress page while
    the job waits, then the preview it made."""
    from partners.models import OrganizationImport
    from partners.services import organization_import_preview_make

    user = quality_superuser("ar")
    upload = OrganizationImport.objects.create(
        uploader=user, language="ar", file_format="csv", rows_total=2,
        content="name_ar,name_en\nتعاونية نساء عامودا,\n,Amuda Women Cooperative\n".encode(),
    )  # fmt: skip
    cookies = session_cookies(user, quality_site.url)
    path = f"/admin/partners/organization/import/{upload.pk}/"
    check(
        chromium, quality_site.url, path, cookies, "admin-partners-import-progress", quality_output
    )
    organization_import_preview_make(import_id=upload.pk)
    check(
        chromium, quality_site.url, path, cookies, "admin-partners-import-preview", quality_output
    )
