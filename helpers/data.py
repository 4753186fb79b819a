"""Data sets for the lessons, all usable offline (introduced in lesson 03; used to lesson 12).

``load_fashion_mnist()`` finds the full Fashion-MNIST set wherever it already is, in this order:

1. ``path=`` given by the caller, or the folder in the ``FASHION_MNIST_DIR`` environment variable;
2. Keras's cache, ``~/.keras/datasets/fashion-mnist`` (``$KERAS_HOME/datasets/...`` if set);
3. the Debian package ``dataset-fashion-mnist`` (``/usr/share/datasets/fashion-mnist``);
4. a download through Keras, tried only when the network answers within a few seconds;
5. the stratified subset bundled with the project (``data/``: 1,000 training and 200 test
   images per class), so every lesson still runs with no network at all.

``source="bundled"`` (or the environment variable ``FASHION_MNIST_SOURCE=bundled``) skips the search
and takes the subset, to see a lesson as a learner without the full set sees it (CI runs the whole
test suite once that way); ``source="full"`` refuses to fall back to the subset.

It prints which source and size it used. Every file is verified (gzip integrity and the
SHA-256 of its contents), so a truncated or corrupt file stops the lesson with an error that
names the file and says how to fix it, instead of training on garbage.
"""

import gzip
import hashlib
import os
import socket
from pathlib import Path

import numpy as np

FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
FASHION_MNIST_CLASSES_KO = (
    "티셔츠/상의", "바지", "스웨터", "드레스", "코트",
    "샌들", "셔츠", "스니커즈", "가방", "앵클 부츠",
)

ENV_VAR = "FASHION_MNIST_DIR"
SOURCE_ENV_VAR = "FASHION_MNIST_SOURCE"
SOURCES = ("auto", "full", "bundled")
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
SUBSET_FILE = "fashion_mnist_subset.npz"

