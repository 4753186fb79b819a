"""Self-checks for the exercises: call one with your answer and it prints a friendly verdict.

The lesson-specific checks
live in ``helpers.checks.lessonNN`` (for example ``from helpers.checks import lesson01``);
the building blocks below are shared by all of them.
"""

import math
import numbers

import numpy as np

OK, NOT_YET = "✅", "❌"
EMPTY = "replace the placeholder (...) with your answer."


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


def verdict(ok, praise, hint):
    """Print praise if ok, otherwise the hint. Returns nothing, so no stray ``True`` is shown."""
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


def check_number(answer, expected, name, mistakes=(), rtol=1e-6):
    """One number: a hint for each known mistake ``(its value, the hint)``, else check_close."""
    value = number_or_hint(answer, name)
    if value is None:
        return
    for wrong_value, hint in mistakes:
        if np.isclose(value, wrong_value, rtol=rtol) and not np.isclose(value, expected, rtol=rtol):
            return verdict(False, "", hint)
    check_close(value, expected, name=name, rtol=rtol)


def check_close(answer, expected, name="your answer", rtol=1e-6, atol=1e-8):
    """Compare a number or array with the expected one: shape first, then values."""
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
    ok = np.allclose(a, e, rtol=rtol, atol=atol)
    worst = float(np.max(np.abs(a - e))) if a.size else 0.0
    verdict(ok, f"Correct: {name} matches.",
                   f"{name} is off by up to {worst:.3g}. Check your formula and try again.")


def check_equal(answer, expected, name="your answer"):
    """Exact comparison (for integers, labels, truth tables)."""
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
