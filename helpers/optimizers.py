"""Optimizers written from scratch (introduced in lesson 07; used by helpers.nets from lesson 06).

Every optimizer has one method, ``update(params, grads)``: ``params`` and ``grads`` are dicts of
NumPy arrays with the same keys and shapes (``{"W1": ..., "b1": ..., ...}``). The arrays in
``params`` are **updated in place**, as Keras updates its variables: the network that owns them
sees the new values at once, and no copy is made. ``grads`` is never modified.

Names, defaults and update rules follow ``keras.optimizers`` (Keras 3), so that configured alike,
each class here takes the same steps as its Keras counterpart:

    SGD(learning_rate=0.01, momentum=0.0, nesterov=False)       keras.optimizers.SGD
    Momentum(learning_rate=0.01, momentum=0.9)                   SGD(momentum=0.9)
    Nesterov(learning_rate=0.01, momentum=0.9)                   SGD(momentum=0.9, nesterov=True)
    AdaGrad(learning_rate=0.001, initial_accumulator_value=0.1,  keras.optimizers.Adagrad
            epsilon=1e-7)
    RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0,          keras.optimizers.RMSprop
            epsilon=1e-7, centered=False)
    Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999,          keras.optimizers.Adam
         epsilon=1e-7, amsgrad=False)

Keras's SGD has ``momentum=0.0`` by default; ``Momentum`` and ``Nesterov`` default to 0.9, the
value nearly everyone uses (and the reference book's), because with 0.0 they would be plain SGD.

Where the reference book (Deep Learning from Scratch) differs from Keras, Keras wins here:
AdaGrad's accumulator starts at 0.1 (book: 0) and RMSprop's epsilon sits inside the square root,
``sqrt(v + epsilon)`` (book: ``sqrt(v) + 1e-7``, with ``decay_rate=0.99`` instead of ``rho=0.9``).

``descent_path(optimizer, gradient, start, steps)`` runs an optimizer on a function of one point
and returns the points it visits (lesson 07's race on f(x, y) = x**2 / 20 + y**2).

This module uses NumPy only (no TensorFlow).
"""

import inspect
import math
from collections.abc import Mapping
from numbers import Real

import numpy as np

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "descent_path"]

# Names from Keras 2 and from the reference book that learners will meet in older code.
_OLD_NAMES = {
    "lr": "learning_rate",
    "beta1": "beta_1",
    "beta2": "beta_2",
    "eps": "epsilon",
    "decay_rate": "rho",
    "initial_accumulator": "initial_accumulator_value",
}


def _number(name, value, low, high=None, low_open=False, high_open=False):
    """A finite real number in [low, high] (ends open if asked; no upper end if high is None)."""
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, Real)
            or not math.isfinite(value)):
        raise TypeError(f"{name} must be a finite number, got {value!r}.")
    value = float(value)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        if high is None:
            wanted = f"{'>' if low_open else '>='} {low:g}"
        else:
            wanted = f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        raise ValueError(f"{name} must be {wanted}, got {value:g}.")
    return value


def _flag(name, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}.")
    return bool(value)


