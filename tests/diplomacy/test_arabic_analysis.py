"""The Arabic light stemmer on its own (diplomacy/arabic_analysis.py), with the
repository's lexicon: no database."""

import pytest

from diplomacy.arabic_analysis import (
    Lexicon,
    fold_word,
    tsquery_any_term,
    tsquery_text,
    tsvector_text,
    word_spans,
)
from diplomacy.lexicon.repository import repository_word_forms

LEXICON = Lexicon.from_pairs(repository_word_forms())


def stem_of(word: str, *, query: bool = True) -> set[str]:
    folded = fold_word(word)
    terms = LEXICON.query_terms(folded) if query else LEXICON.document_terms(folded)
    return set(terms[1:]) or {terms[0]}


@pytest.mark.parametrize(
    "query, document",
    [
        ("مدينة", "المدينة"),
        ("منظمة", "منظمات"),
        ("والمنظمات", "المنظمات"),
        ("وفد", "الوفود"),
        ("مشروع", "مشاريعها"),
        ("مدرسة", "بالمدارس"),
        ("تعاونية", "والتعاونيات"),
        ("مستشفى", "المستشفيات"),
        ("امرأة", "للنساء"),
        ("طفل", "الأطفال"),
        ("وزارة", "الوزارة"),
        ("مشروع", "بمشروع"),
        ("ومنظمة", "المنظمات"),  # a safe clitic guess on the query's side
        ("وللمنظمات", "منظمة"),
        ("بالمدارس", "مدرسة"),
        ("ووفود", "وفد"),  # the guess leaves a lexicon form
        ("وفدان", "الوفود"),  # duals
        ("الوفدين", "وفد"),
        ("منظمتان", "المنظمة"),  # ة written ت before a dual or a pronoun
        ("مدينتها", "المدن"),
        ("ممثلو", "الممثلين"),  # construct state: the plural's ن dropped
        ("ممثلي", "ممثلون"),
        ("ممثل", "وممثلوها"),
    ],
)
def test_a_query_word_meets_its_forms_in_documents(query, document):
    assert stem_of(query) & set(LEXICON.document_terms(fold_word(document))), (query, document)


@pytest.mark.parametrize(
    "query, document",
    [
        ("لجنة", "الجنة"), ("بيان", "يان"), ("وفد", "فد"), ("مدن", "مدني"), ("منظمة", "النظام"),
        # A query word is read without a clitic only when the rest is long or known.
        ("ولجنة", "الجنة"), ("وزارة", "زار"), ("بلدية", "لديه"), ("فعالية", "عالية"),
        ("وفدان", "فدان"),  # «وفد» is a base word of the lexicon: no «و» + «فدان»
        ("بيتين", "بيه"), ("ممثلو", "مثل"), ("عضو", "عض"),
    ],
)  # fmt: skip
def test_look_alikes_stay_apart(query, document):
    assert not stem_of(query) & set(LEXICON.document_terms(fold_word(document)))


def test_the_minimum_lengths_keep_short_words_whole():
    assert LEXICON.query_terms("وفد") == ("وفد",)  # not «فد»
    assert LEXICON.query_terms("بيان") == ("بيان",)  # not «بي»
    assert LEXICON.query_terms("meetings") == ("meetings",)  # Latin as written


def test_the_form_as_written_and_its_stems_share_a_position():
    vector = tsvector_text(LEXICON, [("الوفود في المدينة", "A"), ("وفد", "C")])
    assert "'الوفود':1A" in vector and "'مدين':3A" in vector
    assert "'وفد':1A,4C" in vector


def test_a_term_keeps_at_most_256_positions():
    vector = tsvector_text(LEXICON, [("وفد الوفود " * 300, "C")])
    positions = next(part for part in vector.split(" ") if part.startswith("'وفد':"))
    assert len(positions.split(":")[1].split(",")) == 256
    assert positions.split(":")[1].startswith("1C,2C,3C")


def test_the_tsquery_quotes_every_term_and_groups_spellings():
    query = tsquery_text(LEXICON, [("وفد",), ("دير الزور", "deir ez zor"), ("it's",)])
    assert query == (
        "('وفد') & ((('دير') <-> ('الزور' | 'زور')) | (('deir') <-> ('ez') <-> ('zor')))"
        " & (('it') <-> ('s'))"
    )


def test_relevance_asks_for_any_term_of_any_word_each_once():
    groups = [("المجتمع",), ("دير الزور", "deir ez zor"), ("it's",)]
    # The form as typed and its stems, without the AND and the phrases of the match:
    # ts_rank weighs how often and where a text holds them.
    assert tsquery_any_term(LEXICON, groups) == (
        "'المجتمع' | 'مجتمع' | 'دير' | 'الزور' | 'زور' | 'deir' | 'ez' | 'zor' | 'it' | 's'"
    )
    # Each term once, folded as the texts are (أ to ا).
    assert tsquery_any_term(LEXICON, [("أحمد",), ("احمد",)]) == "'احمد'"


def test_spans_cover_whole_words_of_the_folded_text():
    folded = fold_word("استقبل المركز الوفود والمنظمات")
    spans = list(word_spans(LEXICON, folded, ("وفد", "منظمة")))
    assert [folded[start:end] for start, end in spans] == ["الوفود", "والمنظمات"]


def test_a_texts_terms_are_remembered_by_its_lexicon_only_and_within_a_bound(monkeypatch):
    text = "زار الوفد منظمات المجتمع المدني في قامشلو"
    lexicon = Lexicon.from_pairs(repository_word_forms())
    terms = lexicon.text_terms(text)
    assert {"وفد", "منظم", "مجتمع", "قامشلو"} <= terms
    assert lexicon.text_terms(text) is terms  # remembered
    # A changed lexicon is another object: it remembers nothing of the earlier one.
    without_forms = Lexicon.from_pairs([])
    assert without_forms.text_terms(text) is not terms
    monkeypatch.setattr("diplomacy.arabic_analysis.REMEMBERED_TEXTS", 2)
    for other in ("نص اول", "نص ثان", "نص ثالث"):
        lexicon.text_terms(other)
    assert len(lexicon._text_terms) <= 2
    assert lexicon.text_terms(text) == terms
