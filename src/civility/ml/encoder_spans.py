"""The words that moved the encoder's abuse logits, as weights on the linear model's tokens.

The encoder's heads read the mean of its token states, so each logit splits exactly into one
share per token (`pipeline/encoder.py`, `TokenLogits`). Every token also carries what all of
them share, which says nothing about which word matters: a token drives a head by as much as
its share exceeds the average token's. Shares are credited to the word (the linear model's
token) whose characters the word piece read, in the units of the calibrated logit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from civility.ml.analysis import Analysis
from civility.pipeline.encoder import TokenLogits


def encoder_token_weights(
    analysis: Analysis,
    coefficients: np.ndarray,
    plain: TokenLogits | None,
    masked: tuple[TokenLogits, Sequence[int]] | None = None,
    masked_heads: Sequence[int] = (),
) -> np.ndarray:
    """Weights (the analysis' tokens x heads) of the encoder's share in each head's score.

    `coefficients` are the calibration's weights on the encoder logits; `masked` is the pass
    over the text with identities masked and, per character of that text, its index in the
    normalised text (-1 where "people" was inserted), read for `masked_heads` instead.
    """
    out = np.zeros((len(analysis.tokens), len(coefficients)), dtype=np.float64)
    if not len(analysis.tokens):
        return out
    starts, ends = _original_ranges(analysis)
    if plain is not None:
        read = plain.offsets[:, 1] > plain.offsets[:, 0]
        piece_starts = np.where(read, plain.offsets[:, 0], -1)
        _credit(out, starts, ends, piece_starts, plain.logits, coefficients, None)
    if masked is not None and len(masked_heads):
        tokens, sources = masked
        columns = np.asarray(masked_heads)
        out[:, columns] = 0.0
        norm_offsets = np.asarray(analysis.norm.offsets, dtype=np.int64)
        source = np.asarray(sources, dtype=np.int64)
        piece_starts = tokens.offsets[:, 0]
        inside = (tokens.offsets[:, 1] > piece_starts) & (piece_starts < len(source))
        at = np.where(inside, source[np.minimum(piece_starts, len(source) - 1)], -1)
        # Inserted "people" (and special tokens) read no character of the comment.
        original = np.where(at >= 0, norm_offsets[np.clip(at, 0, None)], -1)
        _credit(out, starts, ends, original, tokens.logits, coefficients, columns)
    return out


def _original_ranges(analysis: Analysis) -> tuple[np.ndarray, np.ndarray]:
    """Each token's [start, end) in the original comment."""
    ranges = [analysis.norm.to_original(start, end) for _, start, end in analysis.tokens]
    array = np.array(ranges, dtype=np.int64).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def _credit(
    out: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    piece_starts: np.ndarray,
    shares: np.ndarray,
    coefficients: np.ndarray,
    columns: np.ndarray | None,
) -> None:
    """Add each word piece's share above the average to the token its first character is in."""
    # Special tokens ([CLS], [SEP]) and inserted words come as -1: they read no word.
    reads = piece_starts >= 0
    if columns is None:
        columns = np.arange(shares.shape[1])
    if not reads.any():
        return
    shares = shares[:, columns]
    centred = shares - shares[reads].mean(axis=0)
    token = np.searchsorted(starts, piece_starts, side="right") - 1
    hit = reads & (token >= 0) & (piece_starts < ends[np.clip(token, 0, None)])
    np.add.at(out, (token[hit][:, None], columns[None, :]), centred[hit] * coefficients[columns])
