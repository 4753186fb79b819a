"""Learning-rate schedules written as plain NumPy formulas (introduced in lesson 12).

Each function mirrors the ``keras.optimizers.schedules`` class of the same name and returns
the learning rate at optimizer step ``step`` (a number gives a float, an array of steps gives an
array). A *step* is one optimizer update, i.e. one mini-batch, not one epoch.
``tests/test_schedules.py`` compares every formula here with Keras at many steps.

NumPy only: this module never imports TensorFlow.
"""

import numpy as np


def _steps(step):
    s = np.asarray(step, dtype=float)
    if not np.all(np.isfinite(s)):
        raise ValueError("step must be finite numbers (optimizer step counts); "
                         "got NaN or infinity.")
    if np.any(s < 0):
        raise ValueError(f"step must be >= 0 (optimizer steps count up from 0); got {s.min():g}.")
    return s


def _check(name, value, low, high=np.inf, low_inclusive=False):
    ok_low = value >= low if low_inclusive else value > low
    if not (np.isscalar(value) and np.isfinite(value) and ok_low and value <= high):
        bound = f"{'>=' if low_inclusive else '>'} {low:g}"
        if high < np.inf:
            bound += f" and <= {high:g}"
        raise ValueError(f"{name} must be a number {bound}; got {value!r}.")


def _out(values, step):
    return float(values) if np.ndim(step) == 0 else values


def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``, like ``ExponentialDecay``.

    staircase=True floors the exponent, so the rate drops once every ``decay_steps`` steps
    instead of a little at every step.
    """
    _check("initial_learning_rate", initial_learning_rate, 0, low_inclusive=True)
    _check("decay_steps", decay_steps, 0)
    _check("decay_rate", decay_rate, 0)
    p = _steps(step) / decay_steps
    if staircase:
        p = np.floor(p)
    return _out(initial_learning_rate * decay_rate ** p, step)


def _half_cosine(fraction, alpha):
    """1 at fraction 0, alpha at fraction 1, following half a cosine wave in between."""
    return (1 - alpha) * 0.5 * (1 + np.cos(np.pi * fraction)) + alpha


def cosine_decay(step, initial_learning_rate, decay_steps, alpha=0.0,
                 warmup_target=None, warmup_steps=0):
    """Half a cosine from the start rate down to ``alpha`` times it, like ``CosineDecay``.

    After ``decay_steps`` steps the rate stays at its minimum. With ``warmup_target`` the rate
    first climbs linearly from ``initial_learning_rate`` to ``warmup_target`` over
    ``warmup_steps`` steps, then decays from ``warmup_target``.
    """
    _check("initial_learning_rate", initial_learning_rate, 0, low_inclusive=True)
    _check("decay_steps", decay_steps, 0)
    _check("alpha", alpha, 0, 1, low_inclusive=True)
    s = _steps(step)
    if warmup_target is None:
        fraction = np.minimum(s, decay_steps) / decay_steps
        return _out(initial_learning_rate * _half_cosine(fraction, alpha), step)
    _check("warmup_target", warmup_target, 0, low_inclusive=True)
    _check("warmup_steps", warmup_steps, 0, low_inclusive=True)
    s = np.minimum(s, decay_steps + warmup_steps)
    climb = (warmup_target - initial_learning_rate) * s / max(warmup_steps, 1)
    warm = initial_learning_rate + climb
    fraction = (s - warmup_steps) / decay_steps
    decayed = warmup_target * _half_cosine(fraction, alpha)
    return _out(np.where(s < warmup_steps, warm, decayed), step)


def restart_cycle(step, first_decay_steps, t_mul=2.0):
    """Which cosine cycle a step falls in, and how far through that cycle it is.

    Cycle ``i`` (0, 1, 2, ...) lasts ``first_decay_steps * t_mul**i`` steps. Returns
    ``(i, fraction)`` with ``0 <= fraction < 1``.
    """
    _check("first_decay_steps", first_decay_steps, 0)
    _check("t_mul", t_mul, 1, low_inclusive=True)
    s = _steps(step)
    if t_mul == 1:
        i = np.floor(s / first_decay_steps)
        return i, s / first_decay_steps - i
    # Walk cycle by cycle: start and length of the cycle each step is in (few when t_mul > 1).
    i = np.zeros_like(s)
    start = np.zeros_like(s)
    length = np.full_like(s, float(first_decay_steps))
    while True:
        later = s >= start + length
        if not later.any():
            return i, (s - start) / length
        i = np.where(later, i + 1, i)
        start = np.where(later, start + length, start)
        length = np.where(later, length * t_mul, length)


def cosine_decay_restarts(step, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                          alpha=0.0):
    """Cosine decay that restarts ("warm restarts", SGDR), like ``CosineDecayRestarts``.

    Each cycle decays along half a cosine, then the rate jumps back up. Cycle ``i`` lasts
    ``t_mul**i`` times as long as the first and starts ``m_mul**i`` times as high. As in Keras,
    the floor ``alpha * initial_learning_rate`` does not shrink with ``m_mul``.
    """
    _check("initial_learning_rate", initial_learning_rate, 0, low_inclusive=True)
    _check("m_mul", m_mul, 0)
    _check("alpha", alpha, 0, 1, low_inclusive=True)
    i, fraction = restart_cycle(step, first_decay_steps, t_mul)
    cosine = 0.5 * m_mul ** i * (1 + np.cos(np.pi * fraction))
    return _out(initial_learning_rate * ((1 - alpha) * cosine + alpha), step)
