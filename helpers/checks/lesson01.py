"""Self-checks for the exercises of lesson 01 (perceptron logic gates).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again.
"""

import numpy as np

from helpers.checks import as_array, check_close, verdict
from helpers.gates import INPUTS, perceptron

_EMPTY = "replace the placeholder (...) with your answer."


def _empty(*answers):
    return any(a is None or a is Ellipsis for a in answers)


def _perceptron_outputs(w, b, inputs):
    """The learner's perceptron on every input, or an error message saying why it cannot run."""
    try:
        return perceptron(inputs, w, b), None
    except (TypeError, ValueError) as err:
        return None, str(err)


def _check_gate(w, b, inputs, expected, gate_name):
    if _empty(w, b):
        return verdict(False, "", _EMPTY)
    y, problem = _perceptron_outputs(w, b, inputs)
    if problem:
        return verdict(False, "", problem)
    wrong = [tuple(int(v) for v in x) for x, yi, ti in zip(inputs, y, expected) if yi != ti]
    verdict(not wrong, f"Correct: w={np.round(np.asarray(w, float), 3).tolist()}, b={float(b):g} "
                       f"is a {gate_name} gate.",
            f"your perceptron gives the wrong answer for input(s) {wrong}. Which side of the "
            f"line should each of them be on?")


def check_weighted_sum(answer):
    """Exercise 1: the OR perceptron's weighted sum plus bias, x1*w1 + x2*w2 + b, for the
    input (x1, x2) = (0, 1)."""
    if _empty(answer):
        return verdict(False, "", _EMPTY)
    expected = 0 * 0.6 + 1 * 0.6 - 0.5
    check_close(answer, expected, name="the weighted sum")


def check_nor(w, b):
    """Exercise 2: weights and bias of one perceptron that is a NOR gate (1 only for (0, 0))."""
    expected = [int(not (x1 or x2)) for x1, x2 in INPUTS]
    _check_gate(w, b, INPUTS, expected, "NOR")


def check_and3(w, b):
    """Exercise 3: weights (three of them) and bias of a three-input AND gate."""
    inputs = np.array([[i >> 2 & 1, i >> 1 & 1, i & 1] for i in range(8)])
    expected = [int(all(x)) for x in inputs]
    if not _empty(w) and (as_array(w) is None or as_array(w).size != 3):
        return verdict(False, "", "a three-input gate needs three weights (three numbers).")
    _check_gate(w, b, inputs, expected, "three-input AND")


def check_xnor(xnor):
    """Exercise 4: a function ``xnor(x1, x2)`` built from AND, OR, NAND (and XOR) that is 1
    when the two inputs are equal."""
    if _empty(xnor):
        return verdict(False, "", _EMPTY)
    if not callable(xnor):
        return verdict(False, "", f"pass the function itself (xnor, without brackets); "
                                  f"got a {type(xnor).__name__}.")
    wrong = []
    for x1, x2 in INPUTS:
        x1, x2 = int(x1), int(x2)
        try:
            y = xnor(x1, x2)
        except Exception as err:  # the learner's code: report, do not crash the check
            return verdict(False, "", f"xnor({x1}, {x2}) raised {type(err).__name__}: {err}")
        if _empty(y):
            return verdict(False, "", f"xnor({x1}, {x2}) returned {y!r}: " + _EMPTY)
        if y != int(x1 == x2):
            wrong.append((x1, x2, y))
    verdict(not wrong, "Correct: that is XNOR, a two-layer perceptron.",
            "wrong output(s) as (x1, x2, your output): "
            f"{wrong}. XNOR is 1 when x1 and x2 are equal.")


ONE_LINE_GATES = {"AND", "OR", "NAND", "NOR"}
ALL_GATES = {"AND", "OR", "NAND", "NOR", "XOR", "XNOR"}


def check_one_line(answer):
    """Exercise 5: the set of gates, among AND, OR, NAND, NOR, XOR, XNOR, that a single
    perceptron (one straight line) can compute."""
    if _empty(answer):
        return verdict(False, "", _EMPTY)
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return verdict(False, "", 'give a set of names, e.g. {"AND", "OR"}.')
    names = {str(a).upper() for a in answer}
    unknown = names - ALL_GATES
    if unknown:
        return verdict(False, "", f"unknown gate name(s) {sorted(unknown)}; "
                                  f"choose from {sorted(ALL_GATES)}.")
    missing, extra = ONE_LINE_GATES - names, names - ONE_LINE_GATES
    hint = []
    if extra:
        hint.append(f"{sorted(extra)} cannot be drawn with one line (try to draw it)")
    if missing:
        hint.append(f"{sorted(missing)} can: find the line")
    verdict(not hint, "Correct: exactly the linearly separable gates.", "; ".join(hint) + ".")


def check_learned_nand(result):
    """Exercise 6: what ``perceptron_learning_rule`` returned after training on NAND
    (its ``w`` and ``b`` must compute NAND)."""
    if _empty(result):
        return verdict(False, "", _EMPTY)
    if not (hasattr(result, "w") and hasattr(result, "b")):
        return verdict(False, "", "pass the whole result of perceptron_learning_rule(...), "
                                  f"which has .w and .b; got a {type(result).__name__}.")
    expected = [int(not (x1 and x2)) for x1, x2 in INPUTS]
    _check_gate(result.w, result.b, INPUTS, expected, "NAND")
