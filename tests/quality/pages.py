"""The key pages every quality gate checks: accessibility (axe-core), HTML validity (the
Nu checker), right-to-left layout and the SQL query budget — in Arabic and in English.

A page joins every gate by one line in KEY_PAGES. A page whose URL name does not resolve
yet (its app is still being built), or whose object is missing from the content, is
skipped with the reason.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

LANGUAGES = ("ar", "en")


@dataclass(frozen=True)
class KeyPage:
    name: str  # used in test ids and output file names
    url_name: str
    # For pages of one object: returns the URL kwargs for that language, or None if the
    # content has no such object.
    kwargs: Callable[[str], dict | None] | None = None
    query: str = ""
    signed_in: bool = False  # visited by a signed-in applicant (pages behind a login)

    def path(self, language: str) -> str:
        """The page's path in `language`; skips the test when it cannot exist yet."""
        kwargs = {}
        if self.kwargs is not None:
            kwargs = self.kwargs(language)
            if kwargs is None:
                pytest.skip(f"{self.name}: no object for it in the {language} content")
        with translation.override(language):
            try:
                path = reverse(self.url_name, kwargs=kwargs)
            except NoReverseMatch:
                pytest.skip(f"{self.name}: URL name {self.url_name!r} does not resolve yet")
        return f"{path}?{self.query}" if self.query else path


# --- Objects for detail pages (imported lazily: the apps may not have them yet) ---------


def published_publication(language: str) -> dict | None:
    from publications.models import Publication

    field = f"slug_{language}"
    publication = (
        Publication.objects.filter(**{f"state_{language}": "published"})
        .exclude(**{field: ""})
        .order_by("-publication_date", "pk")
        .first()
    )
    return {"slug": getattr(publication, field)} if publication else None


def public_program(language: str) -> dict | None:
    from programs.models import Program

    program = Program.objects.order_by("pk").first()
    return {"slug": program.slug} if program else None


def listed_partner(language: str) -> dict | None:
    from partners.models import Organization

    partner = Organization.objects.filter(directory_consent=True).order_by("pk").first()
    return {"slug": partner.slug} if partner else None


KEY_PAGES = [
    KeyPage("home", "home"),
    KeyPage("about", "about"),
    KeyPage("publication-list", "publications:list"),
    KeyPage("publication-detail", "publications:detail", kwargs=published_publication),
    KeyPage("search", "search", query="q=syria"),
    KeyPage("program-list", "programs:list"),
    KeyPage("program-detail", "programs:detail", kwargs=public_program),
    KeyPage("program-calendar", "programs:upcoming"),
    KeyPage("partner-directory", "partners:list"),
    KeyPage("partner-detail", "partners:detail", kwargs=listed_partner),
    KeyPage("delegation-info", "delegations:info"),
    KeyPage("delegation-apply", "delegations:apply", signed_in=True),
    KeyPage("signup", "account_signup"),
    KeyPage("login", "account_login"),
]

PAGE_LANGUAGES = [
    pytest.param(page, language, id=f"{page.name}-{language}")
    for page in KEY_PAGES
    for language in LANGUAGES
]
