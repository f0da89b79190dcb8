"""The rich-text editor's server side: the widget on every rich-text field, each
language column in its own direction, the publication's images offered with their
descriptions in the field's language, the import map allowed by hash on admin pages
only, and the sanitizer writing back what the editor opened."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from diplomacy.content_security import source_hash
from diplomacy.pages.models import Page
from diplomacy.rich_text_editor import import_map_source_hash
from diplomacy.richtext import sanitize_html
from publications.models import PublicationImage
from tests.factories import StaffFactory
from tests.journeys.test_staff_writing import png
from tests.publications.factories import PublicationFactory

IMPORT_MAP = re.compile(r'<script type="importmap">(.*?)</script>', re.DOTALL)


def textarea(html: str, name: str) -> str:
    return re.search(rf'<textarea[^>]*name="{name}"[^>]*>', html).group(0)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("<ul><li><p>one</p></li><li><p>two <b>2</b></p></li></ul>", "<ul><li>one</li><li>two <b>2</b></li></ul>"),
        ("<ul><li><p>one</p><ul><li><p>inner</p></li></ul></li></ul>", "<ul><li><p>one</p><ul><li>inner</li></ul></li></ul>"),
        ('<table><tbody><tr><th colspan="1" rowspan="1"><p>h</p></th><td colspan="2"><p>1</p></td></tr></tbody></table>',
         '<table><tbody><tr><th>h</th><td colspan="2">1</td></tr></tbody></table>'),
        ("\n<h2>a</h2>\n<p>b\nc  d</p>\n", "<h2>a</h2><p>b c d</p>"),
        ("<pre>keep\n  this</pre>", "<pre>keep\n  this</pre>"),
        ("<p>جملة فيها <bdi>Berlin</bdi> وحدها.</p>", "<p>جملة فيها <bdi>Berlin</bdi> وحدها.</p>"),
    ],
)  # fmt: skip
def test_the_sanitizer_writes_back_what_the_editor_opened(written, stored):
    assert sanitize_html(written) == stored
    assert sanitize_html(stored) == stored


@pytest.mark.django_db
def test_every_rich_text_field_gets_the_editor_in_its_own_direction(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    admin = StaffFactory(is_superuser=True, preferred_language="ar")
    publication = PublicationFactory()
    image = PublicationImage(publication=publication, alt_ar="محطة الضخ", alt_en="Pumping station")
    image.image.save("station.png", ContentFile(png()), save=True)
    client.force_login(admin)
    html = client.get(
        reverse("admin:publications_publication_change", args=[publication.pk])
    ).content.decode()
    for language, direction in (("ar", "rtl"), ("en", "ltr")):
        field = textarea(html, f"body_{language}")
        assert f'lang="{language}"' in field and f'dir="{direction}"' in field
        config = json.loads(
            re.search(r"data-django-prose-editor-portal=\"([^\"]*)\"", field)
            .group(1)
            .replace("&quot;", '"')
        )
        alt = image.alt_ar if language == "ar" else image.alt_en
        assert config == {"language": language, "images": [{"src": image.image.url, "alt": alt}]}
    assert "data-django-prose-editor-portal" not in textarea(html, "summary_ar")
    assert "editor/rich_text_editor.js" in html
    program_form = client.get(reverse("admin:programs_program_add")).content.decode()
    assert "data-django-prose-editor-portal" in textarea(program_form, "description_en")
    page, _created = Page.objects.update_or_create(
        key=Page.ABOUT, defaults={"title_ar": "عن المركز", "body_ar": "<p>نص.</p>"}
    )
    page_form = client.get(reverse("admin:pages_page_change", args=[page.pk])).content.decode()
    assert 'dir="rtl"' in textarea(page_form, "body_ar")
    assert "data-django-prose-editor-portal" in textarea(page_form, "body_ar")


@pytest.mark.django_db
def test_the_import_map_is_allowed_by_its_hash_on_admin_pages_only(client):
    admin = StaffFactory(is_superuser=True)
    client.force_login(admin)
    response = client.get(reverse("admin:publications_publication_add"))
    (import_map,) = IMPORT_MAP.findall(response.content.decode())
    assert source_hash(import_map) == import_map_source_hash()
    assert import_map_source_hash() in response["Content-Security-Policy"]
    public = client.get("/ar/")
    assert import_map_source_hash() not in public["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
