"""Sanitizing the rich text staff write, on save and again on output.

One allow-list for the whole portal: structure and emphasis, links and images, tables.
Anything else — scripts, styles, event handlers, `javascript:` URLs, unknown tags — is
removed by nh3 (the Rust ammonia sanitizer).

Images may only come from the portal itself (a path such as `/media/…`): an image from
another host would tell that host the address of every reader, and `data:` images are
outside the upload checks. Such an `<img>` is dropped whole.
"""

import re

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "blockquote", "pre", "code",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark", "bdi", "bdo", "span",
    "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"dir", "lang", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Browsers ignore these inside URLs ("/\t/evil" is "//evil").
URL_IGNORED_CHARACTERS = re.compile(r"[\t\n\r]")
# After nh3, attribute values are quoted and tags well formed.
IMAGE_WITHOUT_SOURCE = re.compile(r'<img\b(?![^>"]*(?:"[^"]*"[^>"]*)*\bsrc=)(?:[^>"]|"[^"]*")*>')
# The editor (diplomacy/rich_text_editor.py) puts the text of a list item or table cell
# in a paragraph; a lone paragraph there is written back as plain content, so a body
# opened in the editor and saved is the body it was.
LONE_PARAGRAPH_IN_ITEM = re.compile(
    r"<(li|td|th)((?:\s[^>]*)?)><p>((?:(?!</?p[\s>]).)*?)</p></\1>", re.DOTALL
)

# Whitespace between block elements shows nothing; the editor does not keep it, so
# neither does the sanitizer (a body saved from the editor is the body it opened).
BLOCK_TAGS = "p|h2|h3|h4|blockquote|pre|ul|ol|li|dl|dt|dd|hr|figure|figcaption|table|thead|tbody|tr|th|td|caption"
SPACE_BETWEEN_BLOCKS = re.compile(
    rf"(^|</?(?:{BLOCK_TAGS})\b[^>]*>)\s+(?=<(?:/?(?:{BLOCK_TAGS}))\b|$)"
)

WHITESPACE_RUN = re.compile(r"[ \t\r\n]{2,}|[\t\r\n]")


def image_source_on_portal(src: str) -> bool:
    """A path on the portal itself: `/media/…`, not `//host/…`, `/\\host/…`, `https:` or
    `data:` (relative paths without a scheme stay on the portal too)."""
    src = URL_IGNORED_CHARACTERS.sub("", src).strip()
    if src.startswith("/"):
        return src[1:2] not in ("/", "\\")
    return bool(src) and ":" not in src.split("/", 1)[0] and not src.startswith("\\")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not image_source_on_portal(value):
        return None
    if attribute in ("colspan", "rowspan") and value.strip() == "1":
        return None  # the default, which the editor writes on every cell
    return value


def sanitize_html(html: str) -> str:
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    if "<img" in cleaned:
        cleaned = IMAGE_WITHOUT_SOURCE.sub("", cleaned)
    if "<pre" not in cleaned:
        # Outside preformatted text a line break or a run of spaces shows as one space.
        cleaned = WHITESPACE_RUN.sub(" ", cleaned)
    cleaned = SPACE_BETWEEN_BLOCKS.sub(r"\1", cleaned)
    if "><p>" in cleaned:
        cleaned = LONE_PARAGRAPH_IN_ITEM.sub(r"<\1\2>\3</\1>", cleaned)
    return cleaned


def render_html(html: str) -> SafeString:
    """Sanitize again at output, so a row written around the model still renders safely."""
    return mark_safe(sanitize_html(html))  # noqa: S308 - cleaned by nh3 just above
