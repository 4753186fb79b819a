"""helpers.checks.lesson13: a right answer prints ✅, a wrong or empty one ❌ (never an exception).

The right answers are written here by hand; where Keras or tf.data can confirm them (the loss,
the parameter count, the batches), they do. Answers copied at the digits the lesson prints
(0.3635) are accepted; shorter ones (0.36) hear "more digits, please", not "check your formula".
"""

import math

import keras
import numpy as np
from verdicts import ok, wrong

from helpers.checks import lesson13


def test_binary_crossentropy(capsys):
    y, p = lesson13.EXERCISE_1_Y, lesson13.EXERCISE_1_P
    by_hand = -(math.log(0.8) + math.log(0.7) + math.log(0.6)) / 3
    ok(capsys, lesson13.check_binary_crossentropy, by_hand)
    ok(capsys, lesson13.check_binary_crossentropy, float(keras.losses.BinaryCrossentropy()(y, p)))
    ok(capsys, lesson13.check_binary_crossentropy, 0.3635)   # as the solution prints it
    ok(capsys, lesson13.check_binary_crossentropy, 0.36355)
    assert "more digits" in wrong(capsys, lesson13.check_binary_crossentropy, 0.36)
    assert "more digits" in wrong(capsys, lesson13.check_binary_crossentropy, 0.364)
    assert "check your formula" not in wrong(capsys, lesson13.check_binary_crossentropy, 0.364)
    assert "minus" in wrong(capsys, lesson13.check_binary_crossentropy, -0.3635)
    assert "divide" in wrong(capsys, lesson13.check_binary_crossentropy, 1.091)
    assert "label 1" in wrong(capsys, lesson13.check_binary_crossentropy,
                              -(math.log(0.2) + math.log(0.3) + math.log(0.4)) / 3)
    assert "minus" in wrong(capsys, lesson13.check_binary_crossentropy, -by_hand)
    assert "divide" in wrong(capsys, lesson13.check_binary_crossentropy, 3 * by_hand)
    log10 = -(math.log10(0.8) + math.log10(0.7) + math.log10(0.6)) / 3
    assert "np.log" in wrong(capsys, lesson13.check_binary_crossentropy, log10)
    assert "label is 0" in wrong(capsys, lesson13.check_binary_crossentropy,
                                 -(math.log(0.8) + math.log(0.6)) / 3)
    assert "natural log" in wrong(capsys, lesson13.check_binary_crossentropy, 0.5)
    wrong(capsys, lesson13.check_binary_crossentropy, 0.3645)
    assert "placeholder" in wrong(capsys, lesson13.check_binary_crossentropy, ...)


def test_loss_choice(capsys):
    right = dict(lesson13.TASKS)
    ok(capsys, lesson13.check_loss_choice, right)
    ok(capsys, lesson13.check_loss_choice, {**right, "house price in euros": "mae"})
    ok(capsys, lesson13.check_loss_choice, {**right, "house price in euros": "MSE",
                                            "tumour malignant or benign": "BinaryCrossentropy"})
    out = wrong(capsys, lesson13.check_loss_choice,
                {**right, "clothing class 0-9, integer labels": "categorical_crossentropy"})
    assert "integer labels" in out
    wrong(capsys, lesson13.check_loss_choice, {**right, "tumour malignant or benign": "mse"})
    wrong(capsys, lesson13.check_loss_choice,
          {**right, "number of customers per hour": "binary_crossentropy"})
    missing = dict(right)
    del missing["number of customers per hour"]
    assert "customers" in wrong(capsys, lesson13.check_loss_choice, missing)
    assert "dict" in wrong(capsys, lesson13.check_loss_choice, ["mse"])
    assert "placeholder" in wrong(capsys, lesson13.check_loss_choice, ...)
    assert "placeholder" in wrong(capsys, lesson13.check_loss_choice, {task: ... for task in right})


def test_loss_choice_accepts_every_regression_loss_for_the_price_in_any_spelling(capsys):
    # The solution says MAE or MSLE are fine too: every spelling Keras knows must pass alike.
    right = dict(lesson13.TASKS)
    price = "house price in euros"
    for name in ["mean_squared_error", "mse", "MeanSquaredError",
                 "mean_absolute_error", "MAE", "MeanAbsoluteError",
                 "mean_squared_logarithmic_error", "msle", "MeanSquaredLogarithmicError",
                 "mean_absolute_percentage_error", "mape", "MeanAbsolutePercentageError",
                 "Mean Squared Logarithmic Error", "mean-absolute-percentage-error"]:
        ok(capsys, lesson13.check_loss_choice, {**right, price: name})
    for name in ["binary_crossentropy", "BinaryCrossentropy", "poisson", "Poisson", "hinge"]:
        wrong(capsys, lesson13.check_loss_choice, {**right, price: name})


