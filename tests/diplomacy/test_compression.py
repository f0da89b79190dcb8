"""HTML goes out compressed; static files are fingerprinted and precompressed in production."""

import gzip

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_html_is_gzipped_for_browsers_that_accept_it(client):
    response = client.get("/ar/about/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert '<html lang="ar" dir="rtl">' in gzip.decompress(response.content).decode()


def test_html_is_plain_for_clients_that_do_not(client):
    response = client.get("/ar/about/")
    assert not response.has_header("Content-Encoding")


def test_production_static_files_are_fingerprinted_and_precompressed(tmp_path):
    from whitenoise.compress import Compressor

    from diplomacy.settings import base

    backend = base.STORAGES["staticfiles"]["BACKEND"]
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    # What collectstatic does to each file with that backend: a .gz and a .br beside it
    # (Brotli only if the brotli package is installed, as whitenoise[brotli] ensures).
    css = tmp_path / "site.css"
    css.write_text((ROOT / "static" / "css" / "site.css").read_text())
    written = list(Compressor(quiet=True).compress(str(css)))
    assert sorted(name.rsplit(".", 1)[1] for name in written) == ["br", "gz"]
