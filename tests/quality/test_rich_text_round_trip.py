"""Every rich text the portal has opens in the editor and saves back unchanged: each
demo body of publications, pages and programs, in both languages, is loaded into
django-prose-editor in Chromium and what the editor would save, sanitized as the model
saves it, is the stored text itself."""

import pytest

from diplomacy.pages.models import Page
from diplomacy.richtext import sanitize_html
from programs.models import Program
from publications.models import Publication
from tests.journeys.staff_browser import signed_in_cookies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_EDITORS = """
window.__editors = {};
document.addEventListener('prose-editor:ready', event => {
  window.__editors[event.detail.textarea.id] = event.detail.editor;
});
"""
# What createTextareaEditor writes into the textarea: an empty document is "".
EDITOR_OUTPUT = """() => Object.fromEntries(Object.entries(window.__editors).map(
  ([id, editor]) => [id, editor.isEmpty ? "" : editor.getHTML()]))"""
RICH_TEXT = {Publication: "body", Page: "body", Program: "description"}


def rich_texts() -> list[tuple[str, str, dict[str, str]]]:
    """(label, admin change path, {textarea id: stored text}) of every demo object."""
    found = []
    for model, field in RICH_TEXT.items():
        meta = model._meta
        for obj in model.objects.order_by("pk"):
            stored = {
                f"id_{field}_{language}": getattr(obj, f"{field}_{language}") or ""
                for language in ("ar", "en")
            }
            path = f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"
            found.append((f"{meta.model_name} {obj.pk}", path, stored))
    return found


def first_difference(stored: str, saved: str) -> str:
    at = next(
        (index for index, pair in enumerate(zip(stored, saved)) if pair[0] != pair[1]),
        min(len(stored), len(saved)),
    )
    return (
        f"stored …{stored[max(0, at - 40) : at + 60]}… saved …{saved[max(0, at - 40) : at + 60]}…"
    )


def test_every_demo_body_round_trips_through_the_editor(demo_content, live_server, chromium):
    from tests.factories import StaffFactory

    admin = StaffFactory(is_superuser=True, preferred_language="ar")
    texts = rich_texts()
    assert sum(1 for _label, _path, stored in texts for text in stored.values() if text) >= 10
    context = chromium.new_context()
    context.add_cookies(signed_in_cookies(admin, live_server.url, "ar"))
    context.add_init_script(COLLECT_EDITORS)
    page = context.new_page()
    differences = []
    try:
        for label, path, stored in texts:
            page.goto(live_server.url + path)
            page.wait_for_function(f"Object.keys(window.__editors).length >= {len(stored)}")
            written = page.evaluate(EDITOR_OUTPUT)
            for field_id, text in stored.items():
                saved = sanitize_html(written[field_id])
                if saved != text:
                    differences.append((label, field_id, first_difference(text, saved)))
    finally:
        context.close()
    assert not differences, "\n".join(map(repr, differences))
