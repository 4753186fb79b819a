"""Networks built from the layers of helpers.layers, and a Trainer (lessons 06-09).

    TwoLayerNet   Affine - ReLU - Affine - Softmax-with-loss, trained by backpropagation (lesson 06)
    FusedTwoLayerNet  the same network with its layers fused into one gradient function (faster)
    Trainer       mini-batch training of any such network with an optimizer (lessons 06-09)

A network here keeps its parameters in a dict ``params`` (``"W1"``, ``"b1"``, ...) and offers
``predict(x)`` (scores), ``loss(x, t)``, ``accuracy(x, t)``, ``gradient(x, t)`` (backpropagation,
a dict of gradients with the keys of ``params``) and ``numerical_gradient(x, t)`` (the slow check).
The optimizers of helpers.optimizers update ``params`` in place, and the layers hold references
to the same arrays, so an update is seen by the layers at once.

x: a batch on axis 0, shaped (N, input_size) or (N, ...) with input_size values per sample
   (images (N, 28, 28) are flattened). t: integer labels (N,) or one-hot targets (N, classes).
NumPy only: this module never imports TensorFlow.
"""

import math
import time
from numbers import Integral, Real

import numpy as np

from helpers.gradients import numerical_gradient_params
from helpers.layers import Affine, Relu, SoftmaxWithLoss

__all__ = ["TwoLayerNet", "FusedTwoLayerNet", "Trainer"]


def _positive_int(name, value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    return int(value)


def _check_batch(x, input_size, dtype, name="x"):
    """x as a float array of shape (N, input_size) in ``dtype`` (no copy when it already is)."""
    x = np.asarray(x)
    if x.ndim < 2 or x.shape[0] == 0:
        raise ValueError(f"{name} must be a batch shaped (N, {input_size}) with N >= 1, got shape "
                         f"{x.shape}; for a single sample use {name}[None].")
    features = math.prod(x.shape[1:])
    if features != input_size:
        raise ValueError(f"{name} has {features} values per sample (shape {x.shape}), but the "
                         f"network's input_size is {input_size}.")
    if not (np.issubdtype(x.dtype, np.floating) or np.issubdtype(x.dtype, np.integer)):
        raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}.")
    if x.ndim > 2:
        x = x.reshape(x.shape[0], input_size)
    return x.astype(dtype, copy=False)


def _check_targets(t, n, classes, name="t"):
    """Labels (n,) or one-hot (n, classes); returns integer labels for accuracy."""
    t = np.asarray(t)
    if t.ndim == 2 and t.shape == (n, classes):
        if (t < 0).any() or not np.allclose(t.sum(axis=1), 1.0, atol=1e-6):
            raise ValueError(f"one-hot targets {name} must be >= 0 with rows summing to 1.")
        return t.argmax(axis=1)
    if t.ndim == 1 and t.shape[0] == n:
        if not np.issubdtype(t.dtype, np.integer):
            if not (np.issubdtype(t.dtype, np.floating) and np.all(t == np.round(t))):
                raise ValueError(f"{name} must hold whole class numbers, got dtype {t.dtype}.")
        if t.min() < 0 or t.max() >= classes:
            raise ValueError(f"{name} holds labels from {t.min():g} to {t.max():g}; the network "
                             f"has {classes} classes, so labels must lie in 0..{classes - 1}.")
        return t.astype(np.intp, copy=False)
    raise ValueError(f"{name} must be {n} integer labels, shape ({n},), or one-hot targets, shape "
                     f"({n}, {classes}), to go with {n} samples in x; got shape {t.shape}.")


