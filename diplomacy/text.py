"""Plain text out of rich text, and a highlighted snippet of it: for search documents,
search results and reading time."""

import re
from html import unescape

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from diplomacy.arabic import normalize_arabic_with_positions
from diplomacy.arabic_analysis import word_spans
from diplomacy.lexicon.selectors import current_lexicon

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


def _normalized_with_positions(text: str) -> tuple[str, list[int]]:
    """normalize_arabic(text).lower() and, for each of its characters, where it came from
    in `text`."""
    normalized, positions = normalize_arabic_with_positions(text)
    lowered = normalized.lower()
    if len(lowered) == len(normalized):  # nearly always: lower case is one for one
        return lowered, positions
    characters, lowered_positions = [], []  # «İ» lowers to two characters
    for character, position in zip(normalized, positions, strict=True):
        for piece in character.lower():
            characters.append(piece)
            lowered_positions.append(position)
    return "".join(characters), lowered_positions


def stem_for_matching(term: str) -> str:
    # Match "meeting" for "meetings", like the stemmer does; Arabic words stay whole.
    if term.isascii() and len(term) > 5:
        for suffix in ("ings", "ing", "es", "ed", "s"):
            if term.endswith(suffix):
                return term[: -len(suffix)]
    return term


def highlight(text: str, terms: tuple[str, ...], *, length: int = 220) -> SafeString:
    """A window of `text` around the first match, escaped, with matches in <mark>.
    Works on the original text (not the normalized one), so readers see real spelling."""
    normalized, positions = _normalized_with_positions(text)
    spans: list[tuple[int, int]] = []
    for term in {stem_for_matching(term) for term in terms if term}:
        for match in re.finditer(re.escape(term), normalized):
            spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    # Whole words sharing a light stem with a term: «الوفود» for «وفد».
    for span_start, span_end in word_spans(current_lexicon(), normalized, terms):
        spans.append((positions[span_start], positions[span_end - 1] + 1))
    spans = sorted(set(spans))
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + length // 2)
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped
