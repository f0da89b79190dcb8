"""The Arabic search test set (arabic_pairs.tsv) and its recall and precision."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PAIRS_FILE = Path(__file__).with_name("arabic_pairs.tsv")


@dataclass(frozen=True)
class Pair:
    kind: str
    query: str
    document: str
    relevant: bool


@dataclass(frozen=True)
class Score:
    recall: float
    precision: float
    missed: tuple[Pair, ...]
    wrongly_found: tuple[Pair, ...]

    def __str__(self) -> str:
        return f"recall {self.recall:.1%}, precision {self.precision:.1%}"


def test_pairs() -> list[Pair]:
    pairs = []
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, query, document, relevant = line.split("\t")
            pairs.append(Pair(kind, query, document, relevant == "yes"))
    return pairs


test_pairs.__test__ = False  # a loader, not a test


def score(pairs: list[Pair], found: Callable[[Pair], bool]) -> Score:
    """Recall over the relevant pairs; precision over every pair found."""
    results = [(pair, found(pair)) for pair in pairs]
    missed = tuple(pair for pair, hit in results if pair.relevant and not hit)
    wrong = tuple(pair for pair, hit in results if hit and not pair.relevant)
    relevant = sum(pair.relevant for pair in pairs)
    hits = sum(hit for _pair, hit in results)
    return Score(
        recall=(relevant - len(missed)) / relevant,
        precision=(hits - len(wrong)) / hits if hits else 1.0,
        missed=missed,
        wrongly_found=wrong,
    )
