import re
from html import unescape

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomacy.text import _BLOCK_END, Highlighter, highlight, html_to_text

# Pieces of rich text, whitespace of every kind among them (no-break, ideographic,
# information separators).
PIECES = st.sampled_from(
    ["<p>", "</p>", "<br>", "<li>", "</li>", "&amp;", "&nbsp;", " ", "  ", "\n", "\t",
     "\u00a0", "\u2003", "\u3000", "\x1c", "\u200b", "word", "كلمة", "مدينة", "<b>", "</b>"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=40).map("".join))
def test_html_to_text_makes_every_whitespace_run_one_space(html):
    # As the regular expression it replaced: every run of \s made one space, trimmed.
    stripped = nh3.clean(_BLOCK_END.sub(" ", html), tags=set(), attributes={}, strip_comments=True)
    assert html_to_text(html) == re.sub(r"\s+", " ", unescape(stripped)).strip()


def test_html_to_text_separates_blocks_and_drops_markup():
    html = "<p>Qamishlo&nbsp; <b>centre</b></p><p>مدينة\n\n القامشلي</p>"
    assert html_to_text(html) == "Qamishlo centre مدينة القامشلي"


SNIPPET_WORDS = st.sampled_from(
    ["الوفود", "وفد", "والوفد", "بالوفود", "وفدان", "المدني", "مدني", "المدينة", "مدن",
     "المجتمع", "مجتمعات", "meeting", "meetings", "<b>", "&", "\u00a0", "قامشلو", "فد"]
)  # fmt: skip
QUERIES = st.sampled_from([("وفد",), ("الوفود",), ("المجتمع", "المدني"), ("meetings",), ("مدن",)])


@pytest.mark.django_db
@given(QUERIES, st.lists(st.lists(SNIPPET_WORDS, max_size=120).map(" ".join), max_size=6))
def test_one_highlighter_for_many_texts_marks_each_as_highlight_does(terms, texts):
    # The words a Highlighter has looked up for earlier texts change nothing in a later one.
    mark = Highlighter(terms)
    assert [mark(text) for text in texts] == [highlight(text, terms) for text in texts]


# A place's spelling may hold a space (diplomacy/gazetteer.py): such a term can run past
# the opening's end.
OPENING_QUERIES = st.sampled_from([("وفد",), ("المجتمع المدني",), ("مدن", "المدني وفد")])


@pytest.mark.django_db
@settings(max_examples=400)
@given(OPENING_QUERIES, st.lists(SNIPPET_WORDS, max_size=80).map(" ".join), st.integers(4, 30))
def test_a_snippet_found_in_the_opening_is_the_one_of_the_whole_text(terms, text, length):
    # Highlighter looks in the text's opening first (3 lengths long): whatever it finds
    # there is what normalizing and searching the whole text gives.
    mark = Highlighter(terms)
    assert mark(text, length=length) == mark._window(text, text, length)


@pytest.mark.django_db
def test_a_match_past_the_opening_is_still_found():
    text = " ".join(["كلمة"] * 200 + ["المدني"] + ["كلمة"] * 50)
    assert "<mark>المدني</mark>" in Highlighter(("مدني",))(text)


@pytest.mark.django_db
def test_a_window_running_past_the_opening_marks_what_lies_beyond_it():
    # The first match near the opening's end (660 characters for 220), the next past it.
    text = "كلمة " * 128 + "وفد " + "كلمة " * 6 + "وفد " + "كلمة " * 30
    snippet = Highlighter(("وفد",))(text)
    assert snippet.count("<mark>") == 2
    assert snippet == Highlighter(("وفد",))._window(text, text, 220)
