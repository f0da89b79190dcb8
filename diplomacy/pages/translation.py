from modeltranslation.translator import TranslationOptions, register

from diplomacy.pages.models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {"ar": ("title",), "en": ("title",)}
