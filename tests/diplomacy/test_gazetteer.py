"""Place names of North and East Syria found across scripts and spellings."""

import pytest

from diplomacy.gazetteer import PLACES, canonical_place_words, query_groups
from diplomacy.search.query import search_query_parse, text_matches_query
from partners.matching import keys_similar, name_keys, name_skeleton

# Matching a query reads the staff-edited lexicon of irregular forms, which lives in the
# database (reloaded whenever another test changed it or emptied the cache).
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("قامشلي", "قامشلو"),
        ("Qamishli", "قامشلو"),
        ("القامشلي", "Qamishlo"),
        ("Qamişlo", "Qamishli"),
        ("Kobane", "Kobani"),
        ("عين العرب", "Kobanî"),
        ("Kobani", "عين العرب"),
        ("Hasaka", "الحسكة"),
        ("Heseke", "Hasakah"),
        ("Raqqa", "الرقة"),
        ("Tabqa", "الطبقة"),
        ("منبج", "Manbij"),
        ("Deir Ezzor", "دير الزور"),
        ("Deir ez-Zor", "Deir Ezzor"),
        ("Afrin", "عفرين"),
        ("Amouda", "عامودا"),
        ("Al-Malikiyah", "Derik"),
        ("المالكية", "ديريك"),
        ("Girê Spî", "Tel Abyad"),
        ("Shaddadi", "الشدادي"),
        ("Jazira", "الجزيرة"),
        ("الفرات", "Euphrates"),
    ],
)
def test_each_spelling_of_a_place_finds_text_written_with_another(typed, written):
    query = search_query_parse(typed)
    assert text_matches_query(query, f"نص عن {written} وغيرها"), (typed, written)
    assert text_matches_query(query, f"A report from {written}, written in English.")


def test_a_place_in_arabic_is_found_after_a_prefix_but_not_inside_another_word():
    assert text_matches_query(search_query_parse("Kobane"), "زرنا قامشلو وكوباني")
    assert not text_matches_query(search_query_parse("Al-Hol"), "The whole team went home.")
    assert not text_matches_query(search_query_parse("Qamishli"), "Kobani only")


def test_other_words_of_the_query_must_still_match():
    query = search_query_parse("Qamishli teachers")
    assert text_matches_query(query, "The teachers of Qamishlo")
    assert not text_matches_query(query, "The farmers of Qamishlo")


def test_query_groups_join_the_words_of_a_multi_word_name():
    groups = query_groups(["عين", "العرب", "مدرسة"])
    assert len(groups) == 2 and "kobani" in groups[0] and groups[1] == ("مدرسة",)


def test_no_two_places_share_a_spelling():
    from diplomacy.arabic import fold_for_search

    seen: dict[str, str] = {}
    for names in PLACES:
        for name in names:
            folded = fold_for_search(name)
            assert seen.setdefault(folded, names[0]) == names[0], name


def test_partners_name_matching_writes_each_place_one_way():
    assert canonical_place_words(["مدرسة", "عين", "العرب"]) == ["مدرسة", "Kobani"]
    assert name_skeleton("Kobane Youth") == name_skeleton("Kobani Youth")
    # Without the gazetteer «عين العرب» and "Kobani" share no consonant.
    assert keys_similar(
        name_keys("جمعية عين العرب للثقافة"), name_keys("Jamiyat Kobani lil-Thaqafa")
    )
