"""Scoring chunks of a batch file, in this process or in worker processes, answers in order.

The encoder scales poorly across threads (2 threads: 145 texts/s; two processes of one thread:
about 215) and the rest of the pipeline is Python under one lock, so on a multi-core machine
`civility moderate` scores chunks in one process per core.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from civility.batch import Item, LineError, error_line, result_line
from civility.commenting import Engine, build_engine
from civility.config import Settings
from civility.passage_vector_cache import PassageVectorCache
from civility.pipeline.decide import decide
from civility.pipeline.registry import scorer_kwargs
from civility.pipeline.relevance import OffTopic, make_off_topic

Chunk = list[Item | LineError]
Answers = list[dict[str, Any]]

# Chunks queued per worker: enough to keep every core busy, few enough to bound memory.
_QUEUED_PER_WORKER = 2
# How often a worker checks that the process that started it is still there.
_PARENT_CHECK_S = 1.0


def score_chunk(engine: Engine, chunk: Chunk) -> Answers:
    """Score the well-formed lines of a chunk together; answer every line in order."""
    if not chunk:
        return []
    items = [entry for entry in chunk if isinstance(entry, Item)]
    scored = engine.pipeline.run_batch([item.submission for item in items])
    decisions = {
        item.line: decide(scores, engine.policy) for item, scores in zip(items, scored, strict=True)
    }
    names = engine.pipeline.score_names
    return [
        result_line(entry.id, decisions[entry.line], names)
        if isinstance(entry, Item)
        else error_line(entry)
        for entry in chunk
    ]


# Each worker holds every model (~380 MB RSS): the default stops here on a many-core server.
MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    """One worker per core this process may run on, at most MAX_DEFAULT_WORKERS."""
    return max(1, min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS))


class ArticleEmbedder:
    """Embeds each article of a run once, in the reading process, for every worker to reuse.

    Workers see the lines of an article in different chunks; each embedding the article
    itself would repeat the most expensive step of `off_topic` once per worker. The vectors
    travel with the line, as the server passes an article's stored passages. A comment that
    shares enough distinctive words with its article (or parent) is settled without the
    encoder: its line goes without vectors, and an article no comment needs is never embedded.
    With a `cache`, passages embedded by an earlier run are read from it instead.
    """

    def __init__(self, settings: Settings, cache_file: CacheFile | None = None) -> None:
        # Configured as the workers' off_topic is, so that the words that settle a comment here
        # settle it there and the vectors are the ones it reads.
        self._off_topic = make_off_topic(**scorer_kwargs("off_topic", settings))
        self.cache = open_article_cache(self._off_topic, cache_file)

    def attach(self, chunk: Chunk) -> Chunk:
        """The chunk with each article's passages and their vectors filled in where needed."""
        return [self._with_vectors(entry) if isinstance(entry, Item) else entry for entry in chunk]

    def _with_vectors(self, item: Item) -> Item:
        """One line with its article's passages embedded (unchanged when it needs none)."""
        article = item.submission.article
        if article is None or self._off_topic.quick_score(item.submission) is not None:
            return item
        cache = self._off_topic.articles
        entry = cache.entry(article.title, article.body)
        if not entry.passages:
            return item
        embedded = dataclasses.replace(
            article, passages=entry.passages, passage_vectors=cache.vectors(entry)
        )
        return dataclasses.replace(
            item, submission=dataclasses.replace(item.submission, article=embedded)
        )


@dataclasses.dataclass(frozen=True)
class CacheFile:
    """Where a run keeps article passage vectors, and how it reports trouble with the file."""

    path: Path
    warn: Callable[[str], None]


def open_article_cache(
    off_topic: OffTopic, cache_file: CacheFile | None
) -> PassageVectorCache | None:
    """The cache file for this encoder's vectors, read and written by `off_topic`'s articles."""
    if cache_file is None:
        return None
    encoder = off_topic.encoder
    cache = PassageVectorCache(
        cache_file.path, model=encoder.name, dim=encoder.dim, warn=cache_file.warn
    )
    off_topic.articles.store = cache if cache.usable else None
    return cache


