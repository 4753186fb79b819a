"""The shared building blocks of helpers.checks: numbers given to the figures a lesson prints are
accepted, right but short ones hear "more digits, please", whole numbers may be floats."""

import math

import numpy as np
import pytest
from verdicts import ok, wrong

from helpers.checks import (
    MORE_DIGITS,
    RIGHT,
    WRONG,
    agreement,
    as_whole_number,
    check_close,
    check_number,
    check_whole_number,
    significant_figures,
    whole_number_or_hint,
)

GLOROT = math.sqrt(2 / (784 + 256))  # 0.0438529...
HE = math.sqrt(2 / 256)              # 0.0883883...


# ---------------------------------------------------------------- significant figures

@pytest.mark.parametrize("value, figures", [
    (0.0439, 3), (0.088, 2), (0.0440, 2), (10.0, 2), (10, 2), (1250.0, 4), (12.5, 3),
    (1e-3, 1), (-0.0439, 3), (0.0, 0), (GLOROT, 16), (np.float32(0.0439), 3),
    (np.float64(0.0439), 3), (np.array(0.125), 3), ([0.5], 1),
])
def test_significant_figures_are_those_python_prints(value, figures):
    assert significant_figures(value) == figures


@pytest.mark.parametrize("value", ["0.5", [1.0, 2.0], float("nan"), None])
def test_significant_figures_of_something_else_is_an_error(value):
    with pytest.raises(ValueError, match="one finite number"):
        significant_figures(value)


# ---------------------------------------------------------------- agreement

@pytest.mark.parametrize("answer, expected, verdict", [
    (0.0439, GLOROT, RIGHT),        # rounded to 3 figures
    (0.0438, GLOROT, RIGHT),        # cut off after 3 figures
    (0.04385, GLOROT, RIGHT),
    (GLOROT, GLOROT, RIGHT),
    (np.float32(0.0439), GLOROT, RIGHT),
    (0.0437, GLOROT, WRONG),        # one figure off
    (0.044, GLOROT, MORE_DIGITS),   # right to the 2 figures given
    (0.04, GLOROT, MORE_DIGITS),
    (0.05, GLOROT, WRONG),
    (0.088, HE, MORE_DIGITS),       # lesson 08's He exercise, given as printed to 2 figures
    (0.0884, HE, RIGHT),
    (0.0885, HE, WRONG),
    (0.0440, 0.04399, RIGHT),       # 0.0440 is 0.044 to Python, and 0.04399 rounds to it
    (0.04, 0.04003, RIGHT),
    (-0.0439, -GLOROT, RIGHT),
    (-0.044, -GLOROT, MORE_DIGITS),
    (0.0439, -GLOROT, WRONG),       # the sign counts
    (1235.0, 1234.56, RIGHT),
    (10.0, 10.3, WRONG),            # a whole number is meant exactly: never "more digits"
    (7, 7.3, WRONG),
    (0.0, 0.0003, WRONG),
])
def test_agreement_with_three_figures(answer, expected, verdict):
    assert agreement(answer, expected, digits=3) == verdict


def test_four_figures_ask_for_one_more():
    assert agreement(0.0439, GLOROT, digits=4) == MORE_DIGITS
    assert agreement(0.04385, GLOROT, digits=4) == RIGHT
    assert agreement(0.04386, GLOROT, digits=4) == RIGHT   # within one unit of the 4th figure
    assert agreement(0.04387, GLOROT, digits=4) == WRONG


def test_without_digits_only_close_answers_are_right():
    rng = np.random.default_rng(0)
    expected = rng.normal(size=2000)
    answers = expected * (1 + rng.normal(0, 2e-6, expected.size))
    for a, e in zip(answers, expected):
        judged = agreement(a, e)
        assert (judged == RIGHT) == bool(np.isclose(a, e, rtol=1e-6, atol=1e-8)), (a, e)
        assert judged != MORE_DIGITS  # a computed value has all its figures
    assert agreement(0.0439, GLOROT, rtol=1e-3) == MORE_DIGITS   # 3 figures; 1e-3 needs 4
    assert agreement(0.04385, GLOROT, rtol=1e-3) == RIGHT


