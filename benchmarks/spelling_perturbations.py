"""Identity attacks with one word disguised: how many `identity_attack` still catches.

Eight hateful sentences over the groups of `ml/hate_templates.py`; in each, either the group's
word or the longest other word is disguised one way: two letters swapped, one deleted, a space
inserted, or letters written as digits (HateCheck's spelling functionalities, generated at
random with a fixed seed rather than written by hand); since 2026-12-01 also a star inserted
between two letters ("mus*lims"), from its own generator so the four draw as before. Prints
the share with `identity_attack >= 0.5` per disguise and word, and the first misses.
Run: .venv/bin/python benchmarks/spelling_perturbations.py [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

from civility.domain import Submission
from civility.ml.hate_templates import GROUPS
from civility.pipeline.abuse import make_abuse

SENTENCES = (
    "I hate {g}.",
    "{G} are disgusting.",
    "{G} are worthless.",
    "All {g} are vermin.",
    "{G} are pathetic.",
    "I despise {g}.",
    "{G} are scum.",
    "{G} are a plague on society.",
)
LEET = str.maketrans("aeiost", "4310$7")
SEED = 7
HATECHECK_FAMILIES = ("swap", "delete", "space", "leet")


def disguises(rng: random.Random, star_rng: random.Random) -> dict[str, Callable[[str], str]]:
    """One way of disguising a word per name (stars from their own generator, added later)."""

    def swap(word: str) -> str:
        i = rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    def delete(word: str) -> str:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1 :]

    def space(word: str) -> str:
        i = rng.randrange(1, len(word))
        return word[:i] + " " + word[i:]

    def star(word: str) -> str:
        i = star_rng.randrange(1, len(word))
        return word[:i] + "*" + word[i:]

    leet = lambda w: w.translate(LEET)  # noqa: E731
    return {"swap": swap, "delete": delete, "space": space, "leet": leet, "star": star}


def variants(rng: random.Random) -> list[tuple[str, str, str]]:
    """(disguise, which word, sentence) for every sentence, group, disguise and word."""
    out = []
    star_rng = random.Random(SEED)
    for template in SENTENCES:
        for group in GROUPS:
            text = template.format(g=group, G=group[0].upper() + group[1:])
            words = text.rstrip(".").split()
            first_group_word = group.split()[0].lower()
            at = {
                "group": next(i for i, w in enumerate(words) if w.lower() == first_group_word),
                "hateful word": max(
                    (i for i, w in enumerate(words) if w.lower() not in group.split()),
                    key=lambda i: len(words[i]),
                ),
            }
            for name, disguise in disguises(rng, star_rng).items():
                for which, i in at.items():
                    if len(words[i]) < 4 and name in ("swap", "delete"):
                        continue
                    changed = [*words[:i], disguise(words[i]), *words[i + 1 :]]
                    out.append((name, which, " ".join(changed) + "."))
    return out


def main() -> None:
    """Print the caught share per disguise."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, help="an abuse model other than the shipped one")
    args = parser.parse_args()
    scorer = make_abuse(model_dir=args.model_dir)
    cases = variants(random.Random(SEED))
    scores = scorer([Submission(text) for _, _, text in cases])
    caught = [next(s.value for s in row if s.name == "identity_attack") >= 0.5 for row in scores]
    print(f"model {scorer.model.version}; {len(cases)} disguised identity attacks")
    print("| disguise | word | n | caught | first misses |")
    print("|---|---|---|---|---|")
    for name in disguises(random.Random(SEED), random.Random(SEED)):
        for which in ("group", "hateful word"):
            rows = [
                (c, t)
                for (n, w, t), c in zip(cases, caught, strict=True)
                if (n, w) == (name, which)
            ]
            misses = "; ".join(t for c, t in rows if not c)[:120]
            share = sum(c for c, _ in rows) / len(rows)
            print(f"| {name} | {which} | {len(rows)} | {share:.3f} | {misses} |")
    # HateCheck's four families, as reported since the first run; stars were added later.
    four = [c for (n, _, _), c in zip(cases, caught, strict=True) if n in HATECHECK_FAMILIES]
    print(f"| all four | | {len(four)} | {sum(four) / len(four):.3f} | |")
    print(f"| all | | {len(cases)} | {sum(caught) / len(cases):.3f} | |")


if __name__ == "__main__":
    main()
