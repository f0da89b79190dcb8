from hypothesis import given, settings
from hypothesis import strategies as st

from diplomacy.translation.segmentation import segment_text

ARABIC_ARTICLE = """<h2>وفد من <bdi>Catalonia</bdi> يزور القامشلي</h2>
<p>وصل وفد من المجتمع المدني إلى القامشلي يوم الإثنين. التقى الوفد بممثلي <a href="https://example.org/partners">المنظمات الشريكة</a> في المدينة؟ نعم، وناقش معهم مشاريع <strong>التعليم والصحة</strong>.</p>
<ul>
<li>زيارة مجلس المرأة.</li>
<li>لقاء مع <em>اتحاد المعلمين</em>! ثم جولة في السوق.</li>
</ul>
<blockquote><p>«نحن هنا لنتعلم.» قالت رئيسة الوفد.</p></blockquote>
<p>2024</p>"""

ENGLISH_ARTICLE = """<h2>A delegation from <bdi>كتالونيا</bdi> visits Qamishlo</h2>
<p>The delegation arrived on Monday. It met representatives of <a href="https://example.org/p">partner organizations</a>, e.g. teachers' unions. Dr. Smith spoke first! Did they agree? <strong>Yes. Fully.</strong></p>
<table><tr><th>Day</th><th>Meeting</th></tr><tr><td>1</td><td>Women's council.</td></tr></table>
<p>Line one<br>Line two</p>"""


def test_arabic_article_round_trip_and_segments():
    segmented = segment_text(ARABIC_ARTICLE)
    assert segmented.assemble(list(segmented.segments)) == ARABIC_ARTICLE
    assert segmented.segments == (
        "وفد من <bdi>Catalonia</bdi> يزور القامشلي",
        "وصل وفد من المجتمع المدني إلى القامشلي يوم الإثنين.",
        'التقى الوفد بممثلي <a href="https://example.org/partners">المنظمات الشريكة</a> في المدينة؟',
        "نعم، وناقش معهم مشاريع <strong>التعليم والصحة</strong>.",
        "زيارة مجلس المرأة.",
        "لقاء مع <em>اتحاد المعلمين</em>!",
        "ثم جولة في السوق.",
        "«نحن هنا لنتعلم.»",
        "قالت رئيسة الوفد.",
    )


def test_english_article_keeps_inline_markup_and_abbreviations_together():
    segmented = segment_text(ENGLISH_ARTICLE)
    assert segmented.assemble(list(segmented.segments)) == ENGLISH_ARTICLE
    assert (
        'It met representatives of <a href="https://example.org/p">partner organizations</a>, e.g. teachers\' unions.'
        in segmented.segments
    )
    assert "Dr. Smith spoke first!" in segmented.segments
    # A sentence end inside an inline element does not split it.
    assert "<strong>Yes. Fully.</strong>" in segmented.segments
    assert "Line one" in segmented.segments and "Line two" in segmented.segments
    # Numbers alone stay in the skeleton: nothing to translate.
    assert "1" not in segmented.segments


def test_translated_segments_reassemble_into_the_same_structure():
    segmented = segment_text(ARABIC_ARTICLE)
    translated = segmented.assemble([f"T{index}" for index in range(len(segmented.segments))])
    assert translated.startswith("<h2>T0</h2>\n<p>T1 T2 T3</p>\n<ul>\n<li>T4</li>")
    assert translated.endswith("<blockquote><p>T7 T8</p></blockquote>\n<p>2024</p>")


def test_plain_text_lines_are_paragraphs():
    segmented = segment_text("السطر الأول\nالسطر الثاني")
    assert segmented.segments == ("السطر الأول", "السطر الثاني")
    assert segment_text("").segments == ()
    assert segment_text("<p>  </p>").segments == ()


words = st.sampled_from(["مرحبا", "بكم", "Hello", "world", "2021", "&amp;", "ق.", "e.g.", "«نعم»"])
punctuation = st.sampled_from(["", ".", "!", "؟", "?", "…", ","])
spaces = st.sampled_from([" ", "  ", "\n", "\n\n", "\t"])
sentence = st.builds(
    lambda ws, p, s: s.join(ws) + p, st.lists(words, min_size=1, max_size=5), punctuation, spaces
)
inline = st.builds(
    lambda tag, text: f"<{tag}>{text}</{tag}>",
    st.sampled_from(["strong", "em", "bdi", 'a href="x"']),
    sentence,
).map(lambda html: html.replace('</a href="x">', "</a>"))
run = st.lists(st.one_of(sentence, inline), min_size=1, max_size=5).map(" ".join)
block = st.builds(
    lambda tag, body: f"<{tag}>{body}</{tag}>",
    st.sampled_from(["p", "h2", "li", "td", "blockquote"]),
    run,
)
document = st.lists(st.one_of(block, run, st.just("<br>"), st.just("\n")), max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(document)
def test_any_document_round_trips_exactly(html):
    segmented = segment_text(html)
    assert segmented.assemble(list(segmented.segments)) == html
    for segment in segmented.segments:
        assert segment == segment.strip()
        # Inline elements are never cut in half.
        for tag in ("strong", "em", "bdi"):
            assert segment.count(f"<{tag}>") == segment.count(f"</{tag}>")
        assert "<p>" not in segment and "</p>" not in segment


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!<>/p\n ءي؟")), max_size=60))
def test_even_broken_markup_round_trips(text):
    segmented = segment_text(text)
    assert segmented.assemble(list(segmented.segments)) == text


def test_markup_tags_ignore_order_and_text():
    from diplomacy.translation.segmentation import markup_tags

    assert markup_tags('a <strong>b</strong> <a href="x">c</a>') == markup_tags(
        '<a href="y">C</a> then <strong>B</strong>'
    )
    assert markup_tags("<em>x</em>") != markup_tags("<em>x")
