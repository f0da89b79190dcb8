"""Bench data: top the publications table up to `count` rows (100,000 for `make bench`).

Usage (called by bench/scale.py once Django is set up on the bench database):

    from bench.publications import generate
    generate(count=100_000, stdout=sys.stdout)  # -> rows now in the table

Rows are bulk-inserted in batches with varied Arabic and English text (most published in
both languages, one in eight only in Arabic), a few sectors and regions each, and their
stored search columns filled the way `publication_search_refresh` fills them (text
normalized and snippets' text taken in Python; English tsvectors computed by PostgreSQL, Arabic ones by the
search index rebuild's batch, one UPDATE each per batch). Rerunning
adds nothing once the count is reached.

On its own, against any database (PostgreSQL for meaningful figures), it also times the
list, detail and search views in-process (Django test client: server time, no HTTP, page
cache off as in the settings given):

    DJANGO_SETTINGS_MODULE=diplomacy.settings.test \
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdp_publications_bench \
        .venv/bin/python -m bench.publications
"""

import datetime
import random
import statistics
import sys
import time

from django.db import connection, transaction

from diplomacy.arabic import normalize_arabic

# Models are imported inside the functions: `python -m bench.publications` sets Django up
# first.

BATCH = 5_000
AR_WORDS = [
    "وفد",
    "زيارة",
    "قامشلو",
    "التعاونيات",
    "الزراعية",
    "المجتمع",
    "المدني",
    "النساء",
    "البلديات",
    "التعليم",
    "الصحة",
    "المستشفى",
    "النقابات",
    "الثقافة",
    "البيئة",
    "العدالة",
    "الشباب",
    "الجامعة",
    "الحوار",
    "التضامن",
    "المياه",
    "الكهرباء",
    "الحسكة",
    "الرقة",
    "كوباني",
    "منبج",
    "الطبقة",
    "دير",
    "الزور",
    "عفرين",
    "لقاء",
    "مؤتمر",
    "ندوة",
    "تقرير",
    "بحث",
    "بيان",
]
EN_WORDS = [
    "delegation",
    "visit",
    "Qamishlo",
    "cooperatives",
    "agriculture",
    "civil",
    "society",
    "women",
    "municipalities",
    "education",
    "health",
    "hospital",
    "unions",
    "culture",
    "environment",
    "justice",
    "youth",
    "university",
    "dialogue",
    "solidarity",
    "water",
    "electricity",
    "Hasakah",
    "Raqqa",
    "Kobani",
    "Manbij",
    "Tabqa",
    "Afrin",
    "meeting",
    "conference",
    "seminar",
    "report",
    "research",
    "statement",
]
VECTOR_SQL = """
UPDATE publications_publication SET
  search_vector_en = setweight(to_tsvector('english', search_title_en), 'A')
    || setweight(to_tsvector('english', coalesce(summary_en, '')), 'B')
    || setweight(to_tsvector('english', regexp_replace(coalesce(body_en, ''), '<[^>]+>', ' ', 'g')), 'C')
WHERE id BETWEEN %s AND %s
"""


def _sentence(rng: random.Random, words: tuple | list, length: int) -> str:
    return " ".join(rng.choice(words) for _ in range(length))


def _publication(rng: random.Random, number: int):
    from publications.models import Publication
    from publications.search import snippet_source

    title_ar = normalize_arabic(_sentence(rng, AR_WORDS, 6))
    title_en = _sentence(rng, EN_WORDS, 6).capitalize()
    arabic_only = number % 8 == 0
    published = Publication.State.PUBLISHED
    now = datetime.datetime.now(datetime.UTC)
    # Drawn in this order, as before the bodies were named: the same seed, the same rows.
    kind = rng.choice(Publication.Kind.values)
    publication_date = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(2000))
    summary_ar = normalize_arabic(_sentence(rng, AR_WORDS, 25))
    body_ar = "".join(f"<p>{normalize_arabic(_sentence(rng, AR_WORDS, 60))}</p>" for _ in range(6))
    summary_en = "" if arabic_only else _sentence(rng, EN_WORDS, 25)
    body_en = (
        "" if arabic_only else "".join(f"<p>{_sentence(rng, EN_WORDS, 60)}</p>" for _ in range(6))
    )
    return Publication(
        kind=kind,
        original_language="ar",
        publication_date=publication_date,
        title_ar=title_ar,
        summary_ar=summary_ar,
        body_ar=body_ar,
        title_en="" if arabic_only else title_en,
        summary_en=summary_en,
        body_en=body_en,
        slug_ar=f"منشور-{number}",
        slug_en=f"bench-publication-{number}",
        state_ar=published,
        state_en=Publication.State.MISSING if arabic_only else published,
        published_at_ar=now,
        published_at_en=None if arabic_only else now,
        search_title_ar=title_ar,
        search_title_en="" if arabic_only else title_en.lower(),
        search_snippet_ar=snippet_source(body_ar),
        search_snippet_en=snippet_source(body_en),
    )


