"""How often news-comment raters mark a word as the toxic part of a comment.

Civil Comments' toxic-span raters marked which words made a comment toxic. The share of
times a word was marked, among the ratings of comments that contain it, says what news readers
take as disrespect ("idiocy" 0.47, "rubbish" 0.36, "nonsense" 0.10, "trump" 0.06), including
the mild dismissive words that tweets and talk pages seldom label. A comment's score is the
highest share among its words; the calibration of `toxicity` and `insult` stacks it
(`ml.training`, MODEL_CARD.md Method 12).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from civility.ml.analysis import ID_MARK, Analysis

# A word seen in fewer ratings than this has no reliable share.
MIN_RATINGS = 5
# Additive smoothing: an unmarked word seen five times gets 0.014, not 0.
PRIOR_HITS, PRIOR_RATINGS = 0.1, 2.0

Span = tuple[int, int]


@dataclass(frozen=True)
class SpanLexicon:
    """Word -> smoothed share of ratings that marked it toxic."""

    rates: dict[str, float]

    def score(self, words: Sequence[str]) -> float:
        """The highest share among a comment's words (identity terms are masked, never read)."""
        strongest = self.strongest(words)
        return 0.0 if strongest is None else strongest[1]

    def strongest(self, words: Sequence[str]) -> tuple[int, float] | None:
        """The first word with the highest share, and the share (None if no word has one)."""
        best: tuple[int, float] | None = None
        for i, word in enumerate(words):
            rate = self.rates.get(word, 0.0) if word != ID_MARK else 0.0
            if rate > 0 and (best is None or rate > best[1]):
                best = (i, rate)
        return best

    def scores(self, analyses: Sequence[Analysis]) -> list[float]:
        """The score of each analysed comment."""
        return [self.score(a.words) for a in analyses]

    def to_json(self) -> dict[str, float]:
        """The rates, sorted by word (what the model file stores)."""
        return dict(sorted(self.rates.items()))

    @classmethod
    def from_json(cls, data: object) -> SpanLexicon:
        """A lexicon from its stored form; ValueError if it is not word -> share in [0, 1]."""
        if not isinstance(data, dict):
            raise ValueError("the span lexicon must be an object of word: share")
        rates = {}
        for word, rate in data.items():
            if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
                raise ValueError(f"span lexicon: {word!r} has share {rate!r}, not in [0, 1]")
            rates[str(word)] = float(rate)
        return cls(rates)


def fit_span_lexicon(
    rated: Iterable[tuple[Analysis, Sequence[Sequence[Span]]]],
) -> SpanLexicon:
    """Shares from comments with each rater's toxic spans (original character offsets).

    A rater who marked nothing still counts: it is a rating in which no word was marked.
    """
    ratings: Counter[str] = Counter()
    marked: Counter[str] = Counter()
    for analysis, per_rater in rated:
        ranges = [
            (analysis.norm.to_original(start, end), word)
            for (_, start, end), word in zip(analysis.tokens, analysis.words, strict=True)
            if word != ID_MARK
        ]
        present = {word for _, word in ranges}
        for spans in per_rater:
            ratings.update(present)
            marked.update(
                {word for (a, b), word in ranges if any(s < b and a < e for s, e in spans)}
            )
    return SpanLexicon(
        {
            # Rounded as stored, so that the calibration fits what the model file will hold.
            word: round((marked[word] + PRIOR_HITS) / (n + PRIOR_RATINGS), 4)
            for word, n in ratings.items()
            if n >= MIN_RATINGS
        }
    )
