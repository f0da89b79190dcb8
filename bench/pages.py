"""The URLs the benchmark measures, found in the bench database. A page whose app is not
built yet (its URL name does not resolve, or it has no object) is None and reported so."""

from urllib.parse import quote

from django.urls import NoReverseMatch, reverse
from django.utils import translation

SEARCH_WORDS = {"ar": "المجتمع المدني", "en": "civil society"}


def url(name: str, language: str, query: str = "", **kwargs) -> str | None:
    with translation.override(language):
        try:
            path = reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None
    return f"{path}?{query}" if query else path


def publication_detail(language: str) -> str | None:
    try:
        from publications.models import Publication
    except ImportError:
        return None
    slug_field = f"slug_{language}"
    publication = (
        Publication.objects.filter(**{f"state_{language}": "published"})
        .exclude(**{slug_field: ""})
        .order_by("-publication_date", "pk")
        .first()
    )
    if publication is None:
        return None
    return url("publications:detail", language, slug=getattr(publication, slug_field))


def search(language: str) -> str | None:
    return url("search", language, query=f"q={quote(SEARCH_WORDS[language])}")


def program_detail(language: str) -> str | None:
    try:
        from programs.models import Program
    except ImportError:
        return None
    program = Program.objects.public().order_by("pk").first()
    if program is None:
        return None
    return url("programs:detail", language, slug=program.slug)


def serving_pages() -> list[tuple[str, str | None]]:
    """(label, path) of the pages measured under load, cached and uncached."""
    return [
        ("home (ar)", url("home", "ar")),
        ("about (ar)", url("about", "ar")),
        ("publication list (ar)", url("publications:list", "ar")),
        ("publication detail (ar)", publication_detail("ar")),
        ("publication detail (en)", publication_detail("en")),
        ("search (ar)", search("ar")),
        ("programs (ar)", url("programs:list", "ar")),
        ("program detail (ar)", program_detail("ar")),
        ("partner directory (ar)", url("partners:list", "ar")),
    ]


def scale_pages() -> list[tuple[str, str | None]]:
    """(label, path) of list and search pages timed at scale."""
    return [
        ("publication list, page 1 (ar)", url("publications:list", "ar")),
        ("publication list, page 1 (en)", url("publications:list", "en")),
        ("publication list, kind filter (ar)", url("publications:list", "ar", "kind=report")),
        ("publication list, year filter (en)", url("publications:list", "en", "year=2024")),
        ("publication list, page 200 (ar)", url("publications:list", "ar", "page=200")),
        ("search (ar)", search("ar")),
        ("search (en)", search("en")),
        ("search, one word (ar)", url("search", "ar", f"q={quote('التعليم')}")),
        # Light stemming: a broken plural and a clitic, matched through their stems.
        ("search, broken plural (ar)", url("search", "ar", f"q={quote('الوفود')}")),
        ("search, Arabic on the English page", url("search", "en", f"q={quote('والتعاونية')}")),
        # Misspelled: no word matches, so the close match over the titles answers.
        ("search, misspelled (ar)", url("search", "ar", f"q={quote('المجتمح المدنى')}")),
        ("search, misspelled (en)", url("search", "en", "q=civl+socety")),
        ("partner directory, page 1 (ar)", url("partners:list", "ar")),
        ("partner directory, page 1 (en)", url("partners:list", "en")),
        ("partner directory, page 100 (en)", url("partners:list", "en", "page=100")),
        ("partner directory, search (ar)", url("partners:list", "ar", f"q={quote('الدرباسيه')}")),
        (
            "partner directory, misspelled search (en)",
            url("partners:list", "en", "q=Qamishlo+Jurnalists"),
        ),
    ]


def lighthouse_pages() -> list[tuple[str, str | None]]:
    return [
        ("home (ar)", url("home", "ar")),
        ("home (en)", url("home", "en")),
        ("publication detail (ar)", publication_detail("ar")),
        ("publication detail (en)", publication_detail("en")),
    ]
