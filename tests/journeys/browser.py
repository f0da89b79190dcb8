"""What a person does in the browser during a journey: sign in by the form (or, for
staff, with a session made by `force_login` so the journey does not depend on how staff
prove their second factor), take screenshots at phone and desktop widths, and wait for
the email that reaches the SMTP server."""

import re
import time
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client

from tests.conftest import OUTPUT
from tests.factories import UserFactory
from tests.journeys.mail import Mail, in_language, mails_to

PASSWORD = "zaytun-w-sumac-2021"
SCREENSHOTS = OUTPUT / "journeys"
WIDTHS = (390, 1280)


def person(language: str, **kwargs):
    """Someone with a confirmed address who signs in with PASSWORD."""
    someone = UserFactory(preferred_language=language, password=PASSWORD, **kwargs)
    EmailAddress.objects.update_or_create(
        user=someone, email=someone.email, defaults={"verified": True, "primary": True}
    )
    return someone


def t(language: str, text: str, **values) -> str:
    """A text of the portal as a person reads it in `language`."""
    return in_language(language, text, **values)


def fill_sign_in_form(page, base: str, language: str, someone, password: str = PASSWORD) -> None:
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("input[name=login]", someone.email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()


def sign_in_by_form(page, base: str, language: str, someone) -> None:
    fill_sign_in_form(page, base, language, someone)
    page.wait_for_url(f"**/{language}/my/")


def staff_context(browser, base: str, member):
    """A second browser with the staff member's session (see the module's note)."""
    client = Client()
    client.force_login(member)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    return context


def snap(page, journey: str, step: str) -> list[Path]:
    """The page at a phone's and a desktop's width, in test-output/journeys/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    paths = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        path = SCREENSHOTS / f"{journey}-{step}-{width}.png"
        page.screenshot(path=path, full_page=True)
        paths.append(path)
    page.set_viewport_size(before)
    return paths


def wait_for_mail(inbox, email: str, subject: str, timeout: float = 30.0) -> Mail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [mail for mail in mails_to(inbox, email) if mail.subject == subject]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(
        f"no message {subject!r} to {email}; got {[m.subject for m in mails_to(inbox, email)]}"
    )


def fonts_drawing_the_text(page, selector: str = "body *") -> dict[str, set[str]]:
    """{font family: texts} of the fonts Chromium drew the text of the elements matching
    `selector` with (their ::before and ::after included), as the DevTools protocol
    reports them (a system font means a glyph our fonts lack)."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("DOM.enable")
    devtools.send("CSS.enable")
    document = devtools.send("DOM.getDocument", {"depth": -1})["root"]
    pseudo_elements: dict[int, list[int]] = {}
    unvisited = [document]
    while unvisited:
        node = unvisited.pop()
        pseudo_elements[node["nodeId"]] = [
            pseudo["nodeId"] for pseudo in node.get("pseudoElements", [])
        ]
        unvisited.extend(node.get("children", []))
    found: dict[str, set[str]] = {}
    chosen = devtools.send(
        "DOM.querySelectorAll", {"nodeId": document["nodeId"], "selector": selector}
    )
    for element_id in chosen["nodeIds"]:
        for node_id in [element_id, *pseudo_elements.get(element_id, [])]:
            fonts = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
            for font in fonts:
                key = f"{font['familyName']}{'' if font['isCustomFont'] else ' (system)'}"
                html = devtools.send("DOM.getOuterHTML", {"nodeId": element_id})["outerHTML"]
                found.setdefault(key, set()).add(re.sub(r"<[^>]+>", " ", html).strip()[:60])
    return found
