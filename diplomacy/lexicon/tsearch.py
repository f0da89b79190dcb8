"""The Arabic analysis on PostgreSQL: a `simple` tsvector over our own token stream
(diplomacy/arabic_analysis.py), and the tsquery that matches it.

PostgreSQL only stores and compares the terms; which terms a word gives is decided in
Python, once, for documents and queries alike. A word's form as written and its stems
share one position, so a document holding the exact form matches more of the query's
terms and ranks above one that only shares the stem."""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchVectorCombinable, SearchVectorField
from django.db.models import Func, Value

from diplomacy.arabic_analysis import tsquery_text, tsvector_text
from diplomacy.lexicon.selectors import current_lexicon


class StemmedVector(SearchVectorCombinable, Func):
    """A tsvector given as text; `+` joins it to other vectors."""

    template = "(%(expressions)s)::tsvector"
    config = None  # for SearchVectorCombinable: the terms are ours, no configuration
    output_field = SearchVectorField()


class StemmedQuery(SearchQuery):
    """A tsquery given as text: every term quoted by tsquery_text, nothing of the
    visitor's typing is read as tsquery syntax."""

    template = "(%(expressions)s)::tsquery"

    def __init__(self, text: str):
        super().__init__(Value(text), search_type="raw")


def stemmed_search_vector(parts: Iterable[tuple[str, str]]) -> StemmedVector:
    """The tsvector of (plain text, weight) pairs, in order."""
    return StemmedVector(Value(tsvector_text(current_lexicon(), parts)))


def stemmed_search_query(groups: Iterable[Iterable[str]]) -> StemmedQuery:
    """Every group of spellings must match; any spelling of a group will do."""
    return StemmedQuery(tsquery_text(current_lexicon(), groups))
