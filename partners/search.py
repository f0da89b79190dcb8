"""The public partner directory in the portal's search (/search/?q=…): only organizations
that agreed to be listed, matched on their names in every script, never on contact data."""

from django.utils.translation import gettext_lazy as _

from diplomacy.addresses import addresses_of
from diplomacy.search.query import ParsedQuery
from diplomacy.search.registry import SearchHit, SearchResults
from diplomacy.text import Highlighter
from partners.models import Organization
from partners.selectors import listed_organizations_search_page

# Matches are counted and paged among the first this many in the list's order: a common
# word («والتعاونية») matches thousands of names, and counting and sorting them all was a
# quarter of the search page's time. The page then says "300+", as for publications.
MAX_LISTED = 300


class PartnerSearchProvider:
    key = "partners"
    label = _("Partners")

    def search(
        self, *, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults:
        # The matches as typed or, when there are none, the close (fuzzy) matches: one
        # statement (listed_organizations_search_page).
        page = listed_organizations_search_page(
            query=query.text, language=language, cap=MAX_LISTED, offset=offset, limit=limit
        )
        kinds = dict(Organization.Kind.choices)
        detail_url = addresses_of("partners:detail", "slug")
        mark = Highlighter(query.highlight_terms)
        hits = [
            SearchHit(
                title=organization.display_name,
                url=detail_url(organization.slug),
                snippet=mark(getattr(organization, f"description_{language}") or ""),
                language=language,
                label=str(kinds.get(organization.kind, "")),
            )
            for organization in page.organizations
        ]
        capped = not page.close and page.total >= MAX_LISTED
        return SearchResults(total=page.total, hits=hits, capped=capped)
