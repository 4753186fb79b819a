"""Self-checks for the exercises of lesson 04 (losses and numerical gradients).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. A number typed from a printout is accepted when it is the
right value rounded (or cut) to the digits typed, with at least as many significant figures as
the lesson prints; with fewer, the hint asks for more digits instead of blaming the formula.
"""

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal, InvalidOperation

import numpy as np

from helpers.checks import EMPTY, as_number, check_close, is_empty, number_or_hint, verdict


def right_to_digits_given(value, expected):
    """``(digits, agrees)``: how many significant figures ``value`` was written with (0.7513 has
    4, 0.75 has 2; trailing zeros of a float cannot be seen), and whether it equals ``expected``
    rounded or cut to that many. (Lessons 04 and 05.)"""
    typed = Decimal(repr(float(value))).normalize()
    if not typed.is_finite() or typed.is_zero():
        return 0, False
    _, digits, exponent = typed.as_tuple()
    place = Decimal(1).scaleb(exponent)
    try:
        exact = Decimal(float(expected))
        agrees = typed in (exact.quantize(place, ROUND_HALF_EVEN),
                           exact.quantize(place, ROUND_DOWN))
    except InvalidOperation:  # expected is far larger than the last digit typed
        agrees = False
    return len(digits), agrees


def more_digits_hint(digits, needed):
    """The hint for an answer that is right to the few digits it has."""
    return (f"right to the {digits} significant figure{'s' if digits > 1 else ''} you gave; "
            f"more digits, please (at least {needed}).")

# Exercise 1: three predictions over three classes and their integer labels.
Y_BATCH = np.array([[0.7, 0.1, 0.2],
                    [0.2, 0.5, 0.3],
                    [0.25, 0.25, 0.5]])
T_BATCH = np.array([0, 2, 2])


def check_batch_cross_entropy(answer):
    """Exercise 1: the mean cross-entropy of ``Y_BATCH`` with labels ``T_BATCH``, with the natural
    log. Accepted to 4 significant figures (the solution prints 0.7513)."""
    value = number_or_hint(answer, "the loss")
    if value is None:
        return
    per_sample = -np.log(Y_BATCH[np.arange(3), T_BATCH])
    expected = float(np.mean(per_sample))
    digits, agrees = right_to_digits_given(value, expected)
    if np.isclose(value, expected, rtol=1e-5) or (agrees and digits >= 4):
        return verdict(True, f"Correct: the batch loss is {expected:.4f} (per sample "
                             f"{np.round(per_sample, 4).tolist()}).", "")
    if agrees and digits >= 2:
        return verdict(False, "", more_digits_hint(digits, 4))
    mistakes = [
        (float(np.sum(per_sample)), "that is the sum over the batch; divide by the number of "
                                    "samples N."),
        (-expected, "the sign: the loss is MINUS the mean log-probability, so it is positive."),
        (float(np.mean(-np.log(Y_BATCH.max(axis=1)))),
         "you took each row's largest probability; take the probability of the TRUE class, "
         "y[n, t[n]]."),
        (expected / np.log(10), "that is log base 10; the cross-entropy uses the natural log, "
                                "np.log."),
        (expected / np.log(2), "that is log base 2; the cross-entropy uses the natural log, "
                               "np.log."),
    ]
    for wrong_value, hint in mistakes:
        digits, agrees = right_to_digits_given(value, wrong_value)
        if np.isclose(value, wrong_value, rtol=1e-5) or (agrees and digits >= 3):
            return verdict(False, "", hint)
    verdict(False, "", "pick each row's probability of its true class, y[np.arange(N), t], take "
                       "minus its (natural) log and average.")


