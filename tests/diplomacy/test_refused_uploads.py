"""Every form with a file field, when the file is refused: the page comes back with what
the person typed still in the form and the error in that file field's own error list, in
the person's language (the check of the content itself is tests/…/uploads' business)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import StaffFactory
from tests.form_errors import add_inline_row, field_errors, field_value, form_data

pytestmark = pytest.mark.django_db

TYPED = "نص كتبه الموظف ولا يجوز أن يضيع — typed by staff, must not be lost"


def executable(name: str) -> SimpleUploadedFile:
    """A Windows program under a harmless-looking name."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 256)


def in_language(message: str, lang: str) -> bool:
    has_arabic = bool(re.search("[\u0600-\u06ff]", message))
    return has_arabic if lang == "ar" else not has_arabic


@pytest.fixture(params=["ar", "en"])
def admin_user(request, client):
    user = StaffFactory(is_superuser=True, preferred_language=request.param)
    client.force_login(user)
    user.lang = request.param
    return user


def post_change_page(client, url: str, form_id: str, changes: dict):
    data = form_data(client.get(url).content.decode(), form_id)
    assert data, f"no form {form_id} at {url}"
    data.update(changes(data) if callable(changes) else changes)
    return client.post(url, data)


def assert_kept_and_refused(response, lang: str, *, text_id: str, file_id: str) -> None:
    assert response.status_code == 200, response.status_code  # the form again, not saved
    page = response.content.decode()
    assert field_value(page, text_id) == TYPED
    errors = field_errors(page, file_id)
    assert errors, f"no error under {file_id}"
    assert all(in_language(error, lang) for error in errors), errors


def test_program_cover(client, admin_user):
    from tests.programs.factories import ProgramFactory

    program = ProgramFactory()
    url = reverse("admin:programs_program_change", args=[program.pk])
    response = post_change_page(
        client,
        url,
        "program_form",
        {"summary_en": [TYPED], "cover_image": executable("cover.jpg")},
    )
    assert_kept_and_refused(
        response, admin_user.lang, text_id="id_summary_en", file_id="id_cover_image"
    )


def test_publication_cover(client, admin_user):
    from tests.publications.factories import PublicationFactory

    publication = PublicationFactory()
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    response = post_change_page(
        client,
        url,
        "publication_form",
        {"summary_en": [TYPED], "cover_image": executable("cover.png")},
    )
    assert_kept_and_refused(
        response, admin_user.lang, text_id="id_summary_en", file_id="id_cover_image"
    )


@pytest.mark.parametrize(
    ("prefix", "file_field", "text_field", "name"),
    [
        ("attachments", "file", "title_en", "report.pdf"),
        ("images", "image", "alt_en", "photo.jpg"),
    ],
)
def test_publication_attachments_and_images(
    client, admin_user, prefix, file_field, text_field, name
):
    from tests.publications.factories import PublicationFactory

    publication = PublicationFactory()
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    rows = {}

    def new_row(data):
        rows["index"] = add_inline_row(
            data, prefix, {text_field: [TYPED], file_field: executable(name)}
        )
        return {}

    response = post_change_page(client, url, "publication_form", new_row)
    index = rows["index"]
    assert_kept_and_refused(
        response,
        admin_user.lang,
        text_id=f"id_{prefix}-{index}-{text_field}",
        file_id=f"id_{prefix}-{index}-{file_field}",
    )


def test_partner_logo(client, admin_user):
    from partners.services import organization_create

    organization = organization_create(actor=None, slug="logo-test", name_en="Logo test")
    url = reverse("admin:partners_organization_change", args=[organization.pk])
    response = post_change_page(
        client,
        url,
        "organization_form",
        {"description_en": [TYPED], "logo": executable("logo.png")},
    )
    assert_kept_and_refused(
        response, admin_user.lang, text_id="id_description_en", file_id="id_logo"
    )


def test_partner_agreement(client, admin_user):
    from partners.services import organization_create

    organization = organization_create(actor=None, slug="mou-test", name_en="MoU test")
    url = reverse("admin:partners_agreement_add")
    response = client.post(
        url,
        {
            "organization": organization.pk,
            "title": TYPED,
            "kind": "mou",
            "starts_on": "2026-01-01",
            "document": executable("signed.pdf"),
        },
    )
    assert_kept_and_refused(response, admin_user.lang, text_id="id_title", file_id="id_document")


def test_partner_agreement_inline(client, admin_user):
    from partners.services import organization_create

    organization = organization_create(actor=None, slug="mou-inline", name_en="MoU inline")
    url = reverse("admin:partners_organization_change", args=[organization.pk])
    data = form_data(client.get(url).content.decode(), "organization_form")
    prefix = next(
        key.removesuffix("-TOTAL_FORMS")
        for key in data
        if key.endswith("-TOTAL_FORMS") and "agreement" in key
    )
    index = add_inline_row(
        data,
        prefix,
        {"title": [TYPED], "kind": ["mou"], "starts_on": ["2026-01-01"]},
    )
    data[f"{prefix}-{index}-document"] = executable("signed.pdf")
    response = client.post(url, data)
    assert_kept_and_refused(
        response,
        admin_user.lang,
        text_id=f"id_{prefix}-{index}-title",
        file_id=f"id_{prefix}-{index}-document",
    )


def test_partner_import(client, admin_user):
    url = reverse("admin:partners_organization_import")
    response = client.post(url, {"file": executable("partners.csv")})
    assert response.status_code == 200
    page = response.content.decode()
    errors = field_errors(page, "id_file")
    assert errors and all(in_language(error, admin_user.lang) for error in errors), errors
