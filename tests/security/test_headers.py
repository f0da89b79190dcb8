"""Every response carries the Content-Security-Policy and the other security headers:
pages, pages from the page cache, error pages, the admin and uploaded media."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from diplomacy.content_security import inline_blocks, inline_hashes, source_hash, template_roots
from diplomacy.pagecache import public_pages_changed
from tests.factories import StaffFactory
from tests.uploads import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

REQUIRED_DIRECTIVES = [
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


def policy_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip() for part in header.split(";") if part.strip()
    }


def assert_security_headers(response) -> None:
    policy = policy_of(response)
    for directive in REQUIRED_DIRECTIVES:
        assert directive in policy.values(), (directive, response["Content-Security-Policy"])
    script = policy["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert "nonce-" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/ar/", "/en/", "/en/publications/", "/ar/accounts/login/"])
def test_public_pages_carry_the_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)


def test_a_page_from_the_page_cache_carries_the_same_headers(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    public_pages_changed()
    miss = client.get("/en/about/")
    hit = client.get("/en/about/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert_security_headers(hit)
    for header in ("Content-Security-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy"):
        assert hit[header] == miss[header]


def test_error_pages_carry_the_policy(client):
    missing = client.get("/en/no-such-page/")
    assert missing.status_code == 404
    assert_security_headers(missing)


@pytest.mark.urls("tests.security.urls")
def test_the_server_error_page_carries_the_policy():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_security_headers(response)
    # Its inline style is allowed by hash, not by 'unsafe-inline'.
    assert "'unsafe-inline'" not in policy_of(response)["style-src"]


def test_the_admin_carries_the_policy(client):
    client.force_login(StaffFactory(is_superuser=True))
    response = client.get("/admin/publications/publication/add/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_media_images_are_shown_and_other_files_are_downloads(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    default_storage.location = str(tmp_path)
    image = default_storage.save("publications/images/a.png", ContentFile(png_bytes()))
    document = default_storage.save("publications/attachments/a.pdf", ContentFile(pdf_bytes()))
    shown = client.get(f"/media/{image}")
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert not shown.get("Content-Disposition", "").startswith("attachment")
    downloaded = client.get(f"/media/{document}")
    assert downloaded["Content-Disposition"] == "attachment"
    for response in (shown, downloaded):
        assert response["X-Content-Type-Options"] == "nosniff"
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "sandbox" in policy
        assert "camera=()" in response["Permissions-Policy"]
    assert client.get("/media/../settings.py").status_code in (400, 404)


def test_every_inline_block_of_every_template_is_allowed_by_hash(settings):
    """A new inline <script> or <style> in any template (ours or the admin's) must be
    in the policy, or the browser refuses it: this fails first."""
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    found = 0
    for root in template_roots():
        for path in root.rglob("*.html"):
            if "email" in path.parts or "notifications" in path.parts:
                continue
            for tag, content in inline_blocks(path.read_text(encoding="utf-8")):
                found += 1
                assert source_hash(content) in policy[f"{tag}-src"], path
    assert found >= 2  # the 500 page and the admin change list
    assert inline_hashes("script") == []  # no inline script anywhere
