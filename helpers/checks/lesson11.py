"""Self-checks for the exercises of lesson 11 (regularization in Keras).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer. The expected values are computed here with NumPy, by the formulas Keras documents
(the tests compare them with ``keras.regularizers``, ``keras.constraints`` and
``keras.callbacks``); this module itself never imports TensorFlow or Keras: it reads the
installed Keras version from the package metadata where the answer depends on it.
"""

from importlib.metadata import PackageNotFoundError, version

import numpy as np
from packaging.version import InvalidVersion, Version

from helpers.checks import EMPTY, check_close, check_number, is_empty, verdict

DIGITS = 3  # significant figures a typed answer needs (the solutions show 0.1427, 0.091, 0.025)


def l2_penalty(W, factor):
    """What ``keras.regularizers.l2(factor)`` adds to the loss: factor · ΣW² (no 1/2)."""
    return factor * float(np.sum(np.square(np.asarray(W, dtype=float))))


def l1_penalty(W, factor):
    """What ``keras.regularizers.l1(factor)`` adds to the loss: factor · Σ|W|."""
    return factor * float(np.sum(np.abs(np.asarray(W, dtype=float))))


def installed_keras_version():
    """The installed Keras version as a string (``"3.15.1"``), read from the package metadata
    without importing Keras; None if no Keras package is installed."""
    for distribution in ("keras", "keras-nightly"):
        try:
            return version(distribution)
        except PackageNotFoundError:
            continue
    return None


def divides_activity_by_batch(keras_version=None):
    """Whether this Keras divides the activity penalty by the batch size: Keras 3.14.0 and
    newer do (keras-team/keras#22021); 3.0 to 3.13 add it undivided.

    ``keras_version`` is a version string such as ``"3.13.2"``; by default the installed one.
    An unknown version counts as a current one.
    """
    if keras_version is None:
        keras_version = installed_keras_version()
    try:
        return Version(str(keras_version)).release[:2] >= (3, 14)
    except InvalidVersion:  # no Keras, or an unreadable version
        return True


def activity_l1_penalty(A, factor, keras_version=None):
    """``activity_regularizer=l1(factor)`` on a batch of outputs A: factor · Σ|A|, divided by the
    batch size (the number of rows of A) since Keras 3.14; earlier 3.x versions do not divide.
    ``keras_version`` defaults to the installed one."""
    A = np.asarray(A, dtype=float)
    total = factor * float(np.sum(np.abs(A)))
    return total / len(A) if divides_activity_by_batch(keras_version) else total


def max_norm(W, max_value, epsilon=1e-7):
    """``keras.constraints.MaxNorm(max_value)`` on a Dense kernel: every column (the weights
    into one unit) rescaled so that its length is at most ``max_value``."""
    W = np.asarray(W, dtype=float)
    norms = np.sqrt(np.sum(np.square(W), axis=0, keepdims=True))
    return W * np.clip(norms, 0, max_value) / (epsilon + norms)


def check_l2_penalty(answer, W, factor=0.01):
    """Exercise 1: the penalty ``l2(factor)`` adds for the kernel W."""
    expected = l2_penalty(W, factor)
    check_number(answer, expected, "the L2 penalty", digits=DIGITS, mistakes=[
        (expected / 2, "that is half of it: Keras's l2(λ) adds λ·ΣW², without the 1/2 that "
                       "some books put in front."),
        (np.sqrt(expected / factor) * factor, "square every weight before summing; no square "
                                              "root."),
        (l1_penalty(W, factor), "that is the L1 penalty (absolute values); L2 squares them."),
    ])


def check_l1_penalty(answer, W, factor=0.01):
    """Exercise 2: the penalty ``l1(factor)`` adds for the kernel W."""
    expected = l1_penalty(W, factor)
    check_number(answer, expected, "the L1 penalty", digits=DIGITS, mistakes=[
        (factor * float(np.sum(np.asarray(W, dtype=float))),
         "take absolute values first: negative weights add to the penalty too."),
        (l2_penalty(W, factor), "that is the L2 penalty (squares); L1 uses absolute values."),
    ])


