"""helpers.gradients against tf.GradientTape, closed forms and the reference book's numbers."""

import subprocess
import sys
import zlib

import numpy as np
import pytest
import tensorflow as tf

from helpers.gradients import (
    gradient_check,
    gradient_descent,
    numerical_diff,
    numerical_gradient,
    numerical_gradient_params,
    relative_error,
)


def function_2(x):
    """f(x0, x1) = x0**2 + x1**2, the running example of lesson 04."""
    return x[0] ** 2 + x[1] ** 2


# ------------------------------------------------------------------ numerical_diff

def test_numerical_diff_book_example():
    # f(x) = 0.01 x^2 + 0.1 x has f'(x) = 0.02 x + 0.1: 0.2 at 5 and 0.3 at 10
    # (the book prints 0.1999999999990898 and 0.2999999999986347).
    def function_1(x):
        return 0.01 * x**2 + 0.1 * x

    assert numerical_diff(function_1, 5) == pytest.approx(0.2, abs=1e-10)
    assert numerical_diff(function_1, 10) == pytest.approx(0.3, abs=1e-10)


def test_numerical_diff_is_the_central_difference():
    # For x^3 at 1 with h = 0.1 the central difference is exactly 3 + h^2 = 3.01;
    # the forward difference would give 3.31.
    assert numerical_diff(lambda x: x**3, 1.0, h=0.1) == pytest.approx(3.01, abs=1e-12)


def test_numerical_diff_elementwise_on_arrays_and_input_unchanged():
    x = np.linspace(-3, 3, 13)
    before = x.copy()
    np.testing.assert_allclose(numerical_diff(np.sin, x), np.cos(x), atol=1e-8)
    np.testing.assert_array_equal(x, before)


def test_numerical_diff_tiny_h_loses_everything():
    # x + 1e-50 == x in float64: the difference, and so the "derivative", is 0.
    assert numerical_diff(lambda x: x**2, 1.0, h=1e-50) == 0.0


# ------------------------------------------------------------------ numerical_gradient

@pytest.mark.parametrize("point, expected", [((3.0, 4.0), (6.0, 8.0)),
                                             ((0.0, 2.0), (0.0, 4.0)),
                                             ((3.0, 0.0), (6.0, 0.0))])
def test_gradient_of_sum_of_squares_seed_points(point, expected):
    grad = numerical_gradient(function_2, np.array(point))
    np.testing.assert_allclose(grad, expected, atol=1e-8)


# Smooth functions written twice: once for NumPy, once for TensorFlow.
SMOOTH = {
    "sin(x)*x": (lambda x: np.sum(np.sin(x) * x), lambda x: tf.reduce_sum(tf.sin(x) * x)),
    "exp + cubic": (lambda x: np.sum(np.exp(0.3 * x)) + np.sum(x**3) / 10,
                    lambda x: tf.reduce_sum(tf.exp(0.3 * x)) + tf.reduce_sum(x**3) / 10),
    "log(1+|x|^2)": (lambda x: np.log1p(np.sum(x**2)),
                     lambda x: tf.math.log1p(tf.reduce_sum(x**2))),
    "tanh*cos": (lambda x: np.sum(np.tanh(x) * np.cos(2 * x)),
                 lambda x: tf.reduce_sum(tf.tanh(x) * tf.cos(2 * x))),
    "logsumexp": (lambda x: np.log(np.sum(np.exp(x))) - np.ravel(x)[0],
                  lambda x: tf.reduce_logsumexp(x) - tf.reshape(x, [-1])[0]),
}
SHAPES = [(), (1,), (5,), (3, 4), (2, 3, 2)]


