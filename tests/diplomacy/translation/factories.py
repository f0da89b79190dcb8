import factory

from diplomacy.pages.models import Page
from diplomacy.translation.models import GlossaryTerm, TranslationMemoryEntry, text_hash


class PageFactory(factory.django.DjangoModelFactory):
    """Pages of the portal; their key is free text in the database (choices are only a
    form-level limit), so tests can make as many as they need."""

    class Meta:
        model = Page

    key = factory.Sequence(lambda n: f"test-page-{n}")
    title_ar = factory.Sequence(lambda n: f"صفحة {n}")
    title_en = ""


class MemoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TranslationMemoryEntry

    source_language = "ar"
    target_language = "en"
    source = factory.Sequence(lambda n: f"جملة رقم {n}.")
    target = factory.Sequence(lambda n: f"Sentence number {n}.")
    source_hash = factory.LazyAttribute(lambda entry: text_hash(entry.source))


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term_ar = "قامشلو"
    term_en = "Qamishlo"


def placeholder_translation(segment, prefix: str = "EN") -> str:
    """A stand-in translation that keeps the segment's inline markup (as approval requires)."""
    import re

    text = f"{prefix} {segment.field} {segment.position}"
    for name in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)[^>]*>", segment.source):
        text += f" <{name}>{name}</{name}>"
    return text
