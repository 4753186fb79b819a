"""Self-checks for the exercises of lesson 03 (the forward pass).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer. The expected values come from the lesson's 3-layer network (2 -> 3 -> 2 -> 2, sigmoid
hidden layers, identity output), computed with ``helpers.functions``.
"""

import numpy as np

from helpers.checks import EMPTY, check_close, is_empty, verdict
from helpers.functions import identity_function, sigmoid

# The lesson's network, in NumPy's x @ W convention: W has shape (inputs, neurons).
_W1 = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
_B1 = np.array([0.1, 0.2, 0.3])
_W2 = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
_B2 = np.array([0.1, 0.2])
_W3 = np.array([[0.1, 0.3], [0.2, 0.4]])
_B3 = np.array([0.1, 0.2])


def _forward(x):
    z1 = sigmoid(np.asarray(x, float) @ _W1 + _B1)
    z2 = sigmoid(z1 @ _W2 + _B2)
    return identity_function(z2 @ _W3 + _B3)


def check_shape(answer):
    """Exercise 1: the shape of ``X @ W1`` for a batch X of 5 inputs (W1 has shape (2, 3))."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    try:
        shape = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return verdict(False, "", f"give the shape as a tuple of whole numbers, e.g. (7, 4); "
                                  f"got {answer!r}.")
    hints = {(3, 5): "rows come from X (one per input) and columns from W1 (one per neuron).",
             (5, 2): "X has shape (5, 2), but the 2 is used up by the product with W1's rows.",
             (2, 3): "that is W1's own shape; how many rows does X have?"}
    verdict(shape == (5, 3), "Correct: (5, 2) @ (2, 3) gives (5, 3): one row per input, one "
                             "column per neuron.",
            hints.get(shape, "(n, k) @ (k, m) gives (n, m)."))


def check_a1(answer):
    """Exercise 2: A1 = x @ W1 + B1 for the input x = [0.0, 1.0]."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    check_close(answer, np.array([0.0, 1.0]) @ _W1 + _B1, name="A1")


def check_y(answer):
    """Exercise 3: the network's output Y for the input x = [0.0, 1.0]."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    check_close(answer, _forward([0.0, 1.0]), name="Y")


BATCH = np.array([[1.0, 0.5], [0.0, 1.0], [-1.0, -1.0]])


def check_batch_output(answer):
    """Exercise 4: the network's outputs for the batch ``BATCH`` (one row per input)."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    check_close(answer, _forward(BATCH), name="the batch output")


def check_parameter_count(answer):
    """Exercise 5: weights plus biases of a 784 -> 50 -> 100 -> 10 fully connected network."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    sizes = [784, 50, 100, 10]
    weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    biases = sum(sizes[1:])
    try:
        n = int(answer)
    except (TypeError, ValueError):
        return verdict(False, "", f"give one whole number; got {answer!r}.")
    if n == weights:
        return verdict(False, "", "that counts the weights only: add one bias per neuron.")
    verdict(n == weights + biases and float(answer) == n,
            f"Correct: {weights:,} weights + {biases} biases = {weights + biases:,} parameters.",
            "each layer has (inputs x neurons) weights and one bias per neuron; add the layers.")
