"""Publications in the portal's search (diplomacy/search/).

On PostgreSQL, publications are matched against stored, GIN-indexed tsvectors (`arabic`
or `english` configuration), ranked with ts_rank (title weighs most); when no word
matches, pg_trgm word similarity on the normalized title takes over, so a misspelled
word still finds them. On SQLite (`make run`) the published publications are matched
in Python on the same normalized text (title, summary and body).
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Window
from django.db.models.sql import Query
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from diplomacy.addresses import addresses_of
from diplomacy.arabic_analysis import tsquery_any_term, tsquery_text
from diplomacy.lexicon.selectors import current_lexicon
from diplomacy.search.query import ParsedQuery, grouped_search_query, text_matches_query
from diplomacy.search.registry import SearchHit, SearchResults
from diplomacy.text import Highlighter, html_to_text
from diplomacy.written_sql import model_instances
from publications.models import Publication
from publications.selectors import publications_published

# Relevance is computed for at most this many matches, the newest: ranking reads every
# matched tsvector (stored out of line, ~0.04 ms each on a quiet core), and a common word
# matches tens of thousands of publications. The page then says "300+" results. 1000
# cost ~40 ms of the 50 ms budget at 100,000 publications.
MAX_RANKED = 300
SNIPPET_SOURCE = 2000  # characters of the body's text a snippet is looked for in
SEARCH_CONFIGS = {"ar": "arabic", "en": "english"}


def snippet_source(body_html: str) -> str:
    """The plain text of a body's opening a hit's snippet comes from: stored with the
    search vectors (search_snippet_<language>), so a search reads no body."""
    return html_to_text(body_html)[:SNIPPET_SOURCE]


@dataclass(frozen=True)
class Ranking:
    """Published matches to order by relevance, the newest MAX_RANKED: `condition` and
    `rank` are SQL on the publications table, with their values in `condition_params`
    and `rank_params`. Written out: building and compiling the ORM's queryset for them
    cost more CPU than PostgreSQL took to answer."""

    condition: str
    condition_params: list[object]
    rank: str
    rank_params: list[object]


TABLE = Publication._meta.db_table


@functools.cache
def _published_condition(language: str) -> tuple[str, tuple[object, ...]]:
    """publications_published's condition in SQL, compiled once per process: what
    "published" means stays written in one place (publications/selectors.py)."""
    query = publications_published(language=language).query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    return sql, tuple(params)


def _tsquery_sql(tsquery: SearchQuery) -> tuple[str, list[object]]:
    """The SQL of a tsquery expression alone (cheap: no queryset around it)."""
    query = Query(Publication)
    sql, params = query.get_compiler(connection=connection).compile(
        tsquery.resolve_expression(query)
    )
    return sql, list(params)


def _detail_urls(language: str) -> Callable[[Publication], str]:
    """Publication.get_absolute_url(language) for a page of hits, reversed once."""
    with translation.override(language):
        address = addresses_of("publications:detail", "slug")
    return lambda publication: address(publication.slug_for_url(language))


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
        if connection.vendor != "postgresql":
            published = publications_published(language=language)
            return self._page(
                self._containment(published, query, language), query, language, offset, limit
            )
        results = self._page(self._words(query, language), query, language, offset, limit)
        if results.total == 0 and offset == 0 and _written_in(query, language):
            # No word matched: perhaps a misspelling. pg_trgm finds titles with a word
            # close to the query; only then, as it reads many more index entries, and
            # only for words in the page language's script (no Latin word is close to
            # an Arabic one).
            results = self._page(self._similar(query, language), query, language, offset, limit)
        return results

    def _page(
        self, found, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults:
        """`found` is a queryset in its final order (SQLite) or a `Ranking` (PostgreSQL)."""
        if isinstance(found, Ranking):
            rows, total = self._ranked_page(found, language, offset, limit)
        else:
            # The total comes with the rows (a window count): one query, not two.
            rows = list(
                found.annotate(full_count=Window(Count("id"))).only(*self._shown(language))[
                    offset : offset + limit
                ]
            )
            total = rows[0].full_count if rows else (found.count() if offset else 0)
        capped = isinstance(found, Ranking) and total >= MAX_RANKED
        kinds = dict(Publication.Kind.choices)
        detail_url = _detail_urls(language)
        mark = Highlighter(query.highlight_terms)
        hits = []
        for publication in rows:
            summary = getattr(publication, f"summary_{language}") or ""
            # The snippet comes from the opening of the text: enough, and quick.
            text = getattr(publication, f"search_snippet_{language}")
            hits.append(
                SearchHit(
                    title=publication.title_in(language),
                    url=detail_url(publication),
                    snippet=mark(f"{summary} {text}".strip()),
                    language=language,
                    date=publication.publication_date,
                    label=str(kinds.get(publication.kind, "")),
                )
            )
        return SearchResults(total=total, hits=hits, capped=capped)

    @staticmethod
    def _shown(language: str) -> tuple[str, ...]:
        """The columns a hit shows: never the other language's long texts, and of the
        body only its opening's text (stored apart)."""
        return (
            "id", "kind", "publication_date", "original_language", "slug_ar", "slug_en",
            f"title_{language}", f"summary_{language}", f"search_snippet_{language}",
        )  # fmt: skip

    def _ranked_page(
        self, ranking: "Ranking", language: str, offset: int, limit: int
    ) -> tuple[list[Publication], int]:
        """One page of the newest MAX_RANKED matches by relevance, and how many those
        are, in one query. Relevance is computed in the scan that finds the matches (each
        tsvector read once, no second lookup per match), and only the page's rows are
        joined for their text."""
        published, published_params = _published_condition(language)
        newest = (
            f"SELECT {TABLE}.id, {TABLE}.publication_date, {ranking.rank} AS rank"  # noqa: S608
            f" FROM {TABLE} WHERE {published} AND {ranking.condition}"
            f" ORDER BY {TABLE}.publication_date DESC, {TABLE}.id DESC LIMIT %s"
        )
        params = [*ranking.rank_params, *published_params, *ranking.condition_params, MAX_RANKED]
        columns = ", ".join(f'publication."{column}"' for column in self._shown(language))
        # Names are ours; every value (the visitor's words among them) is a parameter.
        sql = (
            f"SELECT {columns}, page.rank, page.full_count FROM ("  # noqa: S608
            "SELECT newest.*, count(*) OVER () AS full_count"
            f" FROM ({newest}) AS newest"
            " ORDER BY newest.rank DESC, newest.publication_date DESC, newest.id DESC"
            " LIMIT %s OFFSET %s"
            f") AS page JOIN {TABLE} AS publication ON publication.id = page.id"
            " ORDER BY page.rank DESC, page.publication_date DESC, page.id DESC"
        )
        rows = model_instances(Publication, sql, [*params, limit, offset])
        counted = rows
        if not rows and offset:  # past the last page: the count comes with the first row
            counted = model_instances(Publication, sql, [*params, 1, 0])
        return rows, getattr(counted[0], "full_count", 0) if counted else 0

    def _words(self, query: ParsedQuery, language: str) -> Ranking:
        """Every word of the query in the text; relevance from any of them, as often and
        where (title first) the text holds them: ranking by how near the words stand
        (ts_rank of the AND query) cost half the search's PostgreSQL time."""
        vector = f'{TABLE}."search_vector_{language}"'
        if language == "ar":  # diplomacy/arabic_analysis.py, as the vectors were made
            # stemmed_search_query's SQL (StemmedQuery), without compiling an expression.
            lexicon = current_lexicon()
            return Ranking(
                f"{vector} @@ (%s)::tsquery",
                [tsquery_text(lexicon, query.word_groups)],
                f"ts_rank({vector}, (%s)::tsquery)",
                [tsquery_any_term(lexicon, query.word_groups)],
            )
        config = SEARCH_CONFIGS[language]
        tsquery_sql, params = _tsquery_sql(grouped_search_query(query, config=config))
        any_word_sql, any_word_params = _tsquery_sql(
            SearchQuery(" or ".join(query.words), config=config, search_type="websearch")
        )
        return Ranking(
            f"{vector} @@ {tsquery_sql}",
            params,
            f"ts_rank({vector}, {any_word_sql})",
            any_word_params,
        )

    def _similar(self, query: ParsedQuery, language: str) -> Ranking:
        title = f'{TABLE}."search_title_{language}"'
        # `(SELECT %s)` hides the query from the planner, which would otherwise compute
        # its similarity to every title in the column's statistics: 2.5 ms of planning
        # for a plan that is the same without it.
        return Ranking(
            f"{title} %%> (SELECT %s)",
            [query.text],
            f"word_similarity(%s, {title})",
            [query.text],
        )

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
