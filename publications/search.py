"""The portal's search: one query, several providers, results grouped by kind.

Publications register their provider here; programs and partners add theirs from their
AppConfig.ready():

    from publications.search import register_search_provider
    register_search_provider(ProgramSearchProvider())

A provider has a `key` (used in ?kind=), a `label`, and
`search(*, query: ParsedQuery, language: str, offset: int, limit: int) -> SearchResults`.
Its hits carry a snippet already made safe with `highlight()`.

Queries and documents are both normalized with `diplomacy.arabic.normalize_arabic`.
On PostgreSQL, publications are matched against stored, GIN-indexed tsvectors (`arabic`
or `english` configuration), ranked with ts_rank (title weighs most); when no word
matches, pg_trgm word similarity on the normalized title takes over, so a misspelled
word still finds them. On SQLite (`make run`) the published publications are matched
in Python on the same normalized text (title, summary and body), so a visitor finds
there what PostgreSQL would find.

Place names of North and East Syria are found in any script and common spelling
(`diplomacy/gazetteer.py`): each query word that names a place is replaced by a group of
all the place's spellings, and a document matches when it holds one of each group.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Protocol

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, F, Q, Window
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from diplomacy.arabic import fold_for_search, normalize_arabic
from diplomacy.arabic_analysis import text_has_word, word_spans
from diplomacy.gazetteer import query_groups
from diplomacy.lexicon.selectors import current_lexicon
from diplomacy.lexicon.tsearch import stemmed_search_query
from publications.models import Publication
from publications.plaintext import html_to_text
from publications.selectors import publications_published

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Relevance is computed for at most this many matches, the newest: ranking reads every
# matched tsvector, and a common word matches tens of thousands of publications. The
# page then says "1000+" results.
MAX_RANKED = 1000
SNIPPET_SOURCE = 2000  # characters of the body a snippet is looked for in
SEARCH_CONFIGS = {"ar": "arabic", "en": "english"}
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


def text_matches_query(query: ParsedQuery, text: str) -> bool:
    """Whether `text` (plain text, any script) holds every word of `query`, compared as
    fold_for_search folds them: Arabic letter variants, diacritics, case and accents.
    The Python counterpart of PostgreSQL's match, for SQLite and small corpora."""
    folded = fold_for_search(text)
    lexicon, text_terms = current_lexicon(), None
    for group in query.word_groups:
        if len(group) == 1:
            if fold_for_search(_stem(group[0])) in folded:
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


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    snippet: SafeString
    language: str
    date: datetime.date | None = None
    label: str | Promise = ""


@dataclass
class SearchResults:
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    capped: bool = False  # there are more matches than `total`


