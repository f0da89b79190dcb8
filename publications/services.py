"""Domain operations on publications: editing bookkeeping, the per-language workflow
(draft → in review → published, scheduled publishing, withdrawal) and cover renditions."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reversion import create_revision
from reversion.models import Version

from diplomacy.accounts.models import User
from diplomacy.arabic import normalize_arabic
from diplomacy.arabic_analysis import tsvector_text
from diplomacy.audit.services import audit_record
from diplomacy.images import renditions_enqueue, renditions_refresh
from diplomacy.jobs.services import enqueue_on_commit
from diplomacy.lexicon.selectors import current_lexicon
from diplomacy.lexicon.tsearch import stemmed_search_vector
from diplomacy.pagecache_invalidation import public_model_rows_updated
from diplomacy.revisions.services import revision_record_outside_changes, revision_restore
from diplomacy.text import html_to_text
from publications.models import (
    LANGUAGES,
    PUBLICATION_COVER,
    PUBLICATION_IMAGE,
    Publication,
    PublicationSlug,
)
from publications.search import snippet_source
from publications.selectors import publications_related

PUBLISH_PERMISSION = "publications.publish_publication"
CHANGE_PERMISSION = "publications.change_publication"
SEARCH_CONFIGS = {"ar": "arabic", "en": "english"}
State = Publication.State
# Publications whose related ones are worked out again in one transaction.
RELATED_BATCH = 500


@dataclass(frozen=True)
class PublicationSnapshot:
    """What a publication looked like before an edit, to tell what the edit changed."""

    titles: dict[str, str]
    slugs: dict[str, str | None]
    # Its sectors and tags: the publications that shared one may have to drop it from
    # their related publications.
    sector_ids: frozenset[int] = frozenset()
    tag_ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, publication: Publication | None) -> "PublicationSnapshot":
        if publication is None or publication.pk is None:
            return cls(titles={}, slugs={})
        return cls(
            titles={language: publication.title_in(language) for language in LANGUAGES},
            slugs={language: publication.slug_in(language) for language in LANGUAGES},
            sector_ids=frozenset(publication.sectors.values_list("pk", flat=True)),
            tag_ids=frozenset(publication.tags.values_list("pk", flat=True)),
        )


def _require(actor: User | None, permission: str) -> None:
    # actor None is the system itself (the beat schedule).
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied(permission)


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language."))


def slug_for(*, publication: Publication, language: str, title: str) -> str:
    """A slug for the title, unique among current and former slugs of that language."""
    base = slugify(normalize_arabic(title), allow_unicode=(language == "ar"))[:100].strip("-")
    base = base or f"publication-{publication.pk}"
    candidate, number = base, 1
    field = f"slug_{language}"
    while (
        Publication.objects.filter(**{field: candidate}).exclude(pk=publication.pk).exists()
        or PublicationSlug.objects.filter(language=language, slug=candidate)
        .exclude(publication=publication)
        .exists()
    ):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def publication_save(
    *,
    publication: Publication,
    actor: User | None,
    before: PublicationSnapshot | None = None,
    save_relations: Callable[[], None] | None = None,
) -> Publication:
    """The one write path of a publication's content, for the admin, demo content and
    scripts: the row is saved (then, with `save_relations`, its many-to-many relations
    and inlines), slugs follow the titles with the former ones kept for redirects, a
    language that gains text becomes a draft, the search columns are rebuilt once and new
    images are rendered. `before` is how it looked before the edit (None: new)."""
    _require(actor, CHANGE_PERMISSION)
    before = before or PublicationSnapshot.of(None)
    with transaction.atomic():
        publication.save()
        if save_relations is not None:
            save_relations()
        _titles_follow(publication=publication, before=before)
        publication_search_refresh(publication=publication)
        audit_record(actor=actor, action="publication.edited", target=publication)
        from publications.tasks import (
            refresh_related_publications_around,
            render_cover_renditions,
            render_image_renditions,
        )

        # Its own related publications now (the editor sees them at once); those of the
        # publications that share, or shared, a sector or tag with it in the background.
        publications_related_refresh(publication_ids=[publication.pk])
        enqueue_on_commit(
            refresh_related_publications_around,
            publication.pk,
            sorted(before.sector_ids),
            sorted(before.tag_ids),
        )

        renditions_enqueue(row=publication, image=PUBLICATION_COVER, task=render_cover_renditions)
        for image in publication.images.all():
            renditions_enqueue(row=image, image=PUBLICATION_IMAGE, task=render_image_renditions)
    return publication


def publication_text_written(*, publication: Publication) -> None:
    """After a translation job wrote a language version's text: that version gets a slug
    and becomes a draft, and the search columns follow."""
    with transaction.atomic():
        _titles_follow(publication=publication, before=PublicationSnapshot.of(publication))
        publication_search_refresh(publication=publication)


def _titles_follow(*, publication: Publication, before: PublicationSnapshot) -> None:
    """Slugs and per-language states after the text changed (see publication_save)."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    update_fields: list[str] = []
    for language in LANGUAGES:
        title = locked.title_in(language)
        current = locked.slug_in(language)
        previous = before.slugs.get(language)
        title_changed = title != before.titles.get(language, "")
        if title and (not current or (title_changed and current == previous)):
            current = slug_for(publication=locked, language=language, title=title)
            setattr(locked, f"slug_{language}", current)
            update_fields.append(f"slug_{language}")
        if previous and previous != current:
            PublicationSlug.objects.get_or_create(
                language=language, slug=previous, defaults={"publication": locked}
            )
        if current:
            # A slug given back to this publication is current again, not former.
            PublicationSlug.objects.filter(language=language, slug=current).delete()
        if title and locked.state_in(language) == State.MISSING:
            setattr(locked, f"state_{language}", State.DRAFT)
            update_fields.append(f"state_{language}")
    if update_fields:
        locked.save(update_fields=update_fields)
        for field in update_fields:  # the caller's instance says what the row says
            setattr(publication, field, getattr(locked, field))


