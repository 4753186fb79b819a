"""Layers with a forward and a backward pass (introduced in lesson 05; more in lessons 08-09).

Every layer follows one protocol:

* ``out = layer.forward(...)`` computes the output and remembers what the backward pass needs;
* ``dx = layer.backward(dout)`` takes the gradient of the loss with respect to ``out`` and returns
  the gradient with respect to the input(s). Parameter gradients are stored on the layer
  (``Affine.dW``, ``Affine.db``).

``backward`` never modifies ``dout`` (the same array may feed other layers), never modifies
the inputs, and raises a clear error when it is called before ``forward`` or with a gradient
whose shape differs from the forward output. Batches are on axis 0.
"""

import numpy as np

# ----------------------------------------------------------------------------------------------
# Shared checks (also used by the layers of lessons 08-09 at the end of this file)
# ----------------------------------------------------------------------------------------------

def _require_forward(layer, cached):
    """Raise if ``backward`` is called before ``forward`` (``cached`` is what forward stores)."""
    if cached is None:
        name = type(layer).__name__
        raise RuntimeError(f"{name}.backward() was called before {name}.forward(): run the "
                           f"forward pass first, it stores what the backward pass needs.")


def _check_dout(layer, dout, expected_shape):
    """``dout`` must have the shape of the forward output; return it as an array (no copy)."""
    shape = np.shape(dout)
    if shape != tuple(expected_shape):
        raise ValueError(f"{type(layer).__name__}.backward(): dout has shape {shape}, expected "
                         f"{tuple(expected_shape)} (the shape of the forward output).")
    return dout


def _unbroadcast(grad, shape):
    """Sum ``grad`` over the axes NumPy broadcast, so it gets the input's ``shape`` back."""
    if np.shape(grad) == tuple(shape):
        return grad
    grad = np.asarray(grad)
    extra = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad.reshape(shape)


# ----------------------------------------------------------------------------------------------
# The two nodes of the shopping example (lesson 05)
# ----------------------------------------------------------------------------------------------

class MulLayer:
    """Multiply node ``out = x * y``: the gradient of each input is dout times the *other* input.

    Works on numbers and on arrays (NumPy broadcasting; the gradients are summed back to each
    input's shape). Lesson 05: apple price x count, then x tax.
    """

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        out = x * y
        self.out_shape = np.shape(out)
        return out

    def backward(self, dout):
        _require_forward(self, self.x)
        _check_dout(self, dout, self.out_shape)
        dx = _unbroadcast(dout * self.y, np.shape(self.x))  # swap: d(xy)/dx = y
        dy = _unbroadcast(dout * self.x, np.shape(self.y))
        return dx, dy


class AddLayer:
    """Add node ``out = x + y``: the gradient passes unchanged to both inputs (lesson 05)."""

    def __init__(self):
        self.x_shape = None
        self.y_shape = None

    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)
        out = x + y
        self.out_shape = np.shape(out)
        return out

    def backward(self, dout):
        _require_forward(self, self.x_shape)
        _check_dout(self, dout, self.out_shape)
        # dout * 1 makes new objects: dx and dy are never the caller's dout (or each other).
        dx = _unbroadcast(dout * 1, self.x_shape)
        dy = _unbroadcast(dout * 1, self.y_shape)
        return dx, dy


# ----------------------------------------------------------------------------------------------
# Activation layers (lesson 05)
# ----------------------------------------------------------------------------------------------

class Relu:
    """ReLU layer: ``out = max(0, x)``; the gradient flows where x > 0 and is 0 elsewhere.

    At x = 0 exactly the gradient is taken as 0 (as TensorFlow does).
    """

    def __init__(self):
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.maximum(x, 0)  # a new array of x's dtype; x is left as it was

    def backward(self, dout):
        _require_forward(self, self.mask)
        _check_dout(self, dout, self.mask.shape)
        # np.where builds a new array: the caller's dout is left as it was.
        return np.where(self.mask, 0, dout).astype(np.result_type(dout), copy=False)


