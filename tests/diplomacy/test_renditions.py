"""The one renditions pipeline (diplomacy/images.py), for each kind of image it serves:
publication covers, images in a publication's text, program covers and partner logos.

Each kind is uploaded through the field its admin uses (checked by content, re-encoded
without metadata), rendered by the same job, and shown by the same picture tag; the
pages of programs and partners show the renditions in Arabic and in English."""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Model
from django.utils import translation
from PIL import Image

from diplomacy.images import (
    CoverImageField,
    RenderedImage,
    picture_of,
    renditions_enqueue,
    renditions_refresh,
)
from diplomacy.jobs.models import Job
from diplomacy.uploads import LOGO_POLICY, CheckedFileField
from partners.models import ORGANIZATION_LOGO
from partners.tasks import render_logo
from programs.models import PROGRAM_COVER
from programs.tasks import render_cover_renditions
from publications.models import PUBLICATION_COVER, PUBLICATION_IMAGE, PublicationImage
from tests import uploads
from tests.partners.factories import OrganizationFactory
from tests.programs.factories import ProgramFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def publication_image() -> PublicationImage:
    return PublicationImage(publication=PublicationFactory())


@dataclass(frozen=True)
class Kind:
    name: str
    row: Callable[[], Model]
    image: RenderedImage
    form_field: Callable[[], CheckedFileField]
    # (width, height, format) of the renditions of a 1800×1200 upload
    expected: list[tuple[int, int, str]]


WIDE = [(480, 320), (960, 640), (1600, 1067)]
SQUARE_BOXES = [(64, 43), (128, 85), (192, 128), (288, 192)]
KINDS = [
    Kind("publication cover", PublicationFactory, PUBLICATION_COVER, CoverImageField,
         [(w, h, f) for w, h in WIDE for f in ("jpg", "webp")]),
    Kind("image in the text", publication_image, PUBLICATION_IMAGE, CoverImageField,
         [(w, h, f) for w, h in WIDE for f in ("jpg", "webp")]),
    Kind("program cover", ProgramFactory, PROGRAM_COVER, CoverImageField,
         [(w, h, f) for w, h in WIDE for f in ("jpg", "webp")]),
    Kind("partner logo", OrganizationFactory, ORGANIZATION_LOGO,
         lambda: CheckedFileField(policy=LOGO_POLICY),
         [(w, h, f) for w, h in SQUARE_BOXES for f in ("png", "webp")]),
]  # fmt: skip


def uploaded(kind: Kind, row: Model, data: bytes) -> None:
    """What the admin does with an upload: the field checks and cleans it, then it is
    stored on the row."""
    cleaned = kind.form_field().clean(SimpleUploadedFile("photo.jpg", data, "image/jpeg"))
    getattr(row, kind.image.field).save(cleaned.name, cleaned, save=True)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_each_kind_is_rendered_once_without_metadata_and_shown_from_its_renditions(
    kind, media_root
):
    row = kind.row()
    uploaded(kind, row, uploads.jpeg_with_gps((1800, 1200)))
    file = getattr(row, kind.image.field)
    # Pending: the page shows the original, with its size when the row keeps it.
    pending = picture_of(file)
    assert pending.src == file.url and not pending.srcset

    assert renditions_refresh(image=kind.image, pk=row.pk)
    row.refresh_from_db()
    renditions = getattr(row, kind.image.renditions_field)
    assert getattr(row, kind.image.source_field) == file.name
    assert sorted((r["width"], r["height"], r["format"]) for r in renditions) == sorted(
        kind.expected
    )
    for rendition in renditions:
        data = (media_root / rendition["name"]).read_bytes()
        assert b"CameraMaker" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (rendition["width"], rendition["height"])
            assert uploads.GPS_IFD not in image.getexif() and dict(image.getexif()) == {}

    shown = picture_of(getattr(row, kind.image.field))
    assert file.url not in (shown.src, shown.srcset), "the original is served"
    smallest = f" {min(kind.expected)[0]}w"
    assert shown.sources[0][0] == "image/webp" and smallest in shown.sources[0][1]
    assert smallest in shown.srcset and shown.src in shown.srcset
    assert (shown.width, shown.height) == max(kind.expected)[:2]
    # A retried job writes nothing.
    files = sorted(path.name for path in media_root.rglob("*") if path.is_file())
    assert not renditions_refresh(image=kind.image, pk=row.pk)
    assert sorted(path.name for path in media_root.rglob("*") if path.is_file()) == files


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_new_image_makes_the_old_renditions_stale_until_rendered_again(kind):
    row = kind.row()
    uploaded(kind, row, uploads.png_bytes((700, 700)))
    renditions_refresh(image=kind.image, pk=row.pk)
    row.refresh_from_db()
    uploaded(kind, row, uploads.png_bytes((900, 300)))
    row = type(row)._default_manager.get(pk=row.pk)
    stale = picture_of(getattr(row, kind.image.field))
    assert stale.src == getattr(row, kind.image.field).url and not stale.srcset
    assert renditions_refresh(image=kind.image, pk=row.pk)
    row.refresh_from_db()
    assert getattr(row, kind.image.source_field) == getattr(row, kind.image.field).name


