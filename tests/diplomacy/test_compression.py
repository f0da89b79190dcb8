"""HTML goes out compressed; static files are fingerprinted and precompressed in production."""

import gzip
import json

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

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
    assert backend == "diplomacy.static_files.PortalStaticFilesStorage"  # WhiteNoise's, below
    # What collectstatic does to each file with that backend: a .gz and a .br beside it
    # (Brotli only if the brotli package is installed, as whitenoise[brotli] ensures).
    css = tmp_path / "site.css"
    css.write_text((ROOT / "static" / "css" / "site.css").read_text())
    written = list(Compressor(quiet=True).compress(str(css)))
    assert sorted(name.rsplit(".", 1)[1] for name in written) == ["br", "gz"]


def test_static_addresses_are_the_hashed_files_worked_out_once_per_process(tmp_path, settings):
    # The manifest collectstatic writes (staticfiles.json), for one file.
    manifest = {"paths": {"css/site.css": "css/site.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "diplomacy.static_files.PortalStaticFilesStorage"},
    }
    assert staticfiles_storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    staticfiles_storage.hashed_files.clear()  # the manifest is not looked up again
    assert staticfiles_storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    with pytest.raises(ValueError):  # a file missing from the manifest is an error
        staticfiles_storage.url("css/missing.css")
