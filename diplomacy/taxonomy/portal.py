"""Sectors and regions in the portal: see diplomacy/plugins.py."""

from diplomacy.plugins import AppContribution, Translatable

contribution = AppContribution(
    translatables=(
        Translatable("taxonomy.Sector", fields=("name",)),
        Translatable("taxonomy.Region", fields=("name",)),
    ),
    public_models=("taxonomy.Sector", "taxonomy.Region"),
)
