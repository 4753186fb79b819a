"""The core layers of helpers.layers (lesson 05) against tf.GradientTape and the book's numbers.

Every layer: forward equals the TensorFlow op, backward equals ``tape.gradient(out, inputs,
output_gradients=dout)`` on random float64 inputs; dout and the inputs are never modified; and
the protocol errors (backward before forward, wrongly shaped gradient, bad inputs) are clear.
"""


import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

from helpers.functions import cross_entropy_error, softmax
from helpers.gradients import numerical_gradient
from helpers.layers import AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss

TOL = {"rtol": 1e-10, "atol": 1e-12}


@pytest.fixture
def rng():
    return np.random.default_rng(20240505)


def tf_grads(fn, inputs, dout):
    """Forward ``fn`` in TensorFlow on float64 copies of ``inputs``; return output and gradients."""
    tensors = [tf.Variable(np.asarray(a, dtype=np.float64)) for a in inputs]
    with tf.GradientTape() as tape:
        out = fn(*tensors)
    grads = tape.gradient(out, tensors, output_gradients=tf.constant(dout, dtype=tf.float64))
    return out.numpy(), [g.numpy() for g in grads]


def frozen(*arrays):
    """Copies to compare with afterwards (to prove nothing was modified)."""
    return [np.array(a, copy=True) for a in arrays]


# ---------------------------------------------------------------- the shopping example (seed)

