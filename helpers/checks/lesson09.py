"""Self-checks for the exercises of lesson 09 (overfitting and regularization).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer, so a learner can try again.
"""

import numpy as np

from helpers.checks import EMPTY, check_close, is_empty, verdict

# The weight matrices of exercise 1 (the lesson shows the same numbers).
EXERCISE1_W = (np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([[3.0], [-1.0]]))
EXERCISE1_LAMBDA = 0.1


def check_l2_penalty(answer):
    """Exercise 1: 0.5 * lambda * sum of W**2 over EXERCISE1_W, with lambda = 0.1."""
    total = sum(float(np.sum(W ** 2)) for W in EXERCISE1_W)
    check_close(answer, 0.5 * EXERCISE1_LAMBDA * total, name="the penalty", mistakes=[
        (EXERCISE1_LAMBDA * total, "that is Keras's l2 form (λ·ΣW²); the book's penalty has a "
                                   "factor ½ in front."),
        (0.5 * EXERCISE1_LAMBDA * sum(float(np.sum(np.abs(W))) for W in EXERCISE1_W),
         "square the weights (L2), do not take their absolute values (that would be L1)."),
        (0.5 * EXERCISE1_LAMBDA * float(np.sum(EXERCISE1_W[0] ** 2)),
         "include every weight matrix, W2 as well."),
    ])


def check_keras_l2(answer):
    """Exercise 2: the Keras l2 factor equivalent to weight_decay_lambda = 0.004."""
    check_close(answer, 0.002, name="the Keras l2 factor", mistakes=[
        (0.008, "the other way round: Keras has no ½, so its factor must be smaller than λ."),
        (0.004, "Keras's l2(l) adds l·ΣW² while the book adds ½·λ·ΣW²: the two numbers differ "
                "by a factor 2."),
    ])


def check_decay_factor(answer):
    """Exercise 3: the factor (1 - eta * lambda) for eta = 0.05, lambda = 0.01."""
    check_close(answer, 1 - 0.05 * 0.01, name="the decay factor", rtol=1e-9, mistakes=[
        (0.05 * 0.01, "that is how much is taken away (η·λ); the weight keeps 1 minus that.")])


def check_inverted_dropout(my_dropout):
    """Exercise 4: my_dropout(x, rate, rng) implements inverted dropout in training mode."""
    if is_empty(my_dropout):
        return verdict(False, "", EMPTY)
    if not callable(my_dropout):
        return verdict(False, "", f"pass the function itself (my_dropout, without brackets); "
                                  f"got a {type(my_dropout).__name__}.")
    x = np.random.default_rng(5).uniform(1.0, 2.0, (200, 250))
    x_before = x.copy()
    for rate in (0.2, 0.5):
        try:
            out = my_dropout(x, rate, np.random.default_rng(1))
        except Exception as err:  # the learner's code: report, do not crash the check
            return verdict(False, "", f"my_dropout raised {type(err).__name__}: {err}")
        if is_empty(out):
            return verdict(False, "", "my_dropout returned nothing: " + EMPTY)
        if not np.array_equal(x, x_before):
            return verdict(False, "", "my_dropout changed its input x; build a new array instead.")
        out = np.asarray(out, dtype=float)
        if out.shape != x.shape:
            return verdict(False, "", f"the output should have the input's shape {x.shape}; "
                                      f"got {out.shape}.")
        kept = out != 0
        fraction = kept.mean()
        if abs(fraction - (1 - rate)) > 0.01:
            return verdict(False, "", f"with rate={rate} about {1 - rate:.0%} of the units should "
                                      f"be kept; yours kept {fraction:.1%}. Is the comparison "
                                      f"the right way round?")
        if np.allclose(out[kept], x[kept]):
            return verdict(False, "", "the kept units are not scaled: divide them by (1 - rate) "
                                      "so the expected output equals the input.")
        if np.allclose(out[kept], x[kept] * (1 - rate)):
            return verdict(False, "", "that is the book's test-time scaling; inverted dropout "
                                      "divides the kept units by (1 - rate) during training.")
        if not np.allclose(out[kept], x[kept] / (1 - rate)):
            return verdict(False, "", "each kept unit should equal x / (1 - rate).")
    verdict(True, "Correct: kept units are scaled by 1/(1 − rate), so the mean is preserved.", "")


