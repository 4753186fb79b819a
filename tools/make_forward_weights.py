"""Rebuild data/forward_pass_weights.npz: the trained network lesson 03 runs on real images.

    python tools/make_forward_weights.py   # needs the full Fashion-MNIST set; about 20 s

The network is lesson 03's forward pass at the size of the sample weights of Deep Learning from
Scratch (ch. 3): 784 -> 50 -> 100 -> 10, sigmoid hidden layers, softmax output. It is trained
with the project's own helpers (``MultiLayerNet``, ``Trainer``, ``Adam``), seeded, on all 60,000
training images, and saved as float32 arrays W1, b1, W2, b2, W3, b3 (x @ W convention). The
file is written byte for byte the same from the same weights (fixed zip timestamps), and its
SHA-256 goes into data/SHA256SUMS, which ``helpers.data.load_forward_pass_weights`` checks.
"""

import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from helpers.data import (
    FORWARD_WEIGHTS_FILE,
    FORWARD_WEIGHTS_KEYS,
    is_full_set,
    load_bundled_subset,
    load_fashion_mnist,
    scale_images,
)
from helpers.nets import MultiLayerNet, Trainer
from helpers.optimizers import Adam

DATA = Path(__file__).resolve().parent.parent / "data"
SIZES = (784, [50, 100], 10)
SETTINGS = dict(activation="sigmoid", weight_init_std="xavier", seed=2017, dtype=np.float32)
TRAINING = dict(epochs=20, batch_size=100, seed=2017)
LEARNING_RATE = 0.001


def save_npz(path, arrays):
    """Like np.savez_compressed, but with fixed zip timestamps: same arrays, same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def record_checksum(name, digest):
    """Put ``digest  name`` into data/SHA256SUMS, keeping the other files' lines."""
    sums = DATA / "SHA256SUMS"
    lines = [line for line in sums.read_text().splitlines()
             if line.strip() and line.split()[-1] != name]
    sums.write_text("\n".join([*lines, f"{digest}  {name}"]) + "\n")


def main():
    (x_train, t_train), (x_test, t_test) = load_fashion_mnist(source="full", download=False)
    assert is_full_set(x_train), "train on the full set"
    x_train, x_test = scale_images(x_train, flatten=True), scale_images(x_test, flatten=True)
    with threadpool_limits(1, user_api="blas"):   # much faster for these small matrices
        network = MultiLayerNet(*SIZES, **SETTINGS)
        trainer = Trainer(network, Adam(learning_rate=LEARNING_RATE), x_train, t_train,
                          x_test, t_test, evaluate_sample=None, verbose=False, **TRAINING)
        history = trainer.train()
    (_, _), (x_subset, t_subset) = load_bundled_subset()
    subset_accuracy = network.accuracy(scale_images(x_subset, flatten=True), t_subset)

    out = DATA / FORWARD_WEIGHTS_FILE
    save_npz(out, {key: network.params[key].astype(np.float32) for key in FORWARD_WEIGHTS_KEYS})
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    record_checksum(FORWARD_WEIGHTS_FILE, digest)
    print(f"test accuracy by epoch: {[round(a, 4) for a in history['test_accuracy']]}")
    print(f"final accuracy: train {history['train_accuracy'][-1]:.4f}, test (10,000 images) "
          f"{history['test_accuracy'][-1]:.4f}, bundled subset's test images (2,000) "
          f"{subset_accuracy:.4f}")
    print(f"wrote {out} ({out.stat().st_size:,} bytes), sha256 {digest}")


if __name__ == "__main__":
    main()
