"""How often the abuse model's floor rules agree with crowd labels, and how often they fire on news.

The floors (`ml/gates.py`) set `identity_attack` to 0.8 where a sentence demeans a named group
or uses a slur, and `threat` to 0.8 where a threat names its target. This prints, for each
rule, on the training sets' rows that label its head: rows where it fires and the share whose
label agrees; then how many C3 news comments it fires on (each a comment to read, not a target).
Run: .venv/bin/python benchmarks/rule_precision.py [--datasets-dir ../shared/datasets]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from civility.ml.analysis import CUES, analyze
from civility.ml.datasets import load_c3, load_civil_spans, load_hatexplain
from civility.ml.textnorm import basic_normalize

RULES = (("derogation", "identity_attack"), ("has_slur", "identity_attack"))
THREAT = ("threat_at_someone", "threat")
BLOCKERS = ("negated_hate", "counter_speech")


def _fires(text: str, cue: str) -> bool:
    """Whether a floor rule fires on a text (and nothing blocks it)."""
    cues = dict(zip(CUES, analyze(text, basic_normalize).cues, strict=True))
    return cues[cue] > 0 and not any(cues[b] > 0 for b in BLOCKERS)


def main() -> None:
    """Print agreement on labelled sets and firing counts on C3."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    args = parser.parse_args()
    root = args.datasets_dir
    labelled = {
        "hatexplain_magpie": load_hatexplain(root / "hatexplain_magpie"),
        "civil_comments_toxic_spans": load_civil_spans(root / "civil_comments_toxic_spans"),
    }
    print(f"{'rule':20} {'set':28} {'fires':>6} {'label agrees':>13} {'toxic':>6}")
    for cue, head in (*RULES, THREAT):
        for name, rows in labelled.items():
            if not any(e.labels.get(head, 0) >= 0.5 for e in rows):
                continue  # the set never marks this head (HateXplain has no threat label)
            hits = [e for e in rows if head in e.labels and _fires(e.text, cue)]
            if not hits:
                continue
            agree = sum(e.labels[head] >= 0.5 for e in hits) / len(hits)
            toxic = sum(e.labels.get("toxicity", 0) >= 0.5 for e in hits) / len(hits)
            print(f"{cue:20} {name:28} {len(hits):6d} {agree:13.0%} {toxic:6.0%}")
    c3 = load_c3(root / "c3_constructive_comments")
    fired = {cue: sum(_fires(e.text, cue) for e in c3) for cue, _ in (*RULES, THREAT)}
    counts = ", ".join(f"{cue} fires on {n}" for cue, n in fired.items())
    print(f"C3 news comments: {len(c3)}; {counts}")


if __name__ == "__main__":
    main()
