import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from diplomacy import uploads as images
from diplomacy.images import CoverImageField, renditions_render

GPS_IFD = 0x8825


def jpeg_with_gps(size=(800, 600)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[GPS_IFD] = {1: "N", 2: (37.0, 3.0, 0.0), 3: "E", 4: (41.0, 13.0, 0.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def upload(data: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture(autouse=True)
def english_messages():
    """The assertions below read the English error texts; a test run before this one may
    have left another language active in this thread."""
    with translation.override("en"):
        yield


def test_gps_and_camera_metadata_are_stripped_and_orientation_applied():
    original = jpeg_with_gps()
    assert GPS_IFD in Image.open(io.BytesIO(original)).getexif()
    cleaned = CoverImageField().clean(upload(original))
    data = cleaned.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert image.size == (600, 800)  # upright
    assert b"CameraMaker" not in data


def test_png_text_chunks_are_stripped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "Qamishlo 37.05N 41.22E")
    output = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(output, "PNG", pnginfo=info)
    cleaned = images.image_clean_upload(upload(output.getvalue(), "a.png"))
    data = cleaned.read()
    assert b"Qamishlo" not in data
    assert Image.open(io.BytesIO(data)).format == "PNG"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<?php echo 1; ?>", "shell.jpg", "not an image we can read"),
        (b"GIF89a" + b"\x00" * 100, "a.gif", "not an image"),
        (jpeg_with_gps()[:400], "truncated.jpg", "not an image we can read"),
    ],
)
def test_files_that_are_not_acceptable_images_are_refused(data, name, message):
    with pytest.raises(ValidationError) as error:
        CoverImageField().clean(upload(data, name))
    assert message in " ".join(error.value.messages)


def test_other_formats_are_refused():
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, "GIF")
    with pytest.raises(ValidationError) as error:
        images.image_check(upload(output.getvalue(), "a.gif"))
    assert error.value.code == "unsupported_format"


def test_decompression_bomb_is_refused_with_a_clear_error():
    # A small PNG whose header claims 20,000 × 20,000 pixels (400 megapixels).
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, "PNG")
    data = output.getvalue()
    assert len(data) < 200_000
    with pytest.raises(ValidationError) as error:
        CoverImageField().clean(upload(data, "bomb.png"))
    assert error.value.code == "too_many_pixels"
    assert "too many pixels" in error.value.messages[0]


def test_pixel_limit(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    output = io.BytesIO()
    Image.new("RGB", (101, 100)).save(output, "WEBP")
    with pytest.raises(ValidationError) as error:
        images.image_check(upload(output.getvalue(), "a.webp"))
    assert "101×100" in error.value.messages[0]


def test_size_limit(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(ValidationError) as error:
        images.image_check(upload(jpeg_with_gps()))
    assert error.value.code == "too_large"


def test_renditions_are_webp_and_jpeg_at_standard_widths(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    output = io.BytesIO()
    Image.new("RGBA", (1200, 600), (10, 200, 90, 128)).save(output, "PNG")
    storage.save("source.png", io.BytesIO(output.getvalue()))
    renditions = renditions_render(source_name="source.png", folder="r", storage=storage)
    assert sorted((r["width"], r["format"]) for r in renditions) == [
        (480, "jpg"), (480, "webp"), (960, "jpg"), (960, "webp"), (1200, "jpg"), (1200, "webp"),
    ]  # fmt: skip
    for rendition in renditions:
        with storage.open(rendition["name"]) as handle, Image.open(handle) as image:
            assert image.width == rendition["width"]
            assert image.height == rendition["height"] == rendition["width"] // 2
            assert image.format == {"jpg": "JPEG", "webp": "WEBP"}[rendition["format"]]
    # Rerunning writes the same names (idempotent), not new copies.
    again = renditions_render(source_name="source.png", folder="r", storage=storage)
    assert [r["name"] for r in again] == [r["name"] for r in renditions]


@pytest.mark.django_db
def test_images_in_the_text_get_renditions_and_lazy_loading(
    client, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from publications import services
    from publications.models import PublicationImage
    from tests.publications.factories import published_publication

    publication = published_publication()
    output = io.BytesIO()
    Image.new("RGB", (1200, 800), (90, 60, 30)).save(output, "JPEG")
    image = PublicationImage(publication=publication, alt_en="Olive harvest")
    image.image.save("harvest.jpg", ContentFile(output.getvalue()), save=True)
    body = (
        f'<p>Before</p><img src="{image.image.url}" alt="Olive harvest" onerror="alert(1)">'
        '<img src="https://example.org/other.png" alt="elsewhere">'
    )
    Publication = type(publication)
    Publication.objects.filter(pk=publication.pk).update(body_en=body)
    # Before the renditions exist the page renders with the original and its size.
    html = client.get(publication.get_absolute_url("en")).content.decode()
    assert f'src="{image.image.url}"' in html and 'width="1200" height="800"' in html
    assert "onerror" not in html
    publication.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_save(
            publication=publication, before=services.PublicationSnapshot.of(publication), actor=None
        )
    image.refresh_from_db()
    assert {r["width"] for r in image.renditions} == {480, 960, 1200}
    html = client.get(publication.get_absolute_url("en")).content.decode()
    assert '<picture><source type="image/webp"' in html and " 960w" in html
    assert 'loading="lazy"' in html
    # An image from another host is not shown at all (it would see every reader).
    assert "example.org/other.png" not in html
