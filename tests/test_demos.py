"""helpers.demos (lesson 02) against tf.GradientTape and central differences."""

import numpy as np
import pytest
import tensorflow as tf

from helpers import demos
from helpers.functions import get_activation

TF_ACTIVATIONS = {"sigmoid": tf.sigmoid, "tanh": tf.tanh, "relu": tf.nn.relu,
                  "leaky_relu": lambda a: tf.nn.leaky_relu(a, alpha=0.2), "elu": tf.nn.elu,
                  "selu": tf.nn.selu, "identity": tf.identity}


def tape_layer_gradients(activation, x, weights):
    """dS/da_l for every layer, S = sum of the last layer's outputs, from tf.GradientTape."""
    h = TF_ACTIVATIONS[activation]
    with tf.GradientTape() as tape:
        z = tf.constant(x)
        sums = []
        for W in weights:
            a = z @ tf.constant(W)
            tape.watch(a)
            sums.append(a)
            z = h(a)
        S = tf.reduce_sum(z)
    return [g.numpy() for g in tape.gradient(S, sums)]


@pytest.mark.parametrize("activation", list(TF_ACTIVATIONS))
def test_layer_gradients_match_gradient_tape(activation):
    x, weights = demos.random_network(activation, depth=6, width=8, batch=5, seed=3)
    ours = demos.layer_gradients(activation, x, weights)
    theirs = tape_layer_gradients(activation, x, weights)
    assert len(ours) == 6
    for l, (mine, tape) in enumerate(zip(ours, theirs), start=1):
        np.testing.assert_allclose(mine, tape, rtol=1e-6 if activation == "leaky_relu" else 1e-10,
                                   atol=1e-14, err_msg=f"layer {l}")


def test_gradient_per_layer_is_the_mean_size_on_the_seeded_network():
    x, weights = demos.random_network("tanh", depth=5, width=16, batch=32, seed=7)
    expected = [np.abs(g).mean() for g in tape_layer_gradients("tanh", x, weights)]
    np.testing.assert_allclose(demos.gradient_per_layer("tanh", 5, 16, 32, seed=7), expected,
                               rtol=1e-10)


def test_random_network_uses_the_fair_scale():
    for activation, gain in [("relu", 2.0), ("sigmoid", 1.0), ("selu", 1.0), ("elu", 2.0)]:
        _, weights = demos.random_network(activation, depth=3, width=400, batch=2, seed=0)
        assert np.std(np.concatenate([W.ravel() for W in weights])) == pytest.approx(
            np.sqrt(gain / 400), rel=0.01)
    _, weights = demos.random_network("relu", depth=1, width=400, batch=2, weight_scale=3, seed=0)
    assert np.std(weights[0]) == pytest.approx(3 * np.sqrt(2 / 400), rel=0.01)


def test_the_lessons_picture_sigmoid_vanishes_relu_keeps_its_size():
    ratio = {name: s[0] / s[-1] for name in ("sigmoid", "tanh", "relu", "leaky_relu")
             for s in [demos.gradient_per_layer(name)]}
    assert ratio["sigmoid"] < 1e-9
    assert 0.01 < ratio["tanh"] < 1
    assert 0.1 < ratio["relu"] < 10 and 0.1 < ratio["leaky_relu"] < 10
    grown = demos.gradient_per_layer("relu", weight_scale=1.5)
    assert grown[0] / grown[-1] > 100            # larger weights: the gradient explodes


def central_difference(f, v, h=1e-6):
    return (f(v + h) - f(v - h)) / (2 * h)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu", "elu"])
def test_neuron_gradient_matches_central_differences(activation):
    h, _ = get_activation(activation)
    x = np.linspace(-1, 1, 7)
    t = 2 * x + 1
    w, b = 0.7, 0.3            # no input sits on a kink: w·x + b != 0

    def loss(w, b):
        return np.mean((h(w * x + b) - t) ** 2)

    dw, db = demos.neuron_gradient(activation, w, b, x, t)
    assert dw == pytest.approx(central_difference(lambda v: loss(v, b), w), rel=1e-6)
    assert db == pytest.approx(central_difference(lambda v: loss(w, v), b), rel=1e-6)


