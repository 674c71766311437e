"""Statements about a group behind an opinion frame ("Honestly, ...", "To be fair, ...").

Found 2026-11-30: positive statements behind such a frame read as hate ("I think Muslims deserve
the same chances as everyone else." 0.69 `identity_attack`, all from the identity head), since
the head learnt frames mostly from hateful templates ("I think {g} are inferior."). Two sets of
frames and predicates: A was tried as training templates (every frame with every predicate,
positive and hateful alike, so that the frame says nothing) and not kept (BENCHMARKS.md,
"Opinion frames"); B was never trained on, to tell whether a head learnt the kind or only the
sentences. Scored as the hidden suite is (`identity_attack >= 0.5`), each for the eight groups.
Run: .venv/bin/python benchmarks/opinion_probes.py [--model-dir DIR] [--misses]
"""

from __future__ import annotations

from probe_scoring import run

from civility.ml.hate_templates import GROUPS, fill

FRAMES_A = (
    "Honestly, ",
    "I think ",
    "Truth is, ",
    "Let's be real, ",
    "In my opinion, ",
    "If you ask me, ",
)
POSITIVE_A = (
    "{g} deserve the same chances as everyone else",
    "{g} contribute a lot to this country",
    "{g} are just people trying to get by",
    "most {g} just want a quiet life",
    "{g} have been let down by politicians",
    "{g} make great neighbours",
)
HATEFUL_A = (
    "{g} are a burden on everyone",
    "{g} are ruining this country",
    "{g} can't be trusted",
    "{g} are parasites",
    "{g} make me sick",
    "{g} disgust me",
    "{g} should be shot",
    "{g} deserve a beating",
    "{g} should all be sent away",
)
FRAMES_B = (
    "To be fair, ",
    "Frankly, ",
    "Personally I'd say ",
    "The way I see it, ",
    "Call me naive, but ",
    "Say what you want, but ",
    "It seems to me that ",
    "I'm convinced ",
)
POSITIVE_B = (
    "{g} work as hard as anyone",
    "{g} have made this town a better place",
    "{g} need better protection from harassment",
    "{g} are being used as scapegoats",
    "{g} pay their taxes like the rest of us",
    "{g} have lived here for generations",
    "{g} should have a voice in this debate",
    "{g} and their neighbours get along fine",
)
HATEFUL_B = (
    "{g} are vermin",
    "{g} bring nothing but crime",
    "{g} are less than human",
    "{g} should be banned from this country",
    "{g} are a disgrace",
    "{g} are too stupid to vote",
)


def sentences(frames: tuple[str, ...], predicates: tuple[str, ...]) -> list[str]:
    """Every frame with every predicate, for every group."""
    return [
        fill(f"{frame}{predicate}.", i)
        for frame in frames
        for predicate in predicates
        for i in range(len(GROUPS))
    ]


def main() -> None:
    """Print the share scored right for the trained and the probe sentences of each kind."""
    run(
        __doc__,
        {
            "A, positive": (sentences(FRAMES_A, POSITIVE_A), "identity_attack", False),
            "A, hateful": (sentences(FRAMES_A, HATEFUL_A), "identity_attack", True),
            "B, positive": (sentences(FRAMES_B, POSITIVE_B), "identity_attack", False),
            "B, hateful": (sentences(FRAMES_B, HATEFUL_B), "identity_attack", True),
        },
    )


if __name__ == "__main__":
    main()
