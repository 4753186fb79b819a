"""Keras helpers for lessons 10-12: seeding, quiet logs, history plots, model comparison.

This is the only helpers module that imports TensorFlow/Keras; the Keras lessons import it, and so
does the opening cell's ``start(tensorflow=True)`` (for ``seed_everything``).
"""

import contextlib
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from matplotlib.ticker import (  # noqa: E402
    LogLocator,
    MaxNLocator,
    NullFormatter,
    ScalarFormatter,
)


def seed_everything(seed=42):
    """Same weights, same shuffles, same results on one machine (set before building a model)."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


@contextlib.contextmanager
def without_op_determinism():
    """Turn TensorFlow's op determinism off inside a ``with`` block, and back on after it if it was
    on (lesson 06). Keras refuses ``jit_compile=True`` (XLA) while it is on, and timing a model
    does not need repeatable results. TensorFlow has no public switch to turn it off, hence the
    private module, kept here so that no lesson imports it.
    """
    from tensorflow.python.framework import config as tf_config

    was_on = tf_config.is_op_determinism_enabled()
    tf_config.disable_op_determinism()
    try:
        yield
    finally:
        if was_on:
            tf.config.experimental.enable_op_determinism()


def plot_history(history, title="", axes=None):
    """Loss and accuracy per epoch, training vs validation, from ``fit``'s History (or its dict)."""
    h = history.history if hasattr(history, "history") else dict(history)
    metrics = [m for m in ("loss", "accuracy") if m in h]
    if axes is None:
        _, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.2), squeeze=False)
        axes = axes[0]
    for ax, m in zip(axes, metrics):
        epochs = np.arange(1, len(h[m]) + 1)
        ax.plot(epochs, h[m], "o-", label=f"train {m}")
        if f"val_{m}" in h:
            ax.plot(epochs, h[f"val_{m}"], "s--", label=f"validation {m}")
        ax.set(xlabel="epoch", ylabel=m, title=f"{title} {m}".strip())
        ax.grid(alpha=0.3)
        ax.legend()
    plt.tight_layout()
    return axes


# --- Comparing several trained models (lessons 10-11) -------------------------------------------


def _history_dict(history, name="history"):
    """``model.fit``'s History (or its ``.history`` dict) as a dict of lists, checked."""
    h = history.history if hasattr(history, "history") else history
    if not isinstance(h, dict):
        raise TypeError(f"{name} should be the History returned by model.fit (or its .history "
                        f"dict), got {type(history).__name__}.")
    if "loss" not in h or len(h["loss"]) == 0:
        raise ValueError(f"{name} has no 'loss' values; expected the History of at least one "
                         f"epoch of model.fit (keys found: {sorted(h)}).")
    return {k: [float(v) for v in vals] for k, vals in h.items()}


def merge_histories(*histories):
    """One history from several ``fit`` calls on the same model, epochs in order (lesson 10).

    Calling ``fit`` again continues training; this joins the records so the curves continue too.
    """
    if not histories:
        raise ValueError("merge_histories needs at least one History.")
    dicts = [_history_dict(h, f"history {i + 1}") for i, h in enumerate(histories)]
    keys = set(dicts[0])
    for i, d in enumerate(dicts[1:], start=2):
        if set(d) != keys:
            raise ValueError(f"history {i} records {sorted(d)}, but history 1 records "
                             f"{sorted(keys)}; only runs of the same model can be merged.")
    return {k: [v for d in dicts for v in d[k]] for k in dicts[0]}


def _checked_results(results):
    if not isinstance(results, dict) or not results:
        got = "an empty dict" if isinstance(results, dict) else type(results).__name__
        raise ValueError("results should be a non-empty dict {name: (history, test_loss, "
                         f"test_accuracy)}}, got {got}.")
    checked = {}
    for name, value in results.items():
        if not isinstance(value, (tuple, list)) or len(value) != 3:
            raise ValueError(f"results[{name!r}] should be (history, test_loss, test_accuracy), "
                             f"got {type(value).__name__} of length "
                             f"{len(value) if hasattr(value, '__len__') else '?'}.")
        history, test_loss, test_acc = value
        h = _history_dict(history, f"the history of {name!r}")
        try:
            test_loss, test_acc = float(test_loss), float(test_acc)
        except (TypeError, ValueError):
            raise TypeError(f"results[{name!r}]: test_loss and test_accuracy should be numbers "
                            f"(as returned by model.evaluate), got {test_loss!r}, "
                            f"{test_acc!r}.") from None
        if not (np.isfinite(test_loss) and np.isfinite(test_acc)):
            raise ValueError(f"results[{name!r}]: test_loss={test_loss}, "
                             f"test_accuracy={test_acc}; expected finite numbers.")
        checked[str(name)] = (h, test_loss, test_acc)
    return checked


