"""A tiny scalar automatic-differentiation engine and a picture of its graph (lesson 06).

Every arithmetic operation on a :class:`Value` creates a new node of a computational graph
(계산 그래프) that remembers its inputs and its *local* gradients, the derivative of the
node with respect to each input, computed right beside the forward value. ``backward()``
then walks the graph from the output back to the inputs and applies the chain rule
(연쇄법칙): gradient of an input += local gradient x gradient of the node that used it.

    >>> a, b = Value(2.0), Value(-3.0)
    >>> c = a * b + a          # dc/da = b + 1 = -2,  dc/db = a = 2
    >>> c.backward()
    >>> a.grad, b.grad
    (-2.0, 2.0)

Calling ``backward()`` twice: gradients ACCUMULATE, as in PyTorch. Each call adds
d(output)/d(node) to every node's ``.grad`` again, so after two calls every gradient is
doubled. Accumulating is what makes a node used in several places (or by several losses)
receive the sum of its gradients. To start afresh call ``output.zero_grad()``, which sets
``.grad = 0`` on every node of the graph.

The walk is an *iterative* topological sort, so graphs thousands of nodes deep (a long
chain) need no recursion and hit no recursion limit.
"""

import math
import numbers

import numpy as np


class Value:
    """A number that remembers how it was computed, so it can be differentiated.

    ``data`` is the number, ``grad`` the gradient d(output)/d(this node) after
    ``output.backward()``, ``label`` an optional name used in pictures.
    """

    def __init__(self, data, label="", _children=(), _local_grads=(), _op=""):
        if isinstance(data, Value):
            raise TypeError("Value(...) got a Value; use it directly, or Value(v.data) for a "
                            "new, unconnected copy.")
        if not isinstance(data, numbers.Real):
            raise TypeError(f"Value(...) needs a real number (int or float), got "
                            f"{type(data).__name__} {data!r}.")
        data = float(data)
        if not math.isfinite(data):
            raise ValueError(f"Value(...) needs a finite number, got {data}.")
        self.data = data
        self.grad = 0.0
        self.label = str(label)
        self._prev = tuple(_children)  # a tuple, not a set: a + a lists a twice
        self._local_grads = tuple(float(g) for g in _local_grads)
        self._op = _op

    def __repr__(self):
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{name})"

    # -- the primitive operations: forward value and local gradients side by side -------------

    def __add__(self, other):
        other = _as_value(other, "+")
        return Value(self.data + other.data, _children=(self, other),
                     _local_grads=(1.0, 1.0), _op="+")

    def __mul__(self, other):
        other = _as_value(other, "*")
        return Value(self.data * other.data, _children=(self, other),
                     _local_grads=(other.data, self.data), _op="*")  # swap the inputs

    def __pow__(self, exponent):
        if isinstance(exponent, Value) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"Value ** exponent: the exponent must be a plain number, got "
                            f"{type(exponent).__name__}.")
        n = float(exponent)
        if self.data < 0 and not n.is_integer():
            raise ValueError(f"Value ** {n:g}: a negative base ({self.data:g}) with a "
                             f"non-integer exponent has no real result.")
        if self.data == 0 and n < 0:
            raise ZeroDivisionError(f"Value ** {n:g}: the base is 0, so the result is infinite.")
        return Value(self.data ** n, _children=(self,),
                     _local_grads=(n * self.data ** (n - 1),), _op=f"**{n:g}")

    def relu(self):
        return Value(max(self.data, 0.0), _children=(self,),
                     _local_grads=(1.0 if self.data > 0 else 0.0,), _op="relu")

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, _children=(self,), _local_grads=(1.0 - t * t,), _op="tanh")

    def exp(self):
        e = math.exp(self.data)
        return Value(e, _children=(self,), _local_grads=(e,), _op="exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"Value.log(): needs a positive number, got {self.data:g}.")
        return Value(math.log(self.data), _children=(self,),
                     _local_grads=(1.0 / self.data,), _op="log")

    # -- derived operations: compositions of the primitives -------------------------------------

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-_as_value(other, "-"))

    def __truediv__(self, other):
        return self * _as_value(other, "/") ** -1

    def __radd__(self, other):  # 2 + a
        return _as_value(other, "+") + self

    def __rmul__(self, other):  # 2 * a
        return _as_value(other, "*") * self

    def __rsub__(self, other):  # 2 - a
        return _as_value(other, "-") + (-self)

    def __rtruediv__(self, other):  # 2 / a
        return _as_value(other, "/") * self ** -1

    # -- the backward pass ----------------------------------------------------------------------

    def backward(self):
        """Add d(self)/d(node) to ``node.grad`` for every node of the graph that made ``self``.

        Gradients accumulate: a second call adds them again (every ``.grad`` doubles).
        Call :meth:`zero_grad` first to start from zero.
        """
        order = topological_order(self)
        upstream = {self: 1.0}  # this pass's gradients, kept apart from what .grad already holds
        for node in reversed(order):  # the output first, the inputs last
            g = upstream.pop(node, 0.0)
            node.grad += g
            for child, local in zip(node._prev, node._local_grads):
                upstream[child] = upstream.get(child, 0.0) + local * g  # chain rule

    def zero_grad(self):
        """Set ``.grad = 0`` on every node of the graph that made ``self``."""
        for node in topological_order(self):
            node.grad = 0.0


