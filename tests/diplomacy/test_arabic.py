import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomacy.arabic import (
    _DIACRITICS,
    _LETTERS,
    normalize_arabic,
    normalize_arabic_with_positions,
)


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمال", "امال"),
        ("ٱلرحمن", "الرحمن"),
        ("مدرسة", "مدرسه"),
        ("مستشفى", "مستشفي"),
        ("مُسْتَشْفَى", "مستشفي"),
        ("قامـــشلو", "قامشلو"),
        ("عام ٢٠٢١", "عام 2021"),
        ("سال ۱۴۰۰", "سال 1400"),
        ("Qamishlo Center", "Qamishlo Center"),
        ("", ""),
    ],
)
def test_normalization_examples(typed, normalized):
    assert normalize_arabic(typed) == normalized


@given(st.text())
def test_normalization_is_idempotent(text):
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once


@given(st.text(alphabet=st.characters(max_codepoint=0x024F)))
def test_latin_text_is_unchanged(text):
    assert normalize_arabic(text) == text


@given(st.text())
def test_no_variant_letters_diacritics_or_tatweel_remain(text):
    result = normalize_arabic(text)
    assert not set(result) & set("أإآٱةىـ٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
    assert not any(0x064B <= ord(ch) <= 0x065F or ord(ch) == 0x0670 for ch in result)


@given(st.text(alphabet=st.sampled_from("مدينةُ الرَّقّةـأى٢ İab")))
def test_each_normalized_character_knows_where_it_came_from(text):
    normalized, positions = normalize_arabic_with_positions(text)
    assert normalized == normalize_arabic(text)
    assert len(positions) == len(normalized)
    assert positions == sorted(set(positions))
    for character, position in zip(normalized, positions, strict=True):
        assert normalize_arabic(text[position]) == character


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
        | st.sampled_from(list("۰۹ab İé-_ 12"))
    )
)
def test_normalize_arabic_folds_as_one_translation_of_every_character(text):
    # normalize_arabic replaces letter by letter (faster than str.translate on long
    # texts): the result must be what one translation of every character gives.
    assert normalize_arabic(text) == _DIACRITICS.sub("", text.translate(_LETTERS))
