import re

from django import template
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from diplomacy.richtext import render_html
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
    return ", ".join(
        f"{default_storage.url(rendition['name'])} {rendition['width']}w"
        for rendition in renditions or []
        if rendition.get("format") == image_format
    )


_IMG = re.compile(r"<img\s([^>]*?)/?>")
_SRC = re.compile(r'\bsrc="([^"]*)"')
BODY_IMAGE_SIZES = "(min-width: 48rem) 70ch, 100vw"


@register.filter
def body_html(body: str, images) -> SafeString:
    """The body sanitized for output, its images made responsive: an image uploaded for
    this publication gets its WebP/JPEG renditions (srcset, sizes), width and height;
    every image loads lazily. Runs on sanitized HTML, whose attributes are quoted and
    escaped, so a rewritten tag is built only from values we escape again."""
    by_url = {image.image.url: image for image in images or ()}

    def rewrite(match: re.Match) -> str:
        attributes = match.group(1)
        source = _SRC.search(attributes)
        image = by_url.get(source.group(1)) if source else None
        extra = []
        if image is not None:
            if image.width and "width=" not in attributes:
                extra.append(f'width="{image.width}" height="{image.height}"')
            if image.renditions and image.renditions_of == image.image.name:
                jpeg = srcset(image.renditions, "jpg")
                extra.append(f'srcset="{escape(jpeg)}" sizes="{BODY_IMAGE_SIZES}"')
        if "loading=" not in attributes:
            extra.append('loading="lazy"')
        tag = f"<img {attributes.strip()} {' '.join(extra)}>"
        if image is not None and image.renditions and image.renditions_of == image.image.name:
            webp = srcset(image.renditions, "webp")
            return (
                f'<picture><source type="image/webp" srcset="{escape(webp)}" '
                f'sizes="{BODY_IMAGE_SIZES}">{tag}</picture>'
            )
        return tag

    return mark_safe(_IMG.sub(rewrite, render_html(body)))  # noqa: S308 - sanitized, then escaped parts
