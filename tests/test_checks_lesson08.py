"""The self-checks of lesson 08 accept right answers (✅) and refuse wrong ones (❌)."""

import math

import numpy as np
import pytest
from verdicts import verdict_of

from helpers.checks import lesson08


def test_he_std(capsys):
    assert verdict_of(capsys, lesson08.check_he_std, math.sqrt(2 / 256)).startswith("✅")
    assert verdict_of(capsys, lesson08.check_he_std, 0.0884).startswith("✅")
    assert verdict_of(capsys, lesson08.check_he_std, 0.088).startswith("✅")   # 2 figures
    out = verdict_of(capsys, lesson08.check_he_std, 0.09)
    assert out.startswith("❌") and "more digits, please" in out and "formula" not in out
    out = verdict_of(capsys, lesson08.check_he_std, 0.087)
    assert out.startswith("❌") and "formula" in out
    out = verdict_of(capsys, lesson08.check_he_std, 0.063)            # sqrt(1/256), rounded
    assert out.startswith("❌") and "Xavier" in out
    assert verdict_of(capsys, lesson08.check_he_std, float("nan")).startswith("❌")
    assert verdict_of(capsys, lesson08.check_he_std, "0.0884").startswith("❌")
    out = verdict_of(capsys, lesson08.check_he_std, math.sqrt(1 / 256))
    assert out.startswith("❌") and "Xavier" in out
    out = verdict_of(capsys, lesson08.check_he_std, 2 / 256)
    assert out.startswith("❌") and "square root" in out
    assert verdict_of(capsys, lesson08.check_he_std, ...).startswith("❌")


def test_glorot_std(capsys):
    assert verdict_of(capsys, lesson08.check_glorot_std,
                      math.sqrt(2 / (784 + 256))).startswith("✅")
    # The solution prints ≈ 0.0439: an answer right to 2 figures, rounded or cut off, is right
    # (as in every lesson: helpers.checks).
    for typed in (0.0439, 0.044, 0.04385, 0.0438, np.float32(0.0439)):
        assert verdict_of(capsys, lesson08.check_glorot_std, typed).startswith("✅"), typed
    out = verdict_of(capsys, lesson08.check_glorot_std, 0.04)
    assert out.startswith("❌") and "more digits, please" in out and "formula" not in out
    out = verdict_of(capsys, lesson08.check_glorot_std, 0.042)        # wrong in the 2nd figure
    assert out.startswith("❌") and "formula" in out
    out = verdict_of(capsys, lesson08.check_glorot_std, 0.036)        # the book's Xavier, rounded
    assert out.startswith("❌") and "book's Xavier" in out
    out = verdict_of(capsys, lesson08.check_glorot_std, math.sqrt(1 / 784))
    assert out.startswith("❌") and "book's Xavier" in out
    out = verdict_of(capsys, lesson08.check_glorot_std, math.sqrt(6 / (784 + 256)))
    assert out.startswith("❌") and "GlorotUniform" in out
    assert verdict_of(capsys, lesson08.check_glorot_std, 0.05).startswith("❌")


def test_batchnorm_forward(capsys):
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0], [7.0, 2.0]])
    gamma, beta = np.array([1.0, 2.0]), np.array([0.0, 1.0])
    # An independent computation of the right answer, feature by feature.
    right = np.empty_like(x)
    for j in range(2):
        column = x[:, j]
        mean = sum(column) / 4
        variance = sum((v - mean) ** 2 for v in column) / 4
        right[:, j] = gamma[j] * (column - mean) / math.sqrt(variance + 1e-3) + beta[j]
    assert verdict_of(capsys, lesson08.check_batchnorm_forward, right).startswith("✅")
    unbiased = gamma * (x - x.mean(0)) / np.sqrt(x.var(0, ddof=1) + 1e-3) + beta
    out = verdict_of(capsys, lesson08.check_batchnorm_forward, unbiased)
    assert out.startswith("❌") and "ddof=1" in out
    x_hat = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3)
    out = verdict_of(capsys, lesson08.check_batchnorm_forward, x_hat)
    assert out.startswith("❌") and "gamma" in out
    rows = (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + 1e-3)
    out = verdict_of(capsys, lesson08.check_batchnorm_forward, gamma * rows + beta)
    assert out.startswith("❌") and "axis=0" in out
    out = verdict_of(capsys, lesson08.check_batchnorm_forward, right[:2])
    assert out.startswith("❌") and "shape" in out


def test_warm_up_steps(capsys):
    assert verdict_of(capsys, lesson08.check_warm_up_steps, 459).startswith("✅")
    assert verdict_of(capsys, lesson08.check_warm_up_steps,
                      math.ceil(math.log(0.01) / math.log(0.99))).startswith("✅")
    assert verdict_of(capsys, lesson08.check_warm_up_steps, 459.0).startswith("✅")
    out = verdict_of(capsys, lesson08.check_warm_up_steps, 458.5)
    assert out.startswith("❌") and "whole number" in out
    out = verdict_of(capsys, lesson08.check_warm_up_steps, 458)
    assert out.startswith("❌") and "just below" in out
    assert verdict_of(capsys, lesson08.check_warm_up_steps, 100).startswith("❌")
    assert verdict_of(capsys, lesson08.check_warm_up_steps, "459 steps").startswith("❌")
    assert verdict_of(capsys, lesson08.check_warm_up_steps, ...).startswith("❌")


def compact_dx(x, gamma, dout, eps=1e-3):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    dx_hat = gamma * dout
    return (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)) / std


def test_batchnorm_backward(capsys):
    assert verdict_of(capsys, lesson08.check_batchnorm_backward, compact_dx).startswith("✅")


@pytest.mark.parametrize("wrong, hint", [
    (lambda x, gamma, dout, eps=1e-3: gamma * dout / np.sqrt(x.var(axis=0) + eps), "ignores"),
    (lambda x, gamma, dout, eps=1e-3: compact_dx(x, gamma, dout, eps) * 2, "differs"),
    (lambda x, gamma, dout, eps=1e-3: compact_dx(x, gamma, dout, eps)[:1], "same shape"),
    (lambda x, gamma, dout, eps=1e-3: None, "returned nothing"),
    (lambda x, gamma, dout, eps=1e-3: 1 / 0, "ZeroDivisionError"),
    (compact_dx(np.ones((3, 2)) * [[1], [2], [3]], np.ones(2), np.ones((3, 2))), "function"),
])
def test_batchnorm_backward_refuses(capsys, wrong, hint):
    out = verdict_of(capsys, lesson08.check_batchnorm_backward, wrong)
    assert out.startswith("❌") and hint in out
