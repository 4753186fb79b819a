"""helpers.checks.lesson11: a right answer prints ✅, a wrong or empty one ❌ (never an exception).

The right answers come from Keras itself (regularizers, the activity loss a layer records,
MaxNorm, an EarlyStopping callback driven epoch by epoch), not from the checks' own formulas;
the formulas are then compared with Keras too. The activity penalty depends on the Keras
version (divided by the batch size since 3.14.0): the installed version is compared with Keras
itself, the other one through the version argument and a patched package version.
"""

import subprocess
import sys

import keras
import numpy as np
import pytest
from verdicts import ok, wrong

from helpers.checks import lesson11

W = np.array([[0.5, -1.0, 0.2], [2.0, 0.0, -0.3], [-0.5, 1.5, 0.1], [0.3, -0.2, 2.5]])
A = np.array([[0.0, 1.5, -2.0], [3.0, 0.0, 0.5]])


def keras_value(x):
    return float(keras.ops.convert_to_numpy(x))


@pytest.mark.parametrize("factor", [0.01, 0.003])
def test_penalty_formulas_match_keras(factor):
    Wf = W.astype("float32")
    assert lesson11.l2_penalty(W, factor) == pytest.approx(
        keras_value(keras.regularizers.L2(factor)(Wf)), rel=1e-6)
    assert lesson11.l1_penalty(W, factor) == pytest.approx(
        keras_value(keras.regularizers.L1(factor)(Wf)), rel=1e-6)


def test_activity_formula_matches_the_loss_a_layer_records():
    layer = keras.layers.Dense(3, use_bias=False, kernel_initializer="identity",
                               activity_regularizer=keras.regularizers.L1(0.01))
    out = layer(A.astype("float32"))  # identity kernel: the outputs are A itself
    np.testing.assert_allclose(keras.ops.convert_to_numpy(out), A, rtol=1e-6)
    (recorded,) = layer.losses
    assert lesson11.activity_l1_penalty(A, 0.01) == pytest.approx(keras_value(recorded),
                                                                   rel=1e-6)


@pytest.mark.parametrize("max_value", [2.0, 1.0, 0.4])
def test_max_norm_matches_keras(max_value):
    expected = keras.ops.convert_to_numpy(keras.constraints.MaxNorm(max_value)(W.astype("float32")))
    np.testing.assert_allclose(lesson11.max_norm(W, max_value), expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("check", [lesson11.check_l2_penalty, lesson11.check_l1_penalty,
                                   lesson11.check_activity_penalty])
def test_placeholder_is_not_an_answer(capsys, check):
    assert "placeholder" in wrong(capsys, check, ..., W)
    assert "placeholder" in wrong(capsys, check, None, W)


def test_l2_penalty(capsys):
    right = keras_value(keras.regularizers.L2(0.01)(W.astype("float32")))
    ok(capsys, lesson11.check_l2_penalty, right, W, 0.01)
    assert "half" in wrong(capsys, lesson11.check_l2_penalty, right / 2, W, 0.01)
    assert "L1" in wrong(capsys, lesson11.check_l2_penalty, 0.01 * np.abs(W).sum(), W, 0.01)
    assert "square root" in wrong(capsys, lesson11.check_l2_penalty,
                                  0.01 * np.sqrt((W ** 2).sum()), W, 0.01)
    assert "one number" in wrong(capsys, lesson11.check_l2_penalty, 0.01 * W ** 2, W, 0.01)


def test_l1_penalty(capsys):
    right = keras_value(keras.regularizers.L1(0.01)(W.astype("float32")))
    ok(capsys, lesson11.check_l1_penalty, right, W, 0.01)
    assert "absolute values first" in wrong(capsys, lesson11.check_l1_penalty,
                                            0.01 * W.sum(), W, 0.01)
    assert "L2" in wrong(capsys, lesson11.check_l1_penalty, 0.01 * (W ** 2).sum(), W, 0.01)


def test_activity_penalty(capsys):
    layer = keras.layers.Dense(3, use_bias=False, kernel_initializer="identity",
                               activity_regularizer=keras.regularizers.L1(0.01))
    layer(A.astype("float32"))
    right = keras_value(layer.losses[0])
    ok(capsys, lesson11.check_activity_penalty, right, A, 0.01)
    if lesson11.divides_activity_by_batch():
        other = right * len(A)
    else:
        other = right / len(A)
    assert "batch size" in wrong(capsys, lesson11.check_activity_penalty, other, A, 0.01)


def test_installed_version_is_read_without_importing_keras():
    assert lesson11.installed_keras_version() == keras.__version__
    code = ("import sys, helpers.checks.lesson11 as m; m.check_activity_penalty(0.05, [[1.0]]); "
            "assert not {'keras', 'tensorflow'} & set(sys.modules), 'imported'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.parametrize("version, divides", [
    ("3.0.0", False), ("3.13.2", False), ("3.13.0rc1", False), ("3.14.0", True),
    ("3.14.0rc0", True), ("3.15.1", True), ("4.0.0", True), ("3.14.0.dev2026011703", True),
])
def test_division_starts_with_keras_3_14(version, divides):
    assert lesson11.divides_activity_by_batch(version) is divides
    total = 0.01 * np.abs(A).sum()
    assert lesson11.activity_l1_penalty(A, 0.01, version) == pytest.approx(
        total / len(A) if divides else total)


