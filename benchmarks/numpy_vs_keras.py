"""The from-scratch NumPy network against the same MLP in Keras: seconds per epoch of Fashion-MNIST.

    .venv/bin/python benchmarks/numpy_vs_keras.py              # 5 epochs each
    .venv/bin/python benchmarks/numpy_vs_keras.py --epochs 10

All run in this one process on the full training set (60,000 images), 784-100-10 with ReLU and
softmax, plain SGD (learning rate 0.1), batch size 100, float32:

* NumPy, layers: helpers.nets.TwoLayerNet (one object per layer, as lesson 06 builds it) trained
  by helpers.nets.Trainer with helpers.optimizers.SGD;
* NumPy, fused: helpers.nets.FusedTwoLayerNet, the same network with its layers fused into one
  gradient function (the tests check that its gradients are TwoLayerNet's), same Trainer;
* Keras: Sequential(Input(784), Dense(100, relu), Dense(10, softmax)), SGD,
  ``metrics=["accuracy"]``, ``fit`` without a progress bar (TensorFlow picks its own threads);
* floor: what no NumPy version can skip. Per batch, only the gathering of the shuffled images and
  the two large matrix products (``x @ W1`` forward, ``x.T @ dh`` for the gradient of W1), about
  two thirds of the arithmetic of a training step. Keras's time divided by the floor is the
  largest ratio any NumPy network could reach on the machine.

NumPy's BLAS is limited to one thread, as every lesson's opening cell does: for matrices this small
one thread is faster than two (with two, one epoch took 10-23 s instead of about 1 s on a busy
2-core machine, and OpenBLAS's spinning threads slowed the other runs).

Each is warmed up first (Keras traces its training step; NumPy touches its code paths), then they
train epoch by epoch in turn, so that on a busy machine all see the same background load. Only
training is timed, no evaluation. Prints seconds per epoch (the median, and the fastest epoch,
the least disturbed by other processes), the ratios and the test accuracy each reached. Run it on
an otherwise idle machine: timings on a loaded one are inflated and noisy (the ratios less so).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, uninstalled

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from helpers.data import load_fashion_mnist  # noqa: E402
from helpers.nets import FusedTwoLayerNet, Trainer, TwoLayerNet  # noqa: E402
from helpers.optimizers import SGD  # noqa: E402

LEARNING_RATE, BATCH_SIZE, HIDDEN = 0.1, 100, 100


def load():
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    scale = np.float32(1 / 255)
    x_train = x_train.reshape(len(x_train), -1).astype(np.float32) * scale
    x_test = x_test.reshape(len(x_test), -1).astype(np.float32) * scale
    return x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64)


class NumpyRun:
    """A NumPy network; ``epoch()`` trains one more epoch and returns its seconds."""

    def __init__(self, network_class, x_train, y_train, x_test, y_test, seed=0):
        self.x_test, self.y_test = x_test, y_test
        with threadpool_limits(1, user_api="blas"):  # warm-up: a few batches on a throw-away net
            Trainer(network_class(784, HIDDEN, 10, dtype=np.float32, seed=seed),
                    SGD(LEARNING_RATE), x_train[:2000], y_train[:2000], x_test[:100],
                    y_test[:100], epochs=1, batch_size=BATCH_SIZE, verbose=False).train()
        self.net = network_class(784, HIDDEN, 10, dtype=np.float32, seed=seed)
        self.trainer = Trainer(self.net, SGD(LEARNING_RATE), x_train, y_train, x_test, y_test,
                               epochs=1, batch_size=BATCH_SIZE, seed=seed, evaluate_sample=100,
                               verbose=False)

    def epoch(self):
        with threadpool_limits(1, user_api="blas"):
            self.trainer.train()
        return self.trainer.epoch_seconds[-1]  # training only (evaluation not included)

    def test_accuracy(self):
        with threadpool_limits(1, user_api="blas"):
            return self.net.accuracy(self.x_test, self.y_test)


class FloorRun:
    """Only what no NumPy version can skip: gather each batch, ``x @ W1`` and ``x.T @ dh``."""

    def __init__(self, x_train, y_train, x_test, y_test, seed=0):
        rng = np.random.default_rng(seed)  # (the test set is not used)
        self.x_train = x_train
        self.order = rng.permutation(len(x_train))
        self.W1 = rng.standard_normal((x_train.shape[1], HIDDEN)).astype(np.float32)
        self.dh = rng.standard_normal((BATCH_SIZE, HIDDEN)).astype(np.float32)

    def epoch(self):
        with threadpool_limits(1, user_api="blas"):
            started = time.perf_counter()
            for start in range(0, len(self.order), BATCH_SIZE):
                x = self.x_train[self.order[start:start + BATCH_SIZE]]
                x @ self.W1
                x.T @ self.dh
            return time.perf_counter() - started


class KerasRun:
    """The same MLP in Keras; ``epoch()`` trains one more epoch and returns its seconds."""

    def __init__(self, x_train, y_train, x_test, y_test, seed=0):
        import keras

        self.keras = keras
        self.data = x_train, y_train, x_test, y_test
        keras.utils.set_random_seed(seed)
        self.model = keras.Sequential([
            keras.Input(shape=(784,)),
            keras.layers.Dense(HIDDEN, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ])
        self.model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE),
                           loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        # Warm-up: the first fit traces and compiles the training step; then fresh weights.
        self.model.fit(x_train[:2000], y_train[:2000], batch_size=BATCH_SIZE, epochs=1, verbose=0)
        for layer in self.model.layers:
            layer.set_weights([w.numpy() for w in (layer.kernel_initializer(layer.kernel.shape),
                                                   layer.bias_initializer(layer.bias.shape))])
        self.model.optimizer.iterations.assign(0)
        self.epochs_done = 0

        class EpochTimer(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self.start = time.perf_counter()

            def on_epoch_end(self, epoch, logs=None):
                self.seconds = time.perf_counter() - self.start

        self.timer = EpochTimer()

    def epoch(self):
        x_train, y_train, _, _ = self.data
        self.model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=self.epochs_done + 1,
                       initial_epoch=self.epochs_done, verbose=0, callbacks=[self.timer])
        self.epochs_done += 1
        return self.timer.seconds  # training only: from the epoch's first batch to its last

    def test_accuracy(self):
        _, _, x_test, y_test = self.data
        return self.model.evaluate(x_test, y_test, batch_size=1000, verbose=0)[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args(argv)
    data = load()
    print(f"784-{HIDDEN}-10 MLP, SGD learning rate {LEARNING_RATE}, batch {BATCH_SIZE}, float32, "
          f"{len(data[0]):,} training images, {args.epochs} epochs each, "
          f"{os.cpu_count()} CPU cores\n", flush=True)

    runs = {"layers": NumpyRun(TwoLayerNet, *data), "fused": NumpyRun(FusedTwoLayerNet, *data),
            "Keras": KerasRun(*data), "floor": FloorRun(*data)}
    seconds = {name: [] for name in runs}
    # Interleaved epochs: on a busy machine all see the same background load.
    for epoch in range(1, args.epochs + 1):
        for name, run in runs.items():
            seconds[name].append(run.epoch())
        print(f"epoch {epoch}: " + ", ".join(f"{name} {s[-1]:.2f} s" for name, s in
                                             seconds.items()), flush=True)
    median = {name: statistics.median(s) for name, s in seconds.items()}
    fastest = {name: min(s) for name, s in seconds.items()}
    accuracy = {name: runs[name].test_accuracy() for name in ("layers", "fused", "Keras")}
    labels = {
        "layers": f"NumPy {np.__version__}: TwoLayerNet (layers) + Trainer, 1 BLAS thread",
        "fused": "NumPy: FusedTwoLayerNet + Trainer, 1 BLAS thread",
        "Keras": f"Keras {runs['Keras'].keras.__version__}: Sequential + fit",
        "floor": "floor: gather the batches + the two large matrix products",
    }
    print("\n| | seconds per epoch (median) | fastest epoch | Keras / this (median) | "
          "test accuracy |")
    print("|---|---|---|---|---|")
    for name, label in labels.items():
        acc = f"{accuracy[name]:.4f}" if name in accuracy else ""
        print(f"| {label} | {median[name]:.2f} | {fastest[name]:.2f} | "
              f"{median['Keras'] / median[name]:.1f}x | {acc} |")
    for name in ("layers", "fused"):
        print(f"\nNumPy ({name}) is {median['Keras'] / median[name]:.1f}x faster per epoch than "
              f"Keras (median epochs; fastest epochs: {fastest['Keras'] / fastest[name]:.1f}x).",
              end="")
    print(f"\nNo NumPy network can be more than {median['Keras'] / median['floor']:.1f}x faster "
          f"than Keras on this machine (the floor).")


if __name__ == "__main__":
    main()
