"""Tanh, BatchNormalization and Dropout (helpers.layers, lessons 08-09) against Keras,
tf.GradientTape and numerical gradients."""


import keras
import numpy as np
import pytest
import tensorflow as tf

from helpers.gradients import numerical_gradient, relative_error
from helpers.layers import BatchNormalization, Dropout, Tanh


def keras_bn(gamma, beta, input_shape=None, **kwargs):
    """A float64 keras.layers.BatchNormalization with the given gamma and beta."""
    layer = keras.layers.BatchNormalization(dtype="float64", **kwargs)
    layer.build(input_shape or (None, len(gamma)))
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    return layer


@pytest.fixture
def rng():
    return np.random.default_rng(7)


# ---------------------------------------------------------------- Tanh

def test_tanh_forward_and_backward_match_gradient_tape(rng):
    x = rng.normal(0, 2, (5, 4))
    dout = rng.normal(size=(5, 4))
    layer = Tanh()
    out = layer.forward(x)
    dx = layer.backward(dout)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        yt = keras.activations.tanh(xt)
    np.testing.assert_allclose(out, yt.numpy(), rtol=1e-12)
    expected = tape.gradient(yt, xt, output_gradients=tf.constant(dout)).numpy()
    np.testing.assert_allclose(dx, expected, rtol=1e-10, atol=1e-14)


def test_tanh_errors():
    with pytest.raises(RuntimeError, match="before Tanh.forward"):
        Tanh().backward(np.ones(3))
    layer = Tanh()
    layer.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"dout has shape \(3, 2\), expected \(2, 3\)"):
        layer.backward(np.ones((3, 2)))


# ---------------------------------------------------------------- BatchNormalization forward

def test_batchnorm_defaults_are_keras_defaults():
    bn = BatchNormalization(np.ones(3), np.zeros(3))
    k = keras.layers.BatchNormalization()
    assert (bn.momentum, bn.epsilon) == (k.momentum, k.epsilon) == (0.99, 1e-3)
    np.testing.assert_array_equal(bn.moving_mean, np.zeros(3))
    np.testing.assert_array_equal(bn.moving_variance, np.ones(3))


@pytest.mark.parametrize("momentum, epsilon", [(0.99, 1e-3), (0.9, 1e-6), (0.5, 0.1)])
def test_batchnorm_training_and_moving_statistics_match_keras(rng, momentum, epsilon):
    d = 5
    gamma, beta = rng.normal(1, 0.3, d), rng.normal(0, 0.5, d)
    ours = BatchNormalization(gamma, beta, momentum=momentum, epsilon=epsilon)
    theirs = keras_bn(gamma, beta, momentum=momentum, epsilon=epsilon)
    for step in range(6):  # several batches: the moving statistics accumulate
        x = rng.normal(3, 2, (8, d)) * np.arange(1, d + 1)
        out = ours.forward(x, train_flg=True)
        expected = theirs(x, training=True).numpy()
        np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12, err_msg=f"step {step}")
        np.testing.assert_allclose(ours.moving_mean, theirs.moving_mean.numpy(), rtol=1e-12)
        np.testing.assert_allclose(ours.moving_variance, theirs.moving_variance.numpy(),
                                   rtol=1e-12)
    # Inference uses the moving statistics, in both.
    x = rng.normal(3, 2, (4, d))
    np.testing.assert_allclose(ours.forward(x, train_flg=False),
                               theirs(x, training=False).numpy(), rtol=1e-10, atol=1e-12)


def test_batchnorm_uses_the_biased_batch_variance(rng):
    x = rng.normal(size=(6, 3))
    bn = BatchNormalization(np.ones(3), np.zeros(3), momentum=0.0, epsilon=1e-3)
    out = bn.forward(x)
    np.testing.assert_allclose(bn.moving_variance, x.var(axis=0, ddof=0), rtol=1e-12)
    np.testing.assert_allclose(out, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3), rtol=1e-12)


