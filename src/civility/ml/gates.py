"""Rules on top of the models, in logit units, applied before calibration.

The training sets hold almost no counter-speech, negated hate or friendly identity
mentions, so no model learns them; these cues push the logits down instead: the linear
model's and, where the calibration stacks it, the encoder's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from civility.ml.analysis import CUES
from civility.ml.examples import HEADS

# (head, cue, shift): the shift is added to the head's logit when the cue fires,
# or when it does not fire for cues written "!cue".
GATES: tuple[tuple[str, str, float], ...] = (
    ("identity_attack", "!has_identity", -3.0),
    ("identity_attack", "negated_hate", -3.0),
    ("identity_attack", "counter_speech", -3.0),
    ("severe_toxicity", "negated_hate", -2.0),
    ("severe_toxicity", "counter_speech", -2.0),
    ("threat", "negated_hate", -2.0),
    ("threat", "counter_speech", -2.0),
    ("toxicity", "defends_group", -1.5),
    ("insult", "defends_group", -1.5),
    # "Fuck yeah, what a game!": profanity is its own score; an insult needs someone to insult.
    ("insult", "aimless_profanity", -2.0),
    ("toxicity", "aimless_profanity", -1.0),
    # "I don't think the minister is stupid.": the word is there, the verdict is not.
    ("insult", "negated_insult", -3.0),
    ("toxicity", "negated_insult", -2.0),
)
ENCODER_CUES = ("negated_insult", "negated_hate")
# Derived cues: computed from the stored ones, so they need no column of their own.
_DERIVED = {
    "defends_group": (("negated_hate", "counter_speech"), "has_identity"),
    "threat_at_group": (("threat_at_someone",), "has_identity"),
}


# Floors after calibration: a comment that plainly demeans a named group, or says someone
# will be hurt, is that kind of abuse by definition (PRODUCT.md), whatever the training
# labels' noise says. Counter-speech and negation switch the floors off. The floor is
# the probability reported; the dev precision of each rule is measured in MODEL_CARD.md.
FLOORS: tuple[tuple[str, str, float], ...] = (
    ("identity_attack", "derogation", 0.8),
    ("identity_attack", "has_slur", 0.8),
    ("identity_attack", "threat_at_group", 0.8),
    ("threat", "threat_at_someone", 0.8),
    # "You halfwit.", "the minister is a buffoon": words the models rarely saw still insult.
    ("insult", "name_calling", 0.7),
    # A phone number beside an offer: an ad, though it has no link.
    ("spam", "contact_ad", 0.8),
)
_FLOOR_BLOCKERS = ("negated_hate", "counter_speech")


def apply_floors(
    probs: np.ndarray, cues: np.ndarray, floors: tuple[tuple[str, str, float], ...] = FLOORS
) -> np.ndarray:
    """Raise a head to its floor where its rule fires and nothing blocks it."""
    out = probs.copy()
    blocked = np.zeros(len(cues), dtype=bool)
    for cue in _FLOOR_BLOCKERS:
        blocked |= cues[:, CUES.index(cue)] > 0
    for head, cue, floor in floors:
        fired = _fired(cues, cue) & ~blocked
        j = HEADS.index(head)
        out[fired, j] = np.maximum(out[fired, j], floor)
    return out


# PRODUCT.md defines toxicity as "rude, disrespectful or unreasonable": an insult, a threat,
# very hateful language or an identity attack is all of that, so toxicity never ranks below
# them. Measured on the held-out parts: C3 news toxicity ROC-AUC 0.660 -> 0.69 (BENCHMARKS.md).
IMPLY_TOXICITY = ("severe_toxicity", "insult", "threat", "identity_attack")


def with_implied_toxicity(probs: np.ndarray) -> np.ndarray:
    """Raise `toxicity` to the highest of the scores that imply it."""
    out = probs.copy()
    implied = out[:, [HEADS.index(h) for h in IMPLY_TOXICITY]].max(axis=1)
    tox = HEADS.index("toxicity")
    out[:, tox] = np.maximum(out[:, tox], implied)
    return out


def gate_shifts(cues: np.ndarray, gates: tuple[tuple[str, str, float], ...] = GATES) -> np.ndarray:
    """Logit shifts, one row per comment and one column per head, from the cue matrix."""
    shifts = np.zeros((cues.shape[0], len(HEADS)), dtype=np.float64)
    for head, cue, shift in gates:
        negate = cue.startswith("!")
        fired = _fired(cues, cue.lstrip("!"))
        shifts[:, HEADS.index(head)] += shift * (~fired if negate else fired)
    return shifts


def _fired(cues: np.ndarray, cue: str) -> np.ndarray:
    """Rows where a cue (stored, or derived: any of some cues together with another) fires."""
    if cue not in _DERIVED:
        return np.asarray(cues[:, CUES.index(cue)] > 0)
    either, also = _DERIVED[cue]
    hit = np.zeros(len(cues), dtype=bool)
    for name in either:
        hit |= cues[:, CUES.index(name)] > 0
    return np.asarray(hit & (cues[:, CUES.index(also)] > 0))


@dataclass(frozen=True)
class Rules:
    """The shifts and floors a model was calibrated with; stored in its meta.json."""

    shifts: tuple[tuple[str, str, float], ...] = GATES
    floors: tuple[tuple[str, str, float], ...] = FLOORS
    # The cues whose shifts also apply to the encoder logits the calibration stacks. `insult`
    # stacks no linear logit, so only such a rule can lower it; the older, broader rules
    # (counter-speech, swearing at no one) shift the linear logits only: applied to the
    # encoder too, they cost OLID's `insult` 0.06 ROC-AUC. A denied verdict ("X are not
    # terrorists") lowers the encoder's `identity_attack`, `severe_toxicity` and `threat` too,
    # since their stacked encoder logit read the group and the word alone (0.55 before).
    # Models calibrated before 2026-11-29 (afternoon) have none.
    encoder_cues: tuple[str, ...] = ENCODER_CUES

    def to_json(self) -> dict[str, object]:
        """The JSON form recorded with the model."""
        return {
            "shifts": [{"head": h, "cue": c, "shift": v} for h, c, v in self.shifts],
            "floors": [{"head": h, "cue": c, "floor": v} for h, c, v in self.floors],
            "encoder_cues": list(self.encoder_cues),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rules:
        """Read the recorded rules back; an unknown head or cue fails here, not mid-request."""
        shifts = tuple((r["head"], r["cue"], float(r["shift"])) for r in data["shifts"])
        floors = tuple((r["head"], r["cue"], float(r["floor"])) for r in data["floors"])
        for head, cue, _ in shifts + floors:
            name = cue.lstrip("!")
            if head not in HEADS or (name not in CUES and name not in _DERIVED):
                raise ValueError(f"unknown rule {head}/{cue}")
        encoder_cues = data.get("encoder_cues", [])
        if not isinstance(encoder_cues, list) or any(c not in CUES for c in encoder_cues):
            raise ValueError(f"encoder_cues must list known cues, not {encoder_cues!r}")
        return cls(shifts, floors, tuple(encoder_cues))

    def encoder_shifts(self) -> tuple[tuple[str, str, float], ...]:
        """The shifts that also apply to the stacked encoder logits."""
        return tuple(rule for rule in self.shifts if rule[1] in self.encoder_cues)
