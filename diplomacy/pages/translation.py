from modeltranslation.translator import TranslationOptions, register

from diplomacy.languages import CONTENT_LANGUAGES
from diplomacy.pages.models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {language: ("title",) for language in CONTENT_LANGUAGES}