def generate(*, count: int = 100_000, stdout=None) -> int:
    from diplomacy.taxonomy.models import Region, Sector
    from publications.models import Publication
    from publications.services import publications_search_reindex_batch

    existing = Publication.objects.count()
    sector_ids = list(Sector.objects.values_list("pk", flat=True))
    region_ids = list(Region.objects.values_list("pk", flat=True))
    rng = random.Random(existing)  # noqa: S311 - bench text, not secrets
    number = existing
    while number < count:
        size = min(BATCH, count - number)
        with transaction.atomic():
            rows = Publication.objects.bulk_create(
                [_publication(rng, number + offset) for offset in range(size)]
            )
            SectorLink = Publication.sectors.through
            RegionLink = Publication.regions.through
            SectorLink.objects.bulk_create(
                [SectorLink(publication_id=row.pk, sector_id=sector)
                 for row in rows for sector in rng.sample(sector_ids, min(2, len(sector_ids)))]
            )  # fmt: skip
            RegionLink.objects.bulk_create(
                [
                    RegionLink(publication_id=row.pk, region_id=rng.choice(region_ids))
                    for row in rows
                ]
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(VECTOR_SQL, [rows[0].pk, rows[-1].pk])
                # The Arabic ones as the search index rebuild writes them (our analysis).
                publications_search_reindex_batch(after_id=rows[0].pk - 1, size=len(rows))
        number += size
        if stdout is not None:
            stdout.write(f"    publications: {number}/{count}\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM too: the list's count is an index-only scan once the visibility map
            # is set.
            cursor.execute("VACUUM ANALYZE publications_publication")
    return Publication.objects.count()


def measure(*, requests: int = 40, stdout=sys.stdout) -> dict[str, tuple[float, float]]:
    """Median and p95 (ms) of each page, after three warm-up requests."""
    from django.test import Client

    from publications.models import Publication

    client = Client(HTTP_HOST="127.0.0.1")
    latest = Publication.objects.filter(state_en=Publication.State.PUBLISHED).latest("id")
    pages = [
        ("list (ar)", "/ar/publications/"),
        ("list, kind filter (en)", "/en/publications/?kind=report"),
        ("list, sector filter (ar)", "/ar/publications/?sector=education"),
        ("list, page 200 (ar)", "/ar/publications/?page=200"),
        ("detail (ar)", latest.get_absolute_url("ar")),
        ("detail (en)", latest.get_absolute_url("en")),
        ("search, one word (ar)", "/ar/search/?q=التعاونيات"),
        ("search, two words, unnormalized (ar)", "/ar/search/?q=مستشفى+الحسكة"),
        ("search, two words (en)", "/en/search/?q=cooperatives+hospital"),
        ("search, misspelt (en)", "/en/search/?q=Qamishli"),
    ]
    results = {}
    for label, path in pages:
        durations = []
        for index in range(requests + 3):
            started = time.perf_counter()
            status = client.get(path).status_code
            if index >= 3:
                durations.append((time.perf_counter() - started) * 1000)
        durations.sort()
        median, p95 = statistics.median(durations), durations[int(len(durations) * 0.95) - 1]
        results[label] = (median, p95)
        stdout.write(f"{label:<40} {status} median {median:6.1f} ms  p95 {p95:6.1f} ms\n")
    return results


if __name__ == "__main__":
    import django

    django.setup()
    generate(count=100_000, stdout=sys.stdout)
    measure()
