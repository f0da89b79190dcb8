from django.db import migrations

# The name indexes are read by every search (the portal's and the directory's) and
# written only when staff edit an organization or an import runs. With GIN's "fast
# update" every write lands in a pending list that each search then scans in full until
# autovacuum merges it: after an import of thousands of organizations that cost ~10 ms
# per index per query. Writing straight into the index is the better trade here.
GIN_INDEXES = [
    "partners_org_search_trgm",
    "partners_org_name_keys_trgm",
    "partners_org_search_vector",
]


def fastupdate_off(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} SET (fastupdate = off)")
        # Merge what is already pending (the setting only affects later writes).
        schema_editor.execute(
            "SELECT gin_clean_pending_list(oid) FROM pg_class WHERE relname = %s", [index]
        )


def fastupdate_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_private_agreements"),
    ]

    operations = [
        migrations.RunPython(fastupdate_off, fastupdate_on),
    ]
