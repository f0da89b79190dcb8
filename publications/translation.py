from modeltranslation.translator import TranslationOptions, register

from publications.models import Attachment, Author, Publication, PublicationImage, Tag


@register(Publication)
class PublicationTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "cover_alt")


@register(Author)
class AuthorTranslation(TranslationOptions):
    fields = ("name",)


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)


@register(Attachment)
class AttachmentTranslation(TranslationOptions):
    fields = ("title",)


@register(PublicationImage)
class PublicationImageTranslation(TranslationOptions):
    fields = ("alt",)
