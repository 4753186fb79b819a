"""helpers.functions against keras.activations, keras.losses and tf.GradientTape.

Every expected value here comes from Keras/TensorFlow, a closed form, or the reference book's
printed numbers, never from the code under test.
"""


import inspect
import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from helpers import functions as F

RNG_SEED = 20240502


def random_inputs(shape=(6, 7), scale=4.0, seed=RNG_SEED):
    """Random normal values plus the special points 0, +-1e-3 and large magnitudes."""
    x = np.random.default_rng(seed).normal(0.0, scale, size=shape)
    x.flat[:6] = [0.0, 1e-3, -1e-3, 30.0, -30.0, 1.0]
    return x


def keras_np(value):
    return np.asarray(keras.ops.convert_to_numpy(value))


def rtol_for(name):
    # TensorFlow stores leaky_relu's slope as float32 (0.2 -> 0.20000000298...), so agreement
    # there is to float32 precision; everything else agrees to float64 precision.
    return 1e-7 if name.startswith("leaky_relu") else 1e-12


# name -> (ours, the Keras reference)
ACTIVATION_PAIRS = {
    "sigmoid": (F.sigmoid, keras.activations.sigmoid),
    "tanh": (F.tanh, keras.activations.tanh),
    "relu": (F.relu, keras.activations.relu),
    "leaky_relu": (F.leaky_relu, keras.activations.leaky_relu),
    "leaky_relu slope 0.01": (lambda x: F.leaky_relu(x, negative_slope=0.01),
                              lambda x: keras.activations.leaky_relu(x, negative_slope=0.01)),
    "elu": (F.elu, keras.activations.elu),
    "elu alpha 0.5": (lambda x: F.elu(x, alpha=0.5),
                      lambda x: keras.activations.elu(x, alpha=0.5)),
    "selu": (F.selu, keras.activations.selu),
    "softmax": (F.softmax, keras.activations.softmax),
    "identity": (F.identity_function, keras.activations.linear),
}

# name -> (our derivative, the activation whose gradient TensorFlow computes)
GRADIENT_PAIRS = {
    "sigmoid": (F.sigmoid_grad, keras.activations.sigmoid),
    "tanh": (F.tanh_grad, keras.activations.tanh),
    "relu": (F.relu_grad, keras.activations.relu),
    "leaky_relu": (F.leaky_relu_grad, keras.activations.leaky_relu),
    "leaky_relu slope 0.01": (lambda x: F.leaky_relu_grad(x, negative_slope=0.01),
                              lambda x: keras.activations.leaky_relu(x, negative_slope=0.01)),
    "elu": (F.elu_grad, keras.activations.elu),
    "selu": (F.selu_grad, keras.activations.selu),
}


def tape_gradient(activation, x):
    """Elementwise derivative of an activation from tf.GradientTape (d sum f(x) / dx)."""
    v = tf.Variable(x)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(activation(v))
    return tape.gradient(y, v).numpy()


# ------------------------------------------------------------------ activations vs Keras

@pytest.mark.parametrize("name", ACTIVATION_PAIRS)
@pytest.mark.parametrize("shape", [(9,), (6, 7), (2, 3, 5)])
def test_activation_matches_keras(name, shape):
    ours, reference = ACTIVATION_PAIRS[name]
    x = random_inputs(shape)
    np.testing.assert_allclose(ours(x), keras_np(reference(x)), rtol=rtol_for(name), atol=1e-15)


def test_step_function_is_zero_up_to_and_including_zero():
    x = np.array([-3.0, -1e-12, 0.0, 1e-12, 3.0])
    np.testing.assert_array_equal(F.step_function(x), [0, 0, 0, 1, 1])
    # the step is the limit of a steep sigmoid (away from 0)
    xs = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_allclose(F.step_function(xs), keras_np(keras.activations.sigmoid(xs * 1e3)),
                               atol=1e-12)


def test_leaky_relu_default_slope_is_that_of_keras_activations():
    ours = inspect.signature(F.leaky_relu).parameters["negative_slope"].default
    keras_fn = inspect.signature(keras.activations.leaky_relu).parameters["negative_slope"].default
    assert ours == keras_fn
    keras_value = float(keras_np(keras.activations.leaky_relu(-10.0)))
    assert F.leaky_relu(-10.0) == pytest.approx(keras_value, rel=1e-7)
    # ...while the layer's default differs, as the docstring warns.
    layer_default = inspect.signature(keras.layers.LeakyReLU.__init__).parameters["negative_slope"]
    assert layer_default.default != ours
    assert str(layer_default.default) in F.leaky_relu.__doc__


