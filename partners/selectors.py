"""Read-side queries shared by the public directory, the staff views and the admin."""

import datetime
import re
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.translation import get_language

from diplomacy.accounts.models import User
from diplomacy.addresses import addresses_of
from diplomacy.arabic import fold_for_search
from diplomacy.arabic_analysis import tsquery_text
from diplomacy.gazetteer import query_groups
from diplomacy.lexicon.selectors import current_lexicon
from diplomacy.lexicon.tsearch import stemmed_search_query
from diplomacy.pagecache import cached_for_generation
from diplomacy.taxonomy.models import Region, Sector
from diplomacy.written_sql import model_instances
from partners.matching import name_skeleton, search_query_text, words_by_script
from partners.models import (
    Affiliation,
    Agreement,
    Interaction,
    Organization,
    OrganizationImport,
)


def organization_search(queryset: QuerySet[Organization], query: str) -> QuerySet[Organization]:
    """Organizations whose names (any script), town or tags match `query`, best first.

    On PostgreSQL: full-text match on the normalized names, or substring (in the list's
    own order); when nothing matches as typed, a close trigram word similarity (so
    "cooprative" finds "cooperative") or the consonant skeleton, ranked by similarity.
    Elsewhere (SQLite under `make run`): every normalized query word must appear.
    """
    normalized = search_query_text(query)
    if not normalized:
        return queryset
    exact = organization_matches_as_typed(queryset, normalized)
    # Fuzzy matching (trigrams, consonant skeletons) costs more: it is only tried when
    # no name contains the words as typed, which is when staff misspelled them.
    if exact.exists():
        return exact
    return organization_matches_closely(queryset, query, normalized)


def organization_matches_as_typed(
    queryset: QuerySet[Organization], normalized: str
) -> QuerySet[Organization]:
    """The first half of organization_search: `normalized` is search_query_text(query)."""
    places = _place_groups(normalized)
    if places:
        return queryset.filter(_place_condition(places))
    if connection.vendor != "postgresql":
        for word in normalized.split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset
    # The names' vector holds their light stems (organization_search_refresh).
    full_text = stemmed_search_query([(word,) for word in normalized.split()])
    # Both conditions have a GIN index: PostgreSQL combines them (BitmapOr). Every
    # match contains the words as typed, so the list keeps its own order: ranking
    # thousands of matches by similarity would cost more than it tells.
    return queryset.filter(Q(search_vector=full_text) | Q(search_text__contains=normalized))


def _place_groups(normalized: str) -> list[tuple[str, ...]]:
    """The query's words grouped by the gazetteer, folded as `search_text` is; empty
    when no word names a place (then the plain match is cheaper)."""
    groups = query_groups(normalized.split())
    if all(len(group) == 1 for group in groups):
        return []
    return [tuple(dict.fromkeys(fold_for_search(s) for s in group)) for group in groups]


def _place_condition(groups: list[tuple[str, ...]]) -> Q:
    """Every group in the names: any spelling of a place (at the start of a word, so
    "hol" is not found in "whole"), or the word itself."""
    condition = Q()
    for group in groups:
        if len(group) == 1:
            condition &= Q(search_text__contains=group[0])
            continue
        # One regular expression for all the spellings: PostgreSQL then reads the
        # candidates from the trigram index and tests each row once; an OR of one
        # expression per spelling was tested spelling by spelling on every row.
        spellings = "|".join(re.escape(spelling) for spelling in group)
        condition &= Q(search_text__regex=rf"(^| )({spellings})")
    return condition


def organization_matches_closely(
    queryset: QuerySet[Organization], query: str, normalized: str
) -> QuerySet[Organization]:
    """The second half of organization_search, for when nothing matched as typed."""
    branches = _fuzzy_branches(query, normalized)
    if connection.vendor != "postgresql":
        branches = branches[1:]  # no trigrams here
        return queryset.filter(branches[0]) if branches else queryset.none()
    # Each fuzzy branch is answered from its own index and the ids are united first: in
    # one OR with the regular expression (no index for short patterns) PostgreSQL would
    # compute trigram similarities for every row, and an OR of two IN (subquery) would
    # still read the whole table to test each row against both.
    candidates = [
        Organization.objects.filter(branch).order_by().values("pk") for branch in branches
    ]
    return (
        queryset.filter(pk__in=candidates[0].union(*candidates[1:]))
        .annotate(closeness=TrigramWordSimilarity(normalized, close_match_column(normalized)))
        .order_by("-closeness", "pk")
    )