class Sigmoid:
    """Sigmoid layer: ``out = 1 / (1 + exp(-x))``, backward ``dx = dout * out * (1 - out)``."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        # exp(-logaddexp(0, -x)) = 1 / (1 + exp(-x)) without overflow warnings for large |x|.
        self.out = np.exp(-np.logaddexp(0, -x))
        return self.out

    def backward(self, dout):
        _require_forward(self, self.out)
        _check_dout(self, dout, self.out.shape)
        return dout * (1.0 - self.out) * self.out


# ----------------------------------------------------------------------------------------------
# Affine (fully connected) layer (lesson 05)
# ----------------------------------------------------------------------------------------------

class Affine:
    """Fully connected layer ``out = x @ W + b`` (also called Dense).

    ``W`` has shape (inputs, outputs) and ``b`` shape (outputs,). The layer keeps *references*
    to W and b, so an optimizer that updates ``params["W1"]`` in place updates the layer too.
    ``x`` may have any shape (N, ...): it is flattened to (N, -1) (images become rows) and
    ``backward`` returns dx in the original shape. After ``backward``, ``dW`` and ``db``
    hold the parameter gradients.
    """

    def __init__(self, W, b):
        W, b = np.asarray(W), np.asarray(b)
        if W.ndim != 2:
            raise ValueError(f"Affine: W must be 2-D (inputs, outputs), got shape {W.shape}.")
        if b.shape != (W.shape[1],):
            raise ValueError(f"Affine: b must have shape ({W.shape[1]},) to match W of shape "
                             f"{W.shape}, got {b.shape}.")
        self.W, self.b = W, b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        if x.ndim < 2:
            raise ValueError(f"Affine.forward: x must be a batch shaped (N, ...), got shape "
                             f"{x.shape}; for a single sample use x[None].")
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        if x.shape[1] != self.W.shape[0]:
            raise ValueError(f"Affine.forward: each sample has {x.shape[1]} values but W has "
                             f"shape {self.W.shape}, so {self.W.shape[0]} were expected.")
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        _require_forward(self, self.x)
        _check_dout(self, dout, (self.x.shape[0], self.W.shape[1]))
        dx = dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dx.reshape(self.original_x_shape)


# ----------------------------------------------------------------------------------------------
# Output layer and loss in one (lesson 05)
# ----------------------------------------------------------------------------------------------

class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy error, as one layer.

    ``forward(x, t)`` takes scores ``x`` of shape (N, classes) and labels ``t`` either one-hot
    (N, classes) or integer class numbers (N,), and returns the mean loss over the batch.
    ``backward(dout=1)`` returns ``dout * (y - t) / N``: the two layers together have this
    strikingly simple gradient, the reason they are fused.

    The loss is computed from the log-softmax, ``log y = x - max(x) - log(sum(exp(x - max(x))))``,
    exactly and without overflow (as Keras does with ``from_logits=True``), so ``backward`` returns
    the exact gradient of what ``forward`` returned. ``cross_entropy_error(softmax(x), t)`` of
    lesson 04 adds 1e-7 inside the log and differs from it by about 1e-7 / y.
    """

    def __init__(self):
        self.loss = None
        self.y = None  # softmax output
        self.t = None  # labels: one-hot as given, or integer class numbers

    def forward(self, x, t):
        x, t = np.asarray(x), np.asarray(t)
        if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
            raise ValueError(f"SoftmaxWithLoss.forward: x must have shape (N, classes) with N, "
                             f"classes >= 1, got {x.shape}.")
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        if not np.all(np.isfinite(x)):
            raise ValueError("SoftmaxWithLoss.forward: x contains NaN or infinity; expected "
                             "finite scores.")
        n, classes = x.shape
        if t.shape == x.shape:  # one-hot (or soft) targets
            if not np.allclose(t.sum(axis=1), 1.0, atol=1e-6) or (t < 0).any():
                raise ValueError("SoftmaxWithLoss.forward: t has the shape of x, so it is read as "
                                 "one-hot targets, but its rows must be >= 0 and sum to 1; for "
                                 f"class labels pass shape ({n},).")
        elif t.shape == (n,):
            if not (np.issubdtype(t.dtype, np.integer)
                    or (np.issubdtype(t.dtype, np.floating) and np.all(t == np.round(t)))):
                raise ValueError(f"SoftmaxWithLoss.forward: labels of shape (N,) must be whole "
                                 f"class numbers, got dtype {t.dtype} with fractions.")
            if t.min() < 0 or t.max() >= classes:
                raise ValueError(f"SoftmaxWithLoss.forward: labels must lie in 0..{classes - 1}, "
                                 f"got values from {t.min():g} to {t.max():g}.")
            t = t.astype(np.intp, copy=False)
        else:
            raise ValueError(f"SoftmaxWithLoss.forward: t must be one-hot with shape {x.shape} "
                             f"or integer labels with shape ({n},), got shape {t.shape}.")
        shifted = x - x.max(axis=1, keepdims=True)
        y = np.exp(shifted)
        total = y.sum(axis=1, keepdims=True)
        y /= total
        self.t, self.y = t, y
        # log y = shifted - log(total), exactly; the loss is the mean of -log y at the targets.
        if t.ndim == 2:
            self.loss = float(-np.sum(t * (shifted - np.log(total))) / n)
        else:
            self.loss = float((np.log(total).sum() - shifted[np.arange(n), t].sum()) / n)
        return self.loss

    def backward(self, dout=1):
        _require_forward(self, self.y)
        _check_dout(self, dout, ())
        n = self.y.shape[0]
        if self.t.ndim == 2:
            dx = self.y - self.t.astype(self.y.dtype, copy=False)
        else:
            dx = self.y.copy()
            dx[np.arange(n), self.t] -= 1
        # Divide by N (rather than multiply by 1/N): the reference book's rounding, so that its
        # results are reproduced to the last bit.
        dx /= n
        return dx if np.all(dout == 1) else dx * dout


