import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from diplomacy.search import registry
from diplomacy.search.query import QueryProblem, search_query_parse
from diplomacy.text import highlight
from publications import search
from tests.publications.factories import published_publication

pytestmark = pytest.mark.django_db


def search_url(language: str) -> str:
    with translation.override(language):
        return reverse("search")


def provider_titles(query: str, language: str) -> list[str]:
    provider = search.PublicationSearchProvider()
    results = provider.search(
        query=search_query_parse(query), language=language, offset=0, limit=20
    )
    return [hit.title for hit in results.hits]


def test_arabic_query_is_normalized_like_the_documents():
    published_publication(
        title_ar="زيارة وفد إلى مستشفى قامشلو",
        body_ar="<p>التقى الوفدُ بالأطبّاء في المستشفى وناقش احتياجات الرعاية الصحية.</p>",
    )
    published_publication(title_ar="تقرير عن التعاونيات الزراعية", body_ar="<p>الزراعة.</p>")
    # ى/ي, diacritics, tatweel and hamza forms all find the same document.
    for query in ("مستشفي", "مُسْتَشْفَى", "مستشـــفى", "زياره وفد", "الاطباء"):
        assert provider_titles(query, "ar") == ["زيارة وفد إلى مستشفى قامشلو"], query


def test_arabic_indic_digits_match_ascii_digits():
    published_publication(title_ar="خطة عمل العام 2023", body_ar="<p>توصيات الاجتماع.</p>")
    assert provider_titles("خطة ٢٠٢٣", "ar") == ["خطة عمل العام 2023"]


def test_english_stemming_and_ranking_title_first():
    published_publication(
        title_en="Notes from the field",
        body_en="<p>We also held several meetings with cooperatives.</p>",
    )
    published_publication(
        title_en="Meeting with cooperatives in Jazira", body_en="<p>Short note.</p>"
    )
    published_publication(title_en="Unrelated report", body_en="<p>Weather.</p>")
    assert provider_titles("meetings cooperative", "en") == [
        "Meeting with cooperatives in Jazira",
        "Notes from the field",
    ]


def test_arabic_ranking_title_before_body():
    published_publication(title_ar="ملاحظات ميدانية", body_ar="<p>عقدنا لقاءات مع الخبازين.</p>")
    published_publication(title_ar="الخبازين في الرقة", body_ar="<p>نص قصير.</p>")
    assert provider_titles("الخبازين", "ar") == ["الخبازين في الرقة", "ملاحظات ميدانية"]


def test_misspelled_word_still_finds_the_title():
    published_publication(title_en="Beekeepers of Tirbespiye", body_en="<p>Visit.</p>")
    assert provider_titles("Tirbespiya", "en") == ["Beekeepers of Tirbespiye"]
    assert provider_titles("beekepers", "en") == ["Beekeepers of Tirbespiye"]
    published_publication(title_ar="مربو النحل في تربسبيه", body_ar="<p>زيارة.</p>")
    assert provider_titles("تربسبية", "ar") == ["مربو النحل في تربسبيه"]


def test_search_covers_only_the_page_language_and_published_versions():
    published_publication(languages=("ar",), title_ar="عن الزعفران", title_en="On saffron")
    assert provider_titles("saffron", "en") == []
    assert provider_titles("الزعفران", "ar") == ["عن الزعفران"]


