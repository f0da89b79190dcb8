import io

import pytest
from django.contrib.auth.models import Group
from PIL import Image

from diplomacy.accounts.roles import EDITORS, PARTNERSHIPS
from tests.factories import StaffFactory
from tests.uploads import pdf_bytes


@pytest.fixture
def partnerships_staff(db):
    member = StaffFactory(email="partnerships-member@example.org")
    member.groups.add(Group.objects.get(name=PARTNERSHIPS))
    return member


@pytest.fixture
def editor_staff(db):
    member = StaffFactory(email="editor-member@example.org")
    member.groups.add(Group.objects.get(name=EDITORS))
    return member


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png_bytes(size=(1200, 800), color=(11, 93, 75)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


MINIMAL_PDF = pdf_bytes()
