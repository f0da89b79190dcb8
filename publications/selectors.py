"""Read-side queries of publications. Every public page issues a fixed number of SQL
queries whatever the number of authors, sectors, tags or attachments."""

import hashlib
import uuid
from dataclasses import dataclass, field
from enum import Enum

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from diplomacy.accounts.models import User
from diplomacy.pagecache import cached_for_generation
from diplomacy.release import code_version
from diplomacy.taxonomy.models import Region, Sector
from publications.models import (
    LANGUAGES,
    Attachment,
    Author,
    Publication,
    PublicationImage,
    PublicationSlug,
    Tag,
)

PER_PAGE = 12
RELATED_COUNT = 3
# What a publication card shows (includes/publication_card.html), in the page's language.
CARD_FIELDS = ("id", "kind", "publication_date", "original_language", "slug_ar", "slug_en",
               "state_ar", "state_en", "cover_image", "cover_width", "cover_height",
               "cover_renditions", "cover_renditions_of")  # fmt: skip


# What the article page reads besides the card's columns, whatever its language: the
# language switcher and the notice of a version not shown need every language's slug,
# state and title, the withdrawal dates; the related publications are stored on the row.
ARTICLE_FIELDS = (*CARD_FIELDS, "updated_at", "related_ids",
                  *(f"{name}_{code}" for code in LANGUAGES
                    for name in ("title", "unpublished_at")))  # fmt: skip


def card_fields(language: str) -> tuple[str, ...]:
    return (*CARD_FIELDS, f"title_{language}", f"summary_{language}", f"cover_alt_{language}")


def article_fields(language: str) -> tuple[str, ...]:
    """The columns of the article page in `language`: not the other language's summary,
    body and image description, nor the search columns (the largest of the row)."""
    return (*ARTICLE_FIELDS, f"summary_{language}", f"body_{language}", f"cover_alt_{language}")


def publications_published(*, language: str) -> QuerySet[Publication]:
    return Publication.objects.filter(**{f"state_{language}": Publication.State.PUBLISHED})


def publications_latest(*, language: str, limit: int = 3) -> list[Publication]:
    return list(
        publications_published(language=language)
        .order_by("-publication_date", "-id")
        .only(*card_fields(language))[:limit]
    )


@dataclass(frozen=True)
class ListFilters:
    kind: str = ""
    sector: str = ""
    region: str = ""
    year: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.sector}:{self.region}:{self.year or ''}"


def publication_list_page(
    *, language: str, filters: ListFilters, page_number: int | str = 1
) -> Page:
    """One page of published versions, newest first: a count, the rows, their authors."""
    queryset = publications_published(language=language)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.sector:
        queryset = queryset.filter(sectors__slug=filters.sector)
    if filters.region:
        queryset = queryset.filter(regions__slug=filters.region)
    if filters.year:
        queryset = queryset.filter(publication_date__year=filters.year)
    paginator = Paginator(
        queryset.order_by("-publication_date", "-id")
        .only(*card_fields(language))
        .prefetch_related("authors"),
        PER_PAGE,
    )
    # Counting tens of thousands of rows on every request would cost more than the page:
    # the count changes only with public content, which bumps the generation.
    paginator.count = cached_for_generation(
        f"publications:count:{language}:{filters.key}", queryset.count
    )
    return paginator.get_page(page_number)


@dataclass(frozen=True)
class Term:
    group: str  # "sector", "region" or "tag"
    id: int
    slug: str
    name: str


def taxonomy_terms(*, language: str, publication: Publication | None = None) -> list[Term]:
    """Sectors, regions and tags in one query: all of them (for the list filters, kept
    until public content changes) or a publication's."""
    if publication is None:
        return cached_for_generation(
            f"publications:terms:{language}",
            lambda: _taxonomy_terms(language=language, publication=None),
        )
    return _taxonomy_terms(language=language, publication=publication)


