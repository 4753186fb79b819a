"""The loss catalogue, written by hand in NumPy with Keras's exact semantics (lesson 12).

Each function takes ``(y_true, y_pred)`` like ``keras.losses`` and by default returns one number,
the mean over the batch (what ``keras.losses.MeanSquaredError()(y_true, y_pred)`` returns).
``per_sample=True`` returns the loss of each sample instead (what the function form
``keras.losses.mean_squared_error(y_true, y_pred)`` returns: the last axis is reduced).

Keras guards logarithms and divisions with ``epsilon = 1e-7`` (``keras.config.epsilon()``);
so does this module, in the same places. ``tests/test_losses_catalogue.py`` compares every
function with ``keras.losses`` on random inputs.

NumPy only: this module never imports TensorFlow.
"""

import numpy as np

EPSILON = 1e-7  # keras.config.epsilon()


# ---- input checks -------------------------------------------------------------------------

def _array(name, x):
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers (a list or an array), "
                        f"got {type(x).__name__}.") from None
    if a.ndim == 0:
        raise ValueError(f"{name} must be an array of one value per sample, got a single number.")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or infinity.")
    return a


def _pair(y_true, y_pred):
    t, p = _array("y_true", y_true), _array("y_pred", y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true has shape {t.shape} but y_pred has shape {p.shape}; "
                         "they must match (one target per prediction).")
    return t, p


def _in_unit_interval(name, a):
    if a.min() < 0 or a.max() > 1:
        raise ValueError(f"{name} must lie in [0, 1] (probabilities); found values from "
                         f"{a.min():g} to {a.max():g}. Apply sigmoid/softmax first.")


def _reduce(per_sample, return_per_sample):
    return per_sample if return_per_sample else float(np.mean(per_sample))


# ---- regression losses (mean over the last axis) -------------------------------------------

def mean_squared_error(y_true, y_pred, per_sample=False):
    """MSE = mean((y_true - y_pred)**2). Punishes large errors most (평균 제곱 오차)."""
    t, p = _pair(y_true, y_pred)
    return _reduce(np.mean((t - p) ** 2, axis=-1), per_sample)


def mean_absolute_error(y_true, y_pred, per_sample=False):
    """MAE = mean(|y_true - y_pred|). In the target's own units; robust to outliers."""
    t, p = _pair(y_true, y_pred)
    return _reduce(np.mean(np.abs(t - p), axis=-1), per_sample)


def mean_absolute_percentage_error(y_true, y_pred, per_sample=False):
    """MAPE = 100 * mean(|y_true - y_pred| / |y_true|), in percent (|y_true| at least epsilon)."""
    t, p = _pair(y_true, y_pred)
    return _reduce(100.0 * np.mean(np.abs((t - p) / np.maximum(np.abs(t), EPSILON)), axis=-1),
                   per_sample)


def mean_squared_logarithmic_error(y_true, y_pred, per_sample=False):
    """MSLE = mean((log(1 + y_pred) - log(1 + y_true))**2); values below epsilon count as epsilon.

    Compares ratios rather than differences: predicting 110 for 100 costs about as much as
    11 for 10.
    """
    t, p = _pair(y_true, y_pred)
    d = np.log(np.maximum(p, EPSILON) + 1.0) - np.log(np.maximum(t, EPSILON) + 1.0)
    return _reduce(np.mean(d ** 2, axis=-1), per_sample)


def poisson(y_true, y_pred, per_sample=False):
    """Poisson = mean(y_pred - y_true * log(y_pred + epsilon)), for counts predicted as rates."""
    t, p = _pair(y_true, y_pred)
    if p.min() < 0:
        raise ValueError(f"poisson expects y_pred >= 0 (a predicted rate); found {p.min():g}. "
                         "Use an exponential or softplus output.")
    return _reduce(np.mean(p - t * np.log(p + EPSILON), axis=-1), per_sample)


# ---- classification losses ------------------------------------------------------------------

def binary_crossentropy(y_true, y_pred, per_sample=False):
    """-mean(t*log(p) + (1-t)*log(1-p)) with p clipped to [epsilon, 1-epsilon] (이진 교차 엔트로피).

    y_pred holds probabilities (after a sigmoid), y_true 0/1 labels (or soft labels in [0, 1]).
    """
    t, p = _pair(y_true, y_pred)
    _in_unit_interval("y_true", t)
    _in_unit_interval("y_pred", p)
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return _reduce(np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p)), axis=-1), per_sample)


def _class_probabilities(y_pred):
    p = _array("y_pred", y_pred)
    if p.ndim < 2:
        raise ValueError(f"y_pred must have one row of class probabilities per sample (2-D), "
                         f"got shape {p.shape}.")
    if p.min() < 0:
        raise ValueError(f"y_pred must be non-negative class probabilities; found {p.min():g}. "
                         "Apply softmax first.")
    total = p.sum(axis=-1, keepdims=True)
    if np.any(total == 0):
        raise ValueError("a row of y_pred sums to 0; it must hold class probabilities.")
    # Keras rescales each row to sum to 1, then clips away exact 0 and 1 before the log.
    return np.clip(p / total, EPSILON, 1 - EPSILON)


def categorical_crossentropy(y_true, y_pred, per_sample=False):
    """-sum(t * log(p)) over the classes, y_true one-hot (범주형 교차 엔트로피)."""
    t = _array("y_true", y_true)
    p = _class_probabilities(y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true has shape {t.shape} but y_pred has shape {p.shape}; categorical "
                         "cross-entropy needs one-hot targets shaped like y_pred (for integer "
                         "labels use sparse_categorical_crossentropy).")
    return _reduce(-np.sum(t * np.log(p), axis=-1), per_sample)


def sparse_categorical_crossentropy(y_true, y_pred, per_sample=False):
    """-log(p[label]): the same loss as categorical cross-entropy, with integer labels."""
    p = _class_probabilities(y_pred)
    labels = np.asarray(y_true)
    if labels.shape == p.shape[:-1] + (1,):
        labels = labels[..., 0]
    if labels.shape != p.shape[:-1]:
        raise ValueError(f"y_true has shape {labels.shape}; sparse categorical cross-entropy "
                         f"expects one integer label per row of y_pred, shape {p.shape[:-1]}.")
    if not (np.issubdtype(labels.dtype, np.integer)
            or (np.issubdtype(labels.dtype, np.floating) and np.all(labels == np.round(labels)))):
        raise ValueError(f"y_true must hold integer class labels, got dtype {labels.dtype}.")
    labels = labels.astype(np.int64)
    n = p.shape[-1]
    if labels.size and (labels.min() < 0 or labels.max() >= n):
        raise ValueError(f"labels must lie in 0..{n - 1} (y_pred has {n} classes); "
                         f"found {labels.min()}..{labels.max()}.")
    picked = np.take_along_axis(p, labels[..., None], axis=-1)[..., 0]
    return _reduce(-np.log(picked), per_sample)


LOSSES = {
    "mean_squared_error": mean_squared_error,
    "mean_absolute_error": mean_absolute_error,
    "mean_absolute_percentage_error": mean_absolute_percentage_error,
    "mean_squared_logarithmic_error": mean_squared_logarithmic_error,
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
    "poisson": poisson,
}
"""The catalogue by the names Keras accepts in ``model.compile(loss=...)``."""
