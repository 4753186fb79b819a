"""helpers.keras_tools: comparison table and plot, merged histories, LivePlot, checkpoints."""

import warnings

import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import keras_tools as kt

keras = kt.keras


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def tiny_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 6)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("int64") + (x[:, 2] > 1).astype("int64")  # 3 classes
    return x[:64], y[:64], x[64:], y[64:]


def tiny_model(seed=1):
    kt.seed_everything(seed)
    model = keras.Sequential([keras.Input(shape=(6,)),
                              keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


# Hand-written histories: the expected table cells below are read off these numbers.
H_A = {"loss": [1.0, 0.6, 0.4], "accuracy": [0.5, 0.8, 0.95],
       "val_loss": [1.1, 0.7, 0.9], "val_accuracy": [0.45, 0.75, 0.70]}
H_B = {"loss": [0.9, 0.5], "accuracy": [0.6, 0.85],
       "val_loss": [0.8, 0.6], "val_accuracy": [0.7, 0.8]}


def table_rows(text):
    lines = text.splitlines()
    assert set(lines[1]) == {"-"}
    return [line.split() for line in lines[2:]]


def test_comparison_table_reads_the_histories():
    text = kt.comparison_table({"wide": (H_A, 0.85, 0.72), "small": (H_B, 0.61, 0.79)})
    header = text.splitlines()[0]
    for column in ("model", "epochs", "train acc", "val acc", "gap", "best val loss @ epoch",
                   "test loss", "test acc"):
        assert column in header
    wide, small = table_rows(text)
    # name, epochs, final train/val acc, gap, best val loss, "@", its epoch, test loss, test acc
    assert wide == ["wide", "3", "0.950", "0.700", "+0.250", "0.700", "@", "2", "0.850", "0.720"]
    assert small == ["small", "2", "0.850", "0.800", "+0.050", "0.600", "@", "2", "0.610", "0.790"]


def test_comparison_table_digits_and_missing_columns():
    text = kt.comparison_table({"no val": ({"loss": [0.5, 0.25]}, 0.3, 0.9)}, digits=2)
    assert table_rows(text)[0] == ["no", "val", "2", "-", "-", "-", "-", "0.30", "0.90"]


def test_comparison_table_best_of_another_column():
    h = dict(H_A, val_xent=[0.9, 0.5, 0.6])
    text = kt.comparison_table({"wide": (h, 0.85, 0.72)}, best_of="val_xent")
    assert "best val_xent @ epoch" in text.splitlines()[0]
    assert table_rows(text)[0][5:8] == ["0.500", "@", "2"]


def test_comparison_table_from_real_training(tiny_data):
    x, y, xv, yv = tiny_data
    results = {}
    for name, epochs in (("short", 2), ("long", 4)):
        model = tiny_model()
        history = model.fit(x, y, epochs=epochs, batch_size=16, validation_data=(xv, yv),
                            verbose=0)
        test_loss, test_acc = model.evaluate(xv, yv, verbose=0)
        results[name] = (history, test_loss, test_acc)
    rows = table_rows(kt.comparison_table(results))
    assert [r[0] for r in rows] == ["short", "long"]
    assert [r[1] for r in rows] == ["2", "4"]
    for row, (history, test_loss, test_acc) in zip(rows, results.values()):
        assert float(row[3]) == pytest.approx(history.history["val_accuracy"][-1], abs=5e-4)
        assert float(row[-1]) == pytest.approx(test_acc, abs=5e-4)
        assert float(row[-2]) == pytest.approx(test_loss, abs=5e-4)


@pytest.mark.parametrize("results, error, match", [
    ({}, ValueError, "non-empty dict"),
    ([("a", (H_A, 0.1, 0.9))], ValueError, "non-empty dict"),
    ({"a": (H_A, 0.1)}, ValueError, r"results\['a'\] should be \(history, test_loss"),
    ({"a": ({"accuracy": [0.5]}, 0.1, 0.9)}, ValueError, "no 'loss' values"),
    ({"a": ("not a history", 0.1, 0.9)}, TypeError, "History returned by model.fit"),
    ({"a": (H_A, "low", 0.9)}, TypeError, "should be numbers"),
    ({"a": (H_A, float("nan"), 0.9)}, ValueError, "expected finite numbers"),
])
def test_comparison_table_rejects_bad_input(results, error, match):
    with pytest.raises(error, match=match):
        kt.comparison_table(results)


def test_plot_comparison_draws_one_curve_per_model_and_metric():
    axes = kt.plot_comparison({"wide": (H_A, 0.85, 0.72), "small": (H_B, 0.61, 0.79)})
    assert len(axes) == 2
    for ax, metric in zip(axes, ("val_loss", "val_accuracy")):
        assert ax.get_ylabel() == metric
        lines = ax.get_lines()
        assert [line.get_label() for line in lines] == ["wide", "small"]
        np.testing.assert_allclose(lines[0].get_ydata(), H_A[metric])
        np.testing.assert_allclose(lines[1].get_xdata(), [1, 2])


def test_plot_comparison_accepts_plain_histories_and_one_metric():
    (ax,) = kt.plot_comparison({"wide": H_A}, metrics="loss")
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), H_A["loss"])