def test_shopping_example_matches_the_book():
    """Apples 100 x 2, oranges 150 x 3, tax 1.1: total 715 and every gradient of it."""
    apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    apple_price = mul_apple.forward(apple, apple_num)
    orange_price = mul_orange.forward(orange, orange_num)
    price = mul_tax.forward(add.forward(apple_price, orange_price), tax)
    dall_price, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add.backward(dall_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    assert price == pytest.approx(715)
    assert (dapple, dapple_num, dorange, dorange_num, dtax) == pytest.approx(
        (2.2, 110, 3.3, 165, 650))


# ---------------------------------------------------------------- Mul and Add

@pytest.mark.parametrize("shapes", [((4, 3), (4, 3)), ((4, 3), (3,)), ((2, 1, 3), (1, 5, 1)),
                                    ((), ())])
@pytest.mark.parametrize("Layer,fn", [(MulLayer, lambda x, y: x * y),
                                      (AddLayer, lambda x, y: x + y)])
def test_mul_and_add_match_tensorflow(rng, Layer, fn, shapes):
    x, y = rng.normal(size=shapes[0]), rng.normal(size=shapes[1])
    out_shape = np.broadcast_shapes(*shapes)
    dout = rng.normal(size=out_shape)
    keep = frozen(x, y, dout)
    layer = Layer()
    out = layer.forward(x, y)
    dx, dy = layer.backward(dout)
    tf_out, (tf_dx, tf_dy) = tf_grads(fn, [x, y], dout)
    np.testing.assert_allclose(out, tf_out, **TOL)
    assert np.shape(dx) == x.shape and np.shape(dy) == y.shape
    np.testing.assert_allclose(dx, tf_dx, **TOL)
    np.testing.assert_allclose(dy, tf_dy, **TOL)
    for before, after in zip(keep, (x, y, dout)):
        np.testing.assert_array_equal(before, after)


def test_add_backward_returns_new_arrays(rng):
    layer = AddLayer()
    layer.forward(rng.normal(size=3), rng.normal(size=3))
    dout = rng.normal(size=3)
    dx, dy = layer.backward(dout)
    assert not np.shares_memory(dx, dout) and not np.shares_memory(dy, dout)
    assert not np.shares_memory(dx, dy)


# ---------------------------------------------------------------- activations

def activation_input(rng, shape=(5, 6)):
    x = rng.normal(0, 3, size=shape)
    x.flat[:4] = [0.0, 40.0, -800.0, 800.0]  # the kink, and magnitudes where exp overflows
    return x


@pytest.mark.parametrize("Layer,fn", [(Relu, tf.nn.relu), (Sigmoid, tf.sigmoid)])
def test_activations_match_tensorflow(rng, Layer, fn):
    x = activation_input(rng)
    dout = rng.normal(size=x.shape)
    keep = frozen(x, dout)
    layer = Layer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings for large |x|
        out = layer.forward(x)
        dx = layer.backward(dout)
    tf_out, (tf_dx,) = tf_grads(fn, [x], dout)
    np.testing.assert_allclose(out, tf_out, **TOL)
    np.testing.assert_allclose(dx, tf_dx, **TOL)
    for before, after in zip(keep, (x, dout)):
        np.testing.assert_array_equal(before, after)
    assert not np.shares_memory(dx, dout)


def test_relu_gradient_is_zero_at_the_kink():
    layer = Relu()
    layer.forward(np.array([-1.0, 0.0, 2.0]))
    np.testing.assert_array_equal(layer.backward(np.array([5.0, 5.0, 5.0])), [0.0, 0.0, 5.0])


@pytest.mark.parametrize("Layer", [Relu, Sigmoid])
def test_activations_keep_float32(rng, Layer):
    x = rng.normal(size=(3, 4)).astype(np.float32)
    layer = Layer()
    assert layer.forward(x).dtype == np.float32
    assert layer.backward(np.ones((3, 4), np.float32)).dtype == np.float32


# ---------------------------------------------------------------- Affine

@pytest.mark.parametrize("x_shape", [(5, 6), (5, 2, 3), (4, 1, 3, 2)])
def test_affine_matches_tensorflow(rng, x_shape):
    n_in = int(np.prod(x_shape[1:]))
    x, W, b = rng.normal(size=x_shape), rng.normal(size=(n_in, 4)), rng.normal(size=4)
    dout = rng.normal(size=(x_shape[0], 4))
    keep = frozen(x, W, b, dout)
    layer = Affine(W, b)
    out = layer.forward(x)
    dx = layer.backward(dout)

    def dense(x, W, b):
        return tf.reshape(x, (x.shape[0], -1)) @ W + b

    tf_out, (tf_dx, tf_dW, tf_db) = tf_grads(dense, [x, W, b], dout)
    np.testing.assert_allclose(out, tf_out, **TOL)
    assert dx.shape == x_shape
    np.testing.assert_allclose(dx, tf_dx, **TOL)
    np.testing.assert_allclose(layer.dW, tf_dW, **TOL)
    np.testing.assert_allclose(layer.db, tf_db, **TOL)
    for before, after in zip(keep, (x, W, b, dout)):
        np.testing.assert_array_equal(before, after)


def test_affine_matches_a_keras_dense_layer(rng):
    x, W, b = rng.normal(size=(3, 5)), rng.normal(size=(5, 2)), rng.normal(size=2)
    dense = keras.layers.Dense(2, dtype="float64")
    dense.build((None, 5))
    dense.set_weights([W, b])
    np.testing.assert_allclose(Affine(W, b).forward(x), dense(x).numpy(), **TOL)


def test_affine_shares_its_parameters(rng):
    """An optimizer updating params['W1'] in place must update the layer (no hidden copy)."""
    W, b = rng.normal(size=(3, 2)), np.zeros(2)
    layer = Affine(W, b)
    x = rng.normal(size=(4, 3))
    before = layer.forward(x)
    W -= 0.5
    b += 1.0
    np.testing.assert_allclose(layer.forward(x), x @ (W) + b)
    assert not np.allclose(before, layer.forward(x))


def test_affine_keeps_float32(rng):
    W, b = rng.normal(size=(4, 3)).astype(np.float32), np.zeros(3, np.float32)
    layer = Affine(W, b)
    assert layer.forward(rng.normal(size=(2, 4)).astype(np.float32)).dtype == np.float32
    assert layer.backward(np.ones((2, 3), np.float32)).dtype == np.float32
    assert layer.dW.dtype == np.float32 and layer.db.dtype == np.float32


# ---------------------------------------------------------------- SoftmaxWithLoss

@pytest.mark.parametrize("one_hot", [False, True])
@pytest.mark.parametrize("dout", [1.0, 2.5])
def test_softmax_with_loss_matches_tensorflow(rng, one_hot, dout):
    x = rng.normal(0, 3, size=(6, 4))
    x[0] = [500.0, -500.0, 0.0, 1.0]  # no overflow with large scores
    labels = rng.integers(0, 4, size=6)
    t = np.eye(4)[labels] if one_hot else labels
    keep = frozen(x, t)
    layer = SoftmaxWithLoss()
    loss = layer.forward(x, t)
    dx = layer.backward(dout)

    def tf_loss(logits):
        return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))

    tf_out, (tf_dx,) = tf_grads(tf_loss, [x], dout)
    assert isinstance(loss, float)
    assert loss == pytest.approx(float(tf_out), rel=1e-12)
    np.testing.assert_allclose(dx, tf_dx, **TOL)
    np.testing.assert_allclose(layer.y, tf.nn.softmax(x).numpy(), **TOL)
    for before, after in zip(keep, (x, t)):
        np.testing.assert_array_equal(before, after)