def test_a_dead_relu_neuron_never_moves_and_a_leaky_one_learns():
    x = np.linspace(0, 1, 50)
    t = 2 * x + 1
    dead = demos.train_neuron("relu", x, t, w=0.5, b=-2.0, learning_rate=0.5, steps=100)
    assert (dead.w, dead.b) == (0.5, -2.0)
    assert np.all(dead.losses == dead.losses[0])
    leaky = demos.train_neuron("leaky_relu", x, t, w=0.5, b=-2.0, learning_rate=0.5, steps=100)
    assert leaky.w == pytest.approx(2, abs=1e-3) and leaky.b == pytest.approx(1, abs=1e-3)
    assert leaky.losses.shape == (100,) and leaky.losses[-1] < 1e-6 < leaky.losses[0]
    assert leaky.activation == "leaky_relu"


def test_inputs_are_left_alone():
    x, t = np.linspace(0, 1, 5), np.ones(5)
    x0, t0 = x.copy(), t.copy()
    demos.train_neuron("sigmoid", x, t, steps=3)
    xb, weights = demos.random_network("relu", depth=2, width=3, batch=4)
    copies = [xb.copy()] + [W.copy() for W in weights]
    demos.layer_gradients("relu", xb, weights)
    assert np.array_equal(x, x0) and np.array_equal(t, t0)
    assert all(np.array_equal(a, b) for a, b in zip(copies, [xb, *weights]))


@pytest.mark.parametrize("call, match", [
    (lambda: demos.gradient_per_layer("step"), r"slope is 0 everywhere"),
    (lambda: demos.gradient_per_layer("swish"), r"unknown activation 'swish'"),
    (lambda: demos.gradient_per_layer("relu", depth=0), r"depth must be a whole number >= 1"),
    (lambda: demos.gradient_per_layer("relu", width=2.5), r"width must be a whole number"),
    (lambda: demos.gradient_per_layer("relu", weight_scale=-1), r"weight_scale must be .* > 0"),
    (lambda: demos.layer_gradients("relu", np.ones(3), [np.ones((3, 3))]), r"shape \(N, inputs\)"),
    (lambda: demos.layer_gradients("relu", np.ones((2, 3)), [np.ones((4, 3))]),
     r"weights\[0\] has shape \(4, 3\); layer 1 receives 3 inputs"),
    (lambda: demos.layer_gradients("relu", np.ones((2, 3)), []), r"weights is empty"),
    (lambda: demos.train_neuron("relu", np.ones(3), np.ones(4)), r"same length"),
    (lambda: demos.train_neuron("relu", [1.0, np.nan], [1.0, 2.0]), r"finite numbers"),
    (lambda: demos.train_neuron("relu", [1.0], [1.0], learning_rate=0), r"learning_rate"),
    (lambda: demos.train_neuron("relu", [1.0], [1.0], steps=True), r"steps must be a whole"),
])
def test_bad_input_says_what_was_expected(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- their pictures (helpers.plots) -----------------------------------------------------------

def test_plot_gradient_per_layer_draws_one_line_per_activation():
    import matplotlib.pyplot as plt

    from helpers.plots import plot_gradient_per_layer

    sizes = {name: demos.gradient_per_layer(name, depth=7) for name in ("sigmoid", "relu")}
    fig, ax = plt.subplots()
    assert plot_gradient_per_layer(sizes, ax=ax, title="t") is ax
    assert [line.get_label() for line in ax.lines] == ["sigmoid", "relu"]
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), sizes["relu"])
    assert ax.get_yscale() == "log" and ax.get_xlim() == (7.5, 0.5)   # read right to left
    assert [int(t) for t in ax.get_xticks()] == [1, 5, 7]
    with pytest.raises(ValueError, match=r"sizes\['x'\] must be a 1-D array of positive"):
        plot_gradient_per_layer({"x": [1.0, 0.0]}, ax=ax)
    plt.close(fig)


def test_plot_neuron_runs_draws_what_each_neuron_computes():
    import matplotlib.pyplot as plt

    from helpers.plots import plot_neuron_runs

    x = np.linspace(0, 1, 11)
    t = 2 * x + 1
    run = demos.train_neuron("leaky_relu", x, t, steps=5)
    fig, axes = plt.subplots(1, 2)
    assert plot_neuron_runs(x, t, {"leaky": run}, axes=axes) is axes
    loss_line, = axes[0].lines
    np.testing.assert_array_equal(loss_line.get_ydata(), run.losses)
    target, fit = axes[1].lines
    a = run.w * x + run.b
    np.testing.assert_allclose(fit.get_ydata(), np.where(a >= 0, a, 0.2 * a))
    assert "w = " in fit.get_label()
    plt.close(fig)
