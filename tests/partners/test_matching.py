import pytest

from partners.matching import keys_similar, name_keys, name_skeleton, search_words, website_domain

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


def test_website_domain():
    assert website_domain("https://www.Example.org/about?x=1") == "example.org"
    assert website_domain("example.org") == "example.org"
    assert website_domain("") == ""