def test_leaky_relu_matches_the_keras_layer_with_the_same_slope():
    x = random_inputs((5, 4))
    layer = keras.layers.LeakyReLU(negative_slope=0.3)
    np.testing.assert_allclose(F.leaky_relu(x, negative_slope=0.3), keras_np(layer(x)), rtol=1e-6)


def test_selu_constants_are_kerass():
    # selu(x) = scale * x for x > 0 and -> -scale * alpha as x -> -inf
    assert float(keras_np(keras.activations.selu(1.0))) == pytest.approx(F.SELU_SCALE, rel=1e-7)
    assert float(keras_np(keras.activations.selu(-50.0))) == pytest.approx(
        -F.SELU_SCALE * F.SELU_ALPHA, rel=1e-7)


# ------------------------------------------------------------------ numerical stability

def test_sigmoid_is_stable_for_huge_inputs():
    x = np.array([-1e4, -1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = F.sigmoid(x)
    assert np.all(np.isfinite(y)) and np.all((y >= 0) & (y <= 1))
    np.testing.assert_allclose(y, keras_np(keras.activations.sigmoid(x)), rtol=1e-12, atol=1e-300)
    # symmetric: sigmoid(-x) = 1 - sigmoid(x)
    np.testing.assert_allclose(F.sigmoid(-x), 1 - y, atol=1e-15)


def test_elu_selu_do_not_overflow_for_huge_positive_inputs():
    x = np.array([-1000.0, 800.0, 1e5])
    with np.errstate(over="raise", invalid="raise"):
        np.testing.assert_allclose(F.elu(x), keras_np(keras.activations.elu(x)))
        np.testing.assert_allclose(F.selu(x), keras_np(keras.activations.selu(x)))
        np.testing.assert_allclose(F.elu_grad(x), tape_gradient(keras.activations.elu, x))


@pytest.mark.parametrize("offset", [0.0, 1000.0, -1000.0, 1e6])
def test_softmax_is_stable_and_shift_invariant(offset):
    scores = np.array([[0.3, 2.9, 4.0], [1.0, 1.0, 1.0], [-5.0, 0.0, 5.0]])
    with np.errstate(over="raise", invalid="raise"):
        p = F.softmax(scores + offset)
    expected = keras_np(keras.activations.softmax(scores))
    np.testing.assert_allclose(p, expected, rtol=1e-9)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)


def test_softmax_of_huge_scores_matches_keras_and_the_naive_one_fails():
    a = np.array([1010.0, 1000.0, 990.0])  # the reference book's overflow example
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(a) / np.sum(np.exp(a))
    assert np.isnan(naive).all()
    np.testing.assert_allclose(F.softmax(a), keras_np(keras.activations.softmax(a)), rtol=1e-12)
    assert F.softmax(a).sum() == pytest.approx(1.0)


def test_softmax_1d_equals_the_row_of_a_batch():
    x = random_inputs((4, 5))
    np.testing.assert_allclose(F.softmax(x[2]), F.softmax(x)[2])


def test_softmax_allows_minus_infinity_as_a_mask():
    p = F.softmax(np.array([0.0, -np.inf, 0.0]))
    np.testing.assert_allclose(p, [0.5, 0.0, 0.5])


# ------------------------------------------------------------------ derivatives vs GradientTape

@pytest.mark.parametrize("name", GRADIENT_PAIRS)
def test_derivative_matches_gradient_tape(name):
    ours, activation = GRADIENT_PAIRS[name]
    x = random_inputs((6, 7))  # includes exactly 0, so the convention at the kink is tested too
    np.testing.assert_allclose(ours(x), tape_gradient(activation, x), rtol=rtol_for(name),
                               atol=1e-15)


def test_elu_grad_with_other_alpha_matches_gradient_tape_away_from_zero():
    x = random_inputs((6, 7))
    x = x[x != 0]
    np.testing.assert_allclose(F.elu_grad(x, alpha=0.5),
                               tape_gradient(lambda v: keras.activations.elu(v, alpha=0.5), x),
                               rtol=1e-10, atol=1e-15)  # TF forms alpha*(elu(x)/alpha + 1): cancels


def test_relu_grad_is_zero_at_zero_and_one_just_above():
    np.testing.assert_array_equal(F.relu_grad(np.array([-1.0, 0.0, 1e-300, 2.0])), [0, 0, 1, 1])
    np.testing.assert_array_equal(F.leaky_relu_grad(np.array([-1.0, 0.0, 1e-300]), 0.1),
                                  [0.1, 0.1, 1.0])


def test_sigmoid_and_tanh_derivatives_peak_at_a_quarter_and_one():
    x = np.linspace(-10, 10, 2001)  # contains 0
    assert F.sigmoid_grad(x).max() == pytest.approx(0.25, abs=1e-15)
    assert x[np.argmax(F.sigmoid_grad(x))] == pytest.approx(0.0)
    assert F.tanh_grad(x).max() == pytest.approx(1.0, abs=1e-15)


def test_get_activation_returns_matching_pairs():
    x = random_inputs((3, 4))
    for name in F.ACTIVATIONS:
        f, df = F.get_activation(name)
        assert f(x).shape == df(x).shape == x.shape
    assert F.get_activation("sigmoid") == (F.sigmoid, F.sigmoid_grad)
    # the step function is flat wherever it is differentiable
    np.testing.assert_array_equal(F.get_activation("step")[1](x[x != 0]), 0.0)
    np.testing.assert_array_equal(F.get_activation("identity")[1](x), 1.0)


# ------------------------------------------------------------------ losses vs Keras

def softmax_probs(shape, seed=RNG_SEED):
    scores = np.random.default_rng(seed).normal(0.0, 1.0, size=shape)
    return keras_np(keras.activations.softmax(scores))


def one_hot(labels, classes):
    return np.eye(classes)[labels]


@pytest.mark.parametrize("shape", [(10,), (8, 5), (3, 4, 6)])
def test_mean_squared_error_per_sample_matches_keras_function(shape):
    rng = np.random.default_rng(RNG_SEED)
    y, t = rng.normal(size=shape), rng.normal(size=shape)
    expected = keras_np(keras.losses.mean_squared_error(t, y))
    ours = F.mean_squared_error(y, t)
    assert np.shape(ours) == expected.shape
    np.testing.assert_allclose(ours, expected, rtol=1e-12)
    if len(shape) == 1:
        assert isinstance(ours, float)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum"])
def test_mean_squared_error_reductions_match_keras_class(reduction):
    rng = np.random.default_rng(RNG_SEED + 1)
    y, t = rng.normal(size=(8, 5)), rng.normal(size=(8, 5))
    keras_loss = keras.losses.MeanSquaredError(reduction=reduction, dtype="float64")
    expected = float(keras_np(keras_loss(t, y)))
    assert F.mean_squared_error(y, t, reduction=reduction) == pytest.approx(expected, rel=1e-12)
    if reduction == "sum_over_batch_size":
        assert F.mean_squared_error(y, t, reduction="mean") == pytest.approx(expected, rel=1e-12)


def test_sum_squared_error_is_half_the_sum():
    rng = np.random.default_rng(RNG_SEED + 2)
    y, t = rng.normal(size=(8, 5)), rng.normal(size=(8, 5))
    # Keras's summed MSE is sum over samples of the mean over 5 classes
    keras_loss = keras.losses.MeanSquaredError(reduction="sum", dtype="float64")
    keras_sum = float(keras_np(keras_loss(t, y)))
    assert F.sum_squared_error(y, t) == pytest.approx(0.5 * 5 * keras_sum, rel=1e-12)


def test_losses_on_the_books_worked_example():
    # Deep Learning from Scratch 4.2: the true class is "2"; a good and a bad prediction.
    t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    good = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    bad = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
    assert F.sum_squared_error(good, t) == pytest.approx(0.09750000000000003)
    assert F.sum_squared_error(bad, t) == pytest.approx(0.5975)
    assert F.cross_entropy_error(good, t) == pytest.approx(0.510825457099338)
    assert F.cross_entropy_error(bad, t) == pytest.approx(2.302584092994546)
    assert F.cross_entropy_error(good, 2) == pytest.approx(0.510825457099338)


def test_cross_entropy_one_hot_matches_keras_categorical():
    y = softmax_probs((16, 4))
    labels = np.random.default_rng(RNG_SEED + 3).integers(0, 4, size=16)
    per_sample = keras.losses.categorical_crossentropy(one_hot(labels, 4), y)
    expected = float(np.mean(keras_np(per_sample)))
    # ours adds 1e-7 inside the log where Keras clips: the two agree to about 1e-7 / min(y)
    tol = 2e-7 / y[np.arange(16), labels].min()
    assert F.cross_entropy_error(y, one_hot(labels, 4)) == pytest.approx(expected, abs=tol)


def test_cross_entropy_labels_match_keras_sparse_categorical():
    y = softmax_probs((16, 4), seed=RNG_SEED + 4)
    labels = np.random.default_rng(RNG_SEED + 5).integers(0, 4, size=16)
    expected = float(np.mean(keras_np(keras.losses.sparse_categorical_crossentropy(labels, y))))
    tol = 2e-7 / y[np.arange(16), labels].min()
    assert F.cross_entropy_error(y, labels) == pytest.approx(expected, abs=tol)
    # the label form and the one-hot form are the same loss
    assert F.cross_entropy_error(y, labels) == pytest.approx(
        F.cross_entropy_error(y, one_hot(labels, 4)), rel=1e-12)
    # whole-number floats are accepted as labels
    assert F.cross_entropy_error(y, labels.astype(float)) == pytest.approx(
        F.cross_entropy_error(y, labels), rel=1e-12)


def test_cross_entropy_is_the_batch_mean_of_single_samples():
    y = softmax_probs((5, 3), seed=RNG_SEED + 6)
    labels = np.array([0, 2, 1, 1, 0])
    singles = [F.cross_entropy_error(y[i], labels[i]) for i in range(5)]
    assert F.cross_entropy_error(y, labels) == pytest.approx(np.mean(singles), rel=1e-12)


def test_cross_entropy_delta_keeps_log_of_zero_finite():
    assert F.CROSS_ENTROPY_DELTA == 1e-7
    loss = F.cross_entropy_error([0.0, 1.0], 0)
    assert loss == pytest.approx(-math.log(1e-7))


# ------------------------------------------------------------------ dtypes and no mutation

ALL_ELEMENTWISE = [F.step_function, F.sigmoid, F.tanh, F.relu, F.leaky_relu, F.elu, F.selu,
                   F.identity_function, F.sigmoid_grad, F.tanh_grad, F.relu_grad,
                   F.leaky_relu_grad, F.elu_grad, F.selu_grad]


@pytest.mark.parametrize("fn", ALL_ELEMENTWISE + [F.softmax], ids=lambda f: f.__name__)
def test_dtypes_and_shapes(fn):
    x64 = random_inputs((3, 4))
    assert fn(x64).dtype == np.float64 and fn(x64).shape == (3, 4)
    assert fn(x64.astype(np.float32)).dtype == np.float32
    assert fn(np.arange(-3, 3).reshape(2, 3)).dtype == np.float64  # integers -> float64
    assert fn([[1, -2, 3]]).dtype == np.float64  # lists work


@pytest.mark.parametrize("fn", ALL_ELEMENTWISE + [F.softmax], ids=lambda f: f.__name__)
def test_inputs_are_not_mutated_and_outputs_are_new_arrays(fn):
    x = random_inputs((3, 4))
    before = x.copy()
    out = fn(x)
    np.testing.assert_array_equal(x, before)
    assert not np.shares_memory(out, x)
    out[...] = 123.0  # writing into the result must not touch the input either
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("loss", [F.sum_squared_error, F.mean_squared_error, F.cross_entropy_error],
                         ids=lambda f: f.__name__)
def test_losses_do_not_mutate_their_inputs(loss):
    y = softmax_probs((4, 3))
    t = one_hot(np.array([0, 1, 2, 1]), 3)
    y0, t0 = y.copy(), t.copy()
    loss(y, t)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(t, t0)


def test_scalars_in_scalars_out():
    assert F.sigmoid(0) == 0.5 and np.ndim(F.sigmoid(0)) == 0
    assert F.relu(-2) == 0.0 and F.leaky_relu(-2, negative_slope=0.5) == -1.0
    assert F.relu_grad(3.0) == 1.0


def test_nan_stays_in_its_place_in_elementwise_functions():
    x = np.array([np.nan, -1.0, 1.0])
    for fn in ALL_ELEMENTWISE:
        out = fn(x)
        assert np.isnan(out[0]) and np.all(np.isfinite(out[1:])), fn.__name__


# ------------------------------------------------------------------ bad input

def test_non_numeric_input_is_refused():
    with pytest.raises(TypeError, match="real numbers"):
        F.sigmoid("abc")
    with pytest.raises(TypeError, match="real numbers"):
        F.softmax([1 + 2j, 3])


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="negative_slope must be >= 0"):
        F.leaky_relu(1.0, negative_slope=-0.1)
    with pytest.raises(TypeError, match="negative_slope must be a finite real number"):
        F.leaky_relu_grad(1.0, negative_slope="0.2")
    with pytest.raises(TypeError, match="alpha must be a finite real number"):
        F.elu(1.0, alpha=np.nan)


