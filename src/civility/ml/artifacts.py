"""Reading and writing a model directory: JSON and .npz only, never pickle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from civility.ml.calibration import Platt
from civility.ml.examples import HEADS
from civility.ml.gates import Rules
from civility.ml.identity_head import IdentityHead
from civility.ml.model import IDENTITY_HEAD_PLATT, AbuseModel
from civility.ml.span_lexicon import SpanLexicon
from civility.ml.textnorm import Normalized, normalizer_named
from civility.ml.vectors import Vocabulary
from civility.model_layout import SHIPPED
from civility.pipeline.links import LINK_WORD

SHIPPED_DIR = SHIPPED.abuse
SPAN_LEXICON_FILE = "span_lexicon.json"


class ModelFileError(RuntimeError):
    """A model directory that is missing files or does not match this code."""


def save_model(
    model: AbuseModel, out: Path, meta: dict[str, Any], thresholds: dict[str, Any]
) -> None:
    """Write vocab.json, weights.npz, meta.json and thresholds.json into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    ngrams = sorted(model.vocab.index, key=model.vocab.index.__getitem__)
    (out / "vocab.json").write_text(json.dumps(ngrams, ensure_ascii=False), encoding="utf-8")
    head = model.identity_head
    np.savez_compressed(
        out / "weights.npz",
        idf=model.vocab.idf.astype(np.float32),
        coef=model.coef.astype(np.float32),
        intercept=model.intercept.astype(np.float64),
        # Empty when the model has no identity-attack head on the embedding.
        identity_head=np.zeros(0, np.float32) if head is None else head.to_array(),
        # Empty for a linear head (and in models older than the hidden layer).
        identity_head_hidden=np.zeros((0, 0), np.float32) if head is None else head.hidden_array(),
    )
    lexicon_path = out / SPAN_LEXICON_FILE
    if model.span_lexicon is None:
        lexicon_path.unlink(missing_ok=True)
    else:
        text = json.dumps(model.span_lexicon.to_json(), ensure_ascii=False, separators=(",", ":"))
        lexicon_path.write_text(text + "\n", encoding="utf-8")
    platt = {head: p.to_json() for head, p in model.platt.items()}
    full_meta = {**meta, "version": model.version, "heads": list(HEADS), "platt": platt}
    if model.encoder is not None:
        full_meta["encoder"] = {
            "name": model.encoder,
            "tokens": model.encoder_tokens,
            "links": LINK_WORD if model.links_read_as_words else "as written",
            "identity_blind_heads": list(model.identity_blind_heads),
        }
    (out / "meta.json").write_text(json.dumps(full_meta, indent=2) + "\n", encoding="utf-8")
    (out / "thresholds.json").write_text(json.dumps(thresholds, indent=2) + "\n", encoding="utf-8")


def load_model(model_dir: Path = SHIPPED_DIR) -> tuple[AbuseModel, dict[str, Any]]:
    """The model in `model_dir` and its thresholds; a clear error if anything is missing."""
    try:
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        thresholds = json.loads((model_dir / "thresholds.json").read_text(encoding="utf-8"))
        ngrams = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
        with np.load(model_dir / "weights.npz", allow_pickle=False) as arrays:
            idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
            head = arrays.get("identity_head")
            hidden = arrays.get("identity_head_hidden")
    except (OSError, ValueError, KeyError) as exc:
        raise ModelFileError(f"cannot read the abuse model in {model_dir}: {exc}") from exc
    if tuple(meta.get("heads", ())) != HEADS or coef.shape[1] != len(HEADS):
        raise ModelFileError(f"{model_dir}: heads {meta.get('heads')} do not match {HEADS}")
    vocab = Vocabulary({g: i for i, g in enumerate(ngrams)}, idf)
    try:
        normalizer = normalizer_named(meta["normalizer"])
    except (KeyError, ValueError, ImportError) as exc:
        raise ModelFileError(f"{model_dir}: {exc}") from exc
    try:
        rules = Rules.from_json(meta["rules"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{model_dir}: unreadable rules in meta.json: {exc}") from exc
    if coef.shape[0] != vocab.size:
        raise ModelFileError(f"{model_dir}: {coef.shape[0]} weights for {vocab.size} features")
    platt = meta.get("platt", {})
    if missing := [h for h in HEADS if h not in platt]:
        raise ModelFileError(f"{model_dir}: no calibration for {', '.join(missing)} in meta.json")
    calibration = {h: Platt(*p) for h, p in platt.items() if h in (*HEADS, IDENTITY_HEAD_PLATT)}
    span_lexicon = _span_lexicon(model_dir, calibration)
    encoder = meta.get("encoder") or {}
    try:
        identity_head = (
            None if head is None or not head.size else IdentityHead.from_array(head, hidden)
        )
    except ValueError as exc:
        raise ModelFileError(f"{model_dir}: identity head: {exc}") from exc
    model = AbuseModel(
        encoder=encoder.get("name"),
        encoder_tokens=int(encoder.get("tokens", 64)),
        links_read_as_words=encoder.get("links") == LINK_WORD,
        identity_blind_heads=tuple(encoder.get("identity_blind_heads", ())),
        identity_head=identity_head,
        vocab=vocab,
        coef=coef,
        intercept=intercept,
        platt=calibration,
        normalize=normalizer,
        version=meta["version"],
        rules=rules,
        span_lexicon=span_lexicon,
    )
    return model, thresholds


def _span_lexicon(model_dir: Path, platt: dict[str, Platt]) -> SpanLexicon | None:
    """The stored span lexicon; an error if a calibration stacks it and it is absent or bad."""
    path = model_dir / SPAN_LEXICON_FILE
    needed = [head for head, p in platt.items() if p.d]
    if not path.exists():
        if needed:
            raise ModelFileError(f"{model_dir}: {', '.join(needed)} need {SPAN_LEXICON_FILE}")
        return None
    try:
        return SpanLexicon.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"cannot read {path}: {exc}") from exc


__all__ = ["SHIPPED_DIR", "ModelFileError", "Normalized", "load_model", "save_model"]
