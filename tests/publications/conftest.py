import pytest
from django.contrib.auth.models import Group

from diplomacy.accounts.roles import EDITORS, TRANSLATORS
from tests.factories import StaffFactory


@pytest.fixture
def editor(db):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def translator(db):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    return user


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # A worker started by the test reads its settings from the environment.
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)
    return settings.MEDIA_ROOT
