"""An editor writes an article in the admin, a translator translates it in the
workspace, the editor publishes both languages, and a visitor reads it in both.

Run twice: in Arabic (the staff's interface in Arabic, an Arabic original translated
into English) and in English (interface in English, an English original translated into
Arabic)."""

import datetime
import re

import pytest

from diplomacy.accounts import roles
from publications.models import Publication
from tests.journeys import staff_browser
from tests.journeys.staff_browser import fill_translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The staff journeys' fixtures (tests/journeys/staff_browser.py), made visible here.
browser_as, staff_member, screenshots = (
    staff_browser.browser_as,
    staff_browser.staff_member,
    staff_browser.screenshots,
)

ARTICLES = {
    "ar": {
        "title": "ورشة في قامشلو حول مياه الشرب",
        "summary": "لقاء مع فرق البلدية.",
        "body": "ناقش المشاركون توزيع مياه الشرب في الأحياء.",
    },
    "en": {
        "title": "A workshop in Qamishlo on drinking water",
        "summary": "A meeting with the municipal teams.",
        "body": "The participants discussed how drinking water reaches every neighborhood.",
    },
}
OTHER = {"ar": "en", "en": "ar"}


def run_admin_action(page, live_url: str, titles: tuple[str, ...], action: str) -> str:
    """Tick the publication in the admin list (shown by its Arabic title once it has
    one), choose an action, press Go; the message it gives."""
    page.goto(f"{live_url}/admin/publications/publication/")
    shown_as = re.compile("|".join(re.escape(title) for title in titles))
    row = page.locator("#result_list tbody tr").filter(has_text=shown_as)
    row.locator("input[name='_selected_action']").check()
    page.select_option("select[name='action']", action)
    page.locator("button[name='index']").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .error").count() == 0, page.locator(
        ".messagelist"
    ).inner_text()
    return page.locator(".messagelist").inner_text()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_article_written_translated_and_published_in_both_languages(
    demo_content, live_server, browser_as, staff_member, screenshots, language
):
    source, target = language, OTHER[language]
    original, translated = ARTICLES[source], ARTICLES[target]
    titles = (original["title"], translated["title"])
    editor = browser_as(staff_member(roles.EDITORS, language=language), language=language)

    # The editor writes the article in the admin, in its original language.
    editor.goto(f"{live_server.url}/admin/publications/publication/add/")
    editor.select_option("#id_kind", "article")
    editor.select_option("#id_original_language", source)
    editor.fill("#id_publication_date", datetime.date.today().isoformat())
    fill_translated(
        editor, {f"id_{field}_{source}": original[field] for field in ("title", "summary", "body")}
    )
    screenshots(editor, "editor-writes")
    editor.locator("input[name='_save']").click()
    editor.wait_for_load_state()
    assert editor.locator(".messagelist .success").count() == 1
    publication = Publication.objects.get(**{f"title_{source}": original["title"]})

    # ... sends it for review and publishes it.
    run_admin_action(editor, live_server.url, titles, f"publication_submit_for_review_{source}")
    run_admin_action(editor, live_server.url, titles, f"publication_publish_{source}")

    # The translator finds the job in the workspace queue and translates every segment.
    translator = browser_as(staff_member(roles.TRANSLATORS, language=language), language=language)
    translator.goto(f"{live_server.url}/{language}/staff/translation/")
    translator.get_by_role("link", name=original["title"]).first.click()
    translator.wait_for_load_state()
    assert translator.locator("h1").inner_text().startswith(original["title"])
    rows = translator.locator(".segment-editor tbody tr")
    assert rows.count() == 3
    for index in range(rows.count()):
        row = rows.nth(index)
        source_text = row.locator(".segment-source").inner_text()
        field = next(name for name, text in original.items() if text in source_text)
        row.locator("textarea").fill(translated[field])
        row.locator("input[type='checkbox']").check()
    screenshots(translator, "translator-fills")
    translator.locator("button[name='approve']").click()
    translator.wait_for_load_state()
    assert translator.url.endswith(f"/{language}/staff/translation/")
    assert translator.locator(".messages, .messagelist, [role='status']").count() >= 1
    publication.refresh_from_db()
    assert getattr(publication, f"title_{target}") == translated["title"]

    # The editor publishes the translation (in review after approval when needed).
    if publication.state_in(target) == Publication.State.DRAFT:
        run_admin_action(editor, live_server.url, titles, f"publication_submit_for_review_{target}")
    run_admin_action(editor, live_server.url, titles, f"publication_publish_{target}")
    publication.refresh_from_db()
    assert publication.state_in(source) == publication.state_in(target) == "published"

    # A visitor finds it in both languages' lists and reads it.
    visitor = browser_as(None, language=language)
    for shown, article in ((source, original), (target, translated)):
        visitor.goto(f"{live_server.url}/{shown}/publications/")
        visitor.get_by_role("link", name=article["title"]).first.click()
        visitor.wait_for_load_state()
        assert visitor.locator("h1").inner_text() == article["title"]
        assert article["body"] in visitor.locator("main").inner_text()
        assert re.search(rf"/{shown}/publications/", visitor.url)
        screenshots(visitor, f"visitor-reads-{shown}")
