"""Self-checks for the exercises of lesson 10 (deep networks with Keras).

Each ``check_...`` prints ✅ with a word of praise or ❌ with a hint; none raises on a wrong
answer. Models, layers and optimizers are inspected by their Keras attributes (``units``,
``activation``, ``learning_rate``), so this module itself never imports TensorFlow.
"""

import numpy as np

from helpers.checks import EMPTY, check_equal, is_empty, verdict, whole_number_or_hint


def _dense_params(n_in, n_out):
    return n_in * n_out + n_out  # one weight per connection, one bias per unit


def check_param_count(answer):
    """Exercise 1: parameters of Flatten (28x28) -> Dense(64) -> Dropout(0.5) -> Dense(10)."""
    n = whole_number_or_hint(answer, "the number of parameters")
    if n is None:
        return None
    expected = _dense_params(28 * 28, 64) + _dense_params(64, 10)
    hints = {
        _dense_params(28 * 28, 64): "that is the first Dense layer alone; add the output layer.",
        28 * 28 * 64 + 64 * 10: "each Dense unit also has a bias (절편).",
        _dense_params(28 * 28, 64) + _dense_params(64, 10) + 64: "Dropout has no parameters: "
                                                                 "it only switches units off.",
    }
    verdict(n == expected, f"Correct: 784·64 + 64 = 50,240 and 64·10 + 10 = 650, so {expected:,} "
                           "(Flatten and Dropout add none).",
            hints.get(n, "count weights (inputs × units) plus biases (one per unit), layer by "
                         "layer; Flatten turns 28×28 into 784 inputs."))


def _layers(model):
    layers = getattr(model, "layers", None)
    if layers is None:
        return None
    return list(layers)


def _activation_name(layer):
    act = getattr(layer, "activation", None)
    return getattr(act, "__name__", str(act))


def _describe(layers):
    parts = []
    for layer in layers:
        kind = type(layer).__name__
        if kind == "Dense":
            parts.append(f"Dense({layer.units}, {_activation_name(layer)})")
        else:
            parts.append(kind)
    return " -> ".join(parts) or "no layers"


def _input_shape(model):
    try:
        return tuple(model.input_shape)
    except (AttributeError, ValueError):
        return None


def _check_stack(model, input_shape, expected, what):
    """expected: list of ("Flatten", None, None) or ("Dense", units, activation)."""
    if is_empty(model):
        return verdict(False, "", EMPTY)
    layers = _layers(model)
    if layers is None:
        return verdict(False, "", f"{what} should be a Keras model (keras.Sequential(...)), got "
                                  f"{type(model).__name__}.")
    shape = _input_shape(model)
    if shape != (None, *input_shape):
        return verdict(False, "", f"the model's input shape is {shape}; start it with "
                                  f"keras.Input(shape={input_shape}).")
    got = [(type(layer).__name__, getattr(layer, "units", None),
            _activation_name(layer) if type(layer).__name__ == "Dense" else None)
           for layer in layers]
    if got != expected:
        want = " -> ".join(kind if kind != "Dense" else f"Dense({units}, {act})"
                           for kind, units, act in expected)
        return verdict(False, "", f"your layers are {_describe(layers)}; expected {want}.")
    return True


def check_model(model):
    """Exercise 2: Input (28, 28) -> Flatten -> Dense(128, relu) -> Dense(64, relu) ->
    Dense(10, softmax), built with ``.add()``."""
    expected = [("Flatten", None, None), ("Dense", 128, "relu"), ("Dense", 64, "relu"),
                ("Dense", 10, "softmax")]
    if _check_stack(model, (28, 28), expected, "model") is True:
        verdict(True, f"Correct: {_describe(model.layers)}, {model.count_params():,} parameters.",
                "")


def check_optimizer(optimizer):
    """Exercise 3: an Adam optimizer object with learning rate 0.0005."""
    if is_empty(optimizer):
        return verdict(False, "", EMPTY)
    if isinstance(optimizer, str):
        return verdict(False, "", "a name like 'adam' always means the default learning rate "
                                  "0.001; create the object: keras.optimizers.Adam(...).")
    kind = type(optimizer).__name__
    if kind != "Adam":
        return verdict(False, "", f"that is a {kind} optimizer; the exercise asks for Adam.")
    try:
        lr = float(np.asarray(optimizer.learning_rate))
    except (AttributeError, TypeError, ValueError):
        return verdict(False, "", "give the learning rate as a number: learning_rate=0.0005.")
    verdict(np.isclose(lr, 5e-4, rtol=1e-6, atol=0),
            "Correct: Adam(learning_rate=0.0005). (Keras 2 called it lr=; Keras 3 refuses lr.)",
            f"its learning rate is {lr:g}; pass learning_rate=0.0005.")


def check_regression_model(model):
    """Exercise 4: 10 input features -> Dense(16, relu) -> one output number, no activation."""
    if is_empty(model):
        return verdict(False, "", EMPTY)
    layers = _layers(model)
    if layers and type(layers[-1]).__name__ == "Dense" and layers[-1].units == 1:
        act = _activation_name(layers[-1])
        if act != "linear":
            return verdict(False, "", f"the output layer uses {act}, which squeezes the output "
                                      "into a range; a regression head has no activation "
                                      "(leave activation= out).")
    expected = [("Dense", 16, "relu"), ("Dense", 1, "linear")]
    if _check_stack(model, (10,), expected, "model") is True:
        verdict(True, "Correct: a linear head can output any number, as a regression target "
                      "needs.", "")


def _confusion_reference(y_true, y_pred, n):
    matrix = np.zeros((n, n), dtype=int)
    for t, p in zip(y_true, y_pred):
        matrix[t, p] += 1
    return matrix


_CASES = [
    ([0, 1, 2, 2, 1, 0], [0, 2, 2, 2, 1, 1], 3),
    ([1, 1, 1, 0], [0, 0, 0, 0], 2),
    ([3, 0, 3, 2, 1, 3, 0], [3, 0, 1, 2, 1, 0, 0], 4),
    ([0, 0, 1], [0, 1, 1], 3),  # class 2 never occurs, yet it has a row and a column
]


def check_confusion_matrix(confusion):
    """Exercise 5: ``confusion(y_true, y_pred, n)`` -> n×n counts, rows = true class,
    columns = predicted class."""
    if is_empty(confusion):
        return verdict(False, "", EMPTY)
    if not callable(confusion):
        return verdict(False, "", "pass the function itself (confusion, without parentheses).")
    for y_true, y_pred, n in _CASES:
        y_true, y_pred = np.array(y_true), np.array(y_pred)
        try:
            result = confusion(y_true.copy(), y_pred.copy(), n)
        except Exception as e:  # a learner's function may fail in any way; report it kindly
            return verdict(False, "", f"confusion(y_true, y_pred, {n}) raised "
                                      f"{type(e).__name__}: {e}")
        if result is None or result is Ellipsis:
            return verdict(False, "", "your function returns nothing yet: build the matrix and "
                                      "end with `return matrix`.")
        got = np.asarray(result)
        expected = _confusion_reference(y_true, y_pred, n)
        if got.shape == expected.shape and np.array_equal(got, expected.T) and not np.array_equal(
                got, expected):
            return verdict(False, "", "rows and columns are swapped: row = true class, "
                                      "column = predicted class.")
        if got.shape != expected.shape or not np.array_equal(got, expected):
            print(f"For y_true={y_true.tolist()}, y_pred={y_pred.tolist()}, n={n}:")
            return check_equal(got, expected, name="your matrix")
    verdict(True, "Correct: counts per (true, predicted) pair; the diagonal holds the hits.", "")
