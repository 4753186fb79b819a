"""The perceptron and the logic gates built from it (introduced in lesson 01).

A perceptron (퍼셉트론) multiplies each input by a weight, adds a bias and fires when the
result is above zero:

    y = 1  if  x1*w1 + x2*w2 + ... + b > 0
    y = 0  otherwise

With hand-set weights one perceptron is an AND, OR or NAND gate; XOR needs two layers.
:func:`perceptron_learning_rule` finds weights from examples (Rosenblatt's rule).

Input rules (a wrong input raises ``TypeError`` or ``ValueError`` saying what was expected):

* ``perceptron`` takes any real numbers, but not NaN or infinity, not strings, and the last
  axis of ``x`` must have as many entries as ``w``.
* The gates ``AND``, ``OR``, ``NAND``, ``XOR`` are logic gates: their inputs must be 0 or 1
  (``True``/``False`` and ``0.0``/``1.0`` are accepted). Use ``perceptron`` for other values.
  They take two numbers and return a Python ``int``, or two arrays of equal shape and return
  an ``int`` array.

NumPy only; matplotlib is imported only when a plot is drawn.
"""

from typing import NamedTuple

import numpy as np

__all__ = [
    "perceptron", "AND", "OR", "NAND", "XOR", "GATE_WEIGHTS", "INPUTS", "truth_table",
    "perceptron_learning_rule", "LearningResult", "plot_gate",
]

# The four inputs of a two-input gate, in the order the truth tables are printed.
INPUTS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])

# Hand-set weights and bias of each single-perceptron gate: AND and OR as in the study notes
# the lessons are based on; NAND is AND with every sign flipped.
GATE_WEIGHTS = {
    "AND": (np.array([0.5, 0.5]), -0.7),
    "OR": (np.array([0.6, 0.6]), -0.5),
    "NAND": (np.array([-0.5, -0.5]), 0.7),
}


def _as_real_array(value, name):
    """``value`` as a float64 array; TypeError for non-numbers, ValueError for NaN/inf."""
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must contain real numbers (int, float or bool); "
                        f"got dtype {arr.dtype} from {type(value).__name__}.")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity; expected finite numbers.")
    return arr


def _as_real_scalar(value, name):
    arr = _as_real_array(value, name)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number; got an array of shape {arr.shape}.")
    return float(arr)


def perceptron(x, w, b):
    """Weighted sum plus bias, then a threshold at 0: 1 if ``sum(x*w) + b > 0`` else 0.

    x: one input of shape (k,) -> returns an ``int`` (0 or 1);
       a batch of shape (n, k) -> returns an int array of shape (n,).
    w: weights, shape (k,).   b: bias, a number.
    """
    w = _as_real_array(w, "w")
    if w.ndim != 1:
        raise ValueError(f"w must be 1-D with one weight per input; got shape {w.shape}.")
    b = _as_real_scalar(b, "b")
    x = _as_real_array(x, "x")
    if x.ndim not in (1, 2):
        raise ValueError(f"x must be one input of shape (k,) or a batch of shape (n, k); "
                         f"got shape {x.shape}.")
    if x.shape[-1] != w.shape[0]:
        raise ValueError(f"x has {x.shape[-1]} input(s) per example (shape {x.shape}) but w has "
                         f"{w.shape[0]} weight(s) (shape {w.shape}); expected one weight per "
                         f"input.")
    y = (x @ w + b > 0).astype(int)
    return int(y) if y.ndim == 0 else y


def _bits(value, name):
    arr = _as_real_array(value, name)
    if not np.all((arr == 0) | (arr == 1)):
        bad = arr[(arr != 0) & (arr != 1)].ravel()[0]
        raise ValueError(f"{name} must be 0 or 1 for a logic gate; got {bad:g}. "
                         f"Use perceptron(x, w, b) for other values.")
    return arr


