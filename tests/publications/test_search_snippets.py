"""The text a search hit's snippet is cut from (search_snippet_<language>): written with
the search vectors on every path that writes a publication's text, filled for existing
rows by migration 0008, and what the search page shows."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from reversion import create_revision
from reversion.models import Version

from diplomacy.search.query import search_query_parse
from publications import services
from publications.models import Publication
from publications.search import SNIPPET_SOURCE, PublicationSearchProvider
from tests.publications.factories import PublicationFactory, edited, published_publication

pytestmark = pytest.mark.django_db


def snippets(publication: Publication) -> tuple[str, str]:
    publication.refresh_from_db()
    return publication.search_snippet_ar, publication.search_snippet_en


def test_saving_writes_the_text_of_each_body(editor):
    publication = PublicationFactory(body_ar="<p>نص <b>أول</b></p><p>ثان</p>", body_en="")
    services.publication_save(publication=publication, actor=editor)
    assert snippets(publication) == ("نص أول ثان", "")


def test_only_the_opening_is_kept(editor):
    publication = edited(PublicationFactory(body_en="<p>" + "word " * 1000 + "</p>"))
    assert len(snippets(publication)[1]) == SNIPPET_SOURCE


def test_a_translation_written_by_a_job_is_taken(editor):
    publication = edited(PublicationFactory(title_en="", body_en=""))
    publication.title_en = "Almond growers"
    publication.body_en = "<p>Almond harvest notes.</p>"
    publication.save()  # as a translation job writes the text
    services.publication_text_written(publication=publication)
    assert snippets(publication)[1] == "Almond harvest notes."


def test_publishing_takes_the_text_as_published(editor):
    publication = edited(PublicationFactory())
    publication.body_ar = "<p>النص كما نشر.</p>"
    publication.save()  # written around the services
    services.publication_submit_for_review(publication=publication, language="ar", actor=editor)
    services.publication_publish(publication=publication, language="ar", actor=editor)
    assert snippets(publication)[0] == "النص كما نشر."


def test_a_restored_version_brings_its_text_back(editor):
    publication = published_publication(body_ar="<p>نص الأمس.</p>")
    with create_revision():
        publication.save()
    yesterday = Version.objects.get_for_object(publication).first()
    publication.body_ar = "<p>نص اليوم.</p>"
    services.publication_save(publication=publication, actor=editor)
    assert snippets(publication)[0] == "نص اليوم."
    services.publication_restore(publication=publication, version=yesterday, actor=editor)
    assert snippets(publication)[0] == "نص الأمس."


def test_the_migration_fills_existing_rows():
    publication = PublicationFactory(body_ar="<p>قبل <i>الترحيل</i></p>", body_en="")
    Publication.objects.filter(pk=publication.pk).update(search_snippet_ar="")
    migration = import_module("publications.migrations.0008_search_snippets")

    class SchemaEditor:  # what the function uses of the migration's schema editor
        pass

    schema_editor = SchemaEditor()
    schema_editor.connection = connection
    migration.fill_snippets(apps, schema_editor)
    assert snippets(publication) == ("قبل الترحيل", "")


def test_a_hit_shows_the_stored_text_not_the_body(editor):
    publication = published_publication(
        title_ar="حقول اللوز في عفرين", summary_ar="", body_ar="<p>نص المقالة.</p>"
    )
    # The body is no longer read: a stored text that differs from it is what shows.
    Publication.objects.filter(pk=publication.pk).update(search_snippet_ar="النص المخزن")
    results = PublicationSearchProvider().search(
        query=search_query_parse("اللوز"), language="ar", offset=0, limit=5
    )
    shown = [str(hit.snippet) for hit in results.hits if hit.title == "حقول اللوز في عفرين"]
    assert shown == ["النص المخزن"]