def test_plot_comparison_names_a_missing_metric():
    with pytest.raises(ValueError, match=r"'small' has no \['val_loss'\].*validation_data="):
        kt.plot_comparison({"small": {"loss": [1.0]}}, metrics="val_loss")


def test_compare_prints_the_table_and_returns_axes(capsys):
    axes = kt.compare({"wide": (H_A, 0.85, 0.72)})
    assert capsys.readouterr().out.strip() == kt.comparison_table({"wide": (H_A, 0.85, 0.72)})
    assert len(axes) == 2


def test_merge_histories_joins_two_fits_in_order(tiny_data):
    x, y, xv, yv = tiny_data
    model = tiny_model()
    first = model.fit(x, y, epochs=3, batch_size=16, validation_data=(xv, yv), verbose=0)
    second = model.fit(x, y, epochs=5, initial_epoch=3, batch_size=16,
                       validation_data=(xv, yv), verbose=0)
    merged = kt.merge_histories(first, second)
    assert second.epoch == [3, 4]
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert merged[key] == pytest.approx(first.history[key] + second.history[key])
    assert len(first.history["loss"]) == 3  # the inputs are left as they were


def test_merge_histories_rejects_different_records():
    with pytest.raises(ValueError, match="history 2 records"):
        kt.merge_histories(H_A, {"loss": [0.3]})
    with pytest.raises(ValueError, match="at least one"):
        kt.merge_histories()