def _gate(name, x1, x2):
    a, b_ = _bits(x1, "x1"), _bits(x2, "x2")
    if a.shape != b_.shape:
        raise ValueError(f"x1 and x2 must have the same shape; got {a.shape} and {b_.shape}.")
    w, b = GATE_WEIGHTS[name]
    return perceptron(np.stack([a, b_], axis=-1).reshape(-1, 2), w, b).reshape(a.shape)


def _result(y):
    return int(y) if y.ndim == 0 else y


def AND(x1, x2):
    """1 only when both inputs are 1 (w = 0.5, 0.5; b = -0.7). Lesson 01."""
    return _result(_gate("AND", x1, x2))


def OR(x1, x2):
    """1 when at least one input is 1 (w = 0.6, 0.6; b = -0.5). Lesson 01."""
    return _result(_gate("OR", x1, x2))


def NAND(x1, x2):
    """NOT AND: 0 only when both inputs are 1 (w = -0.5, -0.5; b = 0.7). Lesson 01."""
    return _result(_gate("NAND", x1, x2))


def XOR(x1, x2):
    """1 when exactly one input is 1: a two-layer perceptron, AND(NAND(x1, x2), OR(x1, x2)).

    No single perceptron can do this (no straight line separates XOR's 1s from its 0s).
    Lesson 01.
    """
    s1 = _gate("NAND", x1, x2)
    s2 = _gate("OR", x1, x2)
    return _result(_gate("AND", s1, s2))


def truth_table(gate, inputs=INPUTS):
    """Rows ``(x1, x2, gate(x1, x2))`` for the four inputs, as an int array of shape (4, 3)."""
    if not callable(gate):
        raise TypeError(f"gate must be a function of (x1, x2), e.g. AND; "
                        f"got {type(gate).__name__}.")
    inputs = np.asarray(inputs)
    y = [int(gate(int(x1), int(x2))) for x1, x2 in inputs]
    return np.column_stack([inputs, y]).astype(int)


class LearningResult(NamedTuple):
    """What :func:`perceptron_learning_rule` returns."""

    w: np.ndarray          # final weights, shape (k,)
    b: float               # final bias
    errors: np.ndarray     # misclassified examples in each epoch, shape (epochs,)
    history: np.ndarray    # (w1, ..., wk, b) after each epoch, shape (epochs, k + 1)


def perceptron_learning_rule(X, t, lr=0.1, epochs=20, w=None, b=0.0, shuffle=False, seed=0):
    """Rosenblatt's perceptron learning rule (1957), one example at a time. Lesson 01.

    For each example x with target t (0 or 1) the perceptron's answer y is compared with t:

        w <- w + lr * (t - y) * x
        b <- b + lr * (t - y)

    A correct answer (t == y) changes nothing; a wrong one moves the decision line towards
    the example. If a straight line can separate the 1s from the 0s the rule finds one in a
    finite number of steps (the perceptron convergence theorem); if not (XOR) every epoch
    makes at least one mistake, so it never settles.

    X: inputs, shape (n, k).  t: targets, shape (n,), each 0 or 1.
    lr: learning rate (> 0).  epochs: passes over the data (>= 1).
    w, b: starting weights (default zeros) and bias (default 0); they are copied, not changed.
    shuffle: visit the examples in a new random order each epoch, drawn from
        ``np.random.default_rng(seed)``; the default keeps the given order.
    Returns a :class:`LearningResult` ``(w, b, errors, history)``; the run is deterministic.
    """
    X = _as_real_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be a batch of inputs of shape (n, k); got shape {X.shape}.")
    t = _bits(t, "t")
    if t.shape != (X.shape[0],):
        raise ValueError(f"t must hold one target per row of X, shape ({X.shape[0]},); "
                         f"got shape {t.shape}.")
    lr = _as_real_scalar(lr, "lr")
    if lr <= 0:
        raise ValueError(f"lr must be a positive number; got {lr:g}.")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a whole number >= 1; got {epochs!r}.")
    if w is None:
        w = np.zeros(X.shape[1])
    else:
        w = _as_real_array(w, "w").copy()
        if w.shape != (X.shape[1],):
            raise ValueError(f"w must have one weight per input column of X, shape "
                             f"({X.shape[1]},); got shape {w.shape}.")
    b = _as_real_scalar(b, "b")

    rng = np.random.default_rng(seed)
    errors = np.zeros(epochs, dtype=int)
    history = np.zeros((epochs, X.shape[1] + 1))
    for epoch in range(epochs):
        order = rng.permutation(len(X)) if shuffle else range(len(X))
        for i in order:
            y = int(X[i] @ w + b > 0)         # perceptron(X[i], w, b), inputs already checked
            if y != t[i]:
                w = w + lr * (t[i] - y) * X[i]
                b = b + lr * (t[i] - y)
                errors[epoch] += 1
        history[epoch] = [*w, b]
    return LearningResult(w, b, errors, history)


