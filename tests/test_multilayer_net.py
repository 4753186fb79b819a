"""MultiLayerNet (helpers.nets, lessons 08-09): backpropagation against numerical gradients,
weight decay against its formula and Keras's l2, initial standard deviations, the Trainer and
the errors for invalid configurations."""

import functools

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from helpers.data import load_bundled_subset, scale_images
from helpers.gradients import relative_error
from helpers.layers import BatchNormalization, Dropout
from helpers.nets import MultiLayerNet, Trainer, init_std
from helpers.optimizers import SGD, Adam


@pytest.fixture
def batch():
    rng = np.random.default_rng(3)
    return rng.normal(size=(6, 8)), rng.integers(0, 4, 6)


def small_net(**kwargs):
    return MultiLayerNet(8, [6, 5], 4, seed=1, **kwargs)


def assert_gradients_match(net, x, t, tol=1e-6):
    numeric = net.numerical_gradient(x, t)
    analytic = net.gradient(x, t)
    assert list(analytic) == list(net.params) == list(numeric)
    for key in net.params:
        a, n = analytic[key], numeric[key]
        assert a.shape == net.params[key].shape
        before_bn = key[:1] == "b" and key[1:].isdigit() and int(key[1:]) <= net.hidden_layer_num
        if net.use_batchnorm and before_bn:
            # A bias right before batch norm cancels out (its mean is subtracted): gradient 0.
            np.testing.assert_allclose(a, 0, atol=1e-12)
            np.testing.assert_allclose(n, 0, atol=1e-8)
        else:
            assert relative_error(a, n) < tol, (key, relative_error(a, n))


# ---------------------------------------------------------------- gradients

@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_gradient_matches_numerical_gradient(batch, activation):
    assert_gradients_match(small_net(activation=activation), *batch)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_gradient_with_batchnorm_matches_numerical_gradient(batch, activation):
    assert_gradients_match(small_net(activation=activation, use_batchnorm=True), *batch)


def test_gradient_with_weight_decay_matches_numerical_gradient(batch):
    assert_gradients_match(small_net(activation="sigmoid", weight_decay_lambda=0.7), *batch)


def test_gradient_with_dropout_and_a_fixed_seed_matches_numerical_gradient(batch):
    # numerical_gradient replays the dropout random state for every loss, and puts it back, so
    # the following gradient() draws the very same masks.
    net = small_net(activation="tanh", use_dropout=True, dropout_ratio=0.3)
    assert_gradients_match(net, *batch)


def test_gradient_with_everything_on_and_one_hot_targets(batch):
    x, t = batch
    net = small_net(activation="tanh", use_batchnorm=True, use_dropout=True, dropout_ratio=0.2,
                    weight_decay_lambda=0.1, weight_init_std="xavier")
    assert_gradients_match(net, x, np.eye(4)[t])


def test_weight_decay_adds_lambda_w_to_the_weight_gradients_only(batch):
    lam = 0.5
    plain, decayed = small_net(), small_net(weight_decay_lambda=lam)
    g0, g1 = plain.gradient(*batch), decayed.gradient(*batch)
    for key in plain.params:
        extra = lam * plain.params[key] if key.startswith("W") else 0
        np.testing.assert_allclose(g1[key], g0[key] + extra, rtol=1e-12, atol=1e-15)


def test_weight_decay_penalty_and_its_numerical_gradient(batch):
    lam = 0.3
    plain, decayed = small_net(), small_net(weight_decay_lambda=lam)
    total = sum(np.sum(decayed.params[f"W{i}"] ** 2) for i in (1, 2, 3))
    assert decayed.weight_decay() == pytest.approx(0.5 * lam * total, rel=1e-12)
    assert decayed.loss(*batch) - plain.loss(*batch) == pytest.approx(0.5 * lam * total, rel=1e-9)
    # The numerical gradient of the penalty alone is lambda * W (and 0 for the biases).
    from helpers.gradients import numerical_gradient_params

    numeric = numerical_gradient_params(decayed.weight_decay, decayed.params)
    for key, value in decayed.params.items():
        expected = lam * value if key.startswith("W") else np.zeros_like(value)
        np.testing.assert_allclose(numeric[key], expected, atol=1e-9)


