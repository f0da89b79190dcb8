from modeltranslation.translator import TranslationOptions, register

from programs.models import Event, EventMessage, Program, RegistrationQuestion


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "cover_alt")
    required_languages = {"ar": ("title",), "en": ("title",)}


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "place")
    required_languages = {"ar": ("title",), "en": ("title",)}


@register(RegistrationQuestion)
class RegistrationQuestionTranslation(TranslationOptions):
    fields = ("text", "choices")
    required_languages = {"ar": ("text",), "en": ("text",)}


@register(EventMessage)
class EventMessageTranslation(TranslationOptions):
    # Each participant reads the message in their own language: staff write both.
    fields = ("subject", "body")
    required_languages = ("ar", "en")