class SearchProvider(Protocol):
    key: str
    label: str | Promise

    def search(
        self, *, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults: ...


_providers: dict[str, SearchProvider] = {}


def register_search_provider(provider: SearchProvider) -> SearchProvider:
    _providers[provider.key] = provider
    return provider


def search_providers() -> list[SearchProvider]:
    return list(_providers.values())


# --- Highlighting ---------------------------------------------------------------------


def _normalized_with_positions(text: str) -> tuple[str, list[int]]:
    """normalize_arabic(text).lower() and, for each of its characters, where it came from
    in `text`: normalization only deletes or replaces single characters."""
    characters, positions = [], []
    for index, character in enumerate(text):
        for folded in normalize_arabic(character).lower():
            characters.append(folded)
            positions.append(index)
    return "".join(characters), positions


def _stem(term: str) -> str:
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
    for term in {_stem(term) for term in terms if term}:
        for match in re.finditer(re.escape(term), normalized):
            spans.append((positions[match.start()], positions[match.end() - 1] + 1))
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


# --- Publications ---------------------------------------------------------------------


_SCRIPTS = {"ar": re.compile("[\u0620-\u064a]"), "en": re.compile("[a-z]")}


def _written_in(query: ParsedQuery, language: str) -> bool:
    return bool(_SCRIPTS[language].search(query.text))


class PublicationSearchProvider:
    key = "publications"
    label = _("Publications")

    def search(
        self, *, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults:
        # An Arabic query on the English page (no place name with an English
        # spelling in it) looks in the Arabic texts.
        if language == "en" and not any(
            _SCRIPTS["en"].search(spelling.lower()) for spelling in query.highlight_terms
        ):
            language = "ar" if _written_in(query, "ar") else language
        published = publications_published(language=language)
        if connection.vendor != "postgresql":
            return self._page(
                self._containment(published, query, language), query, language, offset, limit
            )
        results = self._page(
            self._words(published, query, language), query, language, offset, limit
        )
        if results.total == 0 and offset == 0 and _written_in(query, language):
            # No word matched: perhaps a misspelling. pg_trgm finds titles with a word
            # close to the query; only then, as it reads many more index entries, and
            # only for words in the page language's script (no Latin word is close to
            # an Arabic one).
            results = self._page(
                self._similar(published, query, language), query, language, offset, limit
            )
        return results

    def _page(
        self, queryset, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults:
        # The total comes with the rows (a window count): one query, not two.
        rows = list(
            queryset.annotate(full_count=Window(Count("id"))).only(
                "id",
                "kind",
                "publication_date",
                "original_language",
                "slug_ar",
                "slug_en",
                f"title_{language}",
                f"summary_{language}",
                f"body_{language}",
            )[offset : offset + limit]
        )
        total = rows[0].full_count if rows else (queryset.count() if offset else 0)
        capped = connection.vendor == "postgresql" and total >= MAX_RANKED
        kinds = dict(Publication.Kind.choices)
        hits = []
        for publication in rows:
            summary = getattr(publication, f"summary_{language}") or ""
            # The snippet comes from the opening of the text: enough, and quick.
            body = html_to_text(getattr(publication, f"body_{language}") or "")[:SNIPPET_SOURCE]
            hits.append(
                SearchHit(
                    title=publication.title_in(language),
                    url=publication.get_absolute_url(language),
                    snippet=highlight(f"{summary} {body}".strip(), query.highlight_terms),
                    language=language,
                    date=publication.publication_date,
                    label=kinds.get(publication.kind, ""),
                )
            )
        return SearchResults(total=total, hits=hits, capped=capped)

    def _ranked(self, published, matches, rank):
        # Relevance for the newest MAX_RANKED matches only (see MAX_RANKED).
        newest_matches = matches.order_by("-publication_date", "-id").values("pk")[:MAX_RANKED]
        return (
            published.filter(pk__in=newest_matches)
            .annotate(rank=rank)
            .order_by("-rank", "-publication_date", "-id")
        )

    def _words(self, published, query: ParsedQuery, language: str):
        if language == "ar":  # diplomacy/arabic_analysis.py, as the vectors were made
            tsquery = stemmed_search_query(query.word_groups)
        else:
            tsquery = grouped_search_query(query, config=SEARCH_CONFIGS[language])
        vector_field = f"search_vector_{language}"
        matches = published.filter(**{vector_field: tsquery})
        return self._ranked(published, matches, SearchRank(F(vector_field), tsquery))

    def _similar(self, published, query: ParsedQuery, language: str):
        title_field = f"search_title_{language}"
        matches = published.filter(**{f"{title_field}__trigram_word_similar": query.text})
        return self._ranked(published, matches, TrigramWordSimilarity(query.text, title_field))

    def _containment(self, queryset, query: ParsedQuery, language: str):
        """Without PostgreSQL (`make run` on SQLite): read the published text and match
        it in Python, normalized as for the tsvectors. Demo-sized data only."""
        rows = queryset.values_list(
            "pk", f"title_{language}", f"summary_{language}", f"body_{language}"
        )
        found = [
            pk
            for pk, title, summary, body in rows
            if text_matches_query(query, f"{title} {summary} {html_to_text(body or '')}")
        ]
        return queryset.filter(pk__in=found).order_by("-publication_date", "-id")


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


register_search_provider(PublicationSearchProvider())
