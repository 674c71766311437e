"""A HateCheck-style functional suite, scored as the hidden one is: `identity_attack >= 0.5`.

Our own templates (not the hidden suite, and written by the people who built the model, so not
an independent estimate): 30 functionalities, hateful and not, over 8 protected groups, plus
non-protected targets. The LATER_* templates were written afterwards in three rounds without
looking at the model first; BENCHMARKS.md records how the model did on them before rules were
added for them. The HELD_OUT_* templates are never used to write rules: their accuracy is the
estimate for phrasings nobody anticipated, and a held-out case whose text the suite's own
templates repeat is left out. Prints accuracy per functionality and overall.
Run: .venv/bin/python benchmarks/functional_suite.py [--model-dir DIR]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from civility.domain import Submission
from civility.ml.hate_templates import GROUPS, cases, fill
from civility.pipeline.abuse import AbuseScorer, make_abuse

# Held out: written after the rules above and never used to write a rule, so that accuracy on
# them estimates how the model does on phrasings nobody anticipated (the hidden suite's case).
# Do not add rules for them; write a new held-out round instead.
HELD_OUT_HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": (
        "I'm disgusted by {g}.",
        "{G} get on my nerves.",
        "I can't tolerate {g}.",
    ),
    "derog_neg_attrib_h": (
        "{G} are a bunch of losers.",
        "{G} are filthy and disgusting.",
        "Most {g} are thugs.",
    ),
    "derog_dehum_h": (
        "{G} are vermin that need exterminating.",
        "{G} are less than dirt.",
        "{G} are like cockroaches.",
    ),
    "derog_impl_h": (
        "{G} have no place in a civilised society.",
        "Real Canadians don't want {g} here.",
        "{G} can't be part of our society.",
    ),
    "threat_dir_h": (
        "I'm going to hurt {g}.",
        "I'll put a bullet in every one of {g}.",
    ),
    "threat_norm_h": (
        "{G} should be lined up and shot.",
        "Hang all {g}.",
    ),
    "profanity_h": (
        "{G} are fucking vermin.",
        "Fuck off, {g}.",
    ),
    "ref_subs_sent_h": ("I saw {g} at the shop. They are so disgusting.",),
    "ref_subs_clause_h": ("{G} act like they own the place and they are scum.",),
    "negate_pos_h": (
        "{G} are not welcome in this town.",
        "{G} aren't people.",
    ),
    "phrase_question_h": (
        "Why can't {g} just disappear?",
        "Why are {g} allowed to live here?",
    ),
    "phrase_opinion_h": (
        "I'd say {g} are the problem with this country.",
        "As far as I'm concerned, {g} are worthless.",
    ),
}
HELD_OUT_NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "negate_neg_nh": ("I don't think {g} are dangerous.",),
    "ident_neutral_nh": (
        "{G} gathered in the square on Sunday.",
        "The new policy affects {g}.",
    ),
    "ident_pos_nh": (
        "{G} are a joy to work with.",
        "Thank God for {g}.",
    ),
    "counter_quote_nh": (
        '"{G} are vermin" — words like these have no place in our society.',
        "He tweeted that {g} are animals. Disgraceful.",
    ),
    "counter_ref_nh": (
        "Violence against {g} must stop.",
        "Everyone who insults {g} should be ashamed.",
    ),
}


def held_out_cases() -> list[tuple[str, str, bool]]:
    """(functionality, text, hateful?) for the held-out templates the suite does not repeat."""
    every = [
        (name, fill(template, i), hateful)
        for hateful, table in ((True, HELD_OUT_HATEFUL), (False, HELD_OUT_NOT_HATEFUL))
        for name, templates in table.items()
        for template in templates
        for i in range(len(GROUPS))
    ]
    # A held-out phrasing later copied into the suite's templates (rules and the identity head
    # learn from those) is held out no longer; three were, until 2026-12-01.
    trained = {_key(text) for _, text, _ in cases()}
    kept = [case for case in every if _key(case[1]) not in trained]
    if len(kept) < len(every):
        print(f"held out: {len(every) - len(kept)} cases left out, their text is training data")
    return kept


def _key(text: str) -> str:
    """Texts compared as the model reads them: case and surrounding space aside."""
    return text.strip().lower()


def main() -> None:
    """Score every case and print accuracy per functionality, the suite then the held-out set."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, help="an abuse model other than the shipped one")
    parser.add_argument("--encoder-dir", type=Path, help="the encoder that model was stacked on")
    args = parser.parse_args()
    scorer = make_abuse(model_dir=args.model_dir, encoder_dir=args.encoder_dir)
    print(f"model {scorer.model.version}")
    for title, suite in (("suite", cases()), ("held out", held_out_cases())):
        _report(title, suite, scorer)


def _report(title: str, suite: list[tuple[str, str, bool]], scorer: AbuseScorer) -> None:
    """Accuracy of `identity_attack >= 0.5` per functionality and overall."""
    attack = scorer.names.index("identity_attack")
    right: dict[str, list[bool]] = defaultdict(list)
    for start in range(0, len(suite), 64):
        chunk = suite[start : start + 64]
        scores = scorer([Submission(text) for _, text, _ in chunk])
        for (name, _, hateful), row in zip(chunk, scores, strict=True):
            right[name].append((row[attack].value >= 0.5) == hateful)
    print(f"\n{title}: {len(suite)} cases")
    print(f"{'functionality':26} {'n':>4} {'accuracy':>9}")
    for name, hits in right.items():
        print(f"{name:26} {len(hits):4d} {sum(hits) / len(hits):9.3f}")
    total = [h for hits in right.values() for h in hits]
    worst = min(right, key=lambda n: sum(right[n]) / len(right[n]))
    print(f"{'overall':26} {len(total):4d} {sum(total) / len(total):9.3f}")
    print(f"lowest functionality: {worst} {sum(right[worst]) / len(right[worst]):.3f}")


if __name__ == "__main__":
    main()
