"""The filter forms' HTML kept by everything it shows (diplomacy/rendered_forms.py)."""

from unittest import mock

import pytest
from django import forms
from django.core.cache import cache

from diplomacy.rendered_forms import form_html_remembered


class KindFilter(forms.Form):
    kind = forms.ChoiceField(required=False)

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All"), *kinds]


def test_a_rendered_form_is_kept_in_the_process_and_never_stale():
    kinds = [("news", "News"), ("report", "Report")]
    first = form_html_remembered(KindFilter(kinds=kinds), "test-kind-filter")
    assert "Report" in first
    cache.clear()  # neither Redis nor a new rendering is needed for the same form
    with mock.patch.object(KindFilter, "render", side_effect=AssertionError("rendered")):
        assert form_html_remembered(KindFilter(kinds=kinds), "test-kind-filter") == first
    renamed = form_html_remembered(
        KindFilter(kinds=[("news", "News"), ("report", "Study")]), "test-kind-filter"
    )
    assert "Study" in renamed and "Report" not in renamed
    chosen = form_html_remembered(KindFilter({"kind": "news"}, kinds=kinds), "test-kind-filter")
    assert '<option value="news" selected>' in chosen and chosen != first


def test_a_form_with_errors_is_rendered_every_time():
    bound = KindFilter({"kind": "unknown"}, kinds=[("news", "News")])
    with mock.patch.object(KindFilter, "render", return_value="fresh") as render:
        assert form_html_remembered(bound, "test-kind-filter") == "fresh"
        assert form_html_remembered(bound, "test-kind-filter") == "fresh"
    assert render.call_count == 2


pytestmark = pytest.mark.django_db
