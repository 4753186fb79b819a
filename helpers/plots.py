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


def plot_accuracy_and_loss(xs, accuracy, loss, xlabel="", title="", ax=None):
    """Accuracy (left axis, blue) and loss (right axis, red) against one parameter (lesson 04).

    The values of x with the highest accuracy are shaded, and a dotted line marks where the
    loss is smallest, so the two can be compared. Returns the two axes (accuracy, loss).
    """
    xs, accuracy, loss = (np.asarray(a, dtype=float) for a in (xs, accuracy, loss))
    if xs.ndim != 1 or xs.size < 2 or not xs.shape == accuracy.shape == loss.shape:
        raise ValueError(f"xs, accuracy and loss must be 1-D sequences of the same length (at "
                         f"least 2); got shapes {xs.shape}, {accuracy.shape} and {loss.shape}.")
    ax = ax or plt.gca()
    name = xlabel or "x"
    ax.plot(xs, accuracy, color="tab:blue")
    ax.fill_between(xs, 0, 1, where=accuracy == accuracy.max(), color="tab:blue", alpha=0.12,
                    transform=ax.get_xaxis_transform(),
                    label=f"highest accuracy ({accuracy.max():.3g})")
    x_min = xs[np.argmin(loss)]
    ax.axvline(x_min, color="tab:red", ls=":", label=f"smallest loss ({name} = {x_min:.2g})")
    ax.set(xlabel=xlabel, title=title)
    ax.set_ylabel("accuracy", color="tab:blue")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize=8,
              frameon=False)
    ax_loss = ax.twinx()
    ax_loss.plot(xs, loss, color="tab:red")
    ax_loss.set_ylabel("loss", color="tab:red")
    return ax, ax_loss


