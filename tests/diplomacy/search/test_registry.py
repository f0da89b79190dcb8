import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from diplomacy.search.registry import SearchHit

DATES = [datetime.date(2026, 6, 22), datetime.date(2021, 1, 1), datetime.date(999, 12, 31)]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_hits_dates_are_those_of_the_templates_date_filter(language):
    template = Template("""{{ date|date:'Y-m-d' }}|{{ date|date:"DATE_FORMAT" }}""")
    with translation.override(language):
        for date in DATES:
            hit = SearchHit(title="", url="", snippet=mark_safe(""), language="ar", date=date)
            shown = template.render(Context({"date": date}))
            assert f"{hit.date_iso}|{hit.date_shown}" == shown, date


def test_a_hit_without_a_date_shows_none():
    hit = SearchHit(title="", url="", snippet=mark_safe(""), language="ar")
    assert (hit.date_iso, hit.date_shown) == ("", "")


# The hit list as the results template wrote it before the search_hits tag.
FORMER_HITS_TEMPLATE = (
    "{% get_current_language as LANGUAGE_CODE %}"
    "{% for hit in hits %}<li>\n"
    '<h3{% if hit.language != LANGUAGE_CODE %} lang="{{ hit.language }}" dir="auto"{% endif %}>'
    '<a href="{{ hit.url }}">{{ hit.title }}</a></h3>\n'
    '<p class="meta">{% if hit.label %}{{ hit.label }}{% endif %}{% if hit.date %} · '
    '<time datetime="{{ hit.date|date:\'Y-m-d\' }}">{{ hit.date|date:"DATE_FORMAT" }}</time>'
    "{% endif %}</p>\n"
    '<p{% if hit.language != LANGUAGE_CODE %} lang="{{ hit.language }}" dir="auto"{% endif %}>'
    "{{ hit.snippet }}</p>\n</li>{% endfor %}"
)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_search_hits_tag_writes_what_the_template_wrote(language):
    hits = [
        SearchHit(title='<b>"وفد" & co</b>', url="/ar/publications/%D9%88/?a=1&b=2",
                  snippet=mark_safe("<mark>وفد</mark> &amp; …"), language="ar",
                  date=datetime.date(2026, 6, 22), label="تقرير"),
        SearchHit(title="Civil society", url="/en/partners/x/", snippet=mark_safe("text"),
                  language="en", label=""),
        SearchHit(title="برنامج", url="/ar/programs/p/", snippet=mark_safe(""), language="ar",
                  date=datetime.date(2021, 1, 1), label=""),
    ]  # fmt: skip
    with translation.override(language):
        former = Template("{% load i18n %}" + FORMER_HITS_TEMPLATE).render(Context({"hits": hits}))
        tagged = Template("{% load search_hits %}{% search_hits hits %}").render(
            Context({"hits": hits})
        )
    assert tagged == former
    assert 'lang="ar" dir="auto"' in tagged if language == "en" else 'lang="en"' in tagged
