"""Keras helpers for lessons 09-11: seeding, quiet logs, history plots, model comparison.

This is the only helpers module that imports TensorFlow/Keras, and only the Keras lessons import it.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before TensorFlow is imported
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def seed_everything(seed=42):
    """Same weights, same shuffles, same results on one machine (set before building a model)."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def plot_history(history, title="", axes=None):
    """Loss and accuracy per epoch, training vs validation, from ``model.fit``'s History (or its dict)."""
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
