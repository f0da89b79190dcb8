"""`manage.py backup ARCHIVE.tar`: the database, media and private media in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from diplomacy.operations.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write the database, media and private media, with checksums, to one archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="where to write the archive (.tar)")

    def handle(self, *args, archive: Path, **options) -> None:
        try:
            manifest = backup_write(destination=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{archive}: database {manifest['database']['size']} bytes, "
            f"{len(manifest['files'])} files"
        )
