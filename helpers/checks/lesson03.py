"""Self-checks for the exercises of lesson 03 (the forward pass).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer. The expected values come from the lesson's 3-layer network (2 -> 3 -> 2 -> 2, sigmoid
hidden layers, identity output) and from its trained Fashion-MNIST network, computed with
``helpers.functions``.

Conventions the checks rely on:

* Numbers are accepted when they agree to a relative 1e-6 with the expected values, or to the
  significant figures the check names (4 for the worked example's values, 3 for an accuracy),
  rounded or cut off; an answer right to fewer figures gets "more digits, please", not "check
  your formula" (``helpers.checks.check_close``).
* Weights follow NumPy's ``x @ W`` convention: W has shape (inputs, neurons).
* An accuracy is a fraction between 0 and 1 (not a percentage).
"""

import numpy as np

from helpers.checks import (
    EMPTY,
    as_number,
    as_whole_number,
    check_close,
    check_number,
    is_empty,
    verdict,
    whole_number_or_hint,
)
from helpers.functions import identity_function, sigmoid, softmax

# The lesson's network, in NumPy's x @ W convention: W has shape (inputs, neurons).
_W1 = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
_B1 = np.array([0.1, 0.2, 0.3])
_W2 = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
_B2 = np.array([0.1, 0.2])
_W3 = np.array([[0.1, 0.3], [0.2, 0.4]])
_B3 = np.array([0.1, 0.2])

# Exercise 4's batch: the first N_IMAGES test images of the bundled subset (the lesson's x_test).
N_IMAGES = 300


def _forward(x):
    z1 = sigmoid(np.asarray(x, float) @ _W1 + _B1)
    z2 = sigmoid(z1 @ _W2 + _B2)
    return identity_function(z2 @ _W3 + _B3)


def check_shape(answer):
    """Exercise 1: the shape of ``X @ W1`` for a batch X of 5 inputs (W1 has shape (2, 3))."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__iter__"):
        return verdict(False, "", f"give the shape as a tuple of whole numbers, e.g. (7, 4); "
                                  f"got {answer!r}.")
    sizes = [as_whole_number(n) for n in answer]
    if not sizes or None in sizes:
        return verdict(False, "", f"give the shape as a tuple of whole numbers, e.g. (7, 4); "
                                  f"got {answer!r}.")
    shape = tuple(sizes)
    hints = {(3, 5): "rows come from X (one per input) and columns from W1 (one per neuron).",
             (5, 2): "X has shape (5, 2), but the 2 is used up by the product with W1's rows.",
             (2, 3): "that is W1's own shape; how many rows does X have?"}
    verdict(shape == (5, 3), "Correct: (5, 2) @ (2, 3) gives (5, 3): one row per input, one "
                             "column per neuron.",
            hints.get(shape, "(n, k) @ (k, m) gives (n, m)."))


def check_a1(answer):
    """Exercise 2: A1 = x @ W1 + B1 for the input x = [0.0, 1.0] (before the sigmoid)."""
    expected = np.array([0.0, 1.0]) @ _W1 + _B1
    check_close(answer, expected, name="A1", digits=4, mistakes=[
        (sigmoid(expected), "that is Z1 = sigmoid(A1); the question asks for A1, the weighted "
                            "sums before the activation.")])


def check_y(answer):
    """Exercise 3: the network's output Y for the input x = [0.0, 1.0] (identity output)."""
    check_close(answer, _forward([0.0, 1.0]), name="Y", digits=4)


def _trained_predictions():
    """The trained network's predicted classes for exercise 4's images, and their labels."""
    from helpers.data import load_bundled_subset, load_forward_pass_weights

    network = load_forward_pass_weights()
    (_, _), (images, labels) = load_bundled_subset()
    x = images[:N_IMAGES].reshape(N_IMAGES, -1) / 255.0     # float64, as the lesson uses
    z1 = sigmoid(x @ network["W1"] + network["b1"])
    z2 = sigmoid(z1 @ network["W2"] + network["b2"])
    y = softmax(z2 @ network["W3"] + network["b3"])
    return np.argmax(y, axis=1), labels[:N_IMAGES]


def check_batch_accuracy(answer):
    """Exercise 4: the trained network's accuracy on the first 300 test images of the lesson
    (``x_test[:300]``, the bundled subset): the fraction classified right, between 0 and 1."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    value = as_number(answer)
    if value is None or isinstance(answer, (str, bytes)) or not np.isfinite(value):
        return verdict(False, "", f"give one number, the fraction right (between 0 and 1); got "
                                  f"{answer!r:.60}.")
    predicted, labels = _trained_predictions()
    correct = int(np.sum(predicted == labels))
    expected = correct / N_IMAGES
    if value == correct:
        return verdict(False, "", f"{correct} is the number of images classified right; the "
                                  f"accuracy is that number divided by {N_IMAGES}.")
    if 1 < value <= 100 and np.isclose(value / 100, expected, atol=1e-3):
        return verdict(False, "", "that looks like a percentage; give the fraction (between 0 "
                                  "and 1).")
    if 0 <= value <= 1 and not np.isclose(value, expected, atol=0.05):
        return verdict(False, "", f"{value:g} is far from the network's accuracy: compare "
                                  f"np.argmax(y, axis=1) with t_test[:{N_IMAGES}] and take the "
                                  f"mean of the matches.")
    check_number(answer, expected, "the accuracy", digits=3)


def check_parameter_count(answer):
    """Exercise 5: weights plus biases of a 784 -> 50 -> 100 -> 10 fully connected network."""
    n = whole_number_or_hint(answer, "the number of parameters")
    if n is None:
        return
    sizes = [784, 50, 100, 10]
    weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    biases = sum(sizes[1:])
    if n == weights:
        return verdict(False, "", "that counts the weights only: add one bias per neuron.")
    if n == weights + biases - sizes[-1]:
        return verdict(False, "", "almost: the output layer has biases too.")
    verdict(n == weights + biases,
            f"Correct: {weights:,} weights + {biases} biases = {weights + biases:,} parameters.",
            "each layer has (inputs x neurons) weights and one bias per neuron; add the layers.")
