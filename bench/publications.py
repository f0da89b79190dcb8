"""Bench data: top the publications table up to `count` rows (100,000 for `make bench`).

Usage (called by bench/scale.py once Django is set up on the bench database):

    from bench.publications import generate
    generate(count=100_000, stdout=sys.stdout)  # -> rows now in the table

Rows are bulk-inserted in batches with varied Arabic and English text (most published in
both languages, one in eight only in Arabic), a few sectors and regions each, and their
stored search columns filled the way `publication_search_refresh` fills them (text
normalized in Python, tsvectors computed by PostgreSQL in one UPDATE per batch). Rerunning
adds nothing once the count is reached.
"""

import datetime
import random

from django.db import connection, transaction

from diplomacy.arabic import normalize_arabic
from diplomacy.taxonomy.models import Region, Sector
from publications.models import Publication

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
  search_vector_ar = setweight(to_tsvector('arabic', search_title_ar), 'A')
    || setweight(to_tsvector('arabic', coalesce(summary_ar, '')), 'B')
    || setweight(to_tsvector('arabic', regexp_replace(coalesce(body_ar, ''), '<[^>]+>', ' ', 'g')), 'C'),
  search_vector_en = setweight(to_tsvector('english', search_title_en), 'A')
    || setweight(to_tsvector('english', coalesce(summary_en, '')), 'B')
    || setweight(to_tsvector('english', regexp_replace(coalesce(body_en, ''), '<[^>]+>', ' ', 'g')), 'C')
WHERE id BETWEEN %s AND %s
"""


def _sentence(rng: random.Random, words: tuple | list, length: int) -> str:
    return " ".join(rng.choice(words) for _ in range(length))


def _publication(rng: random.Random, number: int) -> Publication:
    title_ar = normalize_arabic(_sentence(rng, AR_WORDS, 6))
    title_en = _sentence(rng, EN_WORDS, 6).capitalize()
    arabic_only = number % 8 == 0
    published = Publication.State.PUBLISHED
    now = datetime.datetime.now(datetime.UTC)
    return Publication(
        kind=rng.choice(Publication.Kind.values),
        original_language="ar",
        publication_date=datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(2000)),
        title_ar=title_ar,
        summary_ar=normalize_arabic(_sentence(rng, AR_WORDS, 25)),
        body_ar="".join(
            f"<p>{normalize_arabic(_sentence(rng, AR_WORDS, 60))}</p>" for _ in range(6)
        ),
        title_en="" if arabic_only else title_en,
        summary_en="" if arabic_only else _sentence(rng, EN_WORDS, 25),
        body_en=""
        if arabic_only
        else "".join(f"<p>{_sentence(rng, EN_WORDS, 60)}</p>" for _ in range(6)),
        slug_ar=f"منشور-{number}",
        slug_en=f"bench-publication-{number}",
        state_ar=published,
        state_en=Publication.State.MISSING if arabic_only else published,
        published_at_ar=now,
        published_at_en=None if arabic_only else now,
        search_title_ar=title_ar,
        search_title_en="" if arabic_only else title_en.lower(),
    )


def generate(*, count: int = 100_000, stdout=None) -> int:
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
        number += size
        if stdout is not None:
            stdout.write(f"    publications: {number}/{count}\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE publications_publication")
    return Publication.objects.count()