def comparison_table(results, digits=3, best_of="val_loss"):
    """A plain-text table comparing trained models, one row each (lessons 10-11).

    results: ``{name: (history, test_loss, test_accuracy)}`` with ``history`` from ``model.fit``
    and the two numbers from ``model.evaluate``. Columns: epochs trained, final training and
    validation accuracy, their gap (a large gap means overfitting), the lowest value of
    ``best_of`` (the validation loss unless told otherwise) and its epoch, test loss and test
    accuracy. Missing values show as ``-``.
    """
    rows = []
    for name, (h, test_loss, test_acc) in _checked_results(results).items():
        acc, val_acc, val_loss = h.get("accuracy"), h.get("val_accuracy"), h.get(best_of)
        fmt = f"{{:.{digits}f}}".format
        gap = acc[-1] - val_acc[-1] if acc and val_acc else None
        best = (f"{fmt(min(val_loss))} @ {int(np.argmin(val_loss)) + 1}" if val_loss else "-")
        rows.append([name, str(len(h["loss"])),
                     fmt(acc[-1]) if acc else "-", fmt(val_acc[-1]) if val_acc else "-",
                     f"{gap:+.{digits}f}" if gap is not None else "-", best,
                     fmt(test_loss), fmt(test_acc)])
    header = ["model", "epochs", "train acc", "val acc", "gap",
              "best val loss @ epoch" if best_of == "val_loss" else f"best {best_of} @ epoch",
              "test loss", "test acc"]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]

    def line(cells):
        first = cells[0].ljust(widths[0])
        return "  ".join([first] + [c.rjust(w) for c, w in zip(cells[1:], widths[1:])])

    rule = "-" * len(line(header))
    return "\n".join([line(header), rule] + [line(r) for r in rows])


def plot_comparison(results, metrics=("val_loss", "val_accuracy"), axes=None, title=""):
    """Curves of several trained models on shared axes, one panel per metric (lessons 10-11).

    results: ``{name: (history, test_loss, test_accuracy)}`` as for :func:`comparison_table`,
    or simply ``{name: history}``. Returns the axes; the lesson cell ends with ``plt.show()``.
    """
    if isinstance(metrics, str):
        metrics = (metrics,)
    if isinstance(results, dict) and results and not all(
            isinstance(v, (tuple, list)) for v in results.values()):
        histories = {str(n): _history_dict(h, f"the history of {n!r}") for n, h in results.items()}
    else:
        histories = {n: h for n, (h, _, _) in _checked_results(results).items()}
    for name, h in histories.items():
        missing = [m for m in metrics if m not in h]
        if missing:
            raise ValueError(f"the history of {name!r} has no {missing}; it records {sorted(h)}. "
                             "(Validation curves need validation_data= in model.fit.)")
    if axes is None:
        _, axes = plt.subplots(1, len(metrics), figsize=(5.5 * len(metrics), 3.6), squeeze=False)
        axes = axes[0]
    axes = np.atleast_1d(axes)
    for ax, metric in zip(axes, metrics):
        for name, h in histories.items():
            ax.plot(np.arange(1, len(h[metric]) + 1), h[metric], "o-", ms=3, label=name)
        ax.set(xlabel="epoch", ylabel=metric, title=f"{title} {metric}".strip())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    plt.tight_layout()
    return axes


def compare(results, metrics=("val_loss", "val_accuracy"), title=""):
    """Print :func:`comparison_table` and draw :func:`plot_comparison` (lessons 10-11)."""
    print(comparison_table(results))
    return plot_comparison(results, metrics=metrics, title=title)


