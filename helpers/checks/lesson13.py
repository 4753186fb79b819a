"""Self-checks for the exercises of lesson 13 (losses, tasks and your own training loop).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. Numbers are judged by the shared rule of
``helpers.checks`` (``check_number`` with ``digits``): an answer copied from the lesson's
printed output (0.3635) is accepted, one that is right but too short (0.36) hears "more
digits, please", a known mistake hears its own hint. NumPy only: the expected values come from
``helpers.losses`` and from counting, never from TensorFlow.
"""

import math

import numpy as np

from helpers.checks import (
    EMPTY,
    check_number,
    check_whole_number,
    is_empty,
    number_or_hint,
    verdict,
)
from helpers.losses import binary_crossentropy

# The significant figures the lesson prints the loss with (0.3635).
DIGITS = 4

# Exercise 1: three predictions from a sigmoid output and their true labels.
EXERCISE_1_Y = np.array([1.0, 0.0, 1.0])
EXERCISE_1_P = np.array([0.8, 0.3, 0.6])


def check_binary_crossentropy(answer):
    """Exercise 1: binary cross-entropy of y = [1, 0, 1] and p = [0.8, 0.3, 0.6], by hand."""
    y, p = EXERCISE_1_Y, EXERCISE_1_P
    expected = binary_crossentropy(y, p)
    per_sample = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    check_number(answer, expected, "the loss", digits=DIGITS, mistakes=[
        (-expected, "the loss is positive: put a minus sign in front of the mean of the logs."),
        (float(per_sample.sum()), "Keras averages over the samples: divide the sum by 3."),
        (float(np.mean(-(y * np.log10(p) + (1 - y) * np.log10(1 - p)))),
         "use the natural logarithm, np.log, not log10."),
        (float(np.mean(-y * np.log(p))), "the (1 - y) · log(1 - p) term counts the sample whose "
                                         "label is 0."),
        (float(np.mean(-(y * np.log(1 - p) + (1 - y) * np.log(p)))),
         "log(p) goes with the label 1, log(1 - p) with the label 0."),
    ], hint="the loss is -mean(y·log(p) + (1 - y)·log(1 - p)), with the natural log.")


# Exercise 2: a Keras loss for each task.
TASKS = {
    "house price in euros": "mean_squared_error",
    "tumour malignant or benign": "binary_crossentropy",
    "clothing class 0-9, integer labels": "sparse_categorical_crossentropy",
    "clothing class 0-9, one-hot labels": "categorical_crossentropy",
    "number of customers per hour": "poisson",
}
# Every loss of the lesson's catalogue under its Keras name. Each is also accepted as its
# class name (MeanSquaredLogarithmicError) or in any case and spacing, plus the short names
# Keras knows (mse, mae, mape, msle).
_KERAS_LOSSES = ("mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
                 "mean_squared_logarithmic_error", "binary_crossentropy",
                 "categorical_crossentropy", "sparse_categorical_crossentropy", "poisson")
_ALIASES = {name.replace("_", ""): name for name in _KERAS_LOSSES}
_ALIASES.update(mse="mean_squared_error", mae="mean_absolute_error",
                mape="mean_absolute_percentage_error", msle="mean_squared_logarithmic_error")
# Also defensible for a price: the other regression losses.
_ALSO_FINE = {"house price in euros": {"mean_absolute_error", "mean_squared_logarithmic_error",
                                       "mean_absolute_percentage_error"}}


def _loss_name(name):
    """The catalogue name of a loss given as a string, a Keras loss class or function, or a
    loss object; any other answer comes back as a name that matches no loss."""
    if not isinstance(name, str):
        name = str(getattr(name, "__name__", None) or type(name).__name__)
    key = name.strip().lower().replace(" ", "").replace("_", "").replace("-", "")
    return _ALIASES.get(key, name)


