"""helpers.optimizers against keras.optimizers, step for step, and against closed forms."""


import math

import keras
import numpy as np
import pytest

from helpers import optimizers as opt

SHAPES = {"W1": (5, 4), "b1": (4,), "W2": (4, 3), "b2": (3,)}
STEPS = 12

# Ours and Keras's, configured alike. Keras has no separate Momentum/Nesterov classes: they are SGD.
PAIRS = {
    "SGD": (lambda: opt.SGD(), lambda: keras.optimizers.SGD()),
    "SGD lr=0.1": (lambda: opt.SGD(learning_rate=0.1), lambda: keras.optimizers.SGD(0.1)),
    "SGD momentum": (lambda: opt.SGD(momentum=0.5),
                     lambda: keras.optimizers.SGD(momentum=0.5)),
    "SGD nesterov": (lambda: opt.SGD(momentum=0.5, nesterov=True),
                     lambda: keras.optimizers.SGD(momentum=0.5, nesterov=True)),
    "Momentum": (lambda: opt.Momentum(), lambda: keras.optimizers.SGD(momentum=0.9)),
    "Nesterov": (lambda: opt.Nesterov(),
                 lambda: keras.optimizers.SGD(momentum=0.9, nesterov=True)),
    "AdaGrad": (lambda: opt.AdaGrad(), lambda: keras.optimizers.Adagrad()),
    "AdaGrad custom": (lambda: opt.AdaGrad(0.05, initial_accumulator_value=0.01, epsilon=1e-4),
                       lambda: keras.optimizers.Adagrad(0.05, initial_accumulator_value=0.01,
                                                        epsilon=1e-4)),
    "RMSprop": (lambda: opt.RMSprop(), lambda: keras.optimizers.RMSprop()),
    "RMSprop momentum centered": (
        lambda: opt.RMSprop(0.01, rho=0.8, momentum=0.5, centered=True),
        lambda: keras.optimizers.RMSprop(0.01, rho=0.8, momentum=0.5, centered=True)),
    "Adam": (lambda: opt.Adam(), lambda: keras.optimizers.Adam()),
    "Adam custom": (lambda: opt.Adam(0.02, beta_1=0.8, beta_2=0.99, epsilon=1e-5),
                    lambda: keras.optimizers.Adam(0.02, beta_1=0.8, beta_2=0.99, epsilon=1e-5)),
    "Adam amsgrad": (lambda: opt.Adam(amsgrad=True), lambda: keras.optimizers.Adam(amsgrad=True)),
}

# Keras computes in float32, on its variables and on its hyperparameters (even 0.999 is stored as
# 0.99900001), so its steps can differ from exact arithmetic by ~1e-5 of their size (Adam's bias
# correction 1 - beta_2**t suffers most). We therefore compare how far each parameter has moved
# from its start: equal within RTOL of that distance, plus ATOL for float32 rounding of values
# of order 1-10. Real mistakes cost far more (see test_the_tolerance_catches_wrong_update_rules).
RTOL, ATOL = 1e-4, 2e-6


def initial_params(seed=0):
    rng = np.random.default_rng(seed)
    return {k: rng.normal(size=s).astype(np.float32) for k, s in SHAPES.items()}


def random_grads(seed=1, steps=STEPS):
    """Gradients whose entries span 1e-4 .. 10: small entries are where epsilon matters."""
    rng = np.random.default_rng(seed)
    return [{k: (rng.normal(size=s) * 10 ** rng.uniform(-4, 1, size=s)).astype(np.float32)
             for k, s in SHAPES.items()} for _ in range(steps)]


# A quadratic bowl 0.5 * sum(a * W**2) with curvatures spanning 1e-3 .. 10: the gradient a * W
# depends on where each optimizer has got to, so the two trajectories must stay together.
CURVATURE = {k: (10 ** np.random.default_rng(2).uniform(-3, 1, size=s)).astype(np.float32)
             for k, s in SHAPES.items()}


def quadratic_grad(params):
    return {k: CURVATURE[k] * params[k] for k in params}


def our_trajectory(optimizer, params0, grads=None, steps=STEPS):
    params = {k: v.copy() for k, v in params0.items()}
    path = []
    for i in range(steps):
        g = grads[i] if grads is not None else quadratic_grad(params)
        optimizer.update(params, g)
        path.append({k: v.copy() for k, v in params.items()})
    return path