def test_batchnorm_normalizes_every_feature_in_training(rng):
    x = rng.normal(10, 5, (50, 4))
    out = BatchNormalization(np.ones(4), np.zeros(4), epsilon=1e-8).forward(x)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1, rtol=1e-6)


def test_batchnorm_three_dimensional_input_normalizes_the_last_axis_like_keras(rng):
    gamma, beta = rng.normal(1, 0.3, 3), rng.normal(0, 0.5, 3)
    x = rng.normal(1, 2, (4, 5, 3))
    ours = BatchNormalization(gamma, beta)
    theirs = keras_bn(gamma, beta, input_shape=(None, 5, 3))
    np.testing.assert_allclose(ours.forward(x), theirs(x, training=True).numpy(), rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(ours.moving_mean, theirs.moving_mean.numpy(), rtol=1e-12)


def test_batchnorm_inference_on_a_single_sample_is_allowed(rng):
    bn = BatchNormalization(np.ones(3), np.zeros(3))
    out = bn.forward(np.array([[1.0, 2.0, 3.0]]), train_flg=False)
    np.testing.assert_allclose(out, np.array([[1.0, 2.0, 3.0]]) / np.sqrt(1 + 1e-3))


def test_batchnorm_keeps_inputs_unchanged(rng):
    x = rng.normal(size=(5, 3))
    dout = rng.normal(size=(5, 3))
    x0, d0 = x.copy(), dout.copy()
    bn = BatchNormalization(np.ones(3), np.zeros(3))
    bn.forward(x)
    bn.backward(dout)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dout, d0)


@pytest.mark.parametrize("mean_start, variance_start, keras_mean, keras_variance", [
    ("zeros", "zeros", "zeros", "zeros"),         # the reference book's start
    (0.5, 2.0, keras.initializers.Constant(0.5), keras.initializers.Constant(2.0)),
])
def test_batchnorm_moving_start_values_match_keras(rng, mean_start, variance_start, keras_mean,
                                                   keras_variance):
    d = 4
    gamma, beta = rng.normal(1, 0.3, d), rng.normal(0, 0.5, d)
    ours = BatchNormalization(gamma, beta, momentum=0.9, epsilon=1e-6,
                              moving_mean_initializer=mean_start,
                              moving_variance_initializer=variance_start)
    theirs = keras_bn(gamma, beta, momentum=0.9, epsilon=1e-6,
                      moving_mean_initializer=keras_mean,
                      moving_variance_initializer=keras_variance)
    np.testing.assert_array_equal(ours.moving_mean, theirs.moving_mean.numpy())
    np.testing.assert_array_equal(ours.moving_variance, theirs.moving_variance.numpy())
    for _ in range(3):
        x = rng.normal(3, 2, (8, d))
        np.testing.assert_allclose(ours.forward(x), theirs(x, training=True).numpy(),
                                   rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.moving_mean, theirs.moving_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.moving_variance, theirs.moving_variance.numpy(), rtol=1e-12)
    x = rng.normal(3, 2, (5, d))
    np.testing.assert_allclose(ours.forward(x, train_flg=False),
                               theirs(x, training=False).numpy(), rtol=1e-10, atol=1e-12)


def test_batchnorm_book_start_after_one_step(rng):
    # The book's running variance starts at 0: after one batch it is (1 - momentum) * var.
    x = rng.normal(2, 3, (10, 3))
    bn = BatchNormalization(np.ones(3), np.zeros(3), momentum=0.9, epsilon=1e-6,
                            moving_variance_initializer="zeros")
    bn.forward(x)
    np.testing.assert_allclose(bn.moving_variance, 0.1 * x.var(axis=0), rtol=1e-12)
    np.testing.assert_allclose(bn.moving_mean, 0.1 * x.mean(axis=0), rtol=1e-12)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(moving_variance_initializer="glorot_uniform"), ValueError, "'zeros', 'ones' or"),
    (dict(moving_variance_initializer=-1.0), ValueError, r">= 0 \(a variance\)"),
    (dict(moving_mean_initializer=float("nan")), ValueError, "moving_mean_initializer"),
    (dict(moving_mean_initializer=True), ValueError, "moving_mean_initializer"),
    (dict(running_var=np.zeros(3)), TypeError, "Deep Learning from Scratch.*"
                                               "moving_variance_initializer"),
    (dict(running_mean=None), TypeError, "moving_mean_initializer"),
    (dict(center=False), TypeError, "unexpected keyword argument 'center'"),
])
def test_batchnorm_bad_start_values_and_the_books_names(kwargs, error, message):
    with pytest.raises(error, match=message):
        BatchNormalization(np.ones(3), np.zeros(3), **kwargs)