def close_match_column(normalized: str) -> str:
    """The words the close match compares `normalized` (search_query_text) with: those
    of its own script (partners.matching.words_by_script), or all of them when it mixes
    scripts."""
    latin, non_latin = words_by_script(normalized)
    if latin == normalized:
        return "latin_words"
    if non_latin == normalized:
        return "non_latin_words"
    return "search_text"


def _fuzzy_branches(query: str, normalized: str) -> list[Q | RawSQL]:
    # `(SELECT %s)` hides the query from the planner, as in _LISTED_SEARCH_SQL. The
    # column's name is ours; the query is a parameter.
    close = f"{close_match_column(normalized)} %%> (SELECT %s)"
    branches: list[Q | RawSQL] = [
        RawSQL(close, [normalized], output_field=BooleanField())  # noqa: S611
    ]
    # The consonant skeleton finds a name written in another script or spelled the
    # way it sounds ("Firdous" → الفردوس, "Amouda Bakry" → "Amuda Cooperative Bakery"):
    # every word's skeleton must begin a word of the name's skeleton.
    words = _skeleton_words(query)
    if words:
        skeleton = Q()
        for word in words:
            skeleton &= Q(name_keys__regex=_word_start_pattern(word))
        branches.append(skeleton)
    return branches


@dataclass(frozen=True)
class ListedSearchPage:
    """A page of the portal search's partners: the rows, how many matched (at most the
    cap when matched as typed) and whether they are the close matches."""

    organizations: list[Organization]
    total: int
    close: bool


# The portal search's partners in one statement on PostgreSQL: the listed organizations
# matching as typed, the first `cap` in the directory's order; or, only when there are
# none, the close matches, closest first. Then one page of them, counted, joined to the
# columns a hit shows. Written out rather than built with the ORM: building and
# compiling the two querysets cost more than PostgreSQL took to answer them.
# `(SELECT %s)` hides a value from the planner's estimates: of `%>`, which otherwise
# computes the similarity of the query to every sampled name (~1.2 ms per search), and of
# LIKE and `~`, which match the pattern against the column's statistics (planning took
# 0.55 ms with them, 0.30 ms without; the plan is the same).
_LISTED_SEARCH_SQL = """
WITH typed AS MATERIALIZED (
    SELECT id, {order_name} AS order_name, slug FROM partners_organization
    WHERE directory_consent AND {typed_condition}
    ORDER BY {order_name}, slug LIMIT %s
), found AS (
    SELECT id, false AS close, row_number() OVER (ORDER BY order_name, slug) AS position
    FROM typed
    UNION ALL
    SELECT id, true, row_number() OVER (ORDER BY word_similarity(%s, {close_column}) DESC, id)
    FROM partners_organization
    WHERE NOT EXISTS (SELECT FROM typed) AND directory_consent AND id IN (
        SELECT id FROM partners_organization WHERE {close_column} %%> (SELECT %s)
        {skeleton_branch}
    )
)
SELECT organization.id, organization.slug, organization.kind, organization.name_ar,
    organization.name_en, organization.name_native, organization.name_latin,
    organization.{description}, page.close, page.full_count
FROM (
    SELECT id, close, position, count(*) OVER () AS full_count FROM found
    ORDER BY position LIMIT %s OFFSET %s
) AS page JOIN partners_organization AS organization ON organization.id = page.id
ORDER BY page.position
"""


