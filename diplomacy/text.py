"""The readable text of a publication's rich-text body: for search documents, snippets
and reading time."""

import re
from html import unescape

import nh3

_SPACES = re.compile(r"\s+")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|tr|figcaption|dd|dt)>|<br\s*/?>", re.I)
WORDS_PER_MINUTE = 200


def html_to_text(html: str) -> str:
    """Plain text of sanitized HTML; block ends become spaces so words do not merge."""
    if not html:
        return ""
    spaced = _BLOCK_END.sub(" ", html)
    stripped = nh3.clean(spaced, tags=set(), attributes={}, strip_comments=True)
    return _SPACES.sub(" ", unescape(stripped)).strip()


def reading_minutes(html: str) -> int:
    words = len(html_to_text(html).split())
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0
