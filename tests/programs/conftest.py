import pytest

from diplomacy.pagecache import public_pages_changed


@pytest.fixture(autouse=True)
def forget_cached_programs():
    """The cache (Redis) outlives each test's rolled-back rows: start the next test from
    a new public-pages generation, so no cached search corpus names a vanished program."""
    yield
    public_pages_changed()
