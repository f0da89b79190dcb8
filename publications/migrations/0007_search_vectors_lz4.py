"""The search vectors compressed with LZ4 rather than pglz, on PostgreSQL only.

Ranking the newest matches of a search decompresses each of them (up to MAX_RANKED)
twice, to test the match and to rank it: on the 100,000-publication bench data pglz
took ~0.8 ms of the ~2.5 ms that PostgreSQL spent ranking the newest 300 matches of
«المجتمع المدني»; LZ4 decompresses several times faster. (Debian's PostgreSQL is built
with LZ4.) As for 0006, rows take it when their vectors are next written: the Arabic
ones by `manage.py search_reindex`, the English ones when a publication is saved.
"""

from django.db import migrations

COLUMNS = ("search_vector_ar", "search_vector_en")


def set_compression(method: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in COLUMNS:
            schema_editor.execute(
                f"ALTER TABLE publications_publication ALTER COLUMN {column} SET COMPRESSION {method}"
            )

    return operation


class Migration(migrations.Migration):
    dependencies = [("publications", "0006_search_vectors_inline")]

    operations = [migrations.RunPython(set_compression("lz4"), set_compression("pglz"))]
