"""Each key page, rendered with the quality content (demo plus generated rows), issues at
most 6 SQL queries — the budget of every public page, whatever the amount of data.

Measured on the second request: the first may fill per-process caches (Site, ContentType)
that a serving process fills once. The page cache is off in tests, so the view really runs.
"""

import pytest
from django.conf import settings

from tests.quality.pages import PAGE_LANGUAGES

QUERY_BUDGET = 6


@pytest.mark.parametrize(("key_page", "language"), PAGE_LANGUAGES)
def test_page_stays_within_the_query_budget(
    key_page, language, quality_site, django_assert_max_num_queries
):
    assert settings.PAGE_CACHE_SECONDS == 0, "the page cache would hide the view's queries"
    path = key_page.path(language)
    client = quality_site.client(key_page)
    assert client.get(path).status_code == 200
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(path)
    assert response.status_code == 200
