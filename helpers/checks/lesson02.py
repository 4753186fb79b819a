"""Self-checks for the exercises of lesson 02 (activation functions).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. The reference answers come from ``helpers.functions``.

Conventions the checks rely on:

* Leaky ReLU is ``x`` for ``x >= 0`` and ``negative_slope * x`` below 0 (at 0 both give 0, so
  ``x > 0`` is as right as ``x >= 0``).
* Softmax works along the last axis; "stable" means finite for scores such as 1010.
* A number of layers is a whole number: 10 and 10.0 are the same answer, 9.97 is not one.
"""

import numpy as np

from helpers.checks import EMPTY, is_empty, verdict, whole_number_or_hint
from helpers.functions import leaky_relu, softmax

# Exercise 2's two linear layers (the notebook shows the same numbers).
V1 = np.array([[1.0, -2.0], [0.5, 0.0], [2.0, 1.0]])             # 3 -> 2
c1 = np.array([0.5, -1.0])
V2 = np.array([[3.0, 1.0, 0.0, -1.0], [1.0, 2.0, -0.5, 0.0]])    # 2 -> 4
c2 = np.array([0.0, 1.0, 2.0, -3.0])


def _call(fn, *args, **kwargs):
    """Run the learner's function: (result, None) or (None, a message saying what went wrong)."""
    shown = [a.tolist() if isinstance(a, np.ndarray) else a for a in args]
    call = f"{getattr(fn, '__name__', 'your function')}({', '.join(map(repr, shown))}"
    call += "".join(f", {k}={v!r}" for k, v in kwargs.items()) + ")"
    try:
        with np.errstate(all="ignore"):  # a naive formula's overflow is judged by its result
            out = fn(*args, **kwargs)
    except Exception as err:  # the learner's code: report it, do not crash the check
        return None, f"{call} raised {type(err).__name__}: {err}"
    if out is None:
        return None, f"{call} returned None: did you forget `return`?"
    try:
        return np.asarray(out, dtype=float), None
    except (TypeError, ValueError):
        return None, f"{call} returned a {type(out).__name__}, not numbers."


def _not_callable(fn):
    if is_empty(fn) or callable(fn):
        return None
    return f"pass the function itself (without brackets); got a {type(fn).__name__}."


def check_leaky_relu(my_leaky_relu):
    """Exercise 1: ``my_leaky_relu(x, negative_slope=0.2)`` written with NumPy."""
    if is_empty(my_leaky_relu):
        return verdict(False, "", EMPTY)
    if problem := _not_callable(my_leaky_relu):
        return verdict(False, "", problem)
    x = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    trials = [((x,), {}, 0.2), ((x,), {"negative_slope": 0.1}, 0.1),
              ((x,), {"negative_slope": 0.0}, 0.0),
              ((x.reshape(1, -1) * np.array([[1.0], [2.0]]),), {}, 0.2)]
    for args, kwargs, slope in trials:
        out, problem = _call(my_leaky_relu, *args, **kwargs)
        if problem:
            return verdict(False, "", problem)
        expected = leaky_relu(args[0], negative_slope=slope)
        if out.shape != expected.shape:
            return verdict(False, "", f"for an input of shape {args[0].shape} you returned shape "
                                      f"{out.shape}; an activation keeps the shape.")
        if not np.allclose(out, expected):
            i = np.flatnonzero(~np.isclose(out, expected))[0]
            xi, got, want = args[0].flat[i], out.flat[i], expected.flat[i]
            side = "negative" if xi < 0 else "non-negative"
            return verdict(False, "", f"with negative_slope={slope} at x = {xi:g} you returned "
                                      f"{got:g}, expected {want:g}. What should a {side} x give?")
    verdict(True, "Correct: x where x >= 0, negative_slope * x below 0, for any shape.", "")