def check_log_uniform(sample_learning_rates):
    """Exercise 5: sample_learning_rates(n, rng) draws log-uniformly from [1e-4, 1e-1]."""
    if is_empty(sample_learning_rates):
        return verdict(False, "", EMPTY)
    if not callable(sample_learning_rates):
        return verdict(False, "", "pass the function itself (sample_learning_rates, without "
                                  f"brackets); got a {type(sample_learning_rates).__name__}.")
    try:
        values = sample_learning_rates(20_000, np.random.default_rng(3))
    except Exception as err:  # the learner's code: report, do not crash the check
        return verdict(False, "", f"sample_learning_rates raised {type(err).__name__}: {err}")
    if is_empty(values):
        return verdict(False, "", "sample_learning_rates returned nothing: " + EMPTY)
    values = np.asarray(values, dtype=float)
    if values.shape != (20_000,):
        return verdict(False, "", f"sample_learning_rates(20000, rng) should return 20,000 "
                                  f"numbers; got an array of shape {values.shape}.")
    if np.any(values < 1e-4 * (1 - 1e-9)) or np.any(values > 1e-1 * (1 + 1e-9)):
        return verdict(False, "", f"the values should lie between 0.0001 and 0.1; yours run from "
                                  f"{values.min():.3g} to {values.max():.3g}.")
    exponents = np.log10(values)
    # Log-uniform: each decade [1e-4, 1e-3), [1e-3, 1e-2), [1e-2, 1e-1] holds about a third.
    shares = np.histogram(exponents, bins=[-4, -3, -2, -1])[0] / values.size
    if np.all(np.abs(shares - 1 / 3) < 0.02):
        return verdict(True, "Correct: every decade gets about a third of the samples.", "")
    if shares[2] > 0.8:
        return verdict(False, "", f"{shares[2]:.0%} of your values are above 0.01: that is a "
                                  f"uniform draw on a linear scale. Draw the exponent uniformly "
                                  f"instead: 10 ** rng.uniform(-4, -1, size=n).")
    verdict(False, "", f"the three decades get {np.round(shares * 100).astype(int)}% of the "
                       f"values; a log-uniform draw gives each about 33%.")


def _indices(part):
    """The part as a 1-D int array of indices, or a hint saying why it is not one."""
    try:
        values = np.asarray(part)
    except (TypeError, ValueError):  # e.g. a ragged list
        return None, "both parts should be arrays of whole-number indices."
    if values.dtype.kind == "b":
        return None, ("give the indices themselves (e.g. order[400:]), not a True/False mask.")
    if values.dtype.kind not in "iuf":
        return None, "both parts should be arrays of whole-number indices."
    values = values.ravel()
    if values.dtype.kind == "f":
        if not np.all(np.isfinite(values)):
            return None, "an index is NaN or infinite; indices are whole numbers 0..499."
        if not np.all(values == np.round(values)):
            return None, "indices are whole numbers; yours include fractions."
        largest = values[np.abs(values).argmax()] if values.size else 0.0
        if abs(largest) > 2 ** 31:                    # too large to cast to int cleanly
            return None, f"indices lie in 0..499; yours include {largest:g}."
    return values.astype(int), None


def check_split(train_part, val_part):
    """Exercise 6: a random 400/100 split of the indices 0..499 with no overlap."""
    if is_empty(train_part) or is_empty(val_part):
        return verdict(False, "", EMPTY)
    train, problem = _indices(train_part)
    if problem is None:
        val, problem = _indices(val_part)
    if problem:
        return verdict(False, "", problem)
    if (train.size, val.size) != (400, 100):
        return verdict(False, "", f"expected 400 training and 100 validation indices; got "
                                  f"{train.size} and {val.size}.")
    overlap = np.intersect1d(train, val)
    if overlap.size:
        return verdict(False, "", f"{overlap.size} indices are in both parts, e.g. {overlap[0]}: "
                                  f"a validation image must never be trained on.")
    together = np.concatenate([train, val])
    if np.unique(together).size != 500 or not np.array_equal(np.sort(together), np.arange(500)):
        return verdict(False, "", "together the two parts should hold each index 0..499 exactly "
                                  "once.")
    steps = np.diff(np.sort(val))
    if np.all(steps == 1):
        return verdict(False, "", f"the validation part is one block of consecutive indices "
                                  f"({val.min()}..{val.max()}); shuffle first (rng.permutation) "
                                  f"so that it is a random sample.")
    if np.all(steps == steps[0]):
        return verdict(False, "", f"the validation part is evenly spaced (one index in every "
                                  f"{steps[0]}), a regular pattern, not a random sample; shuffle "
                                  f"first (rng.permutation).")
    verdict(True, "Correct: 400 + 100 indices, disjoint, chosen at random.", "")
