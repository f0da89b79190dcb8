import datetime
import io
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from diplomacy.celery import app
from publications import services
from publications.models import Publication
from tests.publications.factories import PublicationFactory, edited, published_publication


@pytest.mark.django_db
def test_beat_schedule_entry_publishes_due_versions(editor, client):
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-publications"]
    app.loader.import_default_modules()  # as beat and the worker do when they start
    task = app.tasks[entry["task"]]
    publication = edited(PublicationFactory())
    services.publication_submit_for_review(publication=publication, language="en", actor=editor)
    services.publication_schedule(
        publication=publication,
        language="en",
        actor=editor,
        publish_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert client.get(publication.get_absolute_url("en")).status_code == 404
    # What beat sends: the registered task by name, with the entry's arguments.
    task.apply_async(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
    publication.refresh_from_db()
    assert publication.state_en == Publication.State.PUBLISHED
    assert publication.state_ar == Publication.State.DRAFT
    assert client.get(publication.get_absolute_url("en")).status_code == 200
    # Idempotent: the next beat tick publishes nothing more.
    assert task.apply().get() == 0


@pytest.mark.django_db
def test_future_schedule_is_left_alone():
    publication = edited(PublicationFactory(state_ar=Publication.State.IN_REVIEW))
    Publication.objects.filter(pk=publication.pk).update(
        publish_at_ar=timezone.now() + datetime.timedelta(days=1)
    )
    assert services.publications_publish_due() == 0


def _png(width=1000, height=500) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(output, "PNG")
    return output.getvalue()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_cover_renditions_are_made_by_a_real_worker(demo_content, celery_worker_process, client):
    publication = published_publication(title_en="With a cover")
    # The page renders before the renditions exist.
    before = services.PublicationSnapshot.of(publication)
    publication.cover_image.save("cover.png", ContentFile(_png()), save=True)
    html = client.get(publication.get_absolute_url("en")).content.decode()
    assert publication.cover_image.url in html and 'width="1000" height="500"' in html
    services.publication_save(publication=publication, before=before, actor=None)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        publication.refresh_from_db()
        if publication.cover_renditions:
            break
        time.sleep(0.2)
    assert {(r["width"], r["format"]) for r in publication.cover_renditions} == {
        (480, "webp"), (480, "jpg"), (960, "webp"), (960, "jpg"), (1000, "webp"), (1000, "jpg"),
    }  # fmt: skip
    assert publication.cover_renditions_of == publication.cover_image.name
    html = client.get(publication.get_absolute_url("en")).content.decode()
    assert 'type="image/webp"' in html and " 480w" in html and 'sizes="' in html
    assert 'width="1000" height="500"' in html
    listing = client.get("/en/publications/").content.decode()
    assert 'loading="lazy"' in listing