class TwoLayerNet:
    """A two-layer network (2층 신경망): Affine - ReLU - Affine - Softmax-with-loss (lesson 06).

    input_size, hidden_size, output_size: e.g. 784, 100, 10 for Fashion-MNIST.
    weight_init_std: the standard deviation of the normal random weights (biases start at 0).
    dtype:           np.float64 (default; what gradient checks need) or np.float32 (about
                     twice as fast for training; Keras's choice).
    seed:            seed of the weights' random numbers: the same seed gives the same network.

    ``params`` holds ``"W1"`` (input_size, hidden_size), ``"b1"``, ``"W2"`` (hidden_size,
    output_size), ``"b2"``. The layers use these very arrays, so update them in place (as the
    optimizers do); if you assign a new array to ``params[key]``, the layers pick it up at the
    next call. After ``gradient(x, t)``, ``last_loss`` holds the loss of that forward pass.
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01,
                 dtype=np.float64, seed=0):
        self.input_size = _positive_int("input_size", input_size)
        self.hidden_size = _positive_int("hidden_size", hidden_size)
        self.output_size = _positive_int("output_size", output_size)
        if (isinstance(weight_init_std, (bool, np.bool_)) or not isinstance(weight_init_std, Real)
                or not math.isfinite(weight_init_std) or weight_init_std <= 0):
            raise ValueError(f"weight_init_std must be a positive number, got {weight_init_std!r}.")
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be np.float32 or np.float64, got {dtype!r}.")
        rng = np.random.default_rng(seed)
        std = float(weight_init_std)
        W1 = std * rng.standard_normal((self.input_size, self.hidden_size))
        W2 = std * rng.standard_normal((self.hidden_size, self.output_size))
        self.params = {
            "W1": W1.astype(self.dtype),
            "b1": np.zeros(self.hidden_size, dtype=self.dtype),
            "W2": W2.astype(self.dtype),
            "b2": np.zeros(self.output_size, dtype=self.dtype),
        }
        self.layers = {
            "Affine1": Affine(self.params["W1"], self.params["b1"]),
            "Relu1": Relu(),
            "Affine2": Affine(self.params["W2"], self.params["b2"]),
        }
        self.last_layer = SoftmaxWithLoss()
        self.last_loss = None

    def __repr__(self):
        return (f"TwoLayerNet({self.input_size}-{self.hidden_size}-{self.output_size}, "
                f"{self.dtype.name}, {sum(p.size for p in self.params.values()):,} parameters)")

    def _sync_layers(self):
        """Point the layers at the arrays in ``params`` (cheap; catches a replaced array)."""
        for i in (1, 2):
            W, b = self.params[f"W{i}"], self.params[f"b{i}"]
            layer = self.layers[f"Affine{i}"]
            if layer.W is W and layer.b is b:
                continue
            old_W, old_b = layer.W, layer.b
            if np.shape(W) != old_W.shape or np.shape(b) != old_b.shape:
                raise ValueError(f"params['W{i}'] and params['b{i}'] must keep their shapes "
                                 f"{old_W.shape} and {old_b.shape}; got {np.shape(W)} and "
                                 f"{np.shape(b)}.")
            self.layers[f"Affine{i}"] = Affine(W, b)

    def predict(self, x):
        """Scores (logits) of shape (N, output_size); softmax of them gives probabilities."""
        x = _check_batch(x, self.input_size, self.dtype)
        self._sync_layers()
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        """Mean cross-entropy of the batch (softmax of the scores against t)."""
        scores = self.predict(x)
        _check_targets(t, scores.shape[0], self.output_size)
        return self.last_layer.forward(scores, t)

    def accuracy(self, x, t, batch_size=10_000):
        """Fraction of samples whose highest score is the right class (computed in chunks)."""
        x = _check_batch(x, self.input_size, self.dtype)
        labels = _check_targets(t, x.shape[0], self.output_size)
        correct = 0
        for start in range(0, x.shape[0], batch_size):
            scores = self.predict(x[start:start + batch_size])
            correct += int(np.sum(scores.argmax(axis=1) == labels[start:start + batch_size]))
        return correct / x.shape[0]

    def gradient(self, x, t):
        """Backpropagation: the gradients of ``loss(x, t)`` as a dict with the keys of params.

        The backward pass runs through the layers in reverse order, except for one saving: the
        first Affine layer's input is the data, whose gradient nobody needs, so its
        ``dx = dout @ W1.T`` (a quarter of all the arithmetic of a training step) is skipped and
        only its parameter gradients are computed: ``dW1 = x.T @ dout``, ``db1 = sum(dout)``.
        """
        self.last_loss = self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        dout = self.layers["Affine2"].backward(dout)
        dout = self.layers["Relu1"].backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        first.dW = first.x.T @ dout  # first.x: the (N, input_size) batch its forward pass kept
        first.db = dout.sum(axis=0)
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}

    def numerical_gradient(self, x, t, h=1e-4):
        """The same gradients by central differences (slow: two losses per parameter)."""
        return numerical_gradient_params(lambda: self.loss(x, t), self.params, h=h)


class FusedTwoLayerNet(TwoLayerNet):
    """TwoLayerNet with its layers fused into one gradient function: the same parameters, the
    same loss and the same gradients (the tests check both against TwoLayerNet and TensorFlow),
    somewhat faster to train (lesson 06).

    Each layer of TwoLayerNet is a Python object that checks its input, allocates its output and
    keeps copies for its backward pass. ``gradient`` here checks the batch once, then runs the
    forward and backward pass as one sequence of NumPy operations, reusing arrays that are not
    needed again (ReLU and the softmax work in place). Libraries do the same when they compile a
    model. ``predict``, ``loss`` and ``accuracy`` are TwoLayerNet's.

    How much that saves depends on the machine and the dtype: for 784-100-10 with batches of
    100 and one BLAS thread, a training step (gradient and SGD update) took about 7-9 % less
    time than TwoLayerNet's at float64 and 9-13 % less at float32, on a 2-core x86-64 machine
    (the fastest of many alternating runs). The saving is a fixed cost per step, so it counts
    for more where the arithmetic is cheaper (float32, smaller batches).
    """

    def gradient(self, x, t):
        """Backpropagation, fused: the gradients of ``loss(x, t)`` (``last_loss`` holds it)."""
        x = _check_batch(x, self.input_size, self.dtype)
        n = x.shape[0]
        labels = _check_targets(t, n, self.output_size)
        t = np.asarray(t)
        p = self.params
        W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]
        # Forward: Affine -> ReLU -> Affine.
        h = x @ W1
        h += b1
        np.maximum(h, 0, out=h)  # ReLU in place: only its output is needed later
        scores = h @ W2
        scores += b2
        if not np.isfinite(scores).all():
            raise ValueError("FusedTwoLayerNet.gradient: the scores contain NaN or infinity.")
        # Softmax-with-loss: y = softmax(scores), loss = mean of -log y at the targets.
        scores -= scores.max(axis=1, keepdims=True)
        y = np.exp(scores)
        total = y.sum(axis=1, keepdims=True)
        y /= total
        if t.ndim == 2:  # one-hot (or soft) targets, checked by _check_targets
            t = t.astype(self.dtype, copy=False)
            loss = -np.sum(t * (scores - np.log(total))) / n
            y -= t
        else:
            rows = np.arange(n)
            loss = (np.log(total).sum() - scores[rows, labels].sum()) / n
            y[rows, labels] -= 1
        dscores = y
        dscores /= n  # (y - t) / N
        # Backward: Affine2, ReLU (the gradient passes where h > 0), then Affine1's parameters.
        dh = dscores @ W2.T
        dh *= h > 0
        self.last_loss = float(loss)
        return {"W1": x.T @ dh, "b1": dh.sum(axis=0), "W2": h.T @ dscores,
                "b2": dscores.sum(axis=0)}


_OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


def _make_optimizer(optimizer):
    from helpers import optimizers

    if isinstance(optimizer, str):
        classes = {name: getattr(optimizers, cls) for name, cls in zip(
            _OPTIMIZER_NAMES, ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"))}
        key = optimizer.lower()
        if key not in classes:
            raise ValueError(f"unknown optimizer {optimizer!r}; use one of "
                             f"{', '.join(_OPTIMIZER_NAMES)} or an optimizer object such as "
                             "SGD(learning_rate=0.1).")
        return classes[key]()
    if not callable(getattr(optimizer, "update", None)):
        raise TypeError(f"optimizer must have an update(params, grads) method (e.g. "
                        f"helpers.optimizers.SGD(learning_rate=0.1)) or be a name such as 'adam'; "
                        f"got {type(optimizer).__name__}.")
    return optimizer


class Trainer:
    """Mini-batch training of a network with an optimizer, a progress bar and a history (lesson 06).

    network:  any object with ``params`` (dict of arrays), ``gradient(x, t)`` (dict of arrays with
              the same keys), ``loss(x, t)`` and ``accuracy(x, t)``; e.g. TwoLayerNet.
    optimizer: an object with ``update(params, grads)`` (helpers.optimizers) or a name
              ('sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam': Keras defaults).
    x_train, t_train, x_test, t_test: the data (labels or one-hot targets).
    epochs:     passes over the training set.
    batch_size: samples per update (the last batch of an epoch may be smaller, as in Keras).
    seed:       seed of the shuffling: each epoch visits the training set in a new random order,
                the same order on every run with the same seed. The order of an epoch is
                ``self.rng.permutation(len(x_train))``: give ``rng`` another generator and the
                Trainer meets the batches of a loop that draws from it (lesson 06 does).
    evaluate_sample: after each epoch the accuracies are measured on at most this many training
                and test samples (fixed ones, chosen once with the seed), which keeps evaluation
                cheap on large sets; None measures them on all samples.
    verbose:    show a tqdm progress bar (False: silent).

    ``train()`` returns (and keeps in ``history``) a dict of lists:
        "loss"           mean loss of the mini-batches of each epoch (as Keras's fit reports it)
        "train_accuracy" accuracy on the training sample after each epoch
        "test_accuracy"  accuracy on the test sample after each epoch
        "batch_loss"     the loss of every mini-batch
    and ``epoch_seconds`` holds each epoch's training time (evaluation excluded).

    The batch loss is the one of the forward pass that ``gradient`` runs, before the update:
    if the network leaves it in ``network.last_loss`` (TwoLayerNet does) it costs nothing;
    otherwise the Trainer calls ``network.loss(x_batch, t_batch)`` before the update.
    Calling ``train()`` again continues training for ``epochs`` more epochs (like Keras's fit).
    """

    def __init__(self, network, optimizer, x_train, t_train, x_test, t_test, epochs=5,
                 batch_size=100, seed=0, evaluate_sample=10_000, verbose=True):
        for attr in ("params", "gradient", "loss", "accuracy"):
            if not hasattr(network, attr):
                raise TypeError(f"network has no {attr!r}: the Trainer needs params, "
                                f"gradient(x, t), loss(x, t) and accuracy(x, t) "
                                f"(like TwoLayerNet).")
        self.network = network
        self.optimizer = _make_optimizer(optimizer)
        self.x_train, self.t_train = self._data(x_train, t_train, "train")
        self.x_test, self.t_test = self._data(x_test, t_test, "test")
        self.epochs = _positive_int("epochs", epochs)
        self.batch_size = _positive_int("batch_size", batch_size)
        if evaluate_sample is not None:
            evaluate_sample = _positive_int("evaluate_sample", evaluate_sample)
        self.verbose = bool(verbose)
        # Two independent streams from one seed: the evaluation sample never shifts the shuffling.
        shuffle_seed, sample_seed = np.random.SeedSequence(seed).spawn(2)
        self.rng = np.random.default_rng(shuffle_seed)
        sample_rng = np.random.default_rng(sample_seed)
        self._train_eval = self._sample(sample_rng, len(self.x_train), evaluate_sample)
        self._test_eval = self._sample(sample_rng, len(self.x_test), evaluate_sample)
        self.history = {"loss": [], "train_accuracy": [], "test_accuracy": [], "batch_loss": []}
        self.epoch_seconds = []

    @staticmethod
    def _data(x, t, which):
        x, t = np.asarray(x), np.asarray(t)
        if x.ndim < 2 or len(x) == 0:
            raise ValueError(f"x_{which} must be a non-empty batch shaped (N, features), "
                             f"got shape {x.shape}.")
        if t.ndim not in (1, 2) or len(t) != len(x):
            raise ValueError(f"t_{which} must hold one label (or one-hot row) per sample: "
                             f"x_{which} has {len(x)} samples, t_{which} has shape {t.shape}.")
        if np.issubdtype(x.dtype, np.floating) and not np.all(np.isfinite(x)):
            raise ValueError(f"x_{which} contains NaN or infinity.")
        return x, t

    @staticmethod
    def _sample(rng, n, size):
        if size is None or size >= n:
            return slice(None)
        return np.sort(rng.choice(n, size=size, replace=False))

    def _batch_step(self, x_batch, t_batch):
        net = self.network
        if hasattr(net, "last_loss"):
            grads = net.gradient(x_batch, t_batch)
            loss = net.last_loss
        else:
            loss = net.loss(x_batch, t_batch)
            grads = net.gradient(x_batch, t_batch)
        self.optimizer.update(net.params, grads)
        return float(loss)

    def _diverged(self, epoch, error=None):
        message = (f"training diverged in epoch {epoch}: the loss or the parameters became NaN or "
                   f"infinite. Try a smaller learning rate, and check that the inputs are scaled "
                   f"(e.g. pixels / 255).")
        raise FloatingPointError(message) from error

    def _params_finite(self):
        return all(np.all(np.isfinite(p)) for p in self.network.params.values())

    def train(self):
        """Run ``epochs`` epochs; return the history (see the class docstring)."""
        from tqdm.auto import tqdm

        n = len(self.x_train)
        steps = math.ceil(n / self.batch_size)
        done = len(self.history["loss"])
        bar = tqdm(total=self.epochs * steps, disable=not self.verbose, unit="batch",
                   desc="training", leave=True)
        try:
            for epoch in range(done + 1, done + self.epochs + 1):
                order = self.rng.permutation(n)
                losses = np.empty(steps)
                started = time.perf_counter()
                for i in range(steps):
                    idx = order[i * self.batch_size:(i + 1) * self.batch_size]
                    try:
                        losses[i] = self._batch_step(self.x_train[idx], self.t_train[idx])
                    except ValueError as error:
                        # The data were checked to be finite, so NaN/inf met inside the network
                        # (e.g. scores refused by the loss layer) means the training diverged.
                        if self._params_finite() and "NaN" not in str(error):
                            raise
                        self._diverged(epoch, error)
                    if not math.isfinite(losses[i]):
                        self._diverged(epoch)
                    bar.update(1)
                self.epoch_seconds.append(time.perf_counter() - started)
                self.history["batch_loss"].extend(losses.tolist())
                self.history["loss"].append(float(losses.mean()))
                self.history["train_accuracy"].append(self.network.accuracy(
                    self.x_train[self._train_eval], self.t_train[self._train_eval]))
                self.history["test_accuracy"].append(self.network.accuracy(
                    self.x_test[self._test_eval], self.t_test[self._test_eval]))
                bar.set_postfix(epoch=epoch, loss=f"{self.history['loss'][-1]:.3f}",
                                train_acc=f"{self.history['train_accuracy'][-1]:.3f}",
                                test_acc=f"{self.history['test_accuracy'][-1]:.3f}")
        finally:
            bar.close()
        return self.history

    def plot(self, axes=None, title=""):
        """Two panels: the loss (every mini-batch, and each epoch's mean) and the accuracies."""
        import matplotlib.pyplot as plt

        h = self.history
        if not h["loss"]:
            raise RuntimeError("nothing to plot yet: call train() first.")
        if axes is None:
            _, axes = plt.subplots(1, 2, figsize=(11, 3.6))
        ax_loss, ax_acc = axes
        steps = len(h["batch_loss"]) / len(h["loss"])
        batches = np.arange(1, len(h["batch_loss"]) + 1) / steps
        ax_loss.plot(batches, h["batch_loss"], lw=0.6, alpha=0.5, label="mini-batch loss")
        epochs = np.arange(1, len(h["loss"]) + 1)
        ax_loss.plot(epochs, h["loss"], "o-", label="mean loss of the epoch")
        ax_loss.set(xlabel="epoch", ylabel="loss", title=f"{title} loss".strip())
        ax_acc.plot(epochs, h["train_accuracy"], "o-", label="train")
        ax_acc.plot(epochs, h["test_accuracy"], "s--", label="test")
        ax_acc.set(xlabel="epoch", ylabel="accuracy", title=f"{title} accuracy".strip())
        for ax in axes:
            ax.grid(alpha=0.3)
            ax.legend()
        plt.tight_layout()
        return axes


# ----------------------------------------------------------------------------------------------
# MultiLayerNet: any depth, activation, initialization, weight decay, dropout, batch norm
# (lessons 08-09)
# ----------------------------------------------------------------------------------------------

from helpers.layers import BatchNormalization, Dropout, Sigmoid, Tanh  # noqa: E402

__all__ += ["MultiLayerNet", "init_std"]

_HIDDEN_ACTIVATIONS = {"relu": Relu, "sigmoid": Sigmoid, "tanh": Tanh}
_INIT_NAMES = {"xavier": "sqrt(1 / n_in)", "he": "sqrt(2 / n_in)"}


def init_std(weight_init_std, n_in):
    """The standard deviation of a layer's initial weights (lesson 08).

    weight_init_std: a number (used as it is), ``'xavier'`` for ``sqrt(1 / n_in)`` as in Deep
    Learning from Scratch (Keras's Glorot uses ``sqrt(2 / (n_in + n_out))`` instead), or ``'he'``
    for ``sqrt(2 / n_in)`` (Keras's HeNormal). n_in is the number of inputs of the layer.
    """
    if isinstance(weight_init_std, str):
        name = weight_init_std.lower()
        if name == "xavier":
            return float(np.sqrt(1.0 / n_in))
        if name == "he":
            return float(np.sqrt(2.0 / n_in))
        book = {"relu": "he", "sigmoid": "xavier"}.get(name)
        hint = f" (Deep Learning from Scratch's {name!r} is {book!r} here)" if book else ""
        raise ValueError(f"weight_init_std must be a number, 'xavier' or 'he'; got "
                         f"{weight_init_std!r}{hint}.")
    if isinstance(weight_init_std, bool) or not isinstance(weight_init_std, Real):
        raise TypeError(f"weight_init_std must be a number, 'xavier' or 'he'; got "
                        f"{weight_init_std!r}.")
    if not np.isfinite(weight_init_std) or weight_init_std < 0:
        raise ValueError(f"weight_init_std must be a finite number >= 0 (a standard deviation), "
                         f"'xavier' or 'he'; got {weight_init_std!r}.")
    return float(weight_init_std)


class MultiLayerNet:
    """A fully connected network of any depth, built from the layers of lessons 05-09.

    Each hidden layer is ``Affine -> [BatchNormalization] -> activation -> [Dropout]``; the
    output layer is ``Affine -> SoftmaxWithLoss``. Parameters live in ``params``: ``'W1'``,
    ``'b1'``, ..., ``'W{L+1}'``, ``'b{L+1}'`` for L hidden layers, and with batch norm
    ``'gamma1'``, ``'beta1'``, ..., ``'gamma{L}'``, ``'beta{L}'``.

    input_size, output_size: numbers of inputs (784 for Fashion-MNIST) and classes.
    hidden_size_list:   units of each hidden layer, e.g. ``[100, 100, 100]`` (at least one).
    activation:         ``'relu'``, ``'sigmoid'`` or ``'tanh'`` (lesson 08).
    weight_init_std:    a number, ``'xavier'`` (std sqrt(1/n_in), as the reference book) or
                        ``'he'`` (std sqrt(2/n_in)); see :func:`init_std`. Default ``'he'``,
                        the right partner of ReLU. Biases start at 0, gamma at 1, beta at 0.
    weight_decay_lambda: lambda of the L2 penalty ``0.5 * lambda * sum(W**2)`` over every weight
                        matrix (not biases, gamma or beta), as in the reference book (lesson 09).
                        Keras's ``regularizers.l2(l)`` adds ``l * sum(W**2)``: the same penalty
                        with ``l = lambda / 2``.
    use_dropout, dropout_ratio: a :class:`helpers.layers.Dropout` with ``rate=dropout_ratio``
                        after each hidden activation (the book's ``dropout_ration``).
    dropout_inverted:   True (default): Keras's inverted dropout; False: the reference book's
                        (scaled by ``1 - dropout_ratio`` at inference instead of in training).
    use_batchnorm:      a :class:`helpers.layers.BatchNormalization` between each hidden Affine
                        and its activation. ``batchnorm_momentum``, ``batchnorm_epsilon`` and
                        ``batchnorm_moving_variance_initializer`` are its settings, Keras's by
                        default (0.99, 1e-3, ``"ones"``); the reference book uses 0.9, 1e-6 and
                        ``"zeros"``.
    seed:               seeds the initial weights and the dropout masks (``np.random.seed``
                        has no effect here: each network has its own generator).
    dtype:              float64 (default; gradient checks need it) or float32 (faster).

    To get the results of the reference book's ``MultiLayerNetExtend(..., use_dropout=True,
    dropout_ration=0.2, use_batchnorm=True)`` exactly, use::

        MultiLayerNet(..., use_dropout=True, dropout_ratio=0.2, dropout_inverted=False,
                      use_batchnorm=True, batchnorm_momentum=0.9, batchnorm_epsilon=1e-6,
                      batchnorm_moving_variance_initializer="zeros")

    plus the book's initial weights and random numbers (see
    ``docs/coming_from_deep_learning_from_scratch.md``).

    ``predict(x, train_flg=False)``, ``loss(x, t, train_flg=False)`` and ``accuracy(x, t)`` run
    in inference mode unless asked; ``gradient(x, t)`` runs a training forward (dropout on,
    batch statistics) and backpropagates. t may be one-hot or integer labels.
    """

    def __init__(self, input_size, hidden_size_list, output_size, activation="relu",
                 weight_init_std="he", weight_decay_lambda=0, use_dropout=False,
                 dropout_ratio=0.5, use_batchnorm=False, batchnorm_momentum=0.99,
                 batchnorm_epsilon=1e-3, seed=0, dtype=np.float64, dropout_inverted=True,
                 batchnorm_moving_variance_initializer="ones", **unknown):
        if unknown:
            name = next(iter(unknown))
            renamed = {"dropout_ration": "dropout_ratio", "use_batchNorm": "use_batchnorm"}
            hint = (f" (Deep Learning from Scratch's spelling); use {renamed[name]}= instead"
                    if name in renamed else "")
            raise TypeError(f"MultiLayerNet got an unexpected keyword argument {name!r}{hint}.")
        self.input_size = _positive_int("input_size", input_size)
        self.output_size = _positive_int("output_size", output_size)
        if isinstance(hidden_size_list, Integral):
            raise TypeError(f"hidden_size_list must be a list of layer sizes, e.g. "
                            f"[{hidden_size_list}], got the number {hidden_size_list!r}.")
        hidden = list(hidden_size_list)
        if not hidden:
            raise ValueError("hidden_size_list is empty: give at least one hidden layer size, "
                             "e.g. [100].")
        self.hidden_size_list = [_positive_int(f"hidden_size_list[{i}]", n)
                                 for i, n in enumerate(hidden)]
        if activation not in _HIDDEN_ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; expected one of "
                             f"{', '.join(map(repr, _HIDDEN_ACTIVATIONS))}.")
        self.activation = activation
        if (isinstance(weight_decay_lambda, bool) or not isinstance(weight_decay_lambda, Real)
                or not np.isfinite(weight_decay_lambda) or weight_decay_lambda < 0):
            raise ValueError(f"weight_decay_lambda must be a finite number >= 0 (0 switches weight "
                             f"decay off), got {weight_decay_lambda!r}.")
        self.weight_decay_lambda = float(weight_decay_lambda)
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}.")
        self.weight_init_std = weight_init_std
        self.use_dropout, self.use_batchnorm = bool(use_dropout), bool(use_batchnorm)
        self.dropout_ratio = dropout_ratio
        rng = np.random.default_rng(seed)

        sizes = [self.input_size, *self.hidden_size_list, self.output_size]
        self.hidden_layer_num = len(self.hidden_size_list)
        self.params = {}
        for i in range(1, len(sizes)):
            std = init_std(weight_init_std, sizes[i - 1])
            self.params[f"W{i}"] = (std * rng.standard_normal((sizes[i - 1], sizes[i]))
                                    ).astype(self.dtype)
            self.params[f"b{i}"] = np.zeros(sizes[i], dtype=self.dtype)
        if self.use_batchnorm:
            for i in range(1, self.hidden_layer_num + 1):
                self.params[f"gamma{i}"] = np.ones(sizes[i], dtype=self.dtype)
                self.params[f"beta{i}"] = np.zeros(sizes[i], dtype=self.dtype)

        # The layers, in order. Their parameters are re-read from self.params before each pass
        # (see _sync_layers), so replacing an array in params never leaves a layer behind.
        self.layers = {}
        for i in range(1, self.hidden_layer_num + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if self.use_batchnorm:
                self.layers[f"BatchNorm{i}"] = BatchNormalization(
                    self.params[f"gamma{i}"], self.params[f"beta{i}"],
                    momentum=batchnorm_momentum, epsilon=batchnorm_epsilon,
                    moving_variance_initializer=batchnorm_moving_variance_initializer)
            self.layers[f"Activation{i}"] = _HIDDEN_ACTIVATIONS[activation]()
            if self.use_dropout:
                self.layers[f"Dropout{i}"] = Dropout(dropout_ratio,
                                                     seed=int(rng.integers(2 ** 32)),
                                                     inverted=dropout_inverted)
        last = self.hidden_layer_num + 1
        self.layers[f"Affine{last}"] = Affine(self.params[f"W{last}"], self.params[f"b{last}"])
        self.last_layer = SoftmaxWithLoss()
        self.last_loss = None

    def __repr__(self):
        sizes = "-".join(map(str, [self.input_size, *self.hidden_size_list, self.output_size]))
        extras = [self.activation, f"init {self.weight_init_std!r}"]
        if self.weight_decay_lambda:
            extras.append(f"weight decay {self.weight_decay_lambda:g}")
        if self.use_dropout:
            extras.append(f"dropout {self.dropout_ratio:g}")
        if self.use_batchnorm:
            extras.append("batch norm")
        n = sum(p.size for p in self.params.values())
        return f"MultiLayerNet({sizes}, {', '.join(extras)}, {self.dtype.name}, {n:,} parameters)"

    # -- forward ---------------------------------------------------------------------------
    def _sync_layers(self):
        for i in range(1, self.hidden_layer_num + 2):
            layer = self.layers[f"Affine{i}"]
            layer.W, layer.b = self.params[f"W{i}"], self.params[f"b{i}"]
            if self.use_batchnorm and i <= self.hidden_layer_num:
                bn = self.layers[f"BatchNorm{i}"]
                bn.gamma, bn.beta = self.params[f"gamma{i}"], self.params[f"beta{i}"]

    def predict(self, x, train_flg=False):
        """The scores (logits, before softmax) of a batch x.

        train_flg=False (inference): dropout keeps every unit, batch norm uses its moving
        statistics. train_flg=True: dropout drops units, batch norm uses the batch's statistics
        and updates its moving ones.
        """
        x = _check_batch(x, self.input_size, self.dtype)
        self._sync_layers()
        for layer in self.layers.values():
            if isinstance(layer, (BatchNormalization, Dropout)):
                x = layer.forward(x, train_flg)
            else:
                x = layer.forward(x)
        return x

    def weight_decay(self):
        """The L2 penalty ``0.5 * lambda * sum of W**2`` over all weight matrices (lesson 09)."""
        if self.weight_decay_lambda == 0:
            return 0.0
        total = sum(float(np.sum(self.params[f"W{i}"].astype(np.float64) ** 2))
                    for i in range(1, self.hidden_layer_num + 2))
        return 0.5 * self.weight_decay_lambda * total

    def loss(self, x, t, train_flg=False):
        """Mean cross-entropy of the batch plus the weight-decay penalty (inference mode unless
        train_flg=True)."""
        scores = self.predict(x, train_flg)
        _check_targets(t, scores.shape[0], self.output_size)
        return self.last_layer.forward(scores, t) + self.weight_decay()

    def accuracy(self, x, t, batch_size=10_000):
        """Fraction of samples whose highest score is the right class (inference mode; computed
        in chunks of batch_size samples)."""
        x = _check_batch(x, self.input_size, self.dtype)
        labels = _check_targets(t, x.shape[0], self.output_size)
        correct = 0
        for start in range(0, x.shape[0], batch_size):
            scores = self.predict(x[start:start + batch_size], train_flg=False)
            correct += int(np.sum(scores.argmax(axis=1) == labels[start:start + batch_size]))
        return correct / x.shape[0]

    # -- gradients -------------------------------------------------------------------------
    def gradient(self, x, t):
        """Gradients of loss(x, t, train_flg=True) for every parameter, by backpropagation.

        A dict with the keys of ``params``. Weight decay adds ``lambda * W`` to each ``dW`` (the
        derivative of ``0.5 * lambda * W**2``). ``last_loss`` keeps the loss of this forward pass
        (the Trainer reads it instead of computing the loss again).
        """
        self.last_loss = self.loss(x, t, train_flg=True)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for i in range(1, self.hidden_layer_num + 2):
            affine = self.layers[f"Affine{i}"]
            grads[f"W{i}"] = affine.dW + self.weight_decay_lambda * self.params[f"W{i}"]
            grads[f"b{i}"] = affine.db
            if self.use_batchnorm and i <= self.hidden_layer_num:
                grads[f"gamma{i}"] = self.layers[f"BatchNorm{i}"].dgamma
                grads[f"beta{i}"] = self.layers[f"BatchNorm{i}"].dbeta
        return {key: grads[key] for key in self.params}  # the order of params

    def numerical_gradient(self, x, t, h=1e-4):
        """Gradients of loss(x, t, train_flg=True) by central differences (slow; for checks).

        The network is left exactly as it was: batch-norm moving statistics are restored, and
        every loss evaluation starts from the same dropout random state, so all of them use the
        same masks -- the masks that a following ``gradient(x, t)`` call will draw too.
        """
        bns = [l for l in self.layers.values() if isinstance(l, BatchNormalization)]
        drops = [l for l in self.layers.values() if isinstance(l, Dropout)]
        moving = [(l.moving_mean.copy(), l.moving_variance.copy()) for l in bns]
        states = [l.rng.bit_generator.state for l in drops]

        def restore():
            for layer, (mean, var) in zip(bns, moving):
                layer.moving_mean, layer.moving_variance = mean.copy(), var.copy()
            for layer, state in zip(drops, states):
                layer.rng.bit_generator.state = state

        def loss():
            restore()
            return self.loss(x, t, train_flg=True)

        try:
            return numerical_gradient_params(loss, self.params, h)
        finally:
            restore()
