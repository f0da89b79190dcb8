"""Text keys that let staff find an organization, and the portal spot a duplicate,
whatever script or spelling a name was written in.

- `search_text`: every name variant, normalized (diplomacy.arabic.normalize_arabic,
  lower case, Latin accents folded: "Cizîrê" → "cizire"), for full-text and trigram search.
- `latin_words`, `non_latin_words`: `search_text` halved by script for the close
  (misspelled) match (`words_by_script`).
- `name_keys`: a consonant skeleton per name variant, comparable across scripts. The
  Arabic "جمعية نساء الجزيرة" and its transliteration "Jamiyat Nisa al-Jazira" both give
  about "jm ns jzr": Arabic writes long vowels as و/ي/ا and Latin writes all vowels, so
  vowels and w/y are dropped, the article is removed, letters that scripts spell
  differently (q/k, kh/x/h, sh/ch/s, zh/j/c) are folded together.
"""

import re
from collections.abc import Iterable

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


def search_words(*names: str | None) -> str:
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


# A letter of the Latin script, with or without accents ("a", "î", "ş", "ẓ").
_LATIN_LETTER = re.compile("[a-z\u00c0-\u024f\u1e00-\u1eff]", re.IGNORECASE)


def words_by_script(text: str) -> tuple[str, str]:
    """The words of `text` (`search_words` or `search_query_text`) in plain Latin letters
    and digits, and those with no Latin letter at all (Arabic, Syriac...), each in order.

    The close match compares a query with the words of its own script only: a trigram of
    one script never equals one of another, and PostgreSQL's word_similarity costs as
    much per word it reads (half the time of a misspelled search went to the other
    script). Numbers are in both halves. Words in accented Latin letters are in neither:
    a query is folded, and `search_words` holds their folded form too."""
    words = text.split()
    latin = [word for word in words if word.isascii()]
    non_latin = [word for word in words if not _LATIN_LETTER.search(word)]
    return " ".join(latin), " ".join(non_latin)


def search_query_text(query: str | None) -> str:
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
    organization): rapidfuzz compares a block of keys with all known keys in C, and
    numpy sorts the matches out, instead of one Python comparison per pair."""

    def __init__(self, owners_and_keys: Iterable[tuple[int, str]]) -> None:
        owners: list[int] = []
        self.keys: list[str] = []
        for owner, keys in owners_and_keys:
            for key in split_keys(keys):
                owners.append(owner)
                self.keys.append(key)
        self.owners = numpy.array(owners, dtype=numpy.int64)

    def matches(
        self, all_keys: list[str], *, limit: int | None = None
    ) -> list[list[tuple[int, int]]]:
        """For each entry of `all_keys` (a `name_keys` value), the owners with a similar
        key and their best score (0–100), the closest first, at most `limit` of them."""
        found: list[list[tuple[int, int]]] = []
        for start in range(0, len(all_keys), BLOCK_ROWS):
            keys = all_keys[start : start + BLOCK_ROWS]
            entries, columns, scores = self._block(keys)
            owners = self.owners[columns]
            # By entry, then the highest score first; an owner counts once (its best key).
            order = numpy.lexsort((-scores.astype(numpy.int16), entries))
            block: list[list[tuple[int, int]]] = [[] for _ in keys]
            seen: set[tuple[int, int]] = set()
            for entry, owner, score in zip(
                entries[order].tolist(), owners[order].tolist(), scores[order].tolist(), strict=True
            ):
                if (entry, owner) in seen or (limit is not None and len(block[entry]) >= limit):
                    continue
                seen.add((entry, owner))
                block[entry].append((owner, score))
            found.extend(block)
        return found

    def earliest(self, all_keys: list[str], *, first_position: int = 0) -> list[int | None]:
        """For the entries of `all_keys`, at positions `first_position`, `+ 1`, …, each the
        smallest owner below its own position with a similar key (None: no such owner).
        For a file matched against itself, whose owners are its row positions."""
        found: list[int | None] = []
        for start in range(0, len(all_keys), BLOCK_ROWS):
            block = all_keys[start : start + BLOCK_ROWS]
            position = first_position + start
            # Only owners before the block's last entry can be earlier than an entry.
            known = int(numpy.searchsorted(self.owners, position + len(block) - 1))
            entries, columns, _scores = self._block(block, columns=known)
            earlier = self.owners[columns]
            keep = earlier < entries + position
            smallest = numpy.full(len(block), numpy.iinfo(numpy.int64).max, dtype=numpy.int64)
            numpy.minimum.at(smallest, entries[keep], earlier[keep])
            found.extend(
                None if value == numpy.iinfo(numpy.int64).max else value
                for value in smallest.tolist()
            )
        return found

    def _block(self, block: list[str], *, columns: int | None = None):
        """Every similar pair of a block as arrays: its entry, the known key, the score."""
        keys_per_entry = [split_keys(keys) for keys in block]
        flat = [key for keys in keys_per_entry for key in keys]
        known = self.keys if columns is None else self.keys[:columns]
        if not flat or not known:
            empty = numpy.zeros(0, dtype=numpy.int64)
            return empty, empty, numpy.zeros(0, dtype=numpy.uint8)
        entry_of_row = numpy.repeat(
            numpy.arange(len(block)), [len(keys) for keys in keys_per_entry]
        )
        # Every core: the job runs apart from the web processes, and a file is done sooner.
        scores = process.cdist(
            flat, known, scorer=fuzz.ratio, score_cutoff=DUPLICATE_SCORE, dtype=numpy.uint8,
            workers=-1,
        )  # fmt: skip
        rows, found_columns = numpy.nonzero(scores)
        return entry_of_row[rows], found_columns, scores[rows, found_columns]


def website_domain(url: str) -> str:
    """ "https://www.Example.org/about" → "example.org"."""
    if not url:
        return ""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().casefold()).split("/")[0]
    host = host.split("@")[-1].split(":")[0]
    return host.removeprefix("www.")
