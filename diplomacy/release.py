"""Which code is serving: a digest of the portal's own sources, templates and message
catalogues (and of the static files' manifest, which names the fingerprinted CSS), read
once per process.

What is kept across requests and shows what the code rendered — HTML kept in Redis per
generation of the public pages, an ETag that lets a browser reuse its copy — carries it:
a deploy changes no public content, so it bumps no generation, yet the pages it serves may
differ. Every process of one deploy computes the same digest, whatever its start time."""

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

SOURCE_SUFFIXES = (".py", ".html", ".txt", ".mo")
# Not the portal's code: tools, uploads, collected static files, the test suite.
SKIPPED_DIRECTORIES = {"node_modules", "venv", "var", "tests", "bench", "static", "__pycache__"}


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    for path in _source_files(Path(settings.BASE_DIR)):
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
        digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _source_files(root: Path) -> list[Path]:
    found = []
    for directory, subdirectories, files in os.walk(root):
        # Pruned in place: os.walk does not descend into what is removed here.
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
        )
        found.extend(
            Path(directory, name) for name in sorted(files) if name.endswith(SOURCE_SUFFIXES)
        )
    return found