# ----------------------------------------------------------------------------------------------
# Layers of lessons 08-09: Tanh, BatchNormalization, Dropout
# BatchNormalization and Dropout take ``train_flg`` in forward: they behave differently while
# training (True, the default) and at inference (False).
# ----------------------------------------------------------------------------------------------

def _float_input(x, name):
    """``x`` as a floating-point array (integers become float64); a clear error otherwise."""
    arr = np.asarray(x)
    if np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_:
        return arr.astype(np.float64)
    if not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}.")
    return arr


def _reject_book_names(layer, unknown, renamed):
    """Raise a TypeError for unexpected keyword arguments, naming the new name of an old one
    (``renamed``: the reference book's name -> the name here)."""
    if not unknown:
        return
    name = next(iter(unknown))
    cls = type(layer).__name__
    if name in renamed:
        raise TypeError(f"{cls} has no argument {name!r} (Deep Learning from Scratch's name): use "
                        f"{renamed[name]}.")
    raise TypeError(f"{cls} got an unexpected keyword argument {name!r}.")


def _start_value(initializer, name, like, allow_negative=False):
    """The start array of a moving statistic: "zeros", "ones" or a number, shaped like ``like``."""
    if isinstance(initializer, str):
        values = {"zeros": 0.0, "ones": 1.0}
        if initializer not in values:
            raise ValueError(f"BatchNormalization: {name} must be 'zeros', 'ones' or a number, "
                             f"got {initializer!r}.")
        value = values[initializer]
    elif (isinstance(initializer, (bool, np.bool_))
          or not isinstance(initializer, (int, float, np.integer, np.floating))
          or not np.isfinite(initializer) or (initializer < 0 and not allow_negative)):
        limit = "a finite number" if allow_negative else "a finite number >= 0 (a variance)"
        raise ValueError(f"BatchNormalization: {name} must be 'zeros', 'ones' or {limit}, got "
                         f"{initializer!r}.")
    else:
        value = float(initializer)
    return np.full_like(like, value)


