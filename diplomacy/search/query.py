"""What a visitor typed, parsed once, and how it matches text.

Queries and documents are both normalized with `diplomacy.arabic.normalize_arabic`.
On PostgreSQL a provider matches stored tsvectors with `grouped_search_query`; on SQLite
(`make run`) it matches the normalized text in Python with `text_matches_query`, so a
visitor finds there what PostgreSQL would find.

Place names of North and East Syria are found in any script and common spelling
(`diplomacy/gazetteer.py`): each query word that names a place is replaced by a group of
all the place's spellings, and a document matches when it holds one of each group.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from diplomacy.arabic import fold_for_search, normalize_arabic
from diplomacy.arabic_analysis import text_has_word
from diplomacy.gazetteer import query_groups
from diplomacy.lexicon.selectors import current_lexicon
from diplomacy.text import stem_for_matching

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Letters and digits of any script, Arabic combining marks included.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # normalized, for the database
    terms: tuple[str, ...]  # normalized words, as typed
    # The words grouped, a place name replaced by all its spellings (gazetteer); empty
    # means one group per term.
    groups: tuple[tuple[str, ...], ...] = ()

    @property
    def word_groups(self) -> tuple[tuple[str, ...], ...]:
        return self.groups or tuple((term,) for term in self.terms)

    @property
    def has_places(self) -> bool:
        return any(len(group) > 1 for group in self.word_groups)

    @property
    def words(self) -> tuple[str, ...]:
        """Every word of every spelling, once: «deir ez-zor» gives deir, ez, zor."""
        return tuple(
            dict.fromkeys(
                word for spelling in self.highlight_terms for word in _WORD.findall(spelling)
            )
        )

    @property
    def highlight_terms(self) -> tuple[str, ...]:
        """Every word to mark in a snippet: each spelling of a place, not only the typed one."""
        return tuple(dict.fromkeys(term for group in self.word_groups for term in group))


class QueryProblem(Exception):
    """Why a query cannot be searched; its message is shown on the page."""


def search_query_parse(raw: str) -> ParsedQuery:
    raw = (raw or "").strip()
    if not raw:
        raise QueryProblem(_("Type one or more words to search for."))
    if len(raw) > MAX_QUERY_LENGTH:
        raise QueryProblem(
            _("Your search is too long. Use at most %(limit)s characters.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    words = _WORD.findall(normalize_arabic(raw).lower())[:MAX_TERMS]
    if not words:
        raise QueryProblem(_("Your search has no words in it. Type letters or numbers."))
    return ParsedQuery(
        text=" ".join(words), terms=tuple(dict.fromkeys(words)), groups=query_groups(words)
    )


# --- Matching without a database index (SQLite, small corpora) ------------------------

_ARABIC_LETTER = re.compile("[\u0620-\u064a]")
# A place name in Arabic may carry a conjunction, preposition or article: «وكوباني».
_ARABIC_PREFIX = "(?:و|ف|ب|ل|ك|ال|وال|بال|فال|كال|لل)?"


def _spelling_pattern(spelling: str) -> re.Pattern:
    # Place names match at the start of a word, so "hol" is not found in "whole".
    prefix = _ARABIC_PREFIX if _ARABIC_LETTER.match(spelling) else ""
    return re.compile(rf"(?<!\w){prefix}{re.escape(spelling)}")


def normalized_columns_condition(query: ParsedQuery, fields: tuple[str, ...]) -> Q:
    """Every word of `query` in one of `fields`, columns holding normalized text (such as
    `search_title_ar`): any spelling of a place will do. For the staff's admin search."""
    condition = Q()
    for group in query.word_groups:
        alternatives = Q()
        for spelling in group:
            for column in fields:
                alternatives |= Q(**{f"{column}__icontains": spelling})
        condition &= alternatives
    return condition


def text_matches_query(query: ParsedQuery, text: str, *, folded: str | None = None) -> bool:
    """Whether `text` (plain text, any script) holds every word of `query`, compared as
    fold_for_search folds them: Arabic letter variants, diacritics, case and accents.
    The Python counterpart of PostgreSQL's match, for SQLite and small corpora. A corpus
    searched again and again gives `folded`, fold_for_search(text), computed once."""
    if folded is None:
        folded = fold_for_search(text)
    lexicon, text_terms = current_lexicon(), None
    for group in query.word_groups:
        if len(group) == 1:
            if fold_for_search(stem_for_matching(group[0])) in folded:
                continue
            if text_terms is None:  # the light stems (diplomacy/arabic_analysis.py)
                text_terms = lexicon.text_terms(text)
            if not text_has_word(lexicon, text_terms, group[0]):
                return False
        elif not any(
            _spelling_pattern(fold_for_search(spelling)).search(folded) for spelling in group
        ):
            return False
    return True


def grouped_search_query(query: ParsedQuery, *, config: str) -> SearchQuery:
    """The tsquery of `query`: every group must match, any spelling of a place does."""
    if not query.has_places:
        return SearchQuery(query.text, config=config, search_type="websearch")
    combined = None
    for group in query.word_groups:
        alternatives = None
        for spelling in group:
            search_type = "phrase" if " " in spelling or "-" in spelling else "plain"
            one = SearchQuery(spelling, config=config, search_type=search_type)
            alternatives = one if alternatives is None else alternatives | one
        combined = alternatives if combined is None else combined & alternatives
    return combined