def test_loss_choice_accepts_class_names_and_keras_objects(capsys):
    classes = {task: "".join(part.capitalize() for part in name.split("_"))
               for task, name in lesson13.TASKS.items()}
    assert classes["clothing class 0-9, integer labels"] == "SparseCategoricalCrossentropy"
    ok(capsys, lesson13.check_loss_choice, classes)
    as_classes = {task: getattr(keras.losses, name) for task, name in classes.items()}
    ok(capsys, lesson13.check_loss_choice, as_classes)
    ok(capsys, lesson13.check_loss_choice, {task: cls() for task, cls in as_classes.items()})
    ok(capsys, lesson13.check_loss_choice,
       {task: getattr(keras.losses, name) for task, name in lesson13.TASKS.items()})
    swapped = {**classes, "clothing class 0-9, integer labels": "CategoricalCrossentropy",
               "clothing class 0-9, one-hot labels": "SparseCategoricalCrossentropy"}
    wrong(capsys, lesson13.check_loss_choice, swapped)


def test_every_accepted_name_is_a_keras_loss():
    for name in lesson13.TASKS.values():
        assert keras.losses.get(name) is not None
    for alias, name in lesson13._ALIASES.items():
        assert keras.losses.get(name) is not None
        if alias not in ("mse", "mae", "mape", "msle"):   # class names, lower case
            cls = next(c for c in vars(keras.losses).values()
                       if isinstance(c, type) and c.__name__.lower() == alias)
            assert keras.losses.get(cls.__name__) is not None
    for short in ("mse", "mae", "mape", "msle"):
        assert keras.losses.get(short) is not None


def test_mlp_params(capsys):
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten()]
                             + [keras.layers.Dense(128, activation="relu") for _ in range(3)]
                             + [keras.layers.Dense(10)])
    assert model.count_params() == 134_794
    ok(capsys, lesson13.check_mlp_params, model.count_params())
    ok(capsys, lesson13.check_mlp_params, 134794.0)
    assert "bias" in wrong(capsys, lesson13.check_mlp_params, 134_400)
    assert "output layer" in wrong(capsys, lesson13.check_mlp_params, 133_504)
    assert "three" in wrong(capsys, lesson13.check_mlp_params, 101_770)
    wrong(capsys, lesson13.check_mlp_params, 134_795)
    assert "placeholder" in wrong(capsys, lesson13.check_mlp_params, ...)


def test_loop_steps(capsys):
    ok(capsys, lesson13.check_loop_steps, 50, 55)
    ok(capsys, lesson13.check_loop_steps, 50.0, np.int64(55))
    assert "drop_remainder" in wrong(capsys, lesson13.check_loop_steps, 40, 55)
    assert "whole mini-batch" in wrong(capsys, lesson13.check_loop_steps, 45.5, 55)
    assert "one epoch" in wrong(capsys, lesson13.check_loop_steps, 5, 55)
    assert "per mini-batch" in wrong(capsys, lesson13.check_loop_steps, 10, 55)
    assert "what is left" in wrong(capsys, lesson13.check_loop_steps, 50, 100)
    assert "what is left" in wrong(capsys, lesson13.check_loop_steps, 50, 45)
    wrong(capsys, lesson13.check_loop_steps, 55, 50)   # swapped
    wrong(capsys, lesson13.check_loop_steps, 150, 7)   # the lesson's own .batch(32) loop
    assert "placeholder" in wrong(capsys, lesson13.check_loop_steps, ..., 55)
    assert "placeholder" in wrong(capsys, lesson13.check_loop_steps, 50, None)


def test_loop_steps_agrees_with_tf_data_and_the_lesson_split():
    import tensorflow as tf
    from sklearn.model_selection import train_test_split

    from helpers.data import load_breast_cancer

    X, y, _ = load_breast_cancer()
    X_tr = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)[0]
    settings = lesson13.EXERCISE_5
    assert len(X_tr) == settings["samples"]
    dataset = tf.data.Dataset.from_tensor_slices(X_tr.astype("float32"))
    sizes = [len(batch) for batch in dataset.batch(settings["batch_size"])]
    assert len(sizes) * settings["epochs"] == 50 and sizes[-1] == 55