def test_softmax_with_loss_matches_the_keras_loss(rng):
    x, labels = rng.normal(size=(8, 5)), rng.integers(0, 5, size=8)
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    assert SoftmaxWithLoss().forward(x, labels) == pytest.approx(
        float(keras_loss(labels, x)), rel=1e-6)  # Keras computes the loss in float32


def test_softmax_with_loss_agrees_with_lesson_04_functions(rng):
    """cross_entropy_error(softmax(x), t) adds 1e-7 inside the log: close, not identical."""
    x, labels = rng.normal(size=(8, 5)), rng.integers(0, 5, size=8)
    layer_loss = SoftmaxWithLoss().forward(x, labels)
    book_loss = cross_entropy_error(softmax(x), labels)
    assert layer_loss == pytest.approx(book_loss, rel=1e-5)


def test_softmax_with_loss_backward_is_the_numerical_gradient(rng):
    x, labels = rng.normal(size=(4, 3)), rng.integers(0, 3, size=4)
    layer = SoftmaxWithLoss()
    layer.forward(x, labels)
    dx = layer.backward()
    numeric = numerical_gradient(lambda z: SoftmaxWithLoss().forward(z, labels), x.copy())
    np.testing.assert_allclose(dx, numeric, rtol=1e-6, atol=1e-9)


def test_softmax_with_loss_keeps_float32(rng):
    x = rng.normal(size=(4, 3)).astype(np.float32)
    layer = SoftmaxWithLoss()
    layer.forward(x, np.array([0, 1, 2, 0]))
    assert layer.backward().dtype == np.float32


# ---------------------------------------------------------------- a small network end to end

def test_a_stack_of_layers_matches_tensorflow(rng):
    """Affine -> Sigmoid -> Affine -> Relu -> Affine -> SoftmaxWithLoss, all gradients."""
    x, t = rng.normal(size=(7, 2, 3)), rng.integers(0, 3, size=7)
    W1, b1 = rng.normal(size=(6, 5)), rng.normal(size=5)
    W2, b2 = rng.normal(size=(5, 4)), rng.normal(size=4)
    W3, b3 = rng.normal(size=(4, 3)), rng.normal(size=3)
    layers = [Affine(W1, b1), Sigmoid(), Affine(W2, b2), Relu(), Affine(W3, b3)]
    out = x
    for layer in layers:
        out = layer.forward(out)
    last = SoftmaxWithLoss()
    loss = last.forward(out, t)
    dout = last.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)

    def net(x, W1, b1, W2, b2, W3, b3):
        h = tf.sigmoid(tf.reshape(x, (7, -1)) @ W1 + b1)
        h = tf.nn.relu(h @ W2 + b2)
        logits = h @ W3 + b3
        return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(t, logits))

    tf_loss, grads = tf_grads(net, [x, W1, b1, W2, b2, W3, b3], 1.0)
    assert loss == pytest.approx(float(tf_loss), rel=1e-12)
    mine = [dout, layers[0].dW, layers[0].db, layers[2].dW, layers[2].db, layers[4].dW,
            layers[4].db]
    for a, b in zip(mine, grads):
        np.testing.assert_allclose(a, b, **TOL)