def publication_search_refresh(*, publication: Publication) -> None:
    """Rewrite the stored search columns from the publication's text: the normalized
    title (pg_trgm), the text of the body's opening (search hits' snippets) and a
    weighted tsvector per language (title A, authors and summary B, body C). Runs when
    content changes, never on a page request."""
    author_names = {
        language: " ".join(
            name for name in publication.authors.values_list(f"name_{language}", flat=True) if name
        )
        for language in LANGUAGES
    }
    values: dict = {}
    for language in LANGUAGES:
        title = normalize_arabic(publication.title_in(language))
        values[f"search_title_{language}"] = title[:250]
        body_html = getattr(publication, f"body_{language}") or ""
        values[f"search_snippet_{language}"] = snippet_source(body_html)
        if connection.vendor != "postgresql":
            continue
        config = SEARCH_CONFIGS[language]
        summary = getattr(publication, f"summary_{language}") or ""
        body = html_to_text(body_html)
        secondary = normalize_arabic(f"{author_names[language]} {summary}")
        if language == "ar":  # our own analysis: light stemming and the lexicon
            values["search_vector_ar"] = stemmed_search_vector(
                _arabic_search_parts(title, author_names["ar"], summary, body)
            )
            continue
        values[f"search_vector_{language}"] = (
            SearchVector(Value(title), config=config, weight="A")
            + SearchVector(Value(secondary), config=config, weight="B")
            + SearchVector(Value(normalize_arabic(body)), config=config, weight="C")
        )
    Publication.objects.filter(pk=publication.pk).update(**values)


def _arabic_search_parts(
    title: str, authors: str, summary: str, body: str
) -> tuple[tuple[str, str], ...]:
    """The weighted texts of the Arabic tsvector: title A, authors and summary B, body C."""
    return ((title, "A"), (f"{authors} {summary}", "B"), (body, "C"))


