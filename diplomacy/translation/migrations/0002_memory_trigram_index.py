"""pg_trgm and a GIN trigram index on the memory's source text, for fuzzy matches.

PostgreSQL only: SQLite (`make run`) has no trigrams, and the memory there offers exact
matches alone (see selectors.memory_fuzzy_matches).
"""

from django.db import migrations

INDEX = "translation_memory_source_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON translation_translationmemoryentry "
        "USING gin (source gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("translation", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
