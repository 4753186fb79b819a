"""helpers.checks.lesson01: a right answer prints ✅, a wrong or empty one ❌ (never raises)."""

import numpy as np
import pytest
from verdicts import ok, wrong

from helpers.checks import lesson01
from helpers.gates import AND, NAND, OR, XOR, perceptron_learning_rule


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


def test_xnor(capsys):
    ok(capsys, lesson01.check_xnor, lambda x1, x2: NAND(NAND(x1, x2), OR(x1, x2)))
    ok(capsys, lesson01.check_xnor, lambda x1, x2: OR(AND(x1, x2), AND(1 - x1, 1 - x2)))
    wrong(capsys, lesson01.check_xnor, XOR)
    wrong(capsys, lesson01.check_xnor, AND)
    assert "raised ZeroDivisionError" in wrong(capsys, lesson01.check_xnor, lambda a, b: 1 / 0)
    assert "function itself" in wrong(capsys, lesson01.check_xnor, 1)
    assert "placeholder" in wrong(capsys, lesson01.check_xnor, ...)
    assert "placeholder" in wrong(capsys, lesson01.check_xnor, lambda a, b: ...)


def test_one_line(capsys):
    ok(capsys, lesson01.check_one_line, {"AND", "OR", "NAND", "NOR"})
    ok(capsys, lesson01.check_one_line, ["nor", "nand", "or", "and"])
    assert "XOR" in wrong(capsys, lesson01.check_one_line, {"AND", "OR", "NAND", "NOR", "XOR"})
    assert "NOR" in wrong(capsys, lesson01.check_one_line, {"AND", "OR", "NAND"})
    assert "XNOR" in wrong(capsys, lesson01.check_one_line, {"AND", "OR", "NAND", "NOR", "XNOR"})
    assert "unknown" in wrong(capsys, lesson01.check_one_line, {"AND", "MAYBE"})
    assert "set of names" in wrong(capsys, lesson01.check_one_line, "AND")
    assert "placeholder" in wrong(capsys, lesson01.check_one_line, ...)


@pytest.mark.parametrize("gate, good", [(NAND, True), (AND, False), (OR, False)])
def test_learned_nand(capsys, gate, good):
    X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
    t = np.array([gate(a, b) for a, b in X])
    result = perceptron_learning_rule(X, t, lr=0.1, epochs=30)
    (ok if good else wrong)(capsys, lesson01.check_learned_nand, result)


def test_learned_nand_wrong_kind_of_answer(capsys):
    assert "placeholder" in wrong(capsys, lesson01.check_learned_nand, ...)
    assert "whole result" in wrong(capsys, lesson01.check_learned_nand, ([-1, -1], 1.5))
