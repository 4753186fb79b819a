"""Self-checks for the exercises of lesson 07 (optimizers).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again. The reference answers come from ``helpers.optimizers``,
which is tested step for step against ``keras.optimizers``. Numbers are accepted to 3
significant figures; an answer right to the fewer figures it was given hears "more digits,
please" rather than a hint about the formula (``helpers.checks``).
"""

import numpy as np

from helpers.checks import EMPTY, check_close, is_empty, verdict
from helpers.optimizers import SGD, Adam, Momentum

DIGITS = 3  # significant figures an answer needs

# Exercise 1: one SGD step.
W_START = np.array([1.0, -2.0])
GRAD = np.array([0.5, -1.0])
SGD_LEARNING_RATE = 0.1

# Exercise 3: the race of the lesson, f(x, y) = x**2 / 20 + y**2, from (-7, 2).
RACE_START = np.array([-7.0, 2.0])


def race_grad(p):
    return np.array([p[0] / 10.0, 2.0 * p[1]])


def _as_array(answer, shape):
    """The answer as a float array of the given shape, or None."""
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return a if a.shape == shape and np.all(np.isfinite(a)) else None


def _step(optimizer, start, grad):
    params = {"w": np.array(start, dtype=float)}
    optimizer.update(params, {"w": np.asarray(grad, dtype=float)})
    return params["w"]


def check_sgd_step(answer):
    """Exercise 1: W after one SGD step (learning rate 0.1) from W_START with gradient GRAD."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    expected = _step(SGD(learning_rate=SGD_LEARNING_RATE), W_START, GRAD)
    a = _as_array(answer, expected.shape)
    if a is None:
        return verdict(False, "", f"answer with W after the step: an array of shape "
                                  f"{expected.shape}, one number per weight.")
    check_close(answer, expected, name="W", digits=DIGITS, mistakes=[
        (W_START + SGD_LEARNING_RATE * GRAD,
         "you stepped *up* the slope: SGD subtracts learning_rate * grad.")],
        praise="Correct: W after one step matches.",
        hint="W <- W - learning_rate * grad, weight by weight. Check your formula and try again.")


def check_momentum_steps(answer):
    """Exercise 2: (w1, w2) for Momentum(0.1, momentum=0.9) from w = 0 with gradient 1 twice."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    momentum = Momentum(learning_rate=0.1, momentum=0.9)
    params = {"w": np.array(0.0)}
    expected = []
    for _ in range(2):
        momentum.update(params, {"w": np.array(1.0)})
        expected.append(float(params["w"]))
    a = _as_array(answer, (2,))
    if a is None:
        return verdict(False, "", "answer with two numbers, (w1, w2): w after the first and "
                                  "after the second step.")
    check_close(answer, expected, name="(w1, w2)", digits=DIGITS, mistakes=[
        ([-0.1, -0.2], "that is plain SGD. With momentum the velocity keeps 0.9 of its previous "
                       "value: v2 = 0.9 * v1 - 0.1 * 1.")],
        praise=f"Correct: w1 = {expected[0]:g}, w2 = {expected[1]:g}. The second step is 1.9 "
               "times the first: the ball speeds up.",
        hint=f"your (w1, w2) = {a.tolist()}. Start with v = 0: v1 = 0.9 * 0 - 0.1 * 1, "
             "w1 = 0 + v1; then v2 = 0.9 * v1 - 0.1 * 1, w2 = w1 + v2.")


def check_adam_first_step(answer):
    """Exercise 3: the point after Adam(learning_rate=0.3)'s first step of the race."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    expected = _step(Adam(learning_rate=0.3), RACE_START, race_grad(RACE_START))
    a = _as_array(answer, (2,))
    if a is None:
        return verdict(False, "", "answer with the point (x, y) after the first step: two numbers.")
    g = race_grad(RACE_START)
    m, v = 0.1 * g, 0.001 * g ** 2
    no_correction = RACE_START - 0.3 * m / (np.sqrt(v) + 1e-7)
    if np.allclose(a, RACE_START):
        return verdict(False, "", "that is where Adam starts: give the point after one update.")
    check_close(answer, expected, name="the point after one update", digits=DIGITS, mistakes=[
        (no_correction, "that is the step without bias correction: m and v start at 0, so "
                        "after one step they are 10 and 1000 times too small; Adam divides by "
                        "(1 - beta_1**t) and (1 - beta_2**t).")],
        praise="Correct: every coordinate moved by 0.3, whatever its gradient.",
        hint="work out m, v and alpha_1 after one step, then step by "
             "alpha_1 * m / (sqrt(v) + epsilon), against the gradient.")


# Exercise 4: gradients whose size falls, so that v shrinks and AMSGrad's v_max matters.
_AMSGRAD_GRADS = [np.array([3.0, -2.0, 0.5]) * s for s in (1.0, 0.8, 0.1, 0.05, -0.05, 0.02)]
_AMSGRAD_START = np.array([1.0, -1.0, 0.5])


def _run(optimizer, steps=_AMSGRAD_GRADS):
    params = {"w": _AMSGRAD_START.copy()}
    for g in steps:
        optimizer.update(params, {"w": g.copy()})
    return params["w"]


def check_amsgrad(MyAMSGrad):
    """Exercise 4: a class MyAMSGrad(learning_rate=...) with update(params, grads) that behaves
    like ``Adam(learning_rate=..., amsgrad=True)``."""
    if is_empty(MyAMSGrad):
        return verdict(False, "", EMPTY)
    if not callable(MyAMSGrad):
        return verdict(False, "", "pass the class itself (MyAMSGrad), not an instance or a value.")
    try:
        mine = MyAMSGrad(learning_rate=0.1)
        if not callable(getattr(mine, "update", None)):
            return verdict(False, "", "your class needs a method update(self, params, grads).")
        result = _run(mine)
    except Exception as error:  # a learner's code may fail in any way: report it, do not raise
        return verdict(False, "", f"running your optimizer raised {type(error).__name__}: {error}")
    expected = _run(Adam(learning_rate=0.1, amsgrad=True))
    if np.shape(result) != expected.shape:
        return verdict(False, "", "params['w'] changed shape: update the arrays in place.")
    if np.allclose(result, _run(Adam(learning_rate=0.1)), atol=1e-9):
        return verdict(False, "", "this is plain Adam: divide by sqrt(v_max), where v_max is the "
                                  "largest v seen so far (np.maximum), not by sqrt(v).")
    if np.allclose(result, _AMSGRAD_START):
        return verdict(False, "", "params did not change: write update() so that it changes "
                                  "params[key] in place (params[key] -= ...).")
    check_close(result, expected, name="your optimizer's parameters after 6 steps",
                rtol=1e-9, atol=1e-12)
