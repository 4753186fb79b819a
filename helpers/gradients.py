"""Numerical differentiation and gradient descent (introduced in lesson 04; used in lesson 05).

    numerical_diff(f, x)            df/dx of a one-variable function, by the central difference
    numerical_gradient(f, x)        the gradient of f at an array x of any shape
    numerical_gradient_params(loss, params)
                                    the gradient of a network's loss for every array in a dict
    gradient_descent(f, init_x)     repeat x <- x - lr * grad f(x); return the end point and path
    relative_error(a, n)            max |a - n| / max(|a| + |n|): how far two gradients disagree
    gradient_check(analytic, numeric)
                                    relative_error for every parameter of a network (lesson 05)

The central difference (f(x + h) - f(x - h)) / 2h is used throughout, with h = 1e-4 by default:
small enough for the h**2 truncation error to be tiny, large enough that float64 rounding
(about 1e-16 relative) does not swamp the difference f(x + h) - f(x - h).
NumPy only: this module never imports TensorFlow.
"""

import numbers

import numpy as np

__all__ = [
    "numerical_diff",
    "numerical_gradient",
    "numerical_gradient_params",
    "gradient_descent",
    "relative_error",
    "gradient_check",
]


# ---------------------------------------------------------------- argument checks

def _check_callable(f, name="f"):
    if not callable(f):
        raise TypeError(f"{name} must be a function (callable), got {type(f).__name__}.")


def _check_step(h):
    if isinstance(h, bool) or not isinstance(h, numbers.Real) or not np.isfinite(h) or h <= 0:
        raise ValueError(f"h must be a positive finite number (the step size, e.g. 1e-4), "
                         f"got {h!r}.")


def _as_scalar(value, where):
    """The loss as a Python float; f must return one finite number."""
    if np.size(value) != 1:
        raise ValueError(f"f must return a single number (a loss), but {where} it returned "
                         f"an array of shape {np.shape(value)}.")
    v = float(np.asarray(value).reshape(()))
    if not np.isfinite(v):
        raise ValueError(f"f returned {v} {where}: a gradient cannot be estimated from a "
                         "non-finite value (overflow? log of 0? a diverging descent?).")
    return v


def _float_array_to_nudge(x, name="x"):
    """The array that numerical_gradient nudges: the caller's own float array, or a new one."""
    if not isinstance(x, np.ndarray):
        try:
            return np.array(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a float array or numbers, got "
                            f"{type(x).__name__}.") from None
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"{name} has dtype {x.dtype}, but numerical_gradient needs a float array: it nudges "
            f"{name} in place by h, and an integer array would round the nudge away. "
            f"Convert it first, e.g. {name}.astype(float).")
    if not x.flags.writeable:
        raise ValueError(f"{name} is read-only, but numerical_gradient nudges it in place (and "
                         f"restores it). Pass a writeable array, e.g. {name}.copy().")
    return x


# ---------------------------------------------------------------- derivatives

def numerical_diff(f, x, h=1e-4):
    """The derivative of a one-variable function f at x, by the central difference (lesson 04).

        f'(x) ~ (f(x + h) - f(x - h)) / (2 h)

    The error of this estimate shrinks like h**2 (the forward difference (f(x+h) - f(x)) / h
    only like h). x may be a number or an array, in which case f must act elementwise.
    x is not changed.
    """
    _check_callable(f)
    _check_step(h)
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        x = float(x)
    else:
        try:
            x = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"x must be a number or an array of numbers, got {x!r}.") from None
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-4):
    """The gradient of f at x: one central difference per element of x (lesson 04).

    f: a function of the whole array x that returns one number (a loss).
    x: a float array of any shape (or numbers, converted to a new float64 array).

    Element by element, x itself is nudged to x + h and x - h *in place* and f(x) is evaluated,
    then the element is put back. Nudging in place is what lets f ignore its argument and read
    x through a closure, as in ``numerical_gradient(lambda W: net.loss(x, t), net.params["W1"])``.
    Afterwards x holds exactly the values it had before, even if f raises.

    Returns an array shaped like x (float64 unless x is another float type).
    Cost: 2 * x.size evaluations of f -- the reason lesson 05 needs backpropagation.

    Integer arrays are refused: x[i] + h would be rounded back to an integer.
    """
    _check_callable(f)
    _check_step(h)
    x = _float_array_to_nudge(x)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]  # a scalar copy of the element
        try:
            x[idx] = original + h
            fxh1 = f(x)
            x[idx] = original - h
            fxh2 = f(x)
        finally:
            x[idx] = original  # restore the exact old value, even if f raised
        where = f"at element {idx} of x nudged by \u00b1h" if idx else "at x \u00b1 h"
        grad[idx] = (_as_scalar(fxh1, where) - _as_scalar(fxh2, where)) / (2 * h)
    return grad