def keras_trajectory(optimizer, params0, grads=None, steps=STEPS):
    variables = {k: keras.Variable(v) for k, v in params0.items()}
    path = []
    for i in range(steps):
        current = {k: v.numpy() for k, v in variables.items()}
        g = grads[i] if grads is not None else quadratic_grad(current)
        optimizer.apply([g[k] for k in variables], list(variables.values()))
        path.append({k: v.numpy() for k, v in variables.items()})
    return path


def same_trajectory(ours, theirs, start):
    return all(np.allclose(a[k] - start[k], b[k] - start[k], rtol=RTOL, atol=ATOL)
               for a, b in zip(ours, theirs) for k in a)


def max_difference(ours, theirs):
    return max(float(np.max(np.abs(a[k] - b[k]))) for a, b in zip(ours, theirs) for k in a)


@pytest.mark.parametrize("name", list(PAIRS))
def test_matches_keras_step_for_step_on_random_gradients(name):
    ours, theirs = PAIRS[name]
    p0, grads = initial_params(), random_grads()
    a = our_trajectory(ours(), p0, grads)
    b = keras_trajectory(theirs(), p0, grads)
    assert a[0]["W1"].dtype == np.float32
    assert not np.allclose(a[-1]["W1"], p0["W1"], atol=1e-5), "the parameters did not move"
    assert same_trajectory(a, b, p0), f"max difference {max_difference(a, b):.3g}"


@pytest.mark.parametrize("name", list(PAIRS))
def test_matches_keras_step_for_step_on_a_quadratic(name):
    ours, theirs = PAIRS[name]
    p0 = initial_params(3)
    a = our_trajectory(ours(), p0, steps=30)
    b = keras_trajectory(theirs(), p0, steps=30)
    assert same_trajectory(a, b, p0), f"max difference {max_difference(a, b):.3g}"


# Deliberately wrong update rules: each must FAIL the comparison above, which proves the
# tolerance is tight enough to catch the mistakes people actually make.
class AdamWithoutBiasCorrection(opt.Adam):
    def _update_one(self, key, param, grad):
        m, v = self._state("m", key, param), self._state("v", key, param)
        m += (1 - self.beta_1) * (grad - m)
        v += (1 - self.beta_2) * (grad * grad - v)
        param -= self.learning_rate * m / (np.sqrt(v) + self.epsilon)


class AdamEpsilonInsideSqrt(opt.Adam):
    def _update_one(self, key, param, grad):
        t = self.iterations
        alpha = self.learning_rate * math.sqrt(1 - self.beta_2 ** t) / (1 - self.beta_1 ** t)
        m, v = self._state("m", key, param), self._state("v", key, param)
        m += (1 - self.beta_1) * (grad - m)
        v += (1 - self.beta_2) * (grad * grad - v)
        param -= alpha * m / np.sqrt(v + self.epsilon)


class RMSpropEpsilonOutsideSqrt(opt.RMSprop):  # the reference book's placement
    def _update_one(self, key, param, grad):
        v = self._state("velocity", key, param)
        v *= self.rho
        v += (1 - self.rho) * grad * grad
        param -= self.learning_rate * grad / (np.sqrt(v) + self.epsilon)


class AdaGradFromZero(opt.AdaGrad):  # the reference book's accumulator start
    def _update_one(self, key, param, grad):
        h = self._state("accumulator", key, param, 0.0)
        h += grad * grad
        param -= self.learning_rate * grad / np.sqrt(h + self.epsilon)


class NesterovWithOldVelocity(opt.SGD):  # look-ahead taken with the velocity before this step
    def _update_one(self, key, param, grad):
        v = self._state("velocity", key, param)
        param += self.momentum * v - self.learning_rate * grad
        v *= self.momentum
        v -= self.learning_rate * grad


@pytest.mark.parametrize("wrong, keras_twin", [
    (lambda: AdamWithoutBiasCorrection(), lambda: keras.optimizers.Adam()),
    (lambda: AdamEpsilonInsideSqrt(), lambda: keras.optimizers.Adam()),
    (lambda: RMSpropEpsilonOutsideSqrt(), lambda: keras.optimizers.RMSprop()),
    (lambda: AdaGradFromZero(), lambda: keras.optimizers.Adagrad()),
    (lambda: NesterovWithOldVelocity(momentum=0.9, nesterov=True),
     lambda: keras.optimizers.SGD(momentum=0.9, nesterov=True)),
    (lambda: opt.Momentum(), lambda: keras.optimizers.SGD(momentum=0.9, nesterov=True)),
], ids=["Adam no bias correction", "Adam eps inside sqrt", "RMSprop eps outside sqrt",
        "AdaGrad from zero", "Nesterov old velocity", "Momentum for Nesterov"])
