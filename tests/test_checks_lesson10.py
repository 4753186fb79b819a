"""helpers.checks.lesson10: a right answer prints ✅, a wrong or empty one ❌ (never an exception).

Right answers come from Keras itself (count_params, real models and optimizers) or from
scikit-learn's confusion matrix, not from the checks' own code.
"""


import keras
import numpy as np
import pytest
from verdicts import ok, wrong

from helpers.checks import lesson10

L = keras.layers


def sequential(input_shape, *layers):
    return keras.Sequential([keras.Input(shape=input_shape), *layers])


@pytest.mark.parametrize("check", [lesson10.check_param_count, lesson10.check_model,
                                   lesson10.check_optimizer, lesson10.check_regression_model,
                                   lesson10.check_confusion_matrix])
def test_placeholder_is_not_an_answer(capsys, check):
    assert "placeholder" in wrong(capsys, check, ...)
    assert "placeholder" in wrong(capsys, check, None)


def test_param_count_matches_keras(capsys):
    model = sequential((28, 28), L.Flatten(), L.Dense(64), L.Dropout(0.5),
                       L.Dense(10, activation="softmax"))
    ok(capsys, lesson10.check_param_count, model.count_params())
    ok(capsys, lesson10.check_param_count, 50_890)  # the seed's summary: Total params 50,890


@pytest.mark.parametrize("answer, hint", [(50_240, "output layer"), (784 * 64 + 64 * 10, "bias"),
                                          (50_954, "Dropout"), (7_850, "weights"),
                                          ("many", "whole number")])
def test_param_count_wrong_answers_get_hints(capsys, answer, hint):
    assert hint in wrong(capsys, lesson10.check_param_count, answer)


def good_model():
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28)))
    model.add(L.Flatten())
    for units in (128, 64):
        model.add(L.Dense(units, activation="relu"))
    model.add(L.Dense(10, activation="softmax"))
    return model


def test_model_right(capsys):
    ok(capsys, lesson10.check_model, good_model())


@pytest.mark.parametrize("model, hint", [
    (lambda: sequential((784,), L.Dense(128, activation="relu"), L.Dense(64, activation="relu"),
                        L.Dense(10, activation="softmax")), "keras.Input(shape=(28, 28))"),
    (lambda: sequential((28, 28), L.Flatten(), L.Dense(128, activation="sigmoid"),
                        L.Dense(64, activation="relu"), L.Dense(10, activation="softmax")),
     "Dense(128, sigmoid)"),
    (lambda: sequential((28, 28), L.Flatten(), L.Dense(128, activation="relu"),
                        L.Dense(10, activation="softmax")), "expected Flatten -> Dense(128, relu)"),
    (lambda: "Sequential", "should be a Keras model"),
])
def test_model_wrong(capsys, model, hint):
    assert hint in wrong(capsys, lesson10.check_model, model())


def test_optimizer(capsys):
    ok(capsys, lesson10.check_optimizer, keras.optimizers.Adam(learning_rate=0.0005))
    assert "default learning rate" in wrong(capsys, lesson10.check_optimizer, "adam")
    assert "0.001" in wrong(capsys, lesson10.check_optimizer, keras.optimizers.Adam())
    assert "SGD" in wrong(capsys, lesson10.check_optimizer,
                          keras.optimizers.SGD(learning_rate=0.0005))


def test_regression_model(capsys):
    ok(capsys, lesson10.check_regression_model,
       sequential((10,), L.Dense(16, activation="relu"), L.Dense(1)))
    assert "no activation" in wrong(capsys, lesson10.check_regression_model,
                                    sequential((10,), L.Dense(16, activation="relu"),
                                               L.Dense(1, activation="sigmoid")))
    assert "Dense(1, linear)" in wrong(capsys, lesson10.check_regression_model,
                                       sequential((10,), L.Dense(16, activation="relu"),
                                                  L.Dense(10)))
    assert "keras.Input(shape=(10,))" in wrong(capsys, lesson10.check_regression_model,
                                               sequential((8,), L.Dense(16, activation="relu"),
                                                          L.Dense(1)))


def test_confusion_matrix_right(capsys):
    from sklearn.metrics import confusion_matrix

    def with_sklearn(y_true, y_pred, n):
        return confusion_matrix(y_true, y_pred, labels=range(n))

    def with_numpy(y_true, y_pred, n):
        m = np.zeros((n, n), dtype=int)
        np.add.at(m, (y_true, y_pred), 1)
        return m

    ok(capsys, lesson10.check_confusion_matrix, with_sklearn)
    ok(capsys, lesson10.check_confusion_matrix, with_numpy)


def test_confusion_matrix_wrong(capsys):
    from sklearn.metrics import confusion_matrix

    def swapped(y_true, y_pred, n):
        return confusion_matrix(y_true, y_pred, labels=range(n)).T

    def too_small(y_true, y_pred, n):  # forgets classes that never occur
        return confusion_matrix(y_true, y_pred)

    def crashes(y_true, y_pred, n):
        raise IndexError("boom")

    assert "swapped" in wrong(capsys, lesson10.check_confusion_matrix, swapped)
    assert "shape" in wrong(capsys, lesson10.check_confusion_matrix, too_small)
    assert "IndexError: boom" in wrong(capsys, lesson10.check_confusion_matrix, crashes)
    assert "function itself" in wrong(capsys, lesson10.check_confusion_matrix, np.eye(3))

    def unfinished(y_true, y_pred, n):
        ...

    assert "returns nothing" in wrong(capsys, lesson10.check_confusion_matrix, unfinished)


def test_param_count_takes_whole_numbers_only(capsys):
    ok(capsys, lesson10.check_param_count, 50_890.0)  # a float with a whole value counts
    assert "whole number" in wrong(capsys, lesson10.check_param_count, 50_890.5)
    assert "whole number" in wrong(capsys, lesson10.check_param_count, "50890")
