import pytest

from diplomacy.written_sql import joined_model_instances, model_instances
from publications.models import Publication
from tests.publications.factories import published_publication

pytestmark = pytest.mark.django_db

STATEMENT = (
    'SELECT "publication_date", "id", "title_ar", "slug_ar", length("body_ar") AS body_length'
    " FROM publications_publication ORDER BY id"
)


def test_model_instances_are_those_raw_gives():
    published_publication(title_ar="تقرير عن التعاونيات", body_ar="<p>الزراعة</p>")
    published_publication(title_ar="زيارة وفد", body_ar="<p>قامشلو والحسكة</p>")

    written = model_instances(Publication, STATEMENT, [])
    raw = list(Publication.objects.raw(STATEMENT))

    assert len(written) == len(raw) >= 2
    assert all(type(row) is Publication for row in written)
    for mine, django in zip(written, raw, strict=True):
        for name in ("pk", "publication_date", "title_ar", "slug_ar", "body_length"):
            assert getattr(mine, name) == getattr(django, name), name
        # Columns not selected are deferred, as raw() leaves them.
        assert mine.get_deferred_fields() == django.get_deferred_fields()
        assert "summary_ar" in mine.get_deferred_fields()
        assert mine._state.adding is False


def test_model_instances_takes_parameters():
    published_publication(title_ar="تقرير عن التعاونيات")
    published_publication(title_ar="زيارة وفد")

    found = model_instances(
        Publication, 'SELECT "id", "title_ar" FROM publications_publication WHERE title_ar = %s',
        ["زيارة وفد"],
    )  # fmt: skip

    assert [row.title_ar for row in found] == ["زيارة وفد"]


def test_joined_model_instances_gives_each_model_its_prefixed_columns():
    from programs.models import Event, Registration
    from tests.programs.factories import RegistrationFactory

    registration = RegistrationFactory(event__title_ar="ورشة عن التعاونيات")

    [(mine, event)] = joined_model_instances(
        [("registration", Registration), ("event", Event)],
        "SELECT registration.id AS registration__id, registration.status AS registration__status,"
        " event.id AS event__id, event.title_ar AS event__title_ar"
        " FROM programs_registration AS registration"
        " JOIN programs_event AS event ON event.id = registration.event_id"
        " WHERE registration.id = %s",
        [registration.pk],
    )

    assert (type(mine), type(event)) == (Registration, Event)
    assert (mine.pk, mine.status) == (registration.pk, registration.status)
    assert (event.pk, event.title_ar) == (registration.event_id, "ورشة عن التعاونيات")
    assert "answers" in mine.get_deferred_fields()
    assert "starts_at" in event.get_deferred_fields()
