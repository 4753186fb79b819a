"""Self-checks for the exercises: call one with your answer and it prints a friendly verdict.

The lesson-specific checks live in ``helpers.checks.lessonNN`` (for example
``from helpers.checks import lesson01``); the building blocks below are shared by all of them.

How a number is judged (``check_close``, ``check_number``, ``agreement``)
-----------------------------------------------------------------------------
A learner may type a value copied from a printed output (``0.0439``) or pass one computed in
code (``0.04385290096535146``). Both should pass when they are right, and a value that is right
but too short should hear "more digits, please", not "check your formula". So:

* **right**: the answer is within ``rtol`` (relative) or ``atol`` (absolute) of the expected
  value, ``np.isclose``'s rule; or, with ``digits=k`` (the number of significant figures the
  lesson prints, typically 3 or 4), it differs from the expected value by less than one unit in
  the expected value's k-th significant figure. For 0.043853 and ``digits=3`` that unit is
  0.0001: ``0.0439`` (rounded) and ``0.0438`` (cut off) are right, ``0.0437`` is not, and
  ``0.0440`` (trailing zeros are no part of a number: Python sees ``0.044``) is right for
  0.04399.
* **more digits, please**: not right, but right as far as it goes: the expected value, rounded
  or cut off at the answer's last figure, gives the answer (``0.088`` for 0.0883883), and the
  answer has fewer figures than needed (``digits``; without it, what ``rtol`` needs). The
  figures of an answer are those of the shortest decimal that is the number, as Python prints
  it: ``0.088`` has 2, ``1250.0`` has 4, a float32 is read at float32 precision. A whole number
  (``10``, ``10.0``) is taken as meant exactly and never gets "more digits".
* **wrong**: anything else; the verdict says by how much and to check the formula.

An array is right when every entry is, "more digits" when every entry is right or right but
short. Without ``digits`` a check accepts exactly what ``np.isclose`` accepts.

Known mistakes
--------------
``check_close`` and ``check_number`` take ``mistakes``, pairs ``(the value a known mistake
gives, the hint for it)``, judged by the same rule: an answer that is wrong is recognised as a
mistake when it is that value to the figures typed (right or right but short for it); an answer
that is right but short is recognised only when it is right for the mistake, so that ``0.04``
for 0.0439 hears "more digits" even if a mistake gives 0.036.

Whole numbers
-------------
A float with a whole value is a whole number: ``10.0`` counts as ``10`` (``as_whole_number``,
``whole_number_or_hint``, ``check_whole_number``); ``True``, ``10.5`` and ``"10"`` do not.

The record of verdicts
----------------------
Besides printing it, ``verdict`` appends each verdict to ``RECORD``, a list of dicts
``{"check": name, "passed": True/False, "message": text}``: ``check`` is the name of the
outermost ``check_...`` function of ``helpers.checks`` that was running (``"check_nor"`` when
``lesson01.check_nor`` gives its verdict through a shared check), or None when ``verdict`` was
called from elsewhere; ``message`` is the praise or the hint, as printed. When the environment
variable ``HELPERS_CHECKS_RECORD`` names a file, each verdict is also appended to it as one line
of JSON, at once, so that a notebook that later stops still leaves its verdicts behind:
``tools/grade.py`` reads it to build a class report. Learners never need either.
"""

import json
import math
import numbers
import os
import sys

import numpy as np

OK, NOT_YET = "✅", "❌"
EMPTY = "replace the placeholder (...) with your answer."
RIGHT, MORE_DIGITS, WRONG = "right", "more digits", "wrong"


def is_empty(*answers):
    """True while any of the answers is still the placeholder (``...``) or None."""
    return any(a is None or a is Ellipsis for a in answers)


def as_array(answer):
    """The answer as a float array, or None if it is not numbers (a dict, a ragged list, text
    that is not a number)."""
    if isinstance(answer, dict):
        return None
    try:
        return np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None


def as_number(answer):
    """The answer as a float, or None when it is not a single real number."""
    if isinstance(answer, (bool, np.bool_, str, bytes)):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    a = as_array(answer)
    return float(a.reshape(())) if a is not None and a.size == 1 else None


def as_whole_number(answer):
    """The answer as an int when it is a single whole number, else None.

    Integers of any kind count, and so does a float with a whole value (``10.0`` is 10, as is
    ``np.float64(10.0)`` or ``np.array(10.0)``). Booleans, text, fractions (``10.5``), NaN and
    infinity do not.
    """
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, numbers.Integral):
        return int(answer)
    if isinstance(answer, (str, bytes, dict)):
        return None
    try:
        a = np.asarray(answer)
    except (TypeError, ValueError):  # a ragged list
        return None
    if a.size != 1 or a.dtype.kind not in "iuf":
        return None
    value = a.reshape(()).item()
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return None
    return int(value)


