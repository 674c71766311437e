"""The shared encoder: an int8 MiniLM on onnxruntime, no torch at run time.

One pass gives a comment's sentence embedding (read by off_topic), where the model has them the
logits of the seven abuse heads (read by the abuse scorers), and each token's share of those
logits (read by the reasons): all are cached, so the second scorer to ask pays nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from civility.model_layout import SHIPPED
from civility.pipeline.cpu_features import has_vnni

log = logging.getLogger(__name__)

SHIPPED_DIR = SHIPPED.encoder
MAX_TOKENS = 128
# Recent comment vectors kept so that a second scorer embedding the same batch pays nothing.
CACHE_SIZE = 4096
# Tokenising a megabyte only to keep 128 tokens wastes time: no token is longer than this.
_CHARS_PER_TOKEN_BOUND = 24
# The optional third output of the graph (`ml/export_token_logits.py`).
PER_WORD_PIECE_OUTPUT = "token_logits"
# The portable int8 graph, and its twin with signed weights (`ml/export_vnni.py`): the same
# numbers, computed about 40% faster where the CPU has VNNI and possibly saturated where not.
MODEL_FILE = "model.onnx"
VNNI_MODEL_FILE = "model-vnni.onnx"
# The twin's metadata key holding the sha256 of the portable file it was made from.
TWIN_OF_KEY = "civility.vnni_twin_of"
Kernels = Literal["auto", "portable", "vnni"]


class NormalizedText(Protocol):
    """What a normaliser returns: the text the model reads, mapped back to the input."""

    @property
    def text(self) -> str: ...

    def to_original(self, start: int, end: int) -> tuple[int, int]: ...


@dataclass(frozen=True, slots=True)
class TokenLogits:
    """Each token's share of the head logits, and the characters of the input it read.

    A head's logit is the sum of its column plus the head's bias (the heads read the mean
    of the token states). Special tokens read no characters: their offsets are (0, 0).
    """

    offsets: np.ndarray  # tokens x 2: [start, end) in the text given to the encoder
    logits: np.ndarray  # tokens x heads


@dataclass(frozen=True, slots=True)
class _Entry:
    """One text's pass: embedding and head logits side by side, and the per-token shares."""

    row: np.ndarray
    tokens: TokenLogits | None


@dataclass(frozen=True, slots=True)
class _Tokens:
    """A text's token ids, truncated to the window, and the input characters of each."""

    ids: list[int]
    offsets: np.ndarray | None


