"""Self-checks for the exercises of lesson 04 (losses and numerical gradients).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. A number typed from a printout is accepted when it is the
right value to the significant figures the lesson prints (4 for the loss), rounded or cut off;
with fewer, the hint asks for more digits instead of blaming the formula (``helpers.checks``).
Known mistakes are recognised the same way, to the figures typed.
"""

import numpy as np

from helpers.checks import (
    EMPTY,
    as_number,
    check_close,
    check_number,
    is_empty,
    verdict,
    whole_number_or_hint,
)

# Exercise 1: three predictions over three classes and their integer labels.
Y_BATCH = np.array([[0.7, 0.1, 0.2],
                    [0.2, 0.5, 0.3],
                    [0.25, 0.25, 0.5]])
T_BATCH = np.array([0, 2, 2])


def check_batch_cross_entropy(answer):
    """Exercise 1: the mean cross-entropy of ``Y_BATCH`` with labels ``T_BATCH``, with the natural
    log. Accepted to 4 significant figures (the solution prints 0.7513)."""
    per_sample = -np.log(Y_BATCH[np.arange(3), T_BATCH])
    expected = float(np.mean(per_sample))
    check_number(answer, expected, "the loss", digits=4, rtol=1e-5, mistakes=[
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
    ], praise=f"Correct: the batch loss is {expected:.4f} (per sample "
              f"{np.round(per_sample, 4).tolist()}).",
       hint="pick each row's probability of its true class, y[np.arange(N), t], take minus its "
            "(natural) log and average.")


def check_derivative(answer):
    """Exercise 2: the derivative of f(x) = x**3 - 2x at x = 2 by the central difference."""
    expected = 3 * 2**2 - 2
    forward = expected + 3 * 2 * 1e-4 + 1e-8  # (f(x+h) - f(x)) / h = f' + 3xh + h**2
    check_number(answer, expected, "the derivative", mistakes=[
        (forward, "that is the forward difference (f(x+h) - f(x)) / h, off by about 3*x*h; use "
                  "numerical_diff, the central difference."),
        (2**3 - 2 * 2, "that is f(2) itself, not its slope."),
    ], praise=f"Correct: f'(2) = 3*2**2 - 2 = {expected}, and the central difference gets it "
              "to about 8 digits.",
       hint="call numerical_diff(f, 2.0) with f(x) = x**3 - 2*x.")


def check_gradient(answer):
    """Exercise 3: the gradient of f(x0, x1) = x0**2 + 3*x0*x1 + 2*x1**3 at (1, -1)."""
    x0, x1 = 1.0, -1.0
    expected = np.array([2 * x0 + 3 * x1, 3 * x0 + 6 * x1**2])  # (-1, 9)
    check_close(answer, expected, name="the gradient", rtol=1e-6, atol=1e-6, mistakes=[
        (expected[::-1], "the two entries are swapped: entry 0 is df/dx0."),
        (-expected, "the signs are flipped: that is minus the gradient, the direction gradient "
                    "descent moves in."),
    ])


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
    value = whole_number_or_hint(answer, "the number of loss evaluations")
    if value is None:
        return
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
