"""Self-checks for the exercises of lesson 08 (weight initialization and batch normalization).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. A standard deviation is accepted to 2 significant figures,
rounded or cut off (the solutions print 0.0884 and 0.0439; 0.088 is as good for a weight
scale), and recognised as a known mistake the same way; an answer right to fewer figures hears
"more digits, please" (``helpers.checks.check_number``).
"""

import math

import numpy as np

from helpers.checks import (
    EMPTY,
    as_array,
    check_close,
    check_number,
    is_empty,
    verdict,
    whole_number_or_hint,
)
from helpers.layers import BatchNormalization

STD_DIGITS = 2  # significant figures a standard deviation needs

# The batch of exercise 3 (the lesson shows the same numbers).
EXERCISE3_X = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0], [7.0, 2.0]])
EXERCISE3_GAMMA = np.array([1.0, 2.0])
EXERCISE3_BETA = np.array([0.0, 1.0])
EXERCISE3_EPSILON = 1e-3


def check_he_std(answer):
    """Exercise 1: the He standard deviation for a layer with 256 inputs, sqrt(2 / 256)."""
    mistakes = [
        (math.sqrt(1 / 256), "that is sqrt(1/n), the book's Xavier. He doubles the variance for "
                             "ReLU."),
        (2 / 256, "that is the variance 2/n; the standard deviation is its square root."),
    ]
    check_number(answer, math.sqrt(2 / 256), "the He standard deviation", mistakes,
                 digits=STD_DIGITS)


def check_glorot_std(answer):
    """Exercise 2: Keras's GlorotNormal standard deviation for 784 inputs and 256 units."""
    mistakes = [
        (math.sqrt(1 / 784), "that is the book's Xavier, sqrt(1/n_in). Keras's Glorot uses both "
                             "n_in and n_out."),
        (2 / (784 + 256), "that is the variance; take its square root."),
        (math.sqrt(6 / (784 + 256)), "that is GlorotUniform's limit, not the standard deviation "
                                     "of GlorotNormal."),
    ]
    check_number(answer, math.sqrt(2 / (784 + 256)), "the Glorot standard deviation", mistakes,
                 digits=STD_DIGITS)


def check_batchnorm_forward(answer):
    """Exercise 3: the batch-norm output of EXERCISE3_X in training mode."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    x = EXERCISE3_X
    mu, var = x.mean(axis=0), x.var(axis=0)
    expected = EXERCISE3_GAMMA * (x - mu) / np.sqrt(var + EXERCISE3_EPSILON) + EXERCISE3_BETA
    a = as_array(answer)
    if a is not None and a.shape == x.shape:
        unbiased = (EXERCISE3_GAMMA * (x - mu) / np.sqrt(x.var(axis=0, ddof=1) + EXERCISE3_EPSILON)
                    + EXERCISE3_BETA)
        if np.allclose(a, unbiased, rtol=1e-6):
            return verdict(False, "", "you divided by N - 1 (ddof=1). Batch norm uses the biased "
                                      "variance: np.var's default, dividing by N.")
        plain = (x - mu) / np.sqrt(var + EXERCISE3_EPSILON)
        if np.allclose(a, plain, rtol=1e-6):
            return verdict(False, "", "that is x_hat; now scale by gamma and shift by beta.")
        by_rows = (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True)
                                                                + EXERCISE3_EPSILON)
        if np.allclose(a, EXERCISE3_GAMMA * by_rows + EXERCISE3_BETA, rtol=1e-6):
            return verdict(False, "", "you normalized each sample (axis=1); batch norm normalizes "
                                      "each feature over the batch (axis=0).")
    check_close(answer, expected, name="the normalized batch", rtol=1e-6)


def check_warm_up_steps(answer):
    """Exercise 4: first step at which a moving mean (momentum 0.99, start 0, batch mean 2.0)
    reaches 1.98."""
    moving, steps = 0.0, 0
    while moving < 1.98:
        moving = moving * 0.99 + 2.0 * 0.01
        steps += 1
    value = whole_number_or_hint(answer, "the number of steps")
    if value is None:
        return
    if value == steps - 1:
        return verdict(False, "", f"after {steps - 1} steps the moving mean is "
                                  f"{2 * (1 - 0.99 ** (steps - 1)):.5f}, still just below 1.98.")
    verdict(value == steps, f"Correct: {steps} steps, since 0.99**{steps} ≤ 0.01 < "
                            f"0.99**{steps - 1}.",
            "write the moving mean after k steps as 2 · (1 − 0.99**k) and find the first k "
            "where it reaches 1.98 (or simulate the update in a loop).")


def check_batchnorm_backward(batchnorm_dx):
    """Exercise 5: a function batchnorm_dx(x, gamma, dout, eps) returning dx of batch norm in
    training mode; compared with helpers.layers.BatchNormalization on random batches."""
    if is_empty(batchnorm_dx):
        return verdict(False, "", EMPTY)
    if not callable(batchnorm_dx):
        return verdict(False, "", f"pass the function itself (batchnorm_dx, without brackets); "
                                  f"got a {type(batchnorm_dx).__name__}.")
    rng = np.random.default_rng(7)
    for n, d in ((5, 3), (8, 1), (16, 6)):
        x = rng.normal(1.0, 2.0, (n, d))
        gamma = rng.normal(1.0, 0.3, d)
        dout = rng.normal(size=(n, d))
        layer = BatchNormalization(gamma, np.zeros(d), epsilon=1e-3)
        layer.forward(x, train_flg=True)
        expected = layer.backward(dout)
        try:
            got = batchnorm_dx(x.copy(), gamma.copy(), dout.copy(), 1e-3)
        except Exception as err:  # the learner's code: report, do not crash the check
            return verdict(False, "", f"batchnorm_dx raised {type(err).__name__}: {err}")
        if is_empty(got):
            return verdict(False, "", "batchnorm_dx returned nothing: " + EMPTY)
        got = np.asarray(got, dtype=float)
        if got.shape != expected.shape:
            return verdict(False, "", f"for x of shape {x.shape} dx should have the same shape; "
                                      f"got {got.shape}.")
        if not np.allclose(got, expected, rtol=1e-6, atol=1e-9):
            if np.allclose(got, gamma * dout / np.sqrt(x.var(axis=0) + 1e-3)):
                return verdict(False, "", "that ignores how the mean and the variance depend on x: "
                                          "subtract mean(dx_hat) and x_hat * mean(dx_hat * x_hat).")
            worst = float(np.max(np.abs(got - expected)))
            return verdict(False, "", f"dx differs from the layer's by up to {worst:.3g} for a "
                                      f"batch of shape {x.shape}. Are the means over axis 0?")
    verdict(True, "Correct: your compact formula equals the node-by-node backward pass.", "")
