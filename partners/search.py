"""The public partner directory in the portal's search (/search/?q=…): only organizations
that agreed to be listed, matched on their names in every script, never on contact data."""

from django.utils.translation import gettext_lazy as _

from partners.models import Organization
from partners.selectors import DirectoryFilters, directory_organizations, organization_search
from publications.search import ParsedQuery, SearchHit, SearchResults, highlight


class PartnerSearchProvider:
    key = "partners"
    label = _("Partners")

    def search(
        self, *, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults:
        queryset = organization_search(directory_organizations(DirectoryFilters()), query.text)
        total = queryset.count()
        kinds = dict(Organization.Kind.choices)
        hits = [
            SearchHit(
                title=organization.display_name,
                url=organization.get_absolute_url(),
                snippet=highlight(
                    getattr(organization, f"description_{language}") or "", query.terms
                ),
                language=language,
                label=kinds.get(organization.kind, ""),
            )
            for organization in queryset[offset : offset + limit]
        ]
        return SearchResults(total=total, hits=hits)
