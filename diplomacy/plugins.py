"""How an app joins the portal: one declaration, `<app>/portal.py`, read at start-up.

    # publications/portal.py
    from diplomacy.plugins import AppContribution, Translatable

    contribution = AppContribution(
        search_providers=(PublicationSearchProvider(),),     # /search/
        search_reindexers=(SearchReindexer(...),),           # the search index rebuild
        sitemaps={"publications": PublicationSitemap},       # sitemap.xml, per language
        translatables=(Translatable("publications.Publication", fields=(...)),),
        public_models=("publications.Publication", ...),     # a change empties the page cache
        notification_types=(...),                            # diplomacy/notifications
        rendered_images=(PUBLICATION_COVER, ...),            # diplomacy/images.py
    )

The core finds every installed app's `portal` module like the admin finds `admin`
modules (autodiscovery) and hands each part to the piece that uses it: the search
registry, the sitemap index, the translation registry, the page cache's receiver and the
notification registry. A mistyped model label or field stops start-up. The core itself
imports no domain app: this declaration is the only way in.
"""

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from diplomacy.images import RenderedImage
    from diplomacy.lexicon.registry import SearchReindexer
    from diplomacy.notifications.registry import NotificationType
    from diplomacy.search.registry import SearchProvider
    from diplomacy.sitemaps import LanguageSitemap

DECLARATION_MODULE = "portal"


@dataclass(frozen=True)
class Translatable:
    """A model whose fields go through translation jobs (diplomacy/translation).

    `source_language_field` names the field holding the original language (None: either
    language can be the source). `on_approved(sender, instance, language, job, actor)` is
    called when a translation is approved, inside the approval's transaction: for an
    app with its own per-language workflow."""

    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    source_language_field: str | None = None
    on_approved: Callable[..., Any] | None = None


@dataclass(frozen=True)
class PublicModel:
    """A model shown on public pages; with `fields`, only a save that changes one of them
    (or a save without update_fields, a creation, a deletion) counts."""

    model: str  # "app_label.ModelName"
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppContribution:
    search_providers: tuple["SearchProvider", ...] = ()
    sitemaps: Mapping[str, type["LanguageSitemap"]] = field(default_factory=dict)
    translatables: tuple[Translatable, ...] = ()
    # Models shown on public pages ("app_label.ModelName"): saving or deleting one
    # empties the public page cache (diplomacy/pagecache_invalidation.py).
    public_models: tuple[str | PublicModel, ...] = ()
    notification_types: tuple["NotificationType", ...] = ()
    # What the stored search index holds: rebuilt by diplomacy/lexicon's rebuild.
    search_reindexers: tuple["SearchReindexer", ...] = ()
    # Image fields with renditions (diplomacy/images.py): the picture tag and
    # `manage.py images_render` find them here.
    rendered_images: tuple["RenderedImage", ...] = ()


@functools.cache
def app_contributions() -> tuple[AppContribution, ...]:
    """The declarations of the installed apps, in INSTALLED_APPS order."""
    found = []
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.{DECLARATION_MODULE}"
        if find_spec(module_name) is None:
            continue
        contribution = getattr(import_module(module_name), "contribution", None)
        if not isinstance(contribution, AppContribution):
            raise ImproperlyConfigured(
                f"{module_name} must define `contribution = AppContribution(...)`."
            )
        found.append(contribution)
    return tuple(found)


def declared_model(label: str):
    """The model named `label` in a declaration; a typo stops start-up."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise ImproperlyConfigured(f"Unknown model {label!r} declared in a portal.py.") from error