def test_agreement_of_arrays_entry_by_entry():
    expected = np.array([0.5, HE, GLOROT])
    assert agreement([0.5, 0.0884, 0.0439], expected, digits=3) == RIGHT
    assert agreement([0.5, 0.088, 0.0439], expected, digits=3) == MORE_DIGITS
    assert agreement([0.5, 0.088, 0.05], expected, digits=3) == WRONG
    assert agreement(np.array([0.5, 0.0884, 0.0439], dtype=np.float32), expected,
                     digits=3) == RIGHT
    assert agreement([0.5, np.nan, 0.0439], expected, digits=3) == WRONG


# ---------------------------------------------------------------- the checks' verdicts

def test_check_close_says_more_digits_please(capsys):
    out = wrong(capsys, check_close, 0.088, HE, "the He standard deviation", 1e-6, 1e-8, 3)
    assert "more digits, please" in out and "0.088" in out and "at least 3" in out
    assert "formula" not in out
    ok(capsys, check_close, 0.0884, HE, "the He standard deviation", 1e-6, 1e-8, 3)
    out = wrong(capsys, check_close, 0.0885, HE, "the He standard deviation", 1e-6, 1e-8, 3)
    assert "off by up to" in out and "Check your formula" in out


def test_check_close_without_digits_accepts_what_it_did_and_asks_for_digits(capsys):
    ok(capsys, check_close, [1.0, 2.0], [1.0, 2.0])
    assert "off by up to 0.5" in wrong(capsys, check_close, [1.0, 2.5], [1.0, 2.0])
    out = wrong(capsys, check_close, [1.0, 0.088], [1.0, HE])
    assert "more digits, please: 0.088 in your answer" in out
    assert "about 7 significant figures, or compute it in code" in out
    # A whole number computed in code is not "short": it is wrong.
    assert "off by up to" in wrong(capsys, check_close, [1.0, 2.0], [1.0, 2.3])


def test_check_number_accepts_printed_figures_and_recognises_mistakes_by_them(capsys):
    xavier = math.sqrt(1 / 784)  # 0.0357142...
    mistakes = [(xavier, "that is the book's Xavier.")]
    for answer in (0.0439, 0.0438, GLOROT, np.float32(0.0439), [0.0439], np.array([0.0439])):
        ok(capsys, check_number, answer, GLOROT, "the Glorot std", mistakes, 1e-6, 3)
    for answer in (0.0357, 0.036, xavier):
        assert "book's Xavier" in wrong(capsys, check_number, answer, GLOROT, "the Glorot std",
                                        mistakes, 1e-6, 3)
    out = wrong(capsys, check_number, 0.04, GLOROT, "the Glorot std", mistakes, 1e-6, 3)
    assert "more digits, please" in out  # 0.04 fits both: ask for more before naming a mistake
    assert "off by up to" in wrong(capsys, check_number, 0.05, GLOROT, "the Glorot std",
                                   mistakes, 1e-6, 3)


# ---------------------------------------------------------------- whole numbers

@pytest.mark.parametrize("answer, value", [
    (10, 10), (10.0, 10), (np.float64(10.0), 10), (np.int64(10), 10), (np.array(10.0), 10),
    ([10], 10), (-3.0, -3), (0.0, 0),
])
def test_whole_numbers_may_be_floats(answer, value):
    got = as_whole_number(answer)
    assert got == value and type(got) is int


@pytest.mark.parametrize("answer", [True, np.bool_(False), 10.5, "10", float("nan"),
                                    float("inf"), [10, 11], [[1, 2], [3]], None, {"n": 10}])
def test_not_whole_numbers(answer):
    assert as_whole_number(answer) is None


