"""Backup and restore round trip: a portal full of demo data, its media and private media,
backed up, restored into another database and folder, compared table by table and file
by file; passport numbers still decrypt with the same keys."""

import hashlib
import io
import tarfile
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from delegations.encryption import decrypt_text
from delegations.models import Member
from diplomacy.operations.backup import (
    BackupError,
    backup_restore,
    backup_verify,
    backup_write,
    storage_areas,
)
from tests.uploads import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db(transaction=True)

RESTORE_DATABASE = f"{connection.settings_dict['NAME']}_restored"


def table_row_counts(database: dict) -> dict[str, int]:
    with psycopg.connect(
        dbname=database["NAME"], host=database["HOST"], port=database["PORT"] or 5432,
        user=database["USER"], autocommit=True,
    ) as db:  # fmt: skip
        tables = [row[0] for row in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        )]  # fmt: skip
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def folder_checksums(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def empty_database():
    source = connection.settings_dict
    admin = {"dbname": "postgres", "host": source["HOST"], "port": source["PORT"] or 5432,
             "user": source["USER"], "autocommit": True}  # fmt: skip
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DATABASE}"')
        db.execute(
            f'CREATE DATABASE "{RESTORE_DATABASE}" TEMPLATE template0 '
            "LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
        )
    yield {**source, "NAME": RESTORE_DATABASE}
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DATABASE}" WITH (FORCE)')


@pytest.fixture
def portal_files(settings, tmp_path):
    """Media and private media in folders of this test, a few files in each."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PARTNERS_PRIVATE_ROOT = settings.DELEGATIONS_PRIVATE_ROOT = tmp_path / "private"
    default_storage.save("publications/images/cover.png", ContentFile(png_bytes()))
    default_storage.save("publications/renditions/1/a-480.webp", ContentFile(b"RIFF-webp"))
    private = storage_areas()["private"]
    private.save("partners/agreements/signed.pdf", ContentFile(pdf_bytes()))
    private.save("delegations/attachments/2026/letter.pdf", ContentFile(pdf_bytes()))
    return tmp_path


def test_a_backup_restores_every_row_and_file_elsewhere(portal_files, empty_database, tmp_path):
    call_command("loaddemo", stdout=StringIO())
    members = {member.pk: member.passport_number for member in Member.objects.all()}
    assert members, "the demo has delegation members with passport numbers"
    archive = tmp_path / "portal.tar"

    manifest = backup_write(destination=archive)

    # Every file of both areas: the four above and whatever the demo content drew (logos,
    # program covers and their renditions, when its images were rendered).
    on_disk = len(folder_checksums(portal_files / "media")) + len(
        folder_checksums(portal_files / "private")
    )
    assert len(manifest["files"]) == on_disk >= 4
    target = tmp_path / "restored"
    areas = {area: FileSystemStorage(location=target / area) for area in ("media", "private")}
    backup_restore(source=archive, database=empty_database, areas=areas)

    original_counts = table_row_counts(connection.settings_dict)
    assert sum(original_counts.values()) > 100
    assert table_row_counts(empty_database) == original_counts
    assert folder_checksums(target / "media") == folder_checksums(portal_files / "media")
    assert folder_checksums(target / "private") == folder_checksums(portal_files / "private")
    with psycopg.connect(dbname=RESTORE_DATABASE, host=empty_database["HOST"],
                         user=empty_database["USER"]) as db:  # fmt: skip
        stored = dict(db.execute(f"SELECT id, passport_number FROM {Member._meta.db_table}"))
    assert {pk: decrypt_text(value) for pk, value in stored.items()} == members
    assert all(value not in stored.values() for value in members.values())


def test_restore_refuses_a_database_that_is_not_empty(portal_files, tmp_path):
    archive = tmp_path / "portal.tar"
    backup_write(destination=archive)
    areas = {"media": FileSystemStorage(location=tmp_path / "m"),
             "private": FileSystemStorage(location=tmp_path / "p")}  # fmt: skip

    with pytest.raises(BackupError, match="not empty"):
        backup_restore(source=archive, database=connection.settings_dict, areas=areas)

    assert not (tmp_path / "m").exists()


def test_a_changed_file_in_the_archive_is_found_before_anything_is_restored(portal_files, tmp_path):
    archive = tmp_path / "portal.tar"
    backup_write(destination=archive)
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as copy:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.endswith("signed.pdf"):
                content = content.replace(b"%PDF", b"%PDX")
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))

    with pytest.raises(BackupError, match="checksum differs: files/private/partners"):
        backup_verify(source=tampered)
    with pytest.raises(CommandError, match="checksum differs"):
        call_command("restore", str(tampered), "--verify-only", stdout=StringIO())
