"""Layers with a forward and a backward pass (introduced in lesson 05; more in lessons 07-08).

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
# Shared checks (also used by the layers of lessons 07-08 at the end of this file)
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
    """Add node ``out = x + y``: the gradient passes through unchanged to both inputs (lesson 05)."""

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
        return np.where(self.mask, 0, x).astype(x.dtype, copy=False)

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
        log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.t = t
        self.y = np.exp(log_y)
        if t.ndim == 2:
            self.loss = float(-np.sum(t * log_y) / n)
        else:
            self.loss = float(-np.sum(log_y[np.arange(n), t]) / n)
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
        return dx * (dout / n)
