"""Fine-tune MiniLM students: seven abuse heads plus the sentence embedding, in one pass.

Training-time only (torch, transformers): runs on a GPU in minutes, on this CPU in hours.
Each student keeps some of all-MiniLM-L6-v2's layers, learns the abuse heads on the
permissive sets' train part and, at the same time, keeps its mean-pooled embedding close
to the full model's (the teacher), so that `off_topic` reads the same pass.
Word embeddings stay frozen: the student ships them from the same int8 rows it started from.
Run: python -m civility.ml.train_neural --pack DIR --out DIR [--students 6:0,1,2,3,4,5 ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import time
from pathlib import Path
from typing import Any, cast

import numpy as np

from civility.ml.examples import HEADS
from civility.ml.export_encoder import mean_pool

ENCODER_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "encoder"
HIDDEN = 384
CONFIG: dict[str, Any] = {
    "vocab_size": 30522,
    "hidden_size": HIDDEN,
    "num_attention_heads": 12,
    "intermediate_size": 1536,
    "max_position_embeddings": 512,
    "type_vocab_size": 2,
    "hidden_act": "gelu",
    "layer_norm_eps": 1e-12,
}
FROZEN = ("embeddings.word_embeddings.weight",)


def load_rows(pack: Path) -> list[dict[str, Any]]:
    """The packed examples."""
    with gzip.open(pack / "examples.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def quantize_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output row: the row's largest magnitude maps to 127."""
    scale = np.abs(matrix).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    return np.round(matrix / scale).astype(np.int8), scale.astype(np.float32)


