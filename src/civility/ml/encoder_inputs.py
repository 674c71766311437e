"""What the stacked calibration reads from the shared encoder, one row of logits per comment.

The encoder's own abuse logits, except that heads that must be blind to who is named read the
comment with identity terms masked (`ml/identity_mask.py`); with an identity head, one more
column: its logit on the embedding of that same masked pass (`ml/identity_head.py`), what is
said of "people" (the plain comment where nothing is masked).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from civility.ml.analysis import Analysis
from civility.ml.examples import HEADS
from civility.ml.identity_head import IdentityHead
from civility.ml.identity_mask import without_identities
from civility.pipeline.encoder import Encoder


def encoder_logits(
    encoder: Encoder,
    texts: Sequence[str],
    analyses: Sequence[Analysis],
    *,
    blind_heads: Sequence[str],
    identity_head: IdentityHead | None,
    max_tokens: int,
) -> np.ndarray:
    """The logits (texts x heads, + 1 with an identity head) the calibration reads."""
    embeddings, logits = encoder.embed_and_score(texts, max_tokens=max_tokens)
    if identity_head is not None:
        # Read as written where nothing is masked (a slur names no listed group).
        logits = np.column_stack([logits, identity_head(embeddings)])
    else:
        logits = logits.copy()
    if not blind_heads and identity_head is None:
        return logits
    masked = [(i, m) for i, a in enumerate(analyses) if (m := without_identities(a)) is not None]
    if masked:
        rows = [i for i, _ in masked]
        masked_embeddings, blind = encoder.embed_and_score(
            [m for _, m in masked], max_tokens=max_tokens
        )
        cols = [HEADS.index(head) for head in blind_heads]
        logits[np.ix_(rows, cols)] = blind[:, cols]
        if identity_head is not None:
            logits[rows, len(HEADS)] = identity_head(masked_embeddings)
    return logits
