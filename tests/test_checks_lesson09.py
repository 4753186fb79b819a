"""The self-checks of lesson 09 accept right answers (✅) and refuse wrong ones (❌)."""

import warnings

import numpy as np
import pytest
from verdicts import verdict_of

from helpers.checks import lesson09


def test_l2_penalty(capsys):
    # 1 + 4 + 0.25 + 0 + 9 + 1 = 15.25 by hand; half of 0.1 times that.
    assert verdict_of(capsys, lesson09.check_l2_penalty, 0.7625).startswith("✅")
    out = verdict_of(capsys, lesson09.check_l2_penalty, 1.525)
    assert out.startswith("❌") and "½" in out
    out = verdict_of(capsys, lesson09.check_l2_penalty, 0.5 * 0.1 * 7.5)
    assert out.startswith("❌") and "L1" in out
    out = verdict_of(capsys, lesson09.check_l2_penalty, 0.5 * 0.1 * 5.25)
    assert out.startswith("❌") and "W2" in out
    assert verdict_of(capsys, lesson09.check_l2_penalty, ...).startswith("❌")


def test_keras_l2(capsys):
    assert verdict_of(capsys, lesson09.check_keras_l2, 0.002).startswith("✅")
    out = verdict_of(capsys, lesson09.check_keras_l2, 0.008)
    assert out.startswith("❌") and "other way round" in out
    out = verdict_of(capsys, lesson09.check_keras_l2, 0.004)
    assert out.startswith("❌") and "factor 2" in out


def test_decay_factor(capsys):
    assert verdict_of(capsys, lesson09.check_decay_factor, 0.9995).startswith("✅")
    out = verdict_of(capsys, lesson09.check_decay_factor, 0.0005)
    assert out.startswith("❌") and "1 minus" in out
    assert verdict_of(capsys, lesson09.check_decay_factor, 0.995).startswith("❌")
    assert verdict_of(capsys, lesson09.check_decay_factor, "0.9995").startswith("✅")


def right_dropout(x, rate, rng):
    keep = rng.random(x.shape) >= rate
    return x * keep / (1 - rate)


def mutating_dropout(x, rate, rng):
    x *= (rng.random(x.shape) >= rate) / (1 - rate)
    return x


@pytest.mark.parametrize("wrong, hint", [
    (lambda x, rate, rng: x * (rng.random(x.shape) >= rate), "not scaled"),
    (lambda x, rate, rng: x * (rng.random(x.shape) >= rate) * (1 - rate), "test-time"),
    (lambda x, rate, rng: x * (rng.random(x.shape) < rate) / (1 - rate), "right way round"),
    (lambda x, rate, rng: x[:10], "shape"),
    (lambda x, rate, rng: None, "returned nothing"),
    (lambda x, rate, rng: undefined_name, "NameError"),  # noqa: F821
    (mutating_dropout, "changed its input"),
    (0.5, "function itself"),
])
def test_inverted_dropout(capsys, wrong, hint):
    assert verdict_of(capsys, lesson09.check_inverted_dropout, right_dropout).startswith("✅")
    out = verdict_of(capsys, lesson09.check_inverted_dropout, wrong)
    assert out.startswith("❌") and hint in out


def test_log_uniform(capsys):
    good = lambda n, rng: 10 ** rng.uniform(-4, -1, size=n)  # noqa: E731
    assert verdict_of(capsys, lesson09.check_log_uniform, good).startswith("✅")
    linear = lambda n, rng: rng.uniform(1e-4, 1e-1, size=n)  # noqa: E731
    out = verdict_of(capsys, lesson09.check_log_uniform, linear)
    assert out.startswith("❌") and "linear scale" in out
    too_wide = lambda n, rng: 10 ** rng.uniform(-5, -1, size=n)  # noqa: E731
    out = verdict_of(capsys, lesson09.check_log_uniform, too_wide)
    assert out.startswith("❌") and "between 0.0001 and 0.1" in out
    skewed = lambda n, rng: 10 ** (-4 + 3 * rng.uniform(0, 1, size=n) ** 2)  # noqa: E731
    out = verdict_of(capsys, lesson09.check_log_uniform, skewed)
    assert out.startswith("❌") and "33%" in out
    out = verdict_of(capsys, lesson09.check_log_uniform, lambda n, rng: 0.01)
    assert out.startswith("❌") and "20,000 numbers" in out


def test_split(capsys):
    order = np.random.default_rng(0).permutation(500)
    assert verdict_of(capsys, lesson09.check_split, order[:400], order[400:]).startswith("✅")
    out = verdict_of(capsys, lesson09.check_split, np.arange(400), np.arange(400, 500))
    assert out.startswith("❌") and "shuffle" in out
    out = verdict_of(capsys, lesson09.check_split, order[:400], order[300:400])
    assert out.startswith("❌") and "both parts" in out
    out = verdict_of(capsys, lesson09.check_split, order[:400], order[:50])
    assert out.startswith("❌") and "100 validation" in out
    doubled = np.concatenate([order[:399], order[:1]])
    out = verdict_of(capsys, lesson09.check_split, doubled, order[400:])
    assert out.startswith("❌") and "exactly once" in out
    assert verdict_of(capsys, lesson09.check_split, ..., ...).startswith("❌")


@pytest.mark.parametrize("start", [0, 137, 200, 400])
def test_split_refuses_any_block(capsys, start):
    # Any run of 100 consecutive indices is a block, not a random sample, wherever it starts.
    val = np.arange(start, start + 100)
    train = np.setdiff1d(np.arange(500), val)
    out = verdict_of(capsys, lesson09.check_split, train, val)
    assert out.startswith("❌") and "consecutive" in out and "shuffle" in out
    shuffled = np.random.default_rng(1).permutation(val)        # the same block, reordered
    out = verdict_of(capsys, lesson09.check_split, train, shuffled)
    assert out.startswith("❌") and "consecutive" in out


def test_split_refuses_evenly_spaced(capsys):
    val = np.arange(0, 500, 5)
    out = verdict_of(capsys, lesson09.check_split, np.setdiff1d(np.arange(500), val), val)
    assert out.startswith("❌") and "evenly spaced" in out


def test_split_accepts_floats_and_lists(capsys):
    order = np.random.default_rng(0).permutation(500)
    out = verdict_of(capsys, lesson09.check_split, order[:400].astype(float),
                     order[400:].tolist())
    assert out.startswith("✅")


@pytest.mark.parametrize("bad, hint", [
    (np.full(100, np.nan), "NaN"),
    (float("nan"), "NaN"),
    (np.full(100, np.inf), "NaN or infinite"),
    (np.arange(100) + 0.5, "whole numbers"),
    (np.full(100, 1e30), "0..499"),
    (np.arange(500) < 100, "mask"),
    (["a"] * 100, "whole-number indices"),
    ([[1, 2], [3]], "whole-number indices"),
])
def test_split_bad_values_get_a_hint_without_warnings(capsys, bad, hint):
    order = np.random.default_rng(0).permutation(500)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # a RuntimeWarning would fail the test
        out = verdict_of(capsys, lesson09.check_split, order[:400], bad)
        assert out.startswith("❌") and hint in out, out
        out = verdict_of(capsys, lesson09.check_split, bad, order[400:])
        assert out.startswith("❌") and hint in out, out
