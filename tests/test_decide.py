"""decide(): scores and a policy make a status, with every reason that pushed it there."""

from __future__ import annotations

import pytest

from civility.domain import AuthorTrust, CommentStatus, ReasonCategory, Score
from civility.pipeline.decide import decide
from civility.pipeline.policy import Policy, Rule

R = ReasonCategory
POLICY = Policy(
    rules=(
        Rule("toxicity", R.ABUSE, "abusive language", hold_at=0.5, reject_at=0.9),
        Rule("off_topic", R.OFF_TOPIC, "off topic", hold_at=0.7),
        Rule("links", R.SPAM, "too many links", hold_at=0.75),
    )
)


def _status(*scores: Score, policy: Policy = POLICY, **kw: AuthorTrust) -> CommentStatus:
    return decide(scores, policy, **kw).status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (0.0, CommentStatus.PUBLISHED),
        (0.49, CommentStatus.PUBLISHED),
        (0.5, CommentStatus.HELD),
        (0.89, CommentStatus.HELD),
        (0.9, CommentStatus.REJECTED),
        (1.0, CommentStatus.REJECTED),
    ],
)
def test_decide_thresholds_are_inclusive(value: float, status: CommentStatus) -> None:
    assert _status(Score("toxicity", value, "why")) is status


def test_decide_off_topic_alone_only_holds() -> None:
    assert _status(Score("off_topic", 1.0, "about cricket")) is CommentStatus.HELD


def test_decide_most_severe_wins_and_every_reason_is_kept() -> None:
    decision = decide(
        [
            Score("links", 1.0, "3 links (limit 2)"),
            Score("toxicity", 0.95, "insulting"),
            Score("off_topic", 0.8, "about cricket"),
        ],
        POLICY,
    )
    assert decision.status is CommentStatus.REJECTED
    assert [(r.category, r.text, r.score_name) for r in decision.reasons] == [
        (R.SPAM, "3 links (limit 2)", "links"),
        (R.ABUSE, "insulting", "toxicity"),
        (R.OFF_TOPIC, "about cricket", "off_topic"),
    ]


def test_decide_scores_without_a_rule_are_recorded_not_judged() -> None:
    scores = [Score("sentiment", 1.0, "very negative")]
    decision = decide(scores, POLICY)
    assert decision.status is CommentStatus.PUBLISHED
    assert decision.reasons == ()
    assert decision.scores == tuple(scores)
    assert decision.risk == 0.0


def test_decide_banned_author_is_rejected() -> None:
    decision = decide([Score("toxicity", 0.0, "civil")], POLICY, trust=AuthorTrust.BANNED)
    assert decision.status is CommentStatus.REJECTED
    assert decision.reasons[-1].category is R.AUTHOR


def test_decide_trusted_author_skips_holds_but_not_rejections() -> None:
    trusted = AuthorTrust.TRUSTED
    assert _status(Score("toxicity", 0.6, "rude"), trust=trusted) is CommentStatus.PUBLISHED
    assert _status(Score("toxicity", 0.95, "abuse"), trust=trusted) is CommentStatus.REJECTED


def test_decide_trusted_author_still_held_when_a_scorer_failed() -> None:
    failed = Score("toxicity", 0.0, "toxicity failed: timed out", failed=True)
    assert _status(failed, trust=AuthorTrust.TRUSTED) is CommentStatus.HELD


def test_decide_failed_score_holds_with_a_review_reason() -> None:
    decision = decide([Score("toxicity", 0.0, "toxicity failed: boom", failed=True)], POLICY)
    assert decision.status is CommentStatus.HELD
    assert decision.reasons[0].category is R.REVIEW
    assert decision.risk == 1.0


def test_decide_premoderation_holds_what_would_be_published() -> None:
    premoderated = Policy(rules=POLICY.rules, premoderate=True)
    decision = decide([Score("toxicity", 0.0, "civil")], premoderated)
    assert decision.status is CommentStatus.HELD
    assert decision.reasons[-1].category is R.REVIEW
    assert _status(Score("toxicity", 0.95, "abuse"), policy=premoderated) is (
        CommentStatus.REJECTED
    )


def test_decide_premoderation_holds_a_trusted_authors_doubtful_comment_too() -> None:
    premoderated = Policy(rules=POLICY.rules, premoderate=True)
    trusted = AuthorTrust.TRUSTED
    rude = decide([Score("toxicity", 0.6, "rude")], premoderated, trust=trusted)
    assert rude.status is CommentStatus.HELD
    assert [r.category for r in rude.reasons] == [R.ABUSE, R.REVIEW]
    civil = decide([Score("toxicity", 0.0, "civil")], premoderated, trust=trusted)
    assert civil.status is CommentStatus.HELD


def test_decide_records_policy_version_and_risk() -> None:
    decision = decide([Score("toxicity", 0.3, "a bit rude"), Score("links", 0.2, "1")], POLICY)
    assert decision.policy_version == POLICY.version
    assert decision.risk == pytest.approx(0.3)
