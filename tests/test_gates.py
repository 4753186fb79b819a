"""helpers.gates: the perceptron, the gates, the learning rule and the gate plot (lesson 01)."""

import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection

from helpers.gates import (
    AND,
    GATE_WEIGHTS,
    INPUTS,
    NAND,
    OR,
    XOR,
    perceptron,
    perceptron_learning_rule,
    plot_gate,
    truth_table,
)

BITS = list(itertools.product([0, 1], repeat=2))
# The truth tables from Python's own logic operators, independent of the perceptron.
LOGIC = {
    AND: lambda a, b: int(a and b),
    OR: lambda a, b: int(a or b),
    NAND: lambda a, b: int(not (a and b)),
    XOR: lambda a, b: a ^ b,
}


# --- the perceptron ------------------------------------------------------------------------

def test_perceptron_is_weighted_sum_then_threshold():
    rng = np.random.default_rng(0)
    for _ in range(200):
        k = rng.integers(1, 6)
        x, w, b = rng.normal(size=k), rng.normal(size=k), rng.normal()
        s = sum(xi * wi for xi, wi in zip(x, w)) + b
        assert perceptron(x, w, b) == (1 if s > 0 else 0)


def test_threshold_is_strict_like_the_seed():
    # 0.5*1 + 0.5*1 - 1 is exactly 0: "if result <= 0: return 0"
    assert perceptron([1, 1], [0.5, 0.5], -1.0) == 0
    assert perceptron([1, 1], [0.5, 0.5], -0.999) == 1


def test_perceptron_returns_plain_int_for_one_input():
    y = perceptron([1, 1], [0.5, 0.5], -0.7)
    assert type(y) is int and y == 1


def test_perceptron_batch_matches_one_at_a_time():
    rng = np.random.default_rng(1)
    X, w, b = rng.normal(size=(50, 3)), rng.normal(size=3), 0.2
    y = perceptron(X, w, b)
    assert y.shape == (50,) and np.issubdtype(y.dtype, np.integer)
    assert y.tolist() == [perceptron(x, w, b) for x in X]


def test_perceptron_does_not_mutate_inputs():
    x, w = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.5, 0.5])
    x0, w0 = x.copy(), w.copy()
    perceptron(x, w, -0.7)
    assert np.array_equal(x, x0) and np.array_equal(w, w0)


def test_bool_inputs_are_numbers():
    assert perceptron([True, True], [0.5, 0.5], -0.7) == 1


# --- the gates -------------------------------------------------------------------------------

@pytest.mark.parametrize("gate", [AND, OR, NAND, XOR], ids=lambda g: g.__name__)
def test_truth_tables(gate):
    for a, b in BITS:
        y = gate(a, b)
        assert type(y) is int and y == LOGIC[gate](a, b), (gate.__name__, a, b)


@pytest.mark.parametrize("gate", [AND, OR, NAND, XOR], ids=lambda g: g.__name__)
def test_gates_work_on_arrays(gate):
    a, b = np.array([0, 1, 0, 1, 1]), np.array([0, 0, 1, 1, 1])
    y = gate(a, b)
    assert y.shape == (5,) and np.issubdtype(y.dtype, np.integer)
    assert y.tolist() == [LOGIC[gate](int(p), int(q)) for p, q in zip(a, b)]
    grid = gate(np.array([[0, 1], [1, 1]]), np.array([[0, 0], [1, 1]]))
    assert grid.shape == (2, 2)


def test_seed_weights():
    assert GATE_WEIGHTS["AND"][0].tolist() == [0.5, 0.5] and GATE_WEIGHTS["AND"][1] == -0.7
    assert GATE_WEIGHTS["OR"][0].tolist() == [0.6, 0.6] and GATE_WEIGHTS["OR"][1] == -0.5
    assert GATE_WEIGHTS["NAND"][0].tolist() == [-0.5, -0.5] and GATE_WEIGHTS["NAND"][1] == 0.7


def test_gates_accept_bools_and_float_bits():
    assert AND(True, True) == 1 and OR(0.0, 1.0) == 1 and XOR(np.int8(1), np.float32(1)) == 0


def test_truth_table_rows():
    table = truth_table(XOR)
    assert table.shape == (4, 3)
    assert table[:, :2].tolist() == INPUTS.tolist()
    assert table[:, 2].tolist() == [LOGIC[XOR](a, b) for a, b in INPUTS]
    assert truth_table(lambda a, b: a or b)[:, 2].tolist() == [0, 1, 1, 1]


