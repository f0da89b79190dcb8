"""Programs in the portal's search (diplomacy/search/ collects the providers).

The center runs tens of programs a year, not thousands: matching is done in Python on
the normalized text of the published programs (kept in the cache), which gives exactly
the same Arabic normalization as for publications without a stored index.
"""

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from diplomacy.arabic import fold_for_search, normalize_arabic
from diplomacy.kept_values import (
    generation_bump,
    generation_bump_now_and_after_commit,
    kept_for_generation,
)
from diplomacy.search.query import ParsedQuery, text_matches_query
from diplomacy.search.registry import SearchHit, SearchResults
from diplomacy.text import Highlighter, html_to_text
from programs.models import Program

# A safety bound: far above the number of programs the center will ever publish.
MAX_PROGRAMS_SCANNED = 2000


CORPUS_SECONDS = 60
# Bumped by every change of a program: a corpus built under an older version is rebuilt.
CORPUS_VERSION_KEY = "programs:search-corpus-version"
CORPUS_KEY = "programs:search-corpus:2:{language}"  # 2: entries hold "folded"


def _corpus(language: str) -> list[dict]:
    """The searchable text of the published programs in `language`, from the cache.

    The search page shares the six-query budget of every public page with the other
    providers, so programs cost no query once the corpus is cached. It is stored with
    the version it was built under, which changes whenever a program does
    (program_changed, see apps.py): the version and the corpus come in one round trip
    to Redis. It lives at most a minute in any case."""
    return kept_for_generation(
        CORPUS_VERSION_KEY,
        CORPUS_KEY.format(language=language),
        lambda: _corpus_built(language),
        timeout=CORPUS_SECONDS,
    )


def _corpus_built(language: str) -> list[dict]:
    """The published programs in `language`, read from the database and folded."""
    programs = (
        Program.objects.public()
        .exclude(**{f"title_{language}": ""})
        .only(
            "slug", "kind", "starts_on", f"title_{language}", f"summary_{language}",
            f"description_{language}",
        )
        .order_by("-starts_on", "slug")[:MAX_PROGRAMS_SCANNED]
    )  # fmt: skip
    corpus: list[dict] = []
    for program in programs:
        title = getattr(program, f"title_{language}") or ""
        summary = getattr(program, f"summary_{language}") or ""
        body = html_to_text(getattr(program, f"description_{language}") or "")
        text = f"{summary} {body}".strip()
        corpus.append(
            {
                "slug": program.slug,
                "kind": program.kind,
                "starts_on": program.starts_on,
                "title": title,
                "text": text,
                "normalized": normalize_arabic(f"{title} {text}").lower(),
                # Folded once here, not at every search (text_matches_query).
                "folded": fold_for_search(f"{title} {text}"),
            }
        )
    return corpus


class ProgramSearchProvider:
    key = "programs"
    label = _("Programs")

    def search(
        self, *, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults:
        kinds = dict(Program.Kind.choices)
        found = [
            entry
            for entry in _corpus(language)
            if text_matches_query(query, entry["normalized"], folded=entry["folded"])
        ]
        mark = Highlighter(query.highlight_terms)
        hits = []
        for entry in found[offset : offset + limit]:
            with translation.override(language):
                url = reverse("programs:detail", kwargs={"slug": entry["slug"]})
            hits.append(
                SearchHit(
                    title=entry["title"],
                    url=url,
                    snippet=mark(entry["text"] or entry["title"]),
                    language=language,
                    date=entry["starts_on"],
                    label=str(kinds.get(entry["kind"], "")),
                )
            )
        return SearchResults(total=len(found), hits=hits)


def program_changed(sender: type[Program], **kwargs: Any) -> None:
    """A program was saved or deleted: the cached corpus is stale (the public pages follow
    through diplomacy/pagecache_invalidation, programs being declared public)."""
    generation_bump_now_and_after_commit(CORPUS_VERSION_KEY)


def programs_corpus_forget() -> None:
    generation_bump(CORPUS_VERSION_KEY)