def test_small_images_are_never_enlarged_and_a_logo_keeps_its_transparency(media_root):
    organization = OrganizationFactory()
    output = io.BytesIO()
    Image.new("RGBA", (100, 50), (10, 200, 90, 0)).save(output, "PNG")
    uploaded(KINDS[3], organization, output.getvalue())
    renditions_refresh(image=ORGANIZATION_LOGO, pk=organization.pk)
    organization.refresh_from_db()
    assert sorted((r["width"], r["format"]) for r in organization.logo_renditions) == [
        (64, "png"), (64, "webp"), (100, "png"), (100, "webp"),
    ]  # fmt: skip
    png = next(r for r in organization.logo_renditions if r["format"] == "png")
    with Image.open(media_root / png["name"]) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 0


@pytest.mark.parametrize(
    ("kind", "task"),
    [(KINDS[2], render_cover_renditions), (KINDS[3], render_logo)],
    ids=["program cover", "partner logo"],
)
def test_a_save_schedules_one_job_and_removing_the_image_forgets_its_renditions(
    kind, task, django_capture_on_commit_callbacks
):
    row = kind.row()
    uploaded(kind, row, uploads.png_bytes((800, 600)))
    Job.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert renditions_enqueue(row=row, image=kind.image, task=task)
    assert list(Job.objects.values_list("task_name", "arguments")) == [(task.name, [row.pk])]
    assert callbacks, "handed to the broker only after commit"
    assert task(row.pk)  # what the worker does
    row.refresh_from_db()
    assert not renditions_enqueue(row=row, image=kind.image, task=task), "already rendered"
    getattr(row, kind.image.field).delete(save=True)
    assert not renditions_enqueue(row=row, image=kind.image, task=task)
    row.refresh_from_db()
    assert getattr(row, kind.image.renditions_field) == []
    assert getattr(row, kind.image.source_field) == ""


