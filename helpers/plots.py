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


def draw_network(layer_sizes, weights=None, biases=None, values=None, node_labels=None,
                 layer_names=None, ax=None, title="", fmt="{:.2g}"):
    """Draw a fully connected network: circles for neurons, lines for weights (lessons 01, 03).

    layer_sizes: neurons per layer, input first, e.g. ``[2, 3, 2, 2]``.
    weights:     optional list of matrices ``W`` of shape (n_in, n_out), NumPy's ``x @ W``
                 convention; each edge is labelled with its weight (blue positive, red
                 negative, thicker when larger).
    biases:      optional list of vectors ``b`` (n_out,), written under the neurons they feed.
    values:      optional list of vectors, one per layer, written inside the neurons and
                 shading them (e.g. the activations of one forward pass).
    node_labels: optional list of lists of names (e.g. ``[["x1", "x2"], ["s1", "s2"], ["y"]]``).
    layer_names: optional titles under each layer (e.g. "input layer").
    """
    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer_sizes needs at least two layers of at least one neuron; "
                         f"got {sizes}.")
    for name, items, expect in (("weights", weights, lambda i: (sizes[i], sizes[i + 1])),
                                ("biases", biases, lambda i: (sizes[i + 1],))):
        if items is None:
            continue
        if len(items) != len(sizes) - 1:
            raise ValueError(f"{name} needs one entry per pair of layers ({len(sizes) - 1}); "
                             f"got {len(items)}.")
        for i, item in enumerate(items):
            if np.shape(item) != expect(i):
                raise ValueError(f"{name}[{i}] has shape {np.shape(item)}; expected {expect(i)} "
                                 f"for layers of sizes {sizes[i]} -> {sizes[i + 1]}.")
    if values is not None:
        if len(values) != len(sizes) or any(np.shape(v) != (n,) for v, n in zip(values, sizes)):
            raise ValueError(f"values needs one vector per layer with shapes "
                             f"{[(n,) for n in sizes]}; got {[np.shape(v) for v in values]}.")

    ax = ax or plt.gca()
    tallest = max(sizes)
    xs = np.arange(len(sizes)) * 3.0

    def ys(n):
        return (np.arange(n) - (n - 1) / 2)[::-1] * 1.6

    pos = [np.column_stack([np.full(n, x), ys(n)]) for x, n in zip(xs, sizes)]
    if weights is not None:
        biggest = max(float(np.max(np.abs(W))) for W in weights) or 1.0
    for i in range(len(sizes) - 1):
        for a in range(sizes[i]):
            for c in range(sizes[i + 1]):
                (x0, y0), (x1, y1) = pos[i][a], pos[i + 1][c]
                if weights is None:
                    ax.plot([x0, x1], [y0, y1], color="0.6", lw=1, zorder=1)
                    continue
                wv = float(weights[i][a, c])
                color = "tab:blue" if wv >= 0 else "tab:red"
                ax.plot([x0, x1], [y0, y1], color=color, lw=0.6 + 2.4 * abs(wv) / biggest,
                        alpha=0.75, zorder=1)
                # Stagger labels along the edge so edges leaving one neuron do not overlap.
                f = 0.22 + 0.5 * (c / max(sizes[i + 1] - 1, 1)) if sizes[i + 1] > 1 else 0.5
                ax.text(x0 + f * (x1 - x0), y0 + f * (y1 - y0), fmt.format(wv), fontsize=8,
                        ha="center", va="center", color=color, zorder=4,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))
    cmap = plt.get_cmap("Oranges")
    for li, (p, n) in enumerate(zip(pos, sizes)):
        for k in range(n):
            v = None if values is None else float(values[li][k])
            face = "white" if v is None else cmap(0.15 + 0.6 * min(max(abs(v), 0.0), 1.0))
            ax.add_patch(plt.Circle(p[k], 0.42, fc=face, ec="black", lw=1.5, zorder=3))
            label = node_labels[li][k] if node_labels is not None else ""
            if v is not None:
                label = f"{label}\n{fmt.format(v)}" if label else fmt.format(v)
            ax.text(*p[k], label, ha="center", va="center", fontsize=9, zorder=5)
            if biases is not None and li > 0:
                ax.text(p[k][0], p[k][1] - 0.58, f"b={fmt.format(float(biases[li - 1][k]))}",
                        ha="center", va="top", fontsize=8, color="0.25", zorder=5)
    if layer_names is not None:
        for x, name in zip(xs, layer_names):
            ax.text(x, -(tallest - 1) / 2 * 1.6 - 1.15, name, ha="center", va="top", fontsize=9)
    ax.set_xlim(xs[0] - 0.8, xs[-1] + 0.8)
    ax.set_ylim(-(tallest - 1) / 2 * 1.6 - 1.6, (tallest - 1) / 2 * 1.6 + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
