"""Self-checks for the exercises of lesson 06 (training a network).

Each check prints one verdict line (✅ or ❌ with a hint) and returns nothing.
"""

import math

from helpers.checks import EMPTY, check_close, is_empty, verdict


def check_value_gradients(answer):
    """Exercise 1: f(x, y) = tanh(x*y + x) at x = 0.5, y = -1.5: (df/dx, df/dy)."""
    if is_empty(answer):
        return verdict(False, "", EMPTY)
    x, y = 0.5, -1.5
    local = 1 - math.tanh(x * y + x) ** 2
    check_close(answer, (local * (y + 1), local * x), name="(df/dx, df/dy)")
