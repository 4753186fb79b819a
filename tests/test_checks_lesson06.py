"""The lesson 06 exercise checks accept right answers (worked out here by hand, or with the
lesson's own tools where the lesson asks for them) and refuse wrong ones with a hint."""

import math

import numpy as np
from verdicts import ok, wrong

from helpers.autograd import Value
from helpers.checks import lesson06

# ---------------------------------------------------------------- exercise 1


def test_updates(capsys):
    # 10,000 / 32 = 312.5: 312 full batches and one of 16 images, so 313 per epoch.
    assert "313" in ok(capsys, lesson06.check_updates, (313, 1565))
    ok(capsys, lesson06.check_updates, [313.0, 1565.0])
    assert "last, smaller batch" in wrong(capsys, lesson06.check_updates, (312, 1560))
    assert "whole number" in wrong(capsys, lesson06.check_updates, (312.5, 1562.5))
    assert "counts images" in wrong(capsys, lesson06.check_updates, (10_000, 50_000))
    assert "every epoch" in wrong(capsys, lesson06.check_updates, (313, 313))
    assert "two numbers" in wrong(capsys, lesson06.check_updates, 313)
    assert "placeholder" in wrong(capsys, lesson06.check_updates, ...)


# ---------------------------------------------------------------- exercise 2


def test_bias_step(capsys):
    # y - t = [[-0.3, 0.2, 0.1], [0.3, 0.3, -0.6]]; summed [0, 0.5, -0.5]; / 2 = [0, 0.25, -0.25]
    # b2 - 0.5 * db2 = [0.1, 0 - 0.125, -0.1 + 0.125]
    right = (0.1, -0.125, 0.025)
    ok(capsys, lesson06.check_bias_step, right)
    ok(capsys, lesson06.check_bias_step, np.array(right))
    assert "more digits" in wrong(capsys, lesson06.check_bias_step, (0.1, -0.13, 0.03))
    assert "divide" in wrong(capsys, lesson06.check_bias_step, (0.1, -0.25, 0.15))
    assert "uphill" in wrong(capsys, lesson06.check_bias_step, (0.1, 0.125, -0.225))
    wrong(capsys, lesson06.check_bias_step, (0.1, -0.2, 0.1))
    assert "three numbers" in wrong(capsys, lesson06.check_bias_step, (0.1, -0.125))
    assert "placeholder" in wrong(capsys, lesson06.check_bias_step, None)


# ---------------------------------------------------------------- exercise 3


def test_value_gradients(capsys):
    x, y = Value(0.5), Value(-1.5)
    f = (x * y + x).tanh()
    f.backward()
    ok(capsys, lesson06.check_value_gradients, (x.grad, y.grad))
    u = 0.5 * -1.5 + 0.5
    local = 1 - math.tanh(u) ** 2
    ok(capsys, lesson06.check_value_gradients, (local * -0.5, local * 0.5))  # the closed form
    ok(capsys, lesson06.check_value_gradients, (-0.47, 0.47))  # 3 significant figures: 0.470
    assert "more digits" in wrong(capsys, lesson06.check_value_gradients, (-0.5, 0.47))
    assert "local gradient" in wrong(capsys, lesson06.check_value_gradients, (-1.5 + 1, 0.5))
    wrong(capsys, lesson06.check_value_gradients, (0.47, -0.47))
    assert "placeholder" in wrong(capsys, lesson06.check_value_gradients, ...)


# ---------------------------------------------------------------- exercise 4


def test_overhead(capsys):
    # (2.37 - 0.50) / 600 s = 3.1167 ms; (1.19 - 0.50) / 600 s = 1.15 ms
    assert "0.83 ms" in ok(capsys, lesson06.check_overhead, (3.1167, 1.15))
    ok(capsys, lesson06.check_overhead, (3.12, 1.15))
    assert "more digits" in wrong(capsys, lesson06.check_overhead, (3.1, 1.15))
    assert "milliseconds" in wrong(capsys, lesson06.check_overhead, (0.0031167, 0.00115))
    assert "whole step" in wrong(capsys, lesson06.check_overhead, (3.95, 1.98333))
    assert "floor" in wrong(capsys, lesson06.check_overhead, (3.4, 1.4333))
    assert "60,000 images" in wrong(capsys, lesson06.check_overhead, (0.031167, 0.0115))
    wrong(capsys, lesson06.check_overhead, (1.87, 0.69))
    assert "two numbers" in wrong(capsys, lesson06.check_overhead, 3.1)
    assert "placeholder" in wrong(capsys, lesson06.check_overhead, ...)
