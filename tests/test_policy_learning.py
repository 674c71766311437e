"""Lines learnt from moderators' decisions: the bounds, the learning, the query and the command."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.domain import (
    CommentStatus,
    MissedComment,
    ReasonCategory,
    ReviewedHold,
    Score,
)
from civility.passwords import hash_password
from civility.pipeline.decide import decide
from civility.pipeline.policy import Policy, Rule, default_policy, load_policy_file
from civility.pipeline.policy_learning import (
    MAX_HOLD_LINE,
    MAX_LOWERING,
    Catch,
    Targets,
    catch,
    learn_lines,
    learn_policy,
    lowering_bands,
    simulate,
    wilson_bounds,
)
from civility.store import articles, authors, comments, moderation, moderators
from civility.store.models import ModerationRecord, ScoreRecord
from civility.store.reviewed import published_below, reviewed_holds

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
A, T, S = ReasonCategory.ABUSE, ReasonCategory.OFF_TOPIC, ReasonCategory.SPAM
LINES = ("hold", "reject")
PUBLISHED, HELD, REJECTED = CommentStatus.PUBLISHED, CommentStatus.HELD, CommentStatus.REJECTED


def _policy() -> Policy:
    """The default rules plus model rules like the shipped ones."""
    return default_policy().with_rules(
        [
            Rule("toxicity", A, "rude", hold_at=0.5),
            Rule("insult", A, "insulting", hold_at=0.5),
            Rule("threat", A, "a threat", hold_at=0.5),
            Rule("off_topic", T, "off-topic", hold_at=0.6),
            Rule("spam", S, "spam", hold_at=0.5),
            Rule("language", ReasonCategory.LANGUAGE, "another language", hold_at=0.5),
        ]
    )


def _hold(day: int, rejected: bool, **values: float) -> ReviewedHold:
    """A reviewed hold with these scores (every other model score 0)."""
    names = ("toxicity", "insult", "threat", "off_topic", "spam", "language", "suspect_words")
    scores = tuple(Score(name, values.get(name, 0.0), "") for name in names)
    return ReviewedHold(scores, rejected, NOW + timedelta(days=day))


def _rude_site(seed: int = 13) -> list[ReviewedHold]:
    """Moderators publish mild rudeness (0.5-0.7, insult firing too) and reject the rest."""
    rng = random.Random(seed)
    holds = []
    for day in range(600):
        level = rng.uniform(0.5, 1.0)
        holds.append(_hold(day, level >= 0.7, toxicity=level, insult=min(1.0, level + 0.05)))
    return holds


# --- the bounds


def test_wilson_bounds_match_the_closed_forms() -> None:
    z = 1.645
    low, high = wilson_bounds(0, 100, z)
    assert low == 0.0
    assert high == pytest.approx(z * z / (100 + z * z))
    low, high = wilson_bounds(100, 100, z)
    assert high == 1.0 and low == pytest.approx(100 / (100 + z * z))
    low, high = wilson_bounds(30, 100, z)
    assert low < 0.3 < high
    assert wilson_bounds(0, 0) == (0.0, 1.0)
    # More decisions at the same share narrow the interval.
    assert wilson_bounds(300, 1000)[1] < high


@pytest.mark.parametrize(
    "targets",
    [
        Targets(publish_error=0.0),
        Targets(publish_error=1.0),
        Targets(reject_precision=0.4),
        Targets(reject_precision=1.0),
        Targets(min_decisions=0),
        Targets(catch_share=0.0),
        Targets(catch_share=1.0),
        Targets(catch_share=float("nan")),
    ],
)
def test_targets_that_make_no_sense_are_refused(targets: Targets) -> None:
    with pytest.raises(ValueError):
        learn_policy([], _policy(), targets)


# --- the learning


def test_hold_lines_of_a_category_rise_over_the_band_moderators_publish() -> None:
    holds = _rude_site()
    learned, changes = learn_lines(holds, _policy(), Targets())
    moved = {(c.score, c.line): c for c in changes}
    # Both lines of both rules that fired: the harsh band was rejected every time.
    assert set(moved) == {(name, line) for name in ("toxicity", "insult") for line in LINES}
    toxicity = learned.rule_for("toxicity")
    assert toxicity is not None and toxicity.hold_at is not None
    assert toxicity.reject_at is not None and 0.6 < toxicity.hold_at <= toxicity.reject_at <= 0.71
    # `threat` held nothing the moderators saw: its line stays.
    assert learned.rule_for("threat") == _policy().rule_for("threat")
    outcome = simulate(holds, learned)
    assert outcome.published_but_rejected == 0 == moved["toxicity", "hold"].rejected
    assert outcome.published == moved["toxicity", "hold"].decisions
    # The reject line may take in a few published ones: its target is 98% precision.
    assert outcome.rejected_but_published <= 0.02 * outcome.rejected
    assert outcome.held <= 0.01 * len(holds)


def test_a_rule_with_few_holds_in_the_band_keeps_its_line() -> None:
    threats = [_hold(1000 + i, False, toxicity=0.55, threat=0.55) for i in range(5)]
    learned, changes = learn_lines(_rude_site() + threats, _policy(), Targets())
    assert "threat" not in {c.score for c in changes}
    assert learned.rule_for("threat") == _policy().rule_for("threat")
    assert all(decide(h.scores, learned).status is HELD for h in threats)


def test_nothing_moves_where_moderators_reject_every_band_alike() -> None:
    rng = random.Random(5)
    holds = [
        _hold(day, rng.random() < 0.2, toxicity=rng.uniform(0.5, 1.0), off_topic=0.7)
        for day in range(800)
    ]
    learned, changes = learn_lines(holds, _policy(), Targets(publish_error=0.05))
    assert changes == [] and learned == _policy()


def test_nothing_moves_on_fewer_decisions_than_the_minimum() -> None:
    holds = _rude_site()[:40]
    assert learn_lines(holds, _policy(), Targets(min_decisions=50))[1] == []
    assert learn_lines(holds, _policy(), Targets(min_decisions=50, publish_error=0.5))[1] == []


def test_a_hold_also_made_by_a_rule_no_decision_moves_stays_held() -> None:
    holds = _rude_site()
    # The same mild comments, also written in a language the models do not read.
    foreign = [_hold(1000 + i, False, toxicity=0.55, insult=0.6, language=0.9) for i in range(100)]
    listed = [_hold(2000 + i, False, toxicity=0.55, suspect_words=1.0) for i in range(100)]
    learned, _ = learn_lines(holds + foreign + listed, _policy(), Targets())
    assert all(decide(h.scores, learned).status is HELD for h in foreign + listed)
    language = learned.rule_for("language")
    assert language is not None and language.hold_at == 0.5


def test_reject_lines_fall_over_the_band_moderators_reject() -> None:
    rng = random.Random(7)
    holds = []
    for day in range(1000):
        level = rng.uniform(0.5, 1.0)
        holds.append(_hold(day, level >= 0.85, toxicity=level, spam=level))
    learned, changes = learn_lines(holds, _policy(), Targets())
    lowered = {c.score: c for c in changes if c.line == "reject"}
    assert set(lowered) == {"toxicity", "spam"}
    for name in ("toxicity", "spam"):
        rule = learned.rule_for(name)
        assert rule is not None and rule.reject_at is not None
        assert 0.84 < rule.reject_at <= 0.85 + 0.01
    outcome = simulate(holds, learned)
    assert outcome.rejected_but_published <= outcome.rejected * 0.02


def test_off_topic_never_gets_a_reject_line() -> None:
    holds = [_hold(day, True, off_topic=0.6 + day / 2000) for day in range(600)]
    learned, changes = learn_lines(holds, _policy(), Targets())
    rule = learned.rule_for("off_topic")
    assert rule is not None and rule.reject_at is None
    assert not [c for c in changes if c.score == "off_topic"]


def test_hold_lines_stop_at_the_cap_and_below_reject_lines() -> None:
    holds = [_hold(day, False, toxicity=0.5 + day / 1300) for day in range(640)]
    learned, _ = learn_lines(holds, _policy(), Targets())
    rule = learned.rule_for("toxicity")
    assert rule is not None and rule.hold_at is not None and rule.hold_at <= MAX_HOLD_LINE
    capped = _policy().with_rules([Rule("toxicity", A, "rude", hold_at=0.5, reject_at=0.7)])
    learned, _ = learn_lines(holds, capped, Targets())
    rule = learned.rule_for("toxicity")
    assert rule is not None and rule.hold_at is not None and rule.hold_at <= 0.7


def test_a_failed_score_is_not_read_and_its_comment_stays_held() -> None:
    holds = _rude_site()
    broken = [
        ReviewedHold(
            (Score("toxicity", 0.0, "timed out", failed=True), Score("insult", 0.55, "")),
            False,
            NOW,
        )
        for _ in range(50)
    ]
    learned, _ = learn_lines(holds + broken, _policy(), Targets())
    assert all(decide(h.scores, learned).status is HELD for h in broken)


def test_learning_is_measured_on_the_newest_decisions() -> None:
    holds = _rude_site()
    shuffled = random.Random(3).sample(holds, len(holds))
    learned = learn_policy(shuffled, _policy(), Targets())
    assert (learned.trained_on, learned.tested_on) == (480, 120)
    assert learned.test_before.held == 120 and learned.test_before.queue_saved == 0.0
    newest = sorted(holds, key=lambda h: h.held_at)[-120:]
    assert learned.test_after == simulate(newest, learn_lines(holds[:480], _policy(), Targets())[0])
    assert learned.test_after.published_but_rejected == 0
    assert learned.test_after.queue_saved > 0.2


def _missed(
    score: str, low: float, high: float, share: float, n: int = 400, seed: int = 17
) -> list[MissedComment]:
    """Comments published with `score` spread over [low, high), a `share` of them rejected by a
    moderator afterwards (the rest never reviewed, or approved)."""
    rng = random.Random(seed)
    return [
        MissedComment(1000 + i, score, round(rng.uniform(low, high), 4), rng.random() < share, NOW)
        for i in range(n)
    ]


def test_a_hold_line_falls_over_a_band_of_published_comments_moderators_rejected() -> None:
    # Just below the line moderators rejected most published comments; lower down, few.
    missed = _missed("toxicity", 0.42, 0.5, 0.8) + _missed("toxicity", 0.3, 0.42, 0.05, seed=3)
    learned, changes = learn_lines([], _policy(), Targets(), missed)
    assert [(c.score, c.line, c.old) for c in changes] == [("toxicity", "hold", 0.5)]
    rule = learned.rule_for("toxicity")
    assert rule is not None and rule.hold_at is not None and 0.40 < rule.hold_at < 0.43
    change = changes[0]
    assert change.new == rule.hold_at and change.decisions >= Targets().min_decisions
    assert wilson_bounds(change.rejected, change.decisions)[0] >= Targets().catch_share
    # Only that rule moves: insult's published comments were not in the band.
    assert learned.rule_for("insult") == _policy().rule_for("insult")


def test_no_hold_line_falls_where_moderators_rejected_few_published_comments() -> None:
    few = _missed("toxicity", 0.3, 0.5, 0.3)
    assert learn_lines([], _policy(), Targets(), few)[1] == []
    # Below the minimum of decisions, even a band all rejected moves nothing.
    assert learn_lines([], _policy(), Targets(), _missed("toxicity", 0.45, 0.5, 1.0, n=20))[1] == []
    # Word lists and the language rule are the site's choice: never lowered.
    for name in ("language", "suspect_words"):
        assert learn_lines([], _policy(), Targets(), _missed(name, 0.3, 0.5, 1.0))[1] == []


def test_a_hold_line_falls_at_most_max_lowering_and_never_for_a_rule_also_raised() -> None:
    everything_bad = _missed("toxicity", 0.0, 0.5, 1.0, n=2000)
    learned, _ = learn_lines([], _policy(), Targets(), everything_bad)
    rule = learned.rule_for("toxicity")
    assert rule is not None and rule.hold_at is not None
    assert rule.hold_at >= 0.5 - MAX_LOWERING - 1e-9
    # The holds say "publish more", the published say "hold more": toxicity keeps the raise only.
    learned, changes = learn_lines(_rude_site(), _policy(), Targets(), everything_bad)
    toxicity = [c for c in changes if c.score == "toxicity" and c.line == "hold"]
    assert len(toxicity) == 1 and toxicity[0].new > toxicity[0].old  # type: ignore[operator]


def test_lowered_lines_together_still_hold_mostly_rejected_comments() -> None:
    # The same rejected comments score just under three lines, and each line's band has accepted
    # comments of its own: each line may fall alone (three in four rejected), but the three
    # together would hold about as many accepted comments as rejected ones.
    rng = random.Random(5)
    rejected = [
        MissedComment(i, name, round(rng.uniform(0.42, 0.5), 4), True, NOW)
        for i in range(300)
        for name in ("toxicity", "insult", "threat")
    ]
    accepted = [
        MissedComment(1000 * (k + 1) + i, name, round(rng.uniform(0.42, 0.5), 4), False, NOW)
        for k, name in enumerate(("toxicity", "insult", "threat"))
        for i in range(100)
    ]
    missed = sorted(rejected + accepted, key=lambda item: item.value)
    alone = [
        learn_lines([], _policy(), Targets(), [m for m in missed if m.score == name])[1]
        for name in ("toxicity", "insult", "threat")
    ]
    assert all(len(changes) == 1 for changes in alone)
    learned, changes = learn_lines([], _policy(), Targets(), missed)
    assert 0 < len(changes) < 3
    together = catch(missed, learned)
    assert wilson_bounds(together.held_rejected, together.held)[0] >= Targets().catch_share
    # The lines that stay lowered are the ones each alone would have learnt.
    for change in changes:
        assert any(change == own[0] for own in alone)


def test_lowering_bands_and_catch_count_each_comment_once() -> None:
    bands = dict((name, (low, high)) for name, low, high in lowering_bands(_policy()))
    assert bands["toxicity"] == (0.3, 0.5) and bands["off_topic"] == (0.4, 0.6)
    assert "language" not in bands
    lower = _policy().with_rules([Rule("toxicity", A, "rude", hold_at=0.4)])
    both = [
        MissedComment(1, "toxicity", 0.45, True, NOW),
        MissedComment(1, "insult", 0.45, True, NOW),
        MissedComment(2, "toxicity", 0.35, False, NOW),
        MissedComment(3, "insult", 0.49, False, NOW),
    ]
    assert catch(both, lower) == Catch(published=3, rejected=1, held=1, held_rejected=1)


def test_lowered_lines_are_measured_on_the_newest_published_comments() -> None:
    missed = [
        MissedComment(
            i, "toxicity", round(0.4 + (i % 100) / 1000, 4), i % 5 != 0, NOW + timedelta(hours=i)
        )
        for i in range(1000)
    ]
    learned = learn_policy([], _policy(), Targets(), missed=missed)
    assert learned.published_below == 1000
    found = learned.test_catch
    assert (found.published, found.rejected) == (200, 160)
    assert found.held == 200 and found.held_rejected == 160
    assert learn_policy([], _policy(), Targets()).test_catch == Catch(0, 0, 0, 0)


def test_a_learnt_policy_reads_back_as_a_policy_file(tmp_path: Path) -> None:
    learned, _ = learn_lines(_rude_site(), _policy(), Targets())
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(learned.to_dict()), encoding="utf-8")
    assert load_policy_file(path, _policy()) == learned


# --- the query


def _decided_site(
    session: Session,
    holds: list[tuple[float, CommentStatus | None]],
    *,
    at: datetime = NOW,
    models: str | None = None,
    moderator: str = "mo",
) -> tuple[int, list[int]]:
    """Comments scored at these toxicity values (by `models`), each then decided so by a
    moderator (None: not decided); returns the moderator's id and the comments'."""
    mod = moderators.create(
        session, username=moderator, password_hash=hash_password("correct horse battery"), now=at
    )
    article = articles.add(session, title="Talks", body="Both sides met.", now=at)
    author = authors.get_or_create(session, display_name="Reader", now=at)
    ids = []
    for i, (value, verdict) in enumerate(holds):
        when = at + timedelta(minutes=i)
        comment = comments.add(
            session,
            article_id=article.id,
            author_id=author.id,
            text=f"Comment {i}",
            html=f"<p>Comment {i}</p>",
            status=HELD,
            now=when,
        )
        scores = (Score("toxicity", value, "rude"), Score("insult", value, "insulting"))
        moderation.record(
            session,
            comment_id=comment.id,
            decision=decide(scores, _policy()),
            now=when,
            model_versions=models,
        )
        if verdict is not None:
            moderation.record_review(
                session,
                comment_id=comment.id,
                status=verdict,
                moderator_id=mod.id,
                now=when + timedelta(hours=1),
            )
        ids.append(comment.id)
    return mod.id, ids


def test_reviewed_holds_are_held_then_decided_with_the_holds_scores(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        mod, ids = _decided_site(
            session, [(0.6, PUBLISHED), (0.9, REJECTED), (0.7, None), (0.1, None)]
        )
        # A moderator who changed their mind: the latest decision counts.
        moderation.record_review(
            session,
            comment_id=ids[0],
            status=REJECTED,
            moderator_id=mod,
            now=NOW + timedelta(days=1),
        )
    with session_factory() as session:
        found = reviewed_holds(session, since=None)
        later = reviewed_holds(session, since=NOW + timedelta(seconds=30))
    assert [(h.scores[0].value, h.rejected) for h in found] == [(0.6, True), (0.9, True)]
    assert [s.name for s in found[0].scores] == ["toxicity", "insult"]
    assert [h.scores[0].value for h in later] == [0.9]


def test_reviewed_holds_of_other_models_are_left_out_on_request(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        _decided_site(session, [(0.6, PUBLISHED), (0.9, REJECTED)], models=None)
        _decided_site(session, [(0.7, PUBLISHED)], models="abuse-1 enc-2", moderator="mo2")
        _decided_site(session, [(0.8, REJECTED)], models="abuse-1 enc-3", moderator="mo3")
    with session_factory() as session:
        every = reviewed_holds(session, since=None)
        current = reviewed_holds(session, since=None, model_versions="abuse-1 enc-2")
        unknown = reviewed_holds(session, since=None, model_versions="' OR 1=1 --")
    assert len(every) == 4
    assert [h.scores[0].value for h in current] == [0.7]
    assert unknown == []


def test_published_comments_and_impossible_stored_values_are_left_out(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        _, ids = _decided_site(session, [(0.1, REJECTED), (0.6, PUBLISHED)])
        record = session.query(ModerationRecord).filter_by(comment_id=ids[1]).first()
        assert record is not None
        session.add(ScoreRecord(record_id=record.id, name="spam", value=7.5, reason="", spans=[]))
    with session_factory() as session:
        found = reviewed_holds(session, since=None)
    # The first was published by the system (0.1 holds nothing): reviewed, but not a hold.
    assert len(found) == 1
    assert [s.name for s in found[0].scores] == ["toxicity", "insult"]


def test_published_below_reads_comments_the_system_published_in_the_bands(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        mod, ids = _decided_site(
            session,
            [(0.45, REJECTED), (0.46, None), (0.4, PUBLISHED), (0.2, REJECTED), (0.6, REJECTED)],
        )
        # Rejected after a report, then published again on appeal: the latest decision counts.
        moderation.record_review(
            session, comment_id=ids[2], status=REJECTED, moderator_id=mod, now=NOW + timedelta(1)
        )
        record = session.query(ModerationRecord).filter_by(comment_id=ids[1]).first()
        assert record is not None
        session.add(
            ScoreRecord(record_id=record.id, name="threat", value=0.45, reason="", failed=True)
        )
        _decided_site(
            session,
            [(0.47, REJECTED)],
            at=NOW + timedelta(minutes=10),
            models="abuse-1 enc-2",
            moderator="mo2",
        )
    bands = [("toxicity", 0.3, 0.5), ("threat", 0.3, 0.5)]
    with session_factory() as session:
        found = published_below(session, bands, since=None)
        current = published_below(session, bands, since=None, model_versions="abuse-1 enc-2")
        hostile = published_below(session, bands, since=None, model_versions="' OR 1=1 --")
        later = published_below(session, bands, since=NOW + timedelta(seconds=90))
        none = published_below(session, [], since=None)
    # 0.2 is below the band, 0.6 was held (not published), the failed threat score is not read.
    assert [(m.score, m.value, m.rejected) for m in found] == [
        ("toxicity", 0.45, True),
        ("toxicity", 0.46, False),
        ("toxicity", 0.4, True),
        ("toxicity", 0.47, True),
    ]
    assert [m.value for m in current] == [0.47]
    assert hostile == [] and none == []
    assert [m.value for m in later] == [0.4, 0.47]


# --- the command


def _run(cli_env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["learn-policy", *args], env=cli_env)
    return result.exit_code, result.output


def _filled(session_factory: sessionmaker[Session]) -> None:
    """300 mild holds moderators published, 100 harsh ones they rejected."""
    rng = random.Random(11)
    holds: list[tuple[float, CommentStatus | None]] = [
        (round(rng.uniform(0.5, 0.7), 3), PUBLISHED) for _ in range(300)
    ]
    holds += [(round(rng.uniform(0.75, 1.0), 3), REJECTED) for _ in range(100)]
    rng.shuffle(holds)
    with session_factory.begin() as session:
        _decided_site(session, holds, at=datetime.now(UTC) - timedelta(days=2))


def test_command_writes_a_policy_file_the_site_can_load(
    session_factory: sessionmaker[Session],
    cli_env: dict[str, str],
    tmp_path: Path,
    moderation_engine: object,
) -> None:
    _filled(session_factory)
    out = tmp_path / "learnt.json"
    code, output = _run(cli_env, "--out", str(out))
    assert code == 0, output
    assert "toxicity" in output and f"written: {out}" in output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "400 moderators' decisions" in data["notes"]["learnt_from"]
    base = moderation_engine.policy  # type: ignore[attr-defined]
    learnt = load_policy_file(out, base)
    rule = learnt.rule_for("toxicity")
    # Above every published hold (0.5-0.7); a rejected one or two may fall under it (2% target).
    assert rule is not None and rule.hold_at is not None and 0.7 <= rule.hold_at < 0.8
    code, output = _run(cli_env, "--json", "--all")
    result = json.loads(output)
    assert result["decisions"] == 400 and result["test"]["tested_on"] == 80
    assert {c["score"] for c in result["changes"]} >= {"toxicity", "insult"}


def test_command_lowers_a_hold_line_over_published_comments_moderators_rejected(
    session_factory: sessionmaker[Session],
    cli_env: dict[str, str],
    tmp_path: Path,
    moderation_engine: object,
) -> None:
    # Published at 0.43-0.5 (under the 0.5 lines), nine in ten rejected after a report.
    rng = random.Random(23)
    published: list[tuple[float, CommentStatus | None]] = [
        (round(rng.uniform(0.43, 0.4999), 4), REJECTED if rng.random() < 0.9 else None)
        for _ in range(200)
    ]
    with session_factory.begin() as session:
        _decided_site(session, published, at=datetime.now(UTC) - timedelta(days=2))
    out = tmp_path / "stricter.json"
    code, output = _run(cli_env, "--out", str(out), "--catch-share", "0.6")
    assert code == 0, output
    assert "0 held comments decided by a moderator and 200 comments published just" in output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "200 comments published just below the hold lines" in data["notes"]["learnt_from"]
    learnt = load_policy_file(out, moderation_engine.policy)  # type: ignore[attr-defined]
    for name in ("toxicity", "insult"):
        rule = learnt.rule_for(name)
        assert rule is not None and rule.hold_at is not None and 0.43 <= rule.hold_at < 0.44
    code, output = _run(cli_env, "--json", "--catch-share", "0.6")
    result = json.loads(output)
    assert result["published_below_lines"] == 200
    assert result["test"]["published_below_lines"]["published"] == 40
    lowered = [c for c in result["changes"] if c["line"] == "hold"]
    assert {c["score"] for c in lowered} == {"toxicity", "insult"}
    assert all(c["new"] < c["old"] for c in lowered)
    # Nothing so many were rejected: at a 95% share asked for, no line falls.
    code, output = _run(cli_env, "--json", "--catch-share", "0.95")
    assert json.loads(output)["changes"] == []


def test_command_learns_from_the_current_models_only_on_request(
    session_factory: sessionmaker[Session],
    cli_env: dict[str, str],
    moderation_engine: object,
) -> None:
    _filled(session_factory)  # decided before model versions were recorded
    current = moderation_engine.model_versions  # type: ignore[attr-defined]
    assert current and "abuse-stack" in current
    with session_factory.begin() as session:
        _decided_site(
            session,
            [(0.65, PUBLISHED), (0.95, REJECTED)],
            at=datetime.now(UTC) - timedelta(days=1),
            models=current,
            moderator="mo2",
        )
    code, output = _run(cli_env, "--json", "--current-models")
    assert code == 0, output
    result = json.loads(output)
    assert result["decisions"] == 2 and result["models"] == current and result["changes"] == []
    code, output = _run(cli_env, "--current-models")
    assert code == 0
    assert "2 held comments decided by a moderator and 0 comments published just below" in output
    assert f"scored by {current}" in output
    code, output = _run(cli_env, "--json")
    assert json.loads(output)["decisions"] == 402


def test_command_refuses_current_models_when_no_scorer_has_a_model(
    cli_env: dict[str, str],
) -> None:
    code, output = _run({**cli_env, "CIVILITY_SCORERS": '["length", "links"]'}, "--current-models")
    assert code == 2 and "use no trained model" in output and "Traceback" not in output


def test_command_with_no_decisions_moves_nothing_and_writes_nothing(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "learnt.json"
    code, output = _run(cli_env, "--out", str(out))
    assert code == 0, output
    assert "0 held comments decided" in output and "no line moves" in output
    assert "nothing written" in output and not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--days", "7", "--all"],
        ["--days", "0"],
        ["--days", "'; DROP TABLE comments; --"],
        ["--publish-error", "abc"],
        ["--publish-error", "2"],
        ["--publish-error", "-0.1"],
        ["--publish-error", "nan"],
        ["--reject-precision", "1.5"],
        ["--catch-share", "0"],
        ["--catch-share", "1"],
        ["--catch-share", "nan"],
        ["--catch-share", "\u2009"],
        ["--min-decisions", "0"],
        ["--min-decisions", "9" * 400],
        ["--unknown"],
    ],
)
def test_command_refuses_bad_options_plainly(cli_env: dict[str, str], args: list[str]) -> None:
    code, output = _run(cli_env, *args)
    assert code == 2
    assert "Error" in output and "Traceback" not in output


def test_command_keeps_an_existing_file_and_names_an_unwritable_one(
    session_factory: sessionmaker[Session], cli_env: dict[str, str], tmp_path: Path
) -> None:
    _filled(session_factory)
    existing = tmp_path / "policy.json"
    existing.write_text('{"rules": []}', encoding="utf-8")
    code, output = _run(cli_env, "--out", str(existing))
    assert code == 2 and "exists" in output
    assert existing.read_text(encoding="utf-8") == '{"rules": []}'
    missing = tmp_path / "no-such-folder" / "policy.json"
    code, output = _run(cli_env, "--out", str(missing))
    assert code == 1 and "cannot write" in output and "Traceback" not in output


# --- reject lines lowered together

HEADS = ("toxicity", "severe_toxicity", "insult", "threat", "identity_attack", "profanity")


def _six_heads(published_per_head: int, others: float = 0.55) -> tuple[Policy, list[ReviewedHold]]:
    """Six abuse heads holding at 0.5; 1,000 holds with every head at 0.95 that moderators
    rejected, and per head `published_per_head` holds with that head at 0.95 and the others at
    `others` that moderators published."""
    policy = default_policy().with_rules([Rule(h, A, "abusive", hold_at=0.5) for h in HEADS])
    holds: list[ReviewedHold] = []

    def add(values: dict[str, float], rejected: bool) -> None:
        scores = tuple(Score(h, values[h], "") for h in HEADS)
        holds.append(ReviewedHold(scores, rejected, NOW + timedelta(minutes=len(holds))))

    for _ in range(1000):
        add(dict.fromkeys(HEADS, 0.95), True)
    for head in HEADS:
        for _ in range(published_per_head):
            add({**dict.fromkeys(HEADS, others), head: 0.95}, False)
    return policy, holds


def _moved_lines(before: Policy, after: Policy) -> set[tuple[str, str, float]]:
    """(score, line, new place) of every line `after` has elsewhere than `before`."""
    moved = set()
    for rule in after.rules:
        old = before.rule_for(rule.score)
        assert old is not None
        for line in LINES:
            if getattr(rule, f"{line}_at") != getattr(old, f"{line}_at"):
                moved.add((rule.score, line, getattr(rule, f"{line}_at")))
    return moved


def _newly_rejected_bound(holds: list[ReviewedHold], before: Policy, after: Policy) -> float:
    """Lower 95% bound of the share moderators rejected of the holds `after` newly refuses."""
    old, new = simulate(holds, before), simulate(holds, after)
    newly = new.rejected - old.rejected
    published = new.rejected_but_published - old.rejected_but_published
    return wilson_bounds(newly - published, newly)[0]


def test_reject_lines_each_precise_alone_fall_together_only_while_precise_together() -> None:
    # Each head's band alone: 1,000 rejected of 1,008 (bound 0.986); all six lowered together
    # refuse 1,048 holds of which moderators published 48 (bound 0.942): below the target.
    policy, holds = _six_heads(8)
    targets = Targets()
    for head in HEADS:
        only = default_policy().with_rules([Rule(head, A, "abusive", hold_at=0.5)])
        _, changes = learn_lines(holds, only, targets)
        own = [c for c in changes if c.line == "reject"]
        assert [(c.score, c.new, c.decisions, c.rejected) for c in own] == [
            (head, 0.95, 1008, 1000)
        ]
        assert wilson_bounds(1000, 1008)[0] >= targets.reject_precision
    everything = policy.with_rules(
        [Rule(h, A, "abusive", hold_at=0.5, reject_at=0.95) for h in HEADS]
    )
    assert _newly_rejected_bound(holds, policy, everything) < targets.reject_precision
    learned = learn_policy(holds, policy, targets, test_share=0)
    rejects = [c for c in learned.changes if c.line == "reject"]
    assert len(rejects) == 1  # two together would already refuse 16 published holds: 0.976
    assert _newly_rejected_bound(holds, policy, learned.policy) >= targets.reject_precision
    outcome = simulate(holds, learned.policy)
    assert (outcome.rejected, outcome.rejected_but_published) == (1008, 8)
    # The changes (what the policy file's notes list) are exactly the lines the policy moved:
    # the dropped reject lines are neither applied nor reported.
    reported = {(c.score, c.line, c.new) for c in learned.changes}
    assert reported == _moved_lines(policy, learned.policy)
    for head in HEADS:
        rule = learned.policy.rule_for(head)
        assert rule is not None
        assert (rule.reject_at is None) is (head != rejects[0].score)


def test_reject_lines_precise_together_all_fall() -> None:
    # One published hold per head, the other heads under the hold line: each line alone
    # refuses 1,001 holds (one published), all six together 1,006, six of them published
    # (bound 0.989, over the target), so every line falls.
    policy, holds = _six_heads(1, others=0.3)
    learned = learn_policy(holds, policy, Targets(), test_share=0)
    rejects = {c.score: c for c in learned.changes if c.line == "reject"}
    assert set(rejects) == set(HEADS)
    assert all((c.new, c.decisions, c.rejected) == (0.95, 1001, 1000) for c in rejects.values())
    outcome = simulate(holds, learned.policy)
    assert (outcome.rejected, outcome.rejected_but_published) == (1006, 6)
    assert _newly_rejected_bound(holds, policy, learned.policy) >= Targets().reject_precision
    assert {(c.score, c.line, c.new) for c in learned.changes} == _moved_lines(
        policy, learned.policy
    )


# --- moves dropped together, reported

REJECT_REASON = "it would reject holds moderators published more often than the 98% target allows"
CATCH_REASON = (
    "it would hold published comments that moderators rejected afterwards less often than "
    "the 50% target asks"
)


def test_reject_lines_dropped_together_are_reported_with_why() -> None:
    # As above: each head's line would fall alone, only one falls together; the five left where
    # they are are reported, each with the move its own band justified and the heads it was with.
    policy, holds = _six_heads(8)
    learned = learn_policy(holds, policy, Targets(), test_share=0)
    [kept] = [c.score for c in learned.changes if c.line == "reject"]
    assert kept == "profanity"  # every band alike: the first in the policy's order go first
    dropped = learned.dropped
    assert [d.change.score for d in dropped] == [h for h in HEADS if h != kept]
    for at, d in enumerate(dropped):
        change = d.change
        assert (change.line, change.old, change.new) == ("reject", None, 0.95)
        assert (change.decisions, change.rejected) == (1008, 1000)
        # Its own band alone learns just this move.
        only = default_policy().with_rules([Rule(change.score, A, "abusive", hold_at=0.5)])
        assert [c for c in learn_lines(holds, only, Targets())[1] if c.line == "reject"] == [change]
        # Left with the heads not yet dropped when they failed together.
        assert d.together_with == HEADS[at + 1 :]
        rule = learned.policy.rule_for(change.score)
        assert rule is not None and rule.reject_at is None
    assert dropped[0].reason == (
        "together with severe_toxicity, insult, threat, identity_attack and profanity "
        + REJECT_REASON
    )
    assert dropped[-1].reason == f"together with profanity {REJECT_REASON}"
    # The target named is the one asked for.
    looser = learn_policy(holds, policy, Targets(reject_precision=0.975), test_share=0)
    assert looser.dropped and all("the 97.5% target allows" in d.reason for d in looser.dropped)


def test_no_move_is_reported_dropped_when_all_are_kept() -> None:
    policy, holds = _six_heads(1, others=0.3)
    learned = learn_policy(holds, policy, Targets(), test_share=0)
    assert {c.score for c in learned.changes if c.line == "reject"} == set(HEADS)
    assert learned.dropped == ()
    assert learn_policy(_rude_site(), _policy(), Targets()).dropped == ()


def test_only_the_main_fit_reports_its_dropped_moves() -> None:
    # The published holds spread over time: the fit on the older decisions drops lines too,
    # but only the fit on every decision, whose changes are reported, reports its drops.
    policy, holds = _six_heads(8)
    random.Random(3).shuffle(holds)
    holds = [
        ReviewedHold(h.scores, h.rejected, NOW + timedelta(minutes=i)) for i, h in enumerate(holds)
    ]
    older = holds[: len(holds) - round(len(holds) * 0.2)]
    assert len([c for c in learn_lines(older, policy, Targets())[1] if c.line == "reject"]) < 6
    learned = learn_policy(holds, policy, Targets())
    assert learned.tested_on > 0
    assert learned.dropped == learn_policy(holds, policy, Targets(), test_share=0).dropped
    assert len(learned.dropped) == 5


def test_hold_lowerings_dropped_together_are_reported_with_why() -> None:
    # The data of test_lowered_lines_together_still_hold_mostly_rejected_comments: each line may
    # fall alone, the three together would hold too many accepted comments.
    rng = random.Random(5)
    heads = ("toxicity", "insult", "threat")
    rejected = [
        MissedComment(i, name, round(rng.uniform(0.42, 0.5), 4), True, NOW)
        for i in range(300)
        for name in heads
    ]
    accepted = [
        MissedComment(1000 * (k + 1) + i, name, round(rng.uniform(0.42, 0.5), 4), False, NOW)
        for k, name in enumerate(heads)
        for i in range(100)
    ]
    missed = sorted(rejected + accepted, key=lambda item: item.value)
    learned = learn_policy([], _policy(), Targets(), missed=missed, test_share=0)
    kept = [c.score for c in learned.changes]
    assert [d.change.score for d in learned.dropped] == [h for h in heads if h not in kept]
    assert learned.dropped
    for d in learned.dropped:
        alone = learn_lines(
            [], _policy(), Targets(), [m for m in missed if m.score == d.change.score]
        )
        assert alone[1] == [d.change] and d.change.line == "hold" and d.change.new < 0.5
        assert set(d.together_with) >= set(kept) and d.change.score not in d.together_with
        names = d.together_with
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        assert d.reason == f"together with {listed} {CATCH_REASON}"
        rule = learned.policy.rule_for(d.change.score)
        assert rule is not None and rule.hold_at == 0.5
    assert learned.dropped[0].reason == f"together with insult and threat {CATCH_REASON}"


def _scored_site(
    session: Session, holds: list[tuple[dict[str, float], CommentStatus]], *, at: datetime
) -> None:
    """Held comments with these scores, each then decided so by a moderator."""
    mod = moderators.create(
        session, username="mo", password_hash=hash_password("correct horse battery"), now=at
    )
    article = articles.add(session, title="Talks", body="Both sides met.", now=at)
    author = authors.get_or_create(session, display_name="Reader", now=at)
    for i, (values, verdict) in enumerate(holds):
        when = at + timedelta(minutes=i)
        comment = comments.add(
            session,
            article_id=article.id,
            author_id=author.id,
            text=f"Comment {i}",
            html=f"<p>Comment {i}</p>",
            status=HELD,
            now=when,
        )
        scores = tuple(Score(name, value, name) for name, value in values.items())
        decision = decide(scores, _policy())
        assert decision.status is HELD
        moderation.record(session, comment_id=comment.id, decision=decision, now=when)
        moderation.record_review(
            session,
            comment_id=comment.id,
            status=verdict,
            moderator_id=mod.id,
            now=when + timedelta(hours=1),
        )


def test_command_reports_the_lines_it_left_although_their_own_bands_moved_them(
    session_factory: sessionmaker[Session], cli_env: dict[str, str], tmp_path: Path
) -> None:
    # 100 holds rude and insulting that moderators rejected; 4 rude only and 4 insulting only
    # that they published. Each reject line alone falls to 0.95 (100 of 104 rejected, bound
    # 0.917); both together would refuse 108, 8 of them published (bound 0.873): toxicity's,
    # the first, stays where it is.
    holds = [({"toxicity": 0.95, "insult": 0.95}, REJECTED) for _ in range(100)]
    holds += [({"toxicity": 0.95, "insult": 0.55}, PUBLISHED) for _ in range(4)]
    holds += [({"toxicity": 0.55, "insult": 0.95}, PUBLISHED) for _ in range(4)]
    random.Random(7).shuffle(holds)
    with session_factory.begin() as session:
        _scored_site(session, holds, at=datetime.now(UTC) - timedelta(days=2))
    reason = (
        "together with insult it would reject holds moderators published more often than the "
        "90% target allows"
    )
    out = tmp_path / "learnt.json"
    code, output = _run(cli_env, "--reject-precision", "0.9", "--out", str(out))
    assert code == 0, output
    table = output.splitlines()
    at = table.index(
        "not moved, although each line's own band would move it (new: where it would go):"
    )
    assert table[at + 1 :][:3] == [
        f"{'score':<20}{'line':<8}{'old':>8}{'new':>8}{'decisions':>11}{'rej.':>7}",
        f"{'toxicity':<20}{'reject':<8}{'1':>8}{'0.95':>8}{104:>11}{100:>7}",
        f"  {reason}",
    ]
    # The line kept is in the changes, printed above.
    assert f"{'insult':<20}{'reject':<8}{'-':>8}{'0.95':>8}{104:>11}{100:>7}" in table[:at]
    notes = json.loads(out.read_text(encoding="utf-8"))["notes"]
    assert notes["changes"] == "insult reject None -> 0.95 (104 decisions, 100 rejected)"
    assert notes["dropped"] == (
        f"toxicity reject 1.0 -> 0.95 (104 decisions, 100 rejected): not moved, {reason}"
    )
    code, output = _run(cli_env, "--reject-precision", "0.9", "--json")
    assert code == 0, output
    result = json.loads(output)
    assert [(c["score"], c["line"], c["new"]) for c in result["changes"]] == [
        ("insult", "reject", 0.95)
    ]
    assert result["dropped"] == [
        {
            "score": "toxicity",
            "category": "abuse",
            "line": "reject",
            "old": 1.0,
            "new": 0.95,
            "decisions": 104,
            "rejected": 100,
            "together_with": ["insult"],
            "reason": reason,
        }
    ]


def test_command_reports_no_dropped_line_when_every_move_is_kept(
    session_factory: sessionmaker[Session], cli_env: dict[str, str], tmp_path: Path
) -> None:
    _filled(session_factory)
    out = tmp_path / "learnt.json"
    code, output = _run(cli_env, "--out", str(out))
    assert code == 0, output
    assert "toxicity" in output and "not moved" not in output
    assert json.loads(out.read_text(encoding="utf-8"))["notes"]["dropped"] == ""
    code, output = _run(cli_env, "--json")
    result = json.loads(output)
    assert result["changes"] and result["dropped"] == []
