"""helpers.checks.lesson03: a right answer prints ✅, a wrong or empty one ❌ (never an exception).

The right answers are computed here with plain NumPy formulas, not with the checks' own code.
"""

import numpy as np
import pytest
from book_network import B1, B2, B3, W1, W2, W3
from verdicts import ok, wrong

from helpers.checks import lesson03


def network(x):
    h1 = 1 / (1 + np.exp(-(x @ W1 + B1)))
    h2 = 1 / (1 + np.exp(-(h1 @ W2 + B2)))
    return h2 @ W3 + B3


@pytest.mark.parametrize("check", [lesson03.check_shape, lesson03.check_a1, lesson03.check_y,
                                   lesson03.check_batch_output, lesson03.check_parameter_count])
def test_placeholder_is_not_an_answer(capsys, check):
    assert "placeholder" in wrong(capsys, check, ...)
    assert "placeholder" in wrong(capsys, check, None)


def test_shape(capsys):
    ok(capsys, lesson03.check_shape, (5, 3))
    ok(capsys, lesson03.check_shape, np.zeros((5, 2)).dot(W1).shape)
    ok(capsys, lesson03.check_shape, [5, 3])
    assert "rows come from X" in wrong(capsys, lesson03.check_shape, (3, 5))
    wrong(capsys, lesson03.check_shape, (5, 2))
    wrong(capsys, lesson03.check_shape, (2, 3))
    assert "tuple" in wrong(capsys, lesson03.check_shape, 15)


def test_a1(capsys):
    ok(capsys, lesson03.check_a1, [0.3, 0.6, 0.9])        # B1 + the second row of W1
    wrong(capsys, lesson03.check_a1, [0.2, 0.4, 0.6])     # forgot the bias
    wrong(capsys, lesson03.check_a1, [0.2, 0.5, 0.8])     # used the first row (x = [1, 0])
    assert "shape" in wrong(capsys, lesson03.check_a1, [0.3, 0.6])


def test_y(capsys):
    ok(capsys, lesson03.check_y, network(np.array([0.0, 1.0])))
    wrong(capsys, lesson03.check_y, [0.31682708, 0.69627909])      # the lesson's x = [1.0, 0.5]
    e = np.exp(network(np.array([0.0, 1.0])))
    wrong(capsys, lesson03.check_y, e / e.sum())                    # softmax instead of identity
    assert "shape" in wrong(capsys, lesson03.check_y, network(np.array([[0.0, 1.0]])))


def test_batch_output(capsys):
    batch = np.array([[1.0, 0.5], [0.0, 1.0], [-1.0, -1.0]])
    assert np.array_equal(lesson03.BATCH, batch)
    y = network(batch)
    ok(capsys, lesson03.check_batch_output, y)
    np.testing.assert_allclose(y[0], [0.31682708, 0.69627909], atol=5e-9)
    wrong(capsys, lesson03.check_batch_output, y[::-1])
    assert "shape" in wrong(capsys, lesson03.check_batch_output, y.T)


def test_parameter_count(capsys):
    expected = (784 * 50 + 50) + (50 * 100 + 100) + (100 * 10 + 10)
    assert expected == 45_360
    ok(capsys, lesson03.check_parameter_count, 45_360)
    ok(capsys, lesson03.check_parameter_count, np.int64(45_360))
    weights_only = 784 * 50 + 50 * 100 + 100 * 10
    assert "weights only" in wrong(capsys, lesson03.check_parameter_count, weights_only)
    wrong(capsys, lesson03.check_parameter_count, 45_360.5)
    wrong(capsys, lesson03.check_parameter_count, 23)
    assert "whole number" in wrong(capsys, lesson03.check_parameter_count, "many")