def plot_descent(f, path, minimum=None, title="", ax=None,
                 levels=(0.5, 2, 5, 10, 25, 50, 100, 250, 500, 1000)):
    """Contour lines of a function of two variables and a gradient-descent path (lesson 04).

    f:       takes an array ``[x0, x1]`` and returns f; it must also accept two grids stacked
             as ``np.array([X0, X1])``, as ``lambda x: x[0]**2 + x[1]**2`` does.
    path:    shape (steps + 1, 2), e.g. the path returned by ``gradient_descent``.
    minimum: optional point to mark with a star.
    The view is a square around (0, 0) that holds the path (at least ±5, at most ±60, so a
    path that runs away leaves the picture). Dots are coloured by step, dark first.
    """
    path = np.asarray(path, dtype=float)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0:
        raise ValueError(f"path must have shape (steps + 1, 2), one point [x0, x1] per row; "
                         f"got shape {path.shape}.")
    ax = ax or plt.gca()
    finite = np.abs(path[np.isfinite(path)])
    lim = min(max(5.0, 1.15 * float(finite.max(initial=0.0))), 60.0)
    X0, X1 = np.meshgrid(np.linspace(-lim, lim, 120), np.linspace(-lim, lim, 120))
    ax.contour(X0, X1, f(np.array([X0, X1])), levels=list(levels), colors="0.75",
               linewidths=0.8)
    ax.plot(path[:, 0], path[:, 1], "-", lw=0.8, color="0.4")
    ax.scatter(path[:, 0], path[:, 1], c=np.arange(len(path)), cmap="plasma", s=16, zorder=3)
    ax.plot(*path[0], "s", color="black", label="start")
    if minimum is not None:
        ax.plot(*minimum, "*", color="tab:red", ms=12, label="minimum")
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="$x_0$", ylabel="$x_1$")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_gradient_field(f, points, gradients, lim=2.5, title="", fig=None):
    """A function of two variables as a surface (left) and its negative gradient as arrows on
    its contour lines (right) (lesson 04).

    f:         takes an array ``[x0, x1]`` and returns f; it must also accept two grids stacked
               as ``np.array([X0, X1])``, as ``lambda x: x[0]**2 + x[1]**2`` does.
    points:    shape (n, 2), where to draw arrows; gradients: shape (n, 2), the gradient there.
    Each arrow is minus the gradient, coloured by its length. Returns the two axes.
    """
    points, gradients = np.asarray(points, dtype=float), np.asarray(gradients, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2 or gradients.shape != points.shape:
        raise ValueError(f"points and gradients must both have shape (n, 2); got "
                         f"{points.shape} and {gradients.shape}.")
    fig = fig or plt.figure(figsize=(11, 4.6))
    X0, X1 = np.meshgrid(np.linspace(-lim, lim, 60), np.linspace(-lim, lim, 60))
    F = f(np.array([X0, X1]))
    ax3d = fig.add_subplot(1, 2, 1, projection="3d")
    ax3d.plot_surface(X0, X1, F, cmap="viridis", alpha=0.85, linewidth=0)
    ax3d.set(xlabel="$x_0$", ylabel="$x_1$", zlabel="f", title=title)
    ax = fig.add_subplot(1, 2, 2)
    ax.contour(X0, X1, F, levels=12, cmap="viridis", alpha=0.5)
    ax.quiver(points[:, 0], points[:, 1], -gradients[:, 0], -gradients[:, 1],
              np.hypot(gradients[:, 0], gradients[:, 1]), cmap="plasma", angles="xy")
    ax.set(xlabel="$x_0$", ylabel="$x_1$", title=r"$-\nabla f$: arrows point downhill",
           aspect="equal")
    fig.tight_layout()
    return ax3d, ax


def _decision_line(ax, w, b, g, **style):
    """Draw ``w[0]*u + w[1]*v + b = 0`` over the grid g (a vertical line when w[1] is 0)."""
    if abs(w[1]) > 1e-12:
        return ax.plot(g, -(w[0] * g + b) / w[1], **style)
    if abs(w[0]) > 1e-12:
        return [ax.axvline(-b / w[0], **style)]
    return []


def plot_two_layer_perceptron(W1, b1, W2, b2, targets, hidden_names=("$s_1$", "$s_2$"),
                              output_name="y", axes=None):
    """A two-input, two-hidden-unit, one-output perceptron network in two pictures (lesson 01).

    Left, the input space: the two hidden units' lines and, shaded, where the network says 1
    (orange) or 0 (blue). Right, the hidden space: where each input lands, ``(s1, s2)``, and the
    output unit's line there. Inputs are ``helpers.gates.INPUTS``; ``targets`` are their wanted
    outputs (filled dot: 1, open dot: 0). W1 (2, 2) holds a hidden unit per column, b1 (2,),
    W2 (2, 1) or (2,), b2 one number. Returns the two axes.
    """
    from helpers.gates import INPUTS, perceptron

    W1, b1 = np.asarray(W1, dtype=float), np.asarray(b1, dtype=float).reshape(-1)
    W2 = np.asarray(W2, dtype=float).reshape(-1)
    b2 = float(np.asarray(b2, dtype=float).reshape(-1)[0])
    targets = np.asarray(targets).reshape(-1)
    if W1.shape != (2, 2) or b1.shape != (2,) or W2.shape != (2,) or targets.shape != (4,):
        raise ValueError(f"expected W1 (2, 2), b1 (2,), W2 (2, 1), one bias b2 and 4 targets (one "
                         f"per input of INPUTS); got W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, "
                         f"targets {targets.shape}.")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 4.6))
    left, right = axes
    g = np.linspace(-0.5, 1.5, 201)
    g1, g2 = np.meshgrid(g, g)
    points = np.column_stack([g1.ravel(), g2.ravel()])

    def hidden(x):
        return np.column_stack([perceptron(x, W1[:, j], b1[j]) for j in range(2)])

    shading = dict(levels=[-0.5, 0.5, 1.5], colors=["#9ecae1", "#fdd0a2"], alpha=0.8)
    left.contourf(g1, g2, perceptron(hidden(points), W2, b2).reshape(g1.shape), **shading)
    for j, style in enumerate(["--", "-"]):
        _decision_line(left, W1[:, j], b1[j], g, color="k", ls=style, lw=2,
                       label=f"line of {hidden_names[j]}")
    right.contourf(g1, g2, perceptron(points, W2, b2).reshape(g1.shape), **shading)
    _decision_line(right, W2, b2, g, color="k", lw=2, label=f"line of {output_name}")
    landed = hidden(INPUTS)
    for ax, where in ((left, INPUTS), (right, landed)):
        for (u, v), t in zip(where, targets):
            ax.scatter(u, v, s=160, zorder=3, edgecolors="black", linewidths=1.5,
                       facecolors="black" if t else "white")
    for point in np.unique(landed, axis=0):
        names = [f"({x1},{x2})" for (x1, x2), s in zip(INPUTS, landed) if np.array_equal(s, point)]
        right.annotate(" ".join(names), point, xytext=(10, 8), textcoords="offset points",
                       fontsize=9)
    left.set(xlabel="$x_1$", ylabel="$x_2$", title="input space: the hidden units' lines")
    right.set(xlabel=f"{hidden_names[0]}", ylabel=f"{hidden_names[1]}",
              title="hidden space: where the inputs land")
    for ax in axes:
        ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), aspect="equal", xticks=[0, 1], yticks=[0, 1])
        ax.legend(loc="upper right", fontsize=8)
    return axes