def listed_organizations_search_page(
    *, query: str, language: str, cap: int, offset: int, limit: int
) -> ListedSearchPage:
    """The portal search's page of listed organizations for `query` (a parsed query's
    text): as organization_search matches them, those matched as typed counted among
    the first `cap` in the directory's order. Never contact data."""
    if connection.vendor != "postgresql":
        return _listed_search_page_elsewhere(query, cap, offset, limit)
    normalized = search_query_text(query)
    typed_condition, typed_params = _typed_condition_sql(normalized)
    skeleton_words = _skeleton_words(query)
    skeleton_branch = ""
    if skeleton_words:  # every word's skeleton begins a word of the name's skeleton
        conditions = " AND ".join(["name_keys ~ (SELECT %s)"] * len(skeleton_words))
        skeleton_branch = f"UNION SELECT id FROM partners_organization WHERE {conditions}"  # noqa: S608
    sql = _LISTED_SEARCH_SQL.format(
        order_name=f"name_{directory_language()}",
        typed_condition=typed_condition,
        skeleton_branch=skeleton_branch,
        close_column=close_match_column(normalized),
        description=f"description_{language}",
    )
    # Names are ours; every value (the visitor's words among them) is a parameter.
    params: list[object] = [*typed_params, cap, normalized, normalized,
              *(_word_start_pattern(word) for word in skeleton_words)]  # fmt: skip
    rows = model_instances(Organization, sql, [*params, limit, offset])
    counted = rows
    if not rows and offset:  # past the last page: the count comes with the first row
        counted = model_instances(Organization, sql, [*params, 1, 0])
    # The count and the kind of match come with every row (annotations of the SQL).
    total = getattr(counted[0], "full_count", 0) if counted else 0
    close = getattr(counted[0], "close", False) if counted else False
    return ListedSearchPage(rows, total, close)


def _typed_condition_sql(normalized: str) -> tuple[str, list[str]]:
    """organization_matches_as_typed's condition on PostgreSQL, as SQL and parameters."""
    if not normalized:
        return "true", []
    places = _place_groups(normalized)
    if not places:
        full_text = tsquery_text(current_lexicon(), [(word,) for word in normalized.split()])
        return "(search_vector @@ (%s)::tsquery OR search_text LIKE (SELECT %s))", [
            full_text,
            _containing_pattern(normalized),
        ]
    conditions, params = [], []
    for group in places:
        if len(group) == 1:
            conditions.append("search_text LIKE (SELECT %s)")
            params.append(_containing_pattern(group[0]))
        else:  # as _place_condition: one regular expression for all the spellings
            conditions.append("search_text ~ (SELECT %s)")
            params.append(rf"(^| )({'|'.join(re.escape(spelling) for spelling in group)})")
    return "(" + " AND ".join(conditions) + ")", params


def _containing_pattern(text: str) -> str:
    return f"%{connection.ops.prep_for_like_query(text)}%"


def _skeleton_words(query: str) -> list[str]:
    """The consonant skeletons of the query's words that a close match must begin a
    word of its skeleton with (see _fuzzy_branches)."""
    return [word for word in name_skeleton(query).split() if len(word) >= 2]


def _word_start_pattern(word: str) -> str:
    return rf"(^| ){re.escape(word)}"


def _listed_search_page_elsewhere(
    query: str, cap: int, offset: int, limit: int
) -> ListedSearchPage:
    """Without PostgreSQL (`make run` on SQLite): organization_search, demo-sized data."""
    listed = (
        directory_organizations(DirectoryFilters())
        .select_related(None)
        .prefetch_related(None)
        .defer("region__slug", "region__name_ar", "region__name_en")
    )
    normalized = search_query_text(query)
    matches = organization_matches_as_typed(listed, normalized) if normalized else listed
    if matches.exists():
        first = matches.filter(pk__in=matches.values("pk")[:cap])
        return ListedSearchPage(list(first[offset : offset + limit]), first.count(), False)
    closely = organization_matches_closely(listed, query, normalized)
    return ListedSearchPage(list(closely[offset : offset + limit]), closely.count(), True)


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    sector: str = ""
    kind: str = ""
    region: str = ""


