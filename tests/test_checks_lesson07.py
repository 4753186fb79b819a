"""helpers.checks.lesson07: a right answer prints ✅, a wrong or empty one ❌ (never raises).

The right answers here are worked out by hand (or written independently of helpers.optimizers),
so the checks are not tested against the code they call.
"""

import math

import numpy as np
from verdicts import ok, wrong

from helpers.checks import lesson07


def test_sgd_step(capsys):
    # W - 0.1 * g = [1 - 0.05, -2 + 0.1]
    ok(capsys, lesson07.check_sgd_step, [0.95, -1.9])
    ok(capsys, lesson07.check_sgd_step, np.array([0.95, -1.9]))
    assert "up" in wrong(capsys, lesson07.check_sgd_step, [1.05, -2.1])
    assert "shape" in wrong(capsys, lesson07.check_sgd_step, [0.95])
    wrong(capsys, lesson07.check_sgd_step, [0.5, -1.0])
    assert "more digits" in wrong(capsys, lesson07.check_sgd_step, [0.9, -1.9])  # 0.95 to 1 place
    assert "placeholder" in wrong(capsys, lesson07.check_sgd_step, ...)


def test_momentum_steps(capsys):
    # v1 = -0.1, w1 = -0.1; v2 = 0.9 * -0.1 - 0.1 = -0.19, w2 = -0.29
    assert "1.9 times" in ok(capsys, lesson07.check_momentum_steps, (-0.1, -0.29))
    assert "plain SGD" in wrong(capsys, lesson07.check_momentum_steps, (-0.1, -0.2))
    wrong(capsys, lesson07.check_momentum_steps, (-0.1, -0.19))
    assert "more digits" in wrong(capsys, lesson07.check_momentum_steps, (-0.1, -0.3))
    ok(capsys, lesson07.check_momentum_steps, (-0.100, -0.290))
    assert "two numbers" in wrong(capsys, lesson07.check_momentum_steps, -0.29)
    assert "placeholder" in wrong(capsys, lesson07.check_momentum_steps, None)


def test_adam_first_step(capsys):
    # With bias correction the first step is learning_rate * sign(g) (epsilon aside).
    ok(capsys, lesson07.check_adam_first_step, (-6.7, 1.7))
    # Without it: 0.3 * 0.1 g / sqrt(0.001 g**2) = 0.3 * 0.1 / sqrt(0.001) ~ 0.9487 per coordinate.
    step = 0.3 * 0.1 / math.sqrt(0.001)
    assert "bias correction" in wrong(capsys, lesson07.check_adam_first_step,
                                      (-7 + step, 2 - step))
    wrong(capsys, lesson07.check_adam_first_step, (-7.3, 2.3))  # uphill
    ok(capsys, lesson07.check_adam_first_step, (-6.70, 1.70))
    wrong(capsys, lesson07.check_adam_first_step, (-6.7, 2))  # a whole number is meant exactly
    assert "starts" in wrong(capsys, lesson07.check_adam_first_step, (-7, 2))
    assert "two numbers" in wrong(capsys, lesson07.check_adam_first_step, "(-6.7, 1.7)")
    assert "placeholder" in wrong(capsys, lesson07.check_adam_first_step, ...)


class AMSGrad:
    """Written from the AMSGrad rule as Keras states it, independently of helpers.optimizers."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.lr, self.b1, self.b2, self.eps = learning_rate, beta_1, beta_2, epsilon
        self.t, self.m, self.v, self.v_max = 0, {}, {}, {}

    def update(self, params, grads):
        self.t += 1
        for k, g in grads.items():
            m = self.m[k] = self.b1 * self.m.get(k, 0) + (1 - self.b1) * g
            v = self.v[k] = self.b2 * self.v.get(k, 0) + (1 - self.b2) * g * g
            self.v_max[k] = np.maximum(self.v_max.get(k, 0), v)
            alpha = self.lr * math.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
            params[k] -= alpha * m / (np.sqrt(self.v_max[k]) + self.eps)


class PlainAdam(AMSGrad):
    def update(self, params, grads):
        self.t += 1
        for k, g in grads.items():
            m = self.m[k] = self.b1 * self.m.get(k, 0) + (1 - self.b1) * g
            v = self.v[k] = self.b2 * self.v.get(k, 0) + (1 - self.b2) * g * g
            alpha = self.lr * math.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
            params[k] -= alpha * m / (np.sqrt(v) + self.eps)


class NoInPlace(AMSGrad):
    def update(self, params, grads):
        params = {k: p.copy() for k, p in params.items()}
        super().update(params, grads)


class Broken:
    def __init__(self, learning_rate):
        pass

    def update(self, params, grads):
        raise KeyError("v")


def test_amsgrad(capsys):
    ok(capsys, lesson07.check_amsgrad, AMSGrad)
    assert "plain Adam" in wrong(capsys, lesson07.check_amsgrad, PlainAdam)
    assert "in place" in wrong(capsys, lesson07.check_amsgrad, NoInPlace)
    assert "raised KeyError" in wrong(capsys, lesson07.check_amsgrad, Broken)
    assert "the class itself" in wrong(capsys, lesson07.check_amsgrad, 3)
    assert "placeholder" in wrong(capsys, lesson07.check_amsgrad, ...)
