"""Article passage vectors kept in a SQLite file between batch runs: re-read articles cost nothing.

The server stores each article's passages with their vectors in its database when the article
is created (`store.passages`). `civility moderate` has no database, so without this file every run
embeds every article again: the most expensive step of `off_topic` after the comments themselves.
Rows are keyed by the encoder's name (which carries its graph's digest) and a hash of the passage's
text, so an edited article re-embeds only the passages that changed and another model never reads
these vectors. The file is a cache: any trouble with it is reported once and the run goes on
without it, with the same answers.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from civility.pipeline.article_passages import vector_to_bytes, vectors_from_bytes

FILE_NAME = "article-passages.sqlite3"
# About 2.2 KB a passage on disk (2,415 passages: 5.2 MB): 50,000 passages, some 8,000 news
# articles, stay near 110 MB.
MAX_PASSAGES = 50_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS passage_vectors (
    model TEXT NOT NULL,
    passage_sha256 BLOB NOT NULL,
    vector BLOB NOT NULL,
    used_at REAL NOT NULL,
    PRIMARY KEY (model, passage_sha256)
)
"""


def default_path() -> Path:
    """The user's cache folder ($XDG_CACHE_HOME, else ~/.cache), as pip and other tools use it."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "civility" / FILE_NAME


def passage_hash(text: str) -> bytes:
    """The key of one passage's text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class PassageVectorCache:
    """Vectors of one encoder's passages in a SQLite file, least recently used pruned first."""

    def __init__(
        self,
        path: Path,
        *,
        model: str,
        dim: int,
        max_passages: int = MAX_PASSAGES,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.model = model
        self.dim = dim
        self.max_passages = max_passages
        self.read = 0
        self.written = 0
        # Set by the first trouble with the file: it is then left alone for the rest of the run.
        self.failed = False
        self._warn = warn or (lambda message: None)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            self._db = _connect(path)
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)

    @property
    def usable(self) -> bool:
        """Whether the file is open and has given no trouble (False once closed)."""
        return self._db is not None

    def load(self, passages: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors this file holds for these passages (of this encoder and size)."""
        by_hash = {passage_hash(text): text for text in passages}
        found: dict[str, np.ndarray] = {}
        with self._lock:
            if self._db is None:
                return found
            try:
                # One lookup per passage: an article has a handful, and the primary key finds each.
                used = []
                for key, text in by_hash.items():
                    row = self._db.execute(
                        "SELECT vector FROM passage_vectors WHERE model = ? AND passage_sha256 = ?",
                        (self.model, key),
                    ).fetchone()
                    vector = _vector(row[0], self.dim) if row is not None else None
                    if vector is not None:
                        found[text] = vector
                        used.append(key)
                if used:
                    now = time.time()
                    self._db.executemany(
                        "UPDATE passage_vectors SET used_at = ?"
                        " WHERE model = ? AND passage_sha256 = ?",
                        [(now, self.model, key) for key in used],
                    )
            except sqlite3.Error as exc:
                self._fail(exc)
                return {}
        self.read += len(found)
        return found

    def save(self, pairs: Iterable[tuple[str, np.ndarray]]) -> None:
        """Keep these passages' vectors for the next run."""
        now = time.time()
        rows = [
            (self.model, passage_hash(text), vector_to_bytes(vector), now) for text, vector in pairs
        ]
        with self._lock:
            if self._db is None or not rows:
                return
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO passage_vectors VALUES (?, ?, ?, ?)", rows
                )
            except sqlite3.Error as exc:
                self._fail(exc)
                return
        self.written += len(rows)

    def close(self) -> None:
        """Prune the least recently used passages beyond the limit, then close the file."""
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute(
                    "DELETE FROM passage_vectors WHERE rowid IN (SELECT rowid FROM passage_vectors"
                    " ORDER BY used_at DESC LIMIT -1 OFFSET ?)",
                    (self.max_passages,),
                )
            except sqlite3.Error as exc:
                self._fail(exc)
            finally:
                if self._db is not None:
                    self._db.close()
                    self._db = None

    def _fail(self, exc: Exception) -> None:
        """Report the trouble once and stop using the file (the caller holds the lock)."""
        self._warn(f"article vector cache {self.path} not used: {exc}")
        self.failed = True
        if self._db is not None:
            self._db.close()
        self._db = None


def _connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the file, readable by its owner only; the schema made if new."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.touch(mode=0o600, exist_ok=True)
    # Autocommit: each statement is its own transaction, so an interrupted run loses nothing
    # already written. A second run at the same time waits for the lock, up to the timeout.
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(_SCHEMA)
    except sqlite3.Error:
        db.close()
        raise
    return db


def _vector(blob: object, dim: int) -> np.ndarray | None:
    """A stored vector, or None when the row cannot be one of this encoder's vectors."""
    if not isinstance(blob, bytes) or len(blob) != 4 * dim:
        return None
    vector = vectors_from_bytes([blob])[0]
    return vector if np.isfinite(vector).all() else None