def directory_organizations(filters: DirectoryFilters) -> QuerySet[Organization]:
    """Organizations that agreed to be listed publicly: never contact data."""
    queryset: QuerySet[Organization] = (
        Organization.objects.filter(directory_consent=True)
        .select_related("region")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("position")))
        .only(
            "slug",
            "name_ar",
            "name_en",
            "name_native",
            "name_latin",
            "kind",
            "region__slug",
            "region__name_ar",
            "region__name_en",
            "town_ar",
            "town_en",
            "country",
            "world_region",
            "logo",
            "logo_renditions",
            "logo_renditions_of",
            # The search hits' snippet; the other language's text is never shown.
            f"description_{directory_language()}",
        )
        # Alphabetical in the page's language (indexed), the slug breaking ties.
        .order_by(f"name_{directory_language()}", "slug")
    )
    if filters.kind in Organization.Kind.values:
        queryset = queryset.filter(kind=filters.kind)
    if filters.sector:
        queryset = queryset.filter(
            Exists(
                Organization.sectors.through.objects.filter(
                    organization_id=OuterRef("pk"), sector__slug=filters.sector
                )
            )
        )
    if filters.region:
        if filters.region in Organization.WorldRegion.values:
            queryset = queryset.filter(world_region=filters.region, region__isnull=True)
        else:
            queryset = queryset.filter(region__slug=filters.region)
    if filters.query:
        queryset = organization_search(queryset, filters.query)
    return queryset


class KeysFirstPaginator(Paginator):
    """Cuts a page from the primary keys alone, then reads the page's rows by key.

    With OFFSET, PostgreSQL reads every row before the page (page 100 of the directory:
    2,400 wide rows, descriptions and search columns included) only to skip them; the
    keys come from the directory's index without touching the table (an index-only scan
    on `partners_org_listed_<lang>`), and only the rows shown are read."""

    object_list: QuerySet[Organization]

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return Page(self.object_list.filter(pk__in=keys), number, self)


class RowsFirstPaginator(Paginator):
    """For a search: the page's rows are read first, and the matches counted only when
    there may be more of them (a first page with room to spare holds them all), so a
    search no longer runs once to see whether anything matches, once to count and once
    for the rows. A count over a window would read every match in the list's order."""

    object_list: QuerySet[Organization]

    def get_page(self, number: int | float | str | None) -> Page:
        try:
            # Bounded: an OFFSET past PostgreSQL's bigint would be an error, not a page.
            number = min(max(int(number or 1), 1), 1_000_000)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if number == 1 and len(rows) < self.per_page:
            self.count = len(rows)
        elif not rows:
            return super().get_page(number)  # past the last page: counted, then the last
        return Page(rows, number, self)


def directory_page(*, filters: DirectoryFilters, number: str | int | None, per_page: int) -> Page:
    """One page of the directory. A search's page holds its rows already; a page of the
    list holds a query not run yet: directory_cards reads it, when the cards are not kept
    already (views.py)."""
    listed = (
        directory_organizations(replace(filters, query=""))
        .prefetch_related(None)
        # The cards show no description (the portal's search hits do).
        .defer(f"description_{directory_language()}")
    )
    if filters.query:
        return _directory_search_page(listed, filters.query, number, per_page)
    paginator = KeysFirstPaginator(listed, per_page)
    # Counting thousands of rows costs more than the page; the number changes only with
    # public content, which bumps the generation.
    paginator.count = cached_for_generation(
        f"partners:directory-count:{filters.kind}:{filters.sector}:{filters.region}",
        listed.count,
    )
    return paginator.get_page(number)


def directory_cards(*, page: Page, sectors: list[Sector]) -> list[Organization]:
    """The page's organizations, each with `kind_label`, `listed_sectors` (from `sectors`,
    the filter form's list: no query for the sectors themselves) and `url`."""
    page.object_list = list(page.object_list)
    _annotate_cards(page, sectors)
    return page.object_list


def _directory_search_page(
    listed: QuerySet[Organization], query: str, number: str | int | None, per_page: int
) -> Page:
    """As organization_search: the matches as typed in the list's order or, when there
    are none, the close (fuzzy) matches, closest first — each search run once."""
    normalized = search_query_text(query)
    if not normalized:
        return RowsFirstPaginator(listed, per_page).get_page(number)
    matches = organization_matches_as_typed(listed, normalized)
    page = RowsFirstPaginator(matches, per_page).get_page(number)
    if page.paginator.count:
        return page
    # The close matches are ranked by similarity over all of them: their keys are read
    # once, in order, and give both the number and the page; then the page's rows by key.
    closely = organization_matches_closely(listed, query, normalized)
    keys = Paginator(list(closely.values_list("pk", flat=True)), per_page).get_page(number)
    rows = listed.in_bulk(keys.object_list)
    return Page([rows[pk] for pk in keys.object_list if pk in rows], keys.number, keys.paginator)


