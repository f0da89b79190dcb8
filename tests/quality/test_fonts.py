"""The portal's own fonts draw every character its interface uses, in both weights, and
Arabic as typed on Kurdish and Persian keyboards: no missing-glyph boxes, whatever fonts
the reader's device has. Within the page-weight budget (measured by `make bench`; the
files' sizes are held here so that a new subset cannot quietly outgrow it)."""

import re
import unicodedata
from pathlib import Path

import polib
import pytest
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "static" / "fonts"
WEIGHTS = (400, 700)
KURDISH_AND_PERSIAN = "کیەڕڵۆێگپچژڤھ۰۱۲۳۴۵۶۷۸۹"
# The article page's HTML and CSS weigh about 7 KB of its 50 KB (docs/benchmarks.md).
FONTS_BUDGET_BYTES = 40 * 1024


def characters_of(weight: int) -> set[int]:
    return {
        code
        for name in (f"plex-sans-arabic-arabic-{weight}", f"plex-sans-arabic-latin-{weight}")
        for code in TTFont(FONTS / f"{name}.woff2").getBestCmap()
    }


def interface_texts() -> dict[str, str]:
    """The portal's templates, styles and scripts, and its Arabic catalogues: what the
    portal itself writes on its pages. The admin's own templates use the admin's fonts."""
    texts = {
        str(path.relative_to(ROOT)): path.read_text()
        for pattern in (
            "templates/**/*.html",
            "templates/**/*.txt",
            "static/**/*.css",
            "static/**/*.js",
        )
        for path in ROOT.glob(pattern)
        if "templates/admin/" not in str(path) and "templates/email/" not in str(path)
    }
    for catalogue in ("django", "djangojs"):
        entries = polib.pofile(str(ROOT / "locale" / "ar" / "LC_MESSAGES" / f"{catalogue}.po"))
        texts[f"{catalogue}.po"] = "\n".join(
            text for entry in entries for text in (entry.msgstr, *entry.msgstr_plural.values())
        )
    return texts


def drawn(character: str) -> bool:
    """Characters that show a shape (not spaces, joiners and direction marks)."""
    return not (character.isspace() or unicodedata.category(character) in ("Cf", "Cc", "Zs"))


@pytest.mark.parametrize("weight", WEIGHTS)
def test_every_character_of_the_interface_is_in_the_fonts(weight):
    covered = characters_of(weight)
    missing = {}
    for where, text in interface_texts().items():
        for character in set(text):
            if ord(character) > 0x7E and drawn(character) and ord(character) not in covered:
                missing.setdefault(f"U+{ord(character):04X} {character}", []).append(where)
    assert not missing, f"Characters the {weight} fonts cannot draw: {missing}"


@pytest.mark.parametrize("weight", WEIGHTS)
def test_arabic_as_typed_on_kurdish_and_persian_keyboards(weight):
    covered = characters_of(weight)
    assert [c for c in KURDISH_AND_PERSIAN if ord(c) not in covered] == []


def test_the_styles_declare_both_weights_of_both_subsets():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    for weight in WEIGHTS:
        for subset in ("arabic", "latin"):
            face = re.search(
                rf"@font-face \{{[^}}]*plex-sans-arabic-{subset}-{weight}\.woff2[^}}]*\}}", css
            )
            assert face, f"no @font-face for the {subset} {weight} subset"
            assert f"font-weight: {weight};" in face.group(0)
            assert "font-display: swap;" in face.group(0)


def test_the_fonts_stay_within_the_page_weight_budget():
    total = sum(path.stat().st_size for path in FONTS.glob("*.woff2"))
    assert total <= FONTS_BUDGET_BYTES, f"{total / 1024:.1f} KB of fonts"


def test_the_licence_travels_with_the_fonts():
    assert "SIL OPEN FONT LICENSE" in (FONTS / "LICENSE-IBM-Plex-OFL.txt").read_text().upper()
