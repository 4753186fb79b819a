"""Activation functions, their derivatives and the basic losses, in NumPy.

Introduced in lesson 02 (activations and derivatives), used by lesson 03 (the forward pass)
and lesson 04 (losses). Written to match Keras: the tests compare every function with
``keras.activations`` / ``keras.losses`` and every derivative with ``tf.GradientTape``.

Conventions shared by every function here
-----------------------------------------
* Inputs are never mutated; every result is a new array.
* dtype: a float32 (or other floating) input keeps its dtype; integers, booleans, Python
  numbers and lists become float64. A 0-d input gives a NumPy scalar.
* Activations and derivatives work element by element on any shape; NaN stays NaN in its own
  place, as in NumPy. ``softmax`` and the losses *combine* values, so one NaN would silently
  poison the whole result: there a NaN (or +inf) raises ``ValueError``.
* Losses return a Python ``float`` (``mean_squared_error`` with ``reduction=None`` returns one
  value per sample, as Keras does).
* Bad input raises an error that names what was wrong and what was expected.

This module imports only NumPy (never TensorFlow).
"""

import numbers

import numpy as np

__all__ = [
    "step_function", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softmax",
    "identity_function",
    "sigmoid_grad", "tanh_grad", "relu_grad", "leaky_relu_grad", "elu_grad", "selu_grad",
    "sum_squared_error", "mean_squared_error", "cross_entropy_error",
    "CROSS_ENTROPY_DELTA", "SELU_ALPHA", "SELU_SCALE", "ACTIVATIONS", "get_activation",
]

# Constants of SELU (Klambauer et al., 2017), the same as Keras / TensorFlow use.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

# Added inside the log of the cross-entropy so that log(0) = -inf never happens
# (the value used in "Deep Learning from Scratch"; Keras clips to [1e-7, 1 - 1e-7] instead).
CROSS_ENTROPY_DELTA = 1e-7


# ----------------------------------------------------------------------------- input checks
def _as_float(x, name="x"):
    """A new floating array from x (float input keeps its dtype, anything numeric -> float64)."""
    arr = np.asarray(x)
    if arr.dtype.kind == "f":
        return np.array(arr, copy=True)
    if arr.dtype.kind in "biu":
        return arr.astype(np.float64)
    raise TypeError(f"{name} must hold real numbers (a number, list or NumPy array); "
                    f"got dtype {arr.dtype} from {type(x).__name__}.")


def _scalar_or_array(out):
    return out[()] if out.ndim == 0 else out


def _check_parameter(value, name, minimum=None):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite real number, got {value!r}.")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}.")
    return float(value)


def _check_no_nan(arr, name):
    if np.isnan(arr).any():
        where = tuple(int(i) for i in np.argwhere(np.isnan(arr))[0])
        raise ValueError(f"{name} contains NaN (first at index {where}); expected only real "
                         "numbers. A NaN here would silently make the whole result NaN.")


def _check_finite(arr, name):
    _check_no_nan(arr, name)
    if np.isinf(arr).any():
        where = tuple(int(i) for i in np.argwhere(np.isinf(arr))[0])
        raise ValueError(f"{name} contains infinity (first at index {where}); expected finite "
                         "numbers.")


def _check_same_shape(y, t):
    if y.shape != t.shape:
        raise ValueError(f"predictions y have shape {y.shape} but targets t have shape {t.shape}; "
                         "they must have the same shape (no broadcasting).")


# ----------------------------------------------------------------------------- activations
def step_function(x):
    """Step function (계단 함수): 1 where x > 0, else 0 (so step(0) = 0). Lesson 02.

    The perceptron's activation (lesson 01). Returned as floats (0.0 / 1.0) like the others.
    """
    x = _as_float(x)
    return _scalar_or_array(np.where(np.isnan(x), np.nan, x > 0).astype(x.dtype))


def sigmoid(x):
    """Sigmoid (시그모이드) 1 / (1 + exp(-x)), squashing any number into (0, 1). Lesson 02.

    Numerically stable: exp is only ever taken of -|x| <= 0, so it cannot overflow and no
    warning is raised, even for x = -1000 (the naive formula overflows in exp(1000)).
    """
    x = _as_float(x)
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    out = np.where(np.isnan(x), np.nan, out)
    return _scalar_or_array(out.astype(x.dtype, copy=False))


