"""helpers.checks.lesson01: a right answer prints ✅, a wrong or empty one ❌ (never raises)."""

from types import SimpleNamespace

import numpy as np
import pytest
from verdicts import ok, wrong

from helpers import gates
from helpers.checks import lesson01
from helpers.gates import AND, INPUTS, NAND, OR, XOR, perceptron_learning_rule, truth_table


def test_weighted_sum(capsys):
    ok(capsys, lesson01.check_weighted_sum, 0.1)
    ok(capsys, lesson01.check_weighted_sum, 0.6 - 0.5)
    wrong(capsys, lesson01.check_weighted_sum, 0.3)      # AND's sum at (1, 1)
    wrong(capsys, lesson01.check_weighted_sum, 0.6)      # forgot the bias
    wrong(capsys, lesson01.check_weighted_sum, 1)        # the output, not the sum
    assert "placeholder" in wrong(capsys, lesson01.check_weighted_sum, ...)
    wrong(capsys, lesson01.check_weighted_sum, "0.3 please")


def test_nor(capsys):
    ok(capsys, lesson01.check_nor, [-0.5, -0.5], 0.2)
    ok(capsys, lesson01.check_nor, np.array([-1.0, -1.0]), 0.5)
    out = wrong(capsys, lesson01.check_nor, [-0.5, -0.5], 0.7)    # that is NAND
    assert "(1, 0)" in out and "(0, 1)" in out
    wrong(capsys, lesson01.check_nor, [0.5, 0.5], -0.7)           # AND
    out = wrong(capsys, lesson01.check_nor, [-0.5, -0.5], 0.0)    # (0, 0) sits on the line
    assert "[(0, 0)] lie exactly on your line (sum 0), which counts as 0" in out
    assert "exactly on your line" not in wrong(capsys, lesson01.check_nor, [0.5, 0.5], -0.7)
    assert "placeholder" in wrong(capsys, lesson01.check_nor, ..., ...)
    assert "weight" in wrong(capsys, lesson01.check_nor, [1, 1, 1], 0.1)
    assert "real numbers" in wrong(capsys, lesson01.check_nor, ["a", "b"], 0.1)


def test_and3(capsys):
    ok(capsys, lesson01.check_and3, [0.5, 0.5, 0.5], -1.2)
    ok(capsys, lesson01.check_and3, [1, 1, 1], -2.5)
    wrong(capsys, lesson01.check_and3, [0.5, 0.5, 0.5], -0.7)     # fires for two ones
    wrong(capsys, lesson01.check_and3, [0.5, 0.5, 0.5], -1.5)     # never fires
    assert "three weights" in wrong(capsys, lesson01.check_and3, [0.5, 0.5], -0.7)
    assert "placeholder" in wrong(capsys, lesson01.check_and3, ..., -1.2)


def NOT(x):
    return NAND(x, x)


def test_xnor(capsys):
    out = ok(capsys, lesson01.check_xnor, lambda x1, x2: NAND(NAND(x1, x2), OR(x1, x2)))
    assert "3 gate calls, 2 layers" in out
    out = ok(capsys, lesson01.check_xnor,
             lambda x1, x2: OR(AND(x1, x2), AND(NAND(x1, x1), NAND(x2, x2))))
    assert "5 gate calls, 3 layers" in out
    out = ok(capsys, lesson01.check_xnor, lambda x1, x2: NOT(XOR(x1, x2)))   # via a helper
    assert "3 layers" in out                                                 # XOR counts 2
    out = ok(capsys, lesson01.check_xnor, lambda x1, x2: gates.NAND(gates.XOR(x1, x2),
                                                                   gates.XOR(x1, x2)))
    assert "built from the gates" in out
    wrong(capsys, lesson01.check_xnor, XOR)
    wrong(capsys, lesson01.check_xnor, AND)
    assert "raised ZeroDivisionError" in wrong(capsys, lesson01.check_xnor, lambda a, b: 1 / 0)
    assert "function itself" in wrong(capsys, lesson01.check_xnor, 1)
    assert "placeholder" in wrong(capsys, lesson01.check_xnor, ...)
    assert "placeholder" in wrong(capsys, lesson01.check_xnor, lambda a, b: ...)
    assert "one number" in wrong(capsys, lesson01.check_xnor, lambda a, b: np.array([1, 1]))


def test_xnor_must_be_built_from_the_gates(capsys):
    # The right truth table is not enough: the exercise asks for AND, OR, NAND (and XOR).
    out = wrong(capsys, lesson01.check_xnor, lambda a, b: int(a == b))
    assert "build it from those gates" in out
    out = wrong(capsys, lesson01.check_xnor, lambda a, b: 1 - XOR(a, b))     # NOT by arithmetic
    assert "does not return a gate's output" in out and "NAND(x, x)" in out
    out = wrong(capsys, lesson01.check_xnor, lambda x1, x2: OR(AND(x1, x2), AND(1 - x1, 1 - x2)))
    assert "NAND(x, x)" in out
    out = wrong(capsys, lesson01.check_xnor, lambda x1, x2: NAND(XOR(x1, x2), 1))   # a constant
    assert "NAND(x, x)" in out


