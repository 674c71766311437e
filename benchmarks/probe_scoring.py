"""Rounds of probe sentences scored as the hidden suite is: one score, flagged at 0.5.

Shared by the probe benchmarks (opinion frames, reported speech, implicit hate).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from civility.ml.hate_templates import GROUPS, fill
from civility.pipeline.abuse import make_abuse

# A kind of probe: its sentences, the score read, and whether they should reach 0.5.
Kind = tuple[Sequence[str], str, bool]


def for_every_group(templates: Sequence[str]) -> list[str]:
    """Every template for every group (a template that names no group once)."""
    return sorted({fill(template, i) for template in templates for i in range(len(GROUPS))})


def run(doc: str | None, kinds: dict[str, Kind]) -> None:
    """Parse --model-dir and --misses, then print the share scored right of each kind."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--misses", action="store_true", help="print the sentences scored wrong")
    args = parser.parse_args()
    scorer = make_abuse(model_dir=args.model_dir)
    print(f"model {scorer.model.version}")
    for kind, (texts, score, flagged) in kinds.items():
        probs = scorer.predict(list(texts)).probs[:, scorer.names.index(score)]
        right = [(p >= 0.5) == flagged for p in probs]
        print(f"{kind:20s} {len(texts):4d}  {sum(right) / len(texts):.3f}")
        if args.misses:
            for text, p, ok in zip(texts, probs, right, strict=True):
                if not ok:
                    print(f"    {p:.2f}  {text}")
