"""An editor writes and formats an article with an image in the rich-text editor, saves,
opens its history and restores yesterday's version — in Arabic and in English, without
a single Content-Security-Policy violation.

Screenshots of the editor in both directions go to test-output/editor/."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from reversion import create_revision, set_comment, set_date_created, set_user

from diplomacy.accounts import roles
from diplomacy.translation.models import TranslationJob
from publications.models import Publication, PublicationImage
from tests.conftest import OUTPUT
from tests.journeys import staff_browser
from tests.journeys.browser import fonts_drawing_the_text
from tests.journeys.staff_browser import show_field

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
browser_as, staff_member = staff_browser.browser_as, staff_browser.staff_member

SCREENSHOTS = OUTPUT / "editor"
OTHER = {"ar": "en", "en": "ar"}
TEXTS = {
    "ar": {
        "title": "المياه في قامشلو",
        "yesterday": "<p>نص الأمس عن مياه الشرب في الأحياء.</p>",
        "this_morning": "<p>مسودة الصباح التي لم تنجح.</p>",
        "heading": "ما تغيّر هذا العام",
        "paragraph": "وصلت المياه إلى أحياء جديدة بمساعدة Berlin",
        "item": "محطة ضخ جديدة",
        "bold_word": "جديدة",
        "alt": "محطة ضخ المياه في الحي الغربي",
        "bold_button": "عريض",
        "image_button": "إدراج صورة من صور المنشور",
        "restore": "استعادة هذه النسخة",
        "headings": ["عنوان من المستوى 2", "عنوان من المستوى 3", "عنوان من المستوى 4", "فقرة"],
    },
    "en": {
        "title": "Water in Qamishlo",
        "yesterday": "<p>Yesterday's text on drinking water in the neighborhoods.</p>",
        "this_morning": "<p>This morning's draft that did not work out.</p>",
        "heading": "What changed this year",
        "paragraph": "Water reached new neighborhoods with help from Berlin",
        "item": "A pumping station, brand new",
        "bold_word": "new",
        "alt": "The water pumping station in the western quarter",
        "bold_button": "bold",
        "image_button": "insert an image",
        "restore": "Restore this version",
        "headings": ["Heading 2", "Heading 3", "Heading 4", "Paragraph"],
    },
}
WATCH_EDITORS_AND_VIOLATIONS = """
window.__editors = {};
window.__cspViolations = [];
document.addEventListener('prose-editor:ready', event => {
  window.__editors[event.detail.textarea.id] = event.detail.editor;
});
document.addEventListener('securitypolicyviolation', event => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || 'inline'}`);
});
"""


def png(color=(30, 120, 200)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (320, 200), color).save(output, "PNG")
    return output.getvalue()


def article_with_history(language: str, author) -> tuple[Publication, int]:
    """An article with an uploaded image, written yesterday and spoiled this morning;
    the id of yesterday's version."""
    texts = TEXTS[language]
    publication = Publication(
        original_language=language,
        publication_date=datetime.date.today(),
        **{f"title_{language}": texts["title"], f"body_{language}": texts["yesterday"]},
    )
    with create_revision():
        publication.save()
        set_user(author)
        set_date_created(timezone.now() - datetime.timedelta(days=1))
    image = PublicationImage(publication=publication, **{f"alt_{language}": texts["alt"]})
    image.image.save("pumping-station.png", ContentFile(png()), save=True)
    with create_revision():
        setattr(publication, f"body_{language}", texts["this_morning"])
        publication.save()
        set_user(author)
        set_comment("")
    from reversion.models import Version

    yesterday = Version.objects.get_for_object(publication).order_by("pk").first()
    return publication, yesterday.pk


def editor_surface(page, language: str):
    return page.locator(f".prose-editor:has(#id_body_{language}) .ProseMirror[contenteditable]")


def menu_button(page, language: str, title: str):
    return page.locator(f".prose-editor:has(#id_body_{language}) [title='{title}']")


def write_formatted_article(page, language: str) -> None:
    """Replace the body as a person does: a heading, a paragraph with a bold word, a
    list, and an image from the publication's own uploads with its description."""
    texts = TEXTS[language]
    show_field(page, f"id_title_{language}")
    surface = editor_surface(page, language)
    surface.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(f"## {texts['heading']}")
    page.keyboard.press("Enter")
    page.keyboard.type(texts["paragraph"])
    page.keyboard.press("Enter")
    page.keyboard.type(f"- {texts['item']}")
    # Select the item's last word as a person does (the arrow keys move visually: the
    # word before the caret is to the right in Arabic), and make it bold from the menu.
    backwards = "ArrowRight" if language == "ar" else "ArrowLeft"
    page.keyboard.press(f"ControlOrMeta+Shift+{backwards}")
    page.wait_for_function(
        "word => window.getSelection().toString().trim() === word", arg=texts["bold_word"]
    )
    menu_button(page, language, texts["bold_button"]).click()
    surface.locator("strong", has_text=texts["bold_word"]).wait_for()
    # Leave the bold word by the keyboard. The editor takes a moved caret over on the next
    # selectionchange event: an Enter pressed before that would replace the selected word.
    page.keyboard.press("End")
    page.wait_for_function("() => window.getSelection().isCollapsed")
    page.wait_for_timeout(500)
    page.keyboard.press("ControlOrMeta+End")
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    menu_button(page, language, texts["image_button"]).click()
    dialog = page.locator("dialog.rich-text-image-dialog")
    dialog.locator("input[name=src]").first.check()
    alt = dialog.locator("input[name=alt]")
    assert alt.input_value() == texts["alt"]  # the description in the field's language
    assert alt.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    dialog.locator("button[value=insert]").click()
    assert surface.locator("img").count() == 1


def icon_fonts(page, toolbar: str) -> set[str]:
    """The fonts that draw the toolbar's icons and symbols (the heading buttons' level
    number aside: a digit, in the admin's own font)."""
    icons = f"{toolbar} .prose-menubar__selected, {toolbar} .material-icons"
    return set(fonts_drawing_the_text(page, f":is({icons}):not(.prose-menubar__button--heading)"))


def check_every_toolbar_glyph_is_drawn(page, language: str) -> None:
    """Every icon and symbol of the toolbar, the block-type menu's arrow included, is
    drawn by the editor's own icon font: a web font draws only the characters it has, so
    any other font there is a system fallback, and the empty box seen before. The menu
    opens on the heading levels and the paragraph, named in the admin's language."""
    toolbar = f".prose-editor:has(#id_body_{language}) .prose-menubar"
    page.evaluate("document.fonts.ready")
    assert icon_fonts(page, toolbar) == {"Material Icons"}
    editor_surface(page, language).locator("h2").click()
    selected = page.locator(f"{toolbar} .prose-menubar__selected")
    heading = selected.locator(".prose-menubar__button--heading")
    assert heading.get_attribute("aria-label") == TEXTS[language]["headings"][0]
    assert heading.text_content() == chr(0xE264)  # the "title" icon, not its English name
    selected.click()
    picker = page.locator(f"{toolbar} .prose-menubar__picker")
    picker.locator(".prose-menubar__option").first.wait_for()
    assert picker.locator(".prose-menubar__option").all_inner_texts() == TEXTS[language]["headings"]
    assert icon_fonts(page, toolbar) == {"Material Icons"}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"editor-headings-menu-{language}-1280.png")
    page.keyboard.press("Escape")
    page.wait_for_function(
        "picker => !picker.matches(':popover-open')", arg=picker.element_handle()
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_editor_writes_formats_saves_and_restores_yesterdays_version(
    demo_content, live_server, browser_as, staff_member, language
):
    texts = TEXTS[language]
    editor_user = staff_member(roles.EDITORS, language=language)
    publication, yesterday_id = article_with_history(language, editor_user)
    page = browser_as(editor_user, language=language)
    page.context.add_init_script(WATCH_EDITORS_AND_VIOLATIONS)
    console_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and console_violations.append(message.text)
        ),
    )
    page.goto(f"{live_server.url}/admin/publications/publication/{publication.pk}/change/")
    page.wait_for_function("Object.keys(window.__editors).length >= 2")

    # Each field writes in its own language's direction, whatever the admin's language.
    for field_language in ("ar", "en"):
        show_field(page, f"id_title_{field_language}")
        surface = editor_surface(page, field_language)
        expected = "rtl" if field_language == "ar" else "ltr"
        assert surface.get_attribute("dir") == expected
        assert surface.evaluate("element => getComputedStyle(element).direction") == expected
    assert page.locator("html").get_attribute("lang") == language

    write_formatted_article(page, language)
    check_every_toolbar_glyph_is_drawn(page, language)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(f".prose-editor:has(#id_body_{language})").evaluate(
            "element => element.closest('.form-row').scrollIntoView({block: 'start'})"
        )
        page.screenshot(path=SCREENSHOTS / f"editor-{language}-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("input[name='_save']").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1

    publication.refresh_from_db()
    body = getattr(publication, f"body_{language}")
    image = publication.images.get()
    assert f"<h2>{texts['heading']}</h2>" in body
    assert f"<strong>{texts['bold_word']}</strong>" in body
    assert "<ul><li>" in body
    assert f'<img src="{image.image.url}" alt="{texts["alt"]}">' in body

    # The history shows who changed what, and restores yesterday's version.
    page.goto(f"{live_server.url}/admin/publications/publication/{publication.pk}/change/")
    page.locator("a.historylink").click()
    latest = page.locator("li.revision").first
    assert latest.locator("ins", has_text=texts["heading"].split()[0]).count() >= 1
    yesterday = page.locator(f"#version-{yesterday_id}")
    yesterday.get_by_role("button", name=texts["restore"]).click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1
    page.screenshot(path=SCREENSHOTS / f"history-{language}-1280.png", full_page=True)

    publication.refresh_from_db()
    assert getattr(publication, f"body_{language}") == texts["yesterday"]
    # The translation job of the other language sees the restored text as its source.
    job = TranslationJob.objects.get(object_id=str(publication.pk), target_language=OTHER[language])
    assert job.source_texts["body"] == texts["yesterday"]
    assert page.evaluate("window.__cspViolations") == []
    assert console_violations == []


def test_without_javascript_the_body_is_a_plain_textarea(
    demo_content, live_server, chromium, staff_member
):
    editor_user = staff_member(roles.EDITORS, language="en")
    publication = Publication.objects.exclude(body_en="").order_by("pk").first()
    context = chromium.new_context(java_script_enabled=False)
    context.add_cookies(staff_browser.signed_in_cookies(editor_user, live_server.url, "en"))
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/publications/publication/{publication.pk}/change/")
        textarea = page.locator("#id_body_en")
        assert textarea.is_visible()
        assert page.locator(".ProseMirror").count() == 0
        textarea.fill("<p>Typed as <strong>HTML</strong>.</p>")
        page.locator("input[name='_save']").click()
        page.wait_for_load_state()
    finally:
        context.close()
    publication.refresh_from_db()
    assert publication.body_en == "<p>Typed as <strong>HTML</strong>.</p>"
