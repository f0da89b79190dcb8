import datetime

import factory

from publications import services
from publications.models import Attachment, Author, Publication, Tag
from tests.uploads import pdf_bytes


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    slug = factory.Sequence(lambda n: f"author-{n}")
    name_ar = factory.Sequence(lambda n: f"كاتب {n}")
    name_en = factory.Sequence(lambda n: f"Writer {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    slug = factory.Sequence(lambda n: f"tag-{n}")
    name_ar = factory.Sequence(lambda n: f"وسم {n}")
    name_en = factory.Sequence(lambda n: f"Tag {n}")


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    kind = Publication.Kind.ARTICLE
    publication_date = factory.LazyFunction(datetime.date.today)
    title_ar = factory.Sequence(lambda n: f"مقالة رقم {n} عن التعاونيات")
    title_en = factory.Sequence(lambda n: f"Article number {n} on cooperatives")
    summary_ar = "ملخص قصير."
    summary_en = "A short summary."
    body_ar = "<p>نص المقالة عن العمل المدني في قامشلو.</p>"
    body_en = "<p>The text of the article about civic work in Qamishlo.</p>"
    state_ar = Publication.State.DRAFT
    state_en = Publication.State.DRAFT


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    publication = factory.SubFactory(PublicationFactory)
    title_ar = "التقرير الكامل"
    title_en = "Full report"
    file = factory.django.FileField(filename="report.pdf", data=pdf_bytes())


def edited(publication: Publication) -> Publication:
    """Save it through the one write path, as the admin does (slugs, search columns)."""
    services.publication_save(publication=publication, actor=None)
    publication.refresh_from_db()
    return publication


def published_publication(languages=("ar", "en"), **kwargs) -> Publication:
    publication = edited(PublicationFactory(**kwargs))
    for language in languages:
        services.publication_submit_for_review(
            publication=publication, language=language, actor=None
        )
        services.publication_publish(publication=publication, language=language, actor=None)
    publication.refresh_from_db()
    return publication
