from modeltranslation.translator import TranslationOptions, register

from diplomacy.languages import CONTENT_LANGUAGES
from diplomacy.taxonomy.models import Region, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = CONTENT_LANGUAGES


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = CONTENT_LANGUAGES
