"""PostgreSQL backend whose test databases are created with a UTF-8 locale.

Django's own backend passes only ENCODING and TEMPLATE; on a cluster initialised with
the C locale the test database would get LC_CTYPE 'C', and pg_trgm then extracts no
trigrams from Arabic words. Everything else is Django's backend unchanged.
"""

from django.db.backends.postgresql import base, creation


class DatabaseCreation(creation.DatabaseCreation):
    def sql_table_creation_suffix(self) -> str:
        suffix = super().sql_table_creation_suffix()
        return f"{suffix} LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
