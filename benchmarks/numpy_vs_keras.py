"""The from-scratch NumPy network against the same MLP in Keras: seconds per epoch of Fashion-MNIST.

    .venv/bin/python benchmarks/numpy_vs_keras.py              # 5 epochs each
    .venv/bin/python benchmarks/numpy_vs_keras.py --epochs 10 --steps-per-execution 100

All run in this one process on the full training set (60,000 images), 784-100-10 with ReLU and
softmax, plain SGD (learning rate 0.1), batch size 100, float32:

* NumPy, layers: helpers.nets.TwoLayerNet (one object per layer, as lesson 06 builds it) trained
  by helpers.nets.Trainer with helpers.optimizers.SGD;
* NumPy, fused: helpers.nets.FusedTwoLayerNet, the same network with its layers fused into one
  gradient function (the tests check that its gradients are TwoLayerNet's), same Trainer;
* Keras, default: Sequential(Input(784), Dense(100, relu), Dense(10, softmax)), SGD,
  ``metrics=["accuracy"]``, ``fit`` without a progress bar (TensorFlow picks its own threads):
  Python calls the compiled training step once per batch;
* Keras, steps_per_execution: the same model compiled with ``steps_per_execution=50``: one call
  from Python runs 50 training steps inside the compiled function;
* Keras, + jit_compile: ``steps_per_execution=50`` and ``jit_compile=True``: the step is also
  compiled by XLA into fused machine code (Keras leaves XLA off on a CPU unless asked);
* floor: what no NumPy version can skip. Per batch, only the gathering of the shuffled images and
  the two large matrix products (``x @ W1`` forward, ``x.T @ dh`` for the gradient of W1), 98 % of
  the multiplications of a training step (the networks skip the gradient of the input). A
  network's time divided by the floor is its distance from the hardware limit; Keras's time
  divided by the floor is the largest ratio any NumPy network could reach on the machine.

NumPy's matrix products are multi-threaded too (OpenBLAS); here its BLAS is limited to one thread,
as every lesson's opening cell does, because for matrices this small one thread is faster than
two (with two, one epoch took 10-23 s instead of about 1 s on a busy 2-core machine, and
OpenBLAS's spinning threads slowed the other runs).

The NumPy networks start from normal weights of std 0.01 (lesson 06), Keras from its Glorot
initializer, so the test accuracies they reach in a few epochs differ; the time per epoch does not
depend on the weights.

Each is warmed up first (Keras traces and compiles its training step; NumPy touches its code
paths), then they train epoch by epoch in turn, so that on a busy machine all see the same
background load. Only training is timed, no evaluation. Prints seconds per epoch (the median, and
the fastest epoch, the least disturbed by other processes), every ratio between them, the time
per training step and the test accuracy each reached. Run it on an otherwise idle machine:
timings on a loaded one are inflated and noisy (the ratios less so).
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
FUSED_WITHIN_FLOOR = 1.3  # the target: FusedTwoLayerNet within 1.3x of the floor


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
    """The same MLP in Keras; ``epoch()`` trains one more epoch and returns its seconds.

    steps_per_execution: training steps per call of the compiled function (Keras's default 1).
    jit_compile:         compile the training step with XLA (Keras's default on a CPU: no).
    """

    def __init__(self, x_train, y_train, x_test, y_test, seed=0, steps_per_execution=1,
                 jit_compile=False):
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
                           loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                           steps_per_execution=steps_per_execution, jit_compile=jit_compile)
        # Warm-up: the first fit traces and compiles the training step (a whole execution of
        # steps_per_execution steps at least); then fresh weights.
        warm_up = max(20, steps_per_execution) * BATCH_SIZE
        self.model.fit(x_train[:warm_up], y_train[:warm_up], batch_size=BATCH_SIZE, epochs=1,
                       verbose=0)
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


def ratio_table(names, median):
    """Markdown rows: the median seconds of each run (row) divided by those of each (column)."""
    lines = ["| row ÷ column | " + " | ".join(names) + " |",
             "|---" * (len(names) + 1) + "|"]
    for row in names:
        lines.append(f"| {row} | " + " | ".join(f"{median[row] / median[col]:.2f}"
                                                for col in names) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--steps-per-execution", type=int, default=50)
    args = parser.parse_args(argv)
    spe = args.steps_per_execution
    data = load()
    steps = -(-len(data[0]) // BATCH_SIZE)
    print(f"784-{HIDDEN}-10 MLP, SGD learning rate {LEARNING_RATE}, batch {BATCH_SIZE}, float32, "
          f"{len(data[0]):,} training images ({steps} steps per epoch), {args.epochs} epochs "
          f"each, {os.cpu_count()} CPU cores\n", flush=True)

    runs = {"layers": NumpyRun(TwoLayerNet, *data), "fused": NumpyRun(FusedTwoLayerNet, *data),
            "Keras": KerasRun(*data),
            "Keras spe": KerasRun(*data, steps_per_execution=spe),
            "Keras spe+XLA": KerasRun(*data, steps_per_execution=spe, jit_compile=True),
            "floor": FloorRun(*data)}
    seconds = {name: [] for name in runs}
    # Interleaved epochs: on a busy machine all see the same background load.
    for epoch in range(1, args.epochs + 1):
        for name, run in runs.items():
            seconds[name].append(run.epoch())
        print(f"epoch {epoch}: " + ", ".join(f"{name} {s[-1]:.2f} s" for name, s in
                                             seconds.items()), flush=True)
    median = {name: statistics.median(s) for name, s in seconds.items()}
    fastest = {name: min(s) for name, s in seconds.items()}
    accuracy = {name: run.test_accuracy() for name, run in runs.items() if name != "floor"}
    keras_version = runs["Keras"].keras.__version__
    labels = {
        "layers": f"NumPy {np.__version__}: TwoLayerNet (layers) + Trainer, 1 BLAS thread",
        "fused": "NumPy: FusedTwoLayerNet + Trainer, 1 BLAS thread",
        "Keras": f"Keras {keras_version}: Sequential + fit, defaults",
        "Keras spe": f"Keras: steps_per_execution={spe}",
        "Keras spe+XLA": f"Keras: steps_per_execution={spe}, jit_compile=True",
        "floor": "floor: gather the batches + the two large matrix products",
    }
    print("\n| run | | seconds per epoch (median) | fastest epoch | ms per step | "
          "÷ fused | ÷ floor | test accuracy |")
    print("|---|---|---|---|---|---|---|---|")
    for name, label in labels.items():
        acc = f"{accuracy[name]:.4f}" if name in accuracy else ""
        print(f"| {name} | {label} | {median[name]:.2f} | {fastest[name]:.2f} | "
              f"{1000 * median[name] / steps:.2f} | {median[name] / median['fused']:.2f}x | "
              f"{median[name] / median['floor']:.2f}x | {acc} |")
    print("\nEvery ratio, median seconds per epoch of the row divided by those of the column:\n")
    print(ratio_table(list(runs), median))

    fused_floor = median["fused"] / median["floor"]
    print(f"\nKeras (defaults) / fused: {median['Keras'] / median['fused']:.2f}x; "
          f"Keras (steps_per_execution={spe}) / fused: "
          f"{median['Keras spe'] / median['fused']:.2f}x; "
          f"Keras (steps_per_execution={spe}, jit_compile) / fused: "
          f"{median['Keras spe+XLA'] / median['fused']:.2f}x.")
    print(f"Fused / floor: {fused_floor:.2f}x (the distance from the hardware limit; target: "
          f"within {FUSED_WITHIN_FLOOR}x: {'yes' if fused_floor <= FUSED_WITHIN_FLOOR else 'NO'}).")
    for name in ("Keras", "Keras spe", "Keras spe+XLA"):
        overhead = 1000 * (median[name] - median["fused"]) / steps
        print(f"{labels[name]}: {overhead:.2f} ms per step more than FusedTwoLayerNet's "
              f"{1000 * median['fused'] / steps:.2f} ms for the same arithmetic (floor: "
              f"{1000 * median['floor'] / steps:.2f} ms).")
    print(f"No NumPy network can be more than {median['Keras'] / median['floor']:.1f}x faster "
          f"than Keras's defaults, or {median['Keras spe+XLA'] / median['floor']:.1f}x faster "
          f"than the tuned Keras, on this machine (the floor).")
    print("(Test accuracies: the NumPy nets start from weights of std 0.01, as in lesson 06, "
          "Keras from its Glorot initializer; after a few epochs they differ. Speed does not.)")


if __name__ == "__main__":
    main()
