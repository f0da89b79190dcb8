"""Reading a re-rendered form in a test: the errors listed under one field and what the
field still holds — so a test can say "the error is next to the field, the text kept"."""

import html
import re
from html.parser import HTMLParser


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


class _FormFields(HTMLParser):
    """The fields of one form of a page, with the values the page shows — what a browser
    would post if the person clicked save without changing anything."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            # A browser posts "on" for a checked box without a value, "" for an empty field.
            missing = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value", missing))
        elif tag == "textarea":
            self.textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select":
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_data(page: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormFields(form_id)
    parser.feed(page)
    return {name: values for name, values in parser.data.items() if values}


def add_inline_row(data: dict, prefix: str, values: dict) -> int:
    """A new row of an inline formset, as the admin's "add another" would make it."""
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for key, value in list(data.items()):
        if key.startswith(f"{prefix}-__prefix__-"):
            data[key.replace("__prefix__", str(index))] = value
    for key, value in values.items():
        data[f"{prefix}-{index}-{key}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    return index
