"""The shared encoder: an int8 MiniLM on onnxruntime, no torch at run time.

One pass gives a comment's sentence embedding (read by off_topic) and, where the model has
them, the logits of the seven abuse heads (read by the abuse scorers): both are cached, so
the second scorer to ask about a comment pays nothing.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "encoder"
MAX_TOKENS = 128
# Recent comment vectors kept so that a second scorer embedding the same batch pays nothing.
CACHE_SIZE = 4096
# Tokenising a megabyte only to keep 128 tokens wastes time: no token is longer than this.
_CHARS_PER_TOKEN_BOUND = 24


class Encoder:
    """Embeds texts as L2-normalised 384-d vectors and, if it has them, scores the abuse heads."""

    def __init__(
        self,
        session: ort.InferenceSession,
        tokenizer: Tokenizer,
        *,
        name: str,
        batch_size: int,
        normalize: Callable[[str], str] | None = None,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._normalize = normalize
        self.name = name
        self.batch_size = batch_size
        outputs = session.get_outputs()
        self.dim = int(outputs[0].shape[-1] or 384)
        self.heads = int(outputs[1].shape[-1]) if len(outputs) > 1 else 0
        self.cache_size = CACHE_SIZE
        self._cache: OrderedDict[tuple[str, int], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._pass_lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """One float32 row per text, in input order; long texts keep their first tokens."""
        return self._rows(texts, max_tokens)[:, : self.dim]

    def abuse_logits(self, texts: Sequence[str], *, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """The abuse heads' raw logits, one row per text (same pass and cache as `embed`)."""
        if not self.heads:
            raise ValueError(f"encoder {self.name} has no abuse heads")
        return self._rows(texts, max_tokens)[:, self.dim :]

    def embed_and_score(
        self, texts: Sequence[str], *, max_tokens: int = MAX_TOKENS
    ) -> tuple[np.ndarray, np.ndarray]:
        """Embeddings and abuse logits from one pass (for more texts than the cache holds)."""
        if not self.heads:
            raise ValueError(f"encoder {self.name} has no abuse heads")
        rows = self._rows(texts, max_tokens)
        return rows[:, : self.dim], rows[:, self.dim :]

    def _rows(self, texts: Sequence[str], max_tokens: int) -> np.ndarray:
        """Embedding and head logits side by side, from the cache or the model."""
        out = np.empty((len(texts), self.dim + self.heads), dtype=np.float32)
        keys = [(str(text), max_tokens) for text in texts]
        missing = self._fill_from_cache(keys, out, range(len(keys)))
        if missing:
            # The pipeline runs scorers in parallel: one pass at a time, so that a scorer asking
            # for texts another is encoding waits for them instead of encoding them again.
            with self._pass_lock:
                missing = self._fill_from_cache(keys, out, missing)
                if missing:
                    fresh = self._run_uncached([keys[i][0] for i in missing], max_tokens)
                    out[missing] = fresh
                    self._remember([keys[i] for i in missing], fresh)
        return out

    def _fill_from_cache(
        self, keys: list[tuple[str, int]], out: np.ndarray, positions: Iterable[int]
    ) -> list[int]:
        """Copy cached rows into `out` at `positions`; return those still to compute."""
        missing = []
        with self._lock:
            for i in positions:
                key = keys[i]
                row = self._cache.get(key)
                if row is None:
                    missing.append(i)
                else:
                    out[i] = row
        return missing

    def _remember(self, keys: list[tuple[str, int]], rows: np.ndarray) -> None:
        """Keep the newest rows, dropping the oldest beyond `cache_size`."""
        with self._lock:
            for key, row in zip(keys, rows, strict=True):
                self._cache[key] = row
                self._cache.move_to_end(key)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def _run_uncached(self, texts: list[str], max_tokens: int) -> np.ndarray:
        """Run the model on texts, bucketed by length, and restore their order."""
        ids = self._token_ids(texts, max_tokens)
        out = np.empty((len(ids), self.dim + self.heads), dtype=np.float32)
        # Length bucketing: where batches hold several texts, little padding is computed.
        order = np.argsort([len(row) for row in ids], kind="stable")
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._run([ids[i] for i in chunk])
        return out

    def _token_ids(self, texts: Sequence[str], max_tokens: int) -> list[list[int]]:
        """Token ids per text, truncated to `max_tokens` including [CLS] and [SEP]."""
        limit = max_tokens * _CHARS_PER_TOKEN_BOUND
        # Lone surrogates cannot cross into the Rust tokenizer; they become U+FFFD-like '?'.
        clipped = [str(text)[:limit].encode("utf-8", "replace").decode("utf-8") for text in texts]
        if self._normalize is not None:
            clipped = [self._normalize(text) for text in clipped]
        encodings = self._tokenizer.encode_batch(clipped)
        return [_truncate(enc.ids, max_tokens) for enc in encodings]

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        """Pad one bucket to its longest row and run the model."""
        width = max(len(row) for row in rows)
        input_ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            input_ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask}
        outputs = self._session.run(None, feeds)
        return np.concatenate([np.asarray(o, dtype=np.float32) for o in outputs], axis=1)


def _truncate(ids: list[int], max_tokens: int) -> list[int]:
    """Keep [CLS] + the first tokens + [SEP] when a text is longer than the model's window."""
    if len(ids) <= max_tokens:
        return ids
    return [*ids[: max_tokens - 1], ids[-1]]


@functools.lru_cache(maxsize=4)
def shared_encoder(model_dir: Path | None = None, threads: int = 2) -> Encoder:
    """One encoder per model directory for the whole process, shared by every scorer."""
    return load_encoder(model_dir, threads=threads)


def load_encoder(
    model_dir: Path | None = None, *, threads: int = 2, batch_size: int = 1
) -> Encoder:
    """Load the shipped encoder (or one exported to `model_dir`); threads suit a 2-core box.

    One text per run: the int8 model quantises each matrix with one scale for the whole batch,
    so a text's vector would depend on the texts batched with it. Batching also did not pay
    here: 64-token comments took 9.2 ms each alone and 9.7 in fours on one thread (6.9 and
    7.0 on two).
    """
    directory = Path(model_dir) if model_dir is not None else SHIPPED_DIR
    model_path = directory / "model.onnx"
    if not model_path.exists():
        raise FileNotFoundError(
            f"no encoder at {model_path}; export it with `python -m civility.ml.export_encoder`"
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Spinning threads halve throughput when the cores are shared with other work.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    meta = _meta(directory)
    return Encoder(
        session,
        tokenizer,
        name=str(meta.get("name", directory.name)),
        batch_size=batch_size,
        normalize=_normalizer(meta.get("normalizer")),
    )


def _meta(directory: Path) -> dict[str, object]:
    """meta.json: the name stored with embeddings (vectors of two models never mix), etc."""
    path = directory / "meta.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _normalizer(name: object) -> Callable[[str], str] | None:
    """The text normaliser the model was trained behind (None: raw text)."""
    if name is None:
        return None
    from civility.ml.textnorm import normalizer_named

    normalize = normalizer_named(str(name))
    return lambda text: normalize(text).text
