from django.db import migrations, models

# The close (misspelled) match compares a query with the words of its own script only
# (partners.matching.words_by_script), through a trigram index on each half. Trigram
# indexes exist only on PostgreSQL (`make run` uses SQLite): skipped elsewhere. As the
# other name indexes (0005), they are written straight, without GIN's pending list.
INDEXES = {
    "partners_org_latin_trgm": "latin_words",
    "partners_org_non_latin_trgm": "non_latin_words",
}


def fill_words_by_script(apps, schema_editor):
    from partners.matching import words_by_script

    Organization = apps.get_model("partners", "Organization")
    changed = []
    for organization in Organization.objects.only("pk", "search_text").iterator(chunk_size=2000):
        organization.latin_words, organization.non_latin_words = words_by_script(
            organization.search_text
        )
        changed.append(organization)
    Organization.objects.bulk_update(
        changed, ["latin_words", "non_latin_words"], batch_size=1000
    )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON partners_organization "
            f"USING gin ({column} gin_trgm_ops) WITH (fastupdate = off)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0010_directory_listed_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="latin_words",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="organization",
            name="non_latin_words",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_words_by_script, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
