from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_loaddemo_twice_gives_the_same_rows():
    call_command("loaddemo", stdout=StringIO())
    first = row_counts()
    call_command("loaddemo", stdout=StringIO())
    assert row_counts() == first
    assert first["pages.Page"] == 2
