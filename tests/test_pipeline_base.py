"""The Pipeline: scorers run in order, and a scorer that fails or stalls holds the comment."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import pytest

from civility.domain import AuthorTrust, CommentStatus, Score, Submission
from civility.pipeline.base import PerComment, Pipeline, failed_scores
from civility.pipeline.decide import decide
from civility.pipeline.length import make_length
from civility.pipeline.links import make_links
from civility.pipeline.policy import default_policy
from civility.pipeline.shouting import make_shouting


class Raising:
    """A scorer whose model is broken."""

    names: tuple[str, ...] = ("toxicity", "insult")

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        raise RuntimeError("model file is corrupt")


class Preparing:
    """A scorer that starts early: records the batches it was asked to prepare."""

    names: tuple[str, ...] = ("spam",)

    def __init__(self, *, fail: bool = False) -> None:
        self.prepared: list[int] = []
        self.fail = fail

    def prepare(self, batch: Sequence[Submission]) -> None:
        if self.fail:
            raise RuntimeError("no model pass today")
        self.prepared.append(len(batch))

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        return [[Score("spam", 0.1, "no advertising")] for _ in batch]


class Stalling:
    """A scorer that does not answer before it is released."""

    names: tuple[str, ...] = ("off_topic",)

    def __init__(self) -> None:
        self.release = threading.Event()

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        self.release.wait(timeout=10)
        return [[Score("off_topic", 0.0, "on topic")] for _ in batch]


class Miscounting:
    """A scorer that answers for the wrong number of comments."""

    names: tuple[str, ...] = ("spam",)

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        return []


@pytest.fixture
def stalling() -> Iterator[Stalling]:
    scorer = Stalling()
    yield scorer
    scorer.release.set()


def _run(pipeline: Pipeline, text: str) -> list[Score]:
    try:
        return pipeline.run(Submission(text))
    finally:
        pipeline.close()


def test_pipeline_base_keeps_scorer_order() -> None:
    pipeline = Pipeline([make_shouting(), make_length(), make_links()])
    assert pipeline.score_names == ("shouting", "length", "links")
    assert [s.name for s in _run(pipeline, "A calm comment.")] == ["shouting", "length", "links"]


def test_pipeline_base_keeps_batch_order() -> None:
    pipeline = Pipeline([make_length(min_chars=5), make_links()])
    texts = ["long enough", "x", "see a.com b.com c.com", ""]
    try:
        results = pipeline.run_batch([Submission(t) for t in texts])
    finally:
        pipeline.close()
    assert [[s.value for s in scores] for scores in results] == [
        [0.0, 0.0],
        [1.0, 0.0],
        [0.0, 1.0],
        [1.0, 0.0],
    ]


def test_pipeline_base_raising_scorer_fails_each_of_its_scores() -> None:
    scores = _run(Pipeline([make_length(), Raising(), make_links()]), "fine text")
    assert [s.name for s in scores] == ["length", "toxicity", "insult", "links"]
    failed = [s for s in scores if s.failed]
    assert [s.name for s in failed] == ["toxicity", "insult"]
    assert failed[0].reason == "toxicity failed: RuntimeError: model file is corrupt"
    assert all(s.value == 0.0 for s in failed)


def test_pipeline_base_slow_scorer_times_out(stalling: Stalling) -> None:
    scores = _run(Pipeline([stalling, make_length()], timeout_s=0.05), "fine text")
    assert [s.name for s in scores] == ["off_topic", "length"]
    assert scores[0].failed
    assert scores[0].reason == "off_topic failed: timed out after 0.1s"
    assert not scores[1].failed


def test_pipeline_base_miscounting_scorer_fails() -> None:
    scores = _run(Pipeline([Miscounting()]), "fine text")
    assert scores[0].failed
    assert "returned 0 results for 1 comments" in scores[0].reason


@pytest.mark.parametrize("trust", list(AuthorTrust))
def test_pipeline_base_failure_is_never_published(trust: AuthorTrust) -> None:
    scores = _run(Pipeline([Raising(), make_length()]), "a perfectly fine comment")
    decision = decide(scores, default_policy(), trust=trust)
    assert decision.status is not CommentStatus.PUBLISHED
    assert decision.risk == 1.0
    if trust is not AuthorTrust.BANNED:
        assert decision.status is CommentStatus.HELD
        assert "toxicity failed: RuntimeError: model file is corrupt" in [
            r.text for r in decision.reasons
        ]


def test_pipeline_base_timeout_holds(stalling: Stalling) -> None:
    scores = _run(Pipeline([stalling], timeout_s=0.05), "a perfectly fine comment")
    assert decide(scores, default_policy()).status is CommentStatus.HELD


def test_pipeline_base_per_comment_and_failed_scores() -> None:
    scorer = PerComment("length", lambda sub: Score("length", 0.25, "ok"))
    assert scorer.names == ("length",)
    assert scorer([Submission("a"), Submission("b")]) == [
        [Score("length", 0.25, "ok")],
        [Score("length", 0.25, "ok")],
    ]
    assert failed_scores(Raising(), "boom") == [
        Score("toxicity", 0.0, "toxicity failed: boom", failed=True),
        Score("insult", 0.0, "insult failed: boom", failed=True),
    ]


def test_pipeline_lets_scorers_start_early_for_one_comment_only() -> None:
    preparing = Preparing()
    pipeline = Pipeline([make_length(), preparing])
    pipeline.run(Submission("One comment, as the server scores it."))
    pipeline.run_batch([Submission("A batch"), Submission("of two")])
    assert preparing.prepared == [1]
    pipeline.close()


def test_pipeline_scores_a_comment_whose_scorer_could_not_prepare() -> None:
    pipeline = Pipeline([Preparing(fail=True)])
    [score] = pipeline.run(Submission("Still scored."))
    assert (score.name, score.value, score.failed) == ("spam", 0.1, False)
    pipeline.close()
