"""Distinctive words a comment shares with its context: the relevance scorer's cheap first look.

A word is distinctive when few comments use it (inverse document frequency over permissively
licensed comments, shipped as idf.json). A comment that shares several distinctive words with
a passage of its article is about that article, and needs no transformer to say so.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

IDF_FILE = Path(__file__).resolve().parents[1] / "data/models/relevance/idf.json"
_WORD = re.compile(r"[^\W\d_]{3,}")
# Words used by more than 1 in 20 comments ("government", "people") say nothing about a topic.
MIN_IDF = 3.0


def words(text: str) -> frozenset[str]:
    """Lower-cased words of three letters or more."""
    return frozenset(_WORD.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class Overlap:
    """The context text sharing the most distinctive words with a comment."""

    weight: float
    index: int
    shared: tuple[str, ...]


class Idf:
    """Inverse document frequencies; unseen words count as the rarest."""

    def __init__(self, document_frequency: dict[str, int], documents: int) -> None:
        self._df = document_frequency
        self._log_n = math.log(documents + 1)

    def weight(self, word: str) -> float:
        """log((N + 1) / (df + 1)), zero below MIN_IDF."""
        value = self._log_n - math.log(self._df.get(word, 0) + 1)
        return value if value > MIN_IDF else 0.0

    def best(self, comment: frozenset[str], contexts: Sequence[frozenset[str]]) -> Overlap | None:
        """The context with the largest summed weight of shared distinctive words."""
        found: Overlap | None = None
        for index, context in enumerate(contexts):
            shared = [w for w in comment & context if self.weight(w) > 0.0]
            weight = sum(self.weight(w) for w in shared)
            if shared and (found is None or weight > found.weight):
                top = sorted(shared, key=self.weight, reverse=True)[:5]
                found = Overlap(weight, index, tuple(top))
        return found


def build_idf(texts: Iterable[str]) -> dict[str, object]:
    """Document frequencies of words used at least twice, as idf.json stores them."""
    counts: dict[str, int] = {}
    documents = 0
    for text in texts:
        documents += 1
        for word in words(text):
            counts[word] = counts.get(word, 0) + 1
    kept = {w: n for w, n in sorted(counts.items()) if n >= 2}
    return {"documents": documents, "df": kept}


def load_idf(path: Path | None = None) -> Idf:
    """The shipped table (written by `python -m civility.ml.train_relevance`)."""
    data = json.loads((path or IDF_FILE).read_text(encoding="utf-8"))
    return Idf({str(k): int(v) for k, v in data["df"].items()}, int(data["documents"]))
