"""The lesson 06 exercise checks accept right answers (computed here independently, with the
lesson's own tools where the lesson asks for them) and refuse wrong ones with a hint."""

import math

from helpers.autograd import Value
from helpers.checks import lesson06


def verdict(capsys):
    out = capsys.readouterr().out
    assert out.count("✅") + out.count("❌") == 1, out
    return out


def ok(capsys):
    out = verdict(capsys)
    assert "✅" in out, out
    return out


def not_ok(capsys):
    out = verdict(capsys)
    assert "❌" in out, out
    return out


# ---------------------------------------------------------------- exercise 1

def test_value_gradients(capsys):
    x, y = Value(0.5), Value(-1.5)
    f = (x * y + x).tanh()
    f.backward()
    lesson06.check_value_gradients((x.grad, y.grad))
    ok(capsys)
    u = 0.5 * -1.5 + 0.5
    lesson06.check_value_gradients(((1 - math.tanh(u) ** 2) * -0.5, (1 - math.tanh(u) ** 2) * 0.5))
    ok(capsys)  # the closed form agrees
    lesson06.check_value_gradients((-1.5 + 1, 0.5))  # tanh's local gradient forgotten
    not_ok(capsys)
    lesson06.check_value_gradients(...)
    assert "placeholder" in not_ok(capsys)
