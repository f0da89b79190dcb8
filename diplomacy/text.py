"""Plain text out of rich text, and a highlighted snippet of it: for search documents,
search results and reading time."""

import re
from bisect import bisect_left
from html import escape, unescape

import nh3
from django.utils.safestring import SafeString, mark_safe

from diplomacy.arabic import normalize_arabic_with_positions
from diplomacy.arabic_analysis import WordMatcher
from diplomacy.lexicon.selectors import current_lexicon

_WORD_REST = re.compile(r"[^\W_]*")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|tr|figcaption|dd|dt)>|<br\s*/?>", re.I)
WORDS_PER_MINUTE = 200
# A snippet is first looked for in the text's opening, this many snippet lengths long.
OPENING_LENGTHS = 3


def html_to_text(html: str) -> str:
    """Plain text of sanitized HTML; block ends become spaces so words do not merge."""
    if not html:
        return ""
    spaced = _BLOCK_END.sub(" ", html)
    stripped = nh3.clean(spaced, tags=set(), attributes={}, strip_comments=True)
    # Whitespace runs made one space: split() and join() are five times faster than
    # a regular expression replacing each run (str.split and \s agree on whitespace).
    return " ".join(unescape(stripped).split())


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


def _word_end(text: str, index: int) -> int:
    """Where the word going on at `index` ends (`index` itself between words)."""
    match = _WORD_REST.match(text, index)
    return match.end() if match else index


def highlight(text: str, terms: tuple[str, ...], *, length: int = 220) -> SafeString:
    """A window of `text` around the first match, escaped, with matches in <mark>.
    Works on the original text (not the normalized one), so readers see real spelling.
    Matches are looked for in the window only, once its first one is found: a search
    page highlights a dozen texts of thousands of characters each (with Highlighter)."""
    return Highlighter(terms)(text, length=length)


class Highlighter:
    """highlight() for the texts of one search: what the terms need (their patterns,
    the words sharing a light stem with them) is worked out once, not per text."""

    def __init__(self, terms: tuple[str, ...]) -> None:
        stems = {stem_for_matching(term) for term in terms if term}
        self.patterns = [re.compile(re.escape(stem)) for stem in stems]
        self.longest = max(map(len, stems), default=0)
        # Whole words sharing a light stem with a term: «الوفود» for «وفد».
        self.words = WordMatcher(current_lexicon(), terms)

    def __call__(self, text: str, *, length: int = 220) -> SafeString:
        # Most texts match early: their opening is enough to place the window and mark
        # it, and normalizing only that is a third of the work for a search snippet.
        cut = text.find(" ", OPENING_LENGTHS * length)
        if cut > 0:
            snippet = self._window(text, text[:cut], length)
            if snippet is not None:
                return snippet
        snippet = self._window(text, text, length)
        assert snippet is not None  # the whole text always gives one
        return snippet

    def _window(self, text: str, opening: str, length: int) -> SafeString | None:
        """The snippet of `text`, worked out on `opening` (`text` itself, or `text` cut
        just before a space): None when the opening cannot tell what the whole text
        would give (no match in it, or one too close to its end, or a window past it).
        Normalization is letter by letter, so the opening's is the whole text's start."""
        normalized, positions = _normalized_with_positions(opening)
        whole = len(opening) == len(text)
        first = self._first_match(normalized)
        # A term running past the opening's end could start before a match found in it.
        if not whole and (first is None or first + self.longest > len(normalized)):
            return None
        start = 0
        if first is not None and positions[first] > length // 3:
            start = text.rfind(" ", 0, positions[first] - length // 3) + 1
        end = min(len(text), start + length)
        if end < len(text):
            end = max(text.rfind(" ", start, end), start + length // 2)
        # The window in the normalized text, to the end of the word it cuts (a word cut
        # short might look like a match: its end is past `end`, so it is not marked).
        from_index = bisect_left(positions, start)
        window_end = bisect_left(positions, end)
        if not whole and window_end >= len(normalized):
            return None
        to_index = _word_end(normalized, window_end)
        spans: list[tuple[int, int]] = []
        for pattern in self.patterns:
            for match in pattern.finditer(normalized, from_index, to_index):
                spans.append((positions[match.start()], positions[match.end() - 1] + 1))
        for span_start, span_end in self.words.spans(normalized, from_index, to_index):
            spans.append((positions[span_start], positions[span_end - 1] + 1))
        # html.escape: what django.utils.html.escape does, without its check for lazy text.
        pieces, cursor = [], start
        for span_start, span_end in sorted(set(spans)):
            if span_start < cursor or span_end > end:
                continue
            pieces.append(escape(text[cursor:span_start]))
            pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
            cursor = span_end
        pieces.append(escape(text[cursor:end]))
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped

    def _first_match(self, normalized: str) -> int | None:
        """Where in `normalized` the first match starts: of a term, or of a word sharing
        a light stem with one."""
        starts = [m.start() for pattern in self.patterns if (m := pattern.search(normalized))]
        # A word is looked for only before the first term (to the end of the word there).
        until = _word_end(normalized, min(starts)) if starts else len(normalized)
        first_word = next(self.words.spans(normalized, 0, until), None)
        if first_word is not None:
            starts.append(first_word[0])
        return min(starts, default=None)
