"""Would a nearest-template match on the masked embedding catch implicit hate the rules miss?

Simulated, not shipped (BENCHMARKS.md, "Rounds X and Y"): every comment naming a group is embedded
with the names masked, as the identity head reads it, and compared with the hateful and the
friendly templates of `ml/hate_templates.py`. A comment is flagged when its closest hateful
template is at least `tau` similar and `delta` closer than its closest friendly one. Prints, for
the held-out probe rounds, accuracy of the shipped model alone and with the flag added (the flag
sets `identity_attack` >= 0.5), and how many news comments the flag alone would raise.
Run: .venv/bin/python benchmarks/prototype_simulation.py
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from functional_suite import HELD_OUT_HATEFUL, HELD_OUT_NOT_HATEFUL
from implicit_hate_probes import (
    ROUND_G_FRIENDLY,
    ROUND_G_HATEFUL,
    ROUND_M_ENDORSED,
    ROUND_Q_FRIENDLY,
    ROUND_Y_FRIENDLY,
    ROUND_Y_HATEFUL,
)
from probe_scoring import for_every_group

from civility.ml.datasets import EVAL_ONLY_SETS, load_sets
from civility.ml.examples import HEADS
from civility.ml.hate_templates import cases
from civility.ml.identity_mask import without_identities
from civility.pipeline.abuse import AbuseScorer, make_abuse

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
NEWS = ("c3_constructive_comments", "sfu_constructiveness_toxicity")
SETTINGS = [(tau, delta) for tau in (0.6, 0.65, 0.7, 0.75, 0.8) for delta in (0.0, 0.05, 0.1)]


def masked_embeddings(scorer: AbuseScorer, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The texts that name a group, and their unit embeddings with the names masked."""
    analyses = scorer.model.analyze(texts)
    pairs = [(t, without_identities(a)) for t, a in zip(texts, analyses, strict=True)]
    kept = [(t, m) for t, m in pairs if m is not None]
    if scorer.encoder is None:
        raise SystemExit("the abuse model has no encoder: nothing to embed with")
    vectors, _ = scorer.encoder.embed_and_score([m for _, m in kept], max_tokens=64)
    return [t for t, _ in kept], vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    """Print the table."""
    scorer = make_abuse()
    templates = cases()
    _, hateful = masked_embeddings(scorer, sorted({t for _, t, h in templates if h}))
    _, friendly = masked_embeddings(scorer, sorted({t for _, t, h in templates if not h}))
    rounds = {
        "functional suite held out, hateful": ([*HELD_OUT_HATEFUL.values()], True),
        "functional suite held out, not hateful": ([*HELD_OUT_NOT_HATEFUL.values()], False),
        "G, hateful": ([ROUND_G_HATEFUL], True),
        "G, friendly": ([ROUND_G_FRIENDLY], False),
        "M, endorsed violence": ([ROUND_M_ENDORSED], True),
        "Q, friendly": ([ROUND_Q_FRIENDLY], False),
        "Y, hateful": ([ROUND_Y_HATEFUL], True),
        "Y, friendly": ([ROUND_Y_FRIENDLY], False),
    }
    column = HEADS.index("identity_attack")
    print("round | shipped | " + " | ".join(f"{t} / {d}" for t, d in SETTINGS))
    for name, (tables, hate) in rounds.items():
        texts, vectors = masked_embeddings(
            scorer, for_every_group([t for table in tables for t in table])
        )
        shipped = scorer.predict(texts).probs[:, column] >= 0.5
        near_hate, near_friend = (vectors @ hateful.T).max(1), (vectors @ friendly.T).max(1)
        cells = [f"{np.mean(shipped == hate):.2f}"]
        for tau, delta in SETTINGS:
            flagged = shipped | ((near_hate >= tau) & (near_hate - near_friend >= delta))
            cells.append(f"{np.mean(flagged == hate):.2f}")
        print(f"{name} | " + " | ".join(cells))
    for name, rows in load_sets(DATASETS, {k: EVAL_ONLY_SETS[k] for k in NEWS}).items():
        texts, vectors = masked_embeddings(scorer, [e.text for e in rows])
        near_hate, near_friend = (vectors @ hateful.T).max(1), (vectors @ friendly.T).max(1)
        counts = [
            int(((near_hate >= tau) & (near_hate - near_friend >= delta)).sum())
            for tau, delta in SETTINGS
        ]
        print(f"{name}: {len(texts)} comments name a group; flagged: {counts}")


if __name__ == "__main__":
    main()
