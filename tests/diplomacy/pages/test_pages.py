import contextlib
import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_arabic_home_is_right_to_left_with_alternates(client):
    response = client.get("/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert 'hreflang="en" href="http://testserver/en/"' in html
    assert 'hreflang="ar" href="http://testserver/ar/"' in html
    assert 'hreflang="x-default" href="http://testserver/ar/"' in html
    assert '<link rel="canonical" href="http://testserver/ar/">' in html


def test_english_home_is_left_to_right(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Civil Diplomacy Center of North and East Syria" in html


@pytest.mark.parametrize(
    ("path", "other"), [("/ar/about/", "/en/about/"), ("/en/about/", "/ar/about/")]
)
def test_language_switcher_points_to_the_same_page_in_the_other_language(client, path, other):
    html = client.get(path).content.decode()
    switcher = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    assert f'href="{other}"' in switcher
    assert f'href="{path}"' not in switcher


def test_about_page_text_comes_from_the_database(client):
    from diplomacy.pages.models import Page

    Page.objects.filter(key="about").update(title_ar="عن مركزنا", title_en="About us")
    assert "عن مركزنا" in client.get("/ar/about/").content.decode()
    assert "About us" in client.get("/en/about/").content.decode()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "/en/"),
        ({"HTTP_ACCEPT_LANGUAGE": "ar-SY,ar;q=0.9"}, "/ar/"),
        ({"HTTP_ACCEPT_LANGUAGE": "fr-FR"}, "/ar/"),
        ({}, "/ar/"),
    ],
)
def test_root_redirects_by_browser_language(client, headers, expected):
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_root_redirect_remembers_the_last_chosen_language(client):
    client.get("/en/about/", HTTP_ACCEPT_LANGUAGE="ar")
    assert client.cookies["lang"].value == "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Location"] == "/en/"


EXTERNAL = re.compile(
    r"""(?:src|href|srcset|action)\s*=\s*["']\s*(?:https?:)?//(?!testserver)""", re.I
)
CSS_EXTERNAL = re.compile(r"url\(\s*['\"]?(?:https?:)?//", re.I)


@pytest.mark.parametrize(
    "path",
    ["/ar/", "/en/", "/ar/about/", "/en/about/", "/ar/accounts/login/", "/en/accounts/signup/"],
)
def test_no_page_loads_anything_from_another_host(client, path):
    html = client.get(path).content.decode()
    # Links between pages may point anywhere; what a page loads must be our own.
    loaded = re.findall(r"<(?:script|img|link|iframe|source|form)\b[^>]*>", html, re.I)
    offenders = [
        tag
        for tag in loaded
        if EXTERNAL.search(tag) and 'rel="canonical"' not in tag and 'rel="alternate"' not in tag
    ]
    assert offenders == []
    assert not CSS_EXTERNAL.search(html)


def test_stylesheet_loads_nothing_from_another_host_and_uses_logical_properties():
    from pathlib import Path

    for css in Path("static").rglob("*.css"):
        text = css.read_text()
        assert not CSS_EXTERNAL.search(text), css
        assert not re.search(r"@import", text), css
        physical = re.findall(
            r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
            text,
        )
        assert physical == [], f"{css}: {physical}"


def test_healthz_reports_each_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"] == {
        "database": True,
        "cache": True,
        "broker": True,
        # No beat runs beside the unit tests (tests/diplomacy/operations/test_health.py starts one).
        "beat": False,
        "queues": True,
    }
    assert body["status"] == "degraded" and body["failed"] == ["beat"]
    assert set(body["queues"]) == {"default", "notifications", "translation", "media"}


def test_healthz_names_what_failed(client):
    broken_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=broken_cache):
        from django.core.cache import caches

        caches._settings = None  # make the cache handler read the overridden settings
        with contextlib.suppress(AttributeError, KeyError):
            del caches["default"]
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache", "beat"]


def test_robots_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