def check_collapsed_layer(W, b):
    """Exercise 2: the single linear layer W, b equal to two stacked layers (V1, c1), (V2, c2)."""
    if is_empty(W, b):
        return verdict(False, "", EMPTY)
    try:
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return verdict(False, "", "W and b should be arrays of numbers.")
    W_true, b_true = V1 @ V2, c1 @ V2 + c2
    if W.shape != W_true.shape:
        hint = " (did you multiply in the other order?)" if W.shape == W_true.T.shape else ""
        return verdict(False, "", f"W has shape {W.shape}; it maps 3 inputs to 4 outputs, so its "
                                  f"shape is {W_true.shape}{hint}.")
    if b.shape != b_true.shape:
        return verdict(False, "", f"b has shape {b.shape}; expected {b_true.shape}, "
                                  "one bias per output.")
    if not np.allclose(W, W_true):
        return verdict(False, "", "W is not right: expand (x V1 + c1) V2 + c2 and collect what "
                                  "multiplies x.")
    if not np.allclose(b, b_true):
        forgot_v2 = np.allclose(b, c2) or np.allclose(b, c1.sum() + c2)
        hint = " c1 also passes through V2." if forgot_v2 else ""
        return verdict(False, "", "W is right but b is not: collect what does not multiply x."
                       + hint)
    verdict(True, "Correct: W = V1 @ V2 and b = c1 @ V2 + c2. Two linear layers are one.", "")


def check_sigmoid_layers(layers):
    """Exercise 3: the smallest whole number L with (1/4)**L < 1e-6 (strictly below)."""
    layers = whole_number_or_hint(layers, "the number of layers")
    if layers is None:
        return
    expected = 10
    if layers < expected:
        return verdict(False, "", f"(1/4)**{layers} = {0.25 ** layers:.3g} is not yet below 1e-6.")
    if layers > expected:
        return verdict(False, "", f"{layers} layers are enough, but not the fewest: try fewer.")
    verdict(True, "Correct: (1/4)**10 ≈ 9.5e-7. Ten sigmoid layers can shrink a gradient a "
                  "million times.", "")


def check_softmax(my_softmax):
    """Exercise 4: a numerically stable ``my_softmax(a)``.

    1-D scores are required; a 2-D batch handled row by row earns the bonus.
    """
    if is_empty(my_softmax):
        return verdict(False, "", EMPTY)
    if problem := _not_callable(my_softmax):
        return verdict(False, "", problem)
    for a in (np.array([0.3, 2.9, 4.0]), np.array([1010.0, 1000.0, 990.0]),
              np.array([-1000.0, -1001.0])):
        out, problem = _call(my_softmax, a)
        if problem:
            return verdict(False, "", problem)
        if out.shape != a.shape:
            return verdict(False, "", f"for scores of shape {a.shape} you returned shape "
                                      f"{out.shape}.")
        if not np.all(np.isfinite(out)):
            return verdict(False, "", f"my_softmax({a.tolist()}) gives {out.tolist()}: exp "
                                      "overflows or underflows. Subtract the largest score first.")
        if not np.allclose(out, softmax(a)):
            return verdict(False, "", f"my_softmax({a.tolist()}) gives "
                                      f"{np.round(out, 4).tolist()}; expected "
                                      f"{np.round(softmax(a), 4).tolist()}.")
    batch = np.array([[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]])
    out, problem = _call(my_softmax, batch)
    bonus = problem is None and out.shape == batch.shape and np.allclose(out, softmax(batch))
    verdict(True, "Correct: stable for huge scores" + (
        ", and row by row on a batch too." if bonus else
        ". (Bonus not yet: on a 2-D batch, use axis=-1 and keepdims=True.)"), "")


_CHOICES = {
    "hidden layers of a deep image classifier": {"relu", "leaky_relu", "elu", "selu"},
    "output: is this e-mail spam (yes or no)?": {"sigmoid"},
    "output: which of 10 clothing classes is this?": {"softmax"},
    "output: the price of a house": {"identity", "linear", "none"},
}
_WHY = {
    "hidden layers of a deep image classifier": "deep stacks need a slope that does not vanish",
    "output: is this e-mail spam (yes or no)?": "one probability between 0 and 1",
    "output: which of 10 clothing classes is this?": "10 probabilities that sum to 1",
    "output: the price of a house": "any real number, not squashed",
}


def check_activation_choices(choices):
    """Exercise 5: a dict from each place in a network to the activation used there."""
    if is_empty(choices):
        return verdict(False, "", EMPTY)
    if not isinstance(choices, dict) or set(choices) != set(_CHOICES):
        return verdict(False, "", "keep the dict with its four places as given; "
                                  "fill in only the values.")
    empty = [place for place, name in choices.items() if name is Ellipsis]
    if empty:
        return verdict(False, "", f"still to fill in: {empty}.")
    wrong = [place for place, name in choices.items()
             if str(name).strip().lower().replace(" ", "_") not in _CHOICES[place]]
    verdict(not wrong, "Correct: ReLU inside; sigmoid, softmax or nothing at the output.",
            "think again about: " + "; ".join(f"{p!r} ({_WHY[p]})" for p in wrong) + ".")
