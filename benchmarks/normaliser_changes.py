"""Which texts of the shared sets a change to the abuse normaliser reads differently.

The model was trained on normalised text, so a new reading rule moves every comment it
touches. Run once on the code before the change with `--save`, then on the code after it:
it prints how many texts changed per set and each change in its context, to read one by one.
Run: PYTHONPATH=<old tree>/src .venv/bin/python benchmarks/normaliser_changes.py --save FILE
     .venv/bin/python benchmarks/normaliser_changes.py --compare FILE
"""

from __future__ import annotations

import argparse
import difflib
import json
from collections import Counter
from pathlib import Path

from civility.ml.datasets import EVAL_ONLY_SETS, TRAIN_SETS, load_sets
from civility.ml.textnorm import basic_normalize

_CONTEXT = 15


def normalised_texts(datasets_dir: Path) -> dict[str, str]:
    """'set<TAB>text' -> the normalised text, for every text of every set present."""
    sets = load_sets(datasets_dir, {**TRAIN_SETS, **EVAL_ONLY_SETS})
    return {
        f"{name}\t{example.text}": basic_normalize(example.text).text
        for name, examples in sets.items()
        for example in examples
    }


def changes(before: str, after: str) -> list[tuple[str, str]]:
    """Each changed stretch, before and after, with a little context on both sides."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (
            before[max(i1 - _CONTEXT, 0) : i2 + _CONTEXT],
            after[max(j1 - _CONTEXT, 0) : j2 + _CONTEXT],
        )
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def main() -> None:
    """Save this code's readings, or compare them with saved ones."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, help="write this code's readings to FILE")
    mode.add_argument("--compare", type=Path, help="compare this code's readings with FILE")
    args = parser.parse_args()
    now = normalised_texts(args.datasets_dir)
    if args.save:
        args.save.write_text(json.dumps(now), encoding="utf-8")
        print(f"{len(now)} texts saved to {args.save}")
        return
    saved = json.loads(args.compare.read_text(encoding="utf-8"))
    changed = [key for key, text in now.items() if saved.get(key) != text]
    per_set = Counter(key.split("\t", 1)[0] for key in changed)
    print(f"{len(now)} texts, {len(changed)} read differently: {dict(per_set)}")
    for key in changed:
        for before, after in changes(saved.get(key, ""), now[key]):
            print(f"{key.split(chr(9), 1)[0]:28} {before!r} -> {after!r}")


if __name__ == "__main__":
    main()
