"""helpers.checks.lesson12: a right answer prints ✅, a wrong or empty one ❌ (never an exception).

The right answers are written here from the formulas by hand; where Keras can confirm them
(the parameter count, the initializer's spread, the loss), it does.
"""

import math

import keras
import numpy as np
from verdicts import ok, wrong

from helpers.checks import lesson12


def test_staircase_rate(capsys):
    ok(capsys, lesson12.check_staircase_rate, 0.01 * 0.9 ** 2)
    ok(capsys, lesson12.check_staircase_rate, 0.0081)
    keras_value = float(keras.optimizers.schedules.ExponentialDecay(
        1e-2, 10_000, 0.9, staircase=True)(25_000))
    ok(capsys, lesson12.check_staircase_rate, keras_value)
    assert "staircase" in wrong(capsys, lesson12.check_staircase_rate, 0.01 * 0.9 ** 2.5)
    wrong(capsys, lesson12.check_staircase_rate, 0.01 * 0.9 ** 3)
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


def test_binary_crossentropy(capsys):
    y, p = lesson12.EXERCISE_5_Y, lesson12.EXERCISE_5_P
    by_hand = -(math.log(0.8) + math.log(0.7) + math.log(0.6)) / 3
    ok(capsys, lesson12.check_binary_crossentropy, by_hand)
    ok(capsys, lesson12.check_binary_crossentropy, float(keras.losses.BinaryCrossentropy()(y, p)))
    assert "minus" in wrong(capsys, lesson12.check_binary_crossentropy, -by_hand)
    assert "divide" in wrong(capsys, lesson12.check_binary_crossentropy, 3 * by_hand)
    log10 = -(math.log10(0.8) + math.log10(0.7) + math.log10(0.6)) / 3
    assert "np.log" in wrong(capsys, lesson12.check_binary_crossentropy, log10)
    assert "label is 0" in wrong(capsys, lesson12.check_binary_crossentropy,
                                 -(math.log(0.8) + math.log(0.6)) / 3)
    wrong(capsys, lesson12.check_binary_crossentropy, 0.5)
    assert "placeholder" in wrong(capsys, lesson12.check_binary_crossentropy, ...)


def test_loss_choice(capsys):
    right = dict(lesson12.TASKS)
    ok(capsys, lesson12.check_loss_choice, right)
    ok(capsys, lesson12.check_loss_choice, {**right, "house price in euros": "mae"})
    ok(capsys, lesson12.check_loss_choice, {**right, "house price in euros": "MSE",
                                            "tumour malignant or benign": "BinaryCrossentropy"})
    out = wrong(capsys, lesson12.check_loss_choice,
                {**right, "clothing class 0-9, integer labels": "categorical_crossentropy"})
    assert "integer labels" in out
    wrong(capsys, lesson12.check_loss_choice, {**right, "tumour malignant or benign": "mse"})
    wrong(capsys, lesson12.check_loss_choice,
          {**right, "number of customers per hour": "binary_crossentropy"})
    missing = dict(right)
    del missing["number of customers per hour"]
    assert "customers" in wrong(capsys, lesson12.check_loss_choice, missing)
    assert "dict" in wrong(capsys, lesson12.check_loss_choice, ["mse"])
    assert "placeholder" in wrong(capsys, lesson12.check_loss_choice, ...)
    assert "placeholder" in wrong(capsys, lesson12.check_loss_choice, {task: ... for task in right})


def test_loss_choice_accepts_every_regression_loss_for_the_price_in_any_spelling(capsys):
    # The solution says MAE or MSLE are fine too: every spelling Keras knows must pass alike.
    right = dict(lesson12.TASKS)
    price = "house price in euros"
    for name in ["mean_squared_error", "mse", "MeanSquaredError",
                 "mean_absolute_error", "MAE", "MeanAbsoluteError",
                 "mean_squared_logarithmic_error", "msle", "MeanSquaredLogarithmicError",
                 "mean_absolute_percentage_error", "mape", "MeanAbsolutePercentageError",
                 "Mean Squared Logarithmic Error", "mean-absolute-percentage-error"]:
        ok(capsys, lesson12.check_loss_choice, {**right, price: name})
    for name in ["binary_crossentropy", "BinaryCrossentropy", "poisson", "Poisson", "hinge"]:
        wrong(capsys, lesson12.check_loss_choice, {**right, price: name})