RECORD = []  # every verdict given in this session, for tools/grade.py (see the module docstring)
RECORD_VARIABLE = "HELPERS_CHECKS_RECORD"  # a file to append each verdict to, as JSON


def _calling_check():
    """The name of the outermost ``check_...`` function of ``helpers.checks`` on the call stack,
    or None."""
    name, frame = None, sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if frame.f_code.co_name.startswith("check_") and (
                module == __name__ or module.startswith(__name__ + ".")):
            name = frame.f_code.co_name
        frame = frame.f_back
    return name


def verdict(ok, praise, hint):
    """Print praise if ok, otherwise the hint. Returns nothing, so no stray ``True`` is shown.

    The verdict is also appended to ``RECORD`` (see the module docstring)."""
    entry = {"check": _calling_check(), "passed": bool(ok),
             "message": " ".join(str(praise if ok else hint).split())}
    RECORD.append(entry)
    if os.environ.get(RECORD_VARIABLE):
        with open(os.environ[RECORD_VARIABLE], "a", encoding="utf-8") as file:
            file.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"{OK} {praise}" if ok else f"{NOT_YET} Not yet: {hint}")


def number_or_hint(answer, name="the answer"):
    """The answer as a float; or None after printing why it is not one (still the placeholder,
    not a single number, NaN or infinite)."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    value = as_number(answer)
    if value is None:
        return verdict(False, "", f"{name} should be one number (a single number), got "
                                  f"{type(answer).__name__} {answer!r:.60}.")
    if not math.isfinite(value):
        return verdict(False, "", f"{name} is {value}, NaN or infinite: check for log(0) or a "
                                  f"division by zero.")
    return value


def whole_number_or_hint(answer, name="the answer"):
    """The answer as an int when it is a whole number (``10`` or ``10.0``); or None after
    printing why it is not one (still the placeholder, not a number, a fraction)."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    value = as_whole_number(answer)
    if value is None:
        if as_number(answer) is not None and math.isfinite(as_number(answer)):
            return verdict(False, "", f"{name} should be a whole number, got "
                                      f"{as_number(answer):g}.")
        return verdict(False, "", f"{name} should be a whole number, got "
                                  f"{type(answer).__name__} {answer!r:.60}.")
    return value


# ----------------------------------------------------------------------------------------------
# Significant figures
# ----------------------------------------------------------------------------------------------

def _figures_and_unit(value, dtype=np.float64):
    """(significant figures, exponent of the last figure) of the shortest decimal that is
    ``value`` at the precision of ``dtype``; ``(0, 0)`` for zero. 0.0439 -> (3, -4),
    1250.0 -> (4, 0), 12.5 -> (3, -1)."""
    if value == 0:
        return 0, 0
    text = np.format_float_positional(np.dtype(dtype).type(value), unique=True, trim="-")
    whole, _, fraction = text.lstrip("-").partition(".")
    return len((whole + fraction).lstrip("0")), -len(fraction)


def _precision(answer):
    """The float type the answer's figures are read at: its own for float16/float32 arrays and
    scalars, float64 for everything else (Python numbers, lists, integers)."""
    a = np.asarray(answer)
    return a.dtype if a.dtype.kind == "f" and a.dtype.itemsize < 8 else np.dtype(np.float64)


def significant_figures(answer):
    """How many significant figures a number was given to: those of the shortest decimal that is
    the number, as Python prints it (0.0439 -> 3, 0.088 -> 2, 10.0 -> 2, 1e-3 -> 1, 0 -> 0).
    Trailing zeros after the decimal point are not part of the number: 0.0440 is 0.044 (2)."""
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        raise ValueError(f"significant_figures takes one finite number, got {answer!r:.60}.")
    return _figures_and_unit(value, _precision(answer))[0]


def _agrees(answer, expected, last):
    """Whether ``expected``, rounded or cut off at the figure of exponent ``last``, gives
    ``answer``: ``expected`` lies in [a - u/2, a + u) for a = |answer| > 0, u = 10**last,
    with ``expected`` taken with the answer's sign."""
    if answer == 0:
        return False
    unit = 10.0 ** last
    a, e = abs(answer), math.copysign(1.0, answer) * expected
    slack = 1e-9 * unit  # float noise: 0.5 + 0.1 is a whole unit above 0.5, cut off it is 0.6
    return a - unit / 2 - slack <= e < a + unit - slack


