"""pg_trgm and the GIN indexes of search, on PostgreSQL only.

`make run` uses SQLite, which has neither extension nor GIN: there the search falls back
to a simple containment query, so these operations do nothing. The indexes are partial
(published versions only) because every search filters on that state.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("publication_search_ar", "gin (search_vector_ar)", "state_ar"),
    ("publication_search_en", "gin (search_vector_en)", "state_en"),
    ("publication_trgm_ar", "gin (search_title_ar gin_trgm_ops)", "state_ar"),
    ("publication_trgm_en", "gin (search_title_en gin_trgm_ops)", "state_en"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, method, state in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON publications_publication "
            f"USING {method} WHERE {state} = 'published'"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _method, _state in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
