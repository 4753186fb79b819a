"""helpers.checks.lesson02: a right answer prints ✅, a wrong or empty one ❌ (never raises)."""

import json
from pathlib import Path

import numpy as np
import pytest
from verdicts import ok, wrong

from helpers.checks import lesson02

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "02_activation_functions.ipynb"


# ------------------------------------------------------------------ exercise 1: Leaky ReLU

def test_leaky_relu_right_answers(capsys):
    def with_where(x, negative_slope=0.2):
        x = np.asarray(x, dtype=float)
        return np.where(x >= 0, x, negative_slope * x)

    def with_maximum(x, negative_slope=0.2):  # correct for slopes <= 1
        return np.maximum(x, negative_slope * np.asarray(x))

    ok(capsys, lesson02.check_leaky_relu, with_where)
    ok(capsys, lesson02.check_leaky_relu, with_maximum)


def test_leaky_relu_wrong_answers(capsys):
    out = wrong(capsys, lesson02.check_leaky_relu, lambda x, negative_slope=0.2: np.maximum(x, 0))
    assert "x = -3" in out and "expected -0.6" in out           # that is plain ReLU
    wrong(capsys, lesson02.check_leaky_relu,                    # slope ignored
          lambda x, negative_slope=0.2: np.where(x >= 0, x, 0.2 * x))
    wrong(capsys, lesson02.check_leaky_relu,                    # slope on the wrong side
          lambda x, negative_slope=0.2: np.where(x >= 0, negative_slope * x, x))
    def summed(x, negative_slope=0.2):
        return np.where(x >= 0, x, negative_slope * x).sum()

    assert "shape" in wrong(capsys, lesson02.check_leaky_relu, summed)


def test_leaky_relu_broken_or_empty_answers(capsys):
    def forgot_return(x, negative_slope=0.2):
        np.where(x >= 0, x, negative_slope * x)

    def no_slope_parameter(x):
        return np.where(x >= 0, x, 0.2 * x)

    assert "forget `return`" in wrong(capsys, lesson02.check_leaky_relu, forgot_return)
    assert "TypeError" in wrong(capsys, lesson02.check_leaky_relu, no_slope_parameter)
    assert "placeholder" in wrong(capsys, lesson02.check_leaky_relu, ...)
    assert "without brackets" in wrong(capsys, lesson02.check_leaky_relu, np.array([1.0]))


# ------------------------------------------------------------------ exercise 2: collapse two layers

def test_collapsed_layer(capsys):
    V1 = np.array([[1.0, -2.0], [0.5, 0.0], [2.0, 1.0]])
    c1 = np.array([0.5, -1.0])
    V2 = np.array([[3.0, 1.0, 0.0, -1.0], [1.0, 2.0, -0.5, 0.0]])
    c2 = np.array([0.0, 1.0, 2.0, -3.0])
    # worked out by hand: row i of V1 @ V2 is V1[i, 0] * V2[0] + V1[i, 1] * V2[1]
    W = np.array([[1.0, -3.0, 1.0, -1.0], [1.5, 0.5, 0.0, -0.5], [7.0, 4.0, -0.5, -2.0]])
    b = np.array([0.5, -0.5, 2.5, -3.5])
    ok(capsys, lesson02.check_collapsed_layer, W, b)
    ok(capsys, lesson02.check_collapsed_layer, W.tolist(), b.tolist())
    assert "other order" in wrong(capsys, lesson02.check_collapsed_layer, W.T, b)
    assert "c1 also passes through V2" in wrong(capsys, lesson02.check_collapsed_layer, W, c2)
    assert "b is not" in wrong(capsys, lesson02.check_collapsed_layer, W, b + 1)
    assert "W is not right" in wrong(capsys, lesson02.check_collapsed_layer, W + 0.5, b)
    assert "one bias per output" in wrong(capsys, lesson02.check_collapsed_layer, W, c1)
    assert "placeholder" in wrong(capsys, lesson02.check_collapsed_layer, ..., b)
    wrong(capsys, lesson02.check_collapsed_layer, "W", "b")
    # the check's layers are the ones printed in the lesson
    np.testing.assert_array_equal(lesson02.V1, V1)
    np.testing.assert_array_equal(lesson02.c1, c1)
    np.testing.assert_array_equal(lesson02.V2, V2)
    np.testing.assert_array_equal(lesson02.c2, c2)