class Encoder:
    """Embeds texts as L2-normalised 384-d vectors and, if it has them, scores the abuse heads."""

    def __init__(
        self,
        session: ort.InferenceSession,
        tokenizer: Tokenizer,
        *,
        name: str,
        batch_size: int,
        normalize: Callable[[str], NormalizedText] | None = None,
        model_file: str = MODEL_FILE,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._normalize = normalize
        self.name = name
        self.batch_size = batch_size
        # Which of the model's files runs here (the vectors are the same whichever it is).
        self.model_file = model_file
        outputs = session.get_outputs()
        self.dim = int(outputs[0].shape[-1] or 384)
        self.heads = int(outputs[1].shape[-1]) if len(outputs) > 1 else 0
        self.has_token_logits = any(output.name == PER_WORD_PIECE_OUTPUT for output in outputs)
        # What the tokenizer closes every text with ([SEP]), put back after truncation.
        empty = tokenizer.encode("").ids
        self._closing_id: int | None = empty[-1] if empty else None
        self.cache_size = CACHE_SIZE
        self._cache: OrderedDict[tuple[str, int], _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._pass_lock = threading.Lock()
        self._background: ThreadPoolExecutor | None = None
        self._prefetching = False

    def forget(self) -> None:
        """Drop every remembered pass, so that the next call of each text runs the model."""
        with self._lock:
            self._cache.clear()

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

    def token_logits(
        self, texts: Sequence[str], *, max_tokens: int = MAX_TOKENS
    ) -> list[TokenLogits | None]:
        """Each text's per-token shares of the head logits (None: the model has no such output)."""
        return [entry.tokens for entry in self._entries(texts, max_tokens)]

    def prefetch(self, texts: Sequence[str], *, max_tokens: int = MAX_TOKENS) -> None:
        """Start the passes of these texts in the background; asking for them later waits.

        onnxruntime lets go of the interpreter while it computes, so the rule-based scorers
        run meanwhile and one comment is answered sooner. The passes are the ones the caller
        would have run (one text per call where `batch_size` is 1): the outputs are the same.
        Skipped while the model is busy: under load every core is already working, and
        queued passes would only contend with the requests that wait for them.
        """
        with self._lock:
            if self._prefetching or self._pass_lock.locked():
                return
            if self._background is None:
                self._background = ThreadPoolExecutor(1, thread_name_prefix="encoder-prefetch")
            self._prefetching = True
            background = self._background
        try:
            background.submit(self._prefetched, [str(text) for text in texts], max_tokens)
        except RuntimeError:  # the interpreter is shutting down: the caller runs its own pass
            with self._lock:
                self._prefetching = False

    def _prefetched(self, texts: list[str], max_tokens: int) -> None:
        """Fill the cache for `texts`; a failure is left for the caller's own request to meet."""
        try:
            self._entries(texts, max_tokens)
        except Exception:  # the scorer asking for these texts runs them again and reports it
            log.debug("encoder prefetch failed", exc_info=True)
        finally:
            with self._lock:
                self._prefetching = False

    def _rows(self, texts: Sequence[str], max_tokens: int) -> np.ndarray:
        """Embedding and head logits side by side, from the cache or the model."""
        entries = self._entries(texts, max_tokens)
        out = np.empty((len(texts), self.dim + self.heads), dtype=np.float32)
        for i, entry in enumerate(entries):
            out[i] = entry.row
        return out

    def _entries(self, texts: Sequence[str], max_tokens: int) -> list[_Entry]:
        """Each text's pass, from the cache or the model."""
        keys = [(str(text), max_tokens) for text in texts]
        out: list[_Entry | None] = [None] * len(keys)
        missing = self._fill_from_cache(keys, out, range(len(keys)))
        if missing:
            # The pipeline runs scorers in parallel: one pass at a time, so that a scorer asking
            # for texts another is encoding waits for them instead of encoding them again.
            with self._pass_lock:
                missing = self._fill_from_cache(keys, out, missing)
                if missing:
                    fresh = self._run_uncached([keys[i][0] for i in missing], max_tokens)
                    for i, entry in zip(missing, fresh, strict=True):
                        out[i] = entry
                    self._remember([keys[i] for i in missing], fresh)
        return [entry for entry in out if entry is not None]

    def _fill_from_cache(
        self, keys: list[tuple[str, int]], out: list[_Entry | None], positions: Iterable[int]
    ) -> list[int]:
        """Put cached entries into `out` at `positions`; return those still to compute."""
        missing = []
        with self._lock:
            for i in positions:
                entry = self._cache.get(keys[i])
                if entry is None:
                    missing.append(i)
                else:
                    out[i] = entry
        return missing

    def _remember(self, keys: list[tuple[str, int]], entries: list[_Entry]) -> None:
        """Keep the newest entries, dropping the oldest beyond `cache_size`."""
        with self._lock:
            for key, entry in zip(keys, entries, strict=True):
                self._cache[key] = entry
                self._cache.move_to_end(key)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def _run_uncached(self, texts: list[str], max_tokens: int) -> list[_Entry]:
        """Run the model on texts, bucketed by length, and restore their order."""
        tokens = self._tokens(texts, max_tokens)
        out: list[_Entry | None] = [None] * len(tokens)
        # Length bucketing: where batches hold several texts, little padding is computed.
        order = np.argsort([len(t.ids) for t in tokens], kind="stable")
        for start in range(0, len(order), self.batch_size):
            chunk = [int(i) for i in order[start : start + self.batch_size]]
            for i, entry in zip(chunk, self._run([tokens[i] for i in chunk]), strict=True):
                out[i] = entry
        return [entry for entry in out if entry is not None]

    def _tokens(self, texts: Sequence[str], max_tokens: int) -> list[_Tokens]:
        """Token ids per text, truncated to `max_tokens` including [CLS] and [SEP]."""
        limit = max_tokens * _CHARS_PER_TOKEN_BOUND
        # Lone surrogates cannot cross into the Rust tokenizer; they become U+FFFD-like '?'.
        clipped = [str(text)[:limit].encode("utf-8", "replace").decode("utf-8") for text in texts]
        normalized = [self._normalize(text) for text in clipped] if self._normalize else None
        encodings = self._tokenizer.encode_batch(
            clipped if normalized is None else [n.text for n in normalized]
        )
        out = []
        for i, encoding in enumerate(encodings):
            # Keep [CLS] and the first tokens, then close with the final special token again.
            # Truncating the encoding first spares reading hundreds of ids and offsets.
            closing = self._closing_id if len(encoding) > max_tokens else None
            if len(encoding) > max_tokens:
                encoding.truncate(max_tokens if closing is None else max_tokens - 1)
            ids = encoding.ids if closing is None else [*encoding.ids, closing]
            closed = closing is not None
            offsets = None
            if self.has_token_logits:
                norm = None if normalized is None else normalized[i]
                offsets = _input_offsets(encoding, norm, closed=closed)
            out.append(_Tokens(ids, offsets))
        return out

    def _run(self, rows: list[_Tokens]) -> list[_Entry]:
        """Pad one bucket to its longest row and run the model."""
        width = max(len(row.ids) for row in rows)
        input_ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            input_ids[i, : len(row.ids)] = row.ids
            mask[i, : len(row.ids)] = 1
        outputs = self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})
        stacked = np.concatenate([np.asarray(o, dtype=np.float32) for o in outputs[:2]], axis=1)
        entries = []
        for i, row in enumerate(rows):
            tokens = None
            if self.has_token_logits and row.offsets is not None:
                # The heads read the mean of the token states: each token adds 1/n of its term.
                shares = np.asarray(outputs[2][i, : len(row.ids)], dtype=np.float32) / len(row.ids)
                tokens = TokenLogits(row.offsets, shares)
            entries.append(_Entry(stacked[i].copy(), tokens))
        return entries


