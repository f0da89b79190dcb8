"""addresses_of gives what reverse() gives, for every row of a list."""

import pytest
from django.urls import reverse
from django.utils import translation

from diplomacy.addresses import addresses_of


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    ("viewname", "kwarg", "numbers", "values"),
    [
        ("delegations:review_detail", "pk", True, [1, 42, 999_999_998]),
        ("partners:detail", "slug", False, ["amuda-bakery", "a_b-9"]),
        # A str converter: Arabic slugs and characters reverse() percent-encodes.
        ("publications:detail", "slug", False, ["منشور-599", "a b", "x?y#z", "~:@!$&'()*+,;="]),
    ],
)
def test_each_address_is_the_one_reverse_gives(language, viewname, kwarg, numbers, values):
    with translation.override(language):
        address = addresses_of(viewname, kwarg, numbers=numbers)
        for value in values:
            assert address(value) == reverse(viewname, kwargs={kwarg: value})
