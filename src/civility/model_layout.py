"""Where a models folder keeps each trained model: the layout of the package's data/models/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ModelLayout:
    """The abuse model's folder, the shared encoder's, and the off_topic calibration file."""

    abuse: Path
    encoder: Path
    relevance_calibration: Path

    @classmethod
    def at(cls, root: Path) -> ModelLayout:
        """The folders under `root`, laid out as data/models/ and CIVILITY_MODEL_DIR are."""
        return cls(root / "abuse", root / "encoder", root / "relevance" / "calibration.json")


SHIPPED = ModelLayout.at(Path(__file__).resolve().parent / "data" / "models")
