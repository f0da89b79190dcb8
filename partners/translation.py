from modeltranslation.translator import TranslationOptions, register

from partners.models import Organization


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "town", "description")