def test_xor_cannot_be_one_perceptron():
    """No line on a fine grid of weights and biases separates XOR (it is not linearly separable)."""
    target = np.array([LOGIC[XOR](a, b) for a, b in INPUTS])
    values = np.linspace(-2, 2, 81)
    w1, w2, b = (g.ravel() for g in np.meshgrid(values, values, values))
    fires = (INPUTS[:, :1] * w1 + INPUTS[:, 1:] * w2 + b > 0).astype(int)   # (4, grid)
    assert not np.any(np.all(fires == target[:, None], axis=0))
    # the same search does find AND, so it is able to succeed
    assert np.any(np.all(fires == np.array([0, 0, 0, 1])[:, None], axis=0))


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("x, w, b, error, match", [
    ([1, 0, 1], [0.5, 0.5], -0.7, ValueError, r"x has 3 input\(s\).*w has 2 weight"),
    (np.ones((4, 3)), [0.5, 0.5], -0.7, ValueError, r"one weight per input"),
    ([1, 0], [[0.5, 0.5]], -0.7, ValueError, r"w must be 1-D"),
    (np.ones((2, 2, 2)), [0.5, 0.5], -0.7, ValueError, r"shape \(k,\) or a batch"),
    ([1, 0], [0.5, 0.5], [0.1, 0.2], ValueError, r"b must be a single number"),
    (["1", "0"], [0.5, 0.5], -0.7, TypeError, r"x must contain real numbers"),
    ([1, 0], ["a", "b"], -0.7, TypeError, r"w must contain real numbers"),
    ([1, 0], [0.5, 0.5], "bias", TypeError, r"b must contain real numbers"),
    ([1, 0], [0.5, 0.5], None, TypeError, r"b must contain real numbers"),
    ([np.nan, 0], [0.5, 0.5], -0.7, ValueError, r"x contains NaN or infinity"),
    ([1, 0], [np.inf, 0.5], -0.7, ValueError, r"w contains NaN or infinity"),
    ([1, 0], [0.5, 0.5], np.nan, ValueError, r"b contains NaN"),
])
def test_perceptron_bad_input(x, w, b, error, match):
    with pytest.raises(error, match=match):
        perceptron(x, w, b)


@pytest.mark.parametrize("gate", [AND, OR, NAND, XOR], ids=lambda g: g.__name__)
def test_gates_bad_input(gate):
    with pytest.raises(ValueError, match=r"x1 must be 0 or 1 for a logic gate; got 2"):
        gate(2, 1)
    with pytest.raises(ValueError, match=r"x2 must be 0 or 1 .*got 0.5"):
        gate(1, 0.5)
    with pytest.raises(ValueError, match=r"x1 must be 0 or 1 .*got -1"):
        gate(np.array([0, -1]), np.array([1, 1]))
    with pytest.raises(ValueError, match=r"NaN"):
        gate(np.nan, 1)
    with pytest.raises(TypeError, match=r"x1 must contain real numbers"):
        gate("1", 0)
    with pytest.raises(ValueError, match=r"same shape.*\(2,\) and \(3,\)"):
        gate(np.array([0, 1]), np.array([0, 1, 1]))


def test_truth_table_bad_gate():
    with pytest.raises(TypeError, match="gate must be a function"):
        truth_table("AND")


# --- the perceptron learning rule -------------------------------------------------------------

def targets(gate):
    return np.array([LOGIC[gate](int(a), int(b)) for a, b in INPUTS])


def test_first_epoch_by_hand():
    # AND from zeros, lr 0.1: (0,0),(1,0),(0,1) are already right (sum 0 -> 0); (1,1) is wrong,
    # so w += 0.1*(1-0)*[1,1] and b += 0.1: one mistake, w = [0.1, 0.1], b = 0.1.
    result = perceptron_learning_rule(INPUTS, targets(AND), lr=0.1, epochs=1)
    assert result.errors.tolist() == [1]
    np.testing.assert_allclose(result.w, [0.1, 0.1])
    assert result.b == pytest.approx(0.1)
    np.testing.assert_allclose(result.history, [[0.1, 0.1, 0.1]])


