"""Arabic light stemming for search: one analysis for documents and queries.

In the Light-10 tradition (Larkey et al.; Lucene's ArabicStemmer, Elasticsearch's
`arabic` analyzer), with two additions the center's readers need:

- the letters are folded first (`normalize_arabic`: أ إ آ → ا, ة → ه, ى → ي, no
  diacritics or tatweel). Folding ة into ه keeps what the stemmer needs: both endings
  are stripped alike, and ى → ي lets «مستشفى» and «مستشفيات» meet at «مستشف»;
- a reviewed lexicon of broken plurals and irregular forms of the center's vocabulary
  («الوفود» → «وفد», «مدارس» → «مدرسة»), edited by staff in the admin
  (`diplomacy.lexicon`), joins what no suffix rule can.

A word gives its *terms*: the folded word as written first (so an exact form can rank
above a stem match), then its stems. Articles and the conjunction/preposition clitics
fused with them (ال وال فال بال كال لل …) are always stripped, then the suffixes ها ان
ات ون ين يه ه ي, each at most once, in that order, while three letters remain.

Two endings the suffix list alone misses: the sound masculine plural in construct
state drops its ن («ممثلو الشعوب» → «ممثل»), and a feminine ة is written ت before a
dual or a pronoun («منظمتان», «مدينتها» → «منظم», «مدين»).

A single-letter clitic (و ف ب ك ل) cannot be told from a word's first letter («وفد»,
«بلدية»), so a document word gives both readings («بمشروع» → «بمشروع» and «مشروع»).
A query word gives the reading without the clitic only when it is a safe guess: the
rest is a lexicon form or has a stem of four letters or more («ومنظمة» → «منظم»), and
the whole word's own stem is no base word of the lexicon («وفدان» is «وفد», not
«و» + «فدان»). So «لجنة» does not find «جنة», nor «وزارة» «زار». Latin words and
numbers stay as written.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from diplomacy.arabic import normalize_arabic

ARABIC_LETTER = re.compile("[\u0620-\u064a]")
WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Longest first: the first that fits is stripped.
ARTICLES = ("وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
# Light-10's suffixes after folding (ية and ة are يه and ه by then), and و of the
# sound masculine plural in construct state («ممثلو»).
SUFFIXES = ("ها", "ان", "ات", "ون", "و", "ين", "يه", "ه", "ي")
# «her/its» and «his/its» (ه is also a folded ة): after them a form is looked up again.
PRONOUN_SUFFIXES = ("ها", "ه")
# After these a feminine ة is written ت: «منظمتان», «منظمتين», «مدينتها».
BEFORE_FEMININE_T = ("ها", "ان", "ين")
MIN_BEFORE_FEMININE_T = 3  # «بيتين» is two houses (بيت), not «بيه»
MIN_AFTER_ARTICLE = 2
MIN_AFTER_CLITIC = 3
MIN_STEM = 3
MIN_GUESSED_QUERY_STEM = 4  # a query word is read without a clitic only past this
# Texts whose terms a lexicon remembers (Lexicon.text_terms): a corpus of programs.
REMEMBERED_TEXTS = 512


def fold_word(word: str) -> str:
    """A word as the index compares it: letters folded, lower case."""
    return normalize_arabic(word).lower()


def words_of(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return WORD.findall(fold_word(text or ""))


def is_arabic(word: str) -> bool:
    return bool(ARABIC_LETTER.match(word))


def _without_article(word: str) -> str | None:
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= MIN_AFTER_ARTICLE:
            return word[len(article) :]
    return None


def _without_clitic_guesses(word: str) -> list[str]:
    """The readings of `word` with a single-letter clitic (or two: «وب», «فل») removed."""
    readings = []
    for conjunction in ("", *CONJUNCTIONS):
        for preposition in ("", *PREPOSITIONS):
            prefix = conjunction + preposition
            if prefix and word.startswith(prefix) and len(word) - len(prefix) >= MIN_AFTER_CLITIC:
                readings.append(word[len(prefix) :])
    return readings


@dataclass
class Lexicon:
    """Irregular forms (folded, without clitics) → the base word (folded)."""

    forms: Mapping[str, str] = field(default_factory=dict)
    _base_stems: frozenset[str] = field(default=frozenset(), init=False, repr=False)
    _document_terms: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _query_terms: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _text_terms: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> "Lexicon":
        return cls({fold_word(form): fold_word(base) for form, base in pairs if form and base})

    def __post_init__(self) -> None:
        self._base_stems = frozenset(_strip_suffixes(base) for base in self.forms.values())

    def stem(self, bare: str) -> str:
        """The stem of a word without clitics: the lexicon's base word (itself stemmed)
        or the word with its suffixes stripped. Looked up again after a pronoun suffix
        only, so «مشاريعها» finds «مشاريع» but «مدني» (civil) is not «مدن» (cities)."""
        if bare in self.forms:
            return _strip_suffixes(self.forms[bare])
        return _strip_suffixes(bare, self.forms)

    def _guessed_query_stems(self, word: str) -> list[str]:
        """The stems of a query word read without a single-letter clitic, when that is
        a safe guess (see the module's docstring)."""
        if _without_article(word) is not None or self.stem(word) in self._base_stems:
            return []
        readings = _without_clitic_guesses(word)
        return [
            self.stem(reading)
            for reading in readings
            if reading in self.forms or len(self.stem(reading)) >= MIN_GUESSED_QUERY_STEM
        ]

    def _readings(self, word: str, *, guess_clitics: bool) -> list[str]:
        bare = _without_article(word)
        readings = [word] if bare is None else [bare]
        if bare is not None and bare.startswith("و"):
            # «الوزارة»: the و belongs to the word, but «وزارة» alone reads و as «and».
            if guess_clitics and len(bare) - 1 >= MIN_AFTER_CLITIC:
                readings.append(bare[1:])
        elif bare is None and guess_clitics:
            readings += _without_clitic_guesses(word)
        return readings

    def _terms(self, word: str, *, guess_clitics: bool) -> tuple[str, ...]:
        if not is_arabic(word):
            return (word,)
        stems = [
            self.stem(reading) for reading in self._readings(word, guess_clitics=guess_clitics)
        ]
        if not guess_clitics:
            stems += self._guessed_query_stems(word)
        return tuple(dict.fromkeys([word, *stems]))

    def document_terms(self, word: str) -> tuple[str, ...]:
        """The terms a folded document word is indexed under: as written, then stems."""
        terms = self._document_terms.get(word)
        if terms is None:
            terms = self._document_terms[word] = self._terms(word, guess_clitics=True)
        return terms

    def query_terms(self, word: str) -> tuple[str, ...]:
        """The terms a folded query word matches: as written, then its stem."""
        terms = self._query_terms.get(word)
        if terms is None:
            terms = self._query_terms[word] = self._terms(word, guess_clitics=False)
        return terms

    def text_terms(self, text: str) -> frozenset[str]:
        """Every term of a document's text. The last texts asked about are remembered:
        the programs' search (programs/search.py) asks about the same few at every search."""
        terms = self._text_terms.get(text)
        if terms is None:
            if len(self._text_terms) >= REMEMBERED_TEXTS:
                self._text_terms.clear()
            words = set(words_of(text))
            terms = frozenset(term for word in words for term in self.document_terms(word))
            self._text_terms[text] = terms
        return terms


def _strip_suffixes(word: str, forms: Mapping[str, str] | None = None) -> str:
    """`word` without its suffixes, each at most once, in SUFFIXES' order; with `forms`,
    a form of the lexicon left after a pronoun suffix gives its base word's stem."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            if forms and suffix in PRONOUN_SUFFIXES and word in forms:
                return _strip_suffixes(forms[word])
            if (
                suffix in BEFORE_FEMININE_T
                and word.endswith("ت")
                and len(word) - 1 >= MIN_BEFORE_FEMININE_T
            ):
                word = word[:-1] + "ه"  # the later suffixes strip it as a ة
    return word


# --- PostgreSQL: our token stream as a `simple` tsvector / tsquery --------------------

MAX_POSITION = 16383  # PostgreSQL's limit; later words share the last position
MAX_POSITIONS_PER_TERM = 256  # PostgreSQL keeps no more per lexeme


def _quoted(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_text(lexicon: Lexicon, parts: Iterable[tuple[str, str]]) -> str:
    """The text of a tsvector (to cast with ::tsvector) for `parts`, pairs of (plain
    text, weight A–D), in order: each word's terms share its position, so phrases
    still match word after word."""
    # Positions are gathered per distinct word, then handed to each of its terms: a
    # text repeats its words, and a word's terms are looked up once.
    word_positions: dict[str, list[str]] = {}
    position = 0
    for text, weight in parts:
        for word in words_of(text):
            position = min(position + 1, MAX_POSITION)
            places = word_positions.get(word)
            if places is None:
                word_positions[word] = [str(position) + weight]
            elif len(places) < MAX_POSITIONS_PER_TERM:
                places.append(str(position) + weight)
    term_positions: dict[str, list[str]] = {}
    for word, places in word_positions.items():
        for term in lexicon.document_terms(word):
            term_positions.setdefault(term, []).extend(places)
    return " ".join(
        f"{_quoted(term)}:{','.join(_in_order(places))}" for term, places in term_positions.items()
    )


def _in_order(places: list[str]) -> list[str]:
    # Several words can give one term: PostgreSQL keeps at most 256 positions of it.
    if len(places) > MAX_POSITIONS_PER_TERM:
        places = sorted(places, key=lambda place: int(place[:-1]))[:MAX_POSITIONS_PER_TERM]
    return places


def tsquery_word(lexicon: Lexicon, word: str) -> str:
    """One query word: any of its terms, the form as written among them."""
    terms = lexicon.query_terms(fold_word(word))
    return "(" + " | ".join(_quoted(term) for term in terms) + ")"


def tsquery_phrase(lexicon: Lexicon, phrase: str) -> str:
    """Words one after another («دير الزور»)."""
    words = words_of(phrase)
    if len(words) == 1:
        return tsquery_word(lexicon, words[0])
    return "(" + " <-> ".join(tsquery_word(lexicon, word) for word in words) + ")"


def tsquery_text(lexicon: Lexicon, groups: Iterable[Iterable[str]]) -> str:
    """The tsquery (to cast with ::tsquery) for groups of spellings: every group must
    match, any spelling of a group will do."""
    clauses = []
    for group in groups:
        spellings = [tsquery_phrase(lexicon, spelling) for spelling in group if words_of(spelling)]
        if spellings:
            clauses.append(spellings[0] if len(spellings) == 1 else f"({' | '.join(spellings)})")
    return " & ".join(clauses)


def tsquery_any_term(lexicon: Lexicon, groups: Iterable[Iterable[str]]) -> str:
    """Any term of any word of the query, for relevance (ts_rank) among the texts that
    tsquery_text matched: a text counts for how often and where (title first) it holds
    them, and one holding a word as typed counts it twice, its form and its stem («ورشات»
    before «ورشة»). ts_rank weighs the pairs of an AND query's words by how near they
    stand: three times the cost of this at 300 matches, half the search's PostgreSQL."""
    terms = dict.fromkeys(
        term
        for group in groups
        for spelling in group
        for word in words_of(spelling)
        for term in lexicon.query_terms(fold_word(word))
    )
    return " | ".join(_quoted(term) for term in terms)


# --- Without a database index: the same matching in Python ---------------------------


def text_has_word(lexicon: Lexicon, text_terms: AbstractSet[str], word: str) -> bool:
    """Whether a document with terms `text_terms` (Lexicon.text_terms) holds `word`."""
    return any(term in text_terms for term in lexicon.query_terms(fold_word(word)))


def word_spans(
    lexicon: Lexicon, folded_text: str, words: Iterable[str], start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """Where in `folded_text` (fold_word of a text), between `start` and `end` (word
    boundaries), the words with a term of `words` stand, in order: whole words, for
    highlighting «الوفود» when «وفد» was searched."""
    return WordMatcher(lexicon, words).spans(folded_text, start, end)


class WordMatcher:
    """word_spans for many texts and the same `words`: each distinct word of the texts
    is looked up once (a search page highlights a dozen snippets that share most of
    their words, and each twice)."""

    def __init__(self, lexicon: Lexicon, words: Iterable[str]) -> None:
        self.lexicon = lexicon
        self.wanted = {term for word in words for term in lexicon.query_terms(fold_word(word))}
        self._seen: set[str] = set()
        self._matching: set[str] = set()

    def spans(
        self, folded_text: str, start: int = 0, end: int | None = None
    ) -> Iterator[tuple[int, int]]:
        """As word_spans."""
        end = len(folded_text) if end is None else end
        # Each distinct word is looked up once (a text repeats its words, the texts
        # share theirs), then one regular expression finds where those that match stand.
        words = set(WORD.findall(folded_text, start, end))
        for word in words - self._seen:
            if is_arabic(word) and not self.wanted.isdisjoint(self.lexicon.document_terms(word)):
                self._matching.add(word)
        self._seen |= words
        found = words & self._matching
        if not found:
            return iter(())
        # Sorted: the same words give the same expression, compiled once (re keeps it).
        alternatives = "|".join(re.escape(word) for word in sorted(found))
        whole_words = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
        return (match.span() for match in whole_words.finditer(folded_text, start, end))
