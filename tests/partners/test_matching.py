import pytest

from partners.matching import (
    SimilarNames,
    keys_similar,
    name_keys,
    name_skeleton,
    search_query_text,
    search_words,
    website_domain,
    words_by_script,
)

# Real-world shapes of the same name written by different people, in different scripts.
SAME_ORGANIZATION = [
    ("جمعية نساء الجزيرة", "Jamiyat Nisa al-Jazira"),
    ("كومينا ژنێن جزیرێ", "Komîna Jinên Cizîrê"),
    ("بلدية الرقة", "Baladiyat al-Raqqa"),
    ("اتحاد المثقفين في الجزيرة", "Ittihad al-Muthaqqafin fi al-Jazira"),
    ("مجلس سوريا الديمقراطية", "Majlis Suriya al-Dimuqratiya"),
    ("قامشلو", "Qamishlo"),
    ("دار المرأة في عامودا", "Dar al-Mara fi Amuda"),
    ("Brussels Solidarity Network", "Brussels Solidarity Netwerk"),
    ("تعاونية نساء الدرباسية", "Tawniyat Nisa al-Darbasiya"),
]
DIFFERENT_ORGANIZATIONS = [
    ("بلدية الرقة", "Baladiyat Qamishli"),
    ("Brussels Solidarity Network", "Qamishlo Youth Centre"),
    ("جمعية نساء الجزيرة", "Kobani Teachers Union"),
    ("اتحاد المثقفين في الجزيرة", "بلدية الطبقة"),
]


@pytest.mark.parametrize(("first", "second"), SAME_ORGANIZATION)
def test_names_of_one_organization_in_two_scripts_are_similar(first, second):
    assert keys_similar(name_keys(first), name_keys(second))


@pytest.mark.parametrize(("first", "second"), DIFFERENT_ORGANIZATIONS)
def test_names_of_different_organizations_are_not_similar(first, second):
    assert not keys_similar(name_keys(first), name_keys(second))


def test_skeleton_ignores_article_vowels_and_diacritics():
    assert name_skeleton("الجَزِيرَة") == name_skeleton("al-Jazeera") == "jzr"


def test_search_words_keep_accented_and_folded_forms_normalized():
    words = search_words("Komîna Jinên", "جمعيّة الأمل")
    assert "komîna" in words and "komina" in words
    assert "جمعيه" in words and "الامل" in words


def test_words_by_script_halve_the_search_words_for_the_close_match():
    words = search_words("Komîna Jinên Qamişlo", "كومينا ژنێن", "ܡܪܟܙܐ 2025")
    latin, non_latin = words_by_script(words)
    assert latin == "komina jinen qamislo 2025"
    # Kurdish in Arabic letters and Syriac stay together, numbers are in both halves;
    # accented Latin words are in neither (their folded form is in the Latin one).
    assert non_latin == "كومينا ژنێن ܡܪܟܙܐ 2025"
    assert words_by_script(search_query_text("Jinên Qamishlo")) == ("jinen qamishlo", "")


def test_website_domain():
    assert website_domain("https://www.Example.org/about?x=1") == "example.org"
    assert website_domain("example.org") == "example.org"
    assert website_domain("") == ""


# --- rapidfuzz in place of difflib: the same decisions, at the scale of a real import ----
ALL_NAMES = sorted({name for pair in SAME_ORGANIZATION + DIFFERENT_ORGANIZATIONS for name in pair})


def difflib_similar(keys_a: str, keys_b: str) -> bool:
    """The pairwise comparison the import used before (difflib, ratio 0.8)."""
    from difflib import SequenceMatcher

    return any(
        a == b or SequenceMatcher(None, a, b).ratio() >= 0.8
        for a in filter(None, keys_a.split(" | "))
        for b in filter(None, keys_b.split(" | "))
    )


def test_rapidfuzz_finds_the_same_duplicates_as_difflib_did_on_every_pair_of_the_cases():
    keys = [name_keys(name) for name in ALL_NAMES]
    pairs = [(a, b) for a in keys for b in keys]
    assert [keys_similar(a, b) for a, b in pairs] == [difflib_similar(a, b) for a, b in pairs]
    assert sum(keys_similar(a, b) for a, b in pairs) > len(keys)  # not only each with itself


def test_similar_names_in_bulk_agree_with_the_pairwise_check():
    keys = [name_keys(name) for name in ALL_NAMES]
    index = SimilarNames(enumerate(keys))
    for position, found in enumerate(index.matches(keys)):
        expected = {other for other, key in enumerate(keys) if keys_similar(keys[position], key)}
        assert {owner for owner, _score in found} == expected
        assert all(score >= 80 for _owner, score in found)


def test_similar_names_keep_the_closest_first_and_each_owner_once():
    index = SimilarNames([(1, "jm ns jzr | jmyt ns jzr"), (2, "jm ns jzrh"), (3, "blh rk")])
    [found] = index.matches(["jm ns jzr"])
    assert [owner for owner, _score in found] == [1, 2]
    assert found[0][1] == 100


def test_similar_names_at_import_scale_find_each_planted_variant(monkeypatch):
    """5,000 rows against 20,000 organizations, in blocks: every misspelled copy of a
    known name is found, and a row of a name nobody has finds nothing."""
    import random

    from partners import matching

    monkeypatch.setattr(matching, "BLOCK_ROWS", 700)
    generator = random.Random(14)
    letters = "bdfghjklmnrstz"

    def word() -> str:
        return "".join(generator.choice(letters) for _ in range(generator.randint(3, 6)))

    known = [" ".join(word() for _ in range(3)) for _ in range(20_000)]
    index = SimilarNames(enumerate(known))
    planted = {position: known[position * 4] for position in range(0, 5_000, 50)}
    rows = [" ".join(word() for _ in range(3)) for _ in range(5_000)]
    for position, key in planted.items():
        rows[position] = key[:-1] + ("x" if key[-1] != "x" else "y")  # one letter changed
    rows[1] = "qqqqqqqqqqqqqqqqqqqq"
    found = index.matches(rows)
    assert len(found) == 5_000
    for position in planted:
        assert position * 4 in {owner for owner, _score in found[position]}
    assert found[1] == []


def test_earliest_names_the_first_earlier_similar_entry_block_by_block(monkeypatch):
    from partners import matching

    monkeypatch.setattr(matching, "BLOCK_ROWS", 2)
    keys = ["jm ns jzr", "blh rk", "jm ns jzrh", "blh rk", "", "frds"]
    index = SimilarNames(enumerate(keys))
    assert index.earliest(keys) == [None, None, 0, 1, None, None]
    assert index.earliest(keys[2:4], first_position=2) == [0, 1]