@pytest.mark.parametrize("gate", [AND, OR, NAND], ids=lambda g: g.__name__)
@pytest.mark.parametrize("lr", [0.01, 0.1, 1.0])
@pytest.mark.parametrize("shuffle", [False, True])
def test_learning_rule_converges_on_separable_gates(gate, lr, shuffle):
    t = targets(gate)
    result = perceptron_learning_rule(INPUTS, t, lr=lr, epochs=100, shuffle=shuffle, seed=3)
    first_clean = int(np.argmax(result.errors == 0))
    assert result.errors[first_clean] == 0
    assert np.all(result.errors[first_clean:] == 0), "once right it stays right"
    assert perceptron(INPUTS, result.w, result.b).tolist() == t.tolist()
    # the weights stop moving once an epoch makes no mistake
    assert np.all(result.history[first_clean:] == result.history[first_clean])


@pytest.mark.parametrize("lr", [0.01, 0.1, 1.0])
@pytest.mark.parametrize("start", [None, [0.3, -0.2], [-1.0, 2.0]])
@pytest.mark.parametrize("shuffle", [False, True])
def test_learning_rule_never_settles_on_xor(lr, start, shuffle):
    result = perceptron_learning_rule(INPUTS, targets(XOR), lr=lr, epochs=200, w=start,
                                      b=0.1, shuffle=shuffle, seed=5)
    assert np.all(result.errors >= 1), "an epoch without a mistake would mean a separating line"
    assert not np.array_equal(perceptron(INPUTS, result.w, result.b), targets(XOR))


def test_learning_rule_finds_a_random_separating_line():
    """The convergence theorem on separable data that no gate table could have memorised."""
    rng = np.random.default_rng(7)
    X = rng.uniform(-1, 1, size=(200, 3))
    w_true, b_true = np.array([1.0, -2.0, 0.5]), 0.1
    s = X @ w_true + b_true
    keep = np.abs(s) > 0.1                    # a margin makes convergence quick
    X, t = X[keep], (s[keep] > 0).astype(int)
    result = perceptron_learning_rule(X, t, lr=0.5, epochs=300, shuffle=True, seed=0)
    assert result.errors[-1] == 0
    assert np.array_equal(perceptron(X, result.w, result.b), t)


def test_learning_rule_is_deterministic_and_leaves_inputs_alone():
    X, t, w0 = INPUTS.astype(float), targets(OR), np.array([0.2, -0.4])
    copies = X.copy(), t.copy(), w0.copy()
    a = perceptron_learning_rule(X, t, lr=0.1, epochs=10, w=w0, b=0.3, shuffle=True, seed=11)
    b = perceptron_learning_rule(X, t, lr=0.1, epochs=10, w=w0, b=0.3, shuffle=True, seed=11)
    assert np.array_equal(a.w, b.w) and a.b == b.b and np.array_equal(a.errors, b.errors)
    assert np.array_equal(a.history, b.history)
    for original, copy in zip((X, t, w0), copies):
        assert np.array_equal(original, copy)


def test_learning_rule_result_fields():
    result = perceptron_learning_rule(INPUTS, targets(AND), epochs=7)
    w, b, errors, history = result
    assert w.shape == (2,) and isinstance(b, float)
    assert errors.shape == (7,) and history.shape == (7, 3)
    np.testing.assert_array_equal(history[-1], [*w, b])


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(X=[0, 1, 0, 1]), ValueError, r"X must be a batch of inputs of shape \(n, k\)"),
    (dict(t=[0, 1, 1]), ValueError, r"one target per row of X, shape \(4,\); got shape \(3,\)"),
    (dict(t=[0, 2, 1, 1]), ValueError, r"t must be 0 or 1"),
    (dict(X=[["a", "b"]] * 4), TypeError, r"X must contain real numbers"),
    (dict(X=[[0, np.nan]] * 4), ValueError, r"X contains NaN"),
    (dict(lr=0), ValueError, r"lr must be a positive number"),
    (dict(lr=-0.1), ValueError, r"lr must be a positive number"),
    (dict(epochs=0), ValueError, r"epochs must be a whole number >= 1"),
    (dict(epochs=2.5), ValueError, r"epochs must be a whole number"),
    (dict(w=[0.0, 0.0, 0.0]), ValueError, r"w must have one weight per input column"),
    (dict(b=[0.0]), ValueError, r"b must be a single number"),
])
def test_learning_rule_bad_input(kwargs, error, match):
    args = dict(X=INPUTS, t=targets(AND)) | kwargs
    with pytest.raises(error, match=match):
        perceptron_learning_rule(**args)