def test_weight_decay_equals_keras_l2_with_half_the_lambda():
    import keras

    lam = 0.01
    net = small_net(weight_decay_lambda=lam)
    keras_penalty = sum(float(keras.regularizers.L2(lam / 2)(net.params[f"W{i}"]))
                        for i in (1, 2, 3))
    assert net.weight_decay() == pytest.approx(keras_penalty, rel=1e-5)  # Keras works in float32
    assert float(keras.regularizers.L2(lam)(net.params["W1"])) == pytest.approx(
        lam * float(np.sum(net.params["W1"] ** 2)), rel=1e-5)


def test_numerical_gradient_leaves_the_network_as_it_was(batch):
    net = small_net(use_batchnorm=True, use_dropout=True)
    net.gradient(*batch)  # moves the moving statistics away from their start
    params = {k: v.copy() for k, v in net.params.items()}
    bn = net.layers["BatchNorm1"]
    moving = bn.moving_mean.copy(), bn.moving_variance.copy()
    drop = net.layers["Dropout1"]
    state = drop.rng.bit_generator.state
    net.numerical_gradient(*batch)
    for key in params:
        np.testing.assert_array_equal(net.params[key], params[key])
    np.testing.assert_array_equal(bn.moving_mean, moving[0])
    np.testing.assert_array_equal(bn.moving_variance, moving[1])
    assert drop.rng.bit_generator.state == state


# ---------------------------------------------------------------- structure and modes

def test_params_and_layers_in_order():
    net = MultiLayerNet(784, [100, 50], 10, use_batchnorm=True, use_dropout=True)
    assert list(net.params) == ["W1", "b1", "W2", "b2", "W3", "b3",
                                "gamma1", "beta1", "gamma2", "beta2"]
    assert [net.params[k].shape for k in ("W1", "W2", "W3", "gamma2")] == [
        (784, 100), (100, 50), (50, 10), (50,)]
    assert list(net.layers) == ["Affine1", "BatchNorm1", "Activation1", "Dropout1",
                                "Affine2", "BatchNorm2", "Activation2", "Dropout2", "Affine3"]
    np.testing.assert_array_equal(net.params["gamma1"], 1)
    np.testing.assert_array_equal(net.params["beta1"], 0)
    np.testing.assert_array_equal(net.params["b1"], 0)


def test_batchnorm_settings_reach_the_layers():
    net = MultiLayerNet(4, [3], 2, use_batchnorm=True, batchnorm_momentum=0.9,
                        batchnorm_epsilon=1e-6)
    bn = net.layers["BatchNorm1"]
    assert isinstance(bn, BatchNormalization) and (bn.momentum, bn.epsilon) == (0.9, 1e-6)
    default = MultiLayerNet(4, [3], 2, use_batchnorm=True).layers["BatchNorm1"]
    assert (default.momentum, default.epsilon) == (0.99, 1e-3)  # Keras's defaults


def test_inference_is_deterministic_and_training_mode_is_not(batch):
    x, _ = batch
    net = small_net(use_dropout=True, dropout_ratio=0.5)
    np.testing.assert_array_equal(net.predict(x), net.predict(x))
    assert not np.array_equal(net.predict(x, train_flg=True), net.predict(x, train_flg=True))
    assert isinstance(net.layers["Dropout1"], Dropout)


def test_batchnorm_net_in_inference_uses_moving_statistics(batch):
    x, _ = batch
    net = small_net(use_batchnorm=True)
    before = net.predict(x)
    net.predict(x, train_flg=True)  # updates the moving statistics only
    assert not np.allclose(before, net.predict(x))
    np.testing.assert_array_equal(net.predict(x[:1]), net.predict(x[:1]))  # one sample is fine


def test_same_seed_same_network_and_replaced_params_are_used(batch):
    x, t = batch
    a, b = small_net(), small_net()
    for key in a.params:
        np.testing.assert_array_equal(a.params[key], b.params[key])
    b.params["W1"] = b.params["W1"] * 2  # a new array, not an in-place change
    assert not np.allclose(a.predict(x), b.predict(x))
    assert b.layers["Affine1"].W is b.params["W1"]