def test_check_whole_number(capsys):
    for answer in (10, 10.0, np.float64(10.0), np.int32(10)):
        ok(capsys, check_whole_number, answer, 10, "the number of layers")
    assert "should be a whole number, got 10.5" in wrong(capsys, check_whole_number, 10.5, 10,
                                                         "the number of layers")
    assert "bool True" in wrong(capsys, check_whole_number, True, 10, "the number of layers")
    assert "fewer" in wrong(capsys, check_whole_number, 11.0, 10, "the number of layers",
                            [(11, "enough, but try fewer.")])
    assert "is not 9" in wrong(capsys, check_whole_number, 9, 10, "the number of layers")
    assert "placeholder" in wrong(capsys, check_whole_number, ..., 10)


def test_whole_number_or_hint(capsys):
    assert whole_number_or_hint(459.0) == 459
    assert capsys.readouterr().out == ""
    assert whole_number_or_hint(458.5, "steps") is None
    assert "steps should be a whole number, got 458.5" in capsys.readouterr().out



# ---------------------------------------------------------------- edges, mistakes, words

def test_the_next_value_up_is_not_right_as_far_as_it_goes():
    # 0.6 cut off after one decimal is 0.6, not 0.5, even when 0.6 was computed as 0.1 + 0.5.
    assert agreement(0.5, 0.1 + 0.5, digits=3) == WRONG
    assert agreement(0.5, 0.59999, digits=3) == MORE_DIGITS
    assert agreement([0.3, 0.5, 0.9], np.array([0.0, 1.0]) @ [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
                     + [0.1, 0.2, 0.3], digits=4) == WRONG


def test_mistakes_of_arrays_are_recognised_to_the_figures_typed(capsys):
    expected = np.array([-0.1705, 0.0556])
    mistakes = [(2 * expected, "divide by N."), (np.zeros(3), "never matches: other shape.")]
    for answer in (2 * expected, [-0.341, 0.111], [-0.34, 0.11]):
        assert "divide by N" in wrong(capsys, check_close, answer, expected, "dL/da", 1e-6, 1e-8,
                                      3, mistakes)
    ok(capsys, check_close, [-0.1705, 0.0556], expected, "dL/da", 1e-6, 1e-8, 3, mistakes)
    out = wrong(capsys, check_close, [-0.2, 0.06], expected, "dL/da", 1e-6, 1e-8, 3, mistakes)
    assert "more digits" in out


def test_a_mistake_that_explains_a_short_answer_better_wins(capsys):
    # (-0.1, -0.2) is right as far as it goes for (-0.1, -0.29), and exactly plain SGD's answer.
    mistakes = [([-0.1, -0.2], "that is plain SGD.")]
    out = wrong(capsys, check_close, [-0.1, -0.2], [-0.1, -0.29], "(w1, w2)", 1e-6, 1e-8, 3,
                mistakes)
    assert "plain SGD" in out
    out = wrong(capsys, check_close, [-0.1, -0.3], [-0.1, -0.29], "(w1, w2)", 1e-6, 1e-8, 3,
                mistakes)
    assert "more digits" in out


def test_praise_and_hint(capsys):
    assert "matches to 3 significant figures" in ok(capsys, check_close, 0.0439, GLOROT,
                                                    "the std", 1e-6, 1e-8, 3)
    assert ok(capsys, check_close, GLOROT, GLOROT, "the std").endswith("the std matches.\n")
    words = {"praise": "well done", "hint": "use both n"}
    assert "well done" in ok(capsys, lambda a: check_number(a, GLOROT, "the std", digits=3,
                                                            **words), 0.0439)
    out = wrong(capsys, lambda a: check_number(a, GLOROT, "the std", digits=3, **words), 0.05)
    assert out.endswith("Not yet: use both n\n")
    # The hint is for a wrong answer only: a short one still hears "more digits".
    assert "more digits" in wrong(capsys, lambda a: check_number(a, GLOROT, "the std", digits=3,
                                                                 **words), 0.04)