# ---------------------------------------------------------------- protocol errors

def fresh_layers(rng):
    return [MulLayer(), AddLayer(), Relu(), Sigmoid(),
            Affine(rng.normal(size=(3, 2)), np.zeros(2)), SoftmaxWithLoss()]


@pytest.mark.parametrize("index", range(6))
def test_backward_before_forward_is_a_clear_error(rng, index):
    layer = fresh_layers(rng)[index]
    name = type(layer).__name__
    with pytest.raises(RuntimeError, match=rf"{name}\.backward\(\) was called before "
                                           rf"{name}\.forward\(\)"):
        layer.backward(1.0)


@pytest.mark.parametrize("index", range(6))
def test_backward_with_a_wrongly_shaped_gradient_is_a_clear_error(rng, index):
    layer = fresh_layers(rng)[index]
    x = rng.normal(size=(4, 3))
    if isinstance(layer, (MulLayer, AddLayer)):
        layer.forward(x, x)
    elif isinstance(layer, SoftmaxWithLoss):
        layer.forward(x, np.array([0, 1, 2, 0]))
    else:
        layer.forward(x)
    expected = r"\(\)" if isinstance(layer, SoftmaxWithLoss) else (
        r"\(4, 2\)" if isinstance(layer, Affine) else r"\(4, 3\)")
    with pytest.raises(ValueError, match=rf"dout has shape \(3, 4\), expected {expected}"):
        layer.backward(np.ones((3, 4)))


def test_affine_rejects_bad_shapes(rng):
    with pytest.raises(ValueError, match=r"W must be 2-D"):
        Affine(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match=r"b must have shape \(2,\)"):
        Affine(np.ones((3, 2)), np.ones(3))
    layer = Affine(np.ones((3, 2)), np.ones(2))
    with pytest.raises(ValueError, match=r"batch shaped \(N, \.\.\.\), got shape \(3,\)"):
        layer.forward(np.ones(3))
    with pytest.raises(ValueError, match=r"4 values but W has shape \(3, 2\)"):
        layer.forward(np.ones((5, 4)))


@pytest.mark.parametrize("x,t,match", [
    (np.ones(3), np.array([0]), r"x must have shape \(N, classes\)"),
    (np.ones((2, 3)), np.array([0, 3]), r"labels must lie in 0\.\.2"),
    (np.ones((2, 3)), np.array([0.5, 1.0]), r"whole class numbers"),
    (np.ones((2, 3)), np.array([0, 1, 2]), (r"one-hot with shape \(2, 3\) or integer labels "
                                            r"with shape \(2,\), got shape \(3,\)")),
    (np.ones((2, 3)), np.ones((2, 3)), r"rows must be >= 0 and sum to 1"),
    (np.array([[0.0, np.nan]]), np.array([0]), r"NaN or infinity"),
])
def test_softmax_with_loss_rejects_bad_inputs(x, t, match):
    with pytest.raises(ValueError, match=match):
        SoftmaxWithLoss().forward(x, t)


def test_softmax_with_loss_accepts_whole_number_float_labels(rng):
    x = rng.normal(size=(3, 4))
    assert SoftmaxWithLoss().forward(x, np.array([0.0, 3.0, 1.0])) == pytest.approx(
        SoftmaxWithLoss().forward(x, np.array([0, 3, 1])))