def test_the_tolerance_catches_wrong_update_rules(wrong, keras_twin):
    p0, grads = initial_params(), random_grads()
    assert not same_trajectory(our_trajectory(wrong(), p0, grads),
                               keras_trajectory(keras_twin(), p0, grads), p0)


# ---- the race of lesson 07: f(x, y) = x**2 / 20 + y**2 from (-7, 2), 30 updates -------------

def race_grad(p):
    return np.array([p[0] / 10.0, 2.0 * p[1]])


def test_race_sgd_end_point_matches_the_closed_form():
    # Each coordinate of plain gradient descent on a quadratic is multiplied by (1 - lr * f'')
    # at every step: x_30 = -7 (1 - 0.95/10)^30, y_30 = 2 (1 - 0.95 * 2)^30.
    path = opt.descent_path(opt.SGD(learning_rate=0.95), race_grad, (-7.0, 2.0), 30)
    assert path.shape == (31, 2)
    np.testing.assert_allclose(path[0], [-7.0, 2.0])
    expected = [-7.0 * (1 - 0.095) ** 30, 2.0 * (1 - 1.9) ** 30]
    np.testing.assert_allclose(path[-1], expected, rtol=1e-12)


def test_race_momentum_end_point_matches_the_linear_recurrence():
    # Per coordinate with curvature c: (w, v) -> (w + v', v') with v' = m v - lr c w,
    # a linear map; 30 steps are its 30th matrix power applied to (w0, 0).
    lr, m = 0.1, 0.9
    end = []
    for w0, c in [(-7.0, 0.1), (2.0, 2.0)]:
        step = np.array([[1 - lr * c, m], [-lr * c, m]])
        end.append((np.linalg.matrix_power(step, 30) @ [w0, 0.0])[0])
    path = opt.descent_path(opt.Momentum(learning_rate=0.1), race_grad, (-7.0, 2.0), 30)
    np.testing.assert_allclose(path[-1], end, rtol=1e-10)


def test_race_paths_match_keras():
    """The book's four racers, all 30 points, in float32 (Keras's working precision)."""
    for ours, theirs in [(opt.SGD(0.95), keras.optimizers.SGD(0.95)),
                         (opt.Momentum(0.1), keras.optimizers.SGD(0.1, momentum=0.9)),
                         (opt.AdaGrad(1.5), keras.optimizers.Adagrad(1.5)),
                         (opt.Adam(0.3), keras.optimizers.Adam(0.3))]:
        start = np.array([-7.0, 2.0], dtype=np.float32)
        point, var = start.copy(), keras.Variable(start)
        for _ in range(30):
            ours.update({"p": point}, {"p": race_grad(point).astype(np.float32)})
            theirs.apply([race_grad(var.numpy()).astype(np.float32)], [var])
            np.testing.assert_allclose(point - start, var.numpy() - start, rtol=RTOL, atol=ATOL)
        assert np.linalg.norm(point) < 1.5, type(ours).__name__  # every racer got near (0, 0)


def test_descent_path_stops_when_the_point_runs_away():
    path = opt.descent_path(opt.SGD(learning_rate=1e3), race_grad, (-7.0, 2.0), 500)
    assert len(path) < 501 and np.all(np.isfinite(path))


def test_descent_path_leaves_start_alone_and_checks_its_input():
    start = np.array([-7.0, 2.0])
    opt.descent_path(opt.SGD(0.1), race_grad, start, 5)
    np.testing.assert_array_equal(start, [-7.0, 2.0])
    with pytest.raises(ValueError, match="steps must be a whole number"):
        opt.descent_path(opt.SGD(0.1), race_grad, start, 2.5)
    with pytest.raises(ValueError, match="start must be a finite point"):
        opt.descent_path(opt.SGD(0.1), race_grad, (np.nan, 1.0), 5)


# ---- behaviour and errors -----------------------------------------------------------------

@pytest.mark.parametrize("cls", [opt.SGD, opt.Momentum, opt.Nesterov, opt.AdaGrad, opt.RMSprop,
                                 opt.Adam])
def test_updates_params_in_place_and_leaves_grads_alone(cls):
    params = initial_params()
    arrays = {k: v for k, v in params.items()}  # the very same array objects
    before = {k: v.copy() for k, v in params.items()}
    grads = random_grads(steps=1)[0]
    grads_before = {k: g.copy() for k, g in grads.items()}
    cls(learning_rate=0.1).update(params, grads)
    for k in params:
        assert params[k] is arrays[k], "update must change the arrays, not replace them"
        assert not np.array_equal(params[k], before[k])
        np.testing.assert_array_equal(grads[k], grads_before[k])


