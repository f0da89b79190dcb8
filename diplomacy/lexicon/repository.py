"""The lexicon as kept in the repository (arabic_forms.txt), read by the seeding
migration and by `manage.py lexicon_load`."""

from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("arabic_forms.txt")


def repository_word_forms() -> list[tuple[str, str, str]]:
    """(form, base, note) per line of the file; the note is the comment above it."""
    rows, note = [], ""
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#"):
            note = line.lstrip("# ").strip()
        elif line:
            form, base = line.split("\t")
            rows.append((form.strip(), base.strip(), note[:120]))
    return rows
