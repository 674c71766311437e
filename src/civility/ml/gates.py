"""Rules on top of the linear model, in logit units, applied before calibration.

The training sets hold almost no counter-speech, negated hate or friendly identity
mentions, so a linear model cannot learn them; these cues push the logit down instead.
"""

from __future__ import annotations

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
)


# Floors after calibration: a comment that plainly demeans a named group, or says someone
# will be hurt, is that kind of abuse by definition (PRODUCT.md), whatever the training
# labels' noise says. Counter-speech and negation switch the floors off. The floor is
# the probability reported; the dev precision of each rule is measured in MODEL_CARD.md.
FLOORS: tuple[tuple[str, str, float], ...] = (
    ("identity_attack", "derogation", 0.8),
    ("threat", "threat_at_someone", 0.8),
)
_FLOOR_BLOCKERS = ("negated_hate", "counter_speech")


def apply_floors(probs: np.ndarray, cues: np.ndarray) -> np.ndarray:
    """Raise a head to its floor where its rule fires and nothing blocks it."""
    out = probs.copy()
    blocked = np.zeros(len(cues), dtype=bool)
    for cue in _FLOOR_BLOCKERS:
        blocked |= cues[:, CUES.index(cue)] > 0
    for head, cue, floor in FLOORS:
        fired = (cues[:, CUES.index(cue)] > 0) & ~blocked
        j = HEADS.index(head)
        out[fired, j] = np.maximum(out[fired, j], floor)
    return out


def gate_shifts(cues: np.ndarray) -> np.ndarray:
    """Logit shifts, one row per comment and one column per head, from the cue matrix."""
    shifts = np.zeros((cues.shape[0], len(HEADS)), dtype=np.float64)
    for head, cue, shift in GATES:
        negate = cue.startswith("!")
        fired = cues[:, CUES.index(cue.lstrip("!"))] > 0
        shifts[:, HEADS.index(head)] += shift * (~fired if negate else fired)
    return shifts


def gates_as_json() -> dict[str, list[dict[str, object]]]:
    """The gates and floors recorded with the model, for the model card and audits."""
    return {
        "shifts": [{"head": h, "cue": c, "shift": s} for h, c, s in GATES],
        "floors": [{"head": h, "cue": c, "floor": f} for h, c, f in FLOORS],
    }