def _unit_of_figure(expected, digits):
    """One unit in the ``digits``-th significant figure of ``expected`` (0.043853, 3 -> 1e-4)."""
    return 10.0 ** (math.floor(math.log10(abs(expected))) - digits + 1)


def _judge_entry(answer, expected, figures, last, digits, rtol, atol):
    """RIGHT, MORE_DIGITS or WRONG for one number (see the module docstring)."""
    if abs(answer - expected) <= atol + rtol * abs(expected):  # np.isclose's rule
        return RIGHT
    if (digits is not None and expected != 0
            and abs(answer - expected) < _unit_of_figure(expected, digits) * (1 + 1e-9)):
        return RIGHT
    whole = float(answer).is_integer()
    if not whole and 1 <= figures < _figures_needed(digits, rtol) and _agrees(answer, expected,
                                                                             last):
        return MORE_DIGITS
    return WRONG


def _figures_needed(digits, rtol):
    """The significant figures an answer needs: ``digits``, or what ``rtol`` asks for."""
    if digits is not None:
        return digits
    return max(1, math.ceil(-math.log10(rtol)) + 1) if rtol > 0 else 17


def _judge_entries(answer, expected, digits, rtol, atol, stop_at_wrong=False):
    """The answer's entries (flat floats), their figures and a verdict for each. Only entries
    that are not close are read digit by digit (cheap for large arrays that are right); with
    ``stop_at_wrong`` the entries after the first wrong one are left unread."""
    a = np.asarray(answer, dtype=float)
    e = np.broadcast_to(np.asarray(expected, dtype=float), a.shape).reshape(-1)
    entries = a.reshape(-1)
    with np.errstate(invalid="ignore"):
        close = np.abs(entries - e) <= atol + rtol * np.abs(e)  # np.isclose's rule
    verdicts = [RIGHT] * entries.size
    figures = np.zeros(entries.size, dtype=int)
    precision = _precision(answer)
    for i in np.flatnonzero(~close):
        x = float(entries[i])
        if not math.isfinite(x):
            verdicts[i] = WRONG
            if stop_at_wrong:
                break
            continue
        figures[i], last = _figures_and_unit(x, precision)
        verdicts[i] = _judge_entry(x, float(e[i]), int(figures[i]), last, digits, rtol, atol)
        if stop_at_wrong and verdicts[i] == WRONG:
            break
    return entries, figures, verdicts


def agreement(answer, expected, digits=None, rtol=1e-6, atol=1e-8):
    """Judge a number or an array against the expected one, entry by entry: ``"right"``,
    ``"more digits"`` (right to the figures given, but too few of them) or ``"wrong"`` (see the
    module docstring). The answer is ``"right"`` when every entry is, ``"more digits"`` when
    every entry is right or right-but-short, else ``"wrong"``. Prints nothing.

    answer: numbers of the expected shape (check that first, e.g. with ``as_array``).
    digits: the significant figures the lesson prints (e.g. 3); None accepts only answers within
    ``rtol``/``atol`` (``np.isclose``'s rule).
    """
    verdicts = set(_judge_entries(answer, expected, digits, rtol, atol, stop_at_wrong=True)[2])
    if verdicts <= {RIGHT}:
        return RIGHT
    return MORE_DIGITS if verdicts <= {RIGHT, MORE_DIGITS} else WRONG


def more_digits_hint(answer, expected, name, digits=None, rtol=1e-6, atol=1e-8):
    """The "more digits, please" hint for an answer that ``agreement`` calls ``"more digits"``:
    it names the (first) short entry, how many figures it has and how many are needed."""
    entries, figures, verdicts = _judge_entries(answer, expected, digits, rtol, atol)
    i = verdicts.index(MORE_DIGITS) if MORE_DIGITS in verdicts else 0
    shown = np.format_float_positional(_precision(answer).type(entries[i]), unique=True,
                                       trim="-")
    m = int(figures[i])
    where = f"{name} = {shown}" if entries.size == 1 else f"{shown} in {name}"
    needed = _figures_needed(digits, rtol)
    ask = (f"give at least {needed} significant figures" if digits is not None else
           f"give about {needed} significant figures, or compute it in code")
    return (f"more digits, please: {where} is right as far as it goes (to the {m} significant "
            f"figure{'s' if m > 1 else ''} given); {ask}.")


# ----------------------------------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------------------------------