def plot_gradient_per_layer(sizes, ax=None, title=""):
    """Gradient size per layer on a log scale, one line per entry of ``sizes`` (lesson 02).

    sizes: ``{label: array}`` with one number per layer, layer 1 first, e.g. from
    ``helpers.demos.gradient_per_layer``. The x axis runs from the last layer to the first, the
    way the gradient travels. Returns the axes.
    """
    ax = ax or plt.gca()
    depth = 1
    for label, s in sizes.items():
        s = np.asarray(s, dtype=float)
        if s.ndim != 1 or not np.all(s > 0):
            raise ValueError(f"sizes[{label!r}] must be a 1-D array of positive numbers (one per "
                             f"layer); got shape {s.shape}.")
        depth = max(depth, len(s))
        ax.semilogy(np.arange(1, len(s) + 1), s, "o-", ms=4, label=label)
    ax.set(xlabel="layer (1 = nearest the input)", ylabel="average |gradient| (log scale)",
           title=title, xlim=(depth + 0.5, 0.5))
    step = 5 if depth <= 30 else 10
    ax.set_xticks(sorted({1, depth, *range(step, depth - 1, step)}))
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    return ax


def plot_neuron_runs(x, t, runs, axes=None):
    """Runs of ``helpers.demos.train_neuron`` side by side (lesson 02): the loss per step (log
    scale) and what each neuron computes after training, over the target line. ``runs`` maps a
    label to a run. Returns the two axes."""
    from helpers.functions import get_activation

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 3.5))
    loss_ax, fit_ax = axes
    fit_ax.plot(x, t, "k", lw=3, alpha=0.3, label="target t")
    for (label, run), style in zip(runs.items(), ["-", "--", ":", "-."]):
        h, _ = get_activation(run.activation)
        loss_ax.plot(np.arange(1, len(run.losses) + 1), run.losses, style, label=label)
        fit_ax.plot(x, h(run.w * np.asarray(x) + run.b), style,
                    label=f"{label}: w = {run.w:.2f}, b = {run.b:.2f}")
    loss_ax.set(title="Loss while learning", xlabel="step", ylabel="mean squared error",
                yscale="log")
    fit_ax.set(title="What the neuron computes after training", xlabel="x", ylabel="y")
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return axes


