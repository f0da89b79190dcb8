from modeltranslation.translator import TranslationOptions, register

from diplomacy.languages import CONTENT_LANGUAGES
from programs.models import Event, EventMessage, Program, RegistrationQuestion


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "cover_alt")
    required_languages = {language: ("title",) for language in CONTENT_LANGUAGES}


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "place")
    required_languages = {language: ("title",) for language in CONTENT_LANGUAGES}


@register(RegistrationQuestion)
class RegistrationQuestionTranslation(TranslationOptions):
    fields = ("text", "choices")
    required_languages = {language: ("text",) for language in CONTENT_LANGUAGES}


@register(EventMessage)
class EventMessageTranslation(TranslationOptions):
    # Each participant reads the message in their own language: staff write both.
    fields = ("subject", "body")
    required_languages = CONTENT_LANGUAGES