def check_number(answer, expected, name, mistakes=(), rtol=1e-6, digits=None, atol=1e-8,
                 praise=None, hint=None):
    """One number (not text, not a list of several): ``check_close`` after ``number_or_hint``.

    digits: the significant figures the lesson prints (e.g. 3), so that an answer copied from
    the output is accepted; see the module docstring. mistakes: pairs ``(value, hint)`` of known
    mistakes, recognised to the figures typed. praise, hint: what to print for a right and for a
    wrong answer instead of the general words.
    """
    value = number_or_hint(answer, name)
    if value is None:
        return
    if isinstance(answer, (np.ndarray, np.generic)):
        answer = np.asarray(answer).reshape(())  # one number, read at its own precision
    else:
        answer = value  # a Python number (or a list of one): its float has the typed figures
    check_close(answer, expected, name=name, rtol=rtol, atol=atol, digits=digits,
                mistakes=mistakes, praise=praise, hint=hint)


def _mistake_hint(answer, judged, mistakes, shape, digits, rtol, atol):
    """The hint of the first known mistake that explains the answer (see the module docstring),
    or None. ``judged`` is the answer's agreement with the expected value."""
    for wrong_value, mistake_hint in mistakes:
        w = np.asarray(wrong_value, dtype=float)
        if w.shape != shape:
            continue
        fits = agreement(answer, w, digits=digits, rtol=rtol, atol=atol)
        if fits == RIGHT or (judged == WRONG and fits == MORE_DIGITS):
            return mistake_hint
    return None


def check_close(answer, expected, name="your answer", rtol=1e-6, atol=1e-8, digits=None,
                mistakes=(), praise=None, hint=None):
    """Compare a number or array with the expected one: shape first, then values.

    Right when every entry is within ``rtol``/``atol`` of the expected one, or (with ``digits``,
    the significant figures the lesson prints) agrees with it to that many figures. A right but
    too short answer hears "more digits, please"; a wrong one the hint of a known mistake
    (``mistakes``: pairs ``(value, hint)`` of the same shape as the answer), else ``hint``, else
    by how much it is off. ``praise`` replaces the general words for a right answer. See the
    module docstring.
    """
    if is_empty(answer):
        return verdict(False, "", f"{name} is still empty: {EMPTY}")
    a = as_array(answer)
    if a is None:
        return verdict(False, "", f"{name} should be a number or an array of numbers, "
                                  f"got {type(answer).__name__}.")
    e = np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        return verdict(False, "", f"{name} has shape {a.shape}; expected shape {e.shape}.")
    if not np.all(np.isfinite(a)):
        return verdict(False, "", f"{name} contains NaN or infinity.")
    judged = agreement(answer, e, digits=digits, rtol=rtol, atol=atol)
    if judged != RIGHT:
        mistake = _mistake_hint(answer, judged, mistakes, a.shape, digits, rtol, atol)
        if mistake is not None:
            return verdict(False, "", mistake)
    if judged == MORE_DIGITS:
        return verdict(False, "", more_digits_hint(answer, e, name, digits=digits, rtol=rtol,
                                                   atol=atol))
    if judged == RIGHT:
        if praise is None:
            close = np.allclose(a, e, rtol=rtol, atol=atol)
            praise = (f"Correct: {name} matches." if close else
                      f"Correct: {name} matches to {digits} significant figures.")
        return verdict(True, praise, "")
    worst = float(np.max(np.abs(a - e))) if a.size else 0.0
    verdict(False, "", hint or f"{name} is off by up to {worst:.3g}. Check your formula and try "
                               f"again.")


def check_whole_number(answer, expected, name="your answer", mistakes=()):
    """A whole number (``10`` or ``10.0``): a hint for each known mistake ``(its value, the
    hint)``, else right or wrong."""
    value = whole_number_or_hint(answer, name)
    if value is None:
        return
    for wrong_value, hint in mistakes:
        if value == wrong_value and value != expected:
            return verdict(False, "", hint)
    verdict(value == expected, f"Correct: {name} is {value}.",
            f"{name} is not {value}. Check your reasoning and try again.")


def check_equal(answer, expected, name="your answer"):
    """Exact comparison (for integers, labels, truth tables). ``10.0`` equals ``10``."""
    if is_empty(answer):
        return verdict(False, "", f"{name} is still empty: {EMPTY}")
    try:
        a, e = np.asarray(answer), np.asarray(expected)
    except ValueError:  # a ragged list
        return verdict(False, "", f"{name} should be an array; its rows have different lengths.")
    if a.shape != e.shape:
        return verdict(False, "", f"{name} has shape {a.shape}; expected shape {e.shape}.")
    wrong = int(np.sum(a != e))
    verdict(wrong == 0, f"Correct: {name} matches.",
                   f"{wrong} of {a.size} entries of {name} differ from the expected values.")