def test_accuracy_accepts_labels_one_hot_and_images():
    rng = np.random.default_rng(0)
    net = MultiLayerNet(16, [5], 3, seed=0)
    x = rng.normal(size=(20, 4, 4))
    t = net.predict(x).argmax(axis=1)
    assert net.accuracy(x, t) == 1.0
    assert net.accuracy(x, np.eye(3)[t]) == 1.0
    assert net.accuracy(x, t, batch_size=7) == 1.0
    assert net.accuracy(x, (t + 1) % 3) == 0.0


def test_float32_network_stays_float32(batch):
    x, t = batch
    net = small_net(dtype=np.float32, use_batchnorm=True, weight_decay_lambda=0.1)
    grads = net.gradient(x, t)
    assert all(p.dtype == np.float32 for p in net.params.values())
    assert all(g.dtype == np.float32 for g in grads.values())
    assert net.predict(x).dtype == np.float32


# ---------------------------------------------------------------- initialization

@pytest.mark.parametrize("weight_init_std, expected", [
    (0.01, 0.01), (1.0, 1.0), ("xavier", np.sqrt(1 / 1000)), ("he", np.sqrt(2 / 1000)),
    ("Xavier", np.sqrt(1 / 1000)), ("HE", np.sqrt(2 / 1000)),
])
def test_initial_standard_deviations(weight_init_std, expected):
    net = MultiLayerNet(1000, [400, 1000], 10, weight_init_std=weight_init_std, seed=5)
    # W1 has 400,000 normal draws: its std lies within 0.5 % of the target.
    assert np.std(net.params["W1"]) == pytest.approx(expected, rel=0.005)
    assert abs(np.mean(net.params["W1"])) < 0.01 * expected
    # Each layer uses its own number of inputs: W2 has 400 inputs, W3 has 1000.
    n_in = {"W2": 400, "W3": 1000}
    for key, n in n_in.items():
        target = init_std(weight_init_std, n)
        assert np.std(net.params[key]) == pytest.approx(target, rel=0.02)


def test_init_std_formulas():
    assert init_std("xavier", 100) == pytest.approx(0.1)
    assert init_std("he", 200) == pytest.approx(0.1)
    assert init_std(0.05, 100) == 0.05
    assert init_std(0, 100) == 0.0  # allowed: lesson 08 shows why all-zero weights fail


def test_zero_init_gives_identical_hidden_units(batch):
    net = small_net(weight_init_std=0, activation="sigmoid")
    opt = SGD(learning_rate=0.5)
    for _ in range(20):
        opt.update(net.params, net.gradient(*batch))
    W1 = net.params["W1"]
    np.testing.assert_allclose(W1, W1[:, :1] * np.ones((1, W1.shape[1])), atol=1e-15)


# ---------------------------------------------------------------- training

def test_trains_with_the_trainer_and_optimizers():
    rng = np.random.default_rng(0)
    centers = rng.normal(0, 3, (3, 10))
    labels = rng.integers(0, 3, 600)
    x = centers[labels] + rng.normal(size=(600, 10))
    net = MultiLayerNet(10, [32, 32], 3, use_batchnorm=True, use_dropout=True,
                        dropout_ratio=0.2, weight_decay_lambda=1e-3, seed=0)
    before = net.loss(x, labels)
    trainer = Trainer(net, Adam(learning_rate=0.01), x[:500], labels[:500], x[500:],
                      labels[500:], epochs=5, batch_size=50, verbose=False)
    history = trainer.train()
    assert net.loss(x, labels) < before / 3
    assert history["test_accuracy"][-1] > 0.95
    assert len(history["batch_loss"]) == 50


