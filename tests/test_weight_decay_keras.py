"""Lesson 09's table of weight decay, checked against Keras itself: for plain SGD, one step of
the book's ``MultiLayerNet(weight_decay_lambda=λ)`` equals one step of Keras's
``SGD(weight_decay=λ)`` (biases excluded) and one step with ``kernel_regularizer=l2(λ / 2)``.
With momentum, Keras's decay bypasses the velocity, so it is not the book's λ any more."""

import numpy as np
import pytest

from helpers.nets import MultiLayerNet
from helpers.optimizers import SGD, Momentum

LR, LAM = 0.125, 0.0625   # exact in binary, so float32 learning-rate variables change nothing


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def book_net():
    net = MultiLayerNet(8, [6, 5], 4, weight_decay_lambda=LAM, seed=1)
    rng = np.random.default_rng(7)
    for key in ("b1", "b2", "b3"):   # non-zero biases, so that decaying them would show
        net.params[key][...] = rng.normal(0, 0.3, net.params[key].shape)
    return net


def batch():
    rng = np.random.default_rng(3)
    return rng.normal(size=(6, 8)), rng.integers(0, 4, 6)


def keras_model(keras, net, regularizer=None):
    model = keras.Sequential([keras.Input(shape=(8,), dtype="float64")] + [
        keras.layers.Dense(n, activation=act, kernel_regularizer=regularizer, dtype="float64")
        for n, act in ((6, "relu"), (5, "relu"), (4, None))])
    model.set_weights([net.params[f"{p}{i}"] for i in (1, 2, 3) for p in ("W", "b")])
    return model


def keras_steps(keras, model, optimizer, steps=1):
    import tensorflow as tf

    x, t = batch()
    for _ in range(steps):
        with tf.GradientTape() as tape:
            data_loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=model(x)))
            loss = data_loss + sum(model.losses)   # model.losses: the l2 penalties, if any
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return [np.asarray(w) for w in model.get_weights()]


def book_steps(net, optimizer, steps=1):
    x, t = batch()
    for _ in range(steps):
        optimizer.update(net.params, net.gradient(x, t))   # gradient adds λ·W to each dW
    return [net.params[f"{p}{i}"] for i in (1, 2, 3) for p in ("W", "b")]


def assert_same(ours, theirs):
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_keras_applies_weight_decay_as_lr_times_wd_times_w(keras):
    # What the table relies on: Keras's decay is W <- W - learning_rate * weight_decay * W.
    variable = keras.Variable(np.array([2.0, -4.0]), dtype="float64")
    optimizer = keras.optimizers.SGD(learning_rate=LR, weight_decay=LAM)
    optimizer.apply_gradients([(np.zeros(2), variable)])
    np.testing.assert_allclose(np.asarray(variable), np.array([2.0, -4.0]) * (1 - LR * LAM))


def test_plain_sgd_book_lambda_equals_keras_weight_decay_and_l2_of_half(keras):
    book = book_steps(book_net(), SGD(learning_rate=LR))

    optimizer = keras.optimizers.SGD(learning_rate=LR, weight_decay=LAM)
    optimizer.exclude_from_weight_decay(var_names=["bias"])   # the book decays weights only
    decayed = keras_steps(keras, keras_model(keras, book_net()), optimizer)
    assert_same(book, decayed)

    l2 = keras_model(keras, book_net(), keras.regularizers.L2(LAM / 2))
    assert_same(book, keras_steps(keras, l2, keras.optimizers.SGD(learning_rate=LR)))

    # ... and the decay matters: without it the step is different.
    plain = keras_steps(keras, keras_model(keras, book_net()), keras.optimizers.SGD(LR))
    assert not np.allclose(plain[0], book[0])


def test_keras_weight_decay_also_shrinks_biases_unless_excluded(keras):
    net = book_net()
    optimizer = keras.optimizers.SGD(learning_rate=LR, weight_decay=LAM)
    after = keras_steps(keras, keras_model(keras, net), optimizer)
    x, t = batch()
    grads = net.gradient(x, t)
    expected_b1 = net.params["b1"] * (1 - LR * LAM) - LR * grads["b1"]
    np.testing.assert_allclose(after[1], expected_b1, rtol=1e-10, atol=1e-12)


def test_with_momentum_keras_weight_decay_is_not_the_books_lambda(keras):
    # Coupled (the book, l2): λ·W enters the velocity. Decoupled (Keras's weight_decay=): it
    # does not. One step agrees; from the second step on they differ. (0.75: exact in binary.)
    book = book_steps(book_net(), Momentum(learning_rate=LR, momentum=0.75), steps=2)
    l2 = keras_model(keras, book_net(), keras.regularizers.L2(LAM / 2))
    assert_same(book, keras_steps(keras, l2, keras.optimizers.SGD(LR, momentum=0.75), steps=2))

    optimizer = keras.optimizers.SGD(learning_rate=LR, momentum=0.75, weight_decay=LAM)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    decoupled = keras_steps(keras, keras_model(keras, book_net()), optimizer, steps=2)
    assert not np.allclose(decoupled[0], book[0], rtol=1e-6)