def plot_true_class_probability(models, x, y, threshold=0.1, ax=None, title=""):
    """How sure each model is of the right answer (lesson 11): over the images x, a histogram of
    the probability the model gives to the true class y. Confident mistakes sit near 0; the legend
    gives each model's share below ``threshold``.

    models: ``{label: a Keras model}`` whose outputs are class probabilities (softmax);
    y: one integer label per image. Returns the axes; the lesson cell ends with ``plt.show()``.
    """
    y = np.asarray(y)
    if not models:
        raise ValueError("plot_true_class_probability needs at least one model, e.g. "
                         "{'baseline': model}.")
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer) or len(y) != len(x):
        raise ValueError(f"y must hold one integer label per image of x: x has {len(x)} images, "
                         f"y has shape {y.shape} and dtype {y.dtype}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.4))
    bins = np.linspace(0, 1, 21)
    for label, model in models.items():
        p = np.asarray(model(x))
        if p.ndim != 2 or len(p) != len(y) or not np.allclose(p.sum(axis=1), 1, atol=1e-3):
            raise ValueError(f"the model {label!r} must give one row of class probabilities "
                             f"(a softmax output) per image; it gave shape {p.shape}.")
        if y.min() < 0 or y.max() >= p.shape[1]:
            raise ValueError(f"labels must lie in 0..{p.shape[1] - 1}, the model's classes; "
                             f"found {y.min()}..{y.max()}.")
        p_true = p[np.arange(len(y)), y]
        ax.hist(p_true, bins=bins, histtype="step", lw=2,
                label=f"{label}: {np.mean(p_true < threshold):.1%} below {threshold:g}")
    ax.set(xlabel="probability given to the true class", ylabel="images (log scale)",
           yscale="log", title=title or "How sure of the right answer?")
    ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))  # 20, 50, 100, 200 ...
    ax.yaxis.set_major_formatter(ScalarFormatter())           # not 2 x 10^1 ...
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper center")
    return ax


# --- A live training curve for Jupyter (lesson 10) -----------------------------------------------


def _in_jupyter_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class LivePlot(keras.callbacks.Callback):
    """Redraws the loss (and accuracy) curves after every epoch while ``fit`` runs (lesson 10).

    In Jupyter the live picture is a small image widget that disappears when training ends,
    leaving one ordinary static figure in the cell output. Elsewhere (a script, a test) nothing is
    shown live and the final figure is left open as ``self.figure`` for ``plt.show()``.
    Epochs are counted across ``fit`` calls, so a second ``fit`` continues the curves; a dotted
    line marks where it began.
    """

    def __init__(self, metrics=("loss", "accuracy"), title=""):
        super().__init__()
        self.metrics = (metrics,) if isinstance(metrics, str) else tuple(metrics)
        if not self.metrics:
            raise ValueError("LivePlot needs at least one metric name, e.g. ('loss',).")
        self.title = title
        self.history = {}
        self.restarts = []  # epochs after which another fit call began
        self.figure = None
        self._widget = None

    def on_train_begin(self, logs=None):
        done = len(self.history.get("loss", []))
        if done:
            self.restarts.append(done)

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        if _in_jupyter_kernel():
            self._show_live()

    def on_train_end(self, logs=None):
        if self._widget is not None:
            self._widget.close()
            self._widget = None
        self.figure = self.draw()
        if _in_jupyter_kernel():
            from IPython.display import display

            display(self.figure)
            plt.close(self.figure)  # shown once; the inline backend must not show it again

    def draw(self):
        """The curves recorded so far, train solid and validation dashed, on a new figure."""
        shown = [m for m in self.metrics if m in self.history]
        if not shown:
            raise ValueError(f"LivePlot recorded none of {list(self.metrics)}; the logs had "
                             f"{sorted(self.history)}. Did fit run, and are the metrics compiled?")
        fig, axes = plt.subplots(1, len(shown), figsize=(5 * len(shown), 3.2), squeeze=False)
        for ax, m in zip(axes[0], shown):
            epochs = np.arange(1, len(self.history[m]) + 1)
            ax.plot(epochs, self.history[m], "o-", label=f"train {m}")
            if f"val_{m}" in self.history:
                ax.plot(epochs, self.history[f"val_{m}"], "s--", label=f"validation {m}")
            for k, done in enumerate(self.restarts):
                ax.axvline(done + 0.5, color="gray", ls=":",
                           label="fit called again" if k == 0 else None)
            ax.set(xlabel="epoch", ylabel=m, title=f"{self.title} {m}".strip())
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.grid(alpha=0.3)
            ax.legend()
        fig.tight_layout()
        return fig

    def _show_live(self):
        import io

        import ipywidgets
        from IPython.display import display

        fig = self.draw()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=72)
        plt.close(fig)
        if self._widget is None:
            self._widget = ipywidgets.Image(format="png")
            display(self._widget)
        self._widget.value = buffer.getvalue()
