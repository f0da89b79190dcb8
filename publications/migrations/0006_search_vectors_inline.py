"""The search vectors kept in the row (storage MAIN: compressed, out of line only when
the row would not fit its page), on PostgreSQL only.

A search reads the vector of each of the newest matches twice: to test the match and
to rank it. Stored out of line (the default once a row passes 2 kB), each read was a
lookup in the TOAST table, and the ranked query of a common word read ~9 buffers per
match instead of ~1: twice its time. Titles, summaries and bodies still move out of
line first. Rows take the new storage when their vectors are next written: the Arabic
ones by `manage.py search_reindex`, the English ones when a publication is saved.
"""

from django.db import migrations

COLUMNS = ("search_vector_ar", "search_vector_en")


def set_storage(storage: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in COLUMNS:
            schema_editor.execute(
                f"ALTER TABLE publications_publication ALTER COLUMN {column} SET STORAGE {storage}"
            )

    return operation


class Migration(migrations.Migration):
    dependencies = [("publications", "0005_related_ids")]

    operations = [migrations.RunPython(set_storage("MAIN"), set_storage("EXTENDED"))]
