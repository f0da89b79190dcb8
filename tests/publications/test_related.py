"""Related publications are worked out when publications change, not on each request:
stored per language on the row (`related_ids`), they follow publishing, withdrawal and
edits of sectors and tags, of the publication itself and of its neighbours."""

import pytest

from diplomacy.taxonomy.models import Sector
from publications import services
from publications.models import Publication
from tests.publications.factories import (
    PublicationFactory,
    TagFactory,
    edited,
    published_publication,
)

pytestmark = pytest.mark.django_db


def related_on_page(client, publication: Publication, language: str = "en") -> list[str]:
    html = client.get(publication.get_absolute_url(language)).content.decode()
    if 'id="related-heading"' not in html:
        return []
    section = html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
    return [
        title
        for title in Publication.objects.values_list("title_en", flat=True)
        if title and title in section
    ]


def stored(publication: Publication, language: str = "en") -> list[int]:
    publication.refresh_from_db()
    return publication.related_ids[language]


def publish_with_jobs(capture, publication: Publication, language: str = "en") -> None:
    services.publication_submit_for_review(publication=publication, language=language, actor=None)
    with capture(execute=True):
        services.publication_publish(publication=publication, language=language, actor=None)


def edit_with_jobs(capture, publication: Publication, **relations) -> None:
    """An edit through the one write path, as the admin makes it (relations included)."""
    before = services.PublicationSnapshot.of(Publication.objects.get(pk=publication.pk))

    def save_relations() -> None:
        for name, values in relations.items():
            getattr(publication, name).set(values)

    with capture(execute=True):
        services.publication_save(
            publication=publication, actor=None, before=before, save_relations=save_relations
        )


def test_publishing_a_neighbour_adds_it_to_the_stored_related(
    client, django_capture_on_commit_callbacks
):
    # A sector of its own: the demo content fills the others.
    education = Sector.objects.create(slug="schools-only-here", name_en="Schools")
    reader = published_publication(title_en="The article read")
    edit_with_jobs(django_capture_on_commit_callbacks, reader, sectors=[education])
    assert stored(reader) == []

    neighbour = edited(PublicationFactory(title_en="A newer article on schools"))
    edit_with_jobs(django_capture_on_commit_callbacks, neighbour, sectors=[education])
    assert stored(reader) == []  # a draft is nobody's related publication
    publish_with_jobs(django_capture_on_commit_callbacks, neighbour)

    assert stored(reader) == [neighbour.pk]
    assert stored(reader, "ar") == []  # its Arabic version is not published
    assert related_on_page(client, reader) == ["A newer article on schools"]


def test_an_edit_of_tags_moves_a_publication_in_and_out_of_related(
    client, django_capture_on_commit_callbacks
):
    tag = TagFactory()
    reader = published_publication(title_en="The article read")
    edit_with_jobs(django_capture_on_commit_callbacks, reader, tags=[tag])
    neighbour = published_publication(title_en="Another article")
    assert stored(reader) == []

    edit_with_jobs(django_capture_on_commit_callbacks, neighbour, tags=[tag])
    assert stored(reader) == [neighbour.pk]
    assert stored(neighbour) == [reader.pk]

    edit_with_jobs(django_capture_on_commit_callbacks, neighbour, tags=[])
    assert stored(reader) == []
    assert stored(neighbour) == []
    assert related_on_page(client, reader) == []


def test_withdrawing_a_neighbour_removes_it(client, django_capture_on_commit_callbacks):
    tag = TagFactory()
    reader = published_publication(title_en="The article read")
    older = published_publication(title_en="An older article")
    newer = published_publication(title_en="A newer article")
    for publication in (reader, older, newer):
        edit_with_jobs(django_capture_on_commit_callbacks, publication, tags=[tag])
    assert stored(reader) == [newer.pk, older.pk]  # newest first (same date: higher id)

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_unpublish(publication=newer, language="en", actor=None)
    assert stored(reader) == [older.pk]
    assert stored(reader, "ar") == [newer.pk, older.pk]  # still published in Arabic
    assert related_on_page(client, reader) == ["An older article"]


def test_the_page_never_shows_a_withdrawn_one_before_the_job_ran(client):
    tag = TagFactory()
    reader = published_publication(title_en="The article read")
    neighbour = published_publication(title_en="Soon withdrawn")
    for publication in (reader, neighbour):
        publication.tags.set([tag])
    services.publications_related_refresh(publication_ids=[reader.pk])
    assert related_on_page(client, reader) == ["Soon withdrawn"]
    # Withdrawn, its job not run yet (no commit in this test): the page still leaves it out.
    services.publication_unpublish(publication=neighbour, language="en", actor=None)
    assert stored(reader) == [neighbour.pk]
    assert related_on_page(client, reader) == []


def test_rows_without_stored_related_are_worked_out_live_then_backfilled(client):
    tag = TagFactory()
    reader = published_publication(title_en="The article read")
    neighbour = published_publication(title_en="Inserted in bulk")
    for publication in (reader, neighbour):
        publication.tags.set([tag])
    Publication.objects.update(related_ids={"ar": [], "en": []})  # the demo's: done
    # As after the migration that added the field.
    Publication.objects.filter(pk__in=[reader.pk, neighbour.pk]).update(related_ids=None)
    assert related_on_page(client, reader) == ["Inserted in bulk"]

    assert services.publications_related_backfill_batch(size=1) == 1
    assert services.publications_related_backfill_batch() == 1
    assert services.publications_related_backfill_batch() == 0
    assert stored(reader) == [neighbour.pk] and stored(neighbour) == [reader.pk]
    assert related_on_page(client, reader) == ["Inserted in bulk"]
    # Idempotent: worked out again, nothing changes.
    assert services.publications_related_refresh(publication_ids=[reader.pk, neighbour.pk]) == 0
