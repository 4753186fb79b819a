"""helpers.schedules (lesson 12) against keras.optimizers.schedules at many steps."""

import subprocess
import sys

import keras
import numpy as np
import pytest

from helpers import schedules

S = keras.optimizers.schedules
STEPS = np.arange(0, 20_001, 89)  # 225 steps, few of them multiples of the decay lengths


def keras_values(schedule, steps):
    return np.array([float(schedule(int(s))) for s in steps])


# Keras evaluates in float32. Near the bottom of a cosine the rate is tiny, and float32 keeps only
# ~7 digits of the fraction of a cycle (step / first_decay_steps minus the cycle start), so agree
# to 2e-6 relative or 1e-5 of the initial rate, whichever is looser.
def assert_matches(ours, theirs, lr0=0.01):
    np.testing.assert_allclose(ours, theirs, rtol=2e-6, atol=1e-5 * lr0)


@pytest.mark.parametrize("staircase", [False, True])
@pytest.mark.parametrize("lr0, decay_steps, rate",
                         [(1e-2, 10_000, 0.9), (0.1, 1_000, 0.5), (3e-4, 250, 0.96)])
def test_exponential_decay_matches_keras(lr0, decay_steps, rate, staircase):
    keras_schedule = S.ExponentialDecay(lr0, decay_steps, rate, staircase=staircase)
    ours = schedules.exponential_decay(STEPS, lr0, decay_steps, rate, staircase=staircase)
    assert_matches(ours, keras_values(keras_schedule, STEPS), lr0)


def test_exponential_staircase_is_flat_between_drops_and_drops_at_each_multiple():
    lr = schedules.exponential_decay([0, 9_999, 10_000, 19_999, 20_000, 25_000], 1e-2, 10_000, 0.9,
                                     staircase=True)
    np.testing.assert_allclose(lr, [1e-2, 1e-2, 9e-3, 9e-3, 8.1e-3, 8.1e-3])
    smooth = schedules.exponential_decay(5_000, 1e-2, 10_000, 0.9)
    assert smooth == pytest.approx(1e-2 * 0.9 ** 0.5)


@pytest.mark.parametrize("alpha", [0.0, 0.1])
@pytest.mark.parametrize("decay_steps", [1_000, 7_777])
def test_cosine_decay_matches_keras(decay_steps, alpha):
    keras_schedule = S.CosineDecay(0.01, decay_steps, alpha=alpha)
    ours = schedules.cosine_decay(STEPS, 0.01, decay_steps, alpha=alpha)
    assert_matches(ours, keras_values(keras_schedule, STEPS))


def test_cosine_decay_with_warmup_matches_keras():
    settings = dict(alpha=0.05, warmup_target=0.01, warmup_steps=1_000)
    keras_schedule = S.CosineDecay(0.0, 5_000, **settings)
    ours = schedules.cosine_decay(STEPS, 0.0, 5_000, **settings)
    assert_matches(ours, keras_values(keras_schedule, STEPS))


def test_cosine_decay_known_points():
    lr = schedules.cosine_decay([0, 500, 1_000, 5_000], 0.01, 1_000, alpha=0.1)
    np.testing.assert_allclose(lr, [0.01, 0.01 * (0.9 * 0.5 + 0.1), 0.001, 0.001])


@pytest.mark.parametrize("t_mul, m_mul, alpha", [
    (2.0, 1.0, 0.0),   # Keras's defaults
    (1.0, 1.0, 0.0),   # equal cycles
    (2.0, 0.5, 0.1),   # each restart half as high; a floor that does not shrink
    (1.5, 0.8, 0.0),
    (1.0, 0.7, 0.2),
])
def test_cosine_decay_restarts_matches_keras(t_mul, m_mul, alpha):
    settings = dict(t_mul=t_mul, m_mul=m_mul, alpha=alpha)
    keras_schedule = S.CosineDecayRestarts(0.01, 1_000, **settings)
    ours = schedules.cosine_decay_restarts(STEPS, 0.01, 1_000, **settings)
    assert_matches(ours, keras_values(keras_schedule, STEPS))


@pytest.mark.parametrize("t_mul, m_mul", [(2.0, 1.0), (2.0, 0.5), (1.0, 0.5)])
def test_restarts_at_the_exact_restart_steps_match_keras(t_mul, m_mul):
    starts = [0, 1_000, 3_000, 7_000, 15_000] if t_mul == 2 else [0, 1_000, 2_000, 3_000]
    steps = sorted({s + d for s in starts for d in (-1, 0, 1) if s + d >= 0})
    keras_schedule = S.CosineDecayRestarts(0.01, 1_000, t_mul=t_mul, m_mul=m_mul)
    ours = schedules.cosine_decay_restarts(steps, 0.01, 1_000, t_mul=t_mul, m_mul=m_mul)
    assert_matches(ours, keras_values(keras_schedule, steps))


def test_restart_cycle_lengths_follow_t_mul():
    steps = [0, 999, 1_000, 2_999, 3_000, 6_500, 7_000]
    i, fraction = schedules.restart_cycle(steps, 1_000, t_mul=2.0)
    np.testing.assert_array_equal(i, [0, 0, 1, 1, 2, 2, 3])
    np.testing.assert_allclose(fraction, [0, 0.999, 0, 1_999 / 2_000, 0, 3_500 / 4_000, 0])
    # each restart begins at the full (m_mul-scaled) rate
    lr = schedules.cosine_decay_restarts([0, 1_000, 3_000], 0.01, 1_000, m_mul=0.5)
    np.testing.assert_allclose(lr, [0.01, 0.005, 0.0025])


def test_scalar_in_float_out_and_input_not_mutated():
    steps = np.array([0, 10, 20])
    before = steps.copy()
    assert isinstance(schedules.cosine_decay(10, 0.01, 100), float)
    assert schedules.cosine_decay(steps, 0.01, 100).shape == (3,)
    np.testing.assert_array_equal(steps, before)


@pytest.mark.parametrize("call, match", [
    (lambda: schedules.exponential_decay(-1, 0.01, 100, 0.9), "step must be >= 0"),
    (lambda: schedules.exponential_decay([0, np.nan], 0.01, 100, 0.9), "NaN"),
    (lambda: schedules.exponential_decay(0, 0.01, 0, 0.9), "decay_steps must be a number > 0"),
    (lambda: schedules.exponential_decay(0, 0.01, 100, -0.5), "decay_rate must be a number > 0"),
    (lambda: schedules.cosine_decay(0, 0.01, 100, alpha=1.5),
     "alpha must be a number >= 0 and <= 1"),
    (lambda: schedules.cosine_decay_restarts(0, 0.01, 100, t_mul=0.5),
     "t_mul must be a number >= 1"),
    (lambda: schedules.cosine_decay_restarts(0, 0.01, 0), "first_decay_steps must be a number > 0"),
    (lambda: schedules.cosine_decay_restarts(0, -0.01, 100), "initial_learning_rate must be"),
])
def test_bad_input_is_refused_with_a_clear_message(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_module_is_numpy_only():
    code = ("import sys, helpers.schedules; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
