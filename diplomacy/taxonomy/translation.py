from modeltranslation.translator import TranslationOptions, register

from diplomacy.taxonomy.models import Region, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar", "en")


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar", "en")