def test_live_plot_outside_jupyter_records_and_leaves_one_figure(tiny_data):
    x, y, xv, yv = tiny_data
    model = tiny_model()
    live = kt.LivePlot()
    first = model.fit(x, y, epochs=2, batch_size=16, validation_data=(xv, yv), verbose=0,
                      callbacks=[live])
    second = model.fit(x, y, epochs=3, initial_epoch=2, batch_size=16,
                       validation_data=(xv, yv), verbose=0, callbacks=[live])
    assert live.history["loss"] == pytest.approx(first.history["loss"] + second.history["loss"])
    loss_ax, acc_ax = live.figure.axes
    train, val, restart = loss_ax.get_lines()
    np.testing.assert_allclose(train.get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(val.get_ydata(), live.history["val_loss"])
    assert live.restarts == [2]  # the second fit began after epoch 2
    np.testing.assert_allclose(restart.get_xdata(), [2.5, 2.5])
    assert acc_ax.get_ylabel() == "accuracy"


def test_live_plot_in_jupyter_updates_an_image_then_shows_one_figure(tiny_data, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(kt, "_in_jupyter_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    x, y, _, _ = tiny_data
    live = kt.LivePlot(metrics="loss")
    values = []

    class Spy(keras.callbacks.Callback):  # runs after LivePlot in each epoch
        def on_epoch_end(self, epoch, logs=None):
            values.append(bytes(live._widget.value))

    tiny_model().fit(x, y, epochs=3, batch_size=32, verbose=0, callbacks=[live, Spy()])
    widget, figure = shown
    assert type(widget).__name__ == "Image" and isinstance(figure, matplotlib.figure.Figure)
    assert len(values) == 3 and all(v.startswith(b"\x89PNG") for v in values)
    assert len(set(values)) == 3  # redrawn every epoch
    assert live._widget is None and widget.comm is None  # the live image is closed at the end
    assert not plt.fignum_exists(figure.number)  # closed, so Jupyter shows it only once


def test_live_plot_needs_a_recorded_metric(tiny_data):
    with pytest.raises(ValueError, match="at least one metric"):
        kt.LivePlot(metrics=())
    live = kt.LivePlot(metrics=("auc",))
    x, y, _, _ = tiny_data
    with pytest.raises(ValueError, match=r"recorded none of \['auc'\]"):
        tiny_model().fit(x, y, epochs=1, verbose=0, callbacks=[live])


# --- checkpoints: the round trip lesson 11 relies on ---------------------------------------------


def test_checkpoint_keras_file_round_trip(tiny_data, tmp_path):
    x, y, xv, yv = tiny_data
    model = tiny_model()
    path = tmp_path / "last.keras"
    model.fit(x, y, epochs=3, batch_size=16, validation_data=(xv, yv), verbose=0,
              callbacks=[keras.callbacks.ModelCheckpoint(path)])
    reloaded = keras.models.load_model(path)
    np.testing.assert_array_equal(reloaded.predict(xv, verbose=0), model.predict(xv, verbose=0))
    assert reloaded.evaluate(xv, yv, verbose=0) == pytest.approx(model.evaluate(xv, yv, verbose=0))
    assert type(reloaded.optimizer).__name__ == "Adam"  # a .keras file keeps the compile state


def test_best_weights_checkpoint_matches_early_stopping_restore(tiny_data, tmp_path):
    x, y, xv, yv = tiny_data
    model = tiny_model()
    path = tmp_path / "best.weights.h5"
    best = keras.callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True,
                                           save_weights_only=True)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2,
                                         restore_best_weights=True)
    history = model.fit(x, y, epochs=40, batch_size=8, validation_data=(xv, yv), verbose=0,
                        callbacks=[best, stop])
    kt.seed_everything(7)  # same architecture, other initial weights, not compiled yet
    fresh = keras.Sequential([keras.Input(shape=(6,)),
                              keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    assert not np.allclose(fresh.predict(xv, verbose=0), model.predict(xv, verbose=0))
    with warnings.catch_warnings():  # load first, then compile: no optimizer-state warning
        warnings.simplefilter("error", UserWarning)
        fresh.load_weights(path)
        fresh.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    np.testing.assert_array_equal(fresh.predict(xv, verbose=0), model.predict(xv, verbose=0))
    best_val_loss = min(history.history["val_loss"])
    assert fresh.evaluate(xv, yv, verbose=0)[0] == pytest.approx(best_val_loss, rel=1e-5)


@pytest.mark.parametrize("name, weights_only", [("best.hdf5", True), ("best.h5", True),
                                                ("best.hdf5", False), ("best", False)])
def test_checkpoint_rejects_keras2_file_names(tmp_path, name, weights_only):
    with pytest.raises(ValueError, match=r"\.weights\.h5|\.keras"):
        keras.callbacks.ModelCheckpoint(tmp_path / name, save_weights_only=weights_only)


def test_without_op_determinism_lets_xla_run_and_restores_determinism():
    from tensorflow.python.framework import config as tf_config

    kt.seed_everything(0)  # turns op determinism on
    x, y = np.ones((8, 3), dtype="float32"), np.zeros((8, 1), dtype="float32")
    with kt.without_op_determinism(), warnings.catch_warnings():
        warnings.simplefilter("error")  # Keras warns when it falls back from XLA
        assert not tf_config.is_op_determinism_enabled()
        model = kt.keras.Sequential([kt.keras.Input(shape=(3,)), kt.keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse", jit_compile=True)
        model.fit(x, y, epochs=1, verbose=0)
        assert model.jit_compile
    assert tf_config.is_op_determinism_enabled()


def fixed_probabilities(rows):
    """A stand-in model: returns the same class probabilities whatever images it is given."""
    return lambda x: np.array(rows, dtype="float32")


def test_plot_true_class_probability_counts_the_confident_mistakes():
    x = np.zeros((4, 6), dtype="float32")
    y = np.array([0, 1, 1, 0])
    sure = fixed_probabilities([[0.95, 0.05], [0.5, 0.5], [0.05, 0.95], [0.02, 0.98]])
    unsure = fixed_probabilities([[0.6, 0.4]] * 4)
    ax = kt.plot_true_class_probability({"sure": sure, "unsure": unsure}, x, y)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    # true-class probabilities: sure 0.95, 0.5, 0.95, 0.02 (one of four below 0.1); unsure
    # 0.6, 0.4, 0.4, 0.6 (none)
    assert labels == ["sure: 25.0% below 0.1", "unsure: 0.0% below 0.1"]
    assert len(ax.patches) == 2 and ax.get_yscale() == "log"


def test_plot_true_class_probability_of_a_trained_model(tiny_data):
    x, y, xv, yv = tiny_data
    model = tiny_model()
    model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    p_true = model.predict(xv, verbose=0)[np.arange(len(yv)), yv]
    ax = kt.plot_true_class_probability({"tiny": model}, xv, yv, threshold=0.5)
    assert ax.get_legend().get_texts()[0].get_text() == (
        f"tiny: {np.mean(p_true < 0.5):.1%} below 0.5")


@pytest.mark.parametrize("models, y, match", [
    ({}, [0, 1], "at least one model"),
    ({"m": fixed_probabilities([[0.5, 0.5]] * 2)}, [0, 1, 1], "one integer label per image"),
    ({"m": fixed_probabilities([[0.5, 0.5]] * 2)}, [0.0, 1.0], "one integer label per image"),
    ({"m": fixed_probabilities([[2.0, 3.0]] * 2)}, [0, 1], "softmax"),
    ({"m": fixed_probabilities([[0.5, 0.5]] * 2)}, [0, 2], r"labels must lie in 0..1"),
])
def test_plot_true_class_probability_rejects_bad_input(models, y, match):
    with pytest.raises(ValueError, match=match):
        kt.plot_true_class_probability(models, np.zeros((2, 3)), np.array(y))