def publications_search_reindex_batch(*, after_id: int, size: int) -> tuple[int, int]:
    """Rebuild the Arabic tsvectors of the `size` publications after `after_id` (by
    id) with the current analysis and lexicon, in one UPDATE; (how many, the last id).
    The other search columns do not depend on the analysis."""
    rows = list(
        Publication.objects.filter(pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", "title_ar", "summary_ar", "body_ar")[:size]
    )
    if not rows:
        return 0, after_id
    authors: dict[int, list[str]] = {}
    links = Publication.authors.through.objects.filter(publication_id__in=[row[0] for row in rows])
    for publication_id, name in links.values_list("publication_id", "author__name_ar"):
        authors.setdefault(publication_id, []).append(name or "")
    if connection.vendor == "postgresql":
        lexicon = current_lexicon()
        vectors = [
            tsvector_text(
                lexicon,
                _arabic_search_parts(
                    title or "", " ".join(authors.get(pk, ())), summary or "",
                    html_to_text(body or ""),
                ),
            )
            for pk, title, summary, body in rows
        ]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE publications_publication AS publication"
                " SET search_vector_ar = batch.vector::tsvector"
                " FROM unnest(%s::bigint[], %s::text[]) AS batch(id, vector)"
                " WHERE publication.id = batch.id",
                [[row[0] for row in rows], vectors],
            )
    return len(rows), rows[-1][0]


def _related_follow(*, publication: Publication) -> None:
    """A version was published or withdrawn: the publications sharing a sector or tag
    with it gain or lose it among their related ones (in the background)."""
    from publications.tasks import refresh_related_publications_around

    enqueue_on_commit(refresh_related_publications_around, publication.pk, [], [])


def publications_related_refresh(*, publication_ids: list[int]) -> int:
    """Work out again and store the related publications of these publications, in
    every language (see selectors.publications_related). Returns how many changed;
    running it twice changes nothing more."""
    sectors = _terms_by_publication(Publication.sectors.through, "sector_id", publication_ids)
    tags = _terms_by_publication(Publication.tags.through, "tag_id", publication_ids)
    changed = 0
    rows = Publication.objects.filter(pk__in=publication_ids).values_list("pk", "related_ids")
    for pk, stored in rows:
        related = {
            language: [
                related.pk
                for related in publications_related(
                    publication_id=pk,
                    language=language,
                    sector_ids=sectors.get(pk, []),
                    tag_ids=tags.get(pk, []),
                )
            ]
            for language in LANGUAGES
        }
        if related != stored:
            Publication.objects.filter(pk=pk).update(related_ids=related)
            changed += 1
    if changed:
        public_model_rows_updated(Publication, fields=["related_ids"])
    return changed


def _terms_by_publication(
    link_model: type[models.Model], term_field: str, publication_ids: list[int]
) -> dict[int, list[int]]:
    """{publication id: [term ids]} from a many-to-many table, in one query."""
    terms: dict[int, list[int]] = {}
    links = link_model._default_manager.filter(publication_id__in=publication_ids)
    for publication_id, term_id in links.values_list("publication_id", term_field):
        terms.setdefault(publication_id, []).append(term_id)
    return terms


def publications_related_refresh_around(
    *, publication_id: int, former_sector_ids: list[int], former_tag_ids: list[int]
) -> int:
    """After a publication was published, withdrawn or given other sectors or tags: the
    related publications of every publication that shares a sector or tag with it now
    or shared one before (`former_…`), and its own, in batches of RELATED_BATCH (each
    its own transaction). Returns how many changed; idempotent."""
    sector_ids = set(former_sector_ids) | set(
        Publication.sectors.through.objects.filter(publication_id=publication_id).values_list(
            "sector_id", flat=True
        )
    )
    tag_ids = set(former_tag_ids) | set(
        Publication.tags.through.objects.filter(publication_id=publication_id).values_list(
            "tag_id", flat=True
        )
    )
    neighbours = {publication_id}
    neighbours |= set(
        Publication.sectors.through.objects.filter(sector_id__in=sector_ids).values_list(
            "publication_id", flat=True
        )
    )
    neighbours |= set(
        Publication.tags.through.objects.filter(tag_id__in=tag_ids).values_list(
            "publication_id", flat=True
        )
    )
    ordered = sorted(neighbours)
    changed = 0
    for start in range(0, len(ordered), RELATED_BATCH):
        with transaction.atomic():
            changed += publications_related_refresh(
                publication_ids=ordered[start : start + RELATED_BATCH]
            )
    return changed


