"""Splitting a text into segments (paragraphs, then sentences) and putting it back.

The text is cut into raw slices: everything that is not a segment — block-level tags,
comments, whitespace between sentences, runs without words — is kept verbatim as
"skeleton", so joining skeleton and segments gives back the input character for
character, and joining skeleton and translated segments keeps the HTML structure.
Inline markup (<strong>, <a href>, <bdi>…) stays inside its segment, where the
translator sees and keeps it. A sentence is only cut where no inline element is open,
so each segment of well-formed HTML is itself well-formed.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
        "script", "style",
    }
)  # fmt: skip
VOID_TAGS = frozenset({"img", "wbr", "input", "source", "track", "area", "col", "embed"})
TOKEN = re.compile(r"<!--.*?(?:-->|$)|<[^>]*(?:>|$)", re.DOTALL)
TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)")
WHITESPACE = re.compile(r"\s+")
SENTENCE_END = frozenset(".!?؟…۔")
CLOSERS = frozenset("\"'»”’)]")
LETTER = re.compile(r"[^\W\d_]")
# Words ending in a full stop that do not end a sentence.
ABBREVIATIONS = frozenset(
    {"e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "vs.", "prof."}
)


@dataclass(frozen=True)
class SegmentedText:
    # Skeleton strings and, in their place, the index of a segment.
    pieces: tuple[str | int, ...]
    segments: tuple[str, ...]

    def assemble(self, targets: Sequence[str]) -> str:
        if len(targets) != len(self.segments):
            raise ValueError(f"expected {len(self.segments)} segments, got {len(targets)}")
        return "".join(targets[piece] if isinstance(piece, int) else piece for piece in self.pieces)


def segment_text(text: str) -> SegmentedText:
    builder = _Builder(is_html=bool(TOKEN.search(text or "")))
    run: list[tuple[str, str]] = []
    for kind, raw in _tokens(text or ""):
        if kind == "text" or (kind == "tag" and _tag_name(raw) not in BLOCK_TAGS):
            run.append((kind, raw))
            continue
        builder.add_run(run)
        run = []
        builder.add_skeleton(raw)
    builder.add_run(run)
    return SegmentedText(pieces=tuple(builder.pieces), segments=tuple(builder.segments))


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    for match in TOKEN.finditer(text):
        if match.start() > position:
            tokens.append(("text", text[position : match.start()]))
        raw = match.group()
        tokens.append(("comment" if raw.startswith("<!") else "tag", raw))
        position = match.end()
    if position < len(text):
        tokens.append(("text", text[position:]))
    return tokens


def _tag_name(raw: str) -> str:
    match = TAG_NAME.match(raw)
    return match.group(1).lower() if match else ""


class _Builder:
    def __init__(self, *, is_html: bool) -> None:
        self.is_html = is_html
        self.pieces: list[str | int] = []
        self.segments: list[str] = []

    def add_skeleton(self, raw: str) -> None:
        if not raw:
            return
        if self.pieces and isinstance(self.pieces[-1], str):
            self.pieces[-1] += raw
        else:
            self.pieces.append(raw)

    def add_segment(self, raw: str) -> None:
        visible = TOKEN.sub("", raw)
        if not LETTER.search(visible):
            # Numbers, dates and punctuation alone are not translated.
            self.add_skeleton(raw)
            return
        self.pieces.append(len(self.segments))
        self.segments.append(raw)

    def add_run(self, run: list[tuple[str, str]]) -> None:
        """Cut a run of text and inline tags between two block boundaries into sentences."""
        raw = "".join(part for _kind, part in run)
        if not raw:
            return
        # For every character: is it text outside any inline element (None inside tags)?
        top_level: list[bool | None] = []
        depth = 0
        for kind, part in run:
            if kind == "text":
                top_level.extend([depth == 0] * len(part))
                continue
            top_level.extend([None] * len(part))
            name = _tag_name(part)
            if part.startswith("</"):
                depth = max(0, depth - 1)
            elif name and name not in VOID_TAGS and not part.endswith("/>"):
                depth += 1
        start = len(raw) - len(raw.lstrip())
        end = len(raw.rstrip())
        if start >= end:
            self.add_skeleton(raw)
            return
        self.add_skeleton(raw[:start])
        position = start
        for match in WHITESPACE.finditer(raw, start, end):
            if self._is_boundary(raw, top_level, match.start(), match.end()):
                self.add_segment(raw[position : match.start()])
                self.add_skeleton(match.group())
                position = match.end()
        self.add_segment(raw[position:end])
        self.add_skeleton(raw[end:])

    def _is_boundary(self, raw: str, top_level: list[bool | None], start: int, end: int) -> bool:
        if not all(top_level[start:end]):
            return False
        gap = raw[start:end]
        if "\n" in gap and (not self.is_html or gap.count("\n") > 1):
            # Lines of plain text, and blank lines in HTML, are paragraphs.
            return True
        before = _visible_before(raw, top_level, start)
        stripped = before.rstrip("".join(CLOSERS))
        if not stripped or stripped[-1] not in SENTENCE_END:
            return False
        word = stripped.split()[-1].lower() if stripped.split() else ""
        if word in ABBREVIATIONS or re.fullmatch(r"[^\W\d_]\.", word):
            return False
        following = _visible_after(raw, top_level, end)
        return not (following[:1].isascii() and following[:1].islower())


def _visible_before(raw: str, top_level: list[bool | None], index: int, limit: int = 40) -> str:
    chars: list[str] = []
    while index > 0 and len(chars) < limit:
        index -= 1
        if top_level[index] is not None:
            if raw[index].isspace() and chars:
                break
            chars.append(raw[index])
    return "".join(reversed(chars))


def _visible_after(raw: str, top_level: list[bool | None], index: int) -> str:
    while index < len(raw):
        if top_level[index] is not None:
            return raw[index]
        index += 1
    return ""


def markup_tags(fragment: str) -> list[str]:
    """The tag names of a segment, opening and closing (sorted): a translation must keep
    the same inline markup as its source, wherever it moves it."""
    tags = []
    for match in TOKEN.finditer(fragment or ""):
        raw = match.group()
        name = _tag_name(raw)
        if name:
            tags.append(f"/{name}" if raw.startswith("</") else name)
    return sorted(tags)