def tanh(x):
    """Hyperbolic tangent (쌍곡탄젠트): (e^x - e^-x) / (e^x + e^-x), in (-1, 1). Lesson 02."""
    x = _as_float(x)
    return _scalar_or_array(np.tanh(x))


def relu(x):
    """ReLU (Rectified Linear Unit): max(0, x). Lesson 02."""
    x = _as_float(x)
    return _scalar_or_array(np.maximum(x, 0))


def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: x where x >= 0, negative_slope * x where x < 0. Lesson 02.

    The default 0.2 is that of ``keras.activations.leaky_relu``. Careful: the *layer*
    ``keras.layers.LeakyReLU`` defaults to ``negative_slope=0.3`` (Keras 2 called it ``alpha``).
    """
    slope = _check_parameter(negative_slope, "negative_slope", minimum=0)
    x = _as_float(x)
    return _scalar_or_array(np.where(x >= 0, x, slope * x).astype(x.dtype, copy=False))


def elu(x, alpha=1.0):
    """ELU (Exponential Linear Unit): x where x > 0, alpha * (exp(x) - 1) where x <= 0. Lesson 02.

    Smooth near 0 and saturating at -alpha for very negative x. Same default as
    ``keras.activations.elu``.
    """
    alpha = _check_parameter(alpha, "alpha")
    x = _as_float(x)
    # expm1 only of min(x, 0): exp of a large positive x would overflow (and is not used).
    negative = alpha * np.expm1(np.minimum(x, 0))
    return _scalar_or_array(np.where(x > 0, x, negative).astype(x.dtype, copy=False))


def selu(x):
    """SELU (Scaled ELU): SELU_SCALE * elu(x, SELU_ALPHA), the constants Keras uses. Lesson 02.

    With LeCun-normal weights it keeps activations near mean 0 / variance 1 layer after layer.
    """
    return SELU_SCALE * elu(x, alpha=SELU_ALPHA)


def softmax(x):
    """Softmax (소프트맥스) along the last axis: exp(x_k) / sum_j exp(x_j). Lesson 02.

    Works for one sample (1-D scores) or a batch (2-D, one row per sample) or more dimensions.
    Numerically stable: the row maximum is subtracted first. That changes nothing
    mathematically (it cancels between numerator and denominator) but keeps exp from
    overflowing: softmax([1000, 1001]) is fine here, while the naive formula gives nan.
    Raises ``ValueError`` for NaN or +inf in x (the whole row would become NaN).
    """
    x = _as_float(x)
    if x.ndim == 0:
        raise ValueError("softmax needs at least one axis of scores (e.g. shape (C,) or (N, C)); "
                         "got a single number.")
    if x.shape[-1] == 0:
        raise ValueError("softmax needs at least one score along the last axis; "
                         f"got shape {x.shape}.")
    _check_no_nan(x, "x")
    if np.isposinf(x).any():
        raise ValueError("x contains +inf; expected finite scores (softmax of +inf is undefined).")
    if np.isneginf(x).all(axis=-1).any():
        raise ValueError("a row of x is entirely -inf; softmax needs at least one finite score "
                         "per row.")
    shifted = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def identity_function(x):
    """Identity (항등 함수): returns (a copy of) x; the output activation for regression. Lesson 02.
    """
    return _scalar_or_array(_as_float(x))


# ----------------------------------------------------------------------------- derivatives
# Each takes the *input* x of the activation (not its output) and returns d activation / dx.
def sigmoid_grad(x):
    """Derivative of sigmoid at x: sigmoid(x) * (1 - sigmoid(x)); its maximum is 1/4 at x = 0.

    Lesson 02. (In backprop, lesson 05, the layer reuses its stored output y: y * (1 - y).)
    """
    s = sigmoid(x)
    return s * (1 - s)


def tanh_grad(x):
    """Derivative of tanh at x: 1 - tanh(x)**2; its maximum is 1 at x = 0. Lesson 02."""
    t = tanh(x)
    return 1 - t * t


def relu_grad(x):
    """Derivative of ReLU at x: 1 where x > 0, 0 where x <= 0. Lesson 02.

    At x = 0 ReLU has no derivative (a kink); we use 0 there, as TensorFlow does (so
    ``tf.GradientTape`` agrees everywhere). Some books use 1 at 0 (``x >= 0``); it rarely matters
    because an input is almost never exactly 0.
    """
    x = _as_float(x)
    return _scalar_or_array(np.where(np.isnan(x), np.nan, x > 0).astype(x.dtype))


def leaky_relu_grad(x, negative_slope=0.2):
    """Derivative of Leaky ReLU at x: 1 where x > 0, negative_slope where x <= 0. Lesson 02.

    At the kink x = 0 we use negative_slope, as TensorFlow does.
    """
    slope = _check_parameter(negative_slope, "negative_slope", minimum=0)
    x = _as_float(x)
    out = np.where(x > 0, 1.0, slope)
    out = np.where(np.isnan(x), np.nan, out)
    return _scalar_or_array(out.astype(x.dtype, copy=False))


def elu_grad(x, alpha=1.0):
    """Derivative of ELU at x: 1 where x >= 0, alpha * exp(x) where x < 0. Lesson 02.

    At x = 0 we take the right-hand slope 1, as ``tf.nn.elu`` does (with alpha = 1 both sides
    agree).
    """
    alpha = _check_parameter(alpha, "alpha")
    x = _as_float(x)
    out = np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0)))
    return _scalar_or_array(out.astype(x.dtype, copy=False))


def selu_grad(x):
    """Derivative of SELU at x: SELU_SCALE * elu_grad(x, SELU_ALPHA). Lesson 02.

    At x = 0 that is the right-hand slope SELU_SCALE, as ``tf.nn.selu`` uses.
    """
    return SELU_SCALE * elu_grad(x, alpha=SELU_ALPHA)


# Name -> (function, derivative), for lessons that let the reader pick an activation.
ACTIVATIONS = {
    "step": (step_function, lambda x: np.zeros_like(_as_float(x))),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "elu": (elu, elu_grad),
    "selu": (selu, selu_grad),
    "identity": (identity_function, lambda x: np.ones_like(_as_float(x))),
}


def get_activation(name):
    """Return ``(function, derivative)`` for a name in ``ACTIVATIONS``. Lesson 02.

    The step function's derivative is 0 everywhere except at 0, where it does not exist.
    """
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; expected one of "
                         f"{', '.join(ACTIVATIONS)}.") from None


# ----------------------------------------------------------------------------- losses
def _loss_inputs(y, t):
    y = _as_float(y, "y (predictions)")
    t = _as_float(t, "t (targets)")
    _check_same_shape(y, t)
    _check_finite(y, "y (predictions)")
    _check_finite(t, "t (targets)")
    return y, t


def sum_squared_error(y, t):
    """Sum of squared errors (오차제곱합): 0.5 * sum((y - t)**2) over every entry. Lesson 04.

    The 0.5 makes its derivative simply y - t. Deep Learning from Scratch calls this
    ``mean_squared_error``; Keras's mean squared error is :func:`mean_squared_error` below.
    y and t must have the same shape. Returns a float.
    """
    y, t = _loss_inputs(y, t)
    return float(0.5 * np.sum((y - t) ** 2))


_REDUCTIONS = (None, "none", "sum_over_batch_size", "mean", "sum")


def mean_squared_error(y, t, reduction=None):
    """Mean squared error (평균제곱오차) with Keras semantics. Lesson 04.

    The mean of (y - t)**2 over the **last axis**, one value per sample, exactly like
    ``keras.losses.mean_squared_error(t, y)`` (the order does not matter: it is symmetric):

    * 1-D y and t (one sample)    -> a float;
    * 2-D shape (N, C) (a batch)  -> an array of N per-sample losses (``reduction=None``).

    ``reduction`` then reduces the per-sample losses as the Keras loss *class* does:
    ``"sum_over_batch_size"`` (alias ``"mean"``, the default of ``keras.losses.MeanSquaredError``)
    gives their mean as a float, ``"sum"`` their sum; ``None`` / ``"none"`` keeps them.
    y and t must have the same shape.
    """
    if reduction not in _REDUCTIONS:
        raise ValueError(f"unknown reduction {reduction!r}; expected one of {_REDUCTIONS}.")
    y, t = _loss_inputs(y, t)
    if y.ndim == 0 or y.shape[-1] == 0:
        raise ValueError(f"mean_squared_error needs at least one value along the last axis; "
                         f"got shape {y.shape}.")
    per_sample = np.mean((y - t) ** 2, axis=-1)
    if reduction in ("sum_over_batch_size", "mean"):
        if per_sample.size == 0:
            raise ValueError("cannot average over an empty batch (0 samples).")
        return float(np.mean(per_sample))
    if reduction == "sum":
        return float(np.sum(per_sample))
    return float(per_sample) if per_sample.ndim == 0 else per_sample


def cross_entropy_error(y, t):
    """Cross-entropy error (교차 엔트로피 오차), averaged over the batch. Lesson 04.

    y: predicted probabilities, shape (C,) for one sample or (N, C) for a batch, each in [0, 1]
       (e.g. the output of :func:`softmax`).
    t: the targets, either
       * one-hot (same shape as y, each row summing to 1), or
       * integer class labels: a single label for a 1-D y, shape (N,) for a 2-D y,
         each in 0 .. C-1 (whole-number floats such as 2.0 are accepted).

    Returns -(1/N) * sum_n log(y[n, t_n] + 1e-7) as a float. The tiny constant
    ``CROSS_ENTROPY_DELTA = 1e-7`` keeps log(0) = -inf away (as in Deep Learning from Scratch);
    Keras's ``categorical_crossentropy`` clips y to [1e-7, 1 - 1e-7] instead, so results agree
    closely except for probabilities near 0 or 1.
    """
    y = _as_float(y, "y (predictions)")
    t = _as_float(t, "t (targets)")
    if y.ndim not in (1, 2):
        raise ValueError("y must have shape (C,) or (N, C) of class probabilities; "
                         f"got shape {y.shape}.")
    _check_finite(y, "y (predictions)")
    _check_finite(t, "t (targets)")
    if y.shape[-1] == 0 or y.shape[0] == 0:
        raise ValueError(f"y must hold at least one sample and one class; got shape {y.shape}.")
    if (y < 0).any() or (y > 1).any():
        raise ValueError("y must hold probabilities in [0, 1] (for example the output of "
                         f"softmax); got values from {y.min():.4g} to {y.max():.4g}.")
    y2 = y.reshape(1, -1) if y.ndim == 1 else y
    n, c = y2.shape

    if t.shape == y.shape:  # one-hot (or soft) targets
        t2 = t.reshape(1, -1) if t.ndim == 1 else t
        if (t2 < 0).any() or (t2 > 1).any() or not np.allclose(t2.sum(axis=1), 1.0, atol=1e-6):
            raise ValueError("t has the same shape as y, so it is read as one-hot targets, but "
                             "its entries must be in [0, 1] with each row summing to 1; for class "
                             f"labels pass shape {y.shape[:-1] or '()'} instead.")
        return float(-np.sum(t2 * np.log(y2 + CROSS_ENTROPY_DELTA)) / n)

    if t.shape != y.shape[:-1]:
        raise ValueError(f"t has shape {t.shape}; expected one-hot targets of shape {y.shape} or "
                         f"integer labels of shape {y.shape[:-1]}.")
    labels = t.reshape(-1)
    if not np.all(labels == np.round(labels)):
        raise ValueError(f"labels in t must be whole numbers (class indices 0 .. {c - 1}); got "
                         f"{labels[labels != np.round(labels)][0]:g}.")
    if (labels < 0).any() or (labels >= c).any():
        bad = labels[(labels < 0) | (labels >= c)][0]
        raise ValueError(f"label {bad:g} in t is out of range: y has {c} classes, so labels "
                         f"must be 0 .. {c - 1}.")
    labels = labels.astype(np.int64)
    return float(-np.sum(np.log(y2[np.arange(n), labels] + CROSS_ENTROPY_DELTA)) / n)
