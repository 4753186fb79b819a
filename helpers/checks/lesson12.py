"""Self-checks for the exercises of lesson 12 (the Keras training toolkit).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. Numbers are judged by the shared rule of
``helpers.checks`` (``check_number`` / ``check_close`` with ``digits``): an answer copied from
the lesson's printed output is accepted, one that is right but too short hears "more digits,
please", a known mistake hears its own hint. NumPy only: the expected values come from the
formulas in ``helpers.schedules``, never from TensorFlow.
"""

import math

import numpy as np

from helpers.checks import EMPTY, check_close, check_number, is_empty, number_or_hint, verdict
from helpers.schedules import cosine_decay_restarts, exponential_decay

# The significant figures the lesson prints its numbers with (0.00810, 0.258, -0.300).
DIGITS = 3

# The settings of exercise 1: the notes' ExponentialDecay, with staircase=True.
EXERCISE_1 = dict(initial_learning_rate=1e-2, decay_steps=10_000, decay_rate=0.9)
EXERCISE_1_STEP = 25_000


def check_staircase_rate(answer):
    """Exercise 1: the learning rate of ``ExponentialDecay(1e-2, decay_steps=10_000,
    decay_rate=0.9, staircase=True)`` at step 25,000."""
    expected = exponential_decay(EXERCISE_1_STEP, staircase=True, **EXERCISE_1)
    smooth = exponential_decay(EXERCISE_1_STEP, staircase=False, **EXERCISE_1)
    check_number(answer, expected, "the learning rate", digits=DIGITS, mistakes=[
        (smooth, "that is the smooth curve's value. With staircase=True the exponent "
                 "step / decay_steps is rounded down first."),
        (exponential_decay(30_000, staircase=True, **EXERCISE_1),
         "floor(25,000 / 10,000) is 2: the third drop comes only at step 30,000."),
    ], praise=f"Correct: 0.01 · 0.9² = {expected:.4g}; the rate dropped at steps 10,000 and "
              "20,000 and stays flat until 30,000.",
        hint="the rate is initial_learning_rate · decay_rate ** floor(step / decay_steps).")


def check_second_restart(answer):
    """Exercise 5 (optional): the step at which
    ``CosineDecayRestarts(0.01, first_decay_steps=1000)`` (t_mul=2) restarts for the second
    time, i.e. where cycle 2 begins."""
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
    """Exercise 2: the standard deviation of ``HeNormal`` weights of a ``Dense(64)`` layer
    that receives 30 inputs."""
    fan_in, fan_out = 30, 64
    expected = math.sqrt(2 / fan_in)
    check_number(answer, expected, "the standard deviation", digits=DIGITS, mistakes=[
        (math.sqrt(2 / (fan_in + fan_out)), "that is Glorot's (Xavier's) standard deviation. "
                                            "He uses only fan_in: sqrt(2 / fan_in)."),
        (math.sqrt(2 / fan_out), "He counts the inputs of the layer (fan_in = 30), not its "
                                 "units."),
        (2 / fan_in, "that is the variance; the standard deviation is its square root."),
        (math.sqrt(1 / fan_in), "that is LeCun's sqrt(1 / fan_in); He doubles the variance "
                                "for ReLU."),
    ], hint="He's standard deviation is sqrt(2 / fan_in), fan_in being the layer's inputs.")


def check_batchnorm_params(trainable, non_trainable):
    """Exercise 3: trainable and non-trainable parameter counts of
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


# Exercise 4: one step of SGD(learning_rate=0.1, clipnorm=5.0) on the gradient (6, 8).
EXERCISE_4 = dict(learning_rate=0.1, clipnorm=5.0, gradient=(6.0, 8.0))


def clipped_step(gradient, learning_rate, clipnorm=None, clipvalue=None):
    """The change one step of plain SGD makes, after Keras's ``clipnorm`` (the gradient scaled
    to a norm of at most ``clipnorm``) or ``clipvalue`` (each entry cut to [-c, c])."""
    g = np.asarray(gradient, dtype=float)
    if clipnorm is not None:
        norm = float(np.sqrt(np.sum(g ** 2)))
        g = g * min(1.0, clipnorm / norm) if norm > 0 else g
    if clipvalue is not None:
        g = np.clip(g, -clipvalue, clipvalue)
    return -learning_rate * g


def check_clipped_step(answer):
    """Exercise 4: the change of the two weights after one step of
    ``SGD(learning_rate=0.1, clipnorm=5.0)`` on the gradient (6, 8)."""
    g, rate, c = EXERCISE_4["gradient"], EXERCISE_4["learning_rate"], EXERCISE_4["clipnorm"]
    expected = clipped_step(g, rate, clipnorm=c)
    check_close(answer, expected, name="the change", digits=DIGITS, mistakes=[
        (-expected, "the weights move against the gradient: the change is minus the learning "
                    "rate times the (clipped) gradient."),
        (clipped_step(g, rate), "the gradient's norm is 10, above clipnorm=5: scale the "
                                "gradient down to norm 5 first."),
        (clipped_step(g, rate, clipvalue=c), "that is clipvalue: each entry cut to 5. clipnorm "
                                             "scales the whole gradient, keeping its direction."),
        (clipped_step(g, 1.0, clipnorm=c), "multiply the clipped gradient by the learning rate, "
                                           "0.1."),
    ], hint="scale the gradient to norm 5 (it has norm 10), then the change is -0.1 times it.")
