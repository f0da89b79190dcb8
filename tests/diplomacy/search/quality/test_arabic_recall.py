"""Recall and precision of the Arabic search on the test set (arabic_pairs.tsv), through
the portal's own search on PostgreSQL and in Python (the SQLite search of `make run`),
measured against the search as it was before light stemming (PostgreSQL's `arabic`
configuration over normalized text; substring matching in Python).

Run with `-s` to read the figures."""

import pytest
from django.db import connection

from diplomacy.arabic import fold_for_search, normalize_arabic
from diplomacy.search.query import search_query_parse, text_matches_query
from publications import search
from tests.diplomacy.search.quality.pairs import score, test_pairs
from tests.publications.factories import published_publication

pytestmark = pytest.mark.django_db

PAIRS = test_pairs()
RECALL_GOAL = 0.95


def test_the_set_is_large_and_varied():
    relevant = [pair for pair in PAIRS if pair.relevant]
    assert len(relevant) >= 60
    assert {pair.kind for pair in relevant} >= {
        "article", "clitic", "sound plural", "broken plural", "feminine", "spelling", "mixed",
        "query clitic", "dual", "construct plural",
    }  # fmt: skip
    assert len(PAIRS) - len(relevant) >= 15  # pairs that must not match


def _before_on_postgresql(pair) -> bool:
    """The match of the search before light stemming, as its tsvector and tsquery were."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('arabic', %s) @@ websearch_to_tsquery('arabic', %s)",
            [normalize_arabic(pair.document), normalize_arabic(pair.query).lower()],
        )
        return cursor.fetchone()[0]


def _before_in_python(pair) -> bool:
    folded = fold_for_search(pair.document)
    return all(word in folded for word in fold_for_search(pair.query).split())


def test_recall_and_precision_on_postgresql():
    publications = {
        index: published_publication(
            languages=("ar",),
            title_ar=f"منشور {index}",
            summary_ar="",
            body_ar=f"<p>{pair.document}</p>",
        ).pk
        for index, pair in enumerate(PAIRS)
    }
    provider = search.PublicationSearchProvider()
    urls = {}

    def found(pair) -> bool:
        if pair.query not in urls:
            results = provider.search(
                query=search_query_parse(pair.query), language="ar", offset=0, limit=200
            )
            urls[pair.query] = {hit.title for hit in results.hits}
        return f"منشور {PAIRS.index(pair)}" in urls[pair.query]

    before, after = score(PAIRS, _before_on_postgresql), score(PAIRS, found)
    print(f"\nPostgreSQL, {len(PAIRS)} pairs: before {before}; after {after}")
    assert len(publications) == len(PAIRS)
    assert after.recall >= RECALL_GOAL, after.missed
    assert after.precision >= before.precision, after.wrongly_found


def test_recall_and_precision_in_python():
    def found(pair) -> bool:
        return text_matches_query(search_query_parse(pair.query), pair.document)

    before, after = score(PAIRS, _before_in_python), score(PAIRS, found)
    print(f"\nPython (make run), {len(PAIRS)} pairs: before {before}; after {after}")
    assert after.recall >= RECALL_GOAL, after.missed
    assert after.precision >= before.precision, after.wrongly_found
