"""Every UI string has a reviewed Arabic translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"
SOURCES = ("diplomacy", "partners", "delegations", "programs", "publications", "templates")


def test_arabic_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(CATALOGUE))
    missing = [entry.msgid for entry in po if not entry.obsolete and not entry.translated()]
    fuzzy = [entry.msgid for entry in po if not entry.obsolete and "fuzzy" in entry.flags]
    assert missing == []
    assert fuzzy == []


def test_every_string_in_the_code_is_in_the_arabic_catalogue(tmp_path):
    """Extract the strings afresh from a copy of the sources and compare."""
    for name in (*SOURCES, "manage.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "locale")
            )
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale" / "ar" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "--no-location", "-v0"],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "diplomacy.settings.dev",
            "PYTHONPATH": str(tmp_path),
        },
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    ours = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    absent = [e.msgid for e in extracted if (e.msgctxt, e.msgid) not in ours]
    untranslated = [
        e.msgid
        for e in extracted
        if (e.msgctxt, e.msgid) in ours and not ours[(e.msgctxt, e.msgid)].translated()
    ]
    assert absent == [], "strings missing from locale/ar (run makemessages and translate)"
    assert untranslated == []
