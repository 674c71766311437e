"""Deterministic train / calibration / test parts, by article, thread or video."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from enum import StrEnum

from civility.ml.examples import Example

# YouTube spam is split by video (the TubeSpam protocol): this one is held out.
HELD_OUT_VIDEO = "Youtube05-Shakira"


class Part(StrEnum):
    """Where an example goes: model fitting, calibration, or the untouched test part."""

    TRAIN = "train"
    CALIB = "calib"
    TEST = "test"


def _unit(*keys: str) -> float:
    """A stable pseudo-random number in [0, 1) from the keys."""
    digest = hashlib.sha256("\x1f".join(keys).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def part_of(example: Example, *, seed: int, dev_share: float = 0.2) -> Part:
    """The part of an example: a group (article, video, comment) never straddles train/dev."""
    if example.source == "youtube_spam":
        if example.group != HELD_OUT_VIDEO:
            return Part.TRAIN
        u = dev_share * _unit(str(seed), example.text)
    else:
        u = _unit(str(seed), example.source, example.group)
    if u >= dev_share:
        return Part.TRAIN
    return Part.CALIB if u < dev_share / 2 else Part.TEST


def split(examples: Iterable[Example], *, seed: int) -> dict[Part, list[Example]]:
    """Every example in exactly one part."""
    parts: dict[Part, list[Example]] = {part: [] for part in Part}
    for example in examples:
        parts[part_of(example, seed=seed)].append(example)
    return parts