def test_activity_penalty_before_keras_3_14(capsys):
    undivided = 0.01 * np.abs(A).sum()
    ok(capsys, lesson11.check_activity_penalty, undivided, A, 0.01, "3.13.2")
    out = wrong(capsys, lesson11.check_activity_penalty, undivided / len(A), A, 0.01, "3.13.2")
    assert "batch size" in out and "3.14" in out and "Keras 3.13.2" in out


def test_activity_penalty_from_keras_3_14(capsys):
    divided = 0.01 * np.abs(A).sum() / len(A)
    ok(capsys, lesson11.check_activity_penalty, divided, A, 0.01, "3.14.0")
    out = wrong(capsys, lesson11.check_activity_penalty, divided * len(A), A, 0.01, "3.14.0")
    assert "batch size" in out and "3.0–3.13" in out and "Keras 3.14.0" in out


@pytest.mark.parametrize("installed, right, other", [("3.13.2", 0.05, 0.025),
                                                     ("3.15.1", 0.025, 0.05)])
def test_activity_check_follows_the_installed_version(capsys, monkeypatch, installed, right,
                                                     other):
    monkeypatch.setattr(lesson11, "version", lambda distribution: installed)
    A_ex = np.array([[0.0, 1.5, 0.0], [3.0, 0.0, 0.5]])  # exercise 3 of the lesson
    ok(capsys, lesson11.check_activity_penalty, right, A_ex, 0.01)
    out = wrong(capsys, lesson11.check_activity_penalty, other, A_ex, 0.01)
    assert f"Keras {installed}" in out and "batch size" in out


def test_unknown_keras_version_counts_as_current(monkeypatch):
    def missing(distribution):
        raise lesson11.PackageNotFoundError(distribution)

    monkeypatch.setattr(lesson11, "version", missing)
    assert lesson11.installed_keras_version() is None
    assert lesson11.divides_activity_by_batch()


def test_max_norm(capsys):
    right = keras.ops.convert_to_numpy(keras.constraints.MaxNorm(2.0)(W.astype("float32")))
    ok(capsys, lesson11.check_max_norm, right, W, 2.0)
    capped_t = keras.constraints.MaxNorm(2.0)(W.T.astype("float32"))
    rows_capped = keras.ops.convert_to_numpy(capped_t).T
    assert "rows" in wrong(capsys, lesson11.check_max_norm, rows_capped, W, 2.0)
    assert "shape" in wrong(capsys, lesson11.check_max_norm, right[:2], W, 2.0)
    assert "placeholder" in wrong(capsys, lesson11.check_max_norm, ..., W, 2.0)