def test_trains_with_plain_sgd_loop():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 5))
    t = (x[:, 0] + x[:, 1] > 0).astype(int)
    net = MultiLayerNet(5, [16], 2, activation="sigmoid", weight_init_std="xavier", seed=0)
    opt = SGD(learning_rate=0.5)
    for _ in range(300):
        opt.update(net.params, net.gradient(x, t))
    assert net.accuracy(x, t) > 0.95


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("kwargs, error, message", [
    (dict(activation="softmax"), ValueError, "unknown activation 'softmax'.*'relu'"),
    (dict(weight_decay_lambda=-0.1), ValueError, "weight_decay_lambda must be .*>= 0"),
    (dict(weight_decay_lambda=float("nan")), ValueError, "weight_decay_lambda"),
    (dict(weight_init_std="glorot"), ValueError, "'xavier' or 'he'; got 'glorot'"),
    (dict(weight_init_std="relu"), ValueError, "'relu' is 'he' here"),
    (dict(weight_init_std=-0.01), ValueError, "weight_init_std must be a finite number >= 0"),
    (dict(weight_init_std=None), TypeError, "weight_init_std must be a number"),
    (dict(use_dropout=True, dropout_ratio=1.0), ValueError, r"must lie in \[0, 1\)"),
    (dict(use_batchnorm=True, batchnorm_momentum=2), ValueError, "momentum"),
    (dict(dtype=np.int32), ValueError, "dtype must be float32 or float64"),
])
def test_invalid_configurations(kwargs, error, message):
    with pytest.raises(error, match=message):
        MultiLayerNet(8, [6, 5], 4, **kwargs)


@pytest.mark.parametrize("hidden, error, message", [
    ([], ValueError, "hidden_size_list is empty"),
    (100, TypeError, r"list of layer sizes, e.g. \[100\]"),
    ([100, 0], ValueError, r"hidden_size_list\[1\] must be a whole number >= 1"),
    ([100, 2.5], ValueError, r"hidden_size_list\[1\]"),
])
def test_invalid_hidden_sizes(hidden, error, message):
    with pytest.raises(error, match=message):
        MultiLayerNet(8, hidden, 4)


def test_bad_input_shapes_and_labels(batch):
    x, t = batch
    net = small_net()
    with pytest.raises(ValueError, match="input_size is 8"):
        net.predict(np.ones((3, 7)))
    with pytest.raises(ValueError, match=r"labels must lie in 0..3"):
        net.loss(x, t + 4)
    with pytest.raises(ValueError, match="one-hot"):
        net.gradient(x, t[:3])
    bn_net = small_net(use_batchnorm=True)
    with pytest.raises(ValueError, match="at least 2 samples"):
        bn_net.gradient(x[:1], t[:1])


# ---------------------------------------------------------------- the reference book's numbers
# Deep Learning from Scratch's own scripts were run (outside this project, their code unchanged
# apart from the data) with np.random.seed(0) on the first images of the bundled Fashion-MNIST
# subset, scaled to [0, 1] as the book's load_mnist(normalize=True) does. The numbers below are
# what they printed, as counts of correctly classified images after each "epoch". Everything in
# those scripts is drawn from NumPy's global generator, so np.random.RandomState(0) replays it:
# the initial weights layer by layer (scale * randn), then per step the mini-batch
# (choice(n, 100), with replacement) and the dropout masks (uniform numbers in [0, 1)).
# Rounding may differ on another CPU; a difference of a few images is allowed for that.

def book_data(n_train, n_test):
    """The first n_train training and n_test test images of the bundled subset, in [0, 1]."""
    (x_train, t_train), (x_test, t_test) = load_bundled_subset()
    return (scale_images(x_train[:n_train], flatten=True), t_train[:n_train],
            scale_images(x_test[:n_test], flatten=True), t_test[:n_test])


def with_book_weights(net, rs, scale):
    """Replace the net's initial weights by the book's: scale(n_in) * randn(n_in, n_out)."""
    for i in range(1, net.hidden_layer_num + 2):
        n_in, n_out = net.params[f"W{i}"].shape
        net.params[f"W{i}"] = scale(n_in) * rs.randn(n_in, n_out)
    return net


BOOK_SETTINGS = (("batchnorm_momentum", 0.9), ("batchnorm_epsilon", 1e-6),
                 ("batchnorm_moving_variance_initializer", "zeros"))


