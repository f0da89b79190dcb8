"""Arabic text normalization for search: one function, used for documents and queries.

PostgreSQL's `arabic` stemmer folds some letter variants but not all (ى/ي stem apart),
and users type the same word many ways. Before indexing and before querying we fold:
أ إ آ ٱ → ا, ة → ه, ى → ي, remove diacritics (U+064B–U+065F, U+0670) and tatweel, and turn
Arabic-Indic and Persian digits into ASCII digits. Latin text passes through unchanged.
"""

import re
import unicodedata

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ـ": None,  # tatweel
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # ٠-٩
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # ۰-۹
    }
)
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
# Every other character is kept, one for one: what highlighting relies on.
_KEPT = re.compile("[^\u064b-\u065f\u0670\u0640]")


# The same folding letter by letter: str.translate looks every character of the text up
# in _LETTERS (~50 ns each, 0.13 ms for a search snippet's text); a replace() scans in
# C, and no letter folds into one that is folded in turn.
_FOLDED_LETTERS = tuple((chr(code), folded or "") for code, folded in _LETTERS.items())


def normalize_arabic(text: str) -> str:
    if not text:
        return ""
    for letter, folded in _FOLDED_LETTERS:
        if letter in text:
            text = text.replace(letter, folded)
    return _DIACRITICS.sub("", text)


def normalize_arabic_with_positions(text: str) -> tuple[str, list[int]]:
    """normalize_arabic(text) and, for each of its characters, where it came from in
    `text`: normalization only deletes characters (diacritics, tatweel) or replaces one
    by one."""
    normalized = normalize_arabic(text)
    if len(normalized) == len(text):
        return normalized, list(range(len(text)))
    return normalized, [match.start() for match in _KEPT.finditer(text)]


_WORDS = re.compile(r"[^\W_]+")


def fold_accents(text: str) -> str:
    """Lower case without Latin accents: "Komîna Jinên" → "komina jinen"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_for_search(text: str) -> str:
    """The words of `text`, normalized, accents and case folded, one space apart:
    how the search compares text where no database index does it ("Deir ez-Zor" →
    "deir ez zor", «الرقة» → «الرقه», "Qamişlo" → "qamislo")."""
    return " ".join(_WORDS.findall(fold_accents(normalize_arabic(text))))
