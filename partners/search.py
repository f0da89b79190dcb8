"""The public partner directory in the portal's search (/search/?q=…): only organizations
that agreed to be listed, matched on their names in every script, never on contact data."""

from django.db.models import Count, QuerySet, Window
from django.utils.translation import gettext_lazy as _

from diplomacy.search.query import ParsedQuery
from diplomacy.search.registry import SearchHit, SearchResults
from diplomacy.text import highlight
from partners.matching import search_query_text
from partners.models import Organization
from partners.selectors import (
    DirectoryFilters,
    directory_organizations,
    organization_matches_as_typed,
    organization_matches_closely,
)

# Matches are counted and paged among the first this many in the list's order: a common
# word («والتعاونية») matches thousands of names, and counting and sorting them all was a
# quarter of the search page's time. The page then says "300+", as for publications.
MAX_LISTED = 300


def _first_matches(matches: QuerySet[Organization]) -> QuerySet[Organization]:
    """The first MAX_LISTED of `matches` in their order."""
    return matches.filter(pk__in=matches.values("pk")[:MAX_LISTED])


def _page(matches: QuerySet[Organization], offset: int, limit: int) -> list[Organization]:
    # The total comes with the rows (a window count): one query, not two.
    return list(matches.annotate(full_count=Window(Count("id")))[offset : offset + limit])


class PartnerSearchProvider:
    key = "partners"
    label = _("Partners")

    def search(
        self, *, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults:
        # Hits show no sector or region: no prefetch query, no join.
        listed = (
            directory_organizations(DirectoryFilters())
            .select_related(None)
            .prefetch_related(None)
            .defer("region__slug", "region__name_ar", "region__name_en")
        )
        normalized = search_query_text(query.text)
        # As organization_search, but the page of exact matches is fetched straight away
        # instead of after an existence check: the close (fuzzy) matches are only looked
        # for when that page comes back empty and nothing matched as typed.
        matches = organization_matches_as_typed(listed, normalized) if normalized else listed
        counted = _first_matches(matches)
        rows = _page(counted, offset, limit)
        if not rows and normalized and (offset == 0 or not matches.exists()):
            # Close matches pass a similarity threshold and are all ranked by closeness
            # anyway: no cap (which would only plan their union twice).
            counted = matches = organization_matches_closely(listed, query.text, normalized)
            rows = _page(counted, offset, limit)
        total = rows[0].full_count if rows else (counted.count() if offset else 0)
        capped = counted is not matches and total >= MAX_LISTED
        kinds = dict(Organization.Kind.choices)
        hits = [
            SearchHit(
                title=organization.display_name,
                url=organization.get_absolute_url(),
                snippet=highlight(
                    getattr(organization, f"description_{language}") or "",
                    query.highlight_terms,
                ),
                language=language,
                label=kinds.get(organization.kind, ""),
            )
            for organization in rows
        ]
        return SearchResults(total=total, hits=hits, capped=capped)