def one_blas_thread(function):
    """Run ``function`` with one BLAS thread: much faster for these small matrices."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        with threadpool_limits(1, user_api="blas"):
            return function(*args, **kwargs)
    return run


@functools.lru_cache(maxsize=None)
@one_blas_thread
def book_batch_norm_run(scale, plain, settings):
    """ch06/batch_norm_test.py for one weight scale: 1,000 images, 5 hidden layers of 100,
    SGD 0.01, batches of 100, a network with batch norm (``settings``: its keyword arguments
    as pairs) and, if ``plain``, one without trained on the same batches; the counts of right
    answers on the 1,000 images after steps 0, 10, ..., 190 (the book's 20 "epochs")."""
    x, t, _, _ = book_data(1000, 1)
    rs = np.random.RandomState(0)
    nets = [with_book_weights(MultiLayerNet(784, [100] * 5, 10, use_batchnorm=use_bn,
                                            **(dict(settings) if use_bn else {})),
                              rs, lambda n_in: scale)
            for use_bn in (True, False)]  # the book draws both networks' weights
    nets = nets if plain else nets[:1]
    optimizers = [SGD(learning_rate=0.01) for _ in nets]  # one per network
    correct = [[] for _ in nets]
    for step in range(191):
        idx = rs.choice(1000, 100)
        for net, optimizer in zip(nets, optimizers):
            optimizer.update(net.params, net.gradient(x[idx], t[idx]))
        if step % 10 == 0:
            for counts, net in zip(correct, nets):
                counts.append(round(net.accuracy(x, t) * 1000))
    return correct


# ch06/batch_norm_test.py, __train(weight_init_std) after np.random.seed(0)
BOOK_BATCH_NORM_01 = ([104, 165, 294, 445, 535, 577, 634, 673, 700, 717,       # with batch norm
                       733, 740, 758, 764, 775, 787, 791, 794, 808, 811],
                      [118, 145, 184, 206, 242, 267, 277, 316, 353, 413,       # without
                       442, 450, 485, 508, 517, 537, 559, 608, 610, 625])
BOOK_BATCH_NORM_001 = [121, 491, 607, 746, 800, 823, 830, 834, 851, 869,       # with batch norm
                       847, 845, 883, 880, 849, 901, 896, 826, 896, 911]


def test_book_settings_reproduce_the_books_batch_norm_experiment():
    with_bn, without = book_batch_norm_run(0.1, True, BOOK_SETTINGS)
    np.testing.assert_allclose(with_bn, BOOK_BATCH_NORM_01[0], atol=3)
    np.testing.assert_allclose(without, BOOK_BATCH_NORM_01[1], atol=3)
    (with_bn,) = book_batch_norm_run(0.01, False, BOOK_SETTINGS)
    np.testing.assert_allclose(with_bn, BOOK_BATCH_NORM_001, atol=3)


def test_the_moving_variance_start_changes_the_books_first_epochs():
    # Keras starts the moving variance at 1, the book at 0; with the book's momentum 0.9 the
    # start is forgotten within about 50 steps, but until then inference differs a lot.
    (keras_start,) = book_batch_norm_run(0.01, False, BOOK_SETTINGS[:2])
    book = BOOK_BATCH_NORM_001
    assert max(b - k for b, k in zip(book[1:5], keras_start[1:5])) > 300
    np.testing.assert_allclose(keras_start[10:], book[10:], atol=3)


def test_keras_defaults_leave_the_books_batch_norm_experiment_near_chance():
    # Momentum 0.99 forgets the start value 1 of the moving variance only slowly (0.99**191 is
    # 0.15), which is far above the tiny variances of a network started with weights of scale
    # 0.01: at inference its activations are squashed and it predicts nearly one class.
    (keras_defaults,) = book_batch_norm_run(0.01, False, ())
    assert max(keras_defaults) < 130  # of 1,000 images: chance is about 100
    (zero_start,) = book_batch_norm_run(
        0.01, False, (("batchnorm_moving_variance_initializer", "zeros"),))
    assert zero_start[-1] > 800


# ch06/overfit_dropout.py (its Trainer with epochs=21; 500 test images) after np.random.seed(0)
BOOK_DROPOUT = ([49, 55, 58, 60, 62, 62, 64, 68, 71, 78, 78,                   # of 300 train
                 85, 89, 91, 94, 93, 103, 102, 107, 101, 100],
                [75, 82, 87, 90, 95, 103, 108, 114, 120, 121, 127,             # of 500 test
                 126, 132, 132, 133, 138, 149, 147, 153, 152, 152])


@one_blas_thread
def book_dropout_run(inverted, evaluate_test=True):
    """ch06/overfit_dropout.py: 300 training images, 6 hidden layers of 100 with He weights,
    dropout 0.2, SGD 0.01, batches of 100; counts of right answers on the 300 training images
    and 500 test images after steps 0, 3, ..., 60 (the book's Trainer evaluates after the
    first step of each epoch)."""
    x, t, x_test, t_test = book_data(300, 500)
    rs = np.random.RandomState(0)
    net = MultiLayerNet(784, [100] * 6, 10, use_dropout=True, dropout_ratio=0.2,
                        dropout_inverted=inverted)
    with_book_weights(net, rs, lambda n_in: np.sqrt(2.0 / n_in))
    for name, layer in net.layers.items():
        if name.startswith("Dropout"):
            layer.rng = rs  # the book draws its masks from the same global generator
    optimizer = SGD(learning_rate=0.01)
    train, test = [], []
    for step in range(61):
        idx = rs.choice(300, 100)
        optimizer.update(net.params, net.gradient(x[idx], t[idx]))
        if step % 3 == 0:
            train.append(round(net.accuracy(x, t) * 300))
            if evaluate_test:
                test.append(round(net.accuracy(x_test, t_test) * 500))
    return train, test


def test_dropout_inverted_false_reproduces_the_books_dropout_experiment():
    train, test = book_dropout_run(inverted=False)
    np.testing.assert_allclose(train, BOOK_DROPOUT[0], atol=3)
    np.testing.assert_allclose(test, BOOK_DROPOUT[1], atol=3)
    # Keras's inverted dropout, with the same masks, trains differently.
    train_inverted, _ = book_dropout_run(inverted=True, evaluate_test=False)
    assert max(abs(a - b) for a, b in zip(train_inverted, BOOK_DROPOUT[0])) > 20


def test_book_settings_reach_the_layers():
    net = MultiLayerNet(4, [3, 3], 2, use_batchnorm=True, use_dropout=True, dropout_ratio=0.2,
                        dropout_inverted=False, **dict(BOOK_SETTINGS))
    for i in (1, 2):
        bn, drop = net.layers[f"BatchNorm{i}"], net.layers[f"Dropout{i}"]
        assert (bn.momentum, bn.epsilon) == (0.9, 1e-6)
        np.testing.assert_array_equal(bn.moving_variance, 0)
        assert drop.rate == 0.2 and drop.inverted is False
    default = MultiLayerNet(4, [3], 2, use_batchnorm=True, use_dropout=True)
    np.testing.assert_array_equal(default.layers["BatchNorm1"].moving_variance, 1)
    assert default.layers["Dropout1"].inverted is True


@pytest.mark.parametrize("name, new", [("dropout_ration", "dropout_ratio"),
                                       ("use_batchNorm", "use_batchnorm")])
def test_the_books_spellings_get_a_hint(name, new):
    with pytest.raises(TypeError, match=f"'{name}' .*Deep Learning from Scratch.*use {new}="):
        MultiLayerNet(8, [6], 4, **{name: 0.5})
    with pytest.raises(TypeError, match="unexpected keyword argument 'hidden'"):
        MultiLayerNet(8, [6], 4, hidden=3)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(use_batchnorm=True, batchnorm_moving_variance_initializer="random"), ValueError,
     "moving_variance_initializer must be 'zeros', 'ones' or"),
    (dict(use_batchnorm=True, batchnorm_moving_variance_initializer=-1), ValueError,
     "a variance"),
    (dict(use_dropout=True, dropout_inverted="yes"), TypeError, "inverted must be True"),
])
def test_invalid_book_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        MultiLayerNet(8, [6], 4, **kwargs)
