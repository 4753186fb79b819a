"""helpers.losses (lesson 12): each hand-written loss against keras.losses on random inputs."""

import subprocess
import sys

import keras
import numpy as np
import pytest

from helpers import losses

# name in helpers.losses -> (Keras Loss class, Keras function)
KERAS = {
    "mean_squared_error": (keras.losses.MeanSquaredError, keras.losses.mean_squared_error),
    "mean_absolute_error": (keras.losses.MeanAbsoluteError, keras.losses.mean_absolute_error),
    "mean_absolute_percentage_error": (keras.losses.MeanAbsolutePercentageError,
                                       keras.losses.mean_absolute_percentage_error),
    "mean_squared_logarithmic_error": (keras.losses.MeanSquaredLogarithmicError,
                                       keras.losses.mean_squared_logarithmic_error),
    "binary_crossentropy": (keras.losses.BinaryCrossentropy, keras.losses.binary_crossentropy),
    "categorical_crossentropy": (keras.losses.CategoricalCrossentropy,
                                 keras.losses.categorical_crossentropy),
    "sparse_categorical_crossentropy": (keras.losses.SparseCategoricalCrossentropy,
                                        keras.losses.sparse_categorical_crossentropy),
    "poisson": (keras.losses.Poisson, keras.losses.poisson),
}


def random_inputs(name, rng, shape):
    """Targets and predictions of the kind each loss is meant for."""
    if name in ("mean_squared_error", "mean_absolute_error"):
        return rng.normal(0, 3, shape), rng.normal(0, 3, shape)
    if name == "mean_absolute_percentage_error":
        t = rng.uniform(0.5, 5, shape) * rng.choice([-1, 1], shape)
        return t, t + rng.normal(0, 1, shape)
    if name == "mean_squared_logarithmic_error":
        return rng.uniform(0, 50, shape), rng.uniform(0, 50, shape)
    if name == "poisson":
        return rng.poisson(3.0, shape).astype(float), rng.uniform(0.1, 8, shape)
    if name == "binary_crossentropy":
        return rng.integers(0, 2, shape).astype(float), rng.uniform(0.01, 0.99, shape)
    n_classes = shape[-1]
    logits = rng.normal(0, 1.5, shape)
    p = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    labels = rng.integers(0, n_classes, shape[:-1])
    if name == "sparse_categorical_crossentropy":
        return labels, p
    return np.eye(n_classes)[labels], p


NAMES = list(KERAS)
SHAPES = [(8, 3), (32, 5), (4, 2, 6)]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", NAMES)
def test_batch_mean_matches_the_keras_loss_class(name, shape):
    rng = np.random.default_rng(100 * NAMES.index(name) + SHAPES.index(shape))
    for _ in range(3):
        y_true, y_pred = random_inputs(name, rng, shape)
        ours = losses.LOSSES[name](y_true, y_pred)
        theirs = float(KERAS[name][0]()(y_true, y_pred))
        assert isinstance(ours, float)
        assert ours == pytest.approx(theirs, rel=2e-5, abs=1e-6), name


@pytest.mark.parametrize("name", NAMES)
def test_per_sample_matches_the_keras_function(name):
    rng = np.random.default_rng(7)
    y_true, y_pred = random_inputs(name, rng, (16, 4))
    ours = losses.LOSSES[name](y_true, y_pred, per_sample=True)
    theirs = np.asarray(KERAS[name][1](y_true, y_pred))
    assert ours.shape == theirs.shape == (16,)
    np.testing.assert_allclose(ours, theirs, rtol=2e-5, atol=1e-6)


def test_a_one_column_batch_like_a_sigmoid_output():
    # (N, 1) is what a Dense(1, activation="sigmoid") produces
    rng = np.random.default_rng(3)
    t = rng.integers(0, 2, (50, 1)).astype(float)
    p = rng.uniform(0.05, 0.95, (50, 1))
    assert losses.binary_crossentropy(t, p) == pytest.approx(
        float(keras.losses.BinaryCrossentropy()(t, p)), rel=2e-5)