def publications_related_backfill_batch(*, size: int = RELATED_BATCH) -> int:
    """Work out the related publications of `size` publications that have none stored
    yet (rows from before the field, or bulk-inserted); returns how many it did."""
    with transaction.atomic():
        ids = list(
            Publication.objects.filter(related_ids__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if ids:
            publications_related_refresh(publication_ids=ids)
    return len(ids)


def publication_submit_for_review(
    *, publication: Publication, language: str, actor: User | None
) -> None:
    _check_language(language)
    _require(actor, CHANGE_PERMISSION)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.state_in(language) != State.DRAFT:
            raise ValidationError(_("Only a draft can be submitted for review."))
        _require_text(publication, language)
        setattr(publication, f"state_{language}", State.IN_REVIEW)
        publication.save(update_fields=[f"state_{language}", "updated_at"])
        audit_record(
            actor=actor,
            action="publication.submitted",
            target=publication,
            data={"language": language},
        )


def publication_return_to_draft(
    *, publication: Publication, language: str, actor: User | None
) -> None:
    """Send a version in review back to its author (also cancels a scheduled time)."""
    _check_language(language)
    _require(actor, PUBLISH_PERMISSION)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.state_in(language) != State.IN_REVIEW:
            raise ValidationError(_("Only a version in review can be returned to draft."))
        setattr(publication, f"state_{language}", State.DRAFT)
        setattr(publication, f"publish_at_{language}", None)
        publication.save(
            update_fields=[f"state_{language}", f"publish_at_{language}", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="publication.returned_to_draft",
            target=publication,
            data={"language": language},
        )


def publication_schedule(
    *, publication: Publication, language: str, actor: User | None, publish_at: datetime
) -> None:
    """Publish a version in review at a later time (the beat schedule does it)."""
    _check_language(language)
    _require(actor, PUBLISH_PERMISSION)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.state_in(language) != State.IN_REVIEW:
            raise ValidationError(_("Only a version in review can be scheduled."))
        setattr(publication, f"publish_at_{language}", publish_at)
        publication.save(update_fields=[f"publish_at_{language}", "updated_at"])
        audit_record(
            actor=actor,
            action="publication.scheduled",
            target=publication,
            data={"language": language, "publish_at": publish_at.isoformat()},
        )


def publication_publish(*, publication: Publication, language: str, actor: User | None) -> bool:
    """Publish a version in review now. Returns False if it was already published."""
    _check_language(language)
    _require(actor, PUBLISH_PERMISSION)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        state = publication.state_in(language)
        if state == State.PUBLISHED:
            return False
        if state != State.IN_REVIEW:
            raise ValidationError(_("Only a version in review can be published."))
        _publish_version(publication=publication, language=language, actor=actor)
    return True


def publications_publish_due(*, now: datetime | None = None) -> int:
    """Publish every version whose scheduled time has come (run by beat; idempotent: a
    version already published is skipped). Returns how many were published."""
    now = now or timezone.now()
    published = 0
    for language in LANGUAGES:
        due = Publication.objects.filter(
            **{f"state_{language}": State.IN_REVIEW, f"publish_at_{language}__lte": now}
        ).values_list("pk", flat=True)
        for pk in list(due):
            with transaction.atomic():
                publication = (
                    Publication.objects.select_for_update(skip_locked=True)
                    .filter(
                        pk=pk,
                        **{
                            f"state_{language}": State.IN_REVIEW,
                            f"publish_at_{language}__lte": now,
                        },
                    )
                    .first()
                )
                if publication is None:
                    continue
                try:
                    _publish_version(publication=publication, language=language, actor=None)
                except ValidationError:
                    # The text was emptied after scheduling: leave it for an editor.
                    continue
            published += 1
    return published


def _require_text(publication: Publication, language: str) -> None:
    if not publication.title_in(language) or not html_to_text(
        getattr(publication, f"body_{language}") or ""
    ):
        raise ValidationError(_("This language version needs a title and a body."))


def _publish_version(*, publication: Publication, language: str, actor: User | None) -> None:
    from diplomacy.notifications.services import newsletter_announce

    _require_text(publication, language)
    now = timezone.now()
    fields = [f"state_{language}", f"publish_at_{language}", f"unpublished_at_{language}"]
    setattr(publication, f"state_{language}", State.PUBLISHED)
    setattr(publication, f"publish_at_{language}", None)
    setattr(publication, f"unpublished_at_{language}", None)
    if getattr(publication, f"published_at_{language}") is None:
        setattr(publication, f"published_at_{language}", now)
        fields.append(f"published_at_{language}")
    if not publication.slug_in(language):
        slug = slug_for(
            publication=publication, language=language, title=publication.title_in(language)
        )
        setattr(publication, f"slug_{language}", slug)
        fields.append(f"slug_{language}")
    publication.save(update_fields=[*fields, "updated_at"])
    publication_search_refresh(publication=publication)
    _related_follow(publication=publication)
    audit_record(
        actor=actor, action="publication.published", target=publication, data={"language": language}
    )
    newsletter_announce(
        target=publication,
        language=language,
        sector_ids=list(publication.sectors.values_list("pk", flat=True)),
        title=publication.title_in(language),
        summary=getattr(publication, f"summary_{language}") or "",
        url=publication.get_absolute_url(language),
    )


def publication_unpublish(*, publication: Publication, language: str, actor: User | None) -> None:
    """Withdraw a published version: it goes back to draft and its URL answers 410."""
    _check_language(language)
    _require(actor, PUBLISH_PERMISSION)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.state_in(language) != State.PUBLISHED:
            raise ValidationError(_("Only a published version can be withdrawn."))
        setattr(publication, f"state_{language}", State.DRAFT)
        setattr(publication, f"unpublished_at_{language}", timezone.now())
        publication.save(
            update_fields=[f"state_{language}", f"unpublished_at_{language}", "updated_at"]
        )
        _related_follow(publication=publication)
        audit_record(
            actor=actor,
            action="publication.unpublished",
            target=publication,
            data={"language": language},
        )


def publication_cover_render(*, publication_id: int) -> bool:
    """The cover's renditions (diplomacy/images.py): made unless they exist for the
    current cover; True when new ones were written. Safe to run twice."""
    return renditions_refresh(image=PUBLICATION_COVER, pk=publication_id)


def publication_image_render(*, image_id: int) -> bool:
    """Renditions of an image in the text; same guarantees as publication_cover_render."""
    return renditions_refresh(image=PUBLICATION_IMAGE, pk=image_id)


def publication_restore(
    *, publication: Publication, version: Version, actor: User | None
) -> list[str]:
    """Write an earlier version's text back (diplomacy/revisions). A published language
    version whose text this changes goes back to review, unless the restorer may publish:
    what readers see changes only by someone allowed to publish. The translation jobs
    see the restore as any change of the source text. Returns the restored fields."""
    _require(actor, CHANGE_PERMISSION)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        # Outside the restore's own revision: two versions, the text before and after.
        revision_record_outside_changes(obj=publication)
        changed = _restore_in_revision(publication=publication, version=version, actor=actor)
    return changed


def _restore_in_revision(
    *, publication: Publication, version: Version, actor: User | None
) -> list[str]:
    before = PublicationSnapshot.of(publication)
    with create_revision():
        changed = revision_restore(obj=publication, version=version, actor=actor)
        may_publish = actor is not None and actor.has_perm(PUBLISH_PERMISSION)
        back_to_review = [
            language
            for language in LANGUAGES
            if publication.is_published_in(language)
            and not may_publish
            and any(name.endswith(f"_{language}") for name in changed)
        ]
        for language in back_to_review:
            setattr(publication, f"state_{language}", State.IN_REVIEW)
        if back_to_review:
            publication.save(
                update_fields=[f"state_{language}" for language in back_to_review] + ["updated_at"]
            )
        for language in back_to_review:
            audit_record(
                actor=actor,
                action="publication.restored_to_review",
                target=publication,
                data={"language": language},
            )
        if changed:
            # Slugs follow restored titles (the former ones kept), search follows the text.
            # The public pages follow the restore's save (diplomacy/pagecache_invalidation).
            _titles_follow(publication=publication, before=before)
            publication_search_refresh(publication=publication)
    return changed