def check_derivative(answer):
    """Exercise 2: the derivative of f(x) = x**3 - 2x at x = 2 by the central difference."""
    value = number_or_hint(answer, "the derivative")
    if value is None:
        return
    expected = 3 * 2**2 - 2
    if np.isclose(value, expected, rtol=1e-6):
        return verdict(True, f"Correct: f'(2) = 3*2**2 - 2 = {expected}, and the central "
                             "difference gets it to about 8 digits.", "")
    forward = expected + 3 * 2 * 1e-4 + 1e-8  # (f(x+h) - f(x)) / h = f' + 3xh + h**2
    digits, agrees = right_to_digits_given(value, forward)
    if np.isclose(value, forward, rtol=1e-6) or (agrees and digits >= 5):
        hint = ("that is the forward difference (f(x+h) - f(x)) / h, off by about 3*x*h; use "
                "numerical_diff, the central difference.")
    elif np.isclose(value, 2**3 - 2 * 2):
        hint = "that is f(2) itself, not its slope."
    else:
        hint = "call numerical_diff(f, 2.0) with f(x) = x**3 - 2*x."
    verdict(False, "", hint)


def check_gradient(answer):
    """Exercise 3: the gradient of f(x0, x1) = x0**2 + 3*x0*x1 + 2*x1**3 at (1, -1)."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    x0, x1 = 1.0, -1.0
    expected = [2 * x0 + 3 * x1, 3 * x0 + 6 * x1**2]  # (-1, 9)
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        a = None
    if a is not None and a.shape == (2,) and np.allclose(a, expected[::-1], atol=1e-5):
        return verdict(False, "", "the two entries are swapped: entry 0 is df/dx0.")
    if a is not None and a.shape == (2,) and np.allclose(a, [-e for e in expected], atol=1e-5):
        return verdict(False, "", "the signs are flipped: that is minus the gradient, the "
                                  "direction gradient descent moves in.")
    check_close(answer, expected, name="the gradient", rtol=1e-6, atol=1e-6)


def check_learning_rates(one_step_lr, largest_lr):
    """Exercise 4: on f = x0**2 + x1**2, the learning rate that reaches the minimum in one step,
    and the largest one with which gradient descent does not run away."""
    if is_empty(one_step_lr, largest_lr):
        return verdict(False, "", EMPTY)
    a, b = as_number(one_step_lr), as_number(largest_lr)
    if a is None or b is None:
        return verdict(False, "", "give two numbers, e.g. check_learning_rates(0.3, 2.0).")
    problems = []
    if not np.isclose(a, 0.5, atol=1e-6):
        problems.append(f"with lr = {a:g} one step gives x * (1 - 2*lr) = x * {1 - 2 * a:g}, "
                        "not (0, 0)")
    if not np.isclose(b, 1.0, atol=1e-6):
        factor = abs(1 - 2 * b)
        fate = "shrinks" if factor < 1 else ("keeps its size" if factor == 1 else "grows")
        problems.append(f"with lr = {b:g} every step multiplies x by {1 - 2 * b:g}, so |x| "
                        f"{fate}; find where |1 - 2*lr| reaches 1")
    verdict(not problems, "Correct: x <- (1 - 2*lr) x, so lr = 0.5 lands on 0 at once, and "
                          "beyond lr = 1 every step overshoots further.", "; ".join(problems) + ".")


def check_loss_evaluations(answer):
    """Exercise 5: loss evaluations for one numerical gradient of a 784-50-10 network."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    value = as_number(answer)
    if value is None:
        return verdict(False, "", "give a single whole number.")
    weights = 784 * 50 + 50 * 10
    params = weights + 50 + 10
    expected = 2 * params
    if value == expected:
        return verdict(True, f"Correct: {params:,} parameters, two loss evaluations each: "
                             f"{expected:,} forward passes for ONE gradient.", "")
    if value == params:
        hint = ("that is the number of parameters; how many times is the loss computed per "
                "parameter?")
    elif value == 2 * weights:
        hint = "do not forget the biases b1 (50 numbers) and b2 (10 numbers)."
    elif value == weights:
        hint = "count the biases too, and two loss evaluations per parameter."
    else:
        hint = "count W1, b1, W2 and b2 (784x50, 50, 50x10, 10), then two evaluations each."
    verdict(False, "", hint)
