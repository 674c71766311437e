"""What the stacked calibration reads from the shared encoder, one row of logits per comment.

The encoder's own abuse logits, except that heads that must be blind to who is named read the
comment with identity terms masked (`ml/identity_mask.py`); with an identity head, one more
column: its logit on the embedding of that same masked pass (`ml/identity_head.py`), what is
said of "people" (the plain comment where nothing is masked). A model trained so reads each link
as the word "link" (`encoder_reading`); `off_topic`'s pass reads links as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from civility.ml.analysis import Analysis
from civility.ml.examples import HEADS
from civility.ml.identity_head import IdentityHead
from civility.ml.identity_mask import without_identities
from civility.pipeline.encoder import Encoder
from civility.pipeline.links import links_as_words


def encoder_reading(text: str, *, links_read_as_words: bool) -> str:
    """The text as the abuse heads read it: each link as the word "link" where the model says so.

    The encoder learnt addresses as abuse from tweets that carry links ("https://www.youtube.com/
    watch" alone scored `threat` 0.57); what a link says of a comment's tone is that it has one.
    `off_topic` keeps reading the address: its words are the topic of forum answers (SemEval
    0.805 -> 0.799 read as the word). Same length, so the spans' offsets stay.
    """
    return links_as_words(text) if links_read_as_words else text


def encoder_logits(
    encoder: Encoder,
    texts: Sequence[str],
    analyses: Sequence[Analysis],
    *,
    blind_heads: Sequence[str],
    identity_head: IdentityHead | None,
    max_tokens: int,
    links_read_as_words: bool = False,
) -> np.ndarray:
    """The logits (texts x heads, + 1 with an identity head) the calibration reads."""
    read = [encoder_reading(text, links_read_as_words=links_read_as_words) for text in texts]
    embeddings, logits = encoder.embed_and_score(read, max_tokens=max_tokens)
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
            [encoder_reading(m, links_read_as_words=links_read_as_words) for _, m in masked],
            max_tokens=max_tokens,
        )
        cols = [HEADS.index(head) for head in blind_heads]
        logits[np.ix_(rows, cols)] = blind[:, cols]
        if identity_head is not None:
            logits[rows, len(HEADS)] = identity_head(masked_embeddings)
    return logits
