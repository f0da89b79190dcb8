"""Publications in the portal's search (diplomacy/search/).

On PostgreSQL, publications are matched against stored, GIN-indexed tsvectors (`arabic`
or `english` configuration), ranked with ts_rank (title weighs most); when no word
matches, pg_trgm word similarity on the normalized title takes over, so a misspelled
word still finds them. On SQLite (`make run`) the published publications are matched
in Python on the same normalized text (title, summary and body).
"""

import re

from django.contrib.postgres.search import SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, F, Window
from django.utils.translation import gettext_lazy as _

from diplomacy.lexicon.tsearch import stemmed_search_query
from diplomacy.search.query import ParsedQuery, grouped_search_query, text_matches_query
from diplomacy.search.registry import SearchHit, SearchResults
from diplomacy.text import highlight, html_to_text
from publications.models import Publication
from publications.selectors import publications_published

# Relevance is computed for at most this many matches, the newest: ranking reads every
# matched tsvector, and a common word matches tens of thousands of publications. The
# page then says "1000+" results.
MAX_RANKED = 1000
SNIPPET_SOURCE = 2000  # characters of the body a snippet is looked for in
SEARCH_CONFIGS = {"ar": "arabic", "en": "english"}


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
