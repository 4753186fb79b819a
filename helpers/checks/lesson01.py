"""Self-checks for the exercises of lesson 01 (perceptron logic gates).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again.

Conventions the checks rely on:

* A perceptron fires (outputs 1) only when ``w·x + b > 0``: an input exactly on the line, with
  sum 0, gives 0 (``helpers.gates.perceptron``, as in the lesson).
* Epochs are counted from 1; a whole number written as a float (5.0) is accepted.
"""

import numpy as np

from helpers import gates
from helpers.checks import EMPTY, as_array, as_whole_number, check_close, is_empty, verdict
from helpers.gates import INPUTS, perceptron


def _perceptron_outputs(w, b, inputs):
    """The learner's perceptron on every input, or an error message saying why it cannot run."""
    try:
        return perceptron(inputs, w, b), None
    except (TypeError, ValueError) as err:
        return None, str(err)


def _gate_problem(w, b, inputs, expected):
    """None if the perceptron (w, b) gives ``expected`` on ``inputs``, otherwise a hint."""
    if is_empty(w, b):
        return EMPTY
    y, problem = _perceptron_outputs(w, b, inputs)
    if problem:
        return problem
    wrong = [tuple(int(v) for v in x) for x, yi, ti in zip(inputs, y, expected) if yi != ti]
    if wrong:
        sums = np.asarray(inputs, dtype=float) @ np.asarray(w, dtype=float) + float(b)
        on_line = [tuple(int(v) for v in x) for x, s, yi, ti in zip(inputs, sums, y, expected)
                   if yi != ti and s == 0]
        note = (f" {on_line} lie exactly on your line (sum 0), which counts as 0: the "
                f"perceptron fires only when the sum is above 0." if on_line else "")
        return (f"your perceptron gives the wrong answer for input(s) {wrong}. Which side of "
                f"the line should each of them be on?{note}")
    return None


def _gate_praise(w, b, gate_name):
    return f"w={np.round(np.asarray(w, float), 3).tolist()}, b={float(b):g} is a {gate_name} gate."


def _check_gate(w, b, inputs, expected, gate_name):
    problem = _gate_problem(w, b, inputs, expected)
    if problem:
        return verdict(False, "", problem)
    verdict(True, "Correct: " + _gate_praise(w, b, gate_name), "")


def check_weighted_sum(answer):
    """Exercise 1: the OR perceptron's weighted sum plus bias, x1*w1 + x2*w2 + b, for the
    input (x1, x2) = (0, 1)."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
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
    if not is_empty(w) and (as_array(w) is None or as_array(w).size != 3):
        return verdict(False, "", "a three-input gate needs three weights (three numbers).")
    _check_gate(w, b, inputs, expected, "three-input AND")


class _Signal(int):
    """A 0/1 value that remembers how many gate layers produced it (0 for x1 and x2)."""

    def __new__(cls, value, depth):
        signal = super().__new__(cls, value)
        signal.depth = depth
        return signal


class _GateTracer:
    """While active, the gates of helpers.gates (in that module and wherever ``fn``'s globals
    name them) are replaced by wrappers that count their calls, measure the layers and note any
    input that is neither x1, x2 nor another gate's output (arithmetic such as 1 - x1, a
    constant)."""

    LAYERS = {"AND": 1, "OR": 1, "NAND": 1, "XOR": 2}   # XOR is itself a two-layer network

    def __init__(self, fn):
        self.originals = {id(getattr(gates, name)): (name, getattr(gates, name))
                          for name in self.LAYERS}
        self.namespaces = [vars(gates)]
        fn_globals = getattr(fn, "__globals__", None)
        if isinstance(fn_globals, dict) and fn_globals is not vars(gates):
            self.namespaces.append(fn_globals)
        self.calls, self.depth, self.foreign = 0, 0, []
        self._saved = []

    def _wrap(self, gate, name):
        def traced(x1, x2):
            for x in (x1, x2):
                if not isinstance(x, _Signal):
                    self.foreign.append(x)
            y = gate(x1, x2)
            self.calls += 1
            if not isinstance(y, int):     # arrays in, arrays out: leave them alone
                return y
            depth = self.LAYERS[name] + max(getattr(x, "depth", 0) for x in (x1, x2))
            self.depth = max(self.depth, depth)
            return _Signal(y, depth)
        return traced

    def __enter__(self):
        for namespace in self.namespaces:
            for key, value in list(namespace.items()):
                name, original = self.originals.get(id(value), (None, None))
                if original is not None and value is original:
                    self._saved.append((namespace, key, value))
                    namespace[key] = self._wrap(value, name)
        return self

    def __exit__(self, *exc):
        for namespace, key, value in reversed(self._saved):
            namespace[key] = value
        self._saved = []
        return False


def check_xnor(xnor):
    """Exercise 4: a function ``xnor(x1, x2)`` built from the gates AND, OR, NAND (and XOR) of
    ``helpers.gates`` that is 1 when the two inputs are equal.

    The check runs ``xnor`` with the gates wrapped, so it can tell whether the answer is built
    from them (and how many gate layers it has), not only whether its truth table is right.
    """
    if is_empty(xnor):
        return verdict(False, "", EMPTY)
    if not callable(xnor):
        return verdict(False, "", f"pass the function itself (xnor, without brackets); "
                                  f"got a {type(xnor).__name__}.")
    wrong, calls, layers, foreign, loose_output = [], [], [], [], False
    for x1, x2 in INPUTS:
        x1, x2 = int(x1), int(x2)
        tracer = _GateTracer(xnor)
        try:
            with tracer:
                y = xnor(_Signal(x1, 0), _Signal(x2, 0))
        except Exception as err:  # the learner's code: report, do not crash the check
            return verdict(False, "", f"xnor({x1}, {x2}) raised {type(err).__name__}: {err}")
        if is_empty(y):
            return verdict(False, "", f"xnor({x1}, {x2}) returned {y!r}: " + EMPTY)
        try:
            right = bool(y == int(x1 == x2))
        except (TypeError, ValueError):  # e.g. an array of several values
            return verdict(False, "", f"xnor({x1}, {x2}) returned {y!r}; it should return one "
                                      f"number, 0 or 1.")
        if not right:
            wrong.append((x1, x2, y))
        calls.append(tracer.calls)
        layers.append(getattr(y, "depth", tracer.depth))
        foreign += tracer.foreign
        loose_output = loose_output or not isinstance(y, _Signal)
    if wrong:
        return verdict(False, "", "wrong output(s) as (x1, x2, your output): "
                                  f"{wrong}. XNOR is 1 when x1 and x2 are equal.")
    if min(calls) == 0:
        return verdict(False, "", "the outputs are right, but the function does not call the "
                                  "gates AND, OR, NAND (or XOR) from helpers.gates (for at least "
                                  "one input): build it from those gates.")
    if foreign:
        return verdict(False, "", f"the outputs are right, but a gate received {foreign[0]!r}, "
                                  "which is neither x1, x2 nor another gate's output (arithmetic "
                                  "such as 1 - x1, or a constant). Use only the gates: NOT x is "
                                  "NAND(x, x).")
    if loose_output:
        return verdict(False, "", "the outputs are right, but the function does not return a "
                                  "gate's output (arithmetic such as 1 - XOR(x1, x2)?). Let the "
                                  "last step be a gate too: NOT x is NAND(x, x).")
    n_layers = max(layers)
    verdict(True, f"Correct: that is XNOR, built from the gates alone ({max(calls)} gate calls, "
                  f"{n_layers} layer{'s' if n_layers != 1 else ''}).", "")


ONE_LINE_GATES = {"AND", "OR", "NAND", "NOR"}
ALL_GATES = {"AND", "OR", "NAND", "NOR", "XOR", "XNOR"}


def check_one_line(answer):
    """Exercise 5: the set of gates, among AND, OR, NAND, NOR, XOR, XNOR, that a single
    perceptron (one straight line) can compute."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
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


