from django import template
from django.utils import translation

from publications.models import Publication
from publications.selectors import publications_latest

register = template.Library()


@register.inclusion_tag("includes/publication_cards.html")
def latest_publications(limit: int = 3) -> dict:
    language = translation.get_language()
    return {"publications": publications_latest(language=language, limit=limit)}


@register.filter
def in_language(publication: Publication, field: str) -> str:
    """A translatable field in the current language, never another one."""
    return getattr(publication, f"{field}_{translation.get_language()}", "") or ""


@register.filter
def url_in_language(publication: Publication, language: str = "") -> str:
    return publication.get_absolute_url(language or translation.get_language())


@register.filter
def srcset(renditions: list[dict], image_format: str) -> str:
    from django.core.files.storage import default_storage

    return ", ".join(
        f"{default_storage.url(rendition['name'])} {rendition['width']}w"
        for rendition in renditions or []
        if rendition.get("format") == image_format
    )