def test_softmax_bad_input():
    with pytest.raises(ValueError, match="contains NaN"):
        F.softmax([1.0, np.nan])
    with pytest.raises(ValueError, match=r"\+inf"):
        F.softmax([1.0, np.inf])
    with pytest.raises(ValueError, match="entirely -inf"):
        F.softmax([[0.0, 1.0], [-np.inf, -np.inf]])
    with pytest.raises(ValueError, match="at least one axis"):
        F.softmax(3.0)


def test_unknown_activation_name():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'.*sigmoid"):
        F.get_activation("sigmod")


@pytest.mark.parametrize("loss", [F.sum_squared_error, F.mean_squared_error],
                         ids=lambda f: f.__name__)
def test_squared_errors_bad_input(loss):
    with pytest.raises(ValueError, match=r"shape \(2, 3\) but targets t have shape \(3,\)"):
        loss(np.zeros((2, 3)), np.zeros(3))  # no silent broadcasting
    with pytest.raises(ValueError, match=r"y \(predictions\) contains NaN"):
        loss([0.5, np.nan], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"t \(targets\) contains NaN"):
        loss([0.5, 0.5], [np.nan, 1.0])
    with pytest.raises(ValueError, match="infinity"):
        loss([0.5, np.inf], [0.0, 1.0])


