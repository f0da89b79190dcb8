from django.db import migrations, models

# Trigram and full-text indexes exist only on PostgreSQL; `make run` uses SQLite, where
# the search falls back to substring matching and these statements are skipped.
POSTGRES_INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS partners_org_search_trgm ON partners_organization "
    "USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS partners_org_name_keys_trgm ON partners_organization "
    "USING gin (name_keys gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS partners_org_search_vector ON partners_organization "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS partners_org_emails ON partners_organization "
    "USING gin (emails jsonb_path_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS partners_org_search_trgm",
    "DROP INDEX IF EXISTS partners_org_name_keys_trgm",
    "DROP INDEX IF EXISTS partners_org_search_vector",
    "DROP INDEX IF EXISTS partners_org_emails",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRES_INDEXES:
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRES_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="name_keys",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