class Optimizer:
    """What every optimizer shares: the checks on its hyperparameters and on each update's input,
    one state array per parameter (created at the first update, like Keras's ``build``), and the
    step counter ``iterations``. Subclasses implement ``_update_one(key, param, grad)``.
    """

    def __init__(self, learning_rate, **unknown):
        self._reject_unknown(unknown)
        self.learning_rate = _number("learning_rate", learning_rate, low=0.0, low_open=True)
        self.iterations = 0  # number of updates done so far (Keras: optimizer.iterations)
        self._shapes = None  # {key: shape} of the parameters, fixed at the first update

    # -- hyperparameters -------------------------------------------------------------------
    @classmethod
    def hyperparameter_names(cls):
        """The keyword arguments this optimizer accepts, in order."""
        names = []
        for klass in cls.__mro__:
            if "__init__" not in vars(klass):
                continue
            for p in inspect.signature(klass.__init__).parameters.values():
                if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self" and p.name not in names:
                    names.append(p.name)
            break  # the most derived __init__ lists them all
        return names

    def _reject_unknown(self, unknown):
        if not unknown:
            return
        name = next(iter(unknown))
        cls = type(self).__name__
        if name in _OLD_NAMES:
            raise TypeError(
                f"{cls} got the old hyperparameter name {name!r}: use {_OLD_NAMES[name]}= "
                f"(the Keras 3 name), e.g. {cls}({_OLD_NAMES[name]}={unknown[name]!r}).")
        raise TypeError(f"{cls} got an unknown hyperparameter {name!r}; its hyperparameters are: "
                        + ", ".join(self.hyperparameter_names()) + ".")

    def get_config(self):
        """The hyperparameters as a dict (the names Keras's ``get_config()`` uses)."""
        return {name: getattr(self, name) for name in self.hyperparameter_names()}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    # -- updates ---------------------------------------------------------------------------
    def update(self, params, grads):
        """One step: change every array in ``params`` in place using ``grads`` (same keys and
        shapes). ``grads`` is left as it was. Returns nothing (the update is the effect)."""
        self._check(params, grads)
        self.iterations += 1
        for key in params:
            self._update_one(key, params[key], np.asarray(grads[key]))

    def _check(self, params, grads):
        cls = type(self).__name__
        if not isinstance(params, Mapping) or not isinstance(grads, Mapping):
            raise TypeError(f"{cls}.update(params, grads) takes two dicts of arrays, got "
                            f"{type(params).__name__} and {type(grads).__name__}.")
        if params.keys() != grads.keys():
            missing = sorted(set(params) - set(grads))
            extra = sorted(set(grads) - set(params))
            raise KeyError(f"params and grads must have the same keys: grads is missing {missing}"
                           f" and has extra {extra}.")
        for key, p in params.items():
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                what = type(p).__name__ if not isinstance(p, np.ndarray) else f"array of {p.dtype}"
                raise TypeError(
                    f"params[{key!r}] is a {what}; the optimizer updates float arrays in place: "
                    f"store it as np.array(..., dtype=float).")
            g_shape = np.shape(grads[key])
            if g_shape != p.shape:
                raise ValueError(f"grads[{key!r}] has shape {g_shape} but params[{key!r}] has "
                                 f"shape {p.shape}: each gradient must have its parameter's shape.")
        shapes = {key: p.shape for key, p in params.items()}
        if self._shapes is None:
            self._shapes = shapes
        elif shapes != self._shapes:
            raise ValueError(
                f"this {cls} was used with parameters {self._shapes} and now gets {shapes}: "
                f"its state (velocities, accumulators) belongs to the first network; "
                f"create a new {cls} for a new network.")

    def _update_one(self, key, param, grad):  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def _state(self, name, key, like, fill=0.0):
        """The state array ``name`` for parameter ``key`` (created on first use, shaped like it)."""
        store = self.__dict__.setdefault("_" + name, {})
        if key not in store:
            store[key] = np.full_like(like, fill)
        return store[key]


class SGD(Optimizer):
    """Stochastic gradient descent (확률적 경사 하강법), as ``keras.optimizers.SGD``.

    momentum = 0:   W ← W − learning_rate · g
    momentum > 0:   v ← momentum · v − learning_rate · g,   W ← W + v
    nesterov=True:  v as above, then W ← W + momentum · v − learning_rate · g
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **unknown):
        super().__init__(learning_rate, **unknown)
        self.momentum = _number("momentum", momentum, 0.0, 1.0)
        self.nesterov = _flag("nesterov", nesterov)

    def _update_one(self, key, param, grad):
        lr = self.learning_rate
        if self.momentum == 0:
            param -= lr * grad
            return
        v = self._state("velocity", key, param)
        v *= self.momentum
        v -= lr * grad
        if self.nesterov:
            param += self.momentum * v - lr * grad
        else:
            param += v


class Momentum(SGD):
    """SGD with momentum (모멘텀): a velocity that keeps the direction of past gradients.

    v ← momentum · v − learning_rate · g,   W ← W + v   (= ``keras.optimizers.SGD(momentum=...)``)
    """

    def __init__(self, learning_rate=0.01, momentum=0.9, **unknown):
        super().__init__(learning_rate, momentum=momentum, nesterov=False, **unknown)


class Nesterov(SGD):
    """Nesterov accelerated gradient (네스테로프 모멘텀): momentum that looks one step ahead.

    v ← momentum · v − learning_rate · g,   W ← W + momentum · v − learning_rate · g
    (= ``keras.optimizers.SGD(momentum=..., nesterov=True)``)
    """

    def __init__(self, learning_rate=0.01, momentum=0.9, **unknown):
        super().__init__(learning_rate, momentum=momentum, nesterov=True, **unknown)


class AdaGrad(Optimizer):
    """AdaGrad (적응적 기울기): each parameter's step shrinks as its squared gradients pile up.

    h ← h + g²   (h starts at initial_accumulator_value),
    W ← W − learning_rate · g / sqrt(h + epsilon)        (= ``keras.optimizers.Adagrad``)
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 **unknown):
        super().__init__(learning_rate, **unknown)
        self.initial_accumulator_value = _number("initial_accumulator_value",
                                                 initial_accumulator_value, low=0.0)
        self.epsilon = _number("epsilon", epsilon, low=0.0)

    def _update_one(self, key, param, grad):
        h = self._state("accumulator", key, param, self.initial_accumulator_value)
        h += grad * grad
        param -= self.learning_rate * grad / np.sqrt(h + self.epsilon)