def dequantize_rows(values: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Inverse of quantize_rows, in float32."""
    return np.asarray(values.astype(np.float32) * scale)


def init_state(pack: Path) -> dict[str, np.ndarray]:
    """Float32 tensors of the teacher, dequantised from the pack's int8 rows."""
    data = np.load(pack / "init.npz")
    state: dict[str, np.ndarray] = {}
    for key in data.files:
        if key.endswith(".s"):
            continue
        if key.endswith(".q"):
            name = key[:-2]
            state[name] = dequantize_rows(data[key], data[name + ".s"])
        else:
            state[key] = data[key]
    return state


def build_bert(state: dict[str, np.ndarray], layers: list[int]) -> Any:
    """A BertModel with the chosen teacher layers, renumbered from 0."""
    import torch  # type: ignore[import-not-found,unused-ignore]
    from transformers import BertConfig, BertModel  # type: ignore[import-not-found,unused-ignore]

    config = BertConfig(**CONFIG, num_hidden_layers=len(layers))
    model = BertModel(config, add_pooling_layer=False)
    picked: dict[str, Any] = {}
    for name, value in state.items():
        key = name.removeprefix("bert.")
        if key.startswith("pooler.") or key.endswith("position_ids"):
            continue
        if key.startswith("encoder.layer."):
            index = int(key.split(".")[2])
            if index not in layers:
                continue
            rest = key.split(".", 3)[3]
            key = f"encoder.layer.{layers.index(index)}.{rest}"
        picked[key] = torch.from_numpy(value)
    missing, unexpected = model.load_state_dict(picked, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise ValueError(f"weights do not fit: missing {missing}, unexpected {unexpected}")
    return model


class Student:  # the torch module is built inside, so that importing this file needs no torch
    """A BertModel, mean pooling, one linear layer for the seven heads, an optional projection."""

    @staticmethod
    def build(bert: Any, project: bool = False, dim: int = HIDDEN) -> Any:
        """The module: forward(ids, mask) -> (normalised embedding, head logits).

        With `project`, the embedding is a learned linear map of the pooled states (starting as
        the identity), so that fine-tuning may move the pooled states towards the heads while
        the map keeps the embedding close to the teacher's. `dim`: the embedding's size, where
        the teacher's targets have another (`teacher_targets.py`); the map then starts random.
        """
        if dim != HIDDEN and not project:
            raise ValueError(f"a {dim}-d embedding needs the projection (--project)")
        import torch  # type: ignore[import-not-found,unused-ignore]

        class Module(torch.nn.Module):  # type: ignore[misc,unused-ignore]
            def __init__(self) -> None:
                super().__init__()
                self.bert = bert
                self.heads = torch.nn.Linear(HIDDEN, len(HEADS))
                self.project = torch.nn.Linear(HIDDEN, dim) if project else None
                if self.project is not None and dim == HIDDEN:
                    torch.nn.init.eye_(self.project.weight)
                    torch.nn.init.zeros_(self.project.bias)

            @property
            def embedding_dim(self) -> int:
                return HIDDEN if self.project is None else int(self.project.out_features)

            def forward(self, input_ids: Any, attention_mask: Any) -> tuple[Any, Any]:
                embedding, pooled = mean_pool(self.bert, input_ids, attention_mask)
                if self.project is not None:
                    embedding = torch.nn.functional.normalize(self.project(pooled), p=2.0, dim=1)
                return embedding, self.heads(pooled)

        return Module()


def tokenize(texts: list[str], max_len: int) -> list[list[int]]:
    """Token ids with [CLS] and [SEP], truncated like the served encoder does."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(ENCODER_DIR / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    out = []
    for enc in tok.encode_batch([t[: max_len * 24] for t in texts]):
        ids = enc.ids
        out.append(ids if len(ids) <= max_len else [*ids[: max_len - 1], ids[-1]])
    return out


def batches(order: list[int], ids: list[list[int]], size: int, device: Any) -> Any:
    """Padded (indices, input_ids, mask) tensors, rows of similar length together."""
    import torch  # type: ignore[import-not-found,unused-ignore]

    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        width = max(len(ids[i]) for i in chunk)
        x = torch.zeros((len(chunk), width), dtype=torch.long)
        m = torch.zeros((len(chunk), width), dtype=torch.long)
        for r, i in enumerate(chunk):
            x[r, : len(ids[i])] = torch.tensor(ids[i])
            m[r, : len(ids[i])] = 1
        yield chunk, x.to(device), m.to(device)


def bucketed(indices: list[int], ids: list[list[int]], size: int, rng: random.Random) -> list[int]:
    """Shuffle, then sort within windows of 50 batches so that padding stays small."""
    order = list(indices)
    rng.shuffle(order)
    window = size * 50
    out: list[int] = []
    for start in range(0, len(order), window):
        out.extend(sorted(order[start : start + window], key=lambda i: len(ids[i])))
    groups = [out[i : i + size] for i in range(0, len(out), size)]
    rng.shuffle(groups)
    return [i for g in groups for i in g]


def teacher_embeddings(teacher: Any, ids: list[list[int]], device: Any) -> Any:
    """The full model's embeddings of every text, computed once."""
    import torch  # type: ignore[import-not-found,unused-ignore]

    out = torch.empty((len(ids), HIDDEN), dtype=torch.float32)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    with (
        torch.no_grad(),
        torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda"),
    ):
        for chunk, x, m in batches(order, ids, 512, device):
            out[chunk] = teacher(x, m)[0].float().cpu()
    return out


def train_student(
    name: str,
    layers: list[int],
    epochs: int,
    state: dict[str, np.ndarray],
    rows: list[dict[str, Any]],
    ids: list[list[int]],
    targets: Any,
    args: argparse.Namespace,
    device: Any,
) -> Any:
    """Fit one student; returns the module in eval mode."""
    import torch  # type: ignore[import-not-found,unused-ignore]

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    dim = int(targets.shape[1])
    model = Student.build(build_bert(state, layers), project=args.project, dim=dim).to(device)
    for pname, param in model.named_parameters():
        if pname.removeprefix("bert.") in FROZEN:
            param.requires_grad = False
    labels = torch.tensor([r["y"] for r in rows], dtype=torch.float32)
    weights = torch.tensor(
        [args.source_weight.get(r["s"], r["w"]) for r in rows], dtype=torch.float32
    )
    train = [i for i, r in enumerate(rows) if r["p"] == "train"]
    distill_only = [i for i, r in enumerate(rows) if r["p"] == "distill"]
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = epochs * math.ceil((len(train) + len(distill_only)) / args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, s / (0.06 * steps)) * max(0.0, (steps - s) / steps)
    )
    started = time.monotonic()
    step = 0
    for epoch in range(epochs):
        model.train()
        order = bucketed(train + distill_only, ids, args.batch, rng)
        total = 0.0
        for chunk, x, m in batches(order, ids, args.batch, device):
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda"):
                embedding, logits = model(x, m)
            y = labels[chunk].to(device)
            w = weights[chunk].to(device)
            known = (y >= 0).float() * w.unsqueeze(1)
            bce = torch.nn.functional.binary_cross_entropy_with_logits(
                logits.float(), y.clamp(min=0), reduction="none"
            )
            head_loss = (bce * known).sum() / known.sum().clamp(min=1.0)
            teacher = targets[chunk].to(device)
            distill = (1.0 - (embedding.float() * teacher).sum(1)).mean()
            loss = head_loss + args.distill * distill
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            step += 1
            total += float(loss.detach())
        print(
            f"{name} epoch {epoch + 1}/{epochs}: loss {total / max(1, step):.4f} "
            f"({time.monotonic() - started:.0f} s)",
            flush=True,
        )
    return model.eval()


def predict(model: Any, ids: list[list[int]], indices: list[int], device: Any) -> tuple[Any, Any]:
    """Embeddings and head logits for the given rows."""
    import torch  # type: ignore[import-not-found,unused-ignore]

    emb = np.zeros((len(ids), model.embedding_dim), dtype=np.float32)
    logit = np.zeros((len(ids), len(HEADS)), dtype=np.float32)
    order = sorted(indices, key=lambda i: len(ids[i]))
    with (
        torch.no_grad(),
        torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda"),
    ):
        for chunk, x, m in batches(order, ids, 512, device):
            e, z = model(x, m)
            emb[chunk] = e.float().cpu().numpy()
            logit[chunk] = z.float().cpu().numpy()
    return emb, logit


def report(
    name: str, rows: list[dict[str, Any]], logit: np.ndarray, emb: np.ndarray, targets: Any
) -> dict[str, float]:
    """A first look on held-out rows: toxicity ROC-AUC per set, OLID macro-F1, cosine to teacher."""
    from sklearn.metrics import f1_score, roc_auc_score

    out: dict[str, float] = {}
    held = [i for i, r in enumerate(rows) if r["p"] in ("calib", "test", "eval")]
    by_set: dict[str, list[int]] = {}
    for i in held:
        by_set.setdefault(rows[i]["s"], []).append(i)
    tox = HEADS.index("toxicity")
    for source, idx in sorted(by_set.items()):
        y = np.array([rows[i]["y"][tox] for i in idx])
        keep = y >= 0
        if keep.sum() and len(set((y[keep] >= 0.5).tolist())) == 2:
            out[f"{source}/toxicity_auc"] = float(
                roc_auc_score(y[keep] >= 0.5, logit[np.array(idx)[keep], tox])
            )
    olid = by_set.get("olid", [])
    if olid:
        y = np.array([rows[i]["y"][tox] >= 0.5 for i in olid])
        pred = logit[np.array(olid)][:, : len(HEADS) - 1].max(1) >= 0.0
        out["olid/macro_f1@0"] = float(f1_score(y, pred, average="macro"))
        best = max(
            f1_score(y, logit[np.array(olid)][:, : len(HEADS) - 1].max(1) >= t, average="macro")
            for t in np.linspace(-3, 3, 61)
        )
        out["olid/macro_f1_best"] = float(best)
    cos = (emb[held] * targets[held].numpy()).sum(1)
    out["cosine_to_teacher_mean"] = float(cos.mean())
    out["cosine_to_teacher_p5"] = float(np.percentile(cos, 5))
    for key, value in out.items():
        print(f"{name} {key} {value:.4f}", flush=True)
    return out


def save(model: Any, out: Path, name: str, shard_mb: float = 15.5) -> None:
    """Trained tensors as float16 npz shards (the frozen word embeddings are left out)."""
    tensors = {
        k: v.detach().float().cpu().numpy().astype(np.float16)
        for k, v in model.state_dict().items()
        if k.removeprefix("bert.") not in FROZEN and not k.endswith("position_ids")
    }
    shard: dict[str, np.ndarray] = {}
    size = 0.0
    number = 0
    for key, value in tensors.items():
        if shard and size + value.nbytes / 1e6 > shard_mb:
            np.savez(out / f"{name}-{number}.npz", **cast(dict[str, Any], shard))
            shard, size, number = {}, 0.0, number + 1
        shard[key] = value
        size += value.nbytes / 1e6
    np.savez(out / f"{name}-{number}.npz", **cast(dict[str, Any], shard))


def parse_student(spec: str, epochs: int) -> tuple[str, list[int], int]:
    """'L3:1,3,5:5' -> ('L3', [1, 3, 5], 5); the epoch count is optional."""
    name, layers, *rest = spec.split(":")
    return name, [int(x) for x in layers.split(",")], int(rest[0]) if rest else epochs


def parse_weights(specs: list[str]) -> dict[str, float]:
    """['olid=2', ...] -> {'olid': 2.0}: a set's training weight instead of the pack's."""
    out: dict[str, float] = {}
    for spec in specs:
        source, sep, weight = spec.partition("=")
        if not sep:
            raise ValueError(f"expected SET=WEIGHT, got {spec!r}")
        out[source] = float(weight)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: teacher targets once, then each student in turn."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pack", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--students", nargs="+", default=["L6:0,1,2,3,4,5", "L3:1,3,5"])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--distill", type=float, default=4.0)
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=0, help="use only this many rows (smoke test)")
    parser.add_argument(
        "--project", action="store_true", help="learn a projection before the embedding"
    )
    parser.add_argument(
        "--source-weight", nargs="*", default=[], help="SET=WEIGHT, overrides the pack's weight"
    )
    parser.add_argument(
        "--targets",
        action="store_true",
        help="distil towards the pack's teacher.npz (python -m civility.ml.teacher_targets) "
        "instead of all-MiniLM-L6-v2; needs --project",
    )
    args = parser.parse_args(argv)
    try:
        args.source_weight = parse_weights(args.source_weight)
    except ValueError as error:
        parser.error(str(error))
    if args.targets and not args.project:
        parser.error("--targets needs --project: the teacher's embedding has its own axes")
    # Imported once the arguments hold: a usage error needs no torch.
    import torch  # type: ignore[import-not-found,unused-ignore]

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = True
    rows = load_rows(args.pack)
    picked = list(range(len(rows)))
    if args.limit:
        picked = sorted(random.Random(args.seed).sample(picked, min(args.limit, len(rows))))
        rows = [rows[i] for i in picked]
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    ids = tokenize([r["t"] for r in rows], args.max_len)
    state = init_state(args.pack)
    teacher_name = "all-MiniLM-L6-v2"
    if args.targets:
        from civility.ml.teacher_targets import TARGETS_FILE, load_targets

        stored, teacher_name = load_targets(args.pack / TARGETS_FILE, len(load_rows(args.pack)))
        targets = torch.from_numpy(stored[picked])
    else:
        teacher = Student.build(build_bert(state, list(range(6)))).to(device).eval()
        targets = teacher_embeddings(teacher, ids, device)
        del teacher
    print(
        f"{len(rows)} rows tokenised, targets of {teacher_name} ({targets.shape[1]}-d) "
        f"in {time.monotonic() - started:.0f} s on {device}",
        flush=True,
    )
    results = {}
    for spec in args.students:
        name, layers, epochs = parse_student(spec, args.epochs)
        model = train_student(name, layers, epochs, state, rows, ids, targets, args, device)
        emb, logit = predict(model, ids, list(range(len(rows))), device)
        results[name] = {
            "layers": layers,
            "epochs": epochs,
            "project": args.project,
            **({"teacher": teacher_name} if args.targets else {}),
            "embedding_dim": int(targets.shape[1]),
            "distill": args.distill,
            "lr": args.lr,
            "source_weight": args.source_weight,
            **report(name, rows, logit, emb, targets),
        }
        save(model, args.out, name)
        (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        del model
        if device.type == "cuda":
            torch.cuda.empty_cache()
    print(f"done in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