class Tanh:
    """Tanh layer: ``out = tanh(x)``, backward ``dx = dout * (1 - out**2)`` (lesson 08)."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(_float_input(x, "Tanh's input x"))
        return self.out

    def backward(self, dout):
        _require_forward(self, self.out)
        _check_dout(self, dout, self.out.shape)
        return dout * (1.0 - self.out ** 2)


class BatchNormalization:
    """Batch normalization (배치 정규화) with Keras's defaults (lesson 08).

    Training (``train_flg=True``): each feature (the last axis) is normalized with the mean and
    the *biased* variance (divide by N) of the batch, then scaled and shifted::

        xn  = (x - mu) / sqrt(var + epsilon)
        out = gamma * xn + beta

    and the moving statistics used at inference are updated exactly as Keras updates them::

        moving_mean     = moving_mean     * momentum + mu  * (1 - momentum)
        moving_variance = moving_variance * momentum + var * (1 - momentum)

    Inference (``train_flg=False``): the moving statistics replace the batch's, so the output of
    a sample no longer depends on the other samples in its batch.

    Defaults are those of ``keras.layers.BatchNormalization``: momentum 0.99, epsilon 1e-3, the
    moving mean starting at 0 and the moving variance at 1 (``moving_mean_initializer="zeros"``,
    ``moving_variance_initializer="ones"``, Keras's names; each also takes a number, the start
    value of every feature). With 0.99 the moving statistics need a few hundred training steps
    to forget their start: until then inference uses statistics that are mostly the start values.

    Deep Learning from Scratch (its ``BatchNormalization``, ``running_mean``/``running_var``)
    uses momentum 0.9, epsilon 1e-6 (written ``10e-7``) and starts *both* running statistics at
    0. To follow it exactly pass ``momentum=0.9, epsilon=1e-6,
    moving_variance_initializer="zeros"``; with momentum 0.9 the start still shows at inference
    for about the first hundred training steps.

    ``gamma`` and ``beta`` are 1-D arrays, one entry per feature. The layer keeps references to
    them, so an optimizer that updates a network's ``params`` in place updates the layer too.
    After ``backward``, ``dgamma`` and ``dbeta`` hold their gradients. A training batch needs at
    least 2 samples: with one, every feature equals its mean and the output is just ``beta``.
    """

    def __init__(self, gamma, beta, momentum=0.99, epsilon=1e-3, moving_mean_initializer="zeros",
                 moving_variance_initializer="ones", **unknown):
        _reject_book_names(self, unknown, {
            "running_mean": "moving_mean_initializer (the start value; the running mean itself "
                            "is the attribute moving_mean)",
            "running_var": "moving_variance_initializer (the start value, e.g. \"zeros\" as in "
                           "the book; the running variance itself is the attribute "
                           "moving_variance)",
            "eps": "epsilon"})
        gamma = _float_input(gamma, "gamma")
        beta = _float_input(beta, "beta")
        if gamma.ndim != 1 or beta.shape != gamma.shape:
            raise ValueError(f"BatchNormalization: gamma and beta must be 1-D arrays of the same "
                             f"length (one entry per feature), got shapes {gamma.shape} and "
                             f"{beta.shape}.")
        if isinstance(momentum, bool) or not np.isfinite(momentum) or not 0 <= momentum <= 1:
            raise ValueError(f"BatchNormalization: momentum must be a number in [0, 1] (Keras's "
                             f"default is 0.99), got {momentum!r}.")
        if isinstance(epsilon, bool) or not np.isfinite(epsilon) or not epsilon > 0:
            raise ValueError(f"BatchNormalization: epsilon must be a positive number (Keras's "
                             f"default is 1e-3), got {epsilon!r}.")
        self.gamma, self.beta = gamma, beta
        self.momentum, self.epsilon = float(momentum), float(epsilon)
        self.moving_mean = _start_value(moving_mean_initializer, "moving_mean_initializer", gamma,
                                        allow_negative=True)
        self.moving_variance = _start_value(moving_variance_initializer,
                                            "moving_variance_initializer", gamma)
        self.dgamma = None
        self.dbeta = None
        self._cache = None  # what backward needs, stored by forward

    def forward(self, x, train_flg=True):
        x = _float_input(x, "BatchNormalization.forward: x")
        d = self.gamma.shape[0]
        if x.ndim < 2 or x.shape[-1] != d:
            raise ValueError(f"BatchNormalization.forward: x must have shape (N, ..., {d}) "
                             f"(features on the last axis, as in Keras), got {x.shape}.")
        x2 = x.reshape(-1, d)  # every axis but the last counts as a sample axis
        if train_flg:
            if x2.shape[0] < 2:
                raise ValueError(
                    "BatchNormalization.forward: training mode needs a batch of at least 2 "
                    "samples; with 1 sample every feature equals its mean, the variance is 0 and "
                    "the output is just beta. Use a larger batch, or train_flg=False to "
                    "normalize with the moving statistics.")
            mu = x2.mean(axis=0)
            xc = x2 - mu
            var = np.mean(xc ** 2, axis=0)  # biased, as Keras (tf.nn.moments) computes it
            m = self.momentum
            self.moving_mean = self.moving_mean * m + mu * (1 - m)
            self.moving_variance = self.moving_variance * m + var * (1 - m)
        else:
            xc = x2 - self.moving_mean
            var = self.moving_variance
        std = np.sqrt(var + self.epsilon)
        xn = xc / std
        self._cache = (bool(train_flg), x.shape, xc, xn, std)
        return (self.gamma * xn + self.beta).reshape(x.shape)

    def backward(self, dout):
        _require_forward(self, self._cache)
        train, shape, xc, xn, std = self._cache
        _check_dout(self, dout, shape)
        dout = np.asarray(dout).reshape(xn.shape)
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(xn * dout, axis=0)
        dxn = self.gamma * dout
        if not train:  # the moving statistics are constants here: a plain scaling
            return (dxn / std).reshape(shape)
        # Back through the graph: xc = x - mu, var = mean(xc**2), std = sqrt(var + eps),
        # xn = xc / std. Each line is one node's local gradient, as in lesson 05.
        n = xn.shape[0]
        dxc = dxn / std
        dstd = -np.sum(dxn * xc / std ** 2, axis=0)
        dvar = 0.5 * dstd / std
        dxc = dxc + (2.0 / n) * xc * dvar
        dmu = np.sum(dxc, axis=0)
        dx = dxc - dmu / n
        return dx.reshape(shape)


class Dropout:
    """Inverted dropout (드롭아웃), as ``keras.layers.Dropout`` (lesson 09).

    Training (``train_flg=True``): each unit is dropped (set to 0) with probability ``rate``,
    and the kept units are scaled by ``1 / (1 - rate)``, so every unit keeps its expected value.
    ``backward`` lets the gradient through the same kept units, with the same scale.
    Inference (``train_flg=False``): the identity, nothing to rescale.

    ``inverted=False`` is Deep Learning from Scratch's dropout (its ``dropout_ratio`` is ``rate``
    here): no scaling in training, and a multiplication by ``1 - rate`` at inference instead.
    The expected values are the same, but the two do not train alike: in training, inverted
    dropout passes on activations (and, backward, gradients) ``1 / (1 - rate)`` times larger,
    so the same network with the same learning rate takes other steps. Keras's way leaves
    inference untouched.

    ``seed`` makes the masks reproducible; every training forward draws a new mask from
    ``self.rng`` (any object with a ``random(shape)`` method giving uniform numbers in [0, 1)).
    After a training forward, ``mask`` is True where a unit was kept.
    """

    def __init__(self, rate=0.5, seed=None, inverted=True, **unknown):
        _reject_book_names(self, unknown, {"dropout_ratio": "rate (the fraction of units "
                                                            "dropped, as in Keras)"})
        if isinstance(rate, bool) or not isinstance(rate, (int, float, np.integer, np.floating)):
            raise TypeError(f"Dropout: rate must be a number in [0, 1), got {rate!r}.")
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"Dropout: rate is the fraction of units to drop and must lie in "
                             f"[0, 1), got {rate!r} (rate 1 would drop every unit).")
        if not isinstance(inverted, (bool, np.bool_)):
            raise TypeError(f"Dropout: inverted must be True (Keras's inverted dropout) or False "
                            f"(the reference book's: scale at inference), got {inverted!r}.")
        self.rate = float(rate)
        self.inverted = bool(inverted)
        self.rng = np.random.default_rng(seed)
        self.mask = None
        self._cache = None

    def _scale(self, train):
        """What the kept units are multiplied by (a Python float keeps x's dtype)."""
        if self.inverted:
            return 1.0 / (1.0 - self.rate) if train else 1.0
        return 1.0 if train else 1.0 - self.rate

    def forward(self, x, train_flg=True):
        x = _float_input(x, "Dropout.forward: x")
        self._cache = (bool(train_flg), x.shape)
        if not train_flg:
            self.mask = None
            return x * self._scale(False)  # a new array: x itself is never returned
        self.mask = self.rng.random(x.shape) >= self.rate
        return x * self.mask * self._scale(True)

    def backward(self, dout):
        _require_forward(self, self._cache)
        train, shape = self._cache
        _check_dout(self, dout, shape)
        dout = np.asarray(dout)
        if not train:
            return dout * self._scale(False)
        return dout * self.mask * self._scale(True)
