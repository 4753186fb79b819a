"""Self-checks for the exercises of lesson 06 (training a network).

Each check prints one verdict line (✅ or ❌ with a hint) and returns nothing. Answers that are
not whole numbers are accepted to 3 significant figures; one right to the fewer figures it was
given hears "more digits, please" rather than a hint about the formula (``helpers.checks``).
"""

import math

import numpy as np

from helpers.checks import EMPTY, as_array, check_close, is_empty, verdict

DIGITS = 3  # significant figures an answer needs


def _numbers(answer, shape, what):
    """The answer as a float array of the given shape, or None after printing what was wrong."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    a = as_array(answer)
    if a is None or a.shape != shape or not np.all(np.isfinite(a)):
        return verdict(False, "", f"answer with {what}.")
    return a


# Exercise 1: updates per epoch.
N_IMAGES, BATCH_SIZE, EPOCHS = 10_000, 32, 5


def check_updates(answer):
    """Exercise 1: (updates in one epoch, updates in 5 epochs) for 10,000 images, batches of 32."""
    a = _numbers(answer, (2,), "two numbers: (updates in one epoch, updates in 5 epochs)")
    if a is None:
        return
    per_epoch = math.ceil(N_IMAGES / BATCH_SIZE)
    if np.array_equal(a, [per_epoch, EPOCHS * per_epoch]):
        return verdict(True, f"Correct: {per_epoch} updates per epoch (312 batches of 32 and a "
                             f"last one of 16), {EPOCHS * per_epoch} in 5 epochs.", "")
    if np.allclose(a, [N_IMAGES / BATCH_SIZE, EPOCHS * N_IMAGES / BATCH_SIZE]):
        return verdict(False, "", "a mini-batch is a whole number of images: 10,000 / 32 = "
                                  "312.5, so 312 full batches and one more with the rest.")
    if np.array_equal(a, [per_epoch - 1, EPOCHS * (per_epoch - 1)]):
        return verdict(False, "", "the last, smaller batch (the 16 images left over) is an "
                                  "update too: the loop's range(0, N, batch_size) reaches it.")
    if a[0] == N_IMAGES:
        return verdict(False, "", "that counts images; one update uses a whole mini-batch.")
    if a[0] == per_epoch:
        return verdict(False, "", f"{per_epoch} per epoch is right; every epoch has as many.")
    verdict(False, "", "one update per mini-batch: divide the images by the batch size and "
                       "round up; then multiply by the number of epochs.")


# Exercise 2: one SGD step for the output layer's bias b2, through Softmax-with-Loss.
Y = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4]])  # softmax outputs of a batch of two
T = np.array([0, 2])                               # their labels
B2 = np.array([0.1, 0.0, -0.1])
LEARNING_RATE = 0.5


def _b2_after(y, t, b2, learning_rate, divide=True, sign=-1):
    dy = y.copy()
    dy[np.arange(len(t)), t] -= 1         # y - t, with t one-hot
    db2 = dy.sum(axis=0) / (len(t) if divide else 1)
    return b2 + sign * learning_rate * db2


def check_bias_step(answer):
    """Exercise 2: b2 after one SGD step (learning rate 0.5) for the batch Y, T."""
    a = _numbers(answer, (3,), "three numbers, the new b2 (one per class)")
    if a is None:
        return
    expected = _b2_after(Y, T, B2, LEARNING_RATE)
    db2 = (expected - B2) / -LEARNING_RATE
    check_close(answer, expected, name="b2", digits=DIGITS, mistakes=[
        (_b2_after(Y, T, B2, LEARNING_RATE, divide=False),
         "the loss is the mean over the batch, so its gradient is (y - t) / N: divide the sum "
         "over the 2 samples by N = 2."),
        (_b2_after(Y, T, B2, LEARNING_RATE, sign=+1),
         "you stepped uphill: the update subtracts learning_rate * gradient."),
    ], praise=f"Correct: db2 = {np.round(db2, 3)}, so b2 becomes {np.round(expected, 3)}.",
       hint="db2 = sum over the batch of (y - t) / N, with t one-hot (a 1 at the label); then "
            "b2 <- b2 - learning_rate * db2.")


def check_value_gradients(answer):
    """Exercise 3: f(x, y) = tanh(x*y + x) at x = 0.5, y = -1.5: (df/dx, df/dy)."""
    a = _numbers(answer, (2,), "two numbers, (df/dx, df/dy)")
    if a is None:
        return
    x, y = 0.5, -1.5
    local = 1 - math.tanh(x * y + x) ** 2
    expected = np.array([local * (y + 1), local * x])
    check_close(answer, expected, name="(df/dx, df/dy)", digits=DIGITS, mistakes=[
        ([y + 1, x], "that is the gradient of x*y + x alone: multiply by tanh's local gradient, "
                     "1 - tanh(u)**2.")],
        hint="build f from Value objects, call f.backward() and read x.grad and y.grad.")


# Exercise 4: a framework's fixed cost per step.
STEPS = 600                                       # 60,000 images in batches of 100
SECONDS = {"defaults": 2.37, "steps_per_execution=50": 1.19}
FUSED, FLOOR = 0.50, 0.33                         # seconds per epoch of NumPy's fused net, floor


def check_overhead(answer):
    """Exercise 4: milliseconds per step that Keras spends beyond NumPy's fused network,
    (defaults, steps_per_execution=50)."""
    a = _numbers(answer, (2,), "two numbers in milliseconds: (Keras's defaults, "
                               "steps_per_execution=50)")
    if a is None:
        return
    keras_seconds = np.array(list(SECONDS.values()))
    expected = 1000 * (keras_seconds - FUSED) / STEPS
    check_close(answer, expected, name="the milliseconds per step", digits=DIGITS, mistakes=[
        (expected / 1000, "those are seconds; the question asks for milliseconds (x 1000)."),
        (1000 * keras_seconds / STEPS,
         "that is Keras's whole step; subtract the time NumPy needs for the same arithmetic "
         "first: (seconds - 0.50) / 600 steps."),
        (1000 * (keras_seconds - FLOOR) / STEPS,
         "that subtracts the floor, which leaves out part of the arithmetic; subtract "
         "FusedTwoLayerNet's 0.50 s, which does all of it."),
        (expected / 100, "divide by the steps (600 mini-batches), not by the 60,000 images."),
    ], praise=f"Correct: {expected[0]:.2f} and {expected[1]:.2f} ms per step go to Keras's own "
              f"machinery, against {1000 * FUSED / STEPS:.2f} ms for a whole NumPy step; 50 "
              "steps per call remove nearly two thirds of it.",
       hint="per step = per mini-batch: (Keras's seconds per epoch - NumPy's) / 600 steps, in "
            "milliseconds.")
