"""Reading a re-rendered form in a test: the errors listed under one field and what the
field still holds — so a test can say "the error is next to the field, the text kept"."""

import html
import re


def field_errors(page: str, field_id: str) -> list[str]:
    """The messages of the error list Django ties to the field (`<ul id="…_error">`)."""
    found = re.search(
        rf'<ul class="errorlist[^"]*" id="{re.escape(field_id)}_error">(.*?)</ul>', page, re.S
    )
    if not found:
        return []
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def field_value(page: str, field_id: str) -> str:
    """The text a textarea or input with this id holds in the page."""
    textarea = re.search(
        rf'<textarea[^>]*id="{re.escape(field_id)}"[^>]*>(.*?)</textarea>', page, re.S
    )
    if textarea:
        return html.unescape(textarea.group(1)).strip()
    tag = re.search(rf'<input[^>]*id="{re.escape(field_id)}"[^>]*>', page)
    if not tag:
        return ""
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def banner_messages(page: str) -> str:
    """The text of the flash messages at the top of the page (none should carry a form
    error)."""
    found = re.search(r'<ul class="messages".*?</ul>', page, re.S)
    return found.group(0) if found else ""
