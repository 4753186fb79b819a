"""helpers.checks.lesson04: a right answer prints ✅, a wrong or empty one ❌ (never raises)."""

import math

import numpy as np
import pytest
from verdicts import ok, wrong

from helpers.checks import lesson04
from helpers.functions import cross_entropy_error
from helpers.gradients import numerical_diff, numerical_gradient


def test_batch_cross_entropy(capsys):
    # By hand: -(log 0.7 + log 0.3 + log 0.5) / 3
    by_hand = -(math.log(0.7) + math.log(0.3) + math.log(0.5)) / 3
    assert by_hand == pytest.approx(0.751265, abs=1e-6)
    ok(capsys, lesson04.check_batch_cross_entropy, by_hand)
    # The helper adds 1e-7 inside the log: still accepted.
    ok(capsys, lesson04.check_batch_cross_entropy,
       cross_entropy_error(lesson04.Y_BATCH, lesson04.T_BATCH))
    ok(capsys, lesson04.check_batch_cross_entropy, np.float32(by_hand))
    assert "divide" in wrong(capsys, lesson04.check_batch_cross_entropy, 3 * by_hand)
    assert "sign" in wrong(capsys, lesson04.check_batch_cross_entropy, -by_hand)
    largest = -(math.log(0.7) + math.log(0.5) + math.log(0.5)) / 3
    assert "TRUE class" in wrong(capsys, lesson04.check_batch_cross_entropy, largest)
    wrong(capsys, lesson04.check_batch_cross_entropy, 0.5)
    assert "placeholder" in wrong(capsys, lesson04.check_batch_cross_entropy, ...)
    assert "single number" in wrong(capsys, lesson04.check_batch_cross_entropy, [0.1, 0.2])
    assert "single number" in wrong(capsys, lesson04.check_batch_cross_entropy, "0.75")
    assert "log(0)" in wrong(capsys, lesson04.check_batch_cross_entropy, float("inf"))


def test_batch_cross_entropy_to_the_digits_printed(capsys):
    # The solution prints 0.7513: four significant figures, rounded or cut, are enough.
    for typed in (0.7513, 0.75127, 0.7512, np.float64(0.7513)):
        ok(capsys, lesson04.check_batch_cross_entropy, typed)
    # Right, but with fewer figures than the lesson prints: ask for digits, not a new formula.
    for typed, figures in ((0.751, "3 significant figures"), (0.75, "2 significant figures")):
        out = wrong(capsys, lesson04.check_batch_cross_entropy, typed)
        assert "more digits, please" in out and figures in out and "formula" not in out
    # Wrong to four figures, or a known mistake typed from a printout.
    assert "more digits" not in wrong(capsys, lesson04.check_batch_cross_entropy, 0.7531)
    assert "divide" in wrong(capsys, lesson04.check_batch_cross_entropy, 2.254)
    assert "sign" in wrong(capsys, lesson04.check_batch_cross_entropy, -0.7513)
    assert "natural log" in wrong(capsys, lesson04.check_batch_cross_entropy,
                                  -np.mean(np.log10([0.7, 0.3, 0.5])))
    assert "natural log" in wrong(capsys, lesson04.check_batch_cross_entropy, 1.084)  # log2


def test_derivative(capsys):
    def f(x):
        return x**3 - 2 * x

    ok(capsys, lesson04.check_derivative, numerical_diff(f, 2.0))
    ok(capsys, lesson04.check_derivative, 10)
    h = 1e-4
    forward = (f(2.0 + h) - f(2.0)) / h
    assert "forward difference" in wrong(capsys, lesson04.check_derivative, forward)
    assert "forward difference" in wrong(capsys, lesson04.check_derivative, 10.0006)  # printed
    ok(capsys, lesson04.check_derivative, 10.0)
    assert "f(2) itself" in wrong(capsys, lesson04.check_derivative, 4.0)
    wrong(capsys, lesson04.check_derivative, 12.0)
    assert "placeholder" in wrong(capsys, lesson04.check_derivative, None)


def test_gradient(capsys):
    def f(x):
        return x[0] ** 2 + 3 * x[0] * x[1] + 2 * x[1] ** 3

    ok(capsys, lesson04.check_gradient, numerical_gradient(f, np.array([1.0, -1.0])))
    ok(capsys, lesson04.check_gradient, [-1, 9])
    assert "swapped" in wrong(capsys, lesson04.check_gradient, [9.0, -1.0])
    assert "flipped" in wrong(capsys, lesson04.check_gradient, [1.0, -9.0])
    assert "shape" in wrong(capsys, lesson04.check_gradient, [-1.0, 9.0, 0.0])
    wrong(capsys, lesson04.check_gradient, [-1.0, 8.0])
    wrong(capsys, lesson04.check_gradient, "gradient")
    assert "placeholder" in wrong(capsys, lesson04.check_gradient, ...)


def test_learning_rates(capsys):
    ok(capsys, lesson04.check_learning_rates, 0.5, 1.0)
    ok(capsys, lesson04.check_learning_rates, 1 / 2, 1)
    out = wrong(capsys, lesson04.check_learning_rates, 0.1, 1.0)
    assert "0.8" in out
    assert "grows" in wrong(capsys, lesson04.check_learning_rates, 0.5, 1.5)
    assert "shrinks" in wrong(capsys, lesson04.check_learning_rates, 0.5, 0.9)
    assert "placeholder" in wrong(capsys, lesson04.check_learning_rates, 0.5, ...)
    assert "two numbers" in wrong(capsys, lesson04.check_learning_rates, "0.5", 1.0)


def test_loss_evaluations(capsys):
    params = 784 * 50 + 50 + 50 * 10 + 10
    assert params == 39_760
    out = ok(capsys, lesson04.check_loss_evaluations, 2 * params)
    assert "79,520" in out
    ok(capsys, lesson04.check_loss_evaluations, np.int64(79_520))
    assert "number of parameters" in wrong(capsys, lesson04.check_loss_evaluations, params)
    assert "biases" in wrong(capsys, lesson04.check_loss_evaluations, 2 * (784 * 50 + 50 * 10))
    assert "biases" in wrong(capsys, lesson04.check_loss_evaluations, 784 * 50 + 50 * 10)
    wrong(capsys, lesson04.check_loss_evaluations, 1000)
    assert "placeholder" in wrong(capsys, lesson04.check_loss_evaluations, ...)
    assert "whole number" in wrong(capsys, lesson04.check_loss_evaluations, "many")
