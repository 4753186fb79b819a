"""helpers.nets: TwoLayerNet and FusedTwoLayerNet against numerical gradients, tf.GradientTape and
each other; the Trainer."""


import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
import tensorflow as tf

from helpers.gradients import gradient_check
from helpers.nets import FusedTwoLayerNet, Trainer, TwoLayerNet
from helpers.optimizers import SGD, Adam


def small_problem(n=8, d=5, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, classes, size=n)


def blobs(n_per_class=200, d=10, classes=3, seed=0):
    """Well separated Gaussian clouds: a problem any working trainer must solve."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=4.0, size=(classes, d))
    x = np.concatenate([c + rng.normal(size=(n_per_class, d)) for c in centres])
    t = np.repeat(np.arange(classes), n_per_class)
    order = rng.permutation(len(t))
    return x[order], t[order]


# ---- TwoLayerNet and FusedTwoLayerNet -----------------------------------------------------

NETS = pytest.mark.parametrize("Net", [TwoLayerNet, FusedTwoLayerNet])


@NETS
def test_shapes_dtypes_and_parameter_count(Net):
    net = Net(784, 100, 10)
    assert {k: v.shape for k, v in net.params.items()} == {
        "W1": (784, 100), "b1": (100,), "W2": (100, 10), "b2": (10,)}
    assert all(v.dtype == np.float64 for v in net.params.values())
    assert sum(v.size for v in net.params.values()) == 784 * 100 + 100 + 100 * 10 + 10
    assert net.predict(np.zeros((3, 784))).shape == (3, 10)
    assert net.predict(np.zeros((3, 28, 28))).shape == (3, 10)  # images are flattened
    assert np.all(net.params["b1"] == 0)
    assert np.std(net.params["W1"]) == pytest.approx(0.01, rel=0.02)
    net32 = Net(6, 4, 3, dtype=np.float32)
    x, t = small_problem(d=6)
    assert net32.predict(x).dtype == np.float32
    assert all(g.dtype == np.float32 for g in net32.gradient(x, t).values())


def test_same_seed_same_network_other_seed_other_network():
    a, b = TwoLayerNet(5, 4, 3, seed=1), TwoLayerNet(5, 4, 3, seed=1)
    c = TwoLayerNet(5, 4, 3, seed=2)
    assert np.array_equal(a.params["W1"], b.params["W1"])
    assert not np.array_equal(a.params["W1"], c.params["W1"])


@NETS
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backprop_matches_numerical_gradient(Net, seed):
    net = Net(5, 4, 3, weight_init_std=1.0, seed=seed)
    x, t = small_problem(seed=seed)
    errors = gradient_check(net.gradient(x, t), net.numerical_gradient(x, t))
    assert set(errors) == {"W1", "b1", "W2", "b2"}
    assert max(errors.values()) < 1e-7, errors


@NETS
def test_backprop_matches_tf_gradient_tape(Net):
    net = Net(6, 5, 4, weight_init_std=0.5, seed=3)
    x, t = small_problem(n=10, d=6, classes=4, seed=3)
    ours = net.gradient(x, t)
    tf_params = {k: tf.Variable(v) for k, v in net.params.items()}  # the same weights, float64
    with tf.GradientTape() as tape:
        hidden = tf.nn.relu(x @ tf_params["W1"] + tf_params["b1"])
        logits = hidden @ tf_params["W2"] + tf_params["b2"]
        # float64 throughout (Keras's loss objects would compute in float32)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(t, logits))
    theirs = tape.gradient(loss, tf_params)
    assert net.last_loss == pytest.approx(float(loss), rel=1e-12)
    assert net.loss(x, t) == pytest.approx(float(loss), rel=1e-12)
    for key in ours:
        np.testing.assert_allclose(ours[key], theirs[key].numpy(), rtol=1e-9, atol=1e-12)


def test_predict_matches_a_keras_model_with_the_same_weights():
    net = TwoLayerNet(6, 5, 4, weight_init_std=0.5, seed=4)
    x, _ = small_problem(n=7, d=6, seed=4)
    model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(4)])
    model.set_weights([net.params[k] for k in ("W1", "b1", "W2", "b2")])
    np.testing.assert_allclose(net.predict(x), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


@NETS
def test_one_hot_targets_give_the_same_loss_and_gradient_as_labels(Net):
    net = Net(5, 4, 3, weight_init_std=0.5)
    x, t = small_problem()
    g_labels, loss_labels = net.gradient(x, t), net.last_loss
    g_onehot = net.gradient(x, np.eye(3)[t])
    assert net.last_loss == pytest.approx(loss_labels)
    for key in g_labels:
        np.testing.assert_allclose(g_onehot[key], g_labels[key])
    assert net.accuracy(x, t) == net.accuracy(x, np.eye(3)[t])


def test_accuracy_counts_the_right_answers():
    net = TwoLayerNet(2, 3, 2, weight_init_std=0.5)
    x = np.random.default_rng(0).normal(size=(50, 2))
    predicted = net.predict(x).argmax(axis=1)
    assert net.accuracy(x, predicted) == 1.0
    assert net.accuracy(x, 1 - predicted) == 0.0
    assert net.accuracy(x, predicted, batch_size=7) == 1.0  # chunked evaluation


@NETS
def test_inputs_are_not_mutated(Net):
    net = Net(5, 4, 3)
    x, t = small_problem()
    x0, t0 = x.copy(), t.copy()
    net.gradient(x, t)
    net.numerical_gradient(x, t)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(t, t0)


@NETS
def test_optimizer_updates_reach_the_layers(Net):
    net = Net(5, 4, 3, weight_init_std=0.5)
    x, t = small_problem()
    before = net.loss(x, t)
    SGD(learning_rate=0.5).update(net.params, net.gradient(x, t))
    assert net.loss(x, t) < before


def test_a_replaced_parameter_array_is_used():
    net = TwoLayerNet(5, 4, 3)
    x, _ = small_problem()
    net.params["W2"] = np.zeros((4, 3))
    np.testing.assert_allclose(net.predict(x), 0.0)
    net.params["b2"] = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(net.predict(x), np.tile([1.0, 2.0, 3.0], (len(x), 1)))
    net.params["W2"] = np.zeros((5, 3))
    with pytest.raises(ValueError, match="must keep their shapes"):
        net.predict(x)


@pytest.mark.parametrize("x, match", [
    (np.zeros((4, 783)), r"783 values per sample .* input_size is 784"),
    (np.zeros(784), r"batch shaped \(N, 784\).*x\[None\]"),
    (np.zeros((0, 784)), r"N >= 1"),
    (np.array([["a"] * 784]), "real numbers"),
])
@NETS
def test_bad_x_is_refused(Net, x, match):
    net = Net(784, 10, 10)
    with pytest.raises((ValueError, TypeError), match=match):
        net.predict(x)
    with pytest.raises((ValueError, TypeError), match=match):
        net.gradient(x, np.zeros(len(x), dtype=int))


@pytest.mark.parametrize("t, match", [
    (np.array([0, 1, 2]), r"4 integer labels, shape \(4,\).*got shape \(3,\)"),
    (np.array([0, 1, 2, 3]), r"labels must lie in 0..2"),
    (np.array([0, 1.5, 2, 1]), "whole class numbers"),
    (np.zeros((4, 4)), r"one-hot targets, shape \(4, 3\)"),
])
@NETS
def test_bad_t_is_refused(Net, t, match):
    net = Net(5, 4, 3)
    x = np.zeros((4, 5))
    with pytest.raises(ValueError, match=match):
        net.loss(x, t)
    with pytest.raises(ValueError, match=match):
        net.gradient(x, t)
    with pytest.raises(ValueError, match=match):
        net.accuracy(x, t)


@pytest.mark.parametrize("kwargs, match", [
    ({"input_size": 0}, "input_size must be a whole number >= 1"),
    ({"hidden_size": 2.5}, "hidden_size must be a whole number"),
    ({"weight_init_std": -0.1}, "weight_init_std must be a positive number"),
    ({"dtype": np.int32}, "dtype must be np.float32 or np.float64"),
])
def test_bad_construction_is_refused(kwargs, match):
    args = {"input_size": 5, "hidden_size": 4, "output_size": 3, **kwargs}
    with pytest.raises((ValueError, TypeError), match=match):
        TwoLayerNet(**args)


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
@pytest.mark.parametrize("one_hot", [False, True])
def test_fused_gradient_equals_the_layered_one(dtype, tol, one_hot):
    for seed in range(3):
        x, t = small_problem(n=20, d=12, classes=4, seed=seed)
        targets = np.eye(4)[t] if one_hot else t
        layered = TwoLayerNet(12, 7, 4, weight_init_std=0.5, dtype=dtype, seed=seed)
        fused = FusedTwoLayerNet(12, 7, 4, weight_init_std=0.5, dtype=dtype, seed=seed)
        expected, got = layered.gradient(x, targets), fused.gradient(x, targets)
        assert fused.last_loss == pytest.approx(layered.last_loss, rel=tol)
        for key in expected:
            assert got[key].dtype == dtype
            np.testing.assert_allclose(got[key], expected[key], rtol=tol, atol=tol * 1e-2)


def test_fused_gradient_handles_soft_targets_and_refuses_bad_ones():
    x, t = small_problem(n=6, d=5, classes=3)
    soft = np.full((6, 3), 0.1) + 0.7 * np.eye(3)[t]  # label smoothing: rows sum to 1
    layered, fused = TwoLayerNet(5, 4, 3, weight_init_std=0.5), FusedTwoLayerNet(5, 4, 3,
                                                                                 weight_init_std=0.5)
    expected, got = layered.gradient(x, soft), fused.gradient(x, soft)
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-12)
    with pytest.raises(ValueError, match="rows summing to 1"):
        fused.gradient(x, soft * 2)


@NETS
def test_nan_scores_are_refused(Net):
    net = Net(5, 4, 3)
    net.params["b2"][:] = np.nan  # as after a diverged update
    x, t = small_problem()
    with pytest.raises(ValueError, match="NaN or infinity"):
        net.gradient(x, t)


def test_a_fused_net_trains_exactly_as_the_layered_one():
    x, t = blobs(seed=2)
    histories = []
    for Net in (TwoLayerNet, FusedTwoLayerNet):
        trainer = Trainer(Net(10, 8, 3, seed=0), "adam", x[:400], t[:400], x[400:], t[400:],
                          epochs=2, batch_size=32, verbose=False)
        histories.append(trainer.train())
    np.testing.assert_allclose(histories[1]["batch_loss"], histories[0]["batch_loss"], rtol=1e-9)
    assert histories[1]["test_accuracy"] == histories[0]["test_accuracy"]


# ---- Trainer -----------------------------------------------------------------------------

def test_trainer_learns_a_separable_problem():
    x, t = blobs()
    x_train, t_train, x_test, t_test = x[:450], t[:450], x[450:], t[450:]
    net = TwoLayerNet(10, 16, 3, seed=0)
    start = net.accuracy(x_test, t_test)
    trainer = Trainer(net, SGD(learning_rate=0.1), x_train, t_train, x_test, t_test, epochs=5,
                      batch_size=32, verbose=False)
    history = trainer.train()
    assert start < 0.6
    assert history["test_accuracy"][-1] > 0.95
    assert history["loss"][-1] < history["loss"][0]
    assert len(history["loss"]) == len(history["train_accuracy"]) == 5
    assert len(history["batch_loss"]) == 5 * 15  # ceil(450 / 32) batches per epoch
    assert len(trainer.epoch_seconds) == 5
    assert history["test_accuracy"][-1] == net.accuracy(x_test, t_test)


def test_trainer_is_reproducible_and_continues():
    x, t = blobs(seed=1)

    def run():
        net = TwoLayerNet(10, 8, 3, seed=5)
        trainer = Trainer(net, Adam(0.01), x, t, x, t, epochs=2, batch_size=50, seed=7,
                          verbose=False)
        trainer.train()
        return trainer

    a, b = run(), run()
    assert a.history == b.history
    a.train()  # two more epochs, continuing
    assert len(a.history["loss"]) == 4 and len(a.history["batch_loss"]) == 4 * 12


def test_trainer_evaluates_on_a_fixed_sample():
    x, t = blobs(n_per_class=100)
    trainer = Trainer(TwoLayerNet(10, 8, 3), "sgd", x, t, x[:50], t[:50], epochs=1,
                      evaluate_sample=40, verbose=False)
    trainer.train()
    assert len(trainer._train_eval) == 40 and len(trainer._test_eval) == 40
    acc = trainer.history["train_accuracy"][0]
    assert acc == trainer.network.accuracy(x[trainer._train_eval], t[trainer._train_eval])


class SoftmaxRegression:
    """A minimal network of another kind (no last_loss): the Trainer must work with it too."""

    def __init__(self, d, classes):
        self.params = {"W": np.zeros((d, classes)), "b": np.zeros(classes)}

    def _probs(self, x):
        z = x @ self.params["W"] + self.params["b"]
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def loss(self, x, t):
        return float(-np.mean(np.log(self._probs(x)[np.arange(len(t)), t])))

    def accuracy(self, x, t):
        return float(np.mean(self._probs(x).argmax(axis=1) == t))

    def gradient(self, x, t):
        d = self._probs(x)
        d[np.arange(len(t)), t] -= 1
        d /= len(t)
        return {"W": x.T @ d, "b": d.sum(axis=0)}


def test_trainer_works_with_any_network_of_the_protocol():
    x, t = blobs()
    net = SoftmaxRegression(10, 3)
    history = Trainer(net, SGD(0.1), x, t, x, t, epochs=3, verbose=False).train()
    assert history["loss"][0] < np.log(3)  # it learned during the first epoch already
    assert history["train_accuracy"][-1] > 0.95


def test_trainer_reports_divergence():
    x, t = blobs()
    net = TwoLayerNet(10, 8, 3, weight_init_std=1.0)
    trainer = Trainer(net, SGD(learning_rate=1e6), x * 1e3, t, x, t, epochs=3, verbose=False)
    with pytest.raises(FloatingPointError, match="diverged.*smaller learning rate"):
        with np.errstate(all="ignore"):
            trainer.train()


def test_trainer_shows_a_progress_bar_unless_told_not_to(capsys):
    x, t = blobs(n_per_class=20)
    Trainer(TwoLayerNet(10, 4, 3), "adam", x, t, x, t, epochs=1, verbose=False).train()
    assert capsys.readouterr().err == ""
    Trainer(TwoLayerNet(10, 4, 3), "adam", x, t, x, t, epochs=1, verbose=True).train()
    assert "training" in capsys.readouterr().err


def test_trainer_plot():
    x, t = blobs(n_per_class=20)
    trainer = Trainer(TwoLayerNet(10, 4, 3), "sgd", x, t, x, t, epochs=2, verbose=False)
    with pytest.raises(RuntimeError, match="call train"):
        trainer.plot()
    trainer.train()
    axes = trainer.plot(title="blobs")
    assert axes[0].get_title() == "blobs loss" and len(axes[1].lines) == 2
    plt.close("all")


@pytest.mark.parametrize("change, error, match", [
    ({"t_train": np.zeros(5, int)}, ValueError, "x_train has 60 samples"),
    ({"x_test": np.zeros(60)}, ValueError, "x_test must be a non-empty batch"),
    ({"x_train": np.full((60, 10), np.nan)}, ValueError, "x_train contains NaN"),
    ({"epochs": 0}, ValueError, "epochs must be a whole number >= 1"),
    ({"batch_size": 1.5}, ValueError, "batch_size must be a whole number"),
    ({"optimizer": "adamw"}, ValueError, "unknown optimizer 'adamw'; use one of sgd"),
    ({"optimizer": 0.1}, TypeError, "update"),
    ({"network": object()}, TypeError, "network has no 'params'"),
])
def test_trainer_refuses_bad_arguments(change, error, match):
    x, t = blobs(n_per_class=20)
    args = {"network": TwoLayerNet(10, 4, 3), "optimizer": SGD(0.1), "x_train": x, "t_train": t,
            "x_test": x, "t_test": t, "verbose": False, **change}
    with pytest.raises(error, match=match):
        Trainer(**args)


def test_the_evaluation_sample_does_not_change_the_training():
    x, t = blobs(n_per_class=50, seed=2)

    def batch_losses(evaluate_sample):
        trainer = Trainer(TwoLayerNet(10, 8, 3), SGD(0.1), x, t, x, t, epochs=2, batch_size=16,
                          evaluate_sample=evaluate_sample, verbose=False)
        return trainer.train()["batch_loss"]

    assert batch_losses(None) == batch_losses(20)