@pytest.mark.parametrize("name", SMOOTH)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_numerical_gradient_matches_gradient_tape(name, shape):
    f_np, f_tf = SMOOTH[name]
    rng = np.random.default_rng(zlib.crc32(repr((name, shape)).encode()))
    x = rng.uniform(-2, 2, size=shape)
    before = x.copy()
    variable = tf.Variable(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        y = f_tf(variable)
    expected = tape.gradient(y, variable).numpy()
    grad = numerical_gradient(f_np, x)
    assert grad.shape == x.shape and grad.dtype == np.float64
    np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(x, before)


def test_parameters_read_through_a_closure():
    # The network idiom: f ignores its argument and reads W itself; it works because
    # numerical_gradient nudges W in place.
    rng = np.random.default_rng(4)
    W, inputs = rng.normal(size=(3, 2)), rng.normal(size=(5, 3))

    def loss():
        return np.sum(np.tanh(inputs @ W) ** 2)

    variable = tf.Variable(W)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.tanh(tf.constant(inputs) @ variable) ** 2)
    np.testing.assert_allclose(numerical_gradient(lambda _: loss(), W),
                               tape.gradient(y, variable).numpy(), rtol=1e-6, atol=1e-8)


def test_input_restored_bit_for_bit():
    # 1e-5 + 1e-4 - 1e-4 != 1e-5 in float64, so restoring must not recompute the value.
    x = np.array([[0.1, 1e-5, 1e8], [-3.3, 3e-6, 1e-20]])
    assert (x + 1e-4 - 1e-4 != x).sum() == 3
    before = x.tobytes()
    numerical_gradient(lambda v: np.sum(v**2), x)
    assert x.tobytes() == before


def test_input_restored_when_f_raises():
    x = np.array([0.1, 0.2, 0.3, 0.4])
    before = x.copy()
    calls = []

    def fragile(v):
        calls.append(v.copy())
        if len(calls) == 4:  # while x[1] is nudged down
            raise RuntimeError("boom")
        return float(np.sum(v))

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(fragile, x)
    assert calls[3][1] != before[1], "the failing call should have seen a nudged x"
    np.testing.assert_array_equal(x, before)


def test_f_sees_exactly_one_nudged_element_per_call():
    x = np.array([1.0, 2.0, 3.0])
    seen = []
    numerical_gradient(lambda v: seen.append(v - np.array([1.0, 2.0, 3.0])) or 0.0, x, h=0.5)
    assert len(seen) == 2 * x.size
    for k, diff in enumerate(seen):
        expected = np.zeros(3)
        expected[k // 2] = 0.5 if k % 2 == 0 else -0.5
        np.testing.assert_array_equal(diff, expected)


def test_float32_stays_float32_and_lists_become_float64():
    x32 = np.array([3.0, 4.0], dtype=np.float32)
    grad32 = numerical_gradient(lambda v: float(np.sum(v.astype(np.float64) ** 2)), x32, h=1e-2)
    assert grad32.dtype == np.float32
    np.testing.assert_allclose(grad32, [6.0, 8.0], rtol=1e-4)
    grad = numerical_gradient(function_2, [3, 4])  # a list of ints is copied into float64
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [6.0, 8.0], atol=1e-8)


def test_zero_dimensional_and_empty_inputs():
    assert numerical_gradient(lambda v: float(v) ** 3, np.array(2.0)) == pytest.approx(12.0)
    assert numerical_gradient(lambda v: 0.0, np.zeros((0, 3))).shape == (0, 3)


def test_integer_array_refused():
    x = np.array([3, 4])
    with pytest.raises(TypeError, match=r"integer array would round the nudge.*astype\(float\)"):
        numerical_gradient(function_2, x)
    np.testing.assert_array_equal(x, [3, 4])


@pytest.mark.parametrize("bad", [np.array([True, False]), np.array([1 + 2j, 3j])], ids=str)
def test_non_float_arrays_refused(bad):
    with pytest.raises(TypeError, match="needs a float array"):
        numerical_gradient(lambda v: 0.0, bad)


def test_read_only_array_refused():
    x = np.array([3.0, 4.0])
    x.flags.writeable = False
    with pytest.raises(ValueError, match=r"read-only.*copy\(\)"):
        numerical_gradient(function_2, x)


@pytest.mark.parametrize("func", [numerical_diff, numerical_gradient])
def test_non_callable_f_refused(func):
    with pytest.raises(TypeError, match="f must be a function"):
        func(np.array([1.0, 2.0]), np.array([1.0, 2.0]))


