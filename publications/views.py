import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from diplomacy.accounts.staff_access import allowed_only
from diplomacy.images import picture_of
from diplomacy.text import reading_minutes
from publications.forms import PublicationFilterForm
from publications.models import LANGUAGES, Publication
from publications.selectors import (
    Outcome,
    publication_get_for_preview,
    publication_list_page,
    publication_page,
    publication_resolve,
    taxonomy_terms,
    user_may_preview,
)

SCHEMA_TYPES = {
    Publication.Kind.NEWS: "NewsArticle",
    Publication.Kind.REPORT: "Report",
    Publication.Kind.RESEARCH: "ScholarlyArticle",
}


def publication_list(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    terms = taxonomy_terms(language=language)
    form = PublicationFilterForm(request.GET or None, terms=terms)
    page = publication_list_page(
        language=language, filters=form.filters(), page_number=request.GET.get("page", 1)
    )
    return TemplateResponse(
        request,
        "publications/publication_list.html",
        {"form": form, "page": page},
    )


def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    language = translation.get_language()
    resolution = publication_resolve(slug=slug, language=language)
    publication = resolution.publication
    if resolution.outcome is Outcome.NOT_FOUND:
        raise Http404
    if resolution.outcome is Outcome.REDIRECT:
        return HttpResponsePermanentRedirect(resolution.redirect_to)
    if resolution.outcome is not Outcome.SHOW:
        gone = resolution.outcome is Outcome.GONE
        return TemplateResponse(
            request,
            "publications/publication_unavailable.html",
            {
                "publication": publication,
                "gone": gone,
                "available": _available_versions(publication, language),
                "alternates": _alternates(publication, language),
            },
            status=410 if gone else 200,
        )
    return _render_publication(request, publication, language, preview=False)


@allowed_only(user_may_preview)
def publication_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff see any version as the public will, before publishing it."""
    publication = publication_get_for_preview(user=request.user, pk=pk)
    response = _render_publication(request, publication, translation.get_language(), preview=True)
    response["Cache-Control"] = "private, no-store"
    return response


def _render_publication(request, publication: Publication, language: str, *, preview: bool):
    details = publication_page(publication=publication, language=language, live_related=preview)
    body = getattr(publication, f"body_{language}") or ""
    return TemplateResponse(
        request,
        "publications/publication_detail.html",
        {
            "publication": publication,
            "details": details,
            "title": publication.title_in(language),
            "summary": getattr(publication, f"summary_{language}") or "",
            "body": body,
            "cover_alt": getattr(publication, f"cover_alt_{language}") or "",
            "authors": list(publication.authors.all()),
            "attachments": list(publication.attachments.all()),
            "images": list(publication.images.all()),
            "reading_minutes": reading_minutes(body),
            "preview": preview,
            "alternates": _alternates(publication, language),
            "hreflang": [
                alternate
                for alternate in _alternates(publication, language)
                if alternate["published"]
            ],
            "json_ld": _json_ld(request, publication, language),
        },
    )


def _alternates(publication: Publication, current: str) -> list[dict]:
    """The language switcher: each language goes to that language's own slug."""
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": publication.get_absolute_url(code),
            "current": code == current,
            "published": publication.is_published_in(code),
        }
        for code in LANGUAGES
    ]


def _available_versions(publication: Publication, current: str) -> list[dict]:
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "title": publication.title_in(code),
            "url": publication.get_absolute_url(code),
        }
        for code in publication.published_languages
        if code != current
    ]


def _json_ld(request, publication: Publication, language: str) -> SafeString:
    base = f"{request.scheme}://{request.get_host()}"
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(publication.kind, "Article"),
        "headline": publication.title_in(language)[:110],
        "description": getattr(publication, f"summary_{language}") or "",
        "inLanguage": language,
        "datePublished": publication.publication_date.isoformat(),
        "dateModified": publication.updated_at.isoformat(),
        "mainEntityOfPage": base + publication.get_absolute_url(language),
        "author": [
            {"@type": "Person", "name": getattr(author, f"name_{language}") or author.slug}
            for author in publication.authors.all()
        ],
        "publisher": {"@type": "Organization", "name": _("Civil Diplomacy Center")},
    }
    cover = picture_of(publication.cover_image)
    if cover is not None:
        data["image"] = base + cover.largest_src
    text = json.dumps(data, ensure_ascii=False)
    # The escapes json_script applies: nothing in the data can close the <script>.
    for character, escaped in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(character, escaped)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped
