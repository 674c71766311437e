"""Platt scaling and the precision-target reject threshold."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from civility.ml.calibration import Platt, fit_platt, reject_threshold


def test_ml_calibration_platt_recovers_a_known_mapping() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(0.0, 3.0, 20_000)
    truth = Platt(0.5, -1.0)
    labels = (rng.random(len(logits)) < truth(logits)).astype(float)
    fitted = fit_platt(logits, labels)
    assert fitted.a == pytest.approx(0.5, abs=0.05)
    assert fitted.b == pytest.approx(-1.0, abs=0.1)


def test_ml_calibration_soft_labels_count_as_weights() -> None:
    logits = np.zeros(100)
    fitted = fit_platt(logits, np.full(100, 0.25))
    assert fitted(np.zeros(1))[0] == pytest.approx(0.25, abs=0.01)


def test_ml_calibration_needs_both_classes() -> None:
    with pytest.raises(ValueError, match="both positive and negative"):
        fit_platt(np.arange(5.0), np.ones(5))


def test_ml_calibration_reject_threshold_meets_the_precision_target() -> None:
    probs = np.linspace(0.0, 1.0, 1001)
    labels = (probs >= 0.7).astype(float)
    labels[[700, 950]] = 0.0  # two false alarms among the top
    cut = reject_threshold(probs, labels, precision=0.98, min_flagged=30)
    assert cut is not None
    flagged = probs >= cut
    assert labels[flagged].mean() >= 0.98
    assert 0.69 <= cut <= 0.72


def test_ml_calibration_no_threshold_when_precision_is_never_reached() -> None:
    probs = np.linspace(0.0, 1.0, 200)
    labels = np.tile([1.0, 0.0], 100)
    assert reject_threshold(probs, labels) is None


def test_ml_calibration_stacked_fit_recovers_both_weights() -> None:
    rng = np.random.default_rng(1)
    linear = rng.normal(0.0, 2.0, 20_000)
    neural = rng.normal(0.0, 2.0, 20_000)
    truth = Platt(0.4, -0.5, 0.9)
    labels = (rng.random(len(linear)) < truth(linear, neural)).astype(float)
    fitted = fit_platt(linear, labels, neural)
    assert fitted.a == pytest.approx(0.4, abs=0.06)
    assert fitted.c == pytest.approx(0.9, abs=0.08)
    assert fitted.b == pytest.approx(-0.5, abs=0.1)
    assert fitted.to_json() == [fitted.a, fitted.b, fitted.c]


def test_ml_calibration_stacked_platt_refuses_to_run_without_the_encoder_logits() -> None:
    with pytest.raises(ValueError, match="encoder's logits"):
        Platt(1.0, 0.0, 0.5)(np.zeros(3))


def test_ml_calibration_plain_platt_serialises_as_two_numbers() -> None:
    assert Platt(1.5, -2.0).to_json() == [1.5, -2.0]


def test_ml_calibration_span_score_gets_its_own_weight() -> None:
    rng = np.random.default_rng(2)
    linear = rng.normal(0.0, 2.0, 20_000)
    span = rng.random(20_000)
    truth = Platt(0.6, -1.0, 0.0, 3.0)
    labels = (rng.random(len(linear)) < truth(linear, None, span)).astype(float)
    fitted = fit_platt(linear, labels, span=span)
    assert fitted.c == 0.0
    assert fitted.d == pytest.approx(3.0, abs=0.25)
    assert fitted.to_json() == [fitted.a, fitted.b, 0.0, fitted.d]
    assert Platt(*fitted.to_json()) == fitted


def test_ml_calibration_span_stacked_platt_refuses_to_run_without_the_span_score() -> None:
    with pytest.raises(ValueError, match="span-lexicon score"):
        Platt(1.0, 0.0, 0.0, 2.0)(np.zeros(3))


def test_ml_calibration_an_input_that_would_weigh_negatively_is_left_out() -> None:
    rng = np.random.default_rng(3)
    neural = rng.normal(0.0, 2.0, 20_000)
    linear = neural + rng.normal(0.0, 1.0, 20_000)
    # On this sample the linear logit only corrects the encoder's: a free fit weighs it -0.5.
    truth = Platt(-0.5, 0.0, 1.5)
    labels = (rng.random(len(neural)) < truth(linear, neural)).astype(float)
    free = LogisticRegression(C=1e4).fit(np.c_[linear, neural], labels)
    assert free.coef_[0, 0] < 0
    fitted = fit_platt(linear, labels, neural)
    assert fitted.a == 0.0
    assert fitted.c > 0