@pytest.mark.parametrize("h", [0, -1e-4, np.nan, np.inf, "1e-4", None, True])
@pytest.mark.parametrize("func", [numerical_diff, numerical_gradient])
def test_bad_step_refused(func, h):
    with pytest.raises(ValueError, match="h must be a positive finite number"):
        func(lambda v: np.sum(v), np.array([1.0]), h=h)


def test_numerical_diff_bad_x():
    with pytest.raises(TypeError, match="x must be a number or an array"):
        numerical_diff(np.sin, "three")


def test_f_must_return_one_finite_number():
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"single number.*shape \(2,\)"):
        numerical_gradient(lambda v: v**2, x)
    with pytest.raises(ValueError, match=r"returned nan at element \(1,\)"):
        numerical_gradient(lambda v: float(v[0]) if v[1] == 2.0 else np.nan, x)
    with pytest.raises(ValueError, match="non-finite"):
        numerical_gradient(lambda v: np.inf, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_bad_input_for_numerical_gradient():
    with pytest.raises(TypeError, match="float array or numbers"):
        numerical_gradient(function_2, ["a", "b"])


# ------------------------------------------------------------------ numerical_gradient_params

def _softmax_net(rng):
    params = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=3),
              "W2": rng.normal(size=(3, 2)), "b2": rng.normal(size=2)}
    x, t = rng.normal(size=(6, 4)), rng.integers(0, 2, size=6)

    def loss_np(p):
        h = np.tanh(x @ p["W1"] + p["b1"])
        z = h @ p["W2"] + p["b2"]
        z = z - z.max(axis=1, keepdims=True)
        log_y = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
        return -np.mean(log_y[np.arange(len(t)), t])

    def grads_tf(p):
        v = {k: tf.Variable(a) for k, a in p.items()}
        with tf.GradientTape() as tape:
            h = tf.tanh(tf.constant(x) @ v["W1"] + v["b1"])
            z = h @ v["W2"] + v["b2"]
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(t, z))
        g = tape.gradient(loss, v)
        return {k: g[k].numpy() for k in p}

    return params, loss_np, grads_tf


def test_numerical_gradient_params_against_tape_and_params_unchanged():
    params, loss_np, grads_tf = _softmax_net(np.random.default_rng(5))
    before = {k: v.copy() for k, v in params.items()}
    numeric = numerical_gradient_params(lambda: loss_np(params), params)
    assert list(numeric) == list(params)
    expected = grads_tf(params)
    for key in params:
        assert numeric[key].shape == params[key].shape
        np.testing.assert_allclose(numeric[key], expected[key], rtol=1e-5, atol=1e-8)
        np.testing.assert_array_equal(params[key], before[key])


def test_numerical_gradient_params_bad_input():
    with pytest.raises(TypeError, match="loss must be a function"):
        numerical_gradient_params(3.0, {"W": np.zeros(2)})
    with pytest.raises(TypeError, match="non-empty dict"):
        numerical_gradient_params(lambda: 0.0, [np.zeros(2)])
    with pytest.raises(TypeError, match="non-empty dict"):
        numerical_gradient_params(lambda: 0.0, {})
    with pytest.raises(TypeError, match=r"params\['b'\] must be a NumPy float array"):
        numerical_gradient_params(lambda: 0.0, {"W": np.zeros(2), "b": [0.0]})
    with pytest.raises(TypeError, match=r"params\['W'\] has dtype int"):
        numerical_gradient_params(lambda: 0.0, {"W": np.zeros(2, dtype=int)})


# ------------------------------------------------------------------ gradient_descent

def test_descent_reaches_the_minimum_with_lr_0_1():
    init = np.array([-3.0, 4.0])
    x, path = gradient_descent(function_2, init, lr=0.1, step_num=100)
    np.testing.assert_allclose(x, [0.0, 0.0], atol=1e-8)
    # The book prints [-6.11110793e-10  8.14814391e-10].
    np.testing.assert_allclose(x, [-6.11110793e-10, 8.14814391e-10], rtol=1e-6)
    np.testing.assert_array_equal(init, [-3.0, 4.0])  # init_x not changed
    assert path.shape == (101, 2)
    np.testing.assert_array_equal(path[0], init)
    np.testing.assert_array_equal(path[-1], x)
    # Each step multiplies x by (1 - 2 lr) = 0.8, since grad f = 2x.
    expected = init * 0.8 ** np.arange(101)[:, None]
    np.testing.assert_allclose(path, expected, rtol=1e-6, atol=1e-12)
    values = [function_2(p) for p in path]
    assert all(b < a for a, b in zip(values, values[1:]))


