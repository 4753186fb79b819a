"""Small experiments a lesson shows before a later lesson explains them (introduced in lesson 02).

Lesson 02 uses two results of later lessons to show what an activation's slope does to learning:

* :func:`gradient_per_layer` sends a gradient back through a deep random network, layer by
  layer, as backpropagation does (lesson 05 derives each step);
* :func:`train_neuron` trains one neuron ``y = h(w·x + b)`` by gradient descent (lesson 04) on
  the mean squared error, with the gradient from the chain rule (lesson 05).

NumPy only (never TensorFlow). Bad input raises an error that names what was expected.
"""

from numbers import Integral, Real
from typing import NamedTuple

import numpy as np

from helpers.functions import get_activation

__all__ = ["fair_weight_std", "random_network", "layer_gradients", "gradient_per_layer",
           "NeuronRun", "neuron_gradient", "train_neuron"]

# Activations whose slope is 1 for positive inputs: they keep the signal's size with He's scale
# sqrt(2 / n); the others with sqrt(1 / n) (lesson 08 explains both).
_HE_ACTIVATIONS = ("relu", "leaky_relu", "elu")


def _whole(name, value, minimum=1):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r}.")
    return int(value)


def _positive(name, value):
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, Real)
            or not np.isfinite(value) or value <= 0):
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}.")
    return float(value)


def _sloped_activation(activation):
    """(f, f') for a name of helpers.functions.ACTIVATIONS that has a slope to pass back."""
    if activation == "step":
        raise ValueError("the step function's slope is 0 everywhere: every gradient would be 0. "
                         "Choose sigmoid, tanh, relu, leaky_relu, elu, selu or identity.")
    return get_activation(activation)


def fair_weight_std(activation, width):
    """The weight scale that keeps a layer's signal about the same size (lesson 02; lesson 08
    explains it): ``sqrt(2 / width)`` (He) for relu, leaky_relu and elu, ``sqrt(1 / width)``
    (Xavier as in Deep Learning from Scratch, LeCun in Keras) for the others."""
    _sloped_activation(activation)
    width = _whole("width", width)
    return float(np.sqrt((2.0 if activation in _HE_ACTIVATIONS else 1.0) / width))


def random_network(activation, depth=20, width=64, batch=256, weight_scale=1.0, seed=0):
    """A deep random network without biases and a batch of inputs for it (lesson 02).

    Returns ``(x, weights)``: ``x`` of shape (batch, width) drawn from N(0, 1) and ``depth``
    matrices ``W`` of shape (width, width) drawn from N(0, std²) with
    ``std = weight_scale * fair_weight_std(activation, width)``. The same seed gives the same
    network.
    """
    depth, batch = _whole("depth", depth), _whole("batch", batch)
    std = _positive("weight_scale", weight_scale) * fair_weight_std(activation, width)
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0.0, std, (width, width)) for _ in range(depth)]
    x = rng.normal(size=(batch, width))
    return x, weights


def layer_gradients(activation, x, weights):
    """Backpropagation through ``a_l = z_{l-1} W_l``, ``z_l = h(a_l)`` with ``z_0 = x``.

    Returns one array per layer, ``[dS/da_1, ..., dS/da_L]``, where ``S`` is the sum of the last
    layer's outputs ``z_L`` over the batch. Going back, each layer multiplies by the activation's
    slope ``h'(a_l)`` and then by the weights transposed ``W_lᵀ`` (lesson 05 derives both).
    """
    h, h_grad = _sloped_activation(activation)
    z = np.asarray(x, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"x must be a batch of shape (N, inputs); got shape {z.shape}.")
    weighted_sums = []                      # each layer's a, kept for the way back
    for l, W in enumerate(weights, start=1):
        W = np.asarray(W, dtype=float)
        if W.ndim != 2 or W.shape[0] != z.shape[1]:
            raise ValueError(f"weights[{l - 1}] has shape {W.shape}; layer {l} receives "
                             f"{z.shape[1]} inputs, so its shape must be ({z.shape[1]}, units).")
        a = z @ W
        weighted_sums.append((a, W))
        z = h(a)
    if not weighted_sums:
        raise ValueError("weights is empty: give at least one layer.")
    dz = np.ones_like(z)                    # dS/dz_L: S is the plain sum of z_L
    gradients = []
    for a, W in reversed(weighted_sums):
        da = dz * h_grad(a)                 # back through the activation
        gradients.append(da)
        dz = da @ W.T                       # back through the weights
    return gradients[::-1]                  # gradients[0] belongs to layer 1


def gradient_per_layer(activation, depth=20, width=64, batch=256, weight_scale=1.0, seed=0):
    """The average size ``mean |dS/da_l|`` at each layer l = 1 .. depth of a deep random network
    with the given activation (lesson 02): an array of ``depth`` numbers, layer 1 (nearest the
    input) first. The network is :func:`random_network` with the same arguments; ``weight_scale``
    multiplies the fair weight scale (1 keeps the signal's size, larger makes it grow)."""
    x, weights = random_network(activation, depth, width, batch, weight_scale, seed)
    return np.array([np.abs(da).mean() for da in layer_gradients(activation, x, weights)])


class NeuronRun(NamedTuple):
    """What :func:`train_neuron` returns."""

    activation: str        # the activation's name
    w: float               # final weight
    b: float               # final bias
    losses: np.ndarray     # the loss before each step, shape (steps,)


def _neuron_data(x, t):
    x, t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
    if x.ndim != 1 or x.shape != t.shape or x.size == 0:
        raise ValueError(f"x and t must be 1-D arrays of the same length (one target per input); "
                         f"got shapes {x.shape} and {t.shape}.")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(t))):
        raise ValueError("x and t must hold finite numbers (no NaN or infinity).")
    return x, t


def neuron_gradient(activation, w, b, x, t):
    """``(dL/dw, dL/db)`` for one neuron ``y = h(w·x + b)`` and ``L = mean((y - t)²)``.

    By the chain rule: ``dL/da = 2 (y - t) / N · h'(a)`` for each input, then ``dL/dw`` sums
    ``dL/da · x`` and ``dL/db`` sums ``dL/da`` (lesson 05). Lesson 02.
    """
    h, h_grad = _sloped_activation(activation)
    x, t = _neuron_data(x, t)
    a = w * x + b
    da = 2.0 * (h(a) - t) / len(x) * h_grad(a)
    return float(np.sum(da * x)), float(np.sum(da))


def train_neuron(activation, x, t, w=0.5, b=-2.0, learning_rate=0.5, steps=100):
    """Gradient descent on ``L = mean((h(w·x + b) - t)²)`` for one neuron (lesson 02).

    activation: a name of ``helpers.functions.ACTIVATIONS`` (not "step").
    x, t: 1-D inputs and targets.  w, b: the starting weight and bias.
    Each step: ``w -= learning_rate · dL/dw``, ``b -= learning_rate · dL/db``
    (:func:`neuron_gradient`). Returns a :class:`NeuronRun`.
    """
    h, _ = _sloped_activation(activation)
    x, t = _neuron_data(x, t)
    learning_rate = _positive("learning_rate", learning_rate)
    steps = _whole("steps", steps)
    w, b = float(w), float(b)
    losses = np.empty(steps)
    for step in range(steps):
        losses[step] = np.mean((h(w * x + b) - t) ** 2)
        dw, db = neuron_gradient(activation, w, b, x, t)
        w -= learning_rate * dw
        b -= learning_rate * db
    return NeuronRun(activation, w, b, losses)
