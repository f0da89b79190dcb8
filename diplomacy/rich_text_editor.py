"""The WYSIWYG editor of every rich-text field (django-prose-editor, served from the
portal's own static files).

`RichTextEditorWidget` is a textarea that the module `static/editor/rich_text_editor.js`
turns into the editor; without JavaScript the textarea stays and takes HTML as before.
Whatever arrives is sanitized by the model on save (diplomacy/richtext.py), and the
editor's schema offers nothing outside that allow-list.

The editor is loaded as ES modules through an import map, an inline
`<script type="importmap">`. The strict Content-Security-Policy allows no inline script
but by hash, and the map's text depends on the static files' hashed names, so its hash
is computed once at the first request (`import_map_source_hash`) and added to the policy
of the admin's pages by `EditorImportMapPolicyMiddleware`.
"""

import functools
import re
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from django_prose_editor.widgets import (
    AdminProseEditorWidget,
    importmap,
    prose_editor_admin_media,
    prose_editor_js,
)
from js_asset import Media, Script

from diplomacy.content_security import source_hash
from diplomacy.languages import CONTENT_LANGUAGES

PRESET = "portal"
IMPORT_MAP_CONTENT = re.compile(r"<script[^>]*>(.*)</script>", re.DOTALL)


class RichTextEditorWidget(AdminProseEditorWidget):
    """The editor for one language column of a rich-text field: it writes right-to-left
    in Arabic and left-to-right in English whatever the admin's language, and offers
    `images` ({"src", "alt"} in that language) to place in the text."""

    def __init__(self, *, language: str, images: Iterable[dict] = (), attrs=None) -> None:
        attrs = {"lang": language, "dir": "rtl" if language == "ar" else "ltr", **(attrs or {})}
        self.language = language
        self.images = list(images)
        super().__init__(attrs=attrs, preset=PRESET)

    @property
    def media(self) -> Media:
        return prose_editor_admin_media + Media(
            js=[prose_editor_js, Script("editor/rich_text_editor.js", type="module")],
            css={"all": ["editor/rich_text_editor.css"]},
        )

    def get_config(self) -> dict:
        return {"language": self.language, "images": self.images}


class RichTextEditorAdminMixin:
    """For a ModelAdmin: the editor on the language columns of `rich_text_fields`,
    offering the images `rich_text_images(obj, language)` returns."""

    rich_text_fields: tuple[str, ...] = ()

    def rich_text_images(self, obj, language: str) -> list[dict]:
        return []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in self.rich_text_fields:
            for language in CONTENT_LANGUAGES:
                field = form.base_fields.get(f"{name}_{language}")
                if field is None:
                    continue
                kept = {key: value for key, value in field.widget.attrs.items() if key == "class"}
                images = self.rich_text_images(obj, language) if obj is not None else []
                field.widget = RichTextEditorWidget(language=language, images=images, attrs=kept)
        return form


@functools.cache
def import_map_source_hash() -> str:
    """The CSP hash of the import map the editor's pages carry (static names resolved)."""
    return source_hash(IMPORT_MAP_CONTENT.search(str(importmap)).group(1))


@functools.lru_cache(maxsize=8)
def admin_prefix(script_prefix: str) -> str:
    """Where the admin lives under this script prefix: reversed once, not on every
    request (a tenth of a page-cache hit's time)."""
    return reverse("admin:index")


class EditorImportMapPolicyMiddleware:
    """Allows the editor's import map, by its hash, on the admin's pages only."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(admin_prefix(get_script_prefix())):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["script-src"] = [*update.get("script-src", []), import_map_source_hash()]
            response._csp_update = update
        return response
