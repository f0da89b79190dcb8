"""Programs in the portal's search (publications/search.py collects the providers).

The center runs tens of programs a year, not thousands: matching is done in Python on
the normalized text of the published programs, which gives exactly the same Arabic
normalization as for publications without a stored index.
"""

from django.utils.translation import gettext_lazy as _

from diplomacy.arabic import normalize_arabic
from programs.models import Program
from publications.plaintext import html_to_text
from publications.search import ParsedQuery, SearchHit, SearchResults, highlight

# A safety bound: far above the number of programs the center will ever publish.
MAX_PROGRAMS_SCANNED = 2000


def _matches(text: str, terms: tuple[str, ...]) -> bool:
    words = normalize_arabic(text).lower()
    return all(term in words for term in terms)


class ProgramSearchProvider:
    key = "programs"
    label = _("Programs")

    def search(
        self, *, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults:
        programs = (
            Program.objects.public()
            .exclude(**{f"title_{language}": ""})
            .only(
                "slug", "kind", "starts_on", f"title_{language}", f"summary_{language}",
                f"description_{language}",
            )
            .order_by("-starts_on", "slug")[:MAX_PROGRAMS_SCANNED]
        )  # fmt: skip
        kinds = dict(Program.Kind.choices)
        found = []
        for program in programs:
            title = getattr(program, f"title_{language}") or ""
            summary = getattr(program, f"summary_{language}") or ""
            body = html_to_text(getattr(program, f"description_{language}") or "")
            text = f"{summary} {body}".strip()
            if _matches(f"{title} {text}", query.terms):
                found.append((program, title, text))
        hits = [
            SearchHit(
                title=title,
                url=program.get_absolute_url(),
                snippet=highlight(text or title, query.terms),
                language=language,
                date=program.starts_on,
                label=kinds.get(program.kind, ""),
            )
            for program, title, text in found[offset : offset + limit]
        ]
        return SearchResults(total=len(found), hits=hits)
