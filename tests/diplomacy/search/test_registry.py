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