@pytest.mark.skipif(not NOTEBOOK.exists(), reason="lesson 02 notebook not present")
def test_the_lesson_shows_the_layers_the_check_uses():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    cell = next(s for s in sources if "W_single = ..." in s)
    namespace = {"np": np}
    definitions = [line for line in cell.splitlines()
                   if line.startswith(("V1 =", "c1 =", "V2 =", "c2 ="))]
    assert len(definitions) == 4, cell
    exec("\n".join(definitions), namespace)
    for name in ("V1", "c1", "V2", "c2"):
        np.testing.assert_array_equal(namespace[name], getattr(lesson02, name))


# ------------------------------------------------------------------ exercise 3: sigmoid layers

def test_sigmoid_layers(capsys):
    ok(capsys, lesson02.check_sigmoid_layers, 10)
    ok(capsys, lesson02.check_sigmoid_layers, np.int64(10))
    ok(capsys, lesson02.check_sigmoid_layers, 10.0)             # an integral float is whole
    ok(capsys, lesson02.check_sigmoid_layers, np.float64(10.0))
    assert "not yet below" in wrong(capsys, lesson02.check_sigmoid_layers, 9.0)
    assert "whole number" in wrong(capsys, lesson02.check_sigmoid_layers, "10")
    assert "whole number" in wrong(capsys, lesson02.check_sigmoid_layers, float("inf"))
    assert "not yet below" in wrong(capsys, lesson02.check_sigmoid_layers, 9)
    assert "fewest" in wrong(capsys, lesson02.check_sigmoid_layers, 11)
    assert "whole number" in wrong(capsys, lesson02.check_sigmoid_layers, 9.97)
    wrong(capsys, lesson02.check_sigmoid_layers, True)
    assert "placeholder" in wrong(capsys, lesson02.check_sigmoid_layers, ...)


# ------------------------------------------------------------------ exercise 4: stable softmax

def stable_softmax(a):
    a = np.asarray(a, dtype=float)
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_softmax_right_answers(capsys):
    assert "row by row on a batch too" in ok(capsys, lesson02.check_softmax, stable_softmax)

    def one_d_only(a):
        e = np.exp(a - np.max(a))
        return e / np.sum(e)

    assert "Bonus not yet" in ok(capsys, lesson02.check_softmax, one_d_only)


def test_softmax_wrong_answers(capsys):
    def naive(a):
        return np.exp(a) / np.sum(np.exp(a))

    out = wrong(capsys, lesson02.check_softmax, naive)
    assert "Subtract the largest score" in out
    assert "Warning" not in out  # the overflow message is not printed into the lesson
    assert "expected" in wrong(capsys, lesson02.check_softmax, lambda a: a / np.sum(a))
    assert "shape" in wrong(capsys, lesson02.check_softmax, lambda a: stable_softmax(a)[0])
    assert "forget `return`" in wrong(capsys, lesson02.check_softmax, lambda a: None)
    assert "ZeroDivisionError" in wrong(capsys, lesson02.check_softmax, lambda a: 1 / 0)
    assert "placeholder" in wrong(capsys, lesson02.check_softmax, ...)


# ------------------------------------------------------------------ exercise 5: which activation

RIGHT = {
    "hidden layers of a deep image classifier": "relu",
    "output: is this e-mail spam (yes or no)?": "sigmoid",
    "output: which of 10 clothing classes is this?": "softmax",
    "output: the price of a house": "identity",
}


def test_activation_choices(capsys):
    ok(capsys, lesson02.check_activation_choices, RIGHT)
    ok(capsys, lesson02.check_activation_choices,
       {**RIGHT, "output: the price of a house": "linear",
        "hidden layers of a deep image classifier": "Leaky ReLU"})
    out = wrong(capsys, lesson02.check_activation_choices,
                {**RIGHT, "output: the price of a house": "sigmoid"})
    assert "price" in out and "spam" not in out
    out = wrong(capsys, lesson02.check_activation_choices,
                {**RIGHT, "output: which of 10 clothing classes is this?": "sigmoid",
                 "hidden layers of a deep image classifier": "step"})
    assert "clothing" in out and "hidden" in out
    assert "still to fill in" in wrong(capsys, lesson02.check_activation_choices,
                                       {**RIGHT, "output: the price of a house": ...})
    assert "four places" in wrong(capsys, lesson02.check_activation_choices, {"hidden": "relu"})
    assert "placeholder" in wrong(capsys, lesson02.check_activation_choices, ...)
