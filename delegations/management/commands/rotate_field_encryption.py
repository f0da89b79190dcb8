"""Re-encrypt members' passport numbers and dates of birth with the newest key.

Put a new key first in FIELD_ENCRYPTION_KEY (keep the old ones after it), run this, then
remove the old keys. Safe to run again: values already under the newest key are rewritten
harmlessly.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from delegations.encryption import reencrypt_text
from delegations.models import Member


class Command(BaseCommand):
    help = "Re-encrypt delegation members' sensitive fields with the first FIELD_ENCRYPTION_KEY."

    def handle(self, *args, **options) -> None:
        table = Member._meta.db_table
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, passport_number, date_of_birth FROM {table} FOR UPDATE"  # noqa: S608
            )
            for pk, passport, birth in cursor.fetchall():
                cursor.execute(
                    f"UPDATE {table} SET passport_number = %s, date_of_birth = %s WHERE id = %s",  # noqa: S608
                    [reencrypt_text(passport) if passport else passport,
                     reencrypt_text(birth) if birth else birth, pk],
                )  # fmt: skip
                count += 1
        self.stdout.write(f"Re-encrypted {count} members.")
