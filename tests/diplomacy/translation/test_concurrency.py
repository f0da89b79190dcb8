"""Two saves of the same object at the same time, in two database connections."""

import threading

import pytest
from django.db import connection, transaction

from diplomacy.pages.models import Page
from diplomacy.translation.models import TranslationJob
from tests.diplomacy.translation.factories import PageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_saves_make_one_job_for_the_latest_text(engine_none, settings):
    page = PageFactory(title_ar="", title_en="")
    both_inside = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def save(title: str, *, first: bool) -> None:
        try:
            with transaction.atomic():
                obj = Page.objects.get(pk=page.pk)
                obj.title_ar = title
                both_inside.wait()
                if first:
                    obj.save()
                    # Hold the new job uncommitted while the other writer saves: it waits
                    # (on the object's row, or on the unique index of open jobs), then
                    # updates this job instead of making a second one.
                    threading.Event().wait(1.0)
                else:
                    threading.Event().wait(0.3)
                    obj.save()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("النص الأول",), kwargs={"first": True})
    second = threading.Thread(target=save, args=("النص الثاني",), kwargs={"first": False})
    first.start()
    second.start()
    first.join(20)
    second.join(20)
    assert errors == []
    jobs = TranslationJob.objects.filter(content_type__model="page", object_id=str(page.pk))
    assert jobs.count() == 1
    assert jobs.get().source_texts == {"title": "النص الثاني"}
