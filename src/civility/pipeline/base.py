"""The Scorer protocol and the Pipeline that runs scorers without ever losing a comment."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from civility.domain import Score, Submission

log = logging.getLogger(__name__)

# Worker threads one Pipeline may hold. The pool starts a thread only when none is idle, so it
# holds about as many as calls run at once (one per request thread), plus one for each call
# still running past its budget: a timed-out call cannot be stopped and keeps its thread until
# it returns. The cap bounds those threads; past it, a new call waits for a free one at most its
# own budget and then fails like a timed-out call.
MAX_WORKERS = 64


class Scorer(Protocol):
    """Scores a batch of submissions; one list of Scores per submission, in order.

    `names` lists the score names the scorer produces, so that a failure can be
    recorded under each of them. Scorers are built once by a factory in
    registry.py; a call must not touch the database or the web framework.
    """

    @property
    def names(self) -> tuple[str, ...]:
        """The score names this scorer produces, in order."""

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]: ...


@runtime_checkable
class Prefetching(Protocol):
    """A scorer that can start its slow part (a model pass) before its turn comes."""

    def prepare(self, batch: Sequence[Submission]) -> None:
        """Begin work for the batch in the background; return at once."""


@dataclass(frozen=True)
class PerComment:
    """Adapts a one-comment scoring function to the batch Scorer protocol."""

    name: str
    score_one: Callable[[Submission], Score]

    @property
    def names(self) -> tuple[str, ...]:
        """The single score name this scorer produces."""
        return (self.name,)

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        """Score each submission on its own."""
        return [[self.score_one(sub)] for sub in batch]


@dataclass
class _Call:
    """One scorer call, and when a worker began it: the time budget counts from then."""

    scorer: Scorer
    batch: Sequence[Submission]
    started: threading.Event = field(default_factory=threading.Event)
    started_at: float = 0.0

    def __call__(self) -> list[list[Score]]:
        """Run the scorer on a worker thread."""
        self.started_at = time.monotonic()
        self.started.set()
        return self.scorer(self.batch)


class _NoFreeWorker(FutureTimeout):
    """Every worker stayed busy for the whole budget, so the call never began."""


def failed_scores(scorer: Scorer, why: str) -> list[Score]:
    """The scores recorded for a scorer that raised or ran out of time."""
    return [Score(name, 0.0, f"{name} failed: {why}", failed=True) for name in scorer.names]


class Pipeline:
    """Runs the configured scorers in order; a failing scorer is recorded, never fatal."""

    def __init__(self, scorers: Sequence[Scorer], *, timeout_s: float = 3.0) -> None:
        self.scorers = tuple(scorers)
        self.timeout_s = timeout_s
        self._executor = ThreadPoolExecutor(max_workers=MAX_WORKERS)

    @property
    def score_names(self) -> tuple[str, ...]:
        """Every score name the pipeline produces, in order."""
        return tuple(name for scorer in self.scorers for name in scorer.names)

    def run(self, submission: Submission) -> list[Score]:
        """Score one submission with every scorer."""
        return self.run_batch([submission])[0]

    def run_batch(self, batch: Sequence[Submission]) -> list[list[Score]]:
        """Score many submissions at once; ML scorers amortise their work over the batch."""
        results: list[list[Score]] = [[] for _ in batch]
        if len(batch) == 1:
            # One comment (the server's path) leaves a core idle while the rules run; in a
            # batch the workers keep every core busy, and starting early only adds contention
            # (12% more CPU for `civility moderate`, measured).
            for scorer in self.scorers:
                if isinstance(scorer, Prefetching):
                    self._prepare(scorer, batch)
        for scorer in self.scorers:
            for scores, extra in zip(results, self._run_scorer(scorer, batch), strict=True):
                scores.extend(extra)
        return results

    def _prepare(self, scorer: Prefetching, batch: Sequence[Submission]) -> None:
        """Let a scorer start early; if it cannot, its own turn does the work and reports."""
        try:
            scorer.prepare(batch)
        except Exception:
            log.debug("scorer %s could not prepare", type(scorer).__name__, exc_info=True)

    def _run_scorer(self, scorer: Scorer, batch: Sequence[Submission]) -> list[list[Score]]:
        """Call one scorer within its time budget; record a failure instead of raising."""
        budget = self.timeout_s * max(1, len(batch) / 32)
        call = _Call(scorer, batch)
        future = self._executor.submit(call)
        try:
            out = _result(call, future, budget)
            if len(out) != len(batch):
                raise ValueError(f"returned {len(out)} results for {len(batch)} comments")
            return out
        except FutureTimeout as exc:
            waited = " waiting for a free worker" if isinstance(exc, _NoFreeWorker) else ""
            why = f"timed out after {budget:.1f}s{waited}"
            log.warning("scorer %s %s", scorer.names, why)
            return [failed_scores(scorer, why) for _ in batch]
        except Exception as exc:
            log.exception("scorer %s raised", scorer.names)
            why = f"{type(exc).__name__}: {exc}"[:200]
            return [failed_scores(scorer, why) for _ in batch]

    def close(self) -> None:
        """Release the worker threads."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def _result(call: _Call, future: Future[list[list[Score]]], budget: float) -> list[list[Score]]:
    """The call's answer within `budget` of its start; a call that cannot start fails too."""
    # Waiting in the queue does not count against the scorer: a call waits there only while
    # every worker is busy, and then at most the budget, so that no request waits forever.
    if not call.started.wait(budget):
        if future.cancel():
            raise _NoFreeWorker
        call.started.wait()  # a worker took it just now and is about to begin
    remaining = call.started_at + budget - time.monotonic()
    return future.result(timeout=max(0.0, remaining))
