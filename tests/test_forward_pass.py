"""Lesson 03's worked example: the 3-layer network (2 -> 3 -> 2 -> 2) of the study notes.

The expected numbers are those the study notes (and "Deep Learning from Scratch", ch. 3) print,
and the same network built from Keras Dense layers with the same weights. Also the lesson's
drawings, ``helpers.plots.draw_network`` and ``helpers.plots.plot_prediction``.
"""


import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from book_network import B1, B2, B3, W1, W2, W3, X

from helpers.functions import identity_function, sigmoid, softmax
from helpers.plots import draw_network

BATCH = np.array([[1.0, 0.5], [0.0, 0.0], [0.0, 1.0], [-1.0, 2.0], [3.0, -4.0]])


def forward(x, output=identity_function):
    a1 = np.dot(x, W1) + B1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + B2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + B3
    return a1, z1, a2, z2, output(a3)


def keras_network(output_activation=None):
    model = keras.Sequential([
        keras.Input(shape=(2,), dtype="float64"),
        keras.layers.Dense(3, activation="sigmoid", dtype="float64"),
        keras.layers.Dense(2, activation="sigmoid", dtype="float64"),
        keras.layers.Dense(2, activation=output_activation, dtype="float64"),
    ])
    model.set_weights([W1, B1, W2, B2, W3, B3])
    return model


def test_worked_example_numbers_from_the_notes():
    a1, z1, a2, z2, y = forward(X)
    np.testing.assert_allclose(a1, [0.3, 0.7, 1.1], atol=1e-12)
    np.testing.assert_allclose(z1, [0.57444252, 0.66818777, 0.75026011], atol=5e-9)
    np.testing.assert_allclose(y, [0.31682708, 0.69627909], atol=5e-9)
    assert a1.shape == (3,) and z2.shape == (2,) and y.shape == (2,)


def test_sigmoid_layer_by_closed_form():
    _, z1, a2, z2, _ = forward(X)
    np.testing.assert_allclose(z1, 1 / (1 + np.exp(-np.array([0.3, 0.7, 1.1]))), rtol=1e-15)
    np.testing.assert_allclose(z2, 1 / (1 + np.exp(-a2)), rtol=1e-15)


def test_the_notes_np_dot_W1_X_does_not_line_up():
    with pytest.raises(ValueError, match="not aligned"):
        np.dot(W1, X)


def test_same_as_keras_dense_layers():
    model = keras_network()
    expected = np.asarray(model(X[None, :], training=False))
    *_, y = forward(X)
    np.testing.assert_allclose(y, expected[0], rtol=1e-12)
    # the hidden activations too, layer by layer
    h1 = model.layers[0](X[None, :])
    h2 = model.layers[1](h1)
    _, z1, _, z2, _ = forward(X)
    np.testing.assert_allclose(np.asarray(h1)[0], z1, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(h2)[0], z2, rtol=1e-12)


def test_batch_same_as_keras_and_as_one_at_a_time():
    model = keras_network()
    *_, y = forward(BATCH)
    assert y.shape == (5, 2)
    np.testing.assert_allclose(y, np.asarray(model(BATCH, training=False)), rtol=1e-12)
    np.testing.assert_allclose(y, np.array([forward(x)[-1] for x in BATCH]), rtol=1e-15)


def test_softmax_output_same_as_keras():
    model = keras_network("softmax")
    *_, p = forward(BATCH, output=softmax)
    np.testing.assert_allclose(p, np.asarray(model(BATCH, training=False)), rtol=1e-12)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-15)
    # softmax keeps the order of the scores, so the predicted class is the same
    *_, y = forward(BATCH)
    assert np.array_equal(p.argmax(axis=1), y.argmax(axis=1))


def test_parameter_count_matches_keras():
    assert keras_network().count_params() == 2 * 3 + 3 + 3 * 2 + 2 + 2 * 2 + 2 == 23
    assert sum(a.size for a in [W1, B1, W2, B2, W3, B3]) == 23


def test_inputs_left_unchanged():
    x = X.copy()
    forward(x)
    assert np.array_equal(x, X)


# --- the network drawing ---------------------------------------------------------------------

def test_draw_network_labels_every_weight_and_bias():
    fig, ax = plt.subplots()
    _, z1, _, z2, y = forward(X)
    out = draw_network([2, 3, 2, 2], weights=[W1, W2, W3], biases=[B1, B2, B3], ax=ax,
                       values=[X, z1, z2, y], layer_names=["in", "h1", "h2", "out"])
    assert out is ax
    texts = [t.get_text() for t in ax.texts]
    assert sum(t.startswith("b=") for t in texts) == 3 + 2 + 2
    assert len(ax.lines) == 6 + 6 + 4                       # one line per weight
    assert "0.57" in texts and "0.32" in texts              # activations shown in the neurons
    assert {"in", "h1", "h2", "out"} <= set(texts)
    plt.close(fig)


def test_draw_network_without_weights():
    fig, ax = plt.subplots()
    draw_network([3, 4, 1], ax=ax, node_labels=[["a", "b", "c"], list("wxyz"), ["y"]])
    assert len(ax.lines) == 3 * 4 + 4 * 1
    assert [t.get_text() for t in ax.texts][:3] == ["a", "b", "c"]
    plt.close(fig)


@pytest.mark.parametrize("kwargs, match", [
    (dict(layer_sizes=[2]), r"at least two layers"),
    (dict(layer_sizes=[2, 0, 1]), r"at least two layers of at least one neuron"),
    (dict(weights=[W1, W2]), r"weights needs one entry per pair of layers \(3\); got 2"),
    (dict(weights=[W1.T, W2, W3]), r"weights\[0\] has shape \(3, 2\); expected \(2, 3\)"),
    (dict(biases=[B1, B2, B1]), r"biases\[2\] has shape \(3,\); expected \(2,\)"),
    (dict(values=[X, X, X, X]), r"values needs one vector per layer"),
])
def test_draw_network_bad_input(kwargs, match):
    args = dict(layer_sizes=[2, 3, 2, 2]) | kwargs
    with pytest.raises(ValueError, match=match):
        draw_network(**args)
    plt.close("all")


# --- lesson 03's picture of one prediction (helpers.plots.plot_prediction) ---------------------

def test_plot_prediction_marks_the_predicted_and_the_true_class():
    from matplotlib.colors import to_rgba

    from helpers.data import FASHION_MNIST_CLASSES
    from helpers.plots import plot_prediction

    p = softmax(np.array([0.0, -1.0, 3.0, 0.5, 2.0, -2.0, 1.0, -3.0, 0.0, -1.0]))
    fig, axes = plt.subplots(1, 2)
    assert plot_prediction(np.linspace(0, 1, 784), p, FASHION_MNIST_CLASSES, label=4,
                           axes=axes) is axes
    bars = axes[1].patches
    np.testing.assert_allclose([bar.get_width() for bar in bars], p)
    orange = [k for k, bar in enumerate(bars) if bar.get_facecolor() == to_rgba("tab:orange")]
    assert orange == [2]                                      # the largest probability
    names = [t.get_text() for t in axes[1].get_yticklabels()]
    assert names[4] == "Coat (true)" and names[2] == "Pullover"
    assert axes[0].get_title() == "predicted: Pullover"
    assert axes[0].images[0].get_array().shape == (28, 28)
    with pytest.raises(ValueError, match=r"probabilities has 3 entries but there are 10 class"):
        plot_prediction(np.zeros(784), [0.2, 0.3, 0.5], FASHION_MNIST_CLASSES)
    plt.close("all")