# --- the drawing -------------------------------------------------------------------------------

def red_rings(ax):
    return sum(1 for c in ax.collections
               if len(c.get_edgecolors()) and np.allclose(c.get_edgecolors()[0][:3], [1, 0, 0]))


def test_plot_gate_draws_the_decision_line():
    fig, ax = plt.subplots()
    w, b = GATE_WEIGHTS["AND"]
    assert plot_gate(w, b, targets(AND), ax=ax) is ax
    (line,) = ax.lines
    x1, x2 = line.get_data()
    np.testing.assert_allclose(0.5 * x1 + 0.5 * x2 - 0.7, 0, atol=1e-12)
    assert red_rings(ax) == 0
    plt.close(fig)


def test_plot_gate_rings_the_mistakes():
    fig, ax = plt.subplots()
    w, b = GATE_WEIGHTS["OR"]
    plot_gate(w, b, targets(XOR), ax=ax)      # OR's line is wrong only on (1, 1) for XOR
    assert red_rings(ax) == 1
    plt.close(fig)


@pytest.mark.parametrize("w, b", [([1.0, 0.0], -0.5), ([0.0, 0.0], 0.3), ([0.0, 0.0], -0.3)])
def test_plot_gate_vertical_and_missing_lines_without_warnings(w, b):
    fig, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot_gate(w, b, ax=ax, legend=False)
    assert ax.get_legend() is None
    plt.close(fig)


def test_plot_gate_bad_input():
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        plot_gate([1, 1, 1], 0)
    with pytest.raises(ValueError, match=r"gate_outputs must hold 4 values"):
        plot_gate([1, 1], 0, [0, 1, 1])
    with pytest.raises(ValueError, match=r"gate_outputs must be 0 or 1"):
        plot_gate([1, 1], 0, [0, 1, 1, 3])
    plt.close("all")


# --- the two-layer picture (helpers.plots.plot_two_layer_perceptron) ------------------------

XOR_NET = dict(W1=np.array([[-0.5, 0.6], [-0.5, 0.6]]), b1=np.array([0.7, -0.5]),
               W2=np.array([[0.5], [0.5]]), b2=np.array([-0.7]))


def test_two_layer_picture_puts_each_input_where_the_hidden_units_send_it():
    from helpers.plots import plot_two_layer_perceptron

    fig, axes = plt.subplots(1, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = plot_two_layer_perceptron(**XOR_NET, targets=targets(XOR), axes=axes)
    assert out is axes
    left, right = axes
    # scatter dots have sizes; Matplotlib < 3.8 also draws contourf bands as PathCollections
    dots = lambda ax: sorted(tuple(map(float, c.get_offsets()[0]))  # noqa: E731
                             for c in ax.collections
                             if isinstance(c, PathCollection) and len(c.get_sizes()))
    assert dots(left) == sorted(map(tuple, INPUTS.astype(float)))
    # hidden coordinates from Python's logic: s1 = NAND, s2 = OR
    assert dots(right) == sorted((float(not (a and b)), float(a or b)) for a, b in INPUTS)
    notes = sorted(t.get_text() for t in right.texts)
    assert notes == ["(0,0)", "(1,0) (0,1)", "(1,1)"]       # two inputs land on (1, 1)
    (nand_line, or_line), (and_line,) = left.lines, right.lines
    for line, (w, b) in [(nand_line, GATE_WEIGHTS["NAND"]), (or_line, GATE_WEIGHTS["OR"]),
                         (and_line, GATE_WEIGHTS["AND"])]:
        u, v = line.get_data()
        np.testing.assert_allclose(w[0] * u + w[1] * v + b, 0, atol=1e-12)
    plt.close(fig)


def test_two_layer_picture_bad_input():
    from helpers.plots import plot_two_layer_perceptron

    with pytest.raises(ValueError, match=r"expected W1 \(2, 2\).*got W1 \(3, 2\)"):
        plot_two_layer_perceptron(np.ones((3, 2)), [0, 0], [1, 1], 0, targets(XOR))
    with pytest.raises(ValueError, match=r"targets \(3,\)"):
        plot_two_layer_perceptron(**XOR_NET, targets=[0, 1, 1])
    plt.close("all")
