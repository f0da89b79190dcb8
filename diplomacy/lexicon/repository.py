"""The lexicon as kept in the repository (arabic_forms.txt), read by the seeding
migration and by `manage.py lexicon_load`. Its comments (the English gloss of each
base word) are for the people reviewing the file, not stored."""

from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("arabic_forms.txt")


def repository_word_forms() -> list[tuple[str, str]]:
    """(form, base) per line of the file."""
    rows = []
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            form, base = line.split("\t")
            rows.append((form.strip(), base.strip()))
    return rows