def _last_mistake_epoch(errors):
    """The 1-based number of the last epoch with a mistake (0 if there was none), or None if
    ``errors`` is not a list of mistake counts."""
    counts = as_array(errors)
    if counts is None or counts.ndim != 1 or not np.all(np.isfinite(counts)):
        return None
    return int(np.flatnonzero(counts)[-1]) + 1 if np.any(counts) else 0


def check_learned_nand(result, last_mistake_epoch):
    """Exercise 6: what ``perceptron_learning_rule`` returned after training on NAND (its
    ``w`` and ``b`` must compute NAND), and the number of the epoch, counted from 1, in which
    it made its last mistake (read from ``result.errors``; 5 for lr=0.25, 20 epochs)."""
    if is_empty(result, last_mistake_epoch):
        return verdict(False, "", EMPTY)
    if not all(hasattr(result, name) for name in ("w", "b", "errors")):
        return verdict(False, "", "pass the whole result of perceptron_learning_rule(...), "
                                  f"which has .w, .b and .errors; got a {type(result).__name__}.")
    expected = [int(not (x1 and x2)) for x1, x2 in INPUTS]
    problem = _gate_problem(result.w, result.b, INPUTS, expected)
    if problem:
        return verdict(False, "", problem)
    last = _last_mistake_epoch(result.errors)
    if last is None:
        return verdict(False, "", "result.errors should hold the number of mistakes in each "
                                  "epoch; pass the result of perceptron_learning_rule unchanged.")
    answer = as_whole_number(last_mistake_epoch)
    if answer is None:
        return verdict(False, "", "the epoch is a whole number (epochs are counted 1, 2, 3, ...); "
                                  f"got {last_mistake_epoch!r:.60}.")
    if answer == last:
        when = (f"Its last mistake was in epoch {last}; every later epoch is error-free."
                if last else "It made no mistake at all.")
        return verdict(True, "Correct: " + _gate_praise(result.w, result.b, "NAND") + " " + when,
                       "")
    errors = np.asarray(result.errors).astype(int).tolist()
    if last > 0 and answer == last - 1:
        hint = (f"result.errors[{answer}] belongs to epoch {answer + 1}: Python counts from 0, "
                f"epochs are counted from 1.")
    elif answer == int(np.sum(errors)):
        hint = "that is the total number of mistakes; the question asks for an epoch number."
    else:
        hint = (f"result.errors is {errors[:10]}{' ...' if len(errors) > 10 else ''}, the "
                f"mistakes in epochs 1, 2, 3, ...: which is the last epoch with a mistake?")
    verdict(False, "", hint)
