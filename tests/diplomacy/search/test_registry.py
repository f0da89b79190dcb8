import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from diplomacy.search.registry import SearchHit, SearchResults

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


# A group's heading and link to all its results as the results template wrote them
# before the search_group_heading and search_group_more tags.
FORMER_GROUP_TEMPLATE = (
    '<section class="search-group" aria-labelledby="group-{{ group.provider.key }}">\n'
    '<h2 id="group-{{ group.provider.key }}">{{ group.provider.label }} <span class="meta">'
    "({{ group.results.total }}{% if group.results.capped %}+{% endif %})</span></h2>|"
    "{% if group.results.total > group.results.hits|length %}"
    '<p><a href="?q={{ query|urlencode }}&amp;kind={{ group.provider.key }}">'
    "{% blocktranslate with label=group.provider.label count total=group.results.total %}"
    "All {{ total }} results in {{ label }}{% plural %}All {{ total }} results in {{ label }}"
    "{% endblocktranslate %}</a></p>{% endif %}"
)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(("total", "shown", "capped"), [(300, 5, True), (2, 2, False),
                                                       (1, 1, False), (7, 5, False),
                                                       (12345, 5, False)])  # fmt: skip
def test_the_group_tags_write_what_the_template_wrote(language, total, shown, capped):
    hit = SearchHit(title="t", url="/u/", snippet=mark_safe(""), language="ar")
    provider = SimpleNamespace(key="publications", label=gettext_lazy("Publications"))
    group = {"provider": provider,
             "results": SearchResults(total=total, hits=[hit] * shown, capped=capped)}  # fmt: skip
    context = {"group": group, "query": 'وفد & "co" <b>/x?'}
    with translation.override(language):
        former = Template("{% load i18n %}" + FORMER_GROUP_TEMPLATE).render(Context(context))
        tagged = Template(
            "{% load search_hits %}{% search_group_heading group %}|"
            "{% search_group_more group query %}"
        ).render(Context(context))
    assert tagged == former
