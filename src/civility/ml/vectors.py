"""Sparse TF-IDF rows from analysed comments, with a vocabulary kept as a plain list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from civility.ml.analysis import CUES, Analysis, bigram, grams, word_grams

# Columns per word are cached: news comments reuse a small working vocabulary.
_WORD_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class Vocabulary:
    """N-gram features kept for the model, with their inverse document frequencies."""

    index: dict[str, int]
    idf: np.ndarray
    _word_cols: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> int:
        """Number of columns: n-grams, then the dense cue features."""
        return len(self.index) + len(CUES)

    def word_columns(self, word: str) -> tuple[int, ...]:
        """Columns of a word's own n-grams (word and characters), cached."""
        cols = self._word_cols.get(word)
        if cols is None:
            if len(self._word_cols) > _WORD_CACHE_LIMIT:
                self._word_cols.clear()
            index = self.index
            cols = tuple(index[g] for g in word_grams(word) if g in index)
            self._word_cols[word] = cols
        return cols

    def columns(self, analysis: Analysis) -> list[int]:
        """Column of every known n-gram in a comment, once per occurrence."""
        cols: list[int] = []
        index = self.index
        previous = None
        for word in analysis.words:
            cols.extend(self.word_columns(word))
            if previous is not None:
                col = index.get(bigram(previous, word))
                if col is not None:
                    cols.append(col)
            previous = word
        return cols

    def occurrences(self, analysis: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Column, first token and width in tokens of every known n-gram in a comment."""
        cols: list[int] = []
        firsts: list[int] = []
        widths: list[int] = []
        words = analysis.words
        for i, word in enumerate(words):
            own = self.word_columns(word)
            cols.extend(own)
            firsts.extend([i] * len(own))
            widths.extend([1] * len(own))
            if i:
                col = self.index.get(bigram(words[i - 1], word))
                if col is not None:
                    cols.append(col)
                    firsts.append(i - 1)
                    widths.append(2)
        return (
            np.asarray(cols, dtype=np.int64),
            np.asarray(firsts, dtype=np.int64),
            np.asarray(widths, dtype=np.int64),
        )

    def names(self) -> list[str]:
        """Feature names in column order (n-grams, then cues)."""
        ordered = sorted(self.index, key=self.index.__getitem__)
        return ordered + [f"cue:{c}" for c in CUES]


def fit_vocabulary(
    analyses: Sequence[Analysis], *, min_df: int = 3, max_features: int = 200_000
) -> Vocabulary:
    """Keep the n-grams seen in at least `min_df` texts, the most frequent first."""
    df: Counter[str] = Counter()
    for analysis in analyses:
        df.update({gram for gram, _, _ in grams(analysis)})
    # Ties broken by the n-gram itself: the counter's order follows string hashing, which
    # changes from process to process, and would change the last n-grams kept.
    ranked = sorted((item for item in df.items() if item[1] >= min_df), key=lambda x: (-x[1], x[0]))
    kept = sorted(ranked[:max_features])
    n_docs = len(analyses)
    idf = np.array([np.log((1 + n_docs) / (1 + n)) + 1.0 for _, n in kept], dtype=np.float32)
    return Vocabulary({g: i for i, (g, _) in enumerate(kept)}, idf)


def vectorize(analyses: Sequence[Analysis], vocab: Vocabulary) -> sp.csr_matrix:
    """One row per comment: l2-normalised sublinear TF-IDF n-grams, then the cues."""
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    n_grams = len(vocab.index)
    for analysis in analyses:
        cols, counts = np.unique(
            np.asarray(vocab.columns(analysis), dtype=np.int64), return_counts=True
        )
        tf = 1.0 + np.log(counts.astype(np.float64))
        weights = tf * vocab.idf[cols] if len(cols) else tf
        norm = float(np.sqrt((weights**2).sum())) or 1.0
        indices.extend(cols.tolist())
        values.extend((weights / norm).tolist())
        cue_cols = [n_grams + k for k, v in enumerate(analysis.cues) if v]
        indices.extend(cue_cols)
        values.extend(v for v in analysis.cues if v)
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(values, dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(analyses), vocab.size),
    )
