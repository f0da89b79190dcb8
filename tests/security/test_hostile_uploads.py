"""Hostile files against every upload field of the portal, through the real forms.

Each kind is made here, in the test. Each (kind, field) pair is either refused — with a
message on that field, in the user's language (Arabic and English are both checked) — or
stored neutralized: re-encoded without metadata or script, under a random name.

Fields: publication cover, image in a publication's text, publication attachment (the
publication admin and its inlines), program cover, partner logo and signed agreement
(the organization admin and its inline), a message attachment in a delegation's thread,
and the partner import (its form, and its admin page for what only the import can see).
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from PIL import Image

from delegations.forms import MessageForm
from partners.forms import ImportForm
from partners.models import Organization
from programs.models import Program
from publications.models import Publication
from tests import uploads
from tests.factories import StaffFactory
from tests.partners.imports import import_upload

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp|pdf|csv|xlsx)$")


# --- The fields --------------------------------------------------------------------------


def admin_request():
    request = RequestFactory().get("/admin/")
    request.user = StaffFactory(is_superuser=True)
    return request


def admin_form(model) -> type:
    return admin.site._registry[model].get_form(admin_request())


def inline_form(model, inline_model) -> type:
    model_admin = admin.site._registry[model]
    request = admin_request()
    for inline in model_admin.get_inline_instances(request):
        if inline.model is inline_model:
            return inline.get_formset(request).form
    raise LookupError(inline_model)


@dataclass(frozen=True)
class Field:
    name: str
    form: Callable[[], type]
    field: str
    max_bytes: int
    accepts: frozenset  # of "jpeg", "png", "gif", "pdf", "csv", "xlsx"


def publication_attachment_form():
    from publications.models import Attachment

    return inline_form(Publication, Attachment)


def publication_image_form():
    from publications.models import PublicationImage

    return inline_form(Publication, PublicationImage)


def agreement_form():
    from partners.models import Agreement

    return inline_form(Organization, Agreement)


IMAGES = frozenset({"jpeg", "png"})
FIELDS = [
    Field("publication cover", lambda: admin_form(Publication), "cover_image", 10 << 20, IMAGES),
    Field("image in the text", publication_image_form, "image", 10 << 20, IMAGES),
    Field(
        "publication attachment", publication_attachment_form, "file", 25 << 20, IMAGES | {"pdf"}
    ),
    Field("program cover", lambda: admin_form(Program), "cover_image", 10 << 20, IMAGES),
    Field("partner logo", lambda: admin_form(Organization), "logo", 2 << 20, IMAGES | {"gif"}),
    Field("signed agreement", agreement_form, "document", 10 << 20, frozenset({"pdf"})),
    Field("message attachment", lambda: MessageForm, "attachment", 5 << 20, IMAGES | {"pdf"}),
    Field("partner import", lambda: ImportForm, "file", 5 << 20, frozenset({"csv", "xlsx"})),
]


# --- The hostile kinds -------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    filename: str
    make: Callable[[Field], bytes]
    # The kind of content a field may accept and neutralize; None: refused everywhere.
    neutralized_as: str | None = None


def over_the_limit(field: Field) -> bytes:
    """A real PNG padded past the field's size limit."""
    return uploads.png_bytes() + b"\0" * (field.max_bytes + 1)


KINDS = [
    Kind("SVG with a script", "logo.svg", lambda f: uploads.svg_with_script()),
    Kind("HTML renamed .pdf", "report.pdf", lambda f: uploads.html_page()),
    Kind("GIF/JavaScript polyglot", "photo.gif", lambda f: uploads.gif_js_polyglot(), "gif"),
    Kind("JPEG with GPS position", "photo.jpg", lambda f: uploads.jpeg_with_gps(), "jpeg"),
    Kind("decompression bomb PNG", "photo.png", lambda f: uploads.decompression_bomb_png()),
    Kind("zip bomb in .xlsx", "partners.xlsx", lambda f: uploads.xlsx_zip_bomb()),
    Kind("PDF with /JavaScript", "report.pdf", lambda f: uploads.pdf_with_javascript()),
    Kind("PDF with /OpenAction", "report.pdf", lambda f: uploads.pdf_with_open_action()),
    Kind("PDF with /AA", "report.pdf", lambda f: uploads.pdf_with_additional_actions()),
    Kind("PDF with /Launch", "report.pdf", lambda f: uploads.pdf_with_launch()),
    Kind("PDF with /EmbeddedFiles", "report.pdf", lambda f: uploads.pdf_with_embedded_file()),
    Kind("PDF with a #xx-escaped name", "report.pdf", lambda f: uploads.pdf_with_escaped_name()),
    Kind(
        "PDF with its action in an object stream",
        "report.pdf",
        lambda f: uploads.pdf_with_action_in_object_stream(),
    ),
    Kind("truncated image", "photo.jpg", lambda f: uploads.truncated_jpeg()),
    Kind("0-byte file", "empty.pdf", lambda f: b""),
    Kind("file over the size limit", "photo.png", over_the_limit),
    Kind(
        "image with a huge declared size", "photo.png", lambda f: uploads.huge_declared_size_png()
    ),
    Kind("CSV with formula cells", "partners.csv", lambda f: uploads.csv_with_formulas(), "csv"),
    Kind("ELF executable renamed .pdf", "report.pdf", lambda f: uploads.elf_executable()),
]


