"""Runs only the scorers a request needs: an interop call for TOXICITY skips the rest."""

from __future__ import annotations

import threading
from collections.abc import Collection

from civility.pipeline.base import Pipeline


class SubPipelines:
    """Pipelines over subsets of one pipeline's scorers, built once per subset and reused."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._built: dict[frozenset[str], Pipeline] = {}
        self._lock = threading.Lock()

    def for_names(self, names: Collection[str]) -> Pipeline:
        """A pipeline of the scorers that produce any of `names`, in the configured order."""
        key = frozenset(names)
        with self._lock:
            if key not in self._built:
                scorers = [s for s in self.pipeline.scorers if key.intersection(s.names)]
                self._built[key] = Pipeline(scorers, timeout_s=self.pipeline.timeout_s)
            return self._built[key]

    def close(self) -> None:
        """Release the worker threads of every subset pipeline."""
        with self._lock:
            for pipeline in self._built.values():
                pipeline.close()
            self._built.clear()
