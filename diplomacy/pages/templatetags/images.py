"""`{% picture row.image_field alt=… sizes=… %}`: an image of a public page through the
one renditions pipeline (diplomacy/images.py)."""

from django import template
from django.db.models.fields.files import FieldFile

from diplomacy.images import picture_of

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(
    file: FieldFile | None,
    *,
    alt: str = "",
    sizes: str = "100vw",
    lazy: bool = False,
    priority: bool = False,
    css_class: str = "",
    box: int | None = None,
) -> dict:
    """`lazy` for images below the fold; `priority` for the page's main image; `box`
    gives a square of that many pixels (a logo, whatever its shape, fits in it)."""
    shown = picture_of(file)
    width, height = (box, box) if box else (shown.width, shown.height) if shown else (None, None)
    return {
        "picture": shown,
        "alt": alt,
        "sizes": f"{box}px" if box else sizes,
        "lazy": lazy,
        "priority": priority,
        "css_class": css_class,
        "width": width,
        "height": height,
    }


@register.simple_tag
def image_url(file: FieldFile | None) -> str:
    """The address of the largest rendition (the original while they are pending), for
    link previews such as `og:image`."""
    shown = picture_of(file)
    return shown.largest_src if shown else ""
