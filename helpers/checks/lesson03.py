"""Self-checks for the exercises of lesson 03 (the forward pass).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer. The expected values come from the lesson's 3-layer network (2 -> 3 -> 2 -> 2, sigmoid
hidden layers, identity output) and from its trained Fashion-MNIST network, computed with
``helpers.functions``.

Conventions the checks rely on:

* Numbers are accepted when they agree to a relative 1e-6 with the expected values, or when they
  were typed from printed output with at least the significant figures the check names (4 for
  the worked example's values, 3 for an accuracy) and are right to the last digit given (rounded
  or cut off). An answer that is right to the digits given but has fewer of them gets "more
  digits, please", not "check your formula".
* Weights follow NumPy's ``x @ W`` convention: W has shape (inputs, neurons).
* An accuracy is a fraction between 0 and 1 (not a percentage).
"""

import numpy as np

from helpers.checks import EMPTY, as_array, as_number, check_close, is_empty, verdict
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


def _figures(value, float32=False):
    """How many significant figures the shortest way of writing ``value`` has (0.886 -> 3)."""
    text = np.format_float_scientific(np.float32(value) if float32 else value, unique=True,
                                      trim="-")
    mantissa = text.split("e")[0].lstrip("-").replace(".", "")
    return max(len(mantissa), 1)


def _right_to_the_digits_given(a, expected, float32=False):
    """The fewest significant figures among the entries of ``a`` if every entry is right to its
    last digit (rounded or cut off), else None."""
    figures = []
    for value, want in zip(np.ravel(a), np.ravel(expected)):
        if value == 0:                   # 0 says nothing about digits: right only if exact
            if abs(want) > 1e-12:
                return None
            continue
        n = _figures(float(value), float32)
        exponent = int(np.floor(np.log10(abs(value))))
        last_digit = 10.0 ** (exponent - n + 1)
        rounded = abs(value - want) <= last_digit / 2 * (1 + 1e-9)
        cut_off = (np.sign(value) == np.sign(want)
                   and abs(value) <= abs(want) + 1e-12 * last_digit
                   and abs(want) < abs(value) + last_digit * (1 - 1e-9))
        if not (rounded or cut_off):
            return None
        figures.append(n)
    return min(figures) if figures else 17


def _check_figures(answer, expected, name, figures, hint=""):
    """check_close, but an answer typed from printed output with at least ``figures``
    significant figures is right, and one right to fewer digits gets "more digits, please"."""
    if is_empty(answer):
        return verdict(False, "", f"{name} is still empty: {EMPTY}")
    a, e = as_array(answer), np.asarray(expected, dtype=float)
    if a is None or a.shape != e.shape or not np.all(np.isfinite(a)):
        return check_close(answer, expected, name=name)      # its hints for shape and NaN
    if np.allclose(a, e, rtol=1e-6, atol=1e-8):
        return verdict(True, f"Correct: {name} matches.", "")
    float32 = np.asarray(answer).dtype == np.float32
    given = _right_to_the_digits_given(a, e, float32)
    if given is not None and given >= figures:
        return verdict(True, f"Correct: {name} matches to the {given} significant figures you "
                             "gave.", "")
    if given is not None:
        return verdict(False, "", f"{name} is right as far as it goes ({given} significant "
                                  f"figure{'s' if given != 1 else ''}), but more digits, please: "
                                  f"give at least {figures}, or pass the computed value itself.")
    worst = float(np.max(np.abs(a - e)))
    verdict(False, "", hint or f"{name} is off by up to {worst:.3g}. Check your formula and try "
                               "again.")


def _whole_number(answer):
    """The answer as an int if it is one whole number (5, 5.0, np.int64(5)), else None."""
    if isinstance(answer, (bool, np.bool_, str, bytes)):
        return None
    value = as_number(answer)
    if value is None or not np.isfinite(value) or not float(value).is_integer():
        return None
    return int(value)


def check_shape(answer):
    """Exercise 1: the shape of ``X @ W1`` for a batch X of 5 inputs (W1 has shape (2, 3))."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__iter__"):
        return verdict(False, "", f"give the shape as a tuple of whole numbers, e.g. (7, 4); "
                                  f"got {answer!r}.")
    sizes = [_whole_number(n) for n in answer]
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
    a = as_array(answer) if not is_empty(answer) else None
    if a is not None and a.shape == (3,) and np.allclose(a, sigmoid(expected), atol=5e-4):
        return verdict(False, "", "that is Z1 = sigmoid(A1); the question asks for A1, the "
                                  "weighted sums before the activation.")
    _check_figures(answer, expected, "A1", figures=4)


def check_y(answer):
    """Exercise 3: the network's output Y for the input x = [0.0, 1.0] (identity output)."""
    _check_figures(answer, _forward([0.0, 1.0]), "Y", figures=4)


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
    hint = None
    if 0 <= value <= 1 and not np.isclose(value, expected, atol=0.05):
        hint = (f"{value:g} is far from the network's accuracy: compare np.argmax(y, axis=1) "
                f"with t_test[:{N_IMAGES}] and take the mean of the matches.")
    _check_figures(value, expected, "the accuracy", figures=3, hint=hint or "")


def check_parameter_count(answer):
    """Exercise 5: weights plus biases of a 784 -> 50 -> 100 -> 10 fully connected network."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    n = _whole_number(answer)
    if n is None:
        return verdict(False, "", f"give one whole number; got {answer!r:.60}.")
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