def _annotate_cards(page: Page, sectors: list[Sector]) -> None:
    by_pk = {sector.pk: sector for sector in sectors}
    listed: dict[int, list[Sector]] = {}
    pairs = Organization.sectors.through.objects.filter(
        organization_id__in=[organization.pk for organization in page.object_list]
    ).values_list("organization_id", "sector_id")
    for organization_id, sector_id in pairs:
        if sector_id in by_pk:
            listed.setdefault(organization_id, []).append(by_pk[sector_id])
    position = {sector.pk: index for index, sector in enumerate(sectors)}
    # get_kind_display() builds a dictionary of the translated choices at every call.
    kinds = {value: str(label) for value, label in Organization.Kind.choices}
    detail_url = addresses_of("partners:detail", "slug")
    for organization in page.object_list:
        organization.url = detail_url(organization.slug)
        organization.kind_label = kinds.get(organization.kind, "")
        organization.listed_sectors = sorted(
            listed.get(organization.pk, []), key=lambda sector: position[sector.pk]
        )


def directory_language() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def directory_organization_get(*, slug: str) -> Organization:
    try:
        return (
            Organization.objects.filter(directory_consent=True)
            .select_related("region")
            .prefetch_related("sectors")
            .defer("emails", "phones", "search_text", "search_vector", "name_keys", "owner")
            .get(slug=slug)
        )
    except Organization.DoesNotExist:
        raise Http404 from None


def directory_filter_choices() -> dict:
    """Sectors and regions for the directory's filter form (two small queries, kept until
    public content changes); the sectors, in their order, also name each organization's
    sectors (directory_page)."""
    sectors, regions = cached_for_generation("partners:directory-choices", _sectors_and_regions)
    return {
        "sectors": sectors,
        "regions": regions,
        "kinds": Organization.Kind.choices,
        "world_regions": Organization.WorldRegion.choices,
    }


def _sectors_and_regions() -> tuple[list[Sector], list[Region]]:
    # Both names are kept: the cached lists serve the Arabic and the English page.
    return (
        list(Sector.objects.only("slug", "name_ar", "name_en")),
        list(Region.objects.only("slug", "name_ar", "name_en")),
    )


def organization_timeline(*, organization: Organization) -> QuerySet[Interaction]:
    """The whole history of one organization, newest first, with who took part."""
    return (
        organization.interactions.select_related("follow_up_owner", "created_by", "source_type")
        .prefetch_related("staff_participants", "contact_participants")
        .order_by("-occurred_on", "-pk")
    )


def organization_current_contacts(*, organization: Organization) -> QuerySet[Affiliation]:
    return organization.affiliations.select_related("contact").order_by("ended_on", "contact__name")


def organization_import_for(*, user: User, pk: int) -> OrganizationImport:
    """An import of the person asking: nobody watches or confirms another's upload."""
    found = OrganizationImport.objects.filter(pk=pk, uploader=user).first()
    if found is None:
        raise Http404
    return found


# Agreements ending within this many days are shown on the staff dashboard.
DASHBOARD_AGREEMENT_DAYS = 60


def dashboard_counts(*, user: User, today: datetime.date) -> dict | None:
    """Agreements ending soon and follow-ups due, for staff who keep partners' records;
    the same filters as the admin's lists the dashboard links to."""
    if not user.has_perm("partners.view_agreement"):
        return None
    agreements_until = today + datetime.timedelta(days=DASHBOARD_AGREEMENT_DAYS)
    return {
        "agreements": Agreement.objects.filter(
            ends_on__gte=today, ends_on__lte=agreements_until
        ).count(),
        "agreements_from": today,
        # The admin's date filter reads its upper bound as "before".
        "agreements_before": agreements_until + datetime.timedelta(days=1),
        # As the admin's "follow-up: due" filter counts them.
        "follow_ups_due": Interaction.objects.filter(
            follow_up_done=False, follow_up_on__isnull=False, follow_up_on__lte=today
        ).count(),
    }