def test_descent_with_too_large_and_too_small_learning_rates():
    # lr = 10: each step multiplies x by -19 until x is so large that x + h == x, the
    # numerical gradient becomes 0 and x freezes. The book prints [-2.58983747e+13 -1.29524862e+12].
    x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=10.0, step_num=100)
    assert np.all(np.abs(x) > 1e11)
    np.testing.assert_allclose(x, [-2.58983747e13, -1.29524862e12], rtol=1e-8)
    # lr = 1e-10: x hardly moves. The book prints [-2.99999994  3.99999992].
    x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=1e-10, step_num=100)
    np.testing.assert_allclose(x, [-3.0, 4.0], atol=1e-6)
    np.testing.assert_allclose(x, [-2.99999994, 3.99999992], atol=1e-8)


def test_descent_with_an_analytic_gradient_and_any_shape():
    init = np.arange(6.0).reshape(2, 3)
    x, path = gradient_descent(lambda v: np.sum(v**2), init, lr=0.25, step_num=3,
                               gradient=lambda v: 2 * v)
    assert path.shape == (4, 2, 3)
    np.testing.assert_array_equal(path[1], init * 0.5)
    np.testing.assert_array_equal(x, init * 0.125)
    x_int, _ = gradient_descent(function_2, [-3, 4], lr=0.1, step_num=5)  # ints become floats
    np.testing.assert_allclose(x_int, np.array([-3.0, 4.0]) * 0.8**5, rtol=1e-7)


@pytest.mark.parametrize("lr", [0, -0.1, np.nan, np.inf, "0.1", None, True])
def test_descent_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="lr .*must be a positive finite number"):
        gradient_descent(function_2, np.array([1.0, 1.0]), lr=lr)


@pytest.mark.parametrize("step_num", [0, -5, 2.5, 10.0, "10", True, None])
def test_descent_bad_step_num(step_num):
    with pytest.raises(ValueError, match="step_num must be a positive integer"):
        gradient_descent(function_2, np.array([1.0, 1.0]), step_num=step_num)


def test_descent_other_bad_input():
    with pytest.raises(TypeError, match="f must be a function"):
        gradient_descent("x**2", np.array([1.0, 1.0]))
    with pytest.raises(TypeError, match="gradient must be a function"):
        gradient_descent(function_2, np.array([1.0, 1.0]), gradient=np.array([1.0, 1.0]))
    with pytest.raises(ValueError, match="init_x contains NaN"):
        gradient_descent(function_2, np.array([np.nan, 1.0]))
    with pytest.raises(TypeError, match="init_x must hold real numbers"):
        gradient_descent(function_2, ["a", "b"])
    with pytest.raises(ValueError, match=r"gradient\(x\) returned shape \(3,\); expected \(2,\)"):
        gradient_descent(function_2, np.array([1.0, 1.0]), gradient=lambda v: np.zeros(3))


# ------------------------------------------------------------------ relative_error, gradient_check

def test_relative_error_formula():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    # max|a - n| = 0.1, max(|a| + |n|) = 2 + 2.1
    assert relative_error([1.0, 2.0], [1.0, 2.1]) == pytest.approx(0.1 / 4.1)
    assert relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
    assert relative_error([1.0], [-1.0]) == pytest.approx(1.0)
    a, n = np.array([3.0, -1.0, 0.5]), np.array([3.0001, -1.0, 0.49])
    assert relative_error(1e-6 * a, 1e-6 * n) == pytest.approx(relative_error(a, n))


