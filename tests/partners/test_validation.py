import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners.validation import (
    clean_email_list,
    clean_phone_list,
    phone_for_display,
    validate_logo,
    validate_pdf,
)
from tests.partners.conftest import MINIMAL_PDF, png_bytes
from tests.uploads import pdf_with_javascript


def test_phone_numbers_are_stored_in_international_form():
    assert clean_phone_list(["0933 123 456", "+32 2 512 34 56", "+963933123456"]) == [
        "+963933123456",
        "+3225123456",
    ]


def test_invalid_phone_numbers_are_all_reported():
    with pytest.raises(ValidationError) as error:
        clean_phone_list(["12", "not a number", "+963933123456"])
    assert len(error.value.messages) == 2


def test_phone_display_is_international():
    assert phone_for_display("+963933123456") == "+963 933 123 456"


def test_email_list_lowercases_and_rejects_bad_addresses():
    assert clean_email_list(["Info@Coop.EXAMPLE", "info@coop.example"]) == ["info@coop.example"]
    with pytest.raises(ValidationError):
        clean_email_list(["info@", "ok@example.org"])


def test_logo_accepts_a_real_image_and_rejects_other_files():
    validate_logo(SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"))
    with pytest.raises(ValidationError):
        validate_logo(
            SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
        )


def test_logo_too_large_in_bytes_is_rejected():
    big = SimpleUploadedFile("logo.png", png_bytes() + b"\0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError):
        validate_logo(big)


def test_logo_decompression_bomb_is_a_validation_error_not_a_crash():
    # A small PNG whose header claims 20,000 × 20,000 pixels (400 megapixels).
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, "PNG")
    with pytest.raises(ValidationError) as error:
        validate_logo(SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png"))
    assert error.value.code == "too_many_pixels"


def test_pdf_validation():
    validate_pdf(SimpleUploadedFile("mou.pdf", MINIMAL_PDF))
    with pytest.raises(ValidationError):
        validate_pdf(SimpleUploadedFile("mou.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(ValidationError):
        validate_pdf(SimpleUploadedFile("mou.pdf", MINIMAL_PDF[:40]))
    scripted = pdf_with_javascript()
    with pytest.raises(ValidationError):
        validate_pdf(SimpleUploadedFile("mou.pdf", scripted))