def plot_prediction(image, probabilities, class_names, label=None, axes=None):
    """One image and a network's probability for each class, as bars (lesson 03).

    The predicted class (the largest probability) is orange; with ``label`` given, the true
    class's name is marked "(true)". Returns the two axes.
    """
    p = np.asarray(probabilities, dtype=float).reshape(-1)
    if len(p) != len(class_names):
        raise ValueError(f"probabilities has {len(p)} entries but there are {len(class_names)} "
                         f"class names; expected one probability per class.")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 3.2), gridspec_kw={"width_ratios": [1, 2]})
    image_ax, bar_ax = axes
    image_ax.imshow(np.asarray(image, dtype=float).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
    image_ax.axis("off")
    predicted = int(np.argmax(p))
    colors = ["tab:orange" if k == predicted else "tab:blue" for k in range(len(p))]
    names = [f"{name} (true)" if k == label else name for k, name in enumerate(class_names)]
    bar_ax.barh(np.arange(len(p)), p, color=colors)
    bar_ax.set(yticks=np.arange(len(p)), yticklabels=names, xlim=(0, 1), xlabel="probability")
    bar_ax.invert_yaxis()
    bar_ax.grid(axis="x", alpha=0.3)
    image_ax.set_title(f"predicted: {class_names[predicted]}", fontsize=10)
    return axes


def layer_histograms(rows, value_range, drop_zeros=False, title=""):
    """Histograms of each layer's outputs: one row per setting, one column per layer (lesson 08).

    rows:        ``{row label: [outputs of layer 1, outputs of layer 2, ...]}``, arrays of any
                 shape; every row has the same number of layers.
    value_range: ``(low, high)`` of the bars; the share of outputs above ``high`` is written in
                 the title when it exceeds 1%.
    drop_zeros:  leave exact zeros out of the bars (ReLU's, about half of its outputs) so that
                 the rest stays visible.
    A bar's height is the fraction of *all* outputs of its layer (zeros included), each row
    shares its vertical scale, and each title gives the layer's standard deviation. Returns the
    axes (a new figure).
    """
    counts = {len(outputs) for outputs in rows.values()}
    if len(counts) != 1 or 0 in counts:
        raise ValueError(f"rows needs one non-empty list of layer outputs per label, all of the "
                         f"same length; got lengths {sorted(counts)}.")
    low, high = value_range
    n_layers = counts.pop()
    fig, axes = plt.subplots(len(rows), n_layers, figsize=(2.4 * n_layers, 1.9 * len(rows)),
                             sharex=True, sharey="row", squeeze=False)
    for row, (label, outputs) in zip(axes, rows.items()):
        for i, (ax, z) in enumerate(zip(row, outputs)):
            z = np.asarray(z, dtype=float)
            values = z[z != 0] if drop_zeros else z.ravel()
            ax.hist(values, bins=30, range=(low, high), weights=np.full(values.size, 1 / z.size),
                    color=f"C{i}")
            beyond = np.mean(z > high)
            note = f", {beyond:.0%} > {high}" if beyond > 0.01 else ""
            ax.set_title(f"layer {i + 1}: std {z.std():.2g}{note}", fontsize=8)
            ax.tick_params(axis="y", labelsize=7)
        row[0].set_ylabel(f"{label}\nfraction", fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return axes


def plot_decision_regions(predict, x, t, ax=None, title="", resolution=201):
    """The class a model predicts at every point of the rectangle spanned by 2-D inputs x,
    shaded, with the points x coloured by their labels t (lesson 08).

    predict: maps an (N, 2) array to (N, classes) scores, e.g. ``net.predict``.
    Returns the axes.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2 or len(x) == 0:
        raise ValueError(f"x must be a non-empty batch of 2-D points, shape (N, 2); got shape "
                         f"{x.shape}.")
    ax = ax or plt.gca()
    (x1_lo, x2_lo), (x1_hi, x2_hi) = x.min(axis=0), x.max(axis=0)
    g1, g2 = np.meshgrid(np.linspace(x1_lo, x1_hi, resolution),
                         np.linspace(x2_lo, x2_hi, resolution))
    scores = np.asarray(predict(np.column_stack([g1.ravel(), g2.ravel()])))
    regions = scores.argmax(axis=1).reshape(g1.shape)
    ax.contourf(g1, g2, regions, levels=np.arange(scores.shape[1] + 1) - 0.5, cmap="coolwarm",
                alpha=0.25)
    ax.scatter(x[:, 0], x[:, 1], c=t, cmap="coolwarm", s=12, edgecolors="k", linewidths=0.3)
    ax.set(xlabel="x1", ylabel="x2", title=title)
    return ax