def test_mean_squared_error_unknown_reduction():
    with pytest.raises(ValueError, match="unknown reduction 'avg'"):
        F.mean_squared_error([1.0], [0.0], reduction="avg")


def test_cross_entropy_bad_input():
    y = softmax_probs((4, 3))
    with pytest.raises(ValueError, match=r"label 3 in t is out of range: y has 3 classes"):
        F.cross_entropy_error(y, [0, 1, 2, 3])
    with pytest.raises(ValueError, match="out of range"):
        F.cross_entropy_error(y, [0, -1, 2, 1])
    with pytest.raises(ValueError, match="whole numbers"):
        F.cross_entropy_error(y, [0, 1.5, 2, 1])
    with pytest.raises(ValueError, match=r"expected one-hot targets of shape \(4, 3\) or integer "
                                         r"labels of shape \(4,\)"):
        F.cross_entropy_error(y, [0, 1, 2])
    with pytest.raises(ValueError, match="read as one-hot"):
        F.cross_entropy_error(y[0], [2, 0, 1])  # labels passed where one-hot was expected
    with pytest.raises(ValueError, match="probabilities in \\[0, 1\\]"):
        F.cross_entropy_error([[2.0, -1.0]], [0])  # scores, not probabilities
    with pytest.raises(ValueError, match=r"y \(predictions\) contains NaN"):
        F.cross_entropy_error([[np.nan, 1.0]], [0])
    with pytest.raises(ValueError, match=r"t \(targets\) contains NaN"):
        F.cross_entropy_error(y, [0, np.nan, 2, 1])
    with pytest.raises(ValueError, match=r"shape \(C,\) or \(N, C\)"):
        F.cross_entropy_error(np.full((2, 2, 2), 0.5), [[0, 1], [1, 0]])
