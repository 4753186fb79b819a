"""helpers.checks.lesson12: a right answer prints ✅, a wrong or empty one ❌ (never an exception).

The right answers are written here from the formulas by hand; where Keras can confirm them
(the schedule, the parameter count, the initializer's spread, the clipped step), it does.
Answers copied at the digits the lesson prints are accepted; shorter ones hear "more digits".
"""

import math

import keras
import numpy as np
from verdicts import ok, wrong

from helpers.checks import lesson12


def test_staircase_rate(capsys):
    ok(capsys, lesson12.check_staircase_rate, 0.01 * 0.9 ** 2)
    ok(capsys, lesson12.check_staircase_rate, 0.0081)
    ok(capsys, lesson12.check_staircase_rate, 0.00810)
    keras_value = float(keras.optimizers.schedules.ExponentialDecay(
        1e-2, 10_000, 0.9, staircase=True)(25_000))
    ok(capsys, lesson12.check_staircase_rate, keras_value)
    assert "staircase" in wrong(capsys, lesson12.check_staircase_rate, 0.01 * 0.9 ** 2.5)
    assert "30,000" in wrong(capsys, lesson12.check_staircase_rate, 0.01 * 0.9 ** 3)
    assert "more digits" in wrong(capsys, lesson12.check_staircase_rate, 0.008)
    assert "floor" in wrong(capsys, lesson12.check_staircase_rate, 0.0085)
    wrong(capsys, lesson12.check_staircase_rate, 0.01)
    assert "placeholder" in wrong(capsys, lesson12.check_staircase_rate, ...)
    assert "one number" in wrong(capsys, lesson12.check_staircase_rate, "0.0081?")
    assert "one number" in wrong(capsys, lesson12.check_staircase_rate, [0.0081, 0.009])


def test_second_restart(capsys):
    ok(capsys, lesson12.check_second_restart, 3000)
    ok(capsys, lesson12.check_second_restart, 3_000.0)
    assert "twice as long" in wrong(capsys, lesson12.check_second_restart, 2000)
    wrong(capsys, lesson12.check_second_restart, 7000)   # the third restart
    wrong(capsys, lesson12.check_second_restart, 1000)   # the first
    assert "placeholder" in wrong(capsys, lesson12.check_second_restart, None)


def test_second_restart_agrees_with_keras():
    schedule = keras.optimizers.schedules.CosineDecayRestarts(0.01, 1000)
    assert float(schedule(2999)) < 1e-4 and math.isclose(float(schedule(3000)), 0.01, rel_tol=1e-6)


def test_he_std(capsys):
    ok(capsys, lesson12.check_he_std, math.sqrt(2 / 30))
    ok(capsys, lesson12.check_he_std, 0.2582)
    ok(capsys, lesson12.check_he_std, 0.258)   # as the solution prints it
    assert "more digits" in wrong(capsys, lesson12.check_he_std, 0.26)
    # Keras agrees: HeNormal weights of a Dense(64) on 30 inputs spread by about sqrt(2/30)
    layer = keras.layers.Dense(64, kernel_initializer=keras.initializers.HeNormal(seed=0))
    layer.build((None, 30))
    measured = float(np.std(layer.kernel.numpy()))
    assert abs(measured - math.sqrt(2 / 30)) < 0.05 * math.sqrt(2 / 30)
    assert "Glorot" in wrong(capsys, lesson12.check_he_std, math.sqrt(2 / 94))
    assert "variance" in wrong(capsys, lesson12.check_he_std, 2 / 30)
    assert "fan_in = 30" in wrong(capsys, lesson12.check_he_std, math.sqrt(2 / 64))
    assert "LeCun" in wrong(capsys, lesson12.check_he_std, math.sqrt(1 / 30))
    wrong(capsys, lesson12.check_he_std, 0.05)
    assert "placeholder" in wrong(capsys, lesson12.check_he_std, ...)


def test_batchnorm_params(capsys):
    model = keras.Sequential([keras.Input(shape=(30,)),
                              keras.layers.Dense(64, use_bias=False),
                              keras.layers.BatchNormalization()])
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    non_trainable = sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)
    assert (trainable, non_trainable) == (30 * 64 + 2 * 64, 2 * 64)
    ok(capsys, lesson12.check_batchnorm_params, trainable, non_trainable)
    ok(capsys, lesson12.check_batchnorm_params, 2048, 128)
    assert "use_bias=False" in wrong(capsys, lesson12.check_batchnorm_params, 2112, 128)
    assert "non-trainable" in wrong(capsys, lesson12.check_batchnorm_params, 2176, 0)
    wrong(capsys, lesson12.check_batchnorm_params, 128, 2048)   # swapped
    wrong(capsys, lesson12.check_batchnorm_params, 1920, 0)     # forgot batch norm
    assert "placeholder" in wrong(capsys, lesson12.check_batchnorm_params, 2048, ...)


def test_clipped_step(capsys):
    ok(capsys, lesson12.check_clipped_step, [-0.3, -0.4])
    ok(capsys, lesson12.check_clipped_step, np.array([-0.3, -0.4], dtype="float32"))
    ok(capsys, lesson12.check_clipped_step, (-0.300, -0.400))
    assert "norm 5" in wrong(capsys, lesson12.check_clipped_step, [-0.6, -0.8])
    assert "clipvalue" in wrong(capsys, lesson12.check_clipped_step, [-0.5, -0.5])
    assert "against the gradient" in wrong(capsys, lesson12.check_clipped_step, [0.3, 0.4])
    assert "learning rate" in wrong(capsys, lesson12.check_clipped_step, [-3.0, -4.0])
    assert "-0.1 times" in wrong(capsys, lesson12.check_clipped_step, [-0.1, -0.1])
    assert "shape" in wrong(capsys, lesson12.check_clipped_step, -0.5)
    assert "placeholder" in wrong(capsys, lesson12.check_clipped_step, ...)


def test_clipped_step_agrees_with_keras():
    settings = lesson12.EXERCISE_4
    for kind in ("clipnorm", "clipvalue"):
        for gradient in ([6.0, 8.0], [0.3, -0.4], [-12.0, 1.0]):
            w = keras.Variable(np.zeros(2, dtype="float32"))
            optimizer = keras.optimizers.SGD(learning_rate=settings["learning_rate"],
                                             **{kind: settings["clipnorm"]})
            optimizer.apply_gradients([(np.array(gradient, dtype="float32"), w)])
            ours = lesson12.clipped_step(gradient, settings["learning_rate"],
                                         **{kind: settings["clipnorm"]})
            np.testing.assert_allclose(w.numpy(), ours, rtol=1e-6, atol=1e-7)