def _input_offsets(
    encoding: Encoding, normalized: NormalizedText | None, *, closed: bool
) -> np.ndarray:
    """Each token's [start, end) in the encoder's input ((0, 0) for special tokens).

    `closed`: the encoding was truncated and the closing special token follows it.
    """
    spans = encoding.offsets
    if normalized is not None:
        spans = [normalized.to_original(start, end) for start, end in spans]
    rows = [
        (0, 0) if flag else span
        for span, flag in zip(spans, encoding.special_tokens_mask, strict=True)
    ]
    if closed:
        rows.append((0, 0))
    return np.array(rows, dtype=np.int64).reshape(-1, 2)


@functools.lru_cache(maxsize=4)
def shared_encoder(model_dir: Path | None = None, threads: int = 2) -> Encoder:
    """One encoder per model directory for the whole process, shared by every scorer."""
    return load_encoder(model_dir, threads=threads)


def load_encoder(
    model_dir: Path | None = None,
    *,
    threads: int = 2,
    batch_size: int = 1,
    kernels: Kernels = "auto",
) -> Encoder:
    """Load the shipped encoder (or one exported to `model_dir`); threads suit a 2-core box.

    One text per run: the int8 model quantises each matrix with one scale for the whole batch,
    so a text's vector would depend on the texts batched with it. Batching also did not pay
    here: 64-token comments took 9.2 ms each alone and 9.7 in fours on one thread (6.9 and
    7.0 on two). `kernels`: "auto" runs the VNNI twin where the CPU has VNNI and the folder
    holds a twin made from its portable graph; "portable" and "vnni" choose one file.
    """
    directory = Path(model_dir) if model_dir is not None else SHIPPED_DIR
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Spinning threads halve throughput when the cores are shared with other work.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session, path = _session(directory, options, kernels)
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
        model_file=path.name,
    )


def _session(
    directory: Path, options: ort.SessionOptions, kernels: Kernels
) -> tuple[ort.InferenceSession, Path]:
    """An onnxruntime session on the graph `kernels` chooses, and that graph's path."""
    portable, twin = directory / MODEL_FILE, directory / VNNI_MODEL_FILE
    if kernels == "vnni" or (kernels == "auto" and has_vnni() and twin.exists()):
        session = _open(twin, options)
        if _is_twin_of(session, portable):
            return session, twin
        if kernels == "vnni":
            raise ValueError(f"{twin} was not made from {portable}: export them again")
        log.warning("%s was not made from %s: running the portable graph", twin, portable)
    return _open(portable, options), portable


def _open(path: Path, options: ort.SessionOptions) -> ort.InferenceSession:
    """A CPU session on one graph file."""
    if not path.exists():
        raise FileNotFoundError(
            f"no encoder at {path}; export it with `python -m civility.ml.export_encoder`"
        )
    # The shipped graphs write each residual layer norm as Add and LayerNormalization, which
    # run 5x faster here than the fused SkipLayerNormalization (`ml/export_layer_norms.py`):
    # onnxruntime must not fuse them back.
    return ort.InferenceSession(
        str(path),
        options,
        providers=["CPUExecutionProvider"],
        disabled_optimizers=["SkipLayerNormFusion"],
    )


def _is_twin_of(session: ort.InferenceSession, portable: Path) -> bool:
    """Whether the session's graph is the VNNI twin of this very portable file."""
    made_from = session.get_modelmeta().custom_metadata_map.get(TWIN_OF_KEY)
    if not isinstance(made_from, str) or not portable.exists():
        return False
    return made_from == hashlib.sha256(portable.read_bytes()).hexdigest()


def _meta(directory: Path) -> dict[str, object]:
    """meta.json: the name stored with embeddings (vectors of two models never mix), etc."""
    path = directory / "meta.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _normalizer(name: object) -> Callable[[str], NormalizedText] | None:
    """The text normaliser the model was trained behind (None: raw text)."""
    if name is None:
        return None
    from civility.ml.textnorm import normalizer_named

    return normalizer_named(str(name))