def keras_early_stopping(val_losses, patience):
    """Drive a real EarlyStopping callback epoch by epoch; return (stop epoch, best epoch)."""
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.stop_training = False
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                             restore_best_weights=True)
    callback.set_model(model)
    callback.on_train_begin()
    stop = None
    for epoch, value in enumerate(val_losses):
        callback.on_epoch_end(epoch, {"val_loss": value})
        if model.stop_training:
            stop = epoch + 1
            break
    return stop, callback.best_epoch + 1


CURVES = [
    ([0.60, 0.52, 0.49, 0.50, 0.48, 0.51, 0.53, 0.55, 0.47], 3),
    ([0.60, 0.52, 0.49, 0.50, 0.48, 0.51, 0.53, 0.55, 0.47], 4),
    ([0.9, 0.8, 0.7, 0.6], 2),
    ([0.5, 0.5, 0.5], 2),
    ([0.5, 0.6, 0.4, 0.45, 0.41, 0.39], 1),
]


@pytest.mark.parametrize("val_losses, patience", CURVES)
def test_early_stopping_epochs_match_keras(val_losses, patience):
    assert lesson11.early_stopping_epochs(val_losses, patience) == keras_early_stopping(
        val_losses, patience)


@pytest.mark.parametrize("val_losses, patience", CURVES)
def test_check_early_stopping_accepts_what_keras_does(capsys, val_losses, patience):
    ok(capsys, lesson11.check_early_stopping, *keras_early_stopping(val_losses, patience),
       val_losses, patience)


def test_check_early_stopping_wrong(capsys):
    losses, patience = CURVES[0]
    stop, best = keras_early_stopping(losses, patience)
    assert "stop epoch" in wrong(capsys, lesson11.check_early_stopping, stop - 1, best, losses,
                                 patience)
    assert "lowest validation loss" in wrong(capsys, lesson11.check_early_stopping, stop, stop,
                                             losses, patience)
    assert "does not stop" in wrong(capsys, lesson11.check_early_stopping, 4, 4, [0.9, 0.8, 0.7,
                                                                                   0.6], 2)
    assert "placeholder" in wrong(capsys, lesson11.check_early_stopping, ..., 3, losses, 3)


def test_checkpoint(capsys, tmp_path):
    MC = keras.callbacks.ModelCheckpoint
    ok(capsys, lesson11.check_checkpoint, MC(tmp_path / "best.weights.h5", monitor="val_loss",
                                             save_best_only=True, save_weights_only=True))
    out = wrong(capsys, lesson11.check_checkpoint, MC(tmp_path / "best.keras"))
    assert "save_best_only=True" in out and "save_weights_only=True" in out
    assert "'loss'" in wrong(capsys, lesson11.check_checkpoint,
                             MC(tmp_path / "b.weights.h5", monitor="loss", save_best_only=True,
                                save_weights_only=True))
    assert "ModelCheckpoint" in wrong(capsys, lesson11.check_checkpoint,
                                      keras.callbacks.EarlyStopping())
    assert "placeholder" in wrong(capsys, lesson11.check_checkpoint, ...)


@pytest.mark.parametrize("check, typed", [(lesson11.check_l2_penalty, 0.1427),
                                          (lesson11.check_l2_penalty, 0.143),
                                          (lesson11.check_l1_penalty, 0.091)])
def test_answers_typed_to_the_printed_digits_are_right(capsys, check, typed):
    ok(capsys, check, typed, W, 0.01)


def test_too_short_an_answer_hears_more_digits_not_wrong_formula(capsys):
    message = wrong(capsys, lesson11.check_l2_penalty, 0.14, W, 0.01)
    assert "significant figures" in message and "formula" not in message
    assert "formula" in wrong(capsys, lesson11.check_l2_penalty, 0.151, W, 0.01)