class RMSprop(Optimizer):
    """RMSprop: AdaGrad with a moving average of g², so old gradients are forgotten.

    v ← rho · v + (1 − rho) · g²
    step = learning_rate · g / sqrt(v + epsilon)          (centered: sqrt(v − ḡ² + epsilon),
                                                            ḡ ← rho · ḡ + (1 − rho) · g)
    W ← W − step   (momentum > 0: s ← momentum · s + step, W ← W − s)
    (= ``keras.optimizers.RMSprop``)
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 **unknown):
        super().__init__(learning_rate, **unknown)
        self.rho = _number("rho", rho, 0.0, 1.0, high_open=True)
        self.momentum = _number("momentum", momentum, 0.0, 1.0)
        self.epsilon = _number("epsilon", epsilon, low=0.0)
        self.centered = _flag("centered", centered)

    def _update_one(self, key, param, grad):
        rho = self.rho
        v = self._state("velocity", key, param)
        v *= rho
        v += (1 - rho) * (grad * grad)
        if self.centered:
            g_mean = self._state("average_gradient", key, param)
            g_mean *= rho
            g_mean += (1 - rho) * grad
            denominator = v - g_mean * g_mean + self.epsilon
        else:
            denominator = v + self.epsilon
        step = self.learning_rate * grad / np.sqrt(denominator)
        if self.momentum > 0:
            s = self._state("momentum", key, param)
            s *= self.momentum
            s += step
            step = s
        param -= step


class Adam(Optimizer):
    """Adam: momentum (a moving average m of g) and RMSprop (a moving average v of g²) together,
    with bias correction for their zero start, folded into the learning rate as Keras does:

    t ← t + 1
    m ← m + (1 − beta_1) · (g − m),   v ← v + (1 − beta_2) · (g² − v)
    α = learning_rate · sqrt(1 − beta_2^t) / (1 − beta_1^t)
    W ← W − α · m / (sqrt(v) + epsilon)                   (= ``keras.optimizers.Adam``)

    amsgrad=True divides by the largest v seen so far instead of v.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, **unknown):
        super().__init__(learning_rate, **unknown)
        self.beta_1 = _number("beta_1", beta_1, 0.0, 1.0, high_open=True)
        self.beta_2 = _number("beta_2", beta_2, 0.0, 1.0, high_open=True)
        self.epsilon = _number("epsilon", epsilon, low=0.0)
        self.amsgrad = _flag("amsgrad", amsgrad)

    def _update_one(self, key, param, grad):
        t = self.iterations
        alpha = self.learning_rate * math.sqrt(1 - self.beta_2 ** t) / (1 - self.beta_1 ** t)
        m = self._state("m", key, param)
        v = self._state("v", key, param)
        m += (1 - self.beta_1) * (grad - m)
        v += (1 - self.beta_2) * (grad * grad - v)
        if self.amsgrad:
            v_max = self._state("v_max", key, param)
            np.maximum(v_max, v, out=v_max)
            v = v_max
        param -= alpha * m / (np.sqrt(v) + self.epsilon)


def descent_path(optimizer, gradient, start, steps):
    """The points visited when ``optimizer`` minimises a function of one point (lesson 07's race).

    gradient: a function of a point (a 1-D array such as ``[x, y]``) returning the gradient there.
    start:    the first point, e.g. ``(-7.0, 2.0)``; it is copied, never changed.
    steps:    the number of updates.

    Returns an array of shape (steps + 1, len(start)): the start, then the point after each update.
    If the point runs off to infinity (learning rate far too large), the path stops there.
    """
    if isinstance(steps, (bool, np.bool_)) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}.")
    point = np.array(start, dtype=float)
    if point.ndim != 1 or not np.all(np.isfinite(point)):
        raise ValueError(f"start must be a finite point such as (-7.0, 2.0), got {start!r}.")
    params = {"point": point}
    path = [point.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            optimizer.update(params, {"point": np.asarray(gradient(point.copy()), dtype=float)})
            if not np.all(np.isfinite(point)):
                break
            path.append(point.copy())
    return np.array(path)
