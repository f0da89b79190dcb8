import re

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from diplomacy.images import picture_of
from diplomacy.pagecache import cached_for_generation
from diplomacy.richtext import render_html
from publications.models import Publication
from publications.selectors import publications_latest

register = template.Library()


@register.simple_tag
def latest_publications(limit: int = 3) -> SafeString:
    """The newest publications' cards, rendered once per language and generation of the
    public pages (publishing one bumps it)."""
    language = translation.get_language()

    def render() -> SafeString:
        publications = publications_latest(language=language, limit=limit)
        return render_to_string("includes/publication_cards.html", {"publications": publications})

    return cached_for_generation(f"latest-publications:{language}:{limit}", render)


@register.filter
def in_language(publication: Publication, field: str) -> str:
    """A translatable field in the current language, never another one."""
    return getattr(publication, f"{field}_{translation.get_language()}", "") or ""


@register.filter
def url_in_language(publication: Publication, language: str = "") -> str:
    return publication.get_absolute_url(language or translation.get_language())


_IMG = re.compile(r"<img\s([^>]*?)/?>")
_SRC = re.compile(r'\bsrc="([^"]*)"')
BODY_IMAGE_SIZES = "(min-width: 48rem) 70ch, 100vw"


@register.filter
def body_html(body: str, images) -> SafeString:
    """The body sanitized for output, its images made responsive: an image uploaded for
    this publication gets its renditions (diplomacy/images.py: srcset, sizes, width and
    height, the original no longer linked once they exist);
    every image loads lazily. Runs on sanitized HTML, whose attributes are quoted and
    escaped, so a rewritten tag is built only from values we escape again."""
    by_url = {image.image.url: image for image in images or ()}

    def rewrite(match: re.Match) -> str:
        attributes = match.group(1)
        source = _SRC.search(attributes)
        image = by_url.get(source.group(1)) if source else None
        shown = picture_of(image.image) if image is not None else None
        extra = []
        if shown is not None:
            if shown.srcset:  # the renditions are ready: the original is not linked
                attributes = _SRC.sub(lambda _src: f'src="{escape(shown.src)}"', attributes, 1)
                extra.append(f'srcset="{escape(shown.srcset)}" sizes="{BODY_IMAGE_SIZES}"')
            if shown.width and "width=" not in attributes:
                extra.append(f'width="{shown.width}" height="{shown.height}"')
        if "loading=" not in attributes:
            extra.append('loading="lazy"')
        tag = f"<img {attributes.strip()} {' '.join(extra)}>"
        if shown is None or not shown.sources:
            return tag
        sources = "".join(
            f'<source type="{mime_type}" srcset="{escape(srcset)}" sizes="{BODY_IMAGE_SIZES}">'
            for mime_type, srcset in shown.sources
        )
        return f"<picture>{sources}{tag}</picture>"

    return mark_safe(_IMG.sub(rewrite, render_html(body)))  # noqa: S308 - sanitized, then escaped parts
