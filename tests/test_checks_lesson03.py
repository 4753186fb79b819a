"""helpers.checks.lesson03: a right answer prints ✅, a wrong or empty one ❌ (never an exception).

The right answers are computed here with plain NumPy formulas, not with the checks' own code.
"""

import numpy as np
import pytest
from book_network import B1, B2, B3, W1, W2, W3
from verdicts import ok, wrong

from helpers.checks import lesson03
from helpers.data import load_bundled_subset, load_forward_pass_weights


def network(x):
    h1 = 1 / (1 + np.exp(-(x @ W1 + B1)))
    h2 = 1 / (1 + np.exp(-(h1 @ W2 + B2)))
    return h2 @ W3 + B3


@pytest.mark.parametrize("check", [lesson03.check_shape, lesson03.check_a1, lesson03.check_y,
                                   lesson03.check_batch_accuracy, lesson03.check_parameter_count])
def test_placeholder_is_not_an_answer(capsys, check):
    assert "placeholder" in wrong(capsys, check, ...)
    assert "placeholder" in wrong(capsys, check, None)


def test_shape(capsys):
    ok(capsys, lesson03.check_shape, (5, 3))
    ok(capsys, lesson03.check_shape, np.zeros((5, 2)).dot(W1).shape)
    ok(capsys, lesson03.check_shape, [5, 3])
    ok(capsys, lesson03.check_shape, (5.0, 3.0))            # whole numbers written as floats
    assert "rows come from X" in wrong(capsys, lesson03.check_shape, (3, 5))
    wrong(capsys, lesson03.check_shape, (5, 2))
    wrong(capsys, lesson03.check_shape, (2, 3))
    assert "tuple" in wrong(capsys, lesson03.check_shape, 15)
    assert "tuple" in wrong(capsys, lesson03.check_shape, (5.5, 3))
    assert "tuple" in wrong(capsys, lesson03.check_shape, "(5, 3)")


def test_a1(capsys):
    ok(capsys, lesson03.check_a1, [0.3, 0.6, 0.9])        # B1 + the second row of W1
    ok(capsys, lesson03.check_a1, np.array([0.0, 1.0]) @ W1 + B1)
    wrong(capsys, lesson03.check_a1, [0.2, 0.4, 0.6])     # forgot the bias
    wrong(capsys, lesson03.check_a1, [0.2, 0.5, 0.8])     # used the first row (x = [1, 0])
    z1 = 1 / (1 + np.exp(-np.array([0.3, 0.6, 0.9])))
    assert "that is Z1" in wrong(capsys, lesson03.check_a1, z1)
    assert "shape" in wrong(capsys, lesson03.check_a1, [0.3, 0.6])


def test_y(capsys):
    y = network(np.array([0.0, 1.0]))
    ok(capsys, lesson03.check_y, y)
    wrong(capsys, lesson03.check_y, [0.31682708, 0.69627909])      # the lesson's x = [1.0, 0.5]
    e = np.exp(y)
    wrong(capsys, lesson03.check_y, e / e.sum())                    # softmax instead of identity
    assert "shape" in wrong(capsys, lesson03.check_y, network(np.array([[0.0, 1.0]])))


def test_y_typed_from_printed_output(capsys):
    y = network(np.array([0.0, 1.0]))                 # [0.31520253, 0.69264772]
    four = np.round(y, 4).tolist()                    # [0.3152, 0.6926]
    assert "4 significant figures" in ok(capsys, lesson03.check_y, four)
    ok(capsys, lesson03.check_y, np.round(y, 6).tolist())
    ok(capsys, lesson03.check_y, [0.315202, 0.692647])   # cut off, not rounded (…03, …48)
    out = wrong(capsys, lesson03.check_y, np.round(y, 2).tolist())
    assert "more digits, please" in out and "2 significant figures" in out
    assert "Check your formula" not in out
    out = wrong(capsys, lesson03.check_y, [0.3162, 0.6926])          # a wrong digit
    assert "Check your formula" in out and "more digits" not in out
    assert "Check your formula" in wrong(capsys, lesson03.check_y, [0, 0.6926])


def test_a1_to_fewer_digits_than_it_has(capsys):
    assert "more digits" not in wrong(capsys, lesson03.check_a1, [0.3, 0.5, 0.9])


def accuracy_of_the_trained_network(n):
    weights = load_forward_pass_weights()
    (_, _), (images, labels) = load_bundled_subset()
    x = images[:n].reshape(n, -1).astype(np.float64) / 255
    z1 = 1 / (1 + np.exp(-(x @ weights["W1"] + weights["b1"])))
    z2 = 1 / (1 + np.exp(-(z1 @ weights["W2"] + weights["b2"])))
    scores = z2 @ weights["W3"] + weights["b3"]
    return float(np.mean(scores.argmax(axis=1) == labels[:n]))


def test_batch_accuracy(capsys):
    assert lesson03.N_IMAGES == 300
    expected = accuracy_of_the_trained_network(300)
    assert expected == pytest.approx(274 / 300)       # 0.91333...: not a round number
    ok(capsys, lesson03.check_batch_accuracy, expected)
    ok(capsys, lesson03.check_batch_accuracy, np.float64(expected))
    ok(capsys, lesson03.check_batch_accuracy, np.float32(expected))
    assert "3 significant figures" in ok(capsys, lesson03.check_batch_accuracy, 0.913)
    out = wrong(capsys, lesson03.check_batch_accuracy, 0.91)
    assert "more digits, please" in out
    assert "percentage" in wrong(capsys, lesson03.check_batch_accuracy, 91.33)
    assert "divided by 300" in wrong(capsys, lesson03.check_batch_accuracy, 274)
    assert "far from" in wrong(capsys, lesson03.check_batch_accuracy, 0.1)
    assert "Check your formula" in wrong(capsys, lesson03.check_batch_accuracy, 0.916)
    wrong(capsys, lesson03.check_batch_accuracy, 1.5)
    assert "one number" in wrong(capsys, lesson03.check_batch_accuracy, "0.913")
    assert "one number" in wrong(capsys, lesson03.check_batch_accuracy, [0.9, 0.9])


def test_parameter_count(capsys):
    expected = (784 * 50 + 50) + (50 * 100 + 100) + (100 * 10 + 10)
    assert expected == 45_360
    ok(capsys, lesson03.check_parameter_count, 45_360)
    ok(capsys, lesson03.check_parameter_count, np.int64(45_360))
    ok(capsys, lesson03.check_parameter_count, 45_360.0)          # an integral float is whole
    weights_only = 784 * 50 + 50 * 100 + 100 * 10
    assert "weights only" in wrong(capsys, lesson03.check_parameter_count, weights_only)
    assert "output layer" in wrong(capsys, lesson03.check_parameter_count, 45_350)
    assert "whole number" in wrong(capsys, lesson03.check_parameter_count, 45_360.5)
    wrong(capsys, lesson03.check_parameter_count, 23)
    assert "whole number" in wrong(capsys, lesson03.check_parameter_count, "many")
    assert "whole number" in wrong(capsys, lesson03.check_parameter_count, "45360")
    assert "whole number" in wrong(capsys, lesson03.check_parameter_count, True)
