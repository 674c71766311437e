"""A wrong done to a group, judged as a wrong; and hate in the same words, as a control.

Written 2026-11-30 (evening). Round A was scored first, and its misses led to the rules in
`ml/lexicon.py` (a verdict on what a group undergoes is not of the group, a group as the object
of what is judged, a wrong reported and condemned, a verdict denied): "The hate Muslims get online
is disgusting." scored 0.80 `identity_attack` before, as the rule for "X ... are disgusting" read
it. Round B was written before any of those rules were tested on it and is never used to write
one: the estimate for phrasings nobody anticipated, with hateful sentences in the same words (the
group's own deeds judged) to show the rules opened no hole. Scored as the hidden suite is
(`identity_attack >= 0.5`), each for the eight groups.
Run: .venv/bin/python benchmarks/sympathy_probes.py [--model-dir DIR] [--misses]
"""

from __future__ import annotations

from probe_scoring import for_every_group, run

ROUND_A_FRIENDLY = (
    "{G} do not deserve the hate they get online.",
    "The hate {g} get online is disgusting.",
    "The abuse {g} receive online is disgusting.",
    "The way {g} are treated here is shameful.",
    "The treatment {g} faced in that town was horrific.",
    "The racism {g} face every day is sickening.",
    "All the hate {g} get is exhausting.",
    "Such hate against {g} has no place here.",
    "The violence {g} suffer is a disgrace.",
    "{G} are being exploited by employers, it's disgusting.",
    "{G} are paid less, which is a disgrace.",
    "{G} are still targeted, and that is sickening.",
    "{G} are stopped by police far more often, it's shameful.",
    "{G} are denied service, which is disgusting.",
    "It's disgusting how {g} are treated.",
    "{G} are human beings, not a burden.",
    "{G} are not terrorists, the extremists are.",
    "How we treat {g} is a disgrace.",
    "{G} are let down by the system, it's pathetic.",
    "{G} are bullied in schools, and it's horrible.",
    "{G} are exploited and underpaid, it's criminal.",
    "The lies told about {g} are disgusting.",
    "{G} are not terrorists.",
)
ROUND_A_HATEFUL = (
    "{G} get free housing and are lazy parasites.",
    "{G} receive everything for free, they are parasites.",
    "{G} who get benefits are lazy.",
    "The filthy {g} are rats.",
    "{G} get everything handed to them. They are a burden.",
    "I hate {g}, they are vermin.",
    "{G} are not welcome, they are a burden.",
)
# Written before the rules above were run on them; never used to write a rule.
ROUND_B_FRIENDLY = (
    "It breaks my heart to see how {g} are spoken about on this site.",
    "{G} have been scapegoated for years, and it's shameful.",
    "What {g} went through last year was horrific.",
    "The discrimination {g} face at work is appalling.",
    "{G} keep getting blamed for things they didn't do, which is unfair.",
    "Nobody talks about the threats {g} receive every day.",
    "The insults thrown at {g} online are vile.",
    "Every time {g} are attacked, the silence from politicians is deafening.",
    "{G} are not the enemy here.",
    "The way this paper writes about {g} is disgraceful.",
    "{G} are not criminals, and treating them as such is wrong.",
    "It is sickening that {g} still have to fight for basic respect.",
)
ROUND_B_HATEFUL = (
    "{G} get treated far too well and it's disgusting.",
    "The way {g} behave in public is disgusting.",
    "{G} are a disease, and that is the truth.",
    "{G} keep coming here and it's sickening.",
    "Whatever {g} get, they deserve it.",
    "{G} are treated like royalty while they ruin everything.",
)

if __name__ == "__main__":
    run(
        __doc__,
        {
            "A, friendly": (for_every_group(ROUND_A_FRIENDLY), "identity_attack", False),
            "A, hateful": (for_every_group(ROUND_A_HATEFUL), "identity_attack", True),
            "B, friendly": (for_every_group(ROUND_B_FRIENDLY), "identity_attack", False),
            "B, hateful": (for_every_group(ROUND_B_HATEFUL), "identity_attack", True),
        },
    )