def test_batchnorm_negative_moving_mean_start_is_allowed():
    bn = BatchNormalization(np.ones(2), np.zeros(2), moving_mean_initializer=-1)
    np.testing.assert_array_equal(bn.moving_mean, [-1.0, -1.0])


# ---------------------------------------------------------------- BatchNormalization backward

@pytest.mark.parametrize("train_flg", [True, False])
def test_batchnorm_backward_matches_numerical_gradients(rng, train_flg):
    n, d = 6, 4  # a batch of several samples: with one the batch statistics are degenerate
    x = rng.normal(1, 2, (n, d))
    gamma, beta = rng.normal(1, 0.3, d), rng.normal(0, 0.5, d)
    dout = rng.normal(size=(n, d))
    bn = BatchNormalization(gamma, beta, momentum=0.9)
    bn.moving_mean, bn.moving_variance = rng.normal(size=d), rng.uniform(0.5, 2, d)
    moving = (bn.moving_mean.copy(), bn.moving_variance.copy())

    def loss(_):
        bn.moving_mean, bn.moving_variance = moving[0].copy(), moving[1].copy()
        return np.sum(bn.forward(x, train_flg) * dout)  # d loss / d out = dout

    num_dx = numerical_gradient(loss, x)
    num_dgamma = numerical_gradient(loss, gamma)
    num_dbeta = numerical_gradient(loss, beta)
    loss(None)
    dx = bn.backward(dout)
    assert relative_error(dx, num_dx) < 1e-7
    assert relative_error(bn.dgamma, num_dgamma) < 1e-7
    assert relative_error(bn.dbeta, num_dbeta) < 1e-7


def test_batchnorm_backward_matches_gradient_tape(rng):
    n, d = 7, 5
    gamma, beta = rng.normal(1, 0.3, d), rng.normal(0, 0.5, d)
    x = rng.normal(2, 3, (n, d))
    dout = rng.normal(size=(n, d))
    theirs = keras_bn(gamma, beta)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = theirs(xt, training=True)
    dx_k, dgamma_k, dbeta_k = tape.gradient(y, [xt, theirs.gamma, theirs.beta],
                                            output_gradients=tf.constant(dout))
    ours = BatchNormalization(gamma, beta)
    ours.forward(x, train_flg=True)
    dx = ours.backward(dout)
    np.testing.assert_allclose(dx, dx_k.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.dgamma, dgamma_k.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.dbeta, dbeta_k.numpy(), rtol=1e-9, atol=1e-12)


def test_batchnorm_input_gradient_sums_to_zero_in_training(rng):
    # Shifting every sample by the same amount changes nothing after normalization.
    bn = BatchNormalization(rng.normal(1, 0.3, 3), np.zeros(3))
    bn.forward(rng.normal(size=(9, 3)))
    dx = bn.backward(rng.normal(size=(9, 3)))
    np.testing.assert_allclose(dx.sum(axis=0), 0, atol=1e-12)


# ---------------------------------------------------------------- BatchNormalization errors

def test_batchnorm_refuses_a_training_batch_of_one_sample():
    bn = BatchNormalization(np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match="at least 2 samples"):
        bn.forward(np.array([[1.0, 2.0, 3.0]]), train_flg=True)


def test_batchnorm_backward_before_forward():
    with pytest.raises(RuntimeError, match="before BatchNormalization.forward"):
        BatchNormalization(np.ones(3), np.zeros(3)).backward(np.ones((2, 3)))


