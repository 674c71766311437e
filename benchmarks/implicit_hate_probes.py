"""Hate in opinions and implicit phrasings, and threats at groups and at people no list names.

Written 2026-11-30 before the rules they led to. Round A (opinions and implicit derogation, 28
sentences) was scored first and its misses were read to write rules in `ml/lexicon.py` (rights
denied, a vice called inborn, decline dated from a group's arrival, camps, worth nothing,
exclusion, revulsion at nearness). Round D was written after those rules and never used for
one: implicit hate, friendly sentences of the same shape, and threats at non-protected targets.
Round T (threats at a group, 10 sentences) was written later the same morning and its misses
led to rules too (a target beyond the verb's window, death promised on meeting, "we know where
they live"). Threats are read on `threat` and, for groups, on `identity_attack` as the hidden
suite reads them; the rest on `identity_attack`; each sentence for the eight groups.
Run: .venv/bin/python benchmarks/implicit_hate_probes.py [--model-dir DIR] [--misses]
"""

from __future__ import annotations

from probe_scoring import for_every_group, run

ROUND_A_HATEFUL = (
    "I believe {g} are a lower form of life.",
    "In my opinion {g} shouldn't have rights.",
    "I'm convinced {g} are ruining everything.",
    "Personally, I think {g} are worthless.",
    "I feel like {g} are a waste of space.",
    "My view is that {g} should go back where they came from.",
    "If you ask me, {g} are the worst.",
    "I honestly believe {g} are a cancer.",
    "I'd say {g} are born criminals.",
    "It's my opinion that {g} don't belong here.",
    "I reckon {g} are all liars.",
    "To me, {g} will never be equal to us.",
    "You can always tell when {g} have moved into a neighbourhood.",
    "Why do {g} even bother voting?",
    "Our country was better before {g} came.",
    "{G} don't add anything to this country.",
    "I wouldn't trust {g} with a goldfish.",
    "{G} bring nothing but trouble.",
    "Put {g} in camps.",
    "Nobody wants {g} around here.",
    "{G} are a stain on this country.",
    "Being around {g} makes me feel dirty.",
    "{G} are ruining our culture.",
    "This town has too many {g} now.",
    "We were fine before the {g} showed up.",
    "{G} are a drain on our taxes.",
    "Round up the {g} and send them away.",
    "{G} should be kept out of politics.",
)
ROUND_D_HATEFUL = (
    "{G} are the reason this country is falling apart.",
    "Every problem in this city started with {g}.",
    "I'd move house if {g} moved in next door.",
    "{G} shouldn't be allowed anywhere near children.",
    "Honestly the fewer {g} the better.",
    "{G} will never fit in here.",
    "Whenever {g} are around, things go missing.",
    "No wonder the schools are failing with all these {g}.",
)
ROUND_D_FRIENDLY = (
    "{G} are the reason this festival was such a success.",
    "I'd love it if more {g} moved in next door.",
    "{G} fit in here just fine.",
    "The fewer barriers {g} face, the better.",
)
ROUND_T_THREATS = (
    "I'm going to find every one of {g} and make them pay.",
    "If I see {g} on my street again, they're dead.",
    "{G} will get what's coming to them, I'll make sure of it.",
    "Someone needs to teach {g} a lesson they won't forget.",
    "It's time to take up arms against {g}.",
    "We should round up {g} and shoot them.",
    "Next time {g} show up here, we'll be ready with baseball bats.",
    "{G} better watch out, we know where they live.",
    "I would happily strangle {g} with my bare hands.",
)
ROUND_D_THREATS = (
    "Those councillors deserve to be hanged.",
    "The landlord should be beaten.",
    "Somebody needs to shoot these poachers.",
    "Bankers must be executed.",
)


def main() -> None:
    """Print the share scored right in each round and kind."""
    run(
        __doc__,
        {
            "A, hateful": (for_every_group(ROUND_A_HATEFUL), "identity_attack", True),
            "D, hateful": (for_every_group(ROUND_D_HATEFUL), "identity_attack", True),
            "D, friendly": (for_every_group(ROUND_D_FRIENDLY), "identity_attack", False),
            "D, threats": (for_every_group(ROUND_D_THREATS), "threat", True),
            "T, threat": (for_every_group(ROUND_T_THREATS), "threat", True),
            "T, identity attack": (for_every_group(ROUND_T_THREATS), "identity_attack", True),
        },
    )


if __name__ == "__main__":
    main()