def check_activity_penalty(answer, A, factor=0.01, keras_version=None):
    """Exercise 3: the penalty ``activity_regularizer=l1(factor)`` adds for the batch of
    layer outputs A (one row per sample), in the learner's Keras (``keras_version``, by
    default the installed one)."""
    if keras_version is None:
        keras_version = installed_keras_version()
    shown = f"Keras {keras_version}" if keras_version else "your Keras"
    rows = len(np.atleast_1d(np.asarray(A, dtype=float)))
    expected = activity_l1_penalty(A, factor, keras_version)
    if divides_activity_by_batch(keras_version):
        other, hint = expected * rows, (
            f"that is the undivided sum λ·Σ|a|, which Keras 3.0–3.13 add; {shown} (3.14 or "
            f"newer) divides the activity penalty by the batch size (the number of rows of A).")
    else:
        other, hint = expected / rows, (
            f"that is divided by the batch size, as Keras 3.14 and newer do; {shown} is older "
            f"and adds λ·Σ|a| undivided (no division by the batch size).")
    check_number(answer, expected, "the activity penalty", digits=DIGITS,
                 mistakes=[(other, hint)])


def check_max_norm(answer, W, max_value=2.0):
    """Exercise 4: W after ``MaxNorm(max_value)`` (each column's length capped)."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    W = np.asarray(W, dtype=float)
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return verdict(False, "", f"give the rescaled matrix as an array, got "
                                  f"{type(answer).__name__}.")
    if a.shape == W.shape and np.allclose(a, max_norm(W.T, max_value).T, rtol=1e-5, atol=1e-7) \
            and not np.allclose(a, max_norm(W, max_value), rtol=1e-5, atol=1e-7):
        return verdict(False, "", "you capped the rows; MaxNorm caps each column (axis=0): "
                                  "the weights coming into one unit.")
    check_close(answer, max_norm(W, max_value), name="the constrained W", rtol=1e-5, atol=1e-7)


def early_stopping_epochs(val_losses, patience):
    """(epoch at which EarlyStopping(patience) stops, or None; epoch of the best value).

    Epochs count from 1. An epoch improves only if its value is strictly below the best so
    far; training stops once ``patience`` epochs in a row have not improved.
    """
    best, best_epoch, wait = None, None, 0
    for epoch, value in enumerate(val_losses, start=1):
        if best is None or value < best:
            best, best_epoch, wait = value, epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, best_epoch
    return None, best_epoch


def check_early_stopping(stop_epoch, best_epoch, val_losses, patience):
    """Exercise 5: with these validation losses and ``EarlyStopping(patience=...,
    restore_best_weights=True)``, the epoch training stops (None if it never stops) and the
    epoch whose weights the model ends with."""
    if stop_epoch is Ellipsis or is_empty(best_epoch):  # None is a valid stop epoch: "never"
        return verdict(False, "", EMPTY)
    want_stop, want_best = early_stopping_epochs(val_losses, patience)
    for answer in (stop_epoch, best_epoch):
        if answer is not None and not isinstance(answer, (int, np.integer)):
            return verdict(False, "", f"an epoch is a whole number (or None for 'never stops'); "
                                      f"got {answer!r}.")
    if stop_epoch != want_stop:
        hint = ("count epochs from 1; the counter restarts at every new best value and training "
                f"stops when it reaches patience={patience}.")
        if want_stop is None:
            hint = ("the run never has that many epochs in a row without a new best: it does "
                    "not stop.")
        return verdict(False, "", f"stop epoch {stop_epoch!r} is not right: {hint}")
    verdict(best_epoch == want_best,
            f"Correct: training stops after epoch {want_stop if want_stop else len(val_losses)} "
            f"and restore_best_weights brings back epoch {want_best}.",
            "the stop epoch is right; restore_best_weights keeps the weights of the epoch with "
            "the lowest validation loss (the first one, if it is tied).")


def check_checkpoint(callback):
    """Exercise 6: a ModelCheckpoint that keeps only the best weights by validation loss."""
    if is_empty(callback):
        return verdict(False, "", EMPTY)
    if type(callback).__name__ != "ModelCheckpoint":
        return verdict(False, "", f"expected keras.callbacks.ModelCheckpoint(...), got "
                                  f"{type(callback).__name__}.")
    problems = []
    if callback.monitor != "val_loss":
        problems.append(f"monitor is {callback.monitor!r}; watch 'val_loss'")
    if not callback.save_best_only:
        problems.append("save_best_only=True keeps only the best epoch")
    if not callback.save_weights_only:
        problems.append("save_weights_only=True saves the weights alone")
    verdict(not problems, f"Correct: the best weights by validation loss go to "
                          f"{str(callback.filepath).rsplit('/', 1)[-1]}.",
            "; ".join(problems) + ".")
