import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from diplomacy.accounts.staff_access import allowed_only
from diplomacy.images import picture_of
from diplomacy.pagecache import cached_for_generation, cached_many_for_generation
from diplomacy.release import code_version
from diplomacy.text import reading_minutes
from publications.forms import PublicationFilterForm
from publications.models import LANGUAGES, Publication
from publications.selectors import (
    Article,
    Outcome,
    PublicationPage,
    publication_article,
    publication_get_for_preview,
    publication_list_page,
    publication_page,
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
    filters = form.filters()
    page = publication_list_page(
        language=language, filters=filters, page_number=request.GET.get("page", 1)
    )
    # The form and the cards look the same for everyone who asks for these filters and
    # this page, until public content changes: rendered once per generation. The cards'
    # rows are read only when they are rendered. (A form with errors shows what this
    # visitor typed: never kept.)
    form_key = form.cache_key()
    cards_key = f"publications:cards:{code_version()}:{language}:{filters.key}:{page.number}"
    renders = {cards_key: lambda: _render_cards(page)}
    if form_key is not None:
        renders[form_key] = form.render
    rendered = cached_many_for_generation(renders)
    return TemplateResponse(
        request,
        "publications/publication_list.html",
        {
            "form_html": rendered[form_key] if form_key is not None else form.render(),
            "cards_html": rendered[cards_key],
            "page": page,
        },
    )


def _render_cards(page: Page) -> SafeString:
    # No request: nothing of the visitor's can get into what every visitor is shown.
    return render_to_string("publications/publication_list_cards.html", {"page": page})


def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    language = translation.get_language()
    article = publication_article(slug=slug, language=language)
    resolution = article.resolution
    publication = resolution.publication
    if resolution.outcome is Outcome.NOT_FOUND:
        raise Http404
    if resolution.outcome is Outcome.REDIRECT:
        return HttpResponsePermanentRedirect(resolution.redirect_to)
    if resolution.outcome is not Outcome.SHOW or article.page is None:
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
    etag = _article_etag(request, article, language)
    if etag is not None:
        # A revisit of an unchanged article is answered before anything is rendered.
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            not_modified["ETag"] = etag
            return not_modified
    parts = cached_for_generation(
        f"publications:article-parts:{code_version()}:{language}:{article.version}",
        lambda: _article_parts(article.page, language),
    )
    response = _render_publication(request, article.page, parts, language, preview=False)
    if etag is not None:
        response["ETag"] = etag
    return response


def _article_etag(request: HttpRequest, article: Article, language: str) -> str | None:
    """The article's ETag, known without rendering it: the page shows the kept reading
    of the article (renewed with any change to public content), rendered by this code,
    for this host (its absolute links). None, and the body's digest decides as on every
    page (ConditionalGetMiddleware), when the reading is not kept (PUBLIC_DATA_CACHE
    off) or the page may differ per visitor: a session (signed in: the header is
    theirs) or messages waiting to be shown."""
    if not settings.PUBLIC_DATA_CACHE:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    seed = ":".join((code_version(), article.version, language, request.scheme, request.get_host()))
    return f'W/"{hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest()}"'


@allowed_only(user_may_preview)
def publication_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff see any version as the public will, before publishing it."""
    language = translation.get_language()
    publication = publication_get_for_preview(user=request.user, pk=pk)
    page = publication_page(publication=publication, language=language, live_related=True)
    parts = _article_parts(page, language)
    response = _render_publication(request, page, parts, language, preview=True)
    response["Cache-Control"] = "private, no-store"
    return response


def _article_parts(page: PublicationPage, language: str) -> dict[str, Any]:
    """What an article page shows the same to every visitor on every host: its text
    (images made responsive), documents and terms, the related publications, the reading
    time. Rendered without the request, so nothing of a visitor's can get in."""
    body = getattr(page.publication, f"body_{language}") or ""
    text = {"body": body, "images": page.images, "attachments": page.attachments}
    return {
        "text_html": render_to_string(
            "publications/publication_text.html", {**text, "details": page}
        ),
        "related_html": render_to_string(
            "publications/publication_related.html", {"details": page}
        ),
        "reading_minutes": reading_minutes(body),
    }


def _render_publication(
    request: HttpRequest,
    page: PublicationPage,
    parts: dict[str, Any],
    language: str,
    *,
    preview: bool,
) -> TemplateResponse:
    publication = page.publication
    alternates = _alternates(publication, language)
    return TemplateResponse(
        request,
        "publications/publication_detail.html",
        {
            "publication": publication,
            "title": publication.title_in(language),
            "summary": getattr(publication, f"summary_{language}") or "",
            "cover_alt": getattr(publication, f"cover_alt_{language}") or "",
            "authors": page.authors,
            "parts": parts,
            "reading_minutes": parts["reading_minutes"],
            "preview": preview,
            "alternates": alternates,
            "hreflang": [alternate for alternate in alternates if alternate["published"]],
            "json_ld": _json_ld(request, page, language),
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


def _json_ld(request: HttpRequest, page: PublicationPage, language: str) -> SafeString:
    publication = page.publication
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
            for author in page.authors
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
