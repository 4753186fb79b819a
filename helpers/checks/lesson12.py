"""Self-checks for the exercises of lesson 12 (the Keras training toolkit).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. NumPy only: the expected values come from the formulas in
``helpers.schedules`` and ``helpers.losses``, never from TensorFlow.
"""

import math

import numpy as np

from helpers.checks import EMPTY, check_close, is_empty, number_or_hint, verdict
from helpers.losses import binary_crossentropy
from helpers.schedules import cosine_decay_restarts, exponential_decay


def _close(a, b, rtol=1e-4):
    return math.isclose(a, b, rel_tol=rtol, abs_tol=1e-12)


# The settings of exercise 1: the notes' ExponentialDecay, with staircase=True.
EXERCISE_1 = dict(initial_learning_rate=1e-2, decay_steps=10_000, decay_rate=0.9)
EXERCISE_1_STEP = 25_000


def check_staircase_rate(answer):
    """Exercise 1: the learning rate of ``ExponentialDecay(1e-2, decay_steps=10_000,
    decay_rate=0.9, staircase=True)`` at step 25,000."""
    value = number_or_hint(answer, "the learning rate")
    if value is None:
        return
    expected = exponential_decay(EXERCISE_1_STEP, staircase=True, **EXERCISE_1)
    smooth = exponential_decay(EXERCISE_1_STEP, staircase=False, **EXERCISE_1)
    if _close(value, smooth):
        return verdict(False, "", "that is the smooth curve's value. With staircase=True the "
                                  "exponent step / decay_steps is rounded down first.")
    verdict(_close(value, expected), f"Correct: 0.01 · 0.9² = {expected:.4g}; the rate dropped "
                                     "at steps 10,000 and 20,000 and stays flat until 30,000.",
            "the rate is initial_learning_rate · decay_rate ** floor(step / decay_steps).")


def check_second_restart(answer):
    """Exercise 2: the step at which ``CosineDecayRestarts(0.01, first_decay_steps=1000)``
    (t_mul=2) restarts for the second time, i.e. where cycle 2 begins."""
    value = number_or_hint(answer, "the step")
    if value is None:
        return
    expected = 1000 + 2 * 1000
    if value == 2000:
        return verdict(False, "", "with t_mul=2 every cycle lasts twice as long as the one "
                                  "before: 1,000 steps, then 2,000, then 4,000, ...")
    ok = value == expected
    if ok:  # confirm with the formula: the rate jumps back to the top there
        before, at = cosine_decay_restarts([expected - 1, expected], 0.01, 1000)
        ok = before < 1e-4 and at == 0.01
    verdict(ok, f"Correct: the cycles last 1,000 and 2,000 steps, so the second restart is at "
                f"step {expected:,} (the third at 7,000).",
            "add up the lengths of the first two cycles: first_decay_steps, then t_mul times it.")


def check_he_std(answer):
    """Exercise 3: the standard deviation of ``HeNormal`` weights of a ``Dense(64)`` layer
    that receives 30 inputs."""
    value = number_or_hint(answer, "the standard deviation")
    if value is None:
        return
    fan_in, fan_out = 30, 64
    expected = math.sqrt(2 / fan_in)
    hints = {
        math.sqrt(2 / (fan_in + fan_out)): "that is Glorot's (Xavier's) standard deviation. He "
                                           "uses only fan_in: sqrt(2 / fan_in).",
        math.sqrt(2 / fan_out): "He counts the inputs of the layer (fan_in = 30), not its units.",
        2 / fan_in: "that is the variance; the standard deviation is its square root.",
        math.sqrt(1 / fan_in): "that is LeCun's sqrt(1 / fan_in); He doubles the variance "
                               "for ReLU.",
    }
    for wrong, hint in hints.items():
        if _close(value, wrong) and not _close(wrong, expected):
            return verdict(False, "", hint)
    check_close(value, expected, name="the standard deviation", rtol=1e-3)


def check_batchnorm_params(trainable, non_trainable):
    """Exercise 4: trainable and non-trainable parameter counts of
    ``Dense(64, use_bias=False)`` followed by ``BatchNormalization()``, on 30 inputs."""
    if is_empty(trainable, non_trainable):
        return verdict(False, "", EMPTY)
    t, n = number_or_hint(trainable, "trainable"), None
    if t is None:
        return
    n = number_or_hint(non_trainable, "non_trainable")
    if n is None:
        return
    units, inputs = 64, 30
    want_t, want_n = inputs * units + 2 * units, 2 * units
    if t == want_t and n == want_n:
        return verdict(True, f"Correct: {inputs}·{units} weights + γ and β per unit = {want_t:,} "
                             f"trainable; the moving mean and variance ({want_n}) are not "
                             "trained.", "")
    if t == inputs * units + units + 2 * units:
        return verdict(False, "", "use_bias=False: the Dense layer has no bias (β takes its role).")
    if t == inputs * units + 4 * units or n == 0:
        return verdict(False, "", "the moving mean and moving variance are updated during "
                                  "training, but not by gradients: they count as non-trainable.")
    verdict(False, "", "count the Dense kernel (inputs × units), then 4 numbers per unit in "
                       "BatchNormalization: γ and β are trained, the moving mean and variance not.")


# Exercise 5: three predictions from a sigmoid output and their true labels.
EXERCISE_5_Y = np.array([1.0, 0.0, 1.0])
EXERCISE_5_P = np.array([0.8, 0.3, 0.6])


def check_binary_crossentropy(answer):
    """Exercise 5: binary cross-entropy of y = [1, 0, 1] and p = [0.8, 0.3, 0.6], by hand."""
    value = number_or_hint(answer, "the loss")
    if value is None:
        return
    y, p = EXERCISE_5_Y, EXERCISE_5_P
    expected = binary_crossentropy(y, p)
    per_sample = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    hints = [
        (-expected, "the loss is positive: put a minus sign in front of the mean of the logs."),
        (float(per_sample.sum()), "Keras averages over the samples: divide the sum by 3."),
        (float(np.mean(-(y * np.log10(p) + (1 - y) * np.log10(1 - p)))),
         "use the natural logarithm, np.log, not log10."),
        (float(np.mean(-y * np.log(p))), "the (1 - y) · log(1 - p) term counts the sample whose "
                                         "label is 0."),
    ]
    for wrong, hint in hints:
        if _close(value, wrong):
            return verdict(False, "", hint)
    check_close(value, expected, name="the loss", rtol=1e-4)


# Exercise 6: a Keras loss for each task.
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
    """Exercise 6: a dict from each task in ``TASKS`` to the name of a Keras loss."""
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


# Exercise 8: section 9's training loop with .batch(100), over the 455 training tumours.
EXERCISE_8 = dict(samples=455, batch_size=100, epochs=10)


def check_loop_steps(steps, last_batch):
    """Exercise 8: how many optimizer steps ``EXERCISE_8['epochs']`` epochs of a
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
    n, size, epochs = EXERCISE_8["samples"], EXERCISE_8["batch_size"], EXERCISE_8["epochs"]
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
