"""The Fashion-MNIST loader: every source, in order, and its errors. Never touches the network."""

import gzip
import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from helpers import data

N_TRAIN, N_TEST = 30, 10


def idx_bytes(array):
    """Encode a uint8 array in the IDX format of the original files."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


@pytest.fixture
def fake_set(monkeypatch):
    """Tiny IDX contents standing in for the four files; the loader's checksums follow them."""
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (N_TRAIN, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, N_TRAIN, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (N_TEST, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, N_TEST, dtype=np.uint8),
    }
    files = {key: (name, hashlib.sha256(idx_bytes(arrays[key])).hexdigest())
             for key, (name, _) in data.FILES.items()}
    monkeypatch.setattr(data, "FILES", files)
    return arrays


def write_set(folder, arrays):
    folder.mkdir(parents=True, exist_ok=True)
    for key, (name, _) in data.FILES.items():
        with gzip.open(folder / name, "wb") as f:
            f.write(idx_bytes(arrays[key]))
    return folder


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No real source is visible and the network is never used, unless a test says otherwise."""
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.delenv(data.SOURCE_ENV_VAR, raising=False)  # CI's subset pass sets it
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(data, "DEBIAN_DIR", tmp_path / "debian")
    monkeypatch.setattr(data, "_online", lambda: False)

    def no_download(*args, **kwargs):
        raise AssertionError("the tests must not download")

    monkeypatch.setattr(data, "_download_with_keras", no_download)


def assert_same(loaded, arrays):
    (x_train, y_train), (x_test, y_test) = loaded
    pairs = [(x_train, "x_train"), (y_train, "y_train"), (x_test, "x_test"), (y_test, "y_test")]
    for got, key in pairs:
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[key])


def test_explicit_path(fake_set, tmp_path, capsys):
    folder = write_set(tmp_path / "mine", fake_set)
    assert_same(data.load_fashion_mnist(folder), fake_set)
    assert f"30 train / 10 test images from {folder}" in capsys.readouterr().out


def test_environment_variable(fake_set, tmp_path, monkeypatch, capsys):
    folder = write_set(tmp_path / "env", fake_set)
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    assert_same(data.load_fashion_mnist(), fake_set)
    assert "$FASHION_MNIST_DIR" in capsys.readouterr().out


def test_keras_cache_comes_before_debian(fake_set, tmp_path, capsys):
    write_set(data.keras_cache_dir(), fake_set)
    other = {k: v.copy() for k, v in fake_set.items()}
    write_set(tmp_path / "debian", other)
    assert_same(data.load_fashion_mnist(), fake_set)
    assert "Keras's cache" in capsys.readouterr().out


def test_debian_package(fake_set, tmp_path, capsys):
    write_set(tmp_path / "debian", fake_set)
    assert_same(data.load_fashion_mnist(), fake_set)
    assert "Debian package dataset-fashion-mnist" in capsys.readouterr().out


def test_download_when_online(fake_set, monkeypatch, capsys):
    monkeypatch.setattr(data, "_online", lambda: True)
    monkeypatch.setattr(data, "_download_with_keras",
                        lambda: write_set(data.keras_cache_dir(), fake_set))
    assert_same(data.load_fashion_mnist(), fake_set)
    assert "a Keras download" in capsys.readouterr().out


def test_failed_download_falls_back_to_the_subset_and_says_why(monkeypatch, capsys):
    monkeypatch.setattr(data, "_online", lambda: True)

    def broken():
        raise OSError("HTTP Error 503: Service Unavailable")

    monkeypatch.setattr(data, "_download_with_keras", broken)
    (x_train, _), _ = data.load_fashion_mnist()
    out = capsys.readouterr().out
    assert len(x_train) == 10_000
    assert "SUBSET" in out and "the download failed (OSError: HTTP Error 503" in out


def test_no_source_gives_the_bundled_subset_and_says_so(capsys):
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    out = capsys.readouterr().out
    assert "SUBSET: 10,000 train / 2,000 test images from the bundled subset" in out
    assert "no network" in out
    assert x_train.shape == (10_000, 28, 28) and x_test.shape == (2_000, 28, 28)
    assert x_train.dtype == y_train.dtype == np.uint8
    # stratified: 1,000 training and 200 test images per class
    assert np.bincount(y_train).tolist() == [1000] * 10
    assert np.bincount(y_test).tolist() == [200] * 10


def test_download_false_never_tries(monkeypatch, capsys):
    monkeypatch.setattr(data, "_online", lambda: pytest.fail("checked the network"))
    data.load_fashion_mnist(download=False)
    assert "downloads are off" in capsys.readouterr().out


def test_source_bundled_takes_the_subset_even_where_the_full_set_is(fake_set, tmp_path, capsys):
    write_set(tmp_path / "debian", fake_set)
    (x_train, _), (x_test, _) = data.load_fashion_mnist(source="bundled")
    assert (len(x_train), len(x_test)) == (10_000, 2_000)
    assert not data.is_full_set(x_train)
    assert "subset: 10,000 train / 2,000 test images from the bundled subset" in (
        capsys.readouterr().out)
    assert_same(data.load_fashion_mnist(source="auto", verbose=False), fake_set)


def test_source_from_the_environment(fake_set, tmp_path, monkeypatch, capsys):
    write_set(tmp_path / "debian", fake_set)
    monkeypatch.setenv(data.SOURCE_ENV_VAR, "bundled")
    (x_train, _), _ = data.load_fashion_mnist()
    assert len(x_train) == 10_000 and "$FASHION_MNIST_SOURCE" in capsys.readouterr().out
    # an explicit argument wins over the environment
    assert_same(data.load_fashion_mnist(source="auto", verbose=False), fake_set)


def test_source_full_never_falls_back(fake_set, tmp_path):
    with pytest.raises(FileNotFoundError, match=r"source='full'.*dataset-fashion-mnist"):
        data.load_fashion_mnist(source="full")
    write_set(tmp_path / "debian", fake_set)
    assert_same(data.load_fashion_mnist(source="full", verbose=False), fake_set)


def test_unknown_source_names_the_choices(monkeypatch):
    with pytest.raises(ValueError, match=r"source is 'subset'; expected one of 'auto', 'full', "
                                         r"'bundled'"):
        data.load_fashion_mnist(source="subset")
    monkeypatch.setenv(data.SOURCE_ENV_VAR, "Bundled")
    with pytest.raises(ValueError, match=r"\$FASHION_MNIST_SOURCE is 'Bundled'; expected"):
        data.load_fashion_mnist()


def test_a_path_and_the_bundled_source_contradict(tmp_path):
    with pytest.raises(ValueError, match="contradict each other"):
        data.load_fashion_mnist(tmp_path, source="bundled")


def test_truncated_file_names_the_file_and_the_remedy(fake_set, tmp_path):
    folder = write_set(tmp_path / "debian", fake_set)
    name = data.FILES["x_train"][0]
    raw = (folder / name).read_bytes()
    (folder / name).write_bytes(raw[: len(raw) // 2])
    remedy = "apt-get install --reinstall"
    with pytest.raises(data.DataFileError, match=rf"{name} is truncated or corrupt.*{remedy}"):
        data.load_fashion_mnist()


def test_wrong_contents_are_refused(fake_set, tmp_path):
    folder = write_set(tmp_path / "cache", fake_set)
    wrong = dict(fake_set, y_test=(fake_set["y_test"] + 1) % 10)
    name = data.FILES["y_test"][0]
    with gzip.open(folder / name, "wb") as f:
        f.write(idx_bytes(wrong["y_test"]))
    with pytest.raises(data.DataFileError, match=rf"{name} decompresses, but .*SHA-256 mismatch"):
        data.load_fashion_mnist(folder)


def test_not_gzip_at_all(fake_set, tmp_path):
    folder = write_set(tmp_path / "mine", fake_set)
    name = data.FILES["y_train"][0]
    (folder / name).write_text("<html>403 Forbidden</html>")
    with pytest.raises(data.DataFileError, match=rf"{name} is truncated or corrupt"):
        data.load_fashion_mnist(folder)


def test_incomplete_explicit_folder_names_what_is_missing(fake_set, tmp_path):
    folder = write_set(tmp_path / "mine", fake_set)
    (folder / data.FILES["x_test"][0]).unlink()
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte.gz"):
        data.load_fashion_mnist(folder)


def test_corrupt_cache_is_an_error_not_a_silent_fallback(fake_set):
    folder = write_set(data.keras_cache_dir(), fake_set)
    name = data.FILES["x_test"][0]
    (folder / name).write_bytes((folder / name).read_bytes()[:-20])
    with pytest.raises(data.DataFileError, match=rf"{name}.*Delete .* and run again"):
        data.load_fashion_mnist()


def test_corrupt_bundled_subset(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data._bundled_folder(), copy)
    raw = bytearray((copy / data.SUBSET_FILE).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (copy / data.SUBSET_FILE).write_bytes(bytes(raw))
    monkeypatch.setattr(data, "_bundled_folder", lambda: copy)
    with pytest.raises(data.DataFileError, match=r"subset.npz is corrupt.*git checkout"):
        data.load_fashion_mnist()


def test_missing_bundled_subset(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data._bundled_folder(), copy)
    (copy / data.SUBSET_FILE).unlink()
    monkeypatch.setattr(data, "_bundled_folder", lambda: copy)
    with pytest.raises(FileNotFoundError, match=r"fashion_mnist_subset.npz is missing"):
        data.load_fashion_mnist()


REAL_DEBIAN = Path("/usr/share/datasets/fashion-mnist")


@pytest.mark.skipif(not REAL_DEBIAN.is_dir() and not os.environ.get("CI"),
                    reason="the Debian package dataset-fashion-mnist is not installed")
def test_real_debian_package_gives_the_full_set(monkeypatch, capsys):
    monkeypatch.setattr(data, "DEBIAN_DIR", REAL_DEBIAN)  # CI installs it; there this never skips
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert x_train.shape == (60_000, 28, 28) and y_train.shape == (60_000,)
    assert x_test.shape == (10_000, 28, 28) and y_test.shape == (10_000,)
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert data.is_full_set(x_train)
    assert "Fashion-MNIST full set: 60,000 train / 10,000 test" in capsys.readouterr().out


def test_class_names():
    assert len(data.FASHION_MNIST_CLASSES) == len(data.FASHION_MNIST_CLASSES_KO) == 10
    assert data.FASHION_MNIST_CLASSES[9] == "Ankle boot"


def test_scale_images_and_one_hot():
    x = np.array([[[0, 255]]], dtype=np.uint8)
    out = data.scale_images(x, flatten=True)
    assert out.dtype == np.float32 and out.tolist() == [[0.0, 1.0]]
    assert x.tolist() == [[[0, 255]]]
    with pytest.raises(TypeError, match="expects uint8 images"):
        data.scale_images(x.astype(float))
    np.testing.assert_array_equal(data.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match=r"labels must lie in 0..2"):
        data.one_hot(np.array([3]), 3)
    with pytest.raises(ValueError, match="integer labels"):
        data.one_hot(np.array([0.5]), 3)


def test_tabular_sets_need_no_network():
    x, y, names = data.load_breast_cancer()
    assert x.shape == (569, 30) and len(names) == 30
    assert y.sum() == 212  # 212 malignant, the positive class
    x, y, names = data.load_diabetes()
    assert x.shape == (442, 10) and y.shape == (442,)
