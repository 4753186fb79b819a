"""The lesson 05 exercise checks accept right answers (computed here independently, with the
lesson's own tools where the lesson asks for them) and refuse wrong ones with a hint."""

import numpy as np
import pytest

from helpers.checks import lesson05
from helpers.functions import softmax
from helpers.layers import AddLayer, MulLayer


def verdict(capsys):
    out = capsys.readouterr().out
    assert out.count("✅") + out.count("❌") == 1, out
    return out


def ok(capsys):
    out = verdict(capsys)
    assert "✅" in out, out
    return out


def not_ok(capsys):
    out = verdict(capsys)
    assert "❌" in out, out
    return out


# ---------------------------------------------------------------- exercise 1

def shopping_answer():
    """The solution of exercise 1, with the layers, as a learner would write it."""
    mul_pear, mul_melon, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    mul_tax.forward(add.forward(mul_pear.forward(80, 4), mul_melon.forward(3000, 1)), 1.1)
    dsum, dtax = mul_tax.backward(1)
    dpear_price, dmelon_price = add.backward(dsum)
    dpear, dpear_num = mul_pear.backward(dpear_price)
    dmelon, dmelon_num = mul_melon.backward(dmelon_price)
    return dpear, dpear_num, dmelon, dmelon_num, dtax


def test_shopping_right(capsys):
    lesson05.check_shopping_gradients(shopping_answer())
    ok(capsys)
    lesson05.check_shopping_gradients([4.4, 88, 1.1, 3300, 3320])  # the numbers by hand
    ok(capsys)


@pytest.mark.parametrize("answer,hint", [
    (..., "placeholder"),
    ((4.4, 88, 1.1, 3300, 3630), "total before tax"),        # dtax taken after tax
    ((4, 80, 1, 3000, 3320), "dpear, dpear_num, dmelon, dmelon_num not right"),  # tax forgotten
    ((4.4, 88, 1.1, 3300), "expected five"),
    ("abc", "five numbers"),
])
def test_shopping_wrong(capsys, answer, hint):
    lesson05.check_shopping_gradients(answer)
    assert hint in not_ok(capsys)


# ---------------------------------------------------------------- exercise 2

def test_mul_backward(capsys):
    lesson05.check_mul_backward(-3.0, 4.5)
    ok(capsys)
    lesson05.check_mul_backward(4.5, -3.0)  # not swapped
    assert "swaps" in not_ok(capsys)
    lesson05.check_mul_backward(-2.0, 3.0)  # upstream gradient forgotten
    assert "dz/dx = y" in not_ok(capsys)
    lesson05.check_mul_backward(..., 4.5)
    assert "placeholder" in not_ok(capsys)


# ---------------------------------------------------------------- exercise 3

def test_affine_shapes(capsys):
    lesson05.check_affine_shapes({"out": (32, 64), "dx": (32, 28, 28), "dW": (784, 64),
                                  "db": (64,)})
    ok(capsys)
    lesson05.check_affine_shapes({"out": [32, 64], "dx": np.zeros((32, 28, 28)).shape,
                                  "dW": (784, 64), "db": [64]})
    ok(capsys)
    lesson05.check_affine_shapes({"out": (32, 64), "dx": (32, 784), "dW": (64, 784),
                                  "db": (64,)})
    out = not_ok(capsys)
    assert "dx has the shape of x" in out and "dW has the shape of W" in out
    lesson05.check_affine_shapes({"out": ..., "dx": ..., "dW": ..., "db": ...})
    assert "fill in out, dx, dW, db" in not_ok(capsys)
    lesson05.check_affine_shapes({"out": "32,64", "dx": (32, 28, 28), "dW": (784, 64),
                                  "db": (64,)})
    assert "one row per sample" in not_ok(capsys)
    lesson05.check_affine_shapes((32, 64))
    assert "give a dict" in not_ok(capsys)


# ---------------------------------------------------------------- exercise 4

def test_softmax_with_loss_gradient(capsys):
    scores = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    t = np.eye(3)[[0, 2]]
    lesson05.check_softmax_with_loss_gradient((softmax(scores) - t) / 2)
    ok(capsys)
    lesson05.check_softmax_with_loss_gradient(softmax(scores) - t)
    assert "divide by N = 2" in not_ok(capsys)
    lesson05.check_softmax_with_loss_gradient((softmax(scores) - np.eye(3)[[0, 1]]) / 2)
    assert "off by up to" in not_ok(capsys)
    lesson05.check_softmax_with_loss_gradient(np.zeros(3))
    assert "shape" in not_ok(capsys)
    lesson05.check_softmax_with_loss_gradient(...)
    assert "placeholder" in not_ok(capsys)


def test_softmax_with_loss_gradient_to_the_digits_printed(capsys):
    scores = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    t = np.eye(3)[[0, 2]]
    right = (softmax(scores) - t) / 2
    # Typed from a printout with 4 decimals (as the lesson prints gradients), rounded or cut.
    for typed in (np.round(right, 4), np.trunc(right * 1e4) / 1e4, np.round(right, 4).tolist()):
        lesson05.check_softmax_with_loss_gradient(typed)
        ok(capsys)
    # Right, but some entries with fewer than 3 significant figures: more digits, no blame.
    for typed in (np.round(right, 3), np.round(right, 2)):
        lesson05.check_softmax_with_loss_gradient(typed)
        out = not_ok(capsys)
        assert "more digits, please" in out and "Check your formula" not in out
    # The known mistake, typed from a printout, still gets its own hint.
    lesson05.check_softmax_with_loss_gradient(np.round(softmax(scores) - t, 3))
    assert "divide by N = 2" in not_ok(capsys)
    # Wrong in the third decimal: not a matter of digits.
    lesson05.check_softmax_with_loss_gradient(np.round(right, 4) + [[0, 0, 0.001], [0, 0, 0]])
    assert "more digits" not in not_ok(capsys)


# ---------------------------------------------------------------- exercise 5

class GoodRelu:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)


class InPlaceRelu(GoodRelu):
    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class LeakyAtZero(GoodRelu):
    def forward(self, x):
        self.mask = x < 0  # lets the gradient through at x == 0
        return np.where(self.mask, 0.0, x)


class MutatingForward(GoodRelu):
    def forward(self, x):
        self.mask = x <= 0
        x[self.mask] = 0
        return x


class Unfinished:
    def forward(self, x):
        ...

    def backward(self, dout):
        ...


class Crashing(GoodRelu):
    def backward(self, dout):
        return dout * self.nonexistent


def test_relu_layer(capsys):
    lesson05.check_relu_layer(GoodRelu)
    ok(capsys)


@pytest.mark.parametrize("cls,hint", [
    (InPlaceRelu, "changed dout in place"),
    (LeakyAtZero, "also at x = 0"),
    (MutatingForward, "forward changed its input"),
    (Unfinished, "must return their results"),
    (Crashing, "raised AttributeError"),
    (..., "pass your class"),
])
def test_relu_layer_wrong(capsys, cls, hint):
    lesson05.check_relu_layer(cls)
    assert hint in not_ok(capsys)
