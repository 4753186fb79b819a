"""The from-scratch NumPy network against the same MLP in Keras: seconds per epoch of Fashion-MNIST.

    .venv/bin/python benchmarks/numpy_vs_keras.py              # 3 epochs each
    .venv/bin/python benchmarks/numpy_vs_keras.py --epochs 5

Both run in this one process on the full training set (60,000 images), 784-100-10 with ReLU and
softmax, plain SGD (learning rate 0.1), batch size 100, float32:

* NumPy: helpers.nets.TwoLayerNet trained by helpers.nets.Trainer with helpers.optimizers.SGD,
  with NumPy's BLAS limited to one thread (as every lesson's opening cell does: for matrices this
  small, one thread is many times faster than two; with two, one epoch took 10-23 s instead of
  about 1 s on a busy 2-core machine, and OpenBLAS's spinning threads slowed the other runs);
* Keras: Sequential(Input(784), Dense(100, relu), Dense(10, softmax)), SGD, ``fit`` with its
  defaults (TensorFlow picks its own threads).

Each is warmed up first (Keras traces its training step; NumPy touches its code paths), then
they train epoch by epoch in turn (NumPy, Keras, NumPy, ...), so that on a busy machine both see
the same background load. Only training is timed, no evaluation. Prints seconds per epoch (the
median and the fastest epoch, which is the least disturbed by other processes), the ratio and
the test accuracy each reached. Run it on an otherwise idle machine: timings on a
loaded one are inflated and noisy (the ratio less so).
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
from helpers.nets import Trainer, TwoLayerNet  # noqa: E402
from helpers.optimizers import SGD  # noqa: E402

LEARNING_RATE, BATCH_SIZE, HIDDEN = 0.1, 100, 100


def load():
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    scale = np.float32(1 / 255)
    x_train = x_train.reshape(len(x_train), -1).astype(np.float32) * scale
    x_test = x_test.reshape(len(x_test), -1).astype(np.float32) * scale
    return x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64)


class NumpyRun:
    """The NumPy network; ``epoch()`` trains one more epoch and returns its seconds."""

    def __init__(self, x_train, y_train, x_test, y_test, seed=0):
        self.x_test, self.y_test = x_test, y_test
        with threadpool_limits(1, user_api="blas"):  # warm-up: a few batches on a throw-away net
            Trainer(TwoLayerNet(784, HIDDEN, 10, dtype=np.float32, seed=seed), SGD(LEARNING_RATE),
                    x_train[:2000], y_train[:2000], x_test[:100], y_test[:100], epochs=1,
                    batch_size=BATCH_SIZE, verbose=False).train()
        self.net = TwoLayerNet(784, HIDDEN, 10, dtype=np.float32, seed=seed)
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
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args(argv)
    data = load()
    print(f"784-{HIDDEN}-10 MLP, SGD learning rate {LEARNING_RATE}, batch {BATCH_SIZE}, float32, "
          f"{len(data[0]):,} training images, {args.epochs} epochs each, "
          f"{os.cpu_count()} CPU cores\n", flush=True)

    runs = {"NumPy": NumpyRun(*data), "Keras": KerasRun(*data)}
    seconds = {name: [] for name in runs}
    # Interleaved epochs: on a busy machine both see the same background load.
    for epoch in range(1, args.epochs + 1):
        for name, run in runs.items():
            seconds[name].append(run.epoch())
        print(f"epoch {epoch}: " + ", ".join(f"{name} {s[-1]:.2f} s" for name, s in
                                             seconds.items()), flush=True)
    np_seconds, keras_seconds = seconds["NumPy"], seconds["Keras"]
    np_accuracy, keras_accuracy = runs["NumPy"].test_accuracy(), runs["Keras"].test_accuracy()
    keras_version = runs["Keras"].keras.__version__

    np_median, keras_median = statistics.median(np_seconds), statistics.median(keras_seconds)
    np_best, keras_best = min(np_seconds), min(keras_seconds)
    print("\n| | seconds per epoch (median) | fastest epoch | test accuracy |")
    print("|---|---|---|---|")
    print(f"| NumPy {np.__version__} (TwoLayerNet + Trainer, 1 BLAS thread) | {np_median:.2f} | "
          f"{np_best:.2f} | {np_accuracy:.4f} |")
    print(f"| Keras {keras_version} (Sequential + fit) | {keras_median:.2f} | {keras_best:.2f} | "
          f"{keras_accuracy:.4f} |")
    print(f"\nNumPy is {keras_median / np_median:.1f}x faster per epoch than Keras "
          f"(median epochs; fastest epochs: {keras_best / np_best:.1f}x).")

if __name__ == "__main__":
    main()
