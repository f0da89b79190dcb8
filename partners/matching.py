"""Text keys that let staff find an organization, and the portal spot a duplicate,
whatever script or spelling a name was written in.

- `search_text`: every name variant, normalized (diplomacy.arabic.normalize_arabic,
  lower case, Latin accents folded: "Cizîrê" → "cizire"), for full-text and trigram search.
- `name_keys`: a consonant skeleton per name variant, comparable across scripts. The
  Arabic "جمعية نساء الجزيرة" and its transliteration "Jamiyat Nisa al-Jazira" both give
  about "jm ns jzr": Arabic writes long vowels as و/ي/ا and Latin writes all vowels, so
  vowels and w/y are dropped, the article is removed, letters that scripts spell
  differently (q/k, kh/x/h, sh/ch/s, zh/j/c) are folded together.
"""

import re
from collections.abc import Callable, Iterable

import numpy
from anyascii import anyascii
from rapidfuzz import fuzz, process

from diplomacy.arabic import fold_accents, normalize_arabic
from diplomacy.gazetteer import canonical_place_words

# Similar enough to warn (rapidfuzz's normalized similarity, 0–100); checked on realistic
# pairs in tests/partners/test_matching.py.
DUPLICATE_SCORE = 80
# Names compared against all keys at once per block: a block × keys matrix of bytes.
BLOCK_ROWS = 500

_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_ARABIC_ARTICLE = re.compile(r"^(?:و?ال|لل)(?=\w{2,})")
_LATIN_ARTICLE = re.compile(r"\b(?:al|el|ul|an|as|ad|ar|at|ash|az)-", re.IGNORECASE)
_DIGRAPHS = [
    ("sch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("kh", "h"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("zh", "j"),
    ("dj", "j"),
    ("ph", "f"),
    ("ck", "k"),
]
_LETTERS = str.maketrans({"q": "k", "c": "j", "x": "h", "v": "f", "p": "b", "z": "z"})
_DROPPED = re.compile(r"[aeiouyw'`’ʿʾ]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"(.)\1+")


def fold_latin(text: str) -> str:
    """Lower case without accents: "Komîna Jinên" → "komina jinen"."""
    return fold_accents(text)


def search_words(*names: str) -> str:
    """Every name normalized for search, each word once, in a stable order."""
    words: list[str] = []
    for name in names:
        if not name:
            continue
        for variant in (normalize_arabic(name).casefold(), fold_latin(normalize_arabic(name))):
            for word in re.findall(r"\w+", variant):
                if word not in words:
                    words.append(word)
    return " ".join(words)


def search_query_text(query: str) -> str:
    """A query in the form of `search_words`' folded variant (present for every word)."""
    return " ".join(re.findall(r"\w+", fold_latin(normalize_arabic(query or ""))))


def _word_skeleton(word: str) -> str:
    if _ARABIC_LETTER.search(word):
        word = _ARABIC_ARTICLE.sub("", word)
    text = fold_latin(anyascii(word))
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(_LETTERS)
    text = _NOT_WORD.sub("", _DROPPED.sub("", text))
    # Arabic ة is transliterated as a final h that Latin spellings leave out.
    if len(text) > 2 and text.endswith("h"):
        text = text[:-1]
    return _REPEATS.sub(r"\1", text)


def name_skeleton(name: str) -> str:
    """A consonant skeleton of one name, comparable across Arabic, Kurdish and Latin."""
    name = _LATIN_ARTICLE.sub(" ", normalize_arabic(name or ""))
    # A place is written one way first, so «عين العرب» and "Kobane" give one skeleton.
    words = canonical_place_words(re.findall(r"[\w'’`]+", name))
    words = [_word_skeleton(word) for word in words]
    return " ".join(word for word in words if word)


def name_keys(*names: str) -> str:
    keys: list[str] = []
    for name in names:
        key = name_skeleton(name)
        if len(key.replace(" ", "")) >= 3 and key not in keys:
            keys.append(key)
    return " | ".join(keys)


def split_keys(keys: str) -> list[str]:
    return [key for key in keys.split(" | ") if key]


def keys_similar(keys_a: str, keys_b: str) -> bool:
    """True when any name variant of one is close to any name variant of the other."""
    return any(
        fuzz.ratio(key_a, key_b, score_cutoff=DUPLICATE_SCORE)
        for key_a in split_keys(keys_a)
        for key_b in split_keys(keys_b)
    )


class SimilarNames:
    """Many names against many at once (an import of thousands of rows against every
    organization): rapidfuzz compares a block of keys with all known keys in C, instead
    of one Python comparison per pair."""

    def __init__(self, owners_and_keys: Iterable[tuple[int, str]]) -> None:
        self.owners: list[int] = []
        self.keys: list[str] = []
        for owner, keys in owners_and_keys:
            for key in split_keys(keys):
                self.owners.append(owner)
                self.keys.append(key)

    def matches(
        self, all_keys: list[str], *, progress: Callable[[int], None] | None = None
    ) -> list[list[tuple[int, float]]]:
        """For each entry of `all_keys` (a `name_keys` value), the owners with a similar
        key and their best score, the closest first. `progress(done)` after each block."""
        found: list[list[tuple[int, float]]] = []
        for start in range(0, len(all_keys), BLOCK_ROWS):
            block = all_keys[start : start + BLOCK_ROWS]
            found.extend(self._block_matches(block))
            if progress is not None:
                progress(start + len(block))
        return found

    def _block_matches(self, block: list[str]) -> list[list[tuple[int, float]]]:
        entries = [split_keys(keys) for keys in block]
        flat = [key for keys in entries for key in keys]
        scores = numpy.zeros((0, 0), dtype=numpy.uint8)
        if flat and self.keys:
            scores = process.cdist(
                flat, self.keys, scorer=fuzz.ratio, score_cutoff=DUPLICATE_SCORE,
                dtype=numpy.uint8,
            )  # fmt: skip
        found, row = [], 0
        for keys in entries:
            best: dict[int, float] = {}
            for index in range(row, row + len(keys)):
                for column in numpy.flatnonzero(scores[index]):
                    owner = self.owners[column]
                    best[owner] = max(best.get(owner, 0), float(scores[index, column]))
            row += len(keys)
            found.append(sorted(best.items(), key=lambda item: -item[1]))
        return found


def website_domain(url: str) -> str:
    """ "https://www.Example.org/about" → "example.org"."""
    if not url:
        return ""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().casefold()).split("/")[0]
    host = host.split("@")[-1].split(":")[0]
    return host.removeprefix("www.")
