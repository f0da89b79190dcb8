"""Applying the center's glossary to a machine draft.

For every glossary term found in the source segment, the renderings an engine is known
to produce instead of the fixed term ("Qamishli" for "Qamishlo") are replaced by the
term. A term whose fixed translation is still missing from the draft is returned as a
note, which the editor shows next to the segment.
"""

import re
from collections.abc import Iterable

from diplomacy.arabic import normalize_arabic
from diplomacy.translation.models import GlossaryTerm


def _pattern(term: str, language: str) -> re.Pattern[str]:
    if language == "ar":
        # Arabic words take attached prefixes (و، ب، ل، ال): match inside a word too.
        return re.compile(re.escape(term))
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


def text_contains_term(text: str, term: str, language: str) -> bool:
    if not term:
        return False
    if language == "ar":
        return normalize_arabic(term) in normalize_arabic(text)
    return bool(_pattern(term, language).search(text))


def glossary_apply(
    *,
    source: str,
    draft: str,
    source_language: str,
    target_language: str,
    terms: Iterable[GlossaryTerm],
) -> tuple[str, list[dict[str, str]]]:
    notes: list[dict[str, str]] = []
    for term in terms:
        source_term = term.term(source_language)
        target_term = term.term(target_language)
        if not target_term or not text_contains_term(source, source_term, source_language):
            continue
        for variant in term.variants(target_language):
            # A function replacement: the term is inserted literally (no backslash escapes).
            draft = _pattern(variant, target_language).sub(
                lambda _match, term=target_term: term, draft
            )
        if not text_contains_term(draft, target_term, target_language):
            notes.append({"source": source_term, "target": target_term})
    return draft, notes