def test_batchnorm_backward_with_wrong_dout_shape(rng):
    bn = BatchNormalization(np.ones(3), np.zeros(3))
    bn.forward(rng.normal(size=(4, 3)))
    with pytest.raises(ValueError, match=r"dout has shape \(3, 4\), expected \(4, 3\)"):
        bn.backward(np.ones((3, 4)))


@pytest.mark.parametrize("kwargs, message", [
    (dict(gamma=np.ones(3), beta=np.zeros(4)), "same length"),
    (dict(gamma=np.ones((3, 1)), beta=np.zeros((3, 1))), "1-D"),
    (dict(gamma=np.ones(3), beta=np.zeros(3), momentum=1.5), r"momentum must be .*\[0, 1\]"),
    (dict(gamma=np.ones(3), beta=np.zeros(3), epsilon=0), "epsilon must be a positive"),
    (dict(gamma=np.ones(3), beta=np.zeros(3), epsilon=-1e-3), "epsilon must be a positive"),
    (dict(gamma=["a", "b"], beta=np.zeros(2)), "real numbers"),
])
def test_batchnorm_bad_configuration(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        BatchNormalization(**kwargs)


def test_batchnorm_input_with_the_wrong_number_of_features(rng):
    bn = BatchNormalization(np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"shape \(N, \.\.\., 3\).*got \(4, 5\)"):
        bn.forward(rng.normal(size=(4, 5)))
    with pytest.raises(ValueError, match=r"got \(3,\)"):
        bn.forward(np.ones(3))


# ---------------------------------------------------------------- Dropout

def test_dropout_statistics_in_training():
    x = np.ones((400, 500))
    drop = Dropout(0.3, seed=0)
    out = drop.forward(x, train_flg=True)
    kept = out != 0
    assert abs(kept.mean() - 0.7) < 0.005  # 200,000 draws: the standard error is ~0.001
    np.testing.assert_allclose(out[kept], 1 / 0.7)  # inverted dropout: kept units scaled up
    assert abs(out.mean() - 1.0) < 0.01  # the mean is preserved
    np.testing.assert_array_equal(drop.mask, kept)


def test_dropout_kept_units_are_scaled_like_keras():
    x = np.random.default_rng(3).uniform(1, 2, (50, 40))
    ours = Dropout(0.4, seed=1).forward(x, train_flg=True)
    theirs = keras.layers.Dropout(0.4, seed=1, dtype="float64")(x, training=True).numpy()
    for out in (ours, theirs):  # different random masks, the same rule for the kept units
        kept = out != 0
        np.testing.assert_allclose(out[kept], x[kept] / 0.6, rtol=1e-12)
        assert 0.5 < kept.mean() < 0.7


def test_dropout_is_the_identity_at_inference(rng):
    x = rng.normal(size=(5, 6))
    drop = Dropout(0.5, seed=0)
    out = drop.forward(x, train_flg=False)
    np.testing.assert_array_equal(out, x)
    np.testing.assert_array_equal(out, keras.layers.Dropout(0.5, dtype="float64")(x).numpy())
    dout = rng.normal(size=(5, 6))
    np.testing.assert_array_equal(drop.backward(dout), dout)


def test_dropout_backward_masks_the_same_units(rng):
    x = rng.normal(size=(20, 30))
    drop = Dropout(0.5, seed=4)
    out = drop.forward(x)
    dout = rng.normal(size=(20, 30))
    dx = drop.backward(dout)
    np.testing.assert_array_equal(dx == 0, out == 0)
    np.testing.assert_allclose(dx, dout * (out != 0) / 0.5)
    # It is the derivative of forward for the drawn mask: out = x * (mask / 0.5).
    np.testing.assert_allclose(dx, dout * out / x)


def test_dropout_backward_matches_gradient_tape_for_the_same_mask(rng):
    x = rng.normal(size=(6, 7))
    dout = rng.normal(size=(6, 7))
    drop = Dropout(0.25, seed=2)
    drop.forward(x)
    dx = drop.backward(dout)
    xt = tf.constant(x)
    keep = tf.constant(drop.mask.astype(np.float64))
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = xt * keep / 0.75
    expected = tape.gradient(y, xt, output_gradients=tf.constant(dout)).numpy()
    np.testing.assert_allclose(dx, expected, rtol=1e-12)


def test_dropout_seed_makes_masks_reproducible_and_each_call_draws_anew():
    x = np.ones((10, 10))
    a, b = Dropout(0.5, seed=9), Dropout(0.5, seed=9)
    first = a.forward(x)
    np.testing.assert_array_equal(first, b.forward(x))
    assert not np.array_equal(first, a.forward(x))


def test_dropout_rate_zero_keeps_everything(rng):
    x = rng.normal(size=(4, 4))
    np.testing.assert_array_equal(Dropout(0.0, seed=0).forward(x), x)


def test_dropout_keeps_inputs_unchanged_and_float32(rng):
    x = rng.normal(size=(4, 5)).astype(np.float32)
    x0 = x.copy()
    out = Dropout(0.5, seed=0).forward(x)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(x, x0)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_dropout_rate_outside_the_interval(rate):
    with pytest.raises(ValueError, match=r"rate .* must lie in \[0, 1\)"):
        Dropout(rate)


@pytest.mark.parametrize("rate", ["0.5", None, True])
def test_dropout_rate_not_a_number(rate):
    with pytest.raises(TypeError, match="rate must be a number"):
        Dropout(rate)


def test_dropout_backward_before_forward_and_wrong_shape():
    with pytest.raises(RuntimeError, match="before Dropout.forward"):
        Dropout(0.5).backward(np.ones((2, 2)))
    drop = Dropout(0.5, seed=0)
    drop.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"dout has shape \(2, 2\), expected \(2, 3\)"):
        drop.backward(np.ones((2, 2)))