def plot_gate(w, b, gate_outputs=None, ax=None, title=None, legend=True):
    """Draw a two-input perceptron over the four inputs. Lesson 01.

    The decision line ``w1*x1 + w2*x2 + b = 0`` splits the plane; the side where the
    perceptron says 1 is shaded orange, the side where it says 0 blue. Each input is drawn
    as a filled dot (target 1) or an open dot (target 0); ``gate_outputs`` are the targets
    for ``INPUTS`` (for example ``truth_table(AND)[:, 2]``), by default the perceptron's own
    answers. Inputs the perceptron gets wrong are ringed in red. ``legend=False`` leaves out
    the colour key (for rows of small plots). Returns the axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    w = _as_real_array(w, "w")
    if w.shape != (2,):
        raise ValueError(f"plot_gate draws two-input perceptrons: w must have shape (2,); "
                         f"got {w.shape}.")
    b = _as_real_scalar(b, "b")
    y = perceptron(INPUTS, w, b)
    target = y if gate_outputs is None else _bits(gate_outputs, "gate_outputs")
    if target.shape != (4,):
        raise ValueError(f"gate_outputs must hold 4 values, one per input in INPUTS "
                         f"{INPUTS.tolist()}; got shape {target.shape}.")

    ax = ax or plt.gca()
    lo, hi = -0.5, 1.5
    g = np.linspace(lo, hi, 201)
    g1, g2 = np.meshgrid(g, g)
    fires = perceptron(np.column_stack([g1.ravel(), g2.ravel()]), w, b).reshape(g1.shape)
    ax.contourf(g1, g2, fires, levels=[-0.5, 0.5, 1.5], colors=["#9ecae1", "#fdd0a2"], alpha=0.8)

    w1, w2 = w
    if abs(w2) > 1e-12:                       # x2 = -(w1*x1 + b) / w2
        ax.plot(g, -(w1 * g + b) / w2, color="black", lw=2)
    elif abs(w1) > 1e-12:                     # a vertical line x1 = -b / w1
        ax.axvline(-b / w1, color="black", lw=2)

    for (x1, x2), ti, yi in zip(INPUTS, target, y):
        ax.scatter(x1, x2, s=160, zorder=3, edgecolors="black", linewidths=1.5,
                   facecolors="black" if ti == 1 else "white")
        if yi != ti:
            ax.scatter(x1, x2, s=520, zorder=2, facecolors="none", edgecolors="red", linewidths=2.5)
    ax.set(xlim=(lo, hi), ylim=(lo, hi), xlabel="$x_1$", ylabel="$x_2$", xticks=[0, 1],
           yticks=[0, 1], aspect="equal")
    ax.set_title(title if title is not None
                 else f"$w_1$={w1:.2f}, $w_2$={w2:.2f}, $b$={b:.2f}", fontsize=10)
    if legend:
        handles = [Patch(color="#fdd0a2", label="perceptron says 1"),
                   Patch(color="#9ecae1", label="perceptron says 0")]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2,
                  fontsize=8, frameon=False)
    return ax