def test_xnor_check_puts_the_gates_back(capsys):
    before = (gates.AND, gates.OR, gates.NAND, gates.XOR, AND, OR, NAND, XOR)
    ok(capsys, lesson01.check_xnor, lambda x1, x2: NAND(NAND(x1, x2), OR(x1, x2)))
    wrong(capsys, lesson01.check_xnor, lambda x1, x2: NAND(x1, x2) / 0)
    assert (gates.AND, gates.OR, gates.NAND, gates.XOR, AND, OR, NAND, XOR) == before
    assert AND(1, 1) == 1 and type(AND(1, 1)) is int


def test_one_line(capsys):
    ok(capsys, lesson01.check_one_line, {"AND", "OR", "NAND", "NOR"})
    ok(capsys, lesson01.check_one_line, ["nor", "nand", "or", "and"])
    assert "XOR" in wrong(capsys, lesson01.check_one_line, {"AND", "OR", "NAND", "NOR", "XOR"})
    assert "NOR" in wrong(capsys, lesson01.check_one_line, {"AND", "OR", "NAND"})
    assert "XNOR" in wrong(capsys, lesson01.check_one_line, {"AND", "OR", "NAND", "NOR", "XNOR"})
    assert "unknown" in wrong(capsys, lesson01.check_one_line, {"AND", "MAYBE"})
    assert "set of names" in wrong(capsys, lesson01.check_one_line, "AND")
    assert "placeholder" in wrong(capsys, lesson01.check_one_line, ...)


def nand_run(lr=0.25, epochs=20):
    """Exercise 6's prescribed run: mistakes per epoch 2, 3, 3, 2, 1, then 0."""
    return perceptron_learning_rule(INPUTS, truth_table(NAND)[:, 2], lr=lr, epochs=epochs)


def test_the_prescribed_nand_run_last_errs_in_epoch_5():
    assert nand_run().errors[:7].tolist() == [2, 3, 3, 2, 1, 0, 0]


@pytest.mark.parametrize("gate, good", [(NAND, True), (AND, False), (OR, False)])
def test_learned_nand(capsys, gate, good):
    t = np.array([gate(a, b) for a, b in INPUTS])
    result = perceptron_learning_rule(INPUTS, t, lr=0.25, epochs=20)
    (ok if good else wrong)(capsys, lesson01.check_learned_nand, result, 5)


def test_learned_nand_last_mistake_epoch(capsys):
    result = nand_run()
    out = ok(capsys, lesson01.check_learned_nand, result, 5)
    assert "epoch 5" in out
    ok(capsys, lesson01.check_learned_nand, result, np.int64(5))
    ok(capsys, lesson01.check_learned_nand, result, 5.0)
    assert "counts from 0" in wrong(capsys, lesson01.check_learned_nand, result, 4)
    assert "total number" in wrong(capsys, lesson01.check_learned_nand, result, 11)
    assert "[2, 3, 3, 2, 1, 0" in wrong(capsys, lesson01.check_learned_nand, result, 6)
    assert "whole number" in wrong(capsys, lesson01.check_learned_nand, result, 5.5)
    assert "whole number" in wrong(capsys, lesson01.check_learned_nand, result, float("nan"))
    assert "whole number" in wrong(capsys, lesson01.check_learned_nand, result, "5")
    assert "placeholder" in wrong(capsys, lesson01.check_learned_nand, result, ...)
    # A different (converging) run: the answer is read from that run's own errors.
    other = nand_run(lr=0.1, epochs=30)
    ok(capsys, lesson01.check_learned_nand, other, 3)
    wrong(capsys, lesson01.check_learned_nand, other, 5)


def test_learned_nand_wrong_kind_of_answer(capsys):
    assert "placeholder" in wrong(capsys, lesson01.check_learned_nand, ..., ...)
    assert "whole result" in wrong(capsys, lesson01.check_learned_nand, ([-1, -1], 1.5), 5)
    no_errors = SimpleNamespace(w=np.array([-0.5, -0.5]), b=0.7)
    assert "whole result" in wrong(capsys, lesson01.check_learned_nand, no_errors, 5)
    bad_errors = SimpleNamespace(w=np.array([-0.5, -0.5]), b=0.7, errors="many")
    assert "result.errors" in wrong(capsys, lesson01.check_learned_nand, bad_errors, 5)
