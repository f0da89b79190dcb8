"""Bench data: top the partners up to `count` organizations (20,000 for `make bench`) with
five interactions each (100,000), names in Arabic, English and Kurdish/Latin.

Rows are bulk-inserted in batches; their search columns are filled the way
`organization_search_refresh` fills them (normalized text and name skeletons in Python,
the tsvector with the light stems in one UPDATE per batch, as `search_reindex` does). Rerunning adds nothing once the
count is reached. `measure_staff_search` times the staff list and search in-process;
`python -m bench.partners_staff` runs both on the bench database.
"""

import datetime
import random
import statistics
import time

from django.db import connection, transaction

from diplomacy.taxonomy.models import Region, Sector
from partners.matching import name_keys, search_words, website_domain, words_by_script
from partners.models import Interaction, Organization
from partners.services import organizations_search_reindex_batch

BATCH = 2_000
INTERACTIONS_PER_ORGANIZATION = 5
KINDS_AR = [
    ("association", "جمعية", "Association", "Komeleya"),
    ("cooperative", "تعاونية", "Cooperative", "Kooperatîfa"),
    ("union", "نقابة", "Union", "Sendîkaya"),
    ("municipality", "بلدية", "Municipality", "Şaredariya"),
    ("academy", "أكاديمية", "Academy", "Akademiya"),
    ("civil", "منظمة", "Organization", "Rêxistina"),
]
SUBJECTS = [
    ("النساء", "Women", "Jinên"),
    ("الشباب", "Youth", "Ciwanên"),
    ("المعلمين", "Teachers", "Mamosteyên"),
    ("المزارعين", "Farmers", "Cotkarên"),
    ("الأطباء", "Doctors", "Bijîşkên"),
    ("الصحفيين", "Journalists", "Rojnamevanên"),
    ("الفنانين", "Artists", "Hunermendên"),
    ("المهندسين", "Engineers", "Endezyarên"),
]
PLACES = [
    ("قامشلو", "Qamishlo", "Qamişlo"),
    ("الحسكة", "Hasakah", "Hesekê"),
    ("عامودا", "Amuda", "Amûdê"),
    ("الدرباسية", "Darbasiyah", "Dirbêsiyê"),
    ("كوباني", "Kobani", "Kobanê"),
    ("الرقة", "Raqqa", "Reqayê"),
    ("منبج", "Manbij", "Minbicê"),
    ("الطبقة", "Tabqa", "Tebqayê"),
    ("ديريك", "Derik", "Dêrikê"),
    ("تل تمر", "Tel Tamr", "Girê Xurmê"),
]
ABROAD = [
    ("بروكسل", "Brussels", "BE", "europe"),
    ("برلين", "Berlin", "DE", "europe"),
    ("باريس", "Paris", "FR", "europe"),
    ("ستوكهولم", "Stockholm", "SE", "europe"),
    ("تورونتو", "Toronto", "CA", "north-america"),
    ("تونس", "Tunis", "TN", "north-africa"),
]


def _organization(rng: random.Random, number: int, regions: list[Region]) -> Organization:
    kind, kind_ar, kind_en, kind_ku = rng.choice(KINDS_AR)
    subject_ar, subject_en, subject_ku = rng.choice(SUBJECTS)
    fields: dict = {}
    if rng.random() < 0.7:
        place_ar, place_en, place_ku = rng.choice(PLACES)
        fields.update(
            region=rng.choice(regions),
            country="SY",
            world_region="middle-east",
            town_ar=place_ar,
            town_en=place_en,
            name_native=f"{kind_ku} {subject_ku} {place_ku} {number}",
            name_latin=f"{kind_ku} {subject_ku} {place_ku} {number}",
        )
    else:
        place_ar, place_en, country, world_region = rng.choice(ABROAD)
        fields.update(country=country, world_region=world_region, name_latin="")
    name_ar = f"{kind_ar} {subject_ar} في {place_ar} {number}"
    name_en = f"{place_en} {subject_en} {kind_en} {number}"
    website = f"https://org{number}.example.org" if rng.random() < 0.5 else ""
    organization = Organization(
        slug=f"bench-org-{number}",
        name_ar=name_ar,
        name_en=name_en,
        kind=kind,
        status=rng.choice(["prospect", "active", "active", "dormant", "ended"]),
        status_changed_on=datetime.date(2024, 1, 1),
        directory_consent=rng.random() < 0.7,
        website=website,
        website_domain=website_domain(website),
        emails=[f"info@org{number}.example.org"],
        description_ar=f"{name_ar}: منظمة تعمل مع المركز في مجال {subject_ar}.",
        description_en=f"{name_en} works with the center with {subject_en.lower()}.",
        **fields,
    )
    names = [name_ar, name_en, organization.name_native, organization.name_latin]
    region = organization.region
    # As organization_search_refresh writes it: names, town and region (no tags here).
    organization.search_text = search_words(
        *names,
        organization.town_ar or "",
        organization.town_en or "",
        *([region.name_ar, region.name_en] if region else []),
    )
    organization.latin_words, organization.non_latin_words = words_by_script(
        organization.search_text
    )
    organization.name_keys = name_keys(*names)
    return organization