def _as_value(x, op):
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real):
        return Value(x)
    raise TypeError(f"Value {op} ...: can combine a Value with a number or another Value, "
                    f"got {type(x).__name__} {x!r}.")


def topological_order(root):
    """Every node of the graph that made ``root``, each after all of its inputs.

    Iterative depth-first search (an explicit stack instead of recursion), so a chain of
    any length works. A node used twice appears once.
    """
    if not isinstance(root, Value):
        raise TypeError(f"topological_order: expected a Value, got {type(root).__name__}.")
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            continue
        if node in visited:
            continue
        visited.add(node)
        stack.append((node, True))  # comes back after all of its inputs
        stack.extend((child, False) for child in node._prev if child not in visited)
    return order


# ----------------------------------------------------------------------------------------------
# A picture of the graph (matplotlib only)
# ----------------------------------------------------------------------------------------------

_COLORS = {"input": "#dbeafe", "inner": "#fef9c3", "output": "#dcfce7", "op": "#f3f4f6"}


def _layout(order):
    """Columns by depth (inputs just left of their first use), rows ordered for short edges."""
    parents = {node: [] for node in order}
    for node in order:
        for child in node._prev:
            parents[child].append(node)
    depth = {}
    for node in order:  # inputs come first in a topological order
        depth[node] = 1 + max((depth[c] for c in node._prev), default=-1)
    for node in order:  # an input sits just left of the first node that uses it
        if not node._prev and parents[node]:
            depth[node] = min(depth[p] for p in parents[node]) - 1
    columns = {}
    for node in order:
        columns.setdefault(depth[node], []).append(node)
    y = {}

    def place(nodes):
        for i, node in enumerate(nodes):
            y[node] = (len(nodes) - 1) / 2 - i

    for nodes in columns.values():
        place(nodes)
    for sweep in range(6):  # barycentre heuristic: each node moves towards its neighbours
        for d in sorted(columns, reverse=bool(sweep % 2)):
            nodes = columns[d]
            nodes.sort(key=lambda n: -np.mean([y[m] for m in (*n._prev, *parents[n])] or [y[n]]))
            place(nodes)
    return depth, y


def draw_graph(root, ax=None, title="Computational graph: value and gradient of every node",
               max_nodes=60):
    """Draw the graph that made ``root``: a box per value (label, data, grad), a circle per op.

    Inputs are on the left, ``root`` on the right; read the gradients right to left. Returns the
    matplotlib figure. Only matplotlib is needed (no Graphviz).
    """
    import matplotlib.pyplot as plt

    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(f"draw_graph: the graph has {len(order)} nodes, more than max_nodes="
                         f"{max_nodes} can be drawn legibly; draw a smaller graph or raise "
                         f"max_nodes.")
    depth, y = _layout(order)
    n_cols = max(depth.values()) + 1
    n_rows = max(sum(1 for d in depth.values() if d == k) for k in range(n_cols))
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 + 2.6 * n_cols, 0.6 + 1.15 * n_rows))
    ax.set_xlim(-0.7, 2 * (n_cols - 1) + 0.7)
    ax.set_ylim(-n_rows / 2 - 0.1, n_rows / 2 + 0.1)
    ax.axis("off")

    box = {}
    for node in order:
        x = 2 * depth[node]
        kind = "output" if node is root else ("inner" if node._prev else "input")
        text = (f"{node.label}\n" if node.label else "") + \
            f"data {node.data:.4g}\ngrad {node.grad:.4g}"
        box[node] = ax.text(x, y[node], text, ha="center", va="center", fontsize=9,
                            bbox={"boxstyle": "round,pad=0.35", "fc": _COLORS[kind], "ec": "0.4"})
    arrow = {"arrowstyle": "-|>", "color": "0.35", "lw": 1, "shrinkA": 2, "shrinkB": 2}
    for node in order:
        if not node._prev:
            continue
        op_x = 2 * depth[node] - 1
        op = ax.text(op_x, y[node], node._op, ha="center", va="center", fontsize=9,
                     bbox={"boxstyle": "circle,pad=0.3", "fc": _COLORS["op"], "ec": "0.4"})
        ax.annotate("", xy=(0, 0.5), xycoords=box[node], xytext=(1, 0.5), textcoords=op,
                    arrowprops=arrow)
        seen = {}
        for child in node._prev:  # a + a: two arrows from a, the second one curved
            k = seen[child] = seen.get(child, -1) + 1
            ax.annotate("", xy=(0, 0.5), xycoords=op, xytext=(1, 0.5), textcoords=box[child],
                        arrowprops=dict(arrow, connectionstyle=f"arc3,rad={0.35 * k}"))
    if title:
        ax.set_title(title)
    return ax.figure
