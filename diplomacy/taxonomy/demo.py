"""The shared vocabulary (also created by migration 0002; restored here after a flush)."""

from diplomacy.taxonomy.models import Region, Sector
from diplomacy.taxonomy.vocabulary import REGIONS, SECTORS


def load(*, stdout) -> None:
    for model, rows in ((Sector, SECTORS), (Region, REGIONS)):
        for position, (slug, name_ar, name_en) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug, defaults={"name_ar": name_ar, "name_en": name_en, "position": position}
            )