def import_page(upload, language: str) -> str:
    """The partner import's admin page after uploading `upload`, for a Partnerships
    member who works in `language`."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from diplomacy.accounts.roles import PARTNERSHIPS

    member = StaffFactory(preferred_language=language)
    member.groups.add(Group.objects.get(name=PARTNERSHIPS))
    client = Client()
    client.force_login(member)
    response = import_upload(client, upload)
    assert response.status_code == 200
    return response.content.decode()


def upload_through(field: Field, kind: Kind, language: str):
    data = kind.make(field)
    upload = SimpleUploadedFile(kind.filename, data, content_type="application/pdf")
    if field.name == "partner import":
        page = import_page(upload, language)
        return page, import_errors(page), None
    typed = {"body": "رسالة كتبها المستخدم", "title": "Typed title"}
    with translation.override(language):
        form = field.form()(data=typed, files={field.field: upload})
        form.is_valid()
        errors = [str(message) for message in form.errors.get(field.field, [])]
        cleaned = form.cleaned_data.get(field.field) if not errors else None
    return form, errors, cleaned


CASES = [
    pytest.param(field, kind, id=f"{kind.name} → {field.name}")
    for kind in KINDS
    for field in FIELDS
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(("field", "kind"), CASES)
def test_hostile_upload_is_refused_on_its_field_or_stored_neutralized(field, kind, language):
    form, errors, cleaned = upload_through(field, kind, language)
    if kind.neutralized_as in field.accepts:
        assert not errors, errors
        assert_neutralized(kind, form if isinstance(form, str) else cleaned)
        return
    assert errors, f"{kind.name} was accepted by the {field.name} field"
    # In the user's language, on the field itself, and what was typed is still there.
    for message in errors:
        if language == "ar":
            assert ARABIC.search(message), message
        else:
            assert not ARABIC.search(message), message
    if not isinstance(form, str) and "body" in form.fields:
        assert form["body"].value() == "رسالة كتبها المستخدم"


def import_errors(page: str) -> list[str]:
    """The messages of the file field's error list on the import page."""
    form = page[page.rindex('enctype="multipart/form-data"') :]
    match = re.search(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', form, re.S)
    if not match:
        return []
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li>(.*?)</li>", match[1], re.S)
    ]


def assert_neutralized(kind: Kind, cleaned) -> None:
    if isinstance(cleaned, str):  # the import's preview page
        assert "Qamishlo Teachers Union" in cleaned
        return
    assert cleaned is not None
    assert RANDOM_NAME.match(cleaned.name.rsplit("/", 1)[-1]), cleaned.name
    cleaned.seek(0)
    data = cleaned.read()
    if kind.neutralized_as == "jpeg":
        with Image.open(io.BytesIO(data)) as image:
            assert uploads.GPS_IFD not in image.getexif()
            assert dict(image.getexif()) == {}
        assert b"CameraMaker" not in data
    elif kind.neutralized_as == "gif":
        assert b"alert(" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG"
    elif kind.neutralized_as == "csv":
        assert cleaned.name.endswith(".csv")


def test_at_least_twelve_kinds_against_every_field():
    assert len(KINDS) >= 12
    assert {field.name for field in FIELDS} >= {
        "publication cover",
        "image in the text",
        "publication attachment",
        "program cover",
        "partner logo",
        "signed agreement",
        "message attachment",
        "partner import",
    }


# --- What only the import itself can see, through its admin page ------------------------


@pytest.fixture
def partnerships(client):
    from django.contrib.auth.models import Group

    from diplomacy.accounts.roles import PARTNERSHIPS

    member = StaffFactory()
    member.groups.add(Group.objects.get(name=PARTNERSHIPS))
    client.force_login(member)
    return member


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "holds a spreadsheet formula"), ("ar", "صيغة جدول بيانات")],
)
def test_formula_cells_are_refused_row_by_row_on_import(client, partnerships, language, expected):
    partnerships.preferred_language = language
    partnerships.save(update_fields=["preferred_language"])
    response = import_upload(
        client,
        SimpleUploadedFile("partners.csv", uploads.csv_with_formulas()),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(expected) == 2  # the two formula rows, and not the plain one
    assert "Qamishlo Teachers Union" in page


@pytest.mark.parametrize(
    ("kind", "filename"),
    [
        (uploads.html_page, "partners.csv"),
        (uploads.xlsx_zip_bomb, "partners.xlsx"),
        (uploads.elf_executable, "partners.csv"),
    ],
)
def test_the_import_page_shows_the_refusal_next_to_the_file_field(
    client, partnerships, kind, filename
):
    before = Organization.objects.count()
    response = client.post(
        reverse("admin:partners_organization_import"),
        {"file": SimpleUploadedFile(filename, kind())},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="errorlist' in page
    assert import_errors(page)
    assert Organization.objects.count() == before
