import re
from html import unescape

import nh3
from hypothesis import given
from hypothesis import strategies as st

from diplomacy.text import _BLOCK_END, html_to_text

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