def generate(*, count: int = 20_000, stdout=None) -> int:
    existing = Organization.objects.count()
    sector_ids = list(Sector.objects.values_list("pk", flat=True))
    regions = list(Region.objects.all())
    rng = random.Random(existing)  # noqa: S311 - bench text, not secrets
    number = existing
    today = datetime.date.today()
    while number < count:
        size = min(BATCH, count - number)
        with transaction.atomic():
            rows = Organization.objects.bulk_create(
                [_organization(rng, number + offset, regions) for offset in range(size)]
            )
            SectorLink = Organization.sectors.through
            SectorLink.objects.bulk_create(
                [SectorLink(organization_id=row.pk, sector_id=sector)
                 for row in rows for sector in rng.sample(sector_ids, min(2, len(sector_ids)))]
            )  # fmt: skip
            Interaction.objects.bulk_create(
                [
                    Interaction(
                        organization_id=row.pk,
                        kind=rng.choice(["meeting", "call", "email", "visit", "event"]),
                        occurred_on=today - datetime.timedelta(days=rng.randint(0, 1500)),
                        summary="لقاء لمتابعة التعاون / meeting to follow up the cooperation",
                    )
                    for row in rows
                    for _index in range(INTERACTIONS_PER_ORGANIZATION)
                ]
            )
            # The vectors as the portal writes them (light stems of the names: «والتعاونية»
            # finds the cooperatives), or the bench would search easier data than production.
            organizations_search_reindex_batch(after_id=rows[0].pk - 1, size=len(rows))
        number += size
        if stdout is not None:
            stdout.write(f"    partners: {number}/{count}\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE partners_organization")
            cursor.execute("ANALYZE partners_interaction")
    return Organization.objects.count()


STAFF_QUERIES = [
    ("staff list, page 1", {}),
    ("staff list, status and kind filter", {"status__exact": "active", "kind__exact": "union"}),
    ("staff list, page 100", {"p": "100"}),
    ("staff search, Arabic word", {"q": "الدرباسيه"}),
    ("staff search, Kurdish without accents", {"q": "Dirbesiye Jinen"}),
    ("staff search, misspelled English", {"q": "Qamishlo Jurnalists"}),
    ("staff search, Latin spelling of Arabic", {"q": "Amouda"}),
]


def measure_staff_search(*, requests: int = 30) -> list[tuple[str, float, float]]:
    """Median and p95 (ms) of the admin organization list and its search, in-process
    with Django's test client (the admin needs a signed-in Partnerships member)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from diplomacy.accounts.roles import PARTNERSHIPS

    member, _created = get_user_model().objects.get_or_create(
        email="bench-partnerships@example.org", defaults={"is_staff": True}
    )
    member.groups.add(Group.objects.get(name=PARTNERSHIPS))
    client = Client(HTTP_HOST="localhost")  # a host the bench settings allow
    client.force_login(member)
    results = []
    for label, params in STAFF_QUERIES:
        durations = []
        for index in range(requests + 2):
            started = time.perf_counter()
            response = client.get("/admin/partners/organization/", params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (label, response.status_code)
            if index >= 2:
                durations.append(elapsed)
        durations.sort()
        results.append(
            (label, statistics.median(durations), durations[int(len(durations) * 0.95) - 1])
        )
    return results