def test_defaults_are_keras_defaults():
    pairs = [(opt.SGD(), keras.optimizers.SGD()), (opt.AdaGrad(), keras.optimizers.Adagrad()),
             (opt.RMSprop(), keras.optimizers.RMSprop()), (opt.Adam(), keras.optimizers.Adam())]
    for ours, theirs in pairs:
        keras_config = theirs.get_config()
        for name, value in ours.get_config().items():
            assert keras_config[name] == pytest.approx(value), (type(ours).__name__, name)
    assert opt.Momentum().get_config() == {"learning_rate": 0.01, "momentum": 0.9}
    assert opt.Nesterov().nesterov and not opt.Momentum().nesterov


def test_repr_shows_the_hyperparameters():
    assert repr(opt.Adam(learning_rate=0.3)) == (
        "Adam(learning_rate=0.3, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False)")


@pytest.mark.parametrize("old, new", [("lr", "learning_rate"), ("beta1", "beta_1"),
                                      ("eps", "epsilon"), ("decay_rate", "rho")])
def test_old_hyperparameter_names_say_which_name_to_use(old, new):
    with pytest.raises(TypeError, match=f"'{old}': use {new}="):
        opt.Adam(**{old: 0.1}) if old != "decay_rate" else opt.RMSprop(decay_rate=0.99)


def test_unknown_hyperparameter_lists_the_known_ones():
    with pytest.raises(TypeError, match="unknown hyperparameter 'beta_3'.*learning_rate, beta_1"):
        opt.Adam(beta_3=0.5)
    with pytest.raises(TypeError, match="unknown hyperparameter 'rho'.*learning_rate, momentum"):
        opt.Momentum(rho=0.9)


@pytest.mark.parametrize("lr", [0, -0.1])
@pytest.mark.parametrize("cls", [opt.SGD, opt.Momentum, opt.Nesterov, opt.AdaGrad, opt.RMSprop,
                                 opt.Adam])
def test_non_positive_learning_rate_is_refused(cls, lr):
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        cls(learning_rate=lr)


@pytest.mark.parametrize("make, match", [
    (lambda: opt.SGD(learning_rate="0.1"), "learning_rate must be a finite number"),
    (lambda: opt.SGD(learning_rate=float("nan")), "learning_rate must be a finite number"),
    (lambda: opt.SGD(momentum=1.5), r"momentum must be in \[0, 1\]"),
    (lambda: opt.SGD(nesterov="yes"), "nesterov must be True or False"),
    (lambda: opt.RMSprop(rho=1.0), r"rho must be in \[0, 1\)"),
    (lambda: opt.Adam(beta_2=1.0), r"beta_2 must be in \[0, 1\)"),
    (lambda: opt.Adam(epsilon=-1e-7), "epsilon must be >= 0"),
    (lambda: opt.AdaGrad(initial_accumulator_value=-1), "initial_accumulator_value must be >= 0"),
])
def test_bad_hyperparameter_values(make, match):
    with pytest.raises((TypeError, ValueError), match=match):
        make()


def test_mismatched_keys_are_named():
    params = initial_params()
    grads = random_grads(steps=1)[0]
    del grads["b2"]
    grads["W3"] = np.zeros(3)
    with pytest.raises(KeyError, match=r"missing \['b2'\] and has extra \['W3'\]"):
        opt.SGD().update(params, grads)


def test_mismatched_shapes_are_named():
    params = initial_params()
    grads = random_grads(steps=1)[0]
    grads["W2"] = grads["W2"].T
    with pytest.raises(ValueError, match=r"grads\['W2'\] has shape \(3, 4\) but params\['W2'\]"):
        opt.Adam().update(params, grads)


def test_params_must_be_float_arrays_and_dicts():
    with pytest.raises(TypeError, match=r"params\['x'\] is a float.*np.array"):
        opt.SGD().update({"x": -7.0}, {"x": 1.0})
    with pytest.raises(TypeError, match="array of int64"):
        opt.SGD().update({"x": np.array([1, 2])}, {"x": np.array([1, 2])})
    with pytest.raises(TypeError, match="two dicts of arrays"):
        opt.SGD().update([np.zeros(2)], [np.zeros(2)])


def test_an_optimizer_refuses_a_second_network():
    adam = opt.Adam()
    adam.update({"W": np.zeros((2, 2))}, {"W": np.ones((2, 2))})
    with pytest.raises(ValueError, match="create a new Adam for a new network"):
        adam.update({"W": np.zeros((3, 2))}, {"W": np.ones((3, 2))})
