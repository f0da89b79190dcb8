"""Place names of North and East Syria in every script and common spelling.

The center writes «قامشلو», Qamishlo and Kobani; visitors type «قامشلي», "Qamishli",
"Kobane" or «عين العرب». One table of places, each with the names it goes by (Kurdish,
Arabic, English and French transliterations, with and without the article), serves the
portal's search (a query word becomes all spellings of its place: `query_groups`) and the
partners' name matching (a name's places are written one way before its consonant
skeleton is taken: `canonical_place_words`).

Names are compared folded (`fold_for_search`: Arabic normalization, accents and case
folded, words separated by single spaces), so "Qamişlo", "QAMISHLO" and "qamishlo" are
one spelling. The first name of each place is the one the center uses in English.
"""

import re
from collections.abc import Sequence
from functools import cache

from diplomacy.arabic import fold_for_search, normalize_arabic

PLACES: tuple[tuple[str, ...], ...] = (
    # Cities and towns of the Jazira region.
    ("Qamishlo", "Qamishli", "Qamişlo", "Kamishli", "Kamishly", "Qamishly", "Al-Qamishli",
     "El Qamishli", "Qameshli", "قامشلو", "قامشلي", "القامشلي"),
    ("Hasakah", "Hasaka", "Al-Hasakah", "Al-Hasaka", "Hassakeh", "Hasakeh", "Hasake", "Heseke",
     "Hesekê", "الحسكة", "حسكة"),
    ("Amuda", "Amouda", "Amûdê", "Amude", "عامودا", "عاموده"),
    ("Derik", "Dêrik", "Al-Malikiyah", "Malikiyah", "Al-Malikiyya", "Malikiya", "ديريك",
     "المالكية"),
    ("Derbasiye", "Dirbêsiyê", "Darbasiyah", "Al-Darbasiyah", "Derbasiyah", "الدرباسية",
     "درباسية"),
    ("Tirbespiye", "Tirbespî", "Qahtaniyah", "Al-Qahtaniyah", "القحطانية", "تربسبية",
     "تربه سبي"),
    ("Jawadiyah", "Cil Axa", "Çil Axa", "Jawadiya", "Al-Jawadiyah", "الجوادية", "جل آغا"),
    ("Rmelan", "Rimelan", "Rumeilan", "Rmeilan", "رميلان"),
    ("Serêkaniyê", "Serekaniye", "Ras al-Ayn", "Ras al-Ain", "Ras al Ain", "رأس العين",
     "سري كانيه"),
    ("Tel Tamer", "Tal Tamr", "Tell Tamer", "Til Temir", "تل تمر"),
    ("Shaddadi", "Al-Shaddadi", "Shadadi", "Ash-Shaddadah", "Shaddadah", "الشدادي", "شدادي"),
    ("Al-Hol", "Al-Hawl", "الهول"),
    # The Euphrates region and west of it.
    ("Kobani", "Kobane", "Kobanî", "Kobanê", "Ayn al-Arab", "Ain al-Arab", "Ain al Arab",
     "Ain Al-Arab", "كوباني", "كوبانى", "عين العرب"),
    ("Tel Abyad", "Tal Abyad", "Tell Abyad", "Girê Spî", "Gire Spi", "تل أبيض", "كري سبي",
     "گرێ سپی"),
    ("Sarrin", "Sirrin", "Serrin", "صرين"),
    ("Raqqa", "Raqqah", "Ar-Raqqah", "Al-Raqqa", "Reqa", "Reqqa", "الرقة", "رقة"),
    ("Tabqa", "Tabqah", "Al-Tabqa", "At-Tabqah", "Al-Thawrah", "Tabqa", "الطبقة", "طبقة"),
    ("Manbij", "Menbij", "Minbic", "Mabbug", "منبج"),
    ("Deir ez-Zor", "Deir Ezzor", "Deir al-Zor", "Deir el-Zor", "Deir Ez Zor", "Dayr az-Zawr",
     "Deirezzor", "Dêra Zorê", "دير الزور", "ديرالزور"),
    ("Hajin", "Hajeen", "هجين"),
    ("Afrin", "Efrîn", "Efrin", "Afreen", "عفرين"),
    ("Shehba", "Al-Shahba", "Shahba", "الشهباء", "شهباء"),
    ("Tel Rifaat", "Tal Rifaat", "Tell Rifaat", "تل رفعت"),
    # Regions.
    ("Jazira", "Jazeera", "Al-Jazira", "Jezira", "Cizîrê", "Cizire", "Jazirah", "الجزيرة",
     "جزيرة"),
    ("Euphrates", "Firat", "Al-Furat", "Fırat", "الفرات", "فرات"),
    ("North and East Syria", "Northeast Syria", "North-East Syria", "Rojava",
     "شمال وشرق سوريا", "شمال شرق سوريا"),
)  # fmt: skip

_LATIN_ARTICLE = re.compile(r"^(?:al|el|ar|as|at|ash|az|ad|ed|er|es|ez)[- ](?=\w)", re.I)
_ARABIC_ARTICLE = re.compile(r"^ال(?=\w{3,})")


def _forms(name: str) -> list[str]:
    """The name and, when it starts with an article, the name without it."""
    forms = [name]
    for article in (_LATIN_ARTICLE, _ARABIC_ARTICLE):
        bare = article.sub("", normalize_arabic(name))
        if bare != normalize_arabic(name):
            forms.append(bare)
    return forms


@cache
def _index() -> tuple[dict[tuple[str, ...], int], int]:
    """Folded words of every name → the place's position in PLACES; longest name."""
    index: dict[tuple[str, ...], int] = {}
    for position, names in enumerate(PLACES):
        for name in names:
            for form in _forms(name):
                index.setdefault(tuple(fold_for_search(form).split()), position)
    return index, max(len(words) for words in index)


@cache
def place_spellings(position: int) -> tuple[str, ...]:
    """Every spelling of the place at `position`, as a search compares them: normalized
    and lower case as written (for PostgreSQL's parsers, hyphens kept) and folded."""
    spellings: dict[str, None] = {}
    for name in PLACES[position]:
        for form in _forms(name):
            spellings[normalize_arabic(form).lower()] = None
            spellings[fold_for_search(form)] = None
    return tuple(spellings)


def _place_spans(words: Sequence[str]) -> list[tuple[int, int, int | None]]:
    """(start, end, place position or None) covering `words`, longest names first."""
    index, longest = _index()
    folded = [fold_for_search(word) for word in words]
    spans, start = [], 0
    while start < len(words):
        for length in range(min(longest, len(words) - start), 0, -1):
            place = index.get(tuple(folded[start : start + length]))
            if place is not None:
                spans.append((start, start + length, place))
                start += length
                break
        else:
            spans.append((start, start + 1, None))
            start += 1
    return spans


def query_groups(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """The words of a query, grouped: a place name (one or more words, any spelling)
    becomes every spelling of that place, any other word stays itself. A document
    matches when it contains one spelling of every group."""
    return tuple(
        place_spellings(place) if place is not None else (words[start],)
        for start, _end, place in _place_spans(words)
    )


def canonical_place_words(words: Sequence[str]) -> list[str]:
    """`words` with each place name, however spelt, replaced by the place's first name:
    «عين العرب» and "Kobane" both become "Kobani"."""
    result: list[str] = []
    for start, end, place in _place_spans(words):
        if place is None:
            result.extend(words[start:end])
        else:
            result.extend(re.findall(r"\w+", PLACES[place][0]))
    return result