def numerical_gradient_params(loss, params, h=1e-4):
    """Numerical gradients of a network's loss for every parameter array (lessons 04-06).

    loss:   a function of no arguments that computes the loss from the current parameters,
            e.g. ``lambda: net.loss(x_batch, t_batch)``.
    params: a dict of float arrays, e.g. ``{"W1": W1, "b1": b1, ...}``. Each array is nudged
            in place (and restored exactly), so ``loss`` sees the nudges.

    Returns a dict with the same keys and gradient arrays of the same shapes.
    """
    _check_callable(loss, "loss")
    if not isinstance(params, dict) or not params:
        raise TypeError("params must be a non-empty dict of float arrays, e.g. "
                        f"{{'W1': W1, 'b1': b1}}; got {type(params).__name__}.")
    for key, value in params.items():
        if not isinstance(value, np.ndarray):
            raise TypeError(f"params[{key!r}] must be a NumPy float array (it is nudged in "
                            f"place), got {type(value).__name__}.")
        _float_array_to_nudge(value, f"params[{key!r}]")
    return {key: numerical_gradient(lambda _: loss(), value, h) for key, value in params.items()}


# ---------------------------------------------------------------- gradient descent

def gradient_descent(f, init_x, lr=0.01, step_num=100, gradient=None):
    """Gradient descent (경사 하강법) on f from init_x (lesson 04).

        x <- x - lr * grad f(x),   repeated step_num times

    lr:       the learning rate (학습률), a positive number.
    step_num: the number of steps, a positive integer.
    gradient: a function x -> grad f(x); by default ``numerical_gradient(f, x)``.

    Returns ``(x, path)``: the final point and an array of shape ``(step_num + 1, *x.shape)``
    holding init_x and the point after every step. init_x is not changed.
    """
    _check_callable(f)
    if gradient is not None:
        _check_callable(gradient, "gradient")
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr (the learning rate) must be a positive finite number, got {lr!r}.")
    if isinstance(step_num, bool) or not isinstance(step_num, numbers.Integral) or step_num < 1:
        raise ValueError(f"step_num must be a positive integer, got {step_num!r}.")
    start = np.asarray(init_x)
    if not np.issubdtype(start.dtype, np.number) or np.issubdtype(start.dtype, np.complexfloating):
        raise TypeError(f"init_x must hold real numbers, got dtype {start.dtype}.")
    if not np.all(np.isfinite(start)):
        raise ValueError("init_x contains NaN or infinity; start from a finite point.")
    dtype = start.dtype if np.issubdtype(start.dtype, np.floating) else np.float64
    x = np.array(start, dtype=dtype)  # a copy: init_x stays as it was
    path = np.empty((step_num + 1, *x.shape), dtype=dtype)
    path[0] = x
    for i in range(1, step_num + 1):
        grad = numerical_gradient(f, x) if gradient is None else np.asarray(gradient(x))
        if grad.shape != x.shape:
            raise ValueError(f"gradient(x) returned shape {grad.shape}; expected {x.shape}, "
                             "the shape of x.")
        x = x - lr * grad
        path[i] = x
    return x, path


# ---------------------------------------------------------------- gradient check

def relative_error(analytic, numeric):
    """How far two gradients of the same parameter disagree, from 0 (equal) upwards (lesson 05).

        relative error = max |a - n| / max( max(|a| + |n|), tiny )

    where the maxima run over all elements, and tiny (the smallest positive float64, about
    2.2e-308) only avoids 0 / 0 when both gradients are exactly zero. Dividing by the largest
    magnitude makes the number independent of the scale of the loss; it stays near 1e-7 or
    below when backpropagation is right, and is of order 1 when it is wrong.
    """
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"The gradients have different shapes: analytic {a.shape}, "
                         f"numeric {n.shape}.")
    for name, g in (("analytic", a), ("numeric", n)):
        if not np.all(np.isfinite(g)):
            raise ValueError(f"The {name} gradient contains NaN or infinity.")
    if a.size == 0:
        return 0.0
    scale = max(float(np.max(np.abs(a) + np.abs(n))), np.finfo(np.float64).tiny)
    return float(np.max(np.abs(a - n))) / scale


def gradient_check(analytic_grads, numeric_grads):
    """Compare backpropagation's gradients with numerical ones, parameter by parameter (lesson 05).

    analytic_grads, numeric_grads: two dicts with the same keys, e.g.
        ``{"W1": ..., "b1": ..., "W2": ..., "b2": ...}``, and arrays of matching shapes
        (or two single arrays).

    Returns ``{key: relative_error(analytic[key], numeric[key])}`` in the order of
    analytic_grads (or one float for two arrays). See :func:`relative_error` for the formula.
    """
    a_is_dict, n_is_dict = isinstance(analytic_grads, dict), isinstance(numeric_grads, dict)
    if a_is_dict != n_is_dict:
        raise TypeError("Pass two dicts of gradients (e.g. {'W1': ..., 'b1': ...}) or two arrays; "
                        f"got {type(analytic_grads).__name__} and {type(numeric_grads).__name__}.")
    if not a_is_dict:
        return relative_error(analytic_grads, numeric_grads)
    missing = [k for k in analytic_grads if k not in numeric_grads]
    extra = [k for k in numeric_grads if k not in analytic_grads]
    if missing or extra:
        raise KeyError(f"The two dicts must have the same keys: numeric_grads lacks {missing}, "
                       f"and has extra {extra}.")
    errors = {}
    for key in analytic_grads:
        try:
            errors[key] = relative_error(analytic_grads[key], numeric_grads[key])
        except ValueError as e:
            raise ValueError(f"{key!r}: {e}") from None
    return errors
