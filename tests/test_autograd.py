"""helpers.autograd (lesson 06) against tf.GradientTape.

Random expressions built twice, once from Values and once from float64 TensorFlow variables,
must agree in value and in every input's gradient; plus the re-used node, a 5,000-node chain
(deeper than Python's recursion limit), what a second backward() does, the picture, and errors.
"""


import io
import math
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import tensorflow as tf

from helpers.autograd import Value, draw_graph, topological_order

TOL = {"rtol": 1e-10, "atol": 1e-12}


# ---------------------------------------------------------------- random expressions vs TF

# Each op is written once and applied to both a Value and a tf.Tensor (same Python operators);
# only relu/tanh/exp need the two spellings. Denominators and roots are kept away from 0.
UNARY = {
    "relu": (lambda v: v.relu(), tf.nn.relu),
    "tanh": (lambda v: v.tanh(), tf.tanh),
    "exp_tanh": (lambda v: v.tanh().exp(), lambda t: tf.exp(tf.tanh(t))),
    "square": (lambda v: v ** 2, lambda t: t ** 2),
    "cube": (lambda v: v ** 3, lambda t: t ** 3),
    "sqrt": (lambda v: (v * v + 0.5) ** 0.5, lambda t: (t * t + 0.5) ** 0.5),
    "neg": (lambda v: -v, lambda t: -t),
    "rsub": (lambda v: 2.0 - v, lambda t: 2.0 - t),
    "rmul": (lambda v: 3 * v, lambda t: 3.0 * t),
    "radd": (lambda v: 1.5 + v, lambda t: 1.5 + t),
    "rdiv": (lambda v: 1.5 / (v * v + 1), lambda t: 1.5 / (t * t + 1.0)),
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 1),
}


def random_expression(seed, n_inputs=4, n_ops=25):
    """Build one random expression from Values and the same one from TF variables."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1.5, size=n_inputs)
    values = [Value(float(v), label=f"x{i}") for i, v in enumerate(x)]
    variables = [tf.Variable(float(v), dtype=tf.float64) for v in x]
    with tf.GradientTape() as tape:
        pool = list(zip(values, variables))
        for _ in range(n_ops):
            if rng.random() < 0.5:
                name = rng.choice(sorted(UNARY))
                f_value, f_tf = UNARY[name]
                v, t = pool[rng.integers(len(pool))]
                pool.append((f_value(v), f_tf(t)))
            else:
                f = BINARY[rng.choice(sorted(BINARY))]
                (v1, t1), (v2, t2) = (pool[i] for i in rng.integers(len(pool), size=2))
                pool.append((f(v1, v2), f(t1, t2)))
            v, t = pool[-1]
            if abs(v.data) > 1e3:  # keep numbers moderate: squash a runaway node
                pool[-1] = (v.tanh(), tf.tanh(t))
        out_value = pool[-1][0] + pool[-2][0] * pool[-3][0]
        out_tf = pool[-1][1] + pool[-2][1] * pool[-3][1]
    tf_grads = tape.gradient(out_tf, variables, unconnected_gradients="zero")
    return values, out_value, float(out_tf.numpy()), [float(g.numpy()) for g in tf_grads]


@pytest.mark.parametrize("seed", range(30))
def test_random_expressions_match_tensorflow(seed):
    inputs, out, tf_out, tf_grads = random_expression(seed)
    out.backward()
    assert out.data == pytest.approx(tf_out, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose([v.grad for v in inputs], tf_grads, **TOL)
    assert out.grad == 1.0


@pytest.mark.parametrize("name", sorted(UNARY))
def test_each_unary_op_matches_tensorflow(name):
    f_value, f_tf = UNARY[name]
    for x in (-1.7, -0.3, 0.4, 2.1):
        v, t = Value(x), tf.Variable(x, dtype=tf.float64)
        with tf.GradientTape() as tape:
            out_tf = f_tf(t)
        out = f_value(v)
        out.backward()
        assert out.data == pytest.approx(float(out_tf), rel=1e-12, abs=1e-15)
        assert v.grad == pytest.approx(float(tape.gradient(out_tf, t)), rel=1e-12, abs=1e-15)


def test_log_matches_tensorflow():
    v, t = Value(2.5), tf.Variable(2.5, dtype=tf.float64)
    with tf.GradientTape() as tape:
        out_tf = tf.math.log(t * t)
    out = (v * v).log()
    out.backward()
    assert out.data == pytest.approx(float(out_tf), rel=1e-12)
    assert v.grad == pytest.approx(float(tape.gradient(out_tf, t)), rel=1e-12)


# ---------------------------------------------------------------- topological order

def test_reused_node_gets_the_sum_of_its_gradients():
    """a = 1; b = a + a; c = b + b: c = 4a, so dc/da = 4 (a naive walk would give 2 or 1)."""
    a = Value(1)
    b = a + a
    c = b + b
    c.backward()
    assert (c.data, a.grad, b.grad, c.grad) == (4.0, 4.0, 2.0, 1.0)
    t = tf.Variable(1.0, dtype=tf.float64)
    with tf.GradientTape() as tape:
        s = t + t
        u = s + s
    assert a.grad == float(tape.gradient(u, t))


def test_a_node_reached_along_paths_of_different_lengths():
    """x feeds the output directly and through a long detour: every path must have finished
    before x's gradient is passed on (the reason for the topological order)."""
    x = Value(0.7)
    detour = x
    for _ in range(10):
        detour = detour.tanh()
    y = x * detour + x
    y.backward()
    t = tf.Variable(0.7, dtype=tf.float64)
    with tf.GradientTape() as tape:
        d = t
        for _ in range(10):
            d = tf.tanh(d)
        u = t * d + t
    assert x.grad == pytest.approx(float(tape.gradient(u, t)), rel=1e-12)


