"""Plots shared by several lessons (lesson-specific drawings live beside their code).

Every function draws on the current figure or on the axes it is given and returns the axes;
the lesson cell ends with ``plt.show()``.
"""

import matplotlib.pyplot as plt
import numpy as np


def show_images(images, labels=None, class_names=None, predictions=None, ncols=10, size=1.2):
    """A grid of 28x28 images; titles show the label (and the prediction, red when wrong)."""
    images = np.asarray(images)
    n = len(images)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * 1.25 * nrows),
                             squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k >= n:
            continue
        ax.imshow(images[k].reshape(28, 28), cmap="gray_r")
        if labels is None:
            continue
        name = class_names[labels[k]] if class_names is not None else str(labels[k])
        if predictions is None:
            ax.set_title(name, fontsize=8)
        else:
            guess = class_names[predictions[k]] if class_names is not None else str(predictions[k])
            wrong = predictions[k] != labels[k]
            ax.set_title(f"{guess}\n(true: {name})" if wrong else name, fontsize=7,
                         color="crimson" if wrong else "black")
    fig.tight_layout()
    return axes


def plot_curves(curves, xlabel="epoch", ylabel="", title="", ax=None, **style):
    """Plot several named sequences, e.g. ``{"train": [...], "test": [...]}``, on one axes."""
    ax = ax or plt.gca()
    for name, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=name, **style)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax
