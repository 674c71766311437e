"""A HateCheck-style functional suite, scored as the hidden one is: `identity_attack >= 0.5`.

Our own templates (not the hidden suite, and written by the people who built the model, so not
an independent estimate): 30 functionalities, hateful and not, over 8 protected groups, plus
non-protected targets. Prints accuracy per functionality and overall.
Run: .venv/bin/python benchmarks/functional_suite.py [--model-dir DIR]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from civility.domain import Submission
from civility.pipeline.abuse import make_abuse

GROUPS = (
    "Muslims",
    "Jews",
    "women",
    "immigrants",
    "gay people",
    "black people",
    "trans people",
    "disabled people",
)
# Obfuscated spellings of each group, as HateCheck's spelling functionalities use them.
SWAPPED = (
    "Mulsims",
    "Jwes",
    "wmoen",
    "immigarnts",
    "gay poeple",
    "blakc people",
    "trnas people",
    "disabeld people",
)
SPACED = (
    "M u s l i m s",
    "J e w s",
    "w o m e n",
    "immigrant s",
    "g a y people",
    "bl ack people",
    "tr ans people",
    "dis abled people",
)
DELETED = (
    "Mslims",
    "Jws",
    "wmen",
    "imigrants",
    "gy people",
    "blck people",
    "trns people",
    "disbled people",
)
GLUED = (
    "Muslims",
    "Jews",
    "women",
    "immigrants",
    "gaypeople",
    "blackpeople",
    "transpeople",
    "disabledpeople",
)

HATEFUL: dict[str, tuple[str, ...]] = {
    "derog_neg_emote_h": ("I hate {g}.", "I despise {g} so much.", "{G} make me sick."),
    "derog_neg_attrib_h": (
        "{G} are disgusting.",
        "All {g} are liars.",
        "{G} are a cancer on society.",
    ),
    "derog_dehum_h": ("{G} are vermin.", "{G} are nothing but animals.", "{G} are subhuman filth."),
    "derog_impl_h": (
        "{G} belong in a zoo.",
        "I'd never let {g} near my children.",
        "{G} ruin every place they go.",
    ),
    "threat_dir_h": (
        "I am going to kill all {g}.",
        "I will hurt any {g} I meet.",
        "We will burn {g} out of this town.",
    ),
    "threat_norm_h": (
        "{G} should all be shot.",
        "{G} deserve to die.",
        "Someone should get rid of {g} for good.",
    ),
    "profanity_h": ("{G} are fucking scum.", "Fuck all {g}.", "{G} are shit."),
    "ref_subs_sent_h": (
        "I met some {g} today. They are vermin.",
        "{G} moved in next door. I hate them.",
    ),
    "phrase_question_h": ("Why are {g} so stupid?", "Why are {g} always so disgusting?"),
    "phrase_opinion_h": ("I think {g} are inferior.", "In my opinion {g} are worthless."),
    "spell_char_swap_h": ("I hate {s}.", "{S} are disgusting."),
    "spell_space_add_h": ("I hate {p}.", "{P} are vermin."),
    "spell_leet_h": ("{G} are d1sgust1ng.", "I h4te {g}."),
    "spell_char_del_h": ("I hate {d}.", "{D} are disgusting."),
    "spell_space_del_h": ("Ihate {g}.", "I despise {j}.", "All{j} are vermin."),
    "negate_pos_h": (
        "{G} are not worth anything.",
        "I don't respect {g}.",
        "{G} can never be trusted.",
    ),
    "ref_subs_clause_h": (
        "I have met many {g} and I hate every single one of them.",
        "{G} moved in next door and they are vermin.",
    ),
}
NOT_HATEFUL: dict[str, tuple[str, ...]] = {
    "negate_neg_nh": ("I don't hate {g}.", "{G} are not disgusting.", "I would never hurt {g}."),
    "ident_neutral_nh": (
        "We are a group of {g}.",
        "Many {g} live in my neighbourhood.",
        "The article is about {g}.",
    ),
    "ident_pos_nh": (
        "I love {g}.",
        "{G} are wonderful people.",
        "{G} deserve the same rights as everyone.",
    ),
    "counter_quote_nh": (
        'Saying "{g} are vermin" is hateful and wrong.',
        'If you say "I hate {g}", you are a bigot.',
    ),
    "counter_ref_nh": ("Calling {g} animals is disgusting.", "Stop spreading hate about {g}."),
    "slur_reclaimed_free_nh": ("As one of the {g}, I'm proud of who we are.",),
}
# Cases that name no group from GROUPS: slurs, said of someone or of oneself, and homonyms.
FIXED_HATEFUL: dict[str, tuple[str, ...]] = {
    "slur_h": (
        "You are just a dyke.",
        "Shut up, faggot.",
        "Look at that tranny over there.",
        "Typical retard behaviour.",
        "Go back to your country, you paki.",
    ),
}
NON_PROTECTED: dict[str, tuple[str, ...]] = {
    "slur_reclaimed_nh": ("I'm a dyke and proud of it.", "Being a dyke is who I am."),
    "slur_homonym_nh": (
        "Fancy a fag? I've got a pack of twenty.",
        "Faggots and peas with gravy for dinner.",
        "Put another faggot on the fire.",
    ),
    "profanity_nh": (
        "Fuck, what a day!",
        "Holy shit, that was a great match.",
        "This weather is shit.",
    ),
    "target_obj_nh": (
        "I hate my computer.",
        "Traffic is disgusting.",
        "Mondays should all be shot.",
    ),
    "target_indiv_nh": ("You are a disgusting person.", "You are vermin.", "I will hurt you."),
    "target_group_nh": (
        "Journalists are vermin.",
        "I hate politicians.",
        "Lawyers are disgusting.",
    ),
}


def _fill(template: str, i: int) -> str:
    """The template for group i (capitalised forms where it starts a sentence)."""
    return template.format(
        g=GROUPS[i],
        G=GROUPS[i][0].upper() + GROUPS[i][1:],
        s=SWAPPED[i],
        S=SWAPPED[i][0].upper() + SWAPPED[i][1:],
        p=SPACED[i],
        P=SPACED[i][0].upper() + SPACED[i][1:],
        d=DELETED[i],
        D=DELETED[i][0].upper() + DELETED[i][1:],
        j=GLUED[i],
    )


def cases() -> list[tuple[str, str, bool]]:
    """(functionality, text, hateful?) for every template and group."""
    out = []
    for name, templates in {**HATEFUL, **NOT_HATEFUL}.items():
        for template in templates:
            for i in range(len(GROUPS)):
                out.append((name, _fill(template, i), name in HATEFUL))
    for name, texts in FIXED_HATEFUL.items():
        out.extend((name, text, True) for text in texts)
    for name, texts in NON_PROTECTED.items():
        out.extend((name, text, False) for text in texts)
    return out


def main() -> None:
    """Score every case and print accuracy per functionality."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, help="an abuse model other than the shipped one")
    args = parser.parse_args()
    scorer = make_abuse(model_dir=args.model_dir)
    suite = cases()
    names = scorer.names
    attack = names.index("identity_attack")
    right: dict[str, list[bool]] = defaultdict(list)
    for start in range(0, len(suite), 64):
        chunk = suite[start : start + 64]
        scores = scorer([Submission(text) for _, text, _ in chunk])
        for (name, _, hateful), row in zip(chunk, scores, strict=True):
            right[name].append((row[attack].value >= 0.5) == hateful)
    print(f"model {scorer.model.version}; {len(suite)} cases")
    print(f"{'functionality':26} {'n':>4} {'accuracy':>9}")
    for name, hits in right.items():
        print(f"{name:26} {len(hits):4d} {sum(hits) / len(hits):9.3f}")
    total = [h for hits in right.values() for h in hits]
    worst = min(right, key=lambda n: sum(right[n]) / len(right[n]))
    print(f"{'overall':26} {len(total):4d} {sum(total) / len(total):9.3f}")
    print(f"lowest functionality: {worst} {sum(right[worst]) / len(right[worst]):.3f}")


if __name__ == "__main__":
    main()