def test_the_admin_save_of_a_program_schedules_its_cover(
    client, media_root, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.factories import StaffFactory
    from tests.form_errors import form_data

    client.force_login(StaffFactory(is_superuser=True, preferred_language="en"))
    program = ProgramFactory()
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = form_data(client.get(url).content.decode(), "program_form")
    data["cover_image"] = SimpleUploadedFile("cover.jpg", uploads.jpeg_with_gps((1000, 500)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    program.refresh_from_db()
    # Tasks run eagerly in tests: the job ran once the admin's save committed.
    assert program.cover_renditions_of == program.cover_image.name
    assert {r["width"] for r in program.cover_renditions} == {480, 960, 1000}


def test_the_command_renders_what_is_missing_once():
    program, organization = ProgramFactory(), OrganizationFactory()
    uploaded(KINDS[2], program, uploads.png_bytes((600, 300)))
    uploaded(KINDS[3], organization, uploads.png_bytes((300, 300)))
    output = io.StringIO()
    call_command("images_render", stdout=output)
    assert "programs.Program.cover_image: 1 rendered" in output.getvalue()
    assert "partners.Organization.logo: 1 rendered" in output.getvalue()
    program.refresh_from_db()
    assert program.cover_renditions_of == program.cover_image.name
    output = io.StringIO()
    call_command("images_render", stdout=output)
    assert "0 rendered" in output.getvalue() and "1 rendered" not in output.getvalue()


# --- On the pages ----------------------------------------------------------------------------


def rendered(kind: Kind, row: Model, size=(1800, 1200)) -> Model:
    uploaded(kind, row, uploads.png_bytes(size))
    renditions_refresh(image=kind.image, pk=row.pk)
    row.refresh_from_db()
    return row


@pytest.mark.parametrize("language", ["ar", "en"])
def test_program_pages_show_the_cover_from_its_renditions(client, language):
    program = ProgramFactory(
        cover_alt_ar="طلاب في قاعة الدرس", cover_alt_en="Students in a classroom"
    )
    rendered(KINDS[2], program)
    alt = {"ar": "طلاب في قاعة الدرس", "en": "Students in a classroom"}[language]
    with translation.override(language):
        pages = [client.get(program.get_absolute_url()), client.get(f"/{language}/programs/")]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert '<source type="image/webp" srcset="' in html and " 960w" in html
        assert 'sizes="' in html and 'width="1600" height="1067"' in html
        assert f'alt="{alt}"' in html
        assert program.cover_image.url not in html, "the original is served"
    assert 'loading="lazy"' in pages[1].content.decode()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_partner_pages_show_the_logo_from_its_renditions(client, language):
    organization = rendered(
        KINDS[3], OrganizationFactory(name_ar="تعاونية الأمل", name_en="Hope Cooperative")
    )
    with translation.override(language):
        detail = client.get(organization.get_absolute_url()).content.decode()
    directory = client.get(f"/{language}/partners/").content.decode()
    for html, box in ((detail, 96), (directory, 64)):
        assert '<source type="image/webp" srcset="' in html and " 192w" in html
        assert f'sizes="{box}px"' in html and f'width="{box}" height="{box}"' in html
        assert organization.logo.url not in html, "the original is served"
    name = {"ar": "تعاونية الأمل", "en": "Hope Cooperative"}[language]
    logo_alt = {"ar": f"شعار {name}", "en": f"Logo of {name}"}[language]
    assert f'alt="{logo_alt}"' in detail


def test_a_page_shows_the_original_while_the_renditions_are_pending(client):
    program = ProgramFactory()
    uploaded(KINDS[2], program, uploads.png_bytes((1000, 500)))
    html = client.get(f"/en/programs/{program.slug}/").content.decode()
    assert f'src="{program.cover_image.url}"' in html
    assert 'width="1000" height="500"' in html and "srcset" not in html


def test_a_publication_page_links_no_original_once_its_cover_is_rendered(client):
    from tests.publications.factories import published_publication

    publication = rendered(KINDS[0], published_publication(cover_alt_en="A harvest"))
    html = client.get(publication.get_absolute_url("en")).content.decode()
    largest = max(r["width"] for r in publication.cover_renditions)
    assert f'-{largest}.jpg">' in html  # the link preview: the largest JPEG copy
    assert '<source type="image/webp"' in html and 'alt="A harvest"' in html
    assert publication.cover_image.url not in html, "the original is served"


def test_a_declaration_naming_a_missing_field_stops_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from diplomacy import images, plugins
    from diplomacy.images import COVER_SIZES

    typo = plugins.AppContribution(
        rendered_images=(
            RenderedImage("programs.Program", "cover_image", COVER_SIZES, "x", "covr_"),
        )
    )
    monkeypatch.setattr(plugins, "app_contributions", lambda: (typo,))
    images.rendered_images.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="covr_renditions"):
            images.rendered_images()
    finally:
        monkeypatch.undo()
        images.rendered_images.cache_clear()
    assert ("programs.Program", "cover_image") in images.rendered_images()