def test_known_values_by_hand():
    # squared errors 0.25, 0.04, 0.09, 1 -> 1.38 / 4; absolute 0.5, 0.2, 0.3, 1 -> 2 / 4
    t, p = [1.0, 2.0, 3.0, 4.0], [1.5, 1.8, 3.3, 3.0]
    assert losses.mean_squared_error(t, p) == pytest.approx(1.38 / 4)
    assert losses.mean_absolute_error(t, p) == pytest.approx(0.5)
    mape = 100 * (0.5 + 0.1 + 0.1 + 0.25) / 4
    assert losses.mean_absolute_percentage_error(t, p) == pytest.approx(mape)
    bce = -(np.log(0.8) + np.log(0.7)) / 2
    assert losses.binary_crossentropy([1, 0], [0.8, 0.3]) == pytest.approx(bce)
    p3 = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    assert losses.categorical_crossentropy([[1, 0, 0], [0, 1, 0]], p3) == pytest.approx(
        -(np.log(0.7) + np.log(0.1)) / 2)
    assert losses.sparse_categorical_crossentropy([0, 1], p3) == pytest.approx(
        losses.categorical_crossentropy([[1, 0, 0], [0, 1, 0]], p3))


def test_sparse_accepts_a_trailing_label_axis_like_keras():
    p = np.array([[0.2, 0.8], [0.6, 0.4]])
    assert losses.sparse_categorical_crossentropy([[1], [0]], p) == pytest.approx(
        losses.sparse_categorical_crossentropy([1, 0], p))


def test_confident_wrong_answers_stay_finite_like_keras():
    # p = 0 or 1 exactly: the clip to [1e-7, 1 - 1e-7] keeps the log finite (about 16.1).
    # Keras clips in float32, where 1 - 1e-7 rounds to 1 - 1.19e-7, hence the 2% tolerance.
    ours = losses.binary_crossentropy([1.0, 0.0], [0.0, 1.0])
    assert np.isfinite(ours) and ours == pytest.approx(-np.log(1e-7))
    keras_bce = float(keras.losses.BinaryCrossentropy()([1.0, 0.0], [0.0, 1.0]))
    assert ours == pytest.approx(keras_bce, rel=2e-2)
    cce = losses.categorical_crossentropy([[0, 1]], [[1.0, 0.0]])
    keras_cce = float(keras.losses.CategoricalCrossentropy()([[0, 1]], [[1.0, 0.0]]))
    assert cce == pytest.approx(keras_cce, rel=2e-2)


def test_inputs_are_not_mutated():
    t = np.array([[1.0, 0.0], [0.0, 1.0]])
    p = np.array([[0.0, 2.0], [3.0, 1.0]])  # rows rescaled and clipped inside: not here
    t0, p0 = t.copy(), p.copy()
    for name in ("categorical_crossentropy", "mean_squared_error",
                 "mean_squared_logarithmic_error"):
        losses.LOSSES[name](t, p)
    np.testing.assert_array_equal(t, t0)
    np.testing.assert_array_equal(p, p0)


P2 = [[0.5, 0.5], [0.1, 0.9]]


@pytest.mark.parametrize("call, error, match", [
    (lambda: losses.mean_squared_error([1, 2, 3], [1, 2]), ValueError,
     r"y_true has shape \(3,\) but y_pred has shape \(2,\)"),
    (lambda: losses.mean_absolute_error([1, np.nan], [1, 2]), ValueError, "y_true contains NaN"),
    (lambda: losses.mean_absolute_error(["a", "b"], [1, 2]), TypeError, "y_true must be numbers"),
    (lambda: losses.mean_squared_error(1.0, 2.0), ValueError, "single number"),
    (lambda: losses.binary_crossentropy([1, 0], [1.2, 0.1]), ValueError,
     r"y_pred must lie in \[0, 1\]"),
    (lambda: losses.binary_crossentropy([2, 0], [0.9, 0.1]), ValueError,
     r"y_true must lie in \[0, 1\]"),
    (lambda: losses.categorical_crossentropy([0, 1], [[0.5, 0.5]]), ValueError, "one-hot targets"),
    (lambda: losses.categorical_crossentropy([[0, 1]], [0.5, 0.5]), ValueError, "2-D"),
    (lambda: losses.categorical_crossentropy([[0, 1]], [[-0.5, 1.5]]), ValueError, "non-negative"),
    (lambda: losses.sparse_categorical_crossentropy([0, 3], P2), ValueError, r"0\.\.1"),
    (lambda: losses.sparse_categorical_crossentropy([0.5, 1], P2), ValueError,
     "integer class labels"),
    (lambda: losses.sparse_categorical_crossentropy([0, 1, 1], P2), ValueError,
     "one integer label per row"),
    (lambda: losses.poisson([1, 2], [-0.1, 2]), ValueError, "y_pred >= 0"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_catalogue_names_are_names_keras_compile_accepts():
    for name in losses.LOSSES:
        assert keras.losses.get(name) is not None


def test_module_is_numpy_only():
    code = "import sys, helpers.losses; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