# The four files as published by Zalando Research (and shipped by Keras and Debian), with the
# SHA-256 of their *decompressed* contents: the .gz bytes differ between mirrors, the
# contents don't.
FILES = {
    "x_train": ("train-images-idx3-ubyte.gz",
                "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
    "y_train": ("train-labels-idx1-ubyte.gz",
                "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
    "x_test": ("t10k-images-idx3-ubyte.gz",
               "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
    "y_test": ("t10k-labels-idx1-ubyte.gz",
               "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
}


class DataFileError(RuntimeError):
    """A data file exists but cannot be trusted (truncated, corrupt or not the expected file)."""


def keras_cache_dir():
    """Where Keras keeps Fashion-MNIST after a download."""
    home = os.environ.get("KERAS_HOME") or Path.home() / ".keras"
    return Path(home) / "datasets" / "fashion-mnist"


def _read_idx_gz(path, expected_sha256, remedy):
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError, gzip.BadGzipFile) as e:  # truncated or not gzip at all
        raise DataFileError(
            f"{path} is truncated or corrupt ({type(e).__name__}: {e}). {remedy}") from None
    if hashlib.sha256(raw).hexdigest() != expected_sha256:
        raise DataFileError(
            f"{path} decompresses, but its contents are not the published Fashion-MNIST file "
            f"(SHA-256 mismatch). {remedy}")
    # IDX header: 4-byte magic (dims in the last byte), then one big-endian uint32 per dimension.
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def _complete(folder):
    return all((Path(folder) / name).is_file() for name, _ in FILES.values())


def _load_folder(folder, remedy):
    folder = Path(folder)
    missing = [name for name, _ in FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{folder} does not hold the Fashion-MNIST files {', '.join(missing)}. "
            f"Expected all four of: {', '.join(n for n, _ in FILES.values())}. {remedy}")
    arrays = {key: _read_idx_gz(folder / name, sha, remedy) for key, (name, sha) in FILES.items()}
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _online(host="storage.googleapis.com", port=443, timeout=3.0):
    try:
        socket.create_connection((host, port), timeout=timeout).close()
        return True
    except OSError:
        return False


def _download_with_keras(timeout=30.0):
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)  # Keras's downloader has no timeout of its own
    try:
        import keras

        keras.datasets.fashion_mnist.load_data()
    finally:
        socket.setdefaulttimeout(previous)


def _bundled_folder():
    # A checkout (or editable install) has data/ beside helpers/; a wheel (as on Colab) carries
    # the same files as the package helpers.bundled (see pyproject.toml).
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / "SHA256SUMS").is_file():
        return checkout
    return Path(__file__).resolve().parent / "bundled"


def load_bundled_subset():
    """The stratified subset shipped in ``data/`` (verified against ``data/SHA256SUMS``)."""
    folder = _bundled_folder()
    path = folder / SUBSET_FILE
    remedy = ("Restore it with `git checkout -- data/` (or reinstall the helpers package), "
              "or point FASHION_MNIST_DIR at the full data set.")
    if not path.is_file():
        raise FileNotFoundError(f"The bundled subset {path} is missing. {remedy}")
    sums = dict(line.split()[::-1] for line in
                (folder / "SHA256SUMS").read_text().splitlines() if line.strip())
    if hashlib.sha256(path.read_bytes()).hexdigest() != sums[SUBSET_FILE]:
        raise DataFileError(f"{path} is corrupt (SHA-256 mismatch with data/SHA256SUMS). {remedy}")
    with np.load(path, allow_pickle=False) as z:
        return (z["x_train"], z["y_train"]), (z["x_test"], z["y_test"])


def load_fashion_mnist(path=None, *, source=None, download=True, verbose=True):
    """Fashion-MNIST as ``((x_train, y_train), (x_test, y_test))``, uint8, like Keras's loader.

    path:     a folder with the four original ``.gz`` files (overrides the search).
    source:   ``"auto"`` (the full set wherever it is, else the bundled subset), ``"full"`` (the
              full set or an error that says how to get it) or ``"bundled"`` (the subset, even
              where the full set exists). Default: ``$FASHION_MNIST_SOURCE``, else ``"auto"``.
    download: allow a download through Keras when nothing is found locally and the network answers.
    verbose:  print which source and size was used.
    """
    source, asked = _chosen_source(source)
    if source == "bundled":
        if path is not None:
            raise ValueError(f"path={str(path)!r} and source='bundled' contradict each other: "
                             "the bundled subset is not read from a folder. Drop one of them.")
        data = load_bundled_subset()
        where = f"the bundled subset in data/ (asked for with {asked})"
    else:
        where, data = _find_fashion_mnist(path, download, allow_subset=(source == "auto"))
    if verbose:
        (x_train, _), (x_test, _) = data
        # Capitals when the subset is a fallback the learner may not expect.
        kind = "full set" if is_full_set(x_train) else "subset" if source == "bundled" else "SUBSET"
        print(f"Fashion-MNIST {kind}: {len(x_train):,} train / {len(x_test):,} test images "
              f"from {where}")
    return data


def is_full_set(x_train):
    """True for the 60,000 training images of the full set, False for the bundled subset.

    Lessons use it where a number depends on the data (the subset has 10,000 / 2,000 images).
    """
    return len(x_train) == 60_000


def _chosen_source(source):
    """The source asked for, and how it was asked (for the messages)."""
    where = "source"
    if source is None:
        source, where = os.environ.get(SOURCE_ENV_VAR) or "auto", f"${SOURCE_ENV_VAR}"
    if source not in SOURCES:
        raise ValueError(f"{where} is {source!r}; expected one of {', '.join(map(repr, SOURCES))}.")
    return source, (f"{where}={source}" if where != "source" else f"source={source!r}")


def _find_fashion_mnist(path, download, allow_subset=True):
    fix_given = (f"Put the four original files there, or unset {ENV_VAR}/path to let the loader "
                 "search Keras's cache, the Debian package and the bundled subset.")
    if path is not None:
        return str(path), _load_folder(path, fix_given)
    if os.environ.get(ENV_VAR):
        folder = os.environ[ENV_VAR]
        return f"{folder} (${ENV_VAR})", _load_folder(folder, fix_given)

    cache = keras_cache_dir()
    if _complete(cache):
        fix = f"Delete {cache} and run again to download a fresh copy."
        return f"Keras's cache {cache}", _load_folder(cache, fix)
    if _complete(DEBIAN_DIR):
        fix = "Reinstall it: `sudo apt-get install --reinstall dataset-fashion-mnist`."
        source = f"the Debian package dataset-fashion-mnist ({DEBIAN_DIR})"
        return source, _load_folder(DEBIAN_DIR, fix)

    note = "no full copy found and downloads are off"
    if download:
        if _online():
            try:
                _download_with_keras()
            except Exception as e:  # network errors come in many types; all mean "fall back"
                note = f"the download failed ({type(e).__name__}: {e})"
            else:
                fix = f"Delete {cache} and run again to download a fresh copy."
                return f"a Keras download into {cache}", _load_folder(cache, fix)
        else:
            note = "no full copy found and no network"
    hint = (f"for the full set install the Debian package dataset-fashion-mnist, set {ENV_VAR}, "
            "or run once with a network connection")
    if not allow_subset:
        raise FileNotFoundError(
            f"source='full' asks for the full Fashion-MNIST set, but {note}. To get it: {hint}. "
            f"(Searched {ENV_VAR}, Keras's cache {cache} and {DEBIAN_DIR}.)")
    return f"the bundled subset in data/ ({note}; {hint})", load_bundled_subset()


def load_breast_cancer():
    """Wisconsin breast-cancer data shipped with scikit-learn (no network needed; lesson 12).

    Returns ``(x, y, feature_names)``: 569 samples, 30 features, y = 1 for malignant.
    (scikit-learn codes malignant as 0; it is flipped here so that 1 is the positive class.)
    """
    from sklearn.datasets import load_breast_cancer as _load

    d = _load()
    return d.data, (1 - d.target).astype(np.int64), list(d.feature_names)


def load_diabetes():
    """scikit-learn's diabetes regression data (442 samples, 10 features; lesson 12)."""
    from sklearn.datasets import load_diabetes as _load

    d = _load()
    return d.data, d.target, list(d.feature_names)


def scale_images(x, flatten=False, dtype=np.float32):
    """uint8 images -> floats in [0, 1] (optionally flattened to 784 columns). Input unchanged."""
    x = np.asarray(x)
    if x.dtype != np.uint8:
        raise TypeError(f"scale_images expects uint8 images (0-255), got dtype {x.dtype}.")
    out = x.astype(dtype) / dtype(255)
    return out.reshape(len(out), -1) if flatten else out


def one_hot(labels, num_classes=10):
    """Integer labels (N,) -> one-hot rows (N, num_classes)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"one_hot expects a 1-D array of integer labels, got shape "
                         f"{labels.shape} and dtype {labels.dtype}.")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in 0..{num_classes - 1}; "
                         f"found {labels.min()}..{labels.max()}.")
    return np.eye(num_classes)[labels]


# ----------------------------------------------------------------------------------------------
# Lesson 03's trained weights (made by tools/make_forward_weights.py)
# ----------------------------------------------------------------------------------------------

FORWARD_WEIGHTS_FILE = "forward_pass_weights.npz"
FORWARD_WEIGHTS_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")
FORWARD_WEIGHTS_SHAPES = {"W1": (784, 50), "b1": (50,), "W2": (50, 100), "b2": (100,),
                          "W3": (100, 10), "b3": (10,)}


def load_forward_pass_weights():
    """The trained weights of lesson 03's network for Fashion-MNIST, 784 -> 50 -> 100 -> 10.

    The hidden layers use the sigmoid, the output layer softmax; the weights follow NumPy's
    ``x @ W`` convention. Returns a new dict of float32 arrays: ``W1`` (784, 50), ``b1`` (50,),
    ``W2`` (50, 100), ``b2`` (100,), ``W3`` (100, 10), ``b3`` (10,). Trained on the 60,000
    training images by ``tools/make_forward_weights.py`` (data/README.md gives its settings and
    accuracy). The file is verified against data/SHA256SUMS: a missing or corrupt file raises an
    error that names it and says how to restore it.
    """
    folder = _bundled_folder()
    path = folder / FORWARD_WEIGHTS_FILE
    remedy = ("Restore it with `git checkout -- data/` (or reinstall the helpers package), or "
              "rebuild it with `python tools/make_forward_weights.py` (needs the full "
              "Fashion-MNIST set).")
    if not path.is_file():
        raise FileNotFoundError(f"The trained weights {path} are missing. {remedy}")
    sums_file = folder / "SHA256SUMS"
    sums = dict(line.split()[::-1] for line in
                (sums_file.read_text().splitlines() if sums_file.is_file() else [])
                if line.strip())
    if FORWARD_WEIGHTS_FILE not in sums:
        raise DataFileError(f"{sums_file} has no checksum for {FORWARD_WEIGHTS_FILE}, so {path} "
                            f"cannot be verified. {remedy}")
    if hashlib.sha256(path.read_bytes()).hexdigest() != sums[FORWARD_WEIGHTS_FILE]:
        raise DataFileError(f"{path} is corrupt (SHA-256 mismatch with data/SHA256SUMS). {remedy}")
    with np.load(path, allow_pickle=False) as z:
        return {key: np.array(z[key]) for key in FORWARD_WEIGHTS_KEYS}