def off_topic_scorer(engine: Engine) -> OffTopic | None:
    """The engine's off_topic scorer, if it has one."""
    return next((s for s in engine.pipeline.scorers if isinstance(s, OffTopic)), None)


class WorkerPool:
    """Processes that each build the engine once and score the chunks sent to them.

    Each worker's encoder runs one thread: the cores are shared out as processes instead.
    A configuration error (unknown scorer, unreadable model) reaches `scored`'s caller as
    EngineBuildError.
    """

    def __init__(
        self, settings: Settings, workers: int, article_cache: CacheFile | None = None
    ) -> None:
        self._settings = settings.model_copy(update={"encoder_threads": 1})
        # Built before any worker: the embedder reads the settings the workers will, and an
        # error in them is the same configuration error as a worker's, with no pool to stop.
        self._articles = None
        if "off_topic" in settings.scorers:
            self._articles = _article_embedder(self._settings, article_cache)
        # "spawn": a fresh interpreter per worker; forking a process that may hold
        # onnxruntime or thread pools is unsafe.
        context = multiprocessing.get_context("spawn")
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(self._settings, os.getpid()),
        )
        self._workers = workers

    def check(self) -> None:
        """Start every worker now; a configuration error is raised here.

        One empty chunk per worker starts them all at once (the executor starts processes as
        work arrives), so they load the models side by side instead of one after the other.
        """
        for future in [self._executor.submit(_score_in_worker, []) for _ in range(self._workers)]:
            future.result()

    def scored(self, chunks: Iterable[Chunk]) -> Iterator[Answers]:
        """Answers for each chunk, in input order, with a bounded number of chunks queued."""
        pending: deque[Future[Answers]] = deque()
        for chunk in chunks:
            if self._articles is not None:
                chunk = self._articles.attach(chunk)
            pending.append(self._executor.submit(_score_in_worker, chunk))
            if len(pending) >= self._workers * _QUEUED_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    @property
    def article_cache(self) -> PassageVectorCache | None:
        """The cache file the reading process embeds articles through, if any."""
        return self._articles.cache if self._articles is not None else None

    def close(self) -> None:
        """Stop the workers (queued chunks are dropped) and close the article cache."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self.article_cache is not None:
            self.article_cache.close()


class EngineBuildError(RuntimeError):
    """A worker (or the reading process) could not build the moderation engine's scorers."""


# What a factory raises for bad settings: a bad keyword, a bad value, a missing model file.
_BUILD_ERRORS = (ValueError, TypeError, OSError)


def _article_embedder(settings: Settings, cache_file: CacheFile | None) -> ArticleEmbedder:
    """The reading process's embedder; bad off_topic settings raise EngineBuildError."""
    try:
        return ArticleEmbedder(settings, cache_file)
    except _BUILD_ERRORS as exc:
        raise EngineBuildError(str(exc)) from exc


_worker_settings: Settings | None = None
_worker_engine: Engine | None = None


def _start_worker(settings: Settings, parent: int) -> None:
    """Build the engine as the process starts, so that every worker loads the models at once."""
    global _worker_settings
    _worker_settings = settings
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    # Raised here, the error would only break the pool with its reason lost: the first chunk
    # builds again and raises it to the caller.
    with contextlib.suppress(EngineBuildError):
        _worker_engine_now()


def _exit_with_parent(parent: int) -> None:
    """End this worker once the process that started it is gone.

    A killed `civility moderate` cannot stop its workers, and they would wait for work
    forever: every worker holds the shared queue's write end, so none ever reads its end.
    """
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_S)
    os._exit(1)


def _worker_engine_now() -> Engine:
    """This worker's engine, built on first use; a build that failed is tried again, and raises."""
    global _worker_engine
    if _worker_engine is None:
        assert _worker_settings is not None, "worker started without settings"
        try:
            _worker_engine = build_engine(_worker_settings)
        except _BUILD_ERRORS as exc:
            raise EngineBuildError(str(exc)) from exc
    return _worker_engine


def _score_in_worker(chunk: Chunk) -> Answers:
    """Score one chunk with this worker's engine."""
    return score_chunk(_worker_engine_now(), chunk)