def _taxonomy_terms(*, language: str, publication: Publication | None) -> list[Term]:
    name = f"name_{language}"
    querysets = []
    for group, model in (("sector", Sector), ("region", Region), ("tag", Tag)):
        queryset = model.objects.all()
        if publication is None and model is Tag:
            continue
        if publication is not None:
            queryset = queryset.filter(publications=publication)
        querysets.append(
            queryset.annotate(
                group=Value(group, output_field=CharField()),
                label=Coalesce(name, "slug", output_field=CharField()),
            )
            .values_list("group", "id", "slug", "label")
            .order_by()
        )
    first, *rest = querysets
    rows = first.union(*rest, all=True)
    return sorted(
        (Term(group=row[0], id=row[1], slug=row[2], name=row[3] or row[2]) for row in rows),
        key=lambda term: (term.group, term.name),
    )


class Outcome(Enum):
    SHOW = "show"
    REDIRECT = "redirect"
    GONE = "gone"  # this language version was withdrawn: 410
    OTHER_LANGUAGE = "other_language"  # only another language is published: a notice
    NOT_FOUND = "not_found"


@dataclass
class Resolution:
    outcome: Outcome
    publication: Publication | None = None
    redirect_to: str = ""


def publication_resolve(*, slug: str, language: str) -> Resolution:
    """What /<language>/publications/<slug>/ answers. One query by the slugs' unique
    indexes when the slug is current (authors, attachments and images prefetched with
    it: three more), one more for a former slug."""
    current_field = f"slug_{language}"
    publication = (
        Publication.objects.filter(Q(slug_ar=slug) | Q(slug_en=slug))
        .annotate(
            matched_here=Case(
                When(**{current_field: slug}, then=0), default=1, output_field=IntegerField()
            )
        )
        .order_by("matched_here")
        .only(*article_fields(language))
        .prefetch_related("authors", "attachments", "images")
        .first()
    )
    if publication is None:
        return _former_slug_resolve(slug=slug, language=language)
    if publication.is_published_in(language):
        if publication.slug_in(language) != slug:
            return Resolution(Outcome.REDIRECT, publication, publication.get_absolute_url(language))
        return Resolution(Outcome.SHOW, publication)
    if publication.was_withdrawn_in(language):
        return Resolution(Outcome.GONE, publication)
    if publication.published_languages:
        return Resolution(Outcome.OTHER_LANGUAGE, publication)
    return Resolution(Outcome.NOT_FOUND)


@dataclass
class PublicationPage:
    publication: Publication
    authors: list[Author] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    images: list[PublicationImage] = field(default_factory=list)
    sectors: list[Term] = field(default_factory=list)
    regions: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)
    related: list[Publication] = field(default_factory=list)


def publication_page(
    *, publication: Publication, language: str, live_related: bool = False
) -> PublicationPage:
    """What the detail page shows besides the row itself (its authors, attachments and
    images prefetched with it): two queries. The related publications are the ones
    stored on publish and edit (`related_ids`); worked out live for a preview
    (`live_related`) and for a row not worked out yet."""
    terms = taxonomy_terms(language=language, publication=publication)
    page = PublicationPage(
        publication=publication,
        authors=list(publication.authors.all()),
        attachments=list(publication.attachments.all()),
        images=list(publication.images.all()),
        sectors=[term for term in terms if term.group == "sector"],
        regions=[term for term in terms if term.group == "region"],
        tags=[term for term in terms if term.group == "tag"],
    )
    stored = (publication.related_ids or {}).get(language)
    if live_related or stored is None:
        page.related = publications_related(
            publication_id=publication.pk,
            language=language,
            sector_ids=[term.id for term in page.sectors],
            tag_ids=[term.id for term in page.tags],
            fields=card_fields(language),
        )
    else:
        page.related = publications_by_ids(ids=stored, language=language)
    return page


@dataclass
class Article:
    """What /<language>/publications/<slug>/ answers, with all the page shows when it
    shows the publication. `version` names this reading: a new one each time it is read
    from the database, so it changes with every change to public content."""

    resolution: Resolution
    page: PublicationPage | None = None
    version: str = field(default_factory=lambda: uuid.uuid4().hex)