def test_loss_choice_accepts_class_names_and_keras_objects(capsys):
    classes = {task: "".join(part.capitalize() for part in name.split("_"))
               for task, name in lesson12.TASKS.items()}
    assert classes["clothing class 0-9, integer labels"] == "SparseCategoricalCrossentropy"
    ok(capsys, lesson12.check_loss_choice, classes)
    as_classes = {task: getattr(keras.losses, name) for task, name in classes.items()}
    ok(capsys, lesson12.check_loss_choice, as_classes)
    ok(capsys, lesson12.check_loss_choice, {task: cls() for task, cls in as_classes.items()})
    ok(capsys, lesson12.check_loss_choice,
       {task: getattr(keras.losses, name) for task, name in lesson12.TASKS.items()})
    swapped = {**classes, "clothing class 0-9, integer labels": "CategoricalCrossentropy",
               "clothing class 0-9, one-hot labels": "SparseCategoricalCrossentropy"}
    wrong(capsys, lesson12.check_loss_choice, swapped)


def test_every_accepted_name_is_a_keras_loss():
    for name in lesson12.TASKS.values():
        assert keras.losses.get(name) is not None
    for alias, name in lesson12._ALIASES.items():
        assert keras.losses.get(name) is not None
        if alias not in ("mse", "mae", "mape", "msle"):   # class names, lower case
            cls = next(c for c in vars(keras.losses).values()
                       if isinstance(c, type) and c.__name__.lower() == alias)
            assert keras.losses.get(cls.__name__) is not None
    for short in ("mse", "mae", "mape", "msle"):
        assert keras.losses.get(short) is not None


def test_loop_steps(capsys):
    ok(capsys, lesson12.check_loop_steps, 50, 55)
    ok(capsys, lesson12.check_loop_steps, 50.0, np.int64(55))
    assert "drop_remainder" in wrong(capsys, lesson12.check_loop_steps, 40, 55)
    assert "whole mini-batch" in wrong(capsys, lesson12.check_loop_steps, 45.5, 55)
    assert "one epoch" in wrong(capsys, lesson12.check_loop_steps, 5, 55)
    assert "per mini-batch" in wrong(capsys, lesson12.check_loop_steps, 10, 55)
    assert "what is left" in wrong(capsys, lesson12.check_loop_steps, 50, 100)
    assert "what is left" in wrong(capsys, lesson12.check_loop_steps, 50, 45)
    wrong(capsys, lesson12.check_loop_steps, 55, 50)   # swapped
    wrong(capsys, lesson12.check_loop_steps, 150, 7)   # the lesson's own .batch(32) loop
    assert "placeholder" in wrong(capsys, lesson12.check_loop_steps, ..., 55)
    assert "placeholder" in wrong(capsys, lesson12.check_loop_steps, 50, None)


def test_loop_steps_agrees_with_tf_data_and_the_lesson_split():
    import tensorflow as tf
    from sklearn.model_selection import train_test_split

    from helpers.data import load_breast_cancer

    X, y, _ = load_breast_cancer()
    X_tr = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)[0]
    settings = lesson12.EXERCISE_8
    assert len(X_tr) == settings["samples"]
    dataset = tf.data.Dataset.from_tensor_slices(X_tr.astype("float32"))
    sizes = [len(batch) for batch in dataset.batch(settings["batch_size"])]
    assert len(sizes) * settings["epochs"] == 50 and sizes[-1] == 55
