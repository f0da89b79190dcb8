"""One archive holds everything the portal cannot recreate: the database (pg_dump, custom
format), uploaded media and private media (agreements, message attachments), and a
manifest with the SHA-256 of every part. Restore checks every checksum before it writes
anything, and only into an empty database and empty storage.

The archive holds no key: encrypted fields stay encrypted inside the dump and decrypt
only with FIELD_ENCRYPTION_KEY, which is kept apart from backups (see the README).
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.utils import timezone

from diplomacy.storage import private_storage

ARCHIVE_FORMAT = 1
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBER = "database.pgdump"
CHUNK_BYTES = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


@dataclass(frozen=True)
class StoredFile:
    area: str
    name: str
    sha256: str
    size: int

    @property
    def member(self) -> str:
        return f"files/{self.area}/{self.name}"


def storage_areas() -> dict[str, Storage]:
    """Every place uploads live, by a stable name. Private roots that are the same folder
    (the default) or the same bucket are one area."""
    areas: dict[str, Storage] = {"media": default_storage}
    seen: dict[str, str] = {}
    for area, location in (
        ("private", settings.PARTNERS_PRIVATE_ROOT),
        ("private-delegations", settings.DELEGATIONS_PRIVATE_ROOT),
    ):
        storage = private_storage(location=Path(location))
        identity = str(getattr(storage, "bucket_name", "")) + str(storage.location)
        if identity not in seen:
            seen[identity] = area
            areas[area] = storage
    return areas


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under `folder`, depth first, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_names(storage, f"{folder}/{sub}" if folder else sub)


def _digest(handle: IO[bytes], copy_to: IO[bytes] | None = None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest(), size


def _database_environment(database: dict) -> tuple[list[str], dict[str, str]]:
    if "postgresql" not in database["ENGINE"] and database["ENGINE"] != "diplomacy.postgresql":
        raise BackupError("backup and restore need PostgreSQL")
    arguments = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments += [option, str(database[key])]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> str:
    """Run a PostgreSQL client; its own message becomes the error."""
    try:
        result = subprocess.run(command, check=True, env=environment, capture_output=True)
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(f"{command[0]}: {message[-1] if message else error}") from None
    return result.stdout.decode()


def _add_member(archive: tarfile.TarFile, name: str, handle: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    archive.addfile(info, handle)


def backup_write(*, destination: Path, database: dict | None = None) -> dict:
    """Write the archive to `destination` (a .tar file, written beside it then renamed:
    a crash never leaves a half archive under the final name). Returns the manifest."""
    database = database or connections["default"].settings_dict
    arguments, environment = _database_environment(database)
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory() as scratch:
        dump_path = Path(scratch) / DATABASE_MEMBER
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump_path), *arguments],
            environment,
        )
        with dump_path.open("rb") as dump:
            dump_sha256, dump_size = _digest(dump)
        with tarfile.open(partial, "w") as archive:
            with dump_path.open("rb") as dump:
                _add_member(archive, DATABASE_MEMBER, dump, dump_size)
            files = list(_files_add(archive, Path(scratch)))
            manifest = {
                "format": ARCHIVE_FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": {"member": DATABASE_MEMBER, "sha256": dump_sha256, "size": dump_size},
                "files": [file.__dict__ for file in files],
            }
            encoded = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            _add_member(archive, MANIFEST_NAME, io.BytesIO(encoded), len(encoded))
    partial.replace(destination)
    return manifest


def _files_add(archive: tarfile.TarFile, scratch: Path) -> Iterator[StoredFile]:
    for area, storage in storage_areas().items():
        for name in storage_names(storage):
            copy_path = scratch / "copy"
            with storage.open(name, "rb") as source, copy_path.open("wb") as copy:
                sha256, size = _digest(source, copy_to=copy)
            stored = StoredFile(area=area, name=name, sha256=sha256, size=size)
            with copy_path.open("rb") as copy:
                _add_member(archive, stored.member, copy, size)
            yield stored


def manifest_read(archive: tarfile.TarFile) -> dict:
    try:
        handle = archive.extractfile(MANIFEST_NAME)
    except KeyError:
        raise BackupError("the archive has no manifest") from None
    manifest = json.load(handle)
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    return manifest


def backup_verify(*, source: Path) -> dict:
    """Check every member against the manifest; return the manifest or raise."""
    with tarfile.open(source, "r") as archive:
        manifest = manifest_read(archive)
        expected = {manifest["database"]["member"]: manifest["database"]["sha256"]}
        expected |= {StoredFile(**file).member: file["sha256"] for file in manifest["files"]}
        for member, sha256 in expected.items():
            try:
                handle = archive.extractfile(member)
            except KeyError:
                raise BackupError(f"missing from the archive: {member}") from None
            if _digest(handle)[0] != sha256:
                raise BackupError(f"checksum differs: {member}")
    return manifest


def _database_is_empty(database: dict) -> bool:
    arguments, environment = _database_environment(database)
    tables = _run(
        ["psql", "--tuples-only", "--no-align", *arguments, "--command",
         "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
         "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"],
        environment,
    )  # fmt: skip
    return tables.strip() == "0"


def backup_restore(
    *, source: Path, database: dict | None = None, areas: dict[str, Storage] | None = None
) -> dict:
    """Bring the archive back into an empty database and empty storage. Nothing is
    written unless every checksum matches and every target is empty."""
    database = database or connections["default"].settings_dict
    areas = areas if areas is not None else storage_areas()
    manifest = backup_verify(source=source)
    if not _database_is_empty(database):
        raise BackupError(f"the database {database['NAME']} is not empty")
    missing = {file["area"] for file in manifest["files"]} - set(areas)
    if missing:
        raise BackupError(f"no storage for the files of {', '.join(sorted(missing))}")
    for area, storage in areas.items():
        if next(storage_names(storage), None) is not None:
            raise BackupError(f"the storage of {area} is not empty")
    arguments, environment = _database_environment(database)
    with tarfile.open(source, "r") as archive, tempfile.TemporaryDirectory() as scratch:
        dump_path = Path(scratch) / DATABASE_MEMBER
        with archive.extractfile(DATABASE_MEMBER) as dump, dump_path.open("wb") as copy:
            shutil.copyfileobj(dump, copy, CHUNK_BYTES)
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             *arguments, str(dump_path)],
            environment,
        )  # fmt: skip
        for file in map(lambda fields: StoredFile(**fields), manifest["files"]):
            with archive.extractfile(file.member) as content:
                saved = areas[file.area].save(file.name, content)
            if saved != file.name:
                raise BackupError(f"{file.area}/{file.name} was stored as {saved}")
    return manifest
