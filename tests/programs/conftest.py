import pytest

from programs.search import programs_corpus_forget


@pytest.fixture(autouse=True)
def forget_cached_programs():
    """The cache (Redis) outlives each test's rolled-back rows: start the next test from
    a new corpus version, so no cached search corpus names a vanished program."""
    yield
    programs_corpus_forget()
