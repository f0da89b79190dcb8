import re
from html import unescape

import nh3
import pytest
from hypothesis import given
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