def test_search_page_groups_highlights_and_paginates(client):
    for number in range(13):
        published_publication(
            title_en=f"Pomegranate report {number}", body_en="<p>Pomegranate growers.</p>"
        )
    response = client.get(search_url("en"), {"q": "pomegranate"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "13 results" in html
    assert html.count("<mark>") >= 5
    assert "kind=publications" in html
    page_two = client.get(search_url("en"), {"q": "pomegranate", "kind": "publications", "page": 2})
    assert page_two.content.decode().count("<h3>") == 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10_000,
        "!!! ??? ... ---",
        "'; DROP TABLE publications_publication; --",
        '" OR 1=1 --',
        "&&& ||| !!!",
        "<script>alert(1)</script>",
        "a:* & !b | (c <-> d)",
        "\x00",
    ],
)
def test_absurd_queries_give_a_normal_page(client, query):
    response = client.get(search_url("ar"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_tsquery_syntax_is_not_interpreted():
    published_publication(title_en="Report on water", body_en="<p>Water and wells.</p>")
    assert provider_titles("water:* & !wells", "en") == ["Report on water"]


def test_query_problems_have_messages():
    for raw in ("", "   ", "؟؟؟", "x" * 201):
        with pytest.raises(QueryProblem):
            search_query_parse(raw)


def test_highlight_escapes_and_keeps_the_original_spelling():
    text = "<b>وفدٌ</b> زار المستشفى & the clinic"
    result = str(highlight(text, search_query_parse("مستشفي clinic").terms))
    assert "&lt;b&gt;" in result
    assert "<mark>المستشفى</mark>" in result or "ال<mark>مستشفى</mark>" in result
    assert "<mark>clinic</mark>" in result
    assert "&amp;" in result


def test_highlight_marks_every_match_of_the_window_around_the_first_one():
    opening = "كلمة " * 200  # no match in the first thousand characters
    text = f"{opening}استقبل المركز الوفود والوفود الأخرى " + "نص " * 200 + "الوفود"
    result = str(highlight(text, search_query_parse("وفد").terms))
    assert result.startswith("… ") and result.endswith(" …")
    # Forms the lexicon joins to «وفد» in the window, none past its end.
    assert "<mark>الوفود</mark> <mark>والوفود</mark>" in result
    assert result.count("<mark>") == 2


@given(st.text(max_size=300), st.text(max_size=40))
def test_highlight_never_lets_markup_through(text, query):
    try:
        terms = search_query_parse(query).terms
    except QueryProblem:
        terms = ()
    result = str(highlight(text, terms))
    assert "<" not in result.replace("<mark>", "").replace("</mark>", "")


def test_the_providers_are_those_the_apps_declare_in_their_portal_module():
    # diplomacy/plugins.py: publications, partners and programs, in INSTALLED_APPS order.
    keys = [provider.key for provider in registry.search_providers()]
    assert keys == ["publications", "partners", "programs"]


def test_relevance_orders_the_newest_matches_and_the_count_stops_at_the_cap(monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 3)
    today = datetime.date(2026, 5, 1)
    for days, title in [
        (0, "Minutes"),
        (1, "Pomegranate harvest"),
        (2, "Notes"),
        (3, "Pomegranate"),
    ]:
        published_publication(
            title_en=title, body_en="<p>The pomegranate growers met.</p>",
            publication_date=today - datetime.timedelta(days=days),
        )  # fmt: skip
    provider = search.PublicationSearchProvider()
    query = search_query_parse("pomegranate")
    first = provider.search(query=query, language="en", offset=0, limit=2)
    # The oldest match («Pomegranate», 3 days) is past the cap: not ranked, not counted.
    assert (first.total, first.capped) == (3, True)
    assert [hit.title for hit in first.hits] == ["Pomegranate harvest", "Minutes"]
    second = provider.search(query=query, language="en", offset=2, limit=2)
    assert [hit.title for hit in second.hits] == ["Notes"]
    assert second.total == 3
    assert provider.search(query=query, language="en", offset=4, limit=2).total == 3


def test_a_hit_snippet_comes_from_the_opening_of_the_body_only():
    opening = "<p>The pomegranate growers of Amuda met in spring.</p>"
    later = "<p>" + "filler words " * 1000 + "the quince growers met too.</p>"
    published_publication(title_en="Harvest", summary_en="", body_en=opening + later)
    provider = search.PublicationSearchProvider()
    [hit] = provider.search(
        query=search_query_parse("pomegranate"), language="en", offset=0, limit=5
    ).hits
    assert "<mark>pomegranate</mark> growers of Amuda" in hit.snippet
    # Past the opening the body is not read: «quince» is never in a snippet.
    [hit] = provider.search(
        query=search_query_parse("quince"), language="en", offset=0, limit=5
    ).hits
    assert "quince" not in hit.snippet


def test_the_search_vectors_are_kept_in_the_row_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("storage is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid ="
            " 'publications_publication'::regclass AND attname LIKE 'search_vector_%%'"
        )
        storage = dict(cursor.fetchall())
    # MAIN: ranking the newest matches reads each vector in the row, not in TOAST.
    assert storage == {"search_vector_ar": "m", "search_vector_en": "m"}


def test_the_search_vectors_are_compressed_with_lz4_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("compression is PostgreSQL's")
    words = " ".join(f"word{number}" for number in range(800))  # a vector of ~10 kB
    publication = published_publication(body_ar=f"<p>{words}</p>", body_en=f"<p>{words}</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(search_vector_ar),"
            " pg_column_compression(search_vector_en) FROM publications_publication"
            " WHERE id = %s",
            [publication.pk],
        )
        compressions = cursor.fetchall()
    # LZ4: ranking decompresses each of the newest matches; pglz took a third of it.
    assert compressions == [("lz4", "lz4")]


def test_hit_addresses_are_the_articles_addresses(django_assert_num_queries):
    # The hits' addresses come from one reverse() per page: the same as each
    # publication's own, Arabic slugs quoted as reverse() quotes them.
    arabic = published_publication(
        title_ar="تقرير عن مياه الشرب", title_en="A report on drinking water"
    )
    provider = search.PublicationSearchProvider()
    for language, word in (("ar", "مياه"), ("en", "water"), ("en", "مياه")):
        with translation.override(language), django_assert_num_queries(1):
            results = provider.search(
                query=search_query_parse(word), language=language, offset=0, limit=5
            )
        hit_language = results.hits[0].language
        assert [hit.url for hit in results.hits] == [arabic.get_absolute_url(hit_language)]
    assert "%D9%" in arabic.get_absolute_url("ar")  # the Arabic slug, quoted