def test_relative_error_bad_input():
    with pytest.raises(ValueError, match=r"different shapes: analytic \(2,\), numeric \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="numeric gradient contains NaN"):
        relative_error(np.zeros(2), np.array([0.0, np.nan]))


def test_gradient_check_on_a_network():
    params, loss_np, grads_tf = _softmax_net(np.random.default_rng(6))
    analytic = grads_tf(params)
    numeric = numerical_gradient_params(lambda: loss_np(params), params)
    errors = gradient_check(analytic, numeric)
    assert list(errors) == ["W1", "b1", "W2", "b2"]
    assert all(isinstance(e, float) and e < 1e-7 for e in errors.values()), errors
    # A typical backprop bug: forgetting the 1/N of the batch mean in one parameter.
    wrong = dict(analytic, W2=analytic["W2"] * 6)
    errors = gradient_check(wrong, numeric)
    assert errors["W2"] > 0.5 and errors["W1"] < 1e-7


def test_gradient_check_on_two_arrays():
    assert gradient_check(np.array([1.0, 2.0]), np.array([1.0, 2.1])) == pytest.approx(0.1 / 4.1)


def test_gradient_check_bad_input():
    g = {"W1": np.zeros((2, 3)), "b1": np.zeros(3)}
    with pytest.raises(KeyError, match=r"lacks \['b1'\].*extra \['b2'\]"):
        gradient_check(g, {"W1": np.zeros((2, 3)), "b2": np.zeros(3)})
    with pytest.raises(ValueError, match=r"'W1': The gradients have different shapes"):
        gradient_check(g, {"W1": np.zeros((3, 2)), "b1": np.zeros(3)})
    with pytest.raises(ValueError, match=r"'b1': The numeric gradient contains NaN"):
        gradient_check(g, {"W1": np.zeros((2, 3)), "b1": np.full(3, np.nan)})
    with pytest.raises(TypeError, match="two dicts of gradients"):
        gradient_check(g, np.zeros(3))


def test_module_does_not_import_tensorflow():
    code = "import sys, helpers.gradients; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ lesson 04's pictures of them

def test_plot_descent_draws_the_path_and_refuses_a_bad_one():
    import matplotlib.pyplot as plt

    from helpers.plots import plot_descent

    _, path = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=20)
    fig, ax = plt.subplots()
    assert plot_descent(function_2, path, minimum=(0, 0), ax=ax, title="t") is ax
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), path)    # the path, step by step
    assert ax.get_xlim() == (-5.0, 5.0) and ax.get_title() == "t"
    _, runaway = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=10.0, step_num=100)
    plot_descent(function_2, runaway, ax=ax)
    assert ax.get_xlim() == (-60.0, 60.0)                           # the view stops at ±60
    with pytest.raises(ValueError, match=r"shape \(steps \+ 1, 2\).*got shape \(3,\)"):
        plot_descent(function_2, [1.0, 2.0, 3.0], ax=ax)
    plt.close(fig)


def test_plot_gradient_field_draws_minus_the_gradient():
    import matplotlib.pyplot as plt

    from helpers.plots import plot_gradient_field

    points = np.array([[1.0, 0.0], [0.0, -2.0]])
    gradients = np.array([numerical_gradient(function_2, p) for p in points])
    _, ax = plot_gradient_field(function_2, points, gradients)
    arrows = ax.collections[-1]
    np.testing.assert_allclose(arrows.U, [-2.0, 0.0], atol=1e-8)   # -df/dx0 at the two points
    np.testing.assert_allclose(arrows.V, [0.0, 4.0], atol=1e-8)    # -df/dx1
    with pytest.raises(ValueError, match="both have shape"):
        plot_gradient_field(function_2, points, gradients[:1])
    plt.close("all")


def test_plot_accuracy_and_loss_marks_the_loss_minimum():
    import matplotlib.pyplot as plt

    from helpers.plots import plot_accuracy_and_loss

    xs = np.linspace(-1, 1, 5)
    fig, ax = plt.subplots()
    ax_acc, ax_loss = plot_accuracy_and_loss(xs, [0.5, 1, 0.5, 1, 0.5], (xs - 0.5) ** 2,
                                             xlabel="b", ax=ax)
    assert ax_acc is ax and ax_loss is not ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["highest accuracy (1)", "smallest loss (b = 0.5)"]
    with pytest.raises(ValueError, match="same length"):
        plot_accuracy_and_loss(xs, [1, 0], xs)
    plt.close(fig)