# ---------------------------------------------------------------- Dropout, the book's way

def test_dropout_not_inverted_scales_at_inference_instead():
    x = np.random.default_rng(5).uniform(1, 2, (300, 400))
    drop = Dropout(0.2, seed=0, inverted=False)
    out = drop.forward(x, train_flg=True)
    kept = out != 0
    np.testing.assert_array_equal(out[kept], x[kept])  # kept units unscaled in training
    assert abs(kept.mean() - 0.8) < 0.005
    inference = drop.forward(x, train_flg=False)
    np.testing.assert_allclose(inference, 0.8 * x, rtol=1e-15)
    # The same expected value in training and at inference, as with inverted dropout.
    assert abs(out.mean() / inference.mean() - 1) < 0.01


def test_dropout_not_inverted_backward_is_the_derivative_of_forward(rng):
    x = rng.normal(size=(6, 7))
    dout = rng.normal(size=(6, 7))
    drop = Dropout(0.3, seed=1, inverted=False)
    out = drop.forward(x)
    dx = drop.backward(dout)
    np.testing.assert_allclose(dx, dout * out / x)  # out = x * mask
    drop.forward(x, train_flg=False)
    np.testing.assert_allclose(drop.backward(dout), 0.7 * dout)


def test_dropout_masks_can_come_from_a_shared_generator():
    # The book draws its masks from NumPy's global generator (np.random.rand); any object with
    # random(shape) works here, so a RandomState replays the book's masks.
    x = np.ones((3, 4))
    drop = Dropout(0.5, inverted=False)
    drop.rng = np.random.RandomState(0)
    expected = np.random.RandomState(0).rand(3, 4) > 0.5
    np.testing.assert_array_equal(drop.forward(x), expected)


def test_dropout_old_names_and_bad_inverted():
    with pytest.raises(TypeError, match="'dropout_ratio' .*Deep Learning from Scratch.*rate"):
        Dropout(dropout_ratio=0.2)
    with pytest.raises(TypeError, match="inverted must be True"):
        Dropout(0.2, inverted="no")
