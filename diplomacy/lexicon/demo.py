"""The lexicon for `make run` and the tests: the repository's forms (a flushed table
starts empty)."""

from diplomacy.lexicon.services import lexicon_load_repository


def load(stdout) -> None:
    lexicon_load_repository()