def publication_article(*, slug: str, language: str) -> Article:
    """The article of `slug` in `language`, read once per generation of the public pages
    and version of the code (cached_for_generation): a known slug then costs no query.
    A slug that names nothing is not kept, so made-up URLs cannot grow Redis."""
    slug_digest = hashlib.md5(slug.encode(), usedforsecurity=False).hexdigest()
    return cached_for_generation(
        f"publications:article:{code_version()}:{language}:{slug_digest}",
        lambda: _publication_article(slug=slug, language=language),
        keep=lambda article: article.resolution.outcome is not Outcome.NOT_FOUND,
    )


def _publication_article(*, slug: str, language: str) -> Article:
    resolution = publication_resolve(slug=slug, language=language)
    if resolution.outcome is not Outcome.SHOW or resolution.publication is None:
        return Article(resolution)
    page = publication_page(publication=resolution.publication, language=language)
    return Article(resolution, page)


def publications_related(
    *,
    publication_id: int,
    language: str,
    sector_ids: list[int],
    tag_ids: list[int],
    fields: tuple[str, ...] = ("id", "publication_date"),
) -> list[Publication]:
    """The RELATED_COUNT publications related to one: published in `language`, sharing
    a sector or a tag with it, newest first. One query: the newest sharing a sector and
    the newest sharing a tag, each read down the listing index (an OR of the two would
    make PostgreSQL hash every link of those sectors first: 40 ms at 100,000 rows)."""
    newest = (
        publications_published(language=language)
        .exclude(pk=publication_id)
        .only(*fields)
        .order_by("-publication_date", "-id")
    )
    parts = []
    if sector_ids:
        links = Publication.sectors.through.objects.filter(
            publication_id=OuterRef("pk"), sector_id__in=sector_ids
        )
        parts.append(newest.filter(Exists(links))[:RELATED_COUNT])
    if tag_ids:
        links = Publication.tags.through.objects.filter(
            publication_id=OuterRef("pk"), tag_id__in=tag_ids
        )
        parts.append(newest.filter(Exists(links))[:RELATED_COUNT])
    if not parts:
        return []
    first, *rest = parts
    if rest:
        first = first.union(*rest).order_by("-publication_date", "-id")[:RELATED_COUNT]
    return list(first)


def publications_by_ids(*, ids: list[int], language: str) -> list[Publication]:
    """The publications of `ids` still published in `language`, in the order of `ids`:
    one query by primary key."""
    if not ids:
        return []
    found = (
        publications_published(language=language).filter(pk__in=ids).only(*card_fields(language))
    )
    by_id = {publication.pk: publication for publication in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def user_may_preview(user: User | AnonymousUser) -> bool:
    """Staff who read publications see them in any state, before they are published."""
    return bool(user.is_staff and user.has_perm("publications.view_publication"))


def publication_get_for_preview(*, user: User, pk: int) -> Publication:
    """A publication in any state, for staff who may see it."""
    from django.http import Http404

    if not user_may_preview(user):
        raise Http404
    publication = (
        Publication.objects.filter(pk=pk)
        .prefetch_related("authors", "attachments", "images")
        .first()
    )
    if publication is None:
        raise Http404
    return publication


def _former_slug_resolve(*, slug: str, language: str) -> Resolution:
    """A slug the publication had once: redirect to where it is now, if anywhere."""
    former = (
        PublicationSlug.objects.filter(slug=slug)
        .select_related("publication")
        .order_by(Case(When(language=language, then=0), default=1))
        .first()
    )
    if former is None:
        return Resolution(Outcome.NOT_FOUND)
    publication = former.publication
    if publication.slug_in(language) or publication.published_languages:
        return Resolution(Outcome.REDIRECT, publication, publication.get_absolute_url(language))
    return Resolution(Outcome.NOT_FOUND)
