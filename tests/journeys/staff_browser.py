"""Fixtures and admin helpers of the staff journeys (test_staff_*.py import them; a
module rather than conftest.py, which the other journeys own).

Journeys in a real browser: each staff member, participant or visitor in their own
browser context, moving by clicks and typing; screenshots at 390 and 1280 px go to
test-output/journeys/.

Staff are signed in by a session cookie made with force_login and put into their
browser: signing in (and the second factor staff must use) is tested on its own, and
these journeys are about the work that follows."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from tests.conftest import OUTPUT
from tests.factories import StaffFactory

JOURNEYS = OUTPUT / "journeys"
WIDTHS = (390, 1280)


def signed_in_cookies(user, url: str, language: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url},
    ]


@pytest.fixture
def staff_member(db) -> Callable:
    """A staff member of one role (a group of diplomacy/accounts/roles.py)."""

    def make(role: str, *, language: str):
        user = StaffFactory(preferred_language=language, first_name=role, last_name="Journey")
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def browser_as(chromium, live_server) -> Iterator[Callable]:
    """browser_as(user or None, language) → a page in a fresh browser context."""
    contexts = []

    def open_page(user=None, *, language: str):
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale=language)
        if user is not None:
            context.add_cookies(signed_in_cookies(user, live_server.url, language))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshots(request) -> Callable:
    """screenshots(page, "step") saves the page at 390 and 1280 px wide."""
    JOURNEYS.mkdir(parents=True, exist_ok=True)
    test_name = request.node.name.replace("[", "-").rstrip("]")

    def take(page, step: str) -> list[Path]:
        paths = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            path = JOURNEYS / f"{test_name}-{step}-{width}.png"
            page.screenshot(path=path, full_page=True)
            paths.append(path)
        page.set_viewport_size({"width": 1280, "height": 900})
        return paths

    return take


# --- The admin, as a person uses it ---------------------------------------------------


def show_field(page, field_id: str) -> None:
    """Open the language tab of a translated field in the admin, as a person clicks it."""
    field = page.locator(f"#{field_id}")
    if not field.is_visible():
        panel = field.evaluate("element => element.closest('.ui-tabs-panel').id")
        page.locator(f"a[href='#{panel}']").click()


def fill_translated(page, values: dict[str, str]) -> None:
    """Type into translated fields ({"id_title_ar": "…"}), opening each one's tab; a
    rich-text field is typed into its editor, as a person does."""
    for field_id, value in values.items():
        show_field(page, field_id)
        rich_text = page.locator(f".prose-editor:has(#{field_id}) .ProseMirror[contenteditable]")
        if rich_text.count():
            rich_text.click()
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.type(value)
        else:
            page.fill(f"#{field_id}", value)


def choose_first_option(page, select_id: str) -> str:
    """Choose the first real option of a select, as a person picks one; its value."""
    value = page.locator(f"#{select_id} option:not([value=''])").first.get_attribute("value")
    page.select_option(f"#{select_id}", value)
    return value


def save_in_admin(page) -> None:
    """Press Save and require the admin's success message (its errors fail the test)."""
    page.locator("input[name='_save']").click()
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist")
    assert errors.count() == 0, " | ".join(errors.all_inner_texts())
    assert page.locator(".messagelist .success").count() == 1
