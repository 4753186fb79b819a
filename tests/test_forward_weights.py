"""data/forward_pass_weights.npz and helpers.data.load_forward_pass_weights (lesson 03).

The weights' accuracy is measured here with a plain NumPy forward pass and with the same weights
in Keras Dense layers, and compared with what data/README.md states.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import data

ROOT = Path(__file__).resolve().parent.parent
REAL_DEBIAN = Path("/usr/share/datasets/fashion-mnist")


def forward(weights, x):
    """Sigmoid hidden layers, softmax output, written out here with NumPy alone."""
    z1 = 1 / (1 + np.exp(-(x @ weights["W1"] + weights["b1"])))
    z2 = 1 / (1 + np.exp(-(z1 @ weights["W2"] + weights["b2"])))
    a3 = z2 @ weights["W3"] + weights["b3"]
    e = np.exp(a3 - a3.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def weights():
    return data.load_forward_pass_weights()


@pytest.fixture(scope="module")
def subset_test():
    (_, _), (x_test, t_test) = data.load_bundled_subset()
    return x_test.reshape(len(x_test), -1).astype(np.float32) / 255, t_test


def test_the_arrays_and_their_shapes(weights):
    assert list(weights) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for key, shape in data.FORWARD_WEIGHTS_SHAPES.items():
        assert weights[key].shape == shape and weights[key].dtype == np.float32, key
        assert np.all(np.isfinite(weights[key]))
    assert sum(w.size for w in weights.values()) == 45_360
    assert (ROOT / "data" / data.FORWARD_WEIGHTS_FILE).stat().st_size < 1_000_000


def test_each_load_gives_new_arrays(weights):
    weights_again = data.load_forward_pass_weights()
    weights_again["W1"][:] = 0
    assert np.any(data.load_forward_pass_weights()["W1"] != 0)


def test_accuracy_on_the_bundled_test_images_is_what_the_readme_says(weights, subset_test):
    x, t = subset_test
    accuracy = np.mean(forward(weights, x).argmax(axis=1) == t)
    assert accuracy == pytest.approx(0.8860, abs=0.001)
    assert "0.8860 on the\n  2,000 test images of the bundled subset" in (
        ROOT / "data" / "README.md").read_text(encoding="utf-8")


def test_keras_dense_layers_with_these_weights_agree(weights, subset_test):
    import keras

    model = keras.Sequential([keras.Input(shape=(784,)),
                              keras.layers.Dense(50, activation="sigmoid"),
                              keras.layers.Dense(100, activation="sigmoid"),
                              keras.layers.Dense(10, activation="softmax")])
    model.set_weights([weights[key] for key in data.FORWARD_WEIGHTS_KEYS])
    x, _ = subset_test
    ours = forward(weights, x[:500])
    np.testing.assert_allclose(ours, np.asarray(model(x[:500], training=False)), atol=2e-6)


@pytest.mark.skipif(not REAL_DEBIAN.is_dir() and not os.environ.get("CI"),
                    reason="the Debian package dataset-fashion-mnist is not installed")
def test_accuracy_on_the_full_test_set_is_what_the_readme_says(weights):
    (_, _), (x_test, t_test) = data.load_fashion_mnist(REAL_DEBIAN, source="full", verbose=False)
    x = x_test.reshape(len(x_test), -1).astype(np.float32) / 255
    assert np.mean(forward(weights, x).argmax(axis=1) == t_test) == pytest.approx(0.8803,
                                                                                  abs=0.001)
    assert "**0.8803 on the 10,000 test images**" in (ROOT / "data" / "README.md").read_text(
        encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data._bundled_folder(), copy)
    monkeypatch.setattr(data, "_bundled_folder", lambda: copy)
    return copy


def test_missing_file_names_it_and_the_remedy(data_copy):
    (data_copy / data.FORWARD_WEIGHTS_FILE).unlink()
    with pytest.raises(FileNotFoundError, match=r"forward_pass_weights.npz are missing.*git "
                                                r"checkout.*make_forward_weights.py"):
        data.load_forward_pass_weights()


def test_corrupt_file_is_refused(data_copy):
    raw = bytearray((data_copy / data.FORWARD_WEIGHTS_FILE).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (data_copy / data.FORWARD_WEIGHTS_FILE).write_bytes(bytes(raw))
    with pytest.raises(data.DataFileError, match=r"forward_pass_weights.npz is corrupt.*git "
                                                 r"checkout"):
        data.load_forward_pass_weights()


def test_truncated_file_is_refused(data_copy):
    path = data_copy / data.FORWARD_WEIGHTS_FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(data.DataFileError, match=r"is corrupt"):
        data.load_forward_pass_weights()


def test_a_file_without_a_checksum_is_not_trusted(data_copy):
    sums = data_copy / "SHA256SUMS"
    sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines()
                            if not line.endswith(data.FORWARD_WEIGHTS_FILE)))
    with pytest.raises(data.DataFileError, match=r"no checksum for forward_pass_weights.npz"):
        data.load_forward_pass_weights()


def test_loads_from_an_installed_package_layout(tmp_path):
    # A wheel carries data/ as the package helpers.bundled (pyproject.toml); build that layout.
    site = tmp_path / "site"
    shutil.copytree(ROOT / "helpers", site / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__", "bundled"))
    (site / "helpers" / "bundled").mkdir()
    for name in ("SHA256SUMS", data.FORWARD_WEIGHTS_FILE):
        shutil.copy(ROOT / "data" / name, site / "helpers" / "bundled" / name)
    code = ("import helpers, helpers.data as d; w = d.load_forward_pass_weights(); "
            "print(helpers.__file__); print(d._bundled_folder()); print(w['W3'].shape)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(site)})
    assert result.returncode == 0, result.stderr
    module, folder, shape = result.stdout.split("\n")[:3]
    assert module.startswith(str(site)) and folder == str(site / "helpers" / "bundled")
    assert shape == "(100, 10)"
