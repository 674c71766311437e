"""Sparse TF-IDF rows from analysed comments, with a vocabulary kept as a plain list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from civility.ml.analysis import CUES, Analysis


@dataclass(frozen=True)
class Vocabulary:
    """N-gram features kept for the model, with their inverse document frequencies."""

    index: dict[str, int]
    idf: np.ndarray

    @property
    def size(self) -> int:
        """Number of columns: n-grams, then the dense cue features."""
        return len(self.index) + len(CUES)

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
        df.update({gram for gram, _, _ in analysis.grams})
    kept = [(g, n) for g, n in df.most_common(max_features) if n >= min_df]
    kept.sort()
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
        counts = Counter(vocab.index[g] for g, _, _ in analysis.grams if g in vocab.index)
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
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
