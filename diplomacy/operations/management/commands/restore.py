"""`manage.py restore ARCHIVE.tar`: into the configured database and storage, both empty."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from diplomacy.operations.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = "Restore an archive of `manage.py backup` into an empty database and storage."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="an archive written by manage.py backup")
        parser.add_argument(
            "--verify-only", action="store_true", help="check the checksums, restore nothing"
        )

    def handle(self, *args, archive: Path, verify_only: bool, **options) -> None:
        try:
            if verify_only:
                manifest = backup_verify(source=archive)
            else:
                manifest = backup_restore(source=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        verb = "verified" if verify_only else "restored"
        self.stdout.write(f"{archive}: {verb}, {len(manifest['files'])} files")