def check_loss_choice(answer):
    """Exercise 2: a dict from each task in ``TASKS`` to the name of a Keras loss."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    if not isinstance(answer, dict):
        return verdict(False, "", f"answer should be a dict {{task: loss name}}, got "
                                  f"{type(answer).__name__}.")
    missing = [task for task in TASKS if task not in answer or is_empty(answer[task])]
    if len(missing) == len(TASKS):
        return verdict(False, "", EMPTY)
    if missing:
        return verdict(False, "", f"give a loss for: {', '.join(missing)}.")
    for task, best in TASKS.items():
        got = _loss_name(answer[task])
        if got != best and got not in _ALSO_FINE.get(task, ()):
            return verdict(False, "", f"for '{task}' think about what the output layer produces "
                                      f"and what the target looks like ('{answer[task]}' does "
                                      "not fit best).")
    verdict(True, "Correct: a loss that matches the target — numbers, 0/1, classes or counts.", "")


# Exercise 4: the network "3 x 128" of section 4.
EXERCISE_4 = dict(inputs=784, hidden=(128, 128, 128), outputs=10)


def dense_params(inputs, hidden, outputs, biases=True):
    """Parameters of a stack of Dense layers: inputs -> hidden... -> outputs."""
    sizes = [inputs, *hidden, outputs]
    return sum(n_in * n_out + (n_out if biases else 0) for n_in, n_out in zip(sizes, sizes[1:]))


def check_mlp_params(answer):
    """Exercise 4: the parameter count of 784 -> 128 -> 128 -> 128 -> 10 Dense layers."""
    n_in, hidden, n_out = EXERCISE_4["inputs"], EXERCISE_4["hidden"], EXERCISE_4["outputs"]
    expected = dense_params(n_in, hidden, n_out)
    check_whole_number(answer, expected, "the parameter count", mistakes=[
        (dense_params(n_in, hidden, n_out, biases=False),
         "each unit also has a bias: add one parameter per unit of every Dense layer."),
        (dense_params(n_in, hidden[:1], n_out), "that is one hidden layer; the network has "
                                                "three."),
        (dense_params(n_in, hidden, 0), "count the output layer too: 128 · 10 weights and 10 "
                                        "biases."),
    ])


# Exercise 5: section 5's training loop with .batch(100), over the 455 training tumours.
EXERCISE_5 = dict(samples=455, batch_size=100, epochs=10)


def check_loop_steps(steps, last_batch):
    """Exercise 5: how many optimizer steps ``EXERCISE_5['epochs']`` epochs of a
    ``Dataset.from_tensor_slices(...).batch(100)`` loop over 455 samples take, and how many
    samples the last batch of each epoch holds."""
    if is_empty(steps, last_batch):
        return verdict(False, "", EMPTY)
    s = number_or_hint(steps, "steps")
    if s is None:
        return
    b = number_or_hint(last_batch, "last_batch")
    if b is None:
        return
    n, size, epochs = EXERCISE_5["samples"], EXERCISE_5["batch_size"], EXERCISE_5["epochs"]
    per_epoch = math.ceil(n / size)
    want_steps, want_last = epochs * per_epoch, n - (per_epoch - 1) * size
    if s == want_steps and b == want_last:
        return verdict(True, f"Correct: {per_epoch - 1} full batches of {size} and one of "
                             f"{want_last} make {per_epoch} steps per epoch, {want_steps} in "
                             f"{epochs} epochs.", "")
    if s == epochs * (n // size) or b == 0:
        return verdict(False, "", ".batch() keeps the last, smaller batch (unless "
                                  "drop_remainder=True), and it is one more step.")
    if s != int(s):
        return verdict(False, "", "a step is one whole mini-batch: count batches, not samples "
                                  "divided by the batch size.")
    if s == per_epoch:
        return verdict(False, "", f"that is one epoch; the loop runs {epochs}.")
    if s == epochs:
        return verdict(False, "", "the optimizer takes one step per mini-batch, not per epoch.")
    if s == want_steps:
        return verdict(False, "", f"the steps are right; the last batch holds what is left of "
                                  f"the {n} samples after the full batches of {size}.")
    verdict(False, "", f"count the batches of one epoch: {n} samples in batches of {size}, "
                       "the last one possibly smaller; then multiply by the epochs.")
