"""The off_topic scorer with the shipped encoder and calibration: functional cases and the seed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from civility.domain import ArticleContext, CommentStatus, ReasonCategory, Submission
from civility.importers.text import parse_text
from civility.ml.artifacts import ModelFileError
from civility.pipeline.article_passages import (
    article_context,
    embed_article_passages,
    vectors_from_bytes,
)
from civility.pipeline.decide import decide
from civility.pipeline.policy import PolicyError, Rule, build_policy
from civility.pipeline.relevance import (
    CALIBRATION_FILE,
    NAME,
    NO_CONTEXT_VALUE,
    Calibration,
    OffTopic,
    load_calibration,
    make_off_topic,
)

pytestmark = pytest.mark.slow

BUDGET = ArticleContext(
    title="Government unveils budget with tax cuts for families",
    body=(
        "The finance minister presented the federal budget on Tuesday, promising income tax "
        "cuts for middle-class families and a smaller deficit within three years.\n\n"
        "Opposition parties said the spending plan relies on optimistic growth forecasts and "
        "does too little for pensioners, while business groups welcomed the lower corporate "
        "tax rate.\n\n"
        "The budget also sets aside money for new hospitals and for public transit in the "
        "largest cities, to be spent over the next decade."
    ),
)
ON_TOPIC = [
    "Tax cuts now and a smaller deficit later? The growth forecasts will never hold up.",
    "Finally some relief for middle-class families, but pensioners get nothing again.",
    "Spending on transit and hospitals is the only good part of this budget.",
    "The title does not fit the content of the article.",
    "The picture is impressive.",
    "I agree.",
    "Nonsense, the deficit will grow.",
]
ADVERTISING = [
    "Buy cheap designer watches and handbags at discount prices, free shipping worldwide!",
    "Great article! Earn $500 a day from home, see www.cash-now.example.com",
]
OFF_TOPIC = [
    "My grandmother's apple pie recipe needs three cups of flour, cinnamon and a hot oven "
    "for forty minutes until the crust turns golden brown.",
    "The football team played terribly last night and the coach should be fired before "
    "the playoffs start next month, the defence was a disaster.",
]


@pytest.fixture(scope="module")
def scorer() -> OffTopic:
    """The shipped scorer, built once for this module."""
    return make_off_topic()


@pytest.fixture(scope="module")
def encoder_only() -> OffTopic:
    """The shipped scorer without the shared-words first look: every comment is embedded."""
    return make_off_topic(lexical_first=False)


def _value(scorer: OffTopic, sub: Submission) -> tuple[float, str]:
    """The off_topic value and reason of one submission."""
    score = scorer([sub])[0][0]
    assert score.name == NAME
    return score.value, score.reason


@pytest.mark.parametrize("text", ON_TOPIC)
def test_relevance_on_topic_comments_do_not_hold(scorer: OffTopic, text: str) -> None:
    value, reason = _value(scorer, Submission(text=text, article=BUDGET))
    assert value < scorer.calibration.hold_at, reason


@pytest.mark.parametrize("text", OFF_TOPIC)
def test_relevance_unrelated_comments_hold(scorer: OffTopic, text: str) -> None:
    value, reason = _value(scorer, Submission(text=text, article=BUDGET))
    assert value >= scorer.calibration.hold_at, reason
    assert reason.startswith("nothing in the article or the thread is close")


def test_relevance_on_topic_scores_below_off_topic(scorer: OffTopic) -> None:
    subs = [Submission(text=t, article=BUDGET) for t in ON_TOPIC[:3] + OFF_TOPIC + ADVERTISING]
    values = [row[0].value for row in scorer(subs)]
    assert max(values[:3]) < min(values[3:])


@pytest.mark.parametrize("text", ADVERTISING)
def test_relevance_advertising_is_about_as_likely_off_topic_as_not(
    scorer: OffTopic, text: str
) -> None:
    # Short ads share little with any article, but short comments are often terse yet
    # on-topic: the spam scorer, not this one, is the one that holds them.
    value, reason = _value(scorer, Submission(text=text, article=BUDGET))
    assert value > 0.45, reason
    assert "remark about the article" not in reason


def test_relevance_reason_names_the_closest_passage(encoder_only: OffTopic) -> None:
    text = "Money for hospitals and public transit in big cities is long overdue."
    _, reason = _value(encoder_only, Submission(text=text, article=BUDGET))
    assert "closest article passage 3" in reason
    assert "\u201cThe budget also sets aside money for new hospitals" in reason


def test_relevance_reason_of_a_comment_held_below_the_calibrations_line_says_no_on_topic(
    encoder_only: OffTopic,
) -> None:
    text = "The weather in the capital was lovely this weekend, great for a walk."
    score = encoder_only([Submission(text=text, article=BUDGET)])[0][0]
    assert 0.3 < score.value < encoder_only.calibration.hold_at
    # A site whose learned policy holds off-topic comments from 0.3 holds this one.
    lowered = Rule("off_topic", ReasonCategory.OFF_TOPIC, "not about the article", hold_at=0.3)
    decision = decide([score], build_policy([]).with_rules([lowered]))
    assert decision.status is CommentStatus.HELD
    assert "on-topic" not in score.reason
    assert score.reason.startswith("closest article passage ")


def test_relevance_shared_words_clear_without_the_encoder(scorer: OffTopic) -> None:
    text = "Money for hospitals and public transit in big cities is long overdue."
    value, reason = _value(scorer, Submission(text=text, article=BUDGET))
    assert value < scorer.calibration.hold_at
    assert reason.startswith("on-topic: shares ")
    assert "transit" in reason and "article passage 3" in reason


def test_relevance_shared_words_with_parent_clear(scorer: OffTopic) -> None:
    parent = "Haqqani commanders met Taliban negotiators in Islamabad and Peshawar last week."
    text = "Those Haqqani and Taliban negotiators in Peshawar will never agree to anything at all."
    value, reason = _value(scorer, Submission(text=text, article=BUDGET, parent_text=parent))
    assert value < scorer.calibration.hold_at
    assert "with the parent comment" in reason


def test_relevance_first_looks_agree_with_the_encoder(
    scorer: OffTopic, encoder_only: OffTopic
) -> None:
    subs = [Submission(text=t, article=BUDGET) for t in ON_TOPIC + OFF_TOPIC + ADVERTISING]
    hold = scorer.calibration.hold_at
    quick = [row[0].value >= hold for row in scorer(subs)]
    full = [row[0].value >= hold for row in encoder_only(subs)]
    assert quick == full


def test_relevance_reply_continuing_the_conversation_is_on_topic(encoder_only: OffTopic) -> None:
    parent = "Football coaches are paid far too much for what they do."
    text = "Coaches earn millions while players take all the risks on the field every week."
    sub = Submission(text=text, article=BUDGET, parent_text=parent)
    value, reason = _value(encoder_only, sub)
    assert value < encoder_only.calibration.hold_at, reason
    assert "parent comment" in reason


@pytest.mark.parametrize("text", ["@MarkH: Ohh Really ?", "@Amir Wayn: Yes, really."])
def test_relevance_short_replies_are_on_topic(scorer: OffTopic, text: str) -> None:
    value, reason = _value(scorer, Submission(text=text, article=BUDGET))
    assert value < scorer.calibration.hold_at
    assert "short" in reason


def test_relevance_short_reply_far_from_its_thread_is_not_rescued(encoder_only: OffTopic) -> None:
    parent = "Football coaches are paid far too much for what they do."
    floor = encoder_only.calibration.short_reply_floor
    assert floor is not None
    texts = ("Coaches are overpaid, agreed.", "Cheap flights to Bali this week!")
    subs = [Submission(text=text, article=BUDGET, parent_text=parent) for text in texts]
    related_row, unrelated_row = encoder_only(subs)
    assert "short reply" in related_row[0].reason
    assert "short reply" not in unrelated_row[0].reason
    assert unrelated_row[0].value > related_row[0].value


def test_relevance_without_context_is_defined_and_low(scorer: OffTopic) -> None:
    for sub in (Submission(text=OFF_TOPIC[0]), Submission(text="x", article=ArticleContext(""))):
        value, reason = _value(scorer, sub)
        assert value == NO_CONTEXT_VALUE
        assert "not judged" in reason


def test_relevance_uses_stored_passage_vectors(encoder_only: OffTopic) -> None:
    scorer = encoder_only
    stored = embed_article_passages(scorer.encoder, BUDGET.title, BUDGET.body)
    texts = tuple(text for text, _ in stored)
    vectors = vectors_from_bytes([blob for _, blob in stored])
    precomputed = ArticleContext(BUDGET.title, BUDGET.body, 7, texts, vectors)
    subs = [Submission(text=ON_TOPIC[0], article=a) for a in (BUDGET, precomputed)]
    first, second = (row[0] for row in scorer(subs))
    assert abs(first.value - second.value) < 1e-6
    assert first.reason == second.reason


def test_relevance_article_context_from_stored_passages(encoder_only: OffTopic) -> None:
    stored = embed_article_passages(encoder_only.encoder, BUDGET.title, BUDGET.body)
    context = article_context(BUDGET.title, BUDGET.body, 3, stored)
    assert context.article_id == 3
    assert context.passages == tuple(text for text, _ in stored)
    assert context.passage_vectors.shape == (len(stored), 384)
    assert article_context("t", "", None, []).passage_vectors is None


def test_relevance_passage_vectors_with_other_passages_are_used(encoder_only: OffTopic) -> None:
    scorer = encoder_only
    # A caller's stored vectors are trusted as given: the reason quotes their passage texts.
    vector = scorer.encoder.embed(["Income tax cuts for families"])
    article = ArticleContext("t", "", None, ("stored passage",), vector)
    _, reason = _value(scorer, Submission(text=ON_TOPIC[1], article=article))
    assert "\u201cstored passage\u201d" in reason


def test_relevance_stored_vectors_under_the_same_title_are_not_mixed_up(
    encoder_only: OffTopic,
) -> None:
    scorer = encoder_only
    # Two stand-in articles with the same (empty) title and passage text but other vectors,
    # as an evaluation builds them: each comment must be compared with its own.
    taxes, pie = scorer.encoder.embed(["Income tax cuts for families", OFF_TOPIC[0]])
    subs = [
        Submission(text=ON_TOPIC[1], article=ArticleContext("", "", None, ("others",), v[None]))
        for v in (taxes, pie)
    ]
    near, far = (row[0].value for row in scorer(subs))
    assert near < far
    assert [row[0].value for row in scorer(subs[::-1])] == [far, near]


def test_relevance_embeds_each_article_once_per_batch(scorer: OffTopic) -> None:
    article = ArticleContext("A fresh article", "About ferries and harbours " * 5)
    scorer([Submission(text=t, article=article) for t in ON_TOPIC])
    passages, first = scorer.articles.get(article.title, article.body)
    _, again = scorer.articles.get(article.title, article.body)
    assert first is again
    assert passages[0].startswith("A fresh article")


def test_relevance_non_english_comment_is_held_with_reason(scorer: OffTopic) -> None:
    text = (
        "Die Regierung hat den Haushalt vorgestellt, aber die Steuersenkungen reichen "
        "für Familien mit Kindern bei weitem nicht aus."
    )
    scores = scorer([Submission(text=text, article=BUDGET)])[0]
    language = next(s for s in scores if s.name == "language")
    policy = build_policy([scorer])
    decision = decide(scores, policy)
    assert decision.status is CommentStatus.HELD
    assert any(r.category is ReasonCategory.LANGUAGE for r in decision.reasons)
    assert "'de'" in language.reason and "do not read" in language.reason


@pytest.mark.parametrize("text", ["Ohh Really ?", "ok", "", "Wake up! 😀", "Qatar Airways"])
def test_relevance_short_or_unclear_text_is_not_held_for_language(
    scorer: OffTopic, text: str
) -> None:
    language = scorer([Submission(text=text)])[0][1]
    assert language.value < 0.5, language.reason


def test_relevance_rules_hold_and_never_reject(scorer: OffTopic) -> None:
    for rule in scorer.rules:
        rule.check()
        assert rule.reject_at is None and rule.hold_at is not None
    bad = Rule(NAME, ReasonCategory.OFF_TOPIC, "off-topic", reject_at=0.9)
    with pytest.raises(PolicyError):
        bad.check()


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE comments; --",
        "\u202e\u200b\u200d" * 30,
        "\ud800 broken",
        "budget " * 50_000,
    ],
)
def test_relevance_hostile_input_gives_defined_scores(scorer: OffTopic, text: str) -> None:
    scores = scorer([Submission(text=text, article=BUDGET, parent_text=text)])[0]
    assert [s.name for s in scores] == ["off_topic", "language"]
    assert all(0.0 <= s.value <= 1.0 and not s.failed for s in scores)


def test_relevance_calibration_file_is_valid() -> None:
    calibration = load_calibration(CALIBRATION_FILE)
    assert 0.5 <= calibration.hold_at < 1.0
    low = calibration.probability(0.6, 30)
    high = calibration.probability(0.0, 30)
    assert 0.0 < low < high < 1.0


def test_relevance_calibration_without_a_short_reply_floor_always_rescues(tmp_path: Path) -> None:
    data = {"coef": [-4.0, 0.0, 0.0], "intercept": 1.0, "hold_at": 0.6, "model": "m"}
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_calibration(path).short_reply_floor is None


@pytest.mark.parametrize("floor", ["high", [0.1], {"x": 1}])
def test_relevance_calibration_with_a_malformed_floor_is_refused(
    tmp_path: Path, floor: object
) -> None:
    data = {"coef": [-4.0, 0.0, 0.0], "intercept": 1.0, "hold_at": 0.6, "model": "m"}
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({**data, "short_reply_floor": floor}), encoding="utf-8")
    with pytest.raises((ValueError, TypeError)):
        load_calibration(path)


def test_relevance_calibration_probability_is_a_logistic() -> None:
    calibration = Calibration((-4.0, 0.0, 0.0), 1.0, 0.7, "m")
    assert calibration.probability(0.25, 10) == pytest.approx(0.5)
    assert np.isclose(calibration.probability(0.0, 10), 1 / (1 + np.exp(-1.0)))


def test_relevance_seed_comments_are_not_off_topic(scorer: OffTopic, seed_file: Path) -> None:
    imported = parse_text(seed_file.read_bytes())
    article = ArticleContext(title=imported.title, body=imported.body)
    by_author = {c.author_name: c.text for c in imported.comments}
    subs = [
        Submission(text=c.text, article=article, parent_text=by_author.get(c.reply_to_name or ""))
        for c in imported.comments
    ]
    assert len(subs) == 12
    scores = scorer(subs)
    policy = build_policy([scorer])
    for sub, row in zip(subs, scores, strict=True):
        decision = decide(row, policy)
        assert decision.status is CommentStatus.PUBLISHED, (sub.text, row)


def test_relevance_refuses_a_calibration_fitted_on_another_encoder(tmp_path: Path) -> None:
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    data["model"] = "civility-minilm-l4-int8+0000000000"
    other = tmp_path / "calibration.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError, match="calibrated on encoder civility-minilm-l4-int8"):
        make_off_topic(calibration_file=str(other))
