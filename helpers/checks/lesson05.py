"""Self-checks for the exercises of lesson 05 (backpropagation on a computational graph).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. Expected values are worked out here from closed forms,
not with the lesson's own layers. Numbers typed from a printout are accepted when every entry
is right to 3 significant figures, rounded or cut off (the lesson prints gradients to 4
decimals); with fewer, the hint asks for more digits (``helpers.checks.check_close``).
"""

import math

import numpy as np

from helpers.checks import EMPTY, check_close, is_empty, verdict


def check_shopping_gradients(answer):
    """Exercise 1: 4 pears at 80, 1 melon at 3000, tax 1.1; the five gradients of the total
    (pear price, number of pears, melon price, number of melons, tax)."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    pear, pear_num, melon, melon_num, tax = 80, 4, 3000, 1, 1.1
    expected = (pear_num * tax, pear * tax, melon_num * tax, melon * tax,
                pear * pear_num + melon * melon_num)
    names = ("dpear", "dpear_num", "dmelon", "dmelon_num", "dtax")
    try:
        values = [float(v) for v in answer]
    except (TypeError, ValueError):
        return verdict(False, "", "give five numbers in a tuple, e.g. (dpear, dpear_num, dmelon, "
                                  "dmelon_num, dtax).")
    if len(values) != 5:
        return verdict(False, "", f"expected five gradients, got {len(values)}.")
    wrong = [n for n, v, e in zip(names, values, expected) if not math.isclose(v, e, rel_tol=1e-6)]
    if wrong == ["dtax"]:
        hint = "dtax is the other input of the tax node: the total before tax."
    elif wrong:
        hint = (f"{', '.join(wrong)} not right yet. A multiply node sends back dout times the "
                f"*other* input; the add node passes its gradient (1.1) through unchanged.")
    else:
        hint = ""
    verdict(not wrong, "Correct: every gradient of the bill, from one backward sweep.", hint)


def check_mul_backward(dx, dy):
    """Exercise 2: z = x*y with x = 3, y = -2 and upstream gradient 1.5: dL/dx and dL/dy."""
    if is_empty(dx, dy):
        return verdict(False, "", EMPTY)
    try:
        dx, dy = float(dx), float(dy)
    except (TypeError, ValueError):
        return verdict(False, "", "dx and dy should be numbers.")
    x, y, dout = 3.0, -2.0, 1.5
    if math.isclose(dx, dout * x) and math.isclose(dy, dout * y):
        return verdict(False, "", "you multiplied each input by its own value: a multiply "
                                  "node swaps them (dz/dx = y).")
    ok = math.isclose(dx, dout * y) and math.isclose(dy, dout * x)
    verdict(ok, "Correct: swap the inputs, times the upstream gradient.",
            "dL/dx = dL/dz * dz/dx, and for z = x*y, dz/dx = y.")


def check_affine_shapes(shapes):
    """Exercise 3: W (784, 64) and x (32, 28, 28): shapes of out, dx, dW, db."""
    if is_empty(shapes) or not isinstance(shapes, dict):
        return verdict(False, "", "give a dict {'out': ..., 'dx': ..., 'dW': ..., 'db': ...}.")
    expected = {"out": (32, 64), "dx": (32, 28, 28), "dW": (784, 64), "db": (64,)}
    missing = [k for k in expected if k not in shapes or is_empty(shapes[k])]
    if missing:
        return verdict(False, "", f"fill in {', '.join(missing)}.")
    wrong = []
    for key, shape in expected.items():
        try:
            given = tuple(int(n) for n in shapes[key])
        except (TypeError, ValueError):  # not a tuple of whole numbers, e.g. the text '32,64'
            given = None
        if given != shape:
            wrong.append(key)
    hints = {"out": "one row per sample, one column per output unit",
             "dx": "dx has the shape of x as it came in, images included",
             "dW": "dW has the shape of W", "db": "db has the shape of b: one number per unit"}
    verdict(not wrong, "Correct: every gradient has the shape of its variable.",
            "; ".join(f"{k}: {hints[k]}" for k in wrong) + ".")


def check_softmax_with_loss_gradient(dscores):
    """Exercise 4: dL/dscores for scores [[2, 1, 0.1], [0.5, 2.5, 0]] and labels [0, 2]."""
    if is_empty(dscores):
        return verdict(False, "", EMPTY)
    scores = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    t = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    check_close(dscores, (y - t) / 2, name="dL/dscores", digits=3, mistakes=[
        (y - t, "almost: the loss is the mean over the batch, so divide by N = 2.")],
        praise="Correct: dL/dscores = (y - t) / N.")


def check_relu_layer(layer_class):
    """Exercise 5: a ReLU layer class whose backward is right and leaves dout unmodified.

    Convention (stated in the exercise, and the one ``helpers.layers.Relu`` uses): at x = 0 the
    gradient is 0, so inputs of exactly 0 are among those tested."""
    if is_empty(layer_class) or not callable(layer_class):
        return verdict(False, "", "pass your class itself, e.g. check_relu_layer(MyRelu).")
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4, 6))
    x[0, :2] = 0.0  # the gradient at the kink is taken as 0
    dout = rng.normal(size=(4, 6))
    x_before, dout_before = x.copy(), dout.copy()
    try:
        layer = layer_class()
        out = layer.forward(x)
        dx = layer.backward(dout)
    except Exception as err:  # the learner's code: report any failure as a hint
        return verdict(False, "", f"your layer raised {type(err).__name__}: {err}")
    if out is None or dx is None:
        return verdict(False, "", "forward and backward must return their results.")
    if not np.array_equal(x, x_before):
        return verdict(False, "", "forward changed its input x; build a new array instead.")
    if not np.array_equal(dout, dout_before):
        return verdict(False, "", "backward changed dout in place (e.g. dout[mask] = 0); other "
                                  "layers may still need it. Return a new array, e.g. with "
                                  "np.where.")
    if np.shape(out) != x.shape or not np.allclose(out, np.maximum(x, 0)):
        return verdict(False, "", "forward should return max(0, x), elementwise.")
    expected = np.where(x > 0, dout, 0.0)
    if np.shape(dx) != x.shape or not np.allclose(dx, expected):
        return verdict(False, "", "backward should pass dout where x > 0 and 0 elsewhere "
                                  "(also at x = 0).")
    verdict(True, "Correct: right gradients, and dout left as it was.", "")
