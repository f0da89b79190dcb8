"""The site pages (home, about) in the portal: see diplomacy/plugins.py."""

from diplomacy.plugins import AppContribution, Translatable

contribution = AppContribution(
    translatables=(Translatable("pages.Page", fields=("title", "summary", "body")),),
    public_models=("pages.Page",),
)