def test_topological_order_puts_every_node_after_its_inputs():
    _, out, _, _ = random_expression(seed=3)
    order = topological_order(out)
    position = {node: i for i, node in enumerate(order)}
    assert len(position) == len(order)  # no node twice
    assert order[-1] is out
    for node in order:
        for child in node._prev:
            assert position[child] < position[node]


def test_a_5000_node_chain_needs_no_recursion():
    assert sys.getrecursionlimit() < 5000  # so a recursive walk would fail here
    x = Value(0.3)
    y = x
    t = tf.Variable(0.3, dtype=tf.float64)
    with tf.GradientTape() as tape:
        u = t
        for i in range(5000):
            if i % 2:
                y, u = y * 1.0002, u * 1.0002
            else:
                y, u = (y + 0.01).tanh(), tf.tanh(u + 0.01)
    y.backward()
    assert len(topological_order(y)) > 5000
    assert y.data == pytest.approx(float(u), rel=1e-10)
    assert x.grad == pytest.approx(float(tape.gradient(u, t)), rel=1e-9)
    assert x.grad != 0.0


# ---------------------------------------------------------------- calling backward twice

def test_backward_twice_accumulates_and_zero_grad_resets():
    a, b = Value(2.0), Value(-3.0)
    c = a * b + a.tanh()
    c.backward()
    first = {node: node.grad for node in topological_order(c)}
    c.backward()
    for node, g in first.items():
        assert node.grad == pytest.approx(2 * g)
    c.zero_grad()
    assert all(node.grad == 0.0 for node in topological_order(c))
    c.backward()
    for node, g in first.items():
        assert node.grad == pytest.approx(g)


def test_accumulation_sums_the_gradients_of_two_outputs():
    """A shared input used by two losses: backward on each leaves the sum, as in PyTorch."""
    w = Value(1.5)
    loss1, loss2 = w * w, w.exp()
    loss1.backward()
    loss2.backward()
    assert w.grad == pytest.approx(2 * 1.5 + math.exp(1.5), rel=1e-12)


# ---------------------------------------------------------------- the picture

def test_draw_graph_returns_a_figure_that_renders():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = (a * b + a).relu() + a ** 2
    c.backward()
    fig = draw_graph(c)
    try:
        assert isinstance(fig, matplotlib.figure.Figure)
        fig.savefig(io.BytesIO(), format="png")  # draws every arrow and box
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert "a\ndata 2\ngrad 8" in texts  # dc/da = b + 1 + 2a = 8
        assert sum(t in {"+", "*", "relu", "**2"} for t in texts) == 5  # one circle per op
    finally:
        plt.close(fig)


def test_draw_graph_on_given_axes():
    fig, ax = plt.subplots()
    try:
        a = Value(1.0)
        assert draw_graph(a + a, ax=ax) is fig
        assert ax.get_title().startswith("Computational graph")
    finally:
        plt.close(fig)


def test_draw_graph_refuses_what_it_cannot_draw():
    y = Value(1.0)
    for _ in range(40):
        y = y * 1.0
    with pytest.raises(ValueError, match=r"81 nodes, more than max_nodes=60"):
        draw_graph(y)
    with pytest.raises(TypeError, match=r"expected a Value, got float"):
        draw_graph(1.0)


# ---------------------------------------------------------------- bad inputs

@pytest.mark.parametrize("bad,error,match", [
    (lambda: Value("a"), TypeError, r"needs a real number \(int or float\), got str 'a'"),
    (lambda: Value(None), TypeError, r"got NoneType"),
    (lambda: Value([1.0]), TypeError, r"got list"),
    (lambda: Value(Value(1.0)), TypeError, r"got a Value"),
    (lambda: Value(float("nan")), ValueError, r"finite number, got nan"),
    (lambda: Value(1.0) + "x", TypeError, r"Value \+ \.\.\.: can combine .* got str 'x'"),
    (lambda: "x" * Value(1.0), TypeError, r"Value \* \.\.\.: can combine"),
    (lambda: Value(2.0) ** Value(2.0), TypeError, r"exponent must be a plain number"),
    (lambda: Value(-1.0) ** 0.5, ValueError, r"negative base \(-1\) with a non-integer"),
    (lambda: Value(0.0) ** -1, ZeroDivisionError, r"the base is 0"),
    (lambda: Value(1.0) / Value(0.0), ZeroDivisionError, r"the base is 0"),
    (lambda: Value(-2.0).log(), ValueError, r"needs a positive number, got -2"),
])
def test_bad_inputs_raise_clear_errors(bad, error, match):
    with pytest.raises(error, match=match):
        bad()


def test_repr_and_numbers_from_numpy():
    v = Value(np.float32(1.5), label="w")
    assert isinstance(v.data, float) and v.data == 1.5
    assert repr(v) == "Value(data=1.5, grad=0, label='w')"
    assert (Value(np.int64(2)) * 3).data == 6.0
