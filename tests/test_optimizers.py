"""Optimizers: each reaches the minimum of a convex quadratic; first steps match their
formulas; updates are in place, keep dtype, and refuse wrong-shaped gradients."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlbook.optimizers import (
    FLUSH_EVERY,
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    RMSprop,
    RMSProp,
    _flush_subnormals,
)

# f(x, y) = x**2 / 20 + y**2: a long, narrow valley with its minimum at (0, 0).
START = {"x": np.array(-7.0), "y": np.array(2.0)}


def grads_of(params):
    return {"x": params["x"] / 10.0, "y": 2.0 * params["y"]}


@pytest.mark.parametrize(
    ("optimizer", "steps", "tolerance"),
    [
        (SGD(lr=0.9), 300, 1e-6),
        (Momentum(lr=0.1), 300, 1e-3),
        (Nesterov(lr=0.1), 300, 1e-3),
        (AdaGrad(lr=1.5), 300, 1e-3),
        (RMSProp(lr=0.05, decay_rate=0.9), 1000, 5e-2),
        (Adam(lr=0.3), 1000, 1e-3),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, (int, float)) else str(v),
)
def test_optimizer_converges_on_a_convex_quadratic(optimizer, steps, tolerance):
    params = {k: v.copy() for k, v in START.items()}
    for _ in range(steps):
        optimizer.update(params, grads_of(params))
    distance = float(np.hypot(params["x"], params["y"]))
    assert distance < tolerance, f"{optimizer!r} ended {distance:.2e} from the minimum"


def test_adam_first_steps_match_the_bias_corrected_formula():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    params = {"w": np.array([1.0, -2.0])}
    g1, g2 = np.array([0.5, -1.0]), np.array([0.3, 0.2])
    adam = Adam(lr=lr, beta1=b1, beta2=b2, eps=eps)

    adam.update(params, {"w": g1})
    # Step 1: m_hat = g1 and v_hat = g1**2 exactly, so the step is lr * sign(g1) (almost).
    expected = np.array([1.0, -2.0]) - lr * g1 / (np.abs(g1) + eps)
    assert np.allclose(params["w"], expected, rtol=0, atol=1e-12)

    adam.update(params, {"w": g2})
    m = b1 * (1 - b1) * g1 + (1 - b1) * g2
    v = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
    m_hat, v_hat = m / (1 - b1**2), v / (1 - b2**2)
    expected = expected - lr * m_hat / (np.sqrt(v_hat) + eps)
    assert np.allclose(params["w"], expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("make", [SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam])
def test_update_changes_params_in_place_and_leaves_grads_alone(make):
    w = np.array([1.0, 2.0])
    params = {"w": w}
    grads = {"w": np.array([0.5, -0.5])}
    make().update(params, grads)
    assert params["w"] is w and not np.array_equal(w, [1.0, 2.0])
    assert np.array_equal(grads["w"], [0.5, -0.5])


@pytest.mark.parametrize("make", [SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam])
def test_update_keeps_float32(make):
    params = {"w": np.ones(3, dtype=np.float32)}
    optimizer = make()
    for _ in range(3):
        optimizer.update(params, {"w": np.full(3, 0.1, dtype=np.float32)})
    assert params["w"].dtype == np.float32


def test_reprs_show_the_hyperparameters():
    assert repr(SGD(lr=0.1)) == "SGD(lr=0.1)"
    assert repr(Adam()) == "Adam(lr=0.001, beta1=0.9, beta2=0.999)"


ALL = [SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam]


@pytest.mark.parametrize("make", ALL)
def test_wrong_gradient_shape_raises_before_anything_changes(make):
    params = {"b": np.zeros(3), "W": np.ones((2, 3))}
    grads = {"b": np.ones(3), "W": np.ones(3)}  # W's gradient would broadcast
    with pytest.raises(ValueError, match=r"grads\['W'\].*\(2, 3\).*\(3,\)"):
        make().update(params, grads)
    assert np.array_equal(params["b"], np.zeros(3))
    assert np.array_equal(params["W"], np.ones((2, 3)))


def test_momentum_first_two_steps_by_hand():
    params = {"w": np.array([1.0])}
    momentum = Momentum(lr=0.1, momentum=0.9)
    momentum.update(params, {"w": np.array([2.0])})  # v = -0.2
    momentum.update(params, {"w": np.array([2.0])})  # v = 0.9 * -0.2 - 0.2 = -0.38
    assert np.allclose(params["w"], [1.0 - 0.2 - 0.38])


def test_adagrad_steps_shrink_like_one_over_sqrt_t_for_a_constant_gradient():
    params = {"w": np.array([0.0])}
    adagrad = AdaGrad(lr=1.0, eps=0.0)
    before = []
    for _ in range(4):
        before.append(params["w"].copy())
        adagrad.update(params, {"w": np.array([3.0])})
    steps = -np.diff(np.concatenate([*before, params["w"]]))
    assert np.allclose(steps, 1 / np.sqrt([1, 2, 3, 4]))


def test_rmsprop_first_step_is_lr_over_sqrt_of_one_minus_decay():
    params = {"w": np.array([0.0, 0.0])}
    rmsprop = RMSProp(lr=0.1, decay_rate=0.99, eps=0.0)
    rmsprop.update(params, {"w": np.array([5.0, -0.01])})
    assert np.allclose(params["w"], [-1.0, 1.0])  # 0.1 / sqrt(0.01) = 1


@settings(max_examples=30)
@given(
    g=arrays(np.float64, st.integers(1, 6), elements=st.floats(1e-3, 1e3)),
    signs=st.lists(st.sampled_from([-1.0, 1.0]), min_size=6, max_size=6),
    lr=st.floats(1e-4, 1.0),
)
def test_first_adagrad_and_adam_step_is_lr_times_the_sign(g, signs, lr):
    """Whatever the gradient's scale: these optimizers normalise it per weight."""
    g = g * np.array(signs[: g.size])
    for optimizer in (AdaGrad(lr=lr, eps=0.0), Adam(lr=lr, eps=0.0)):
        params = {"w": np.zeros_like(g)}
        optimizer.update(params, {"w": g})
        assert np.allclose(params["w"], -lr * np.sign(g), rtol=1e-12, atol=0)


def test_state_is_kept_per_parameter_name():
    params = {"a": np.zeros(2), "b": np.zeros((2, 2))}
    adam = Adam()
    adam.update(params, {"a": np.ones(2), "b": np.ones((2, 2))})
    assert adam.m.keys() == adam.v.keys() == {"a", "b"}
    assert adam.m["b"].shape == (2, 2) and adam.t == 1


# The speed work (in-place state, Adam's scratch arrays, flushing subnormals) must leave
# the arithmetic exactly that of the formulas: compare, bit for bit, with the formulas
# written the plain way.
def formula_steps(name, params, grads_list, lr):
    """The optimizer's formulas, new arrays at every step, never flushed."""
    w = params.copy()
    m = v = np.zeros_like(w)
    for t, g in enumerate(grads_list, start=1):
        if name == "Momentum":
            v = 0.9 * v - lr * g
            w = w + v
        elif name == "Nesterov":  # the book's form
            w = w + 0.9 * 0.9 * v - (1 + 0.9) * lr * g
            v = 0.9 * v - lr * g
        elif name == "RMSProp":
            v = 0.99 * v + (1 - 0.99) * g * g
            w = w - lr * g / (np.sqrt(v) + 1e-7)
        else:  # Adam
            m = 0.9 * m + (1 - 0.9) * g
            v = 0.999 * v + (1 - 0.999) * g * g
            m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
            w = w - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
    return w


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("make", [Momentum, Nesterov, RMSProp, Adam])
def test_in_place_updates_are_exactly_the_formulas(make, dtype):
    rng = np.random.default_rng(0)
    start = rng.standard_normal((4, 3)).astype(dtype)
    grads_list = [rng.standard_normal((4, 3)).astype(dtype) for _ in range(250)]
    grads_list[100:] = [g * (g > 1.5) for g in grads_list[100:]]  # mostly zero: decay
    optimizer, params = make(lr=0.01), {"W": start.copy()}
    for g in grads_list:
        optimizer.update(params, {"W": g})
    expected = formula_steps(make.__name__, start, grads_list, 0.01)
    assert params["W"].dtype == dtype
    assert np.array_equal(params["W"], expected)


def test_state_arrays_are_reused_not_rebound():
    params = {"W": np.zeros((3, 2), dtype=np.float32)}
    grads = {"W": np.ones((3, 2), dtype=np.float32)}
    adam, momentum, rmsprop, nesterov = Adam(), Momentum(), RMSProp(), Nesterov()
    for optimizer in (adam, momentum, rmsprop, nesterov):
        optimizer.update(params, grads)
    state = [adam.m["W"], adam.v["W"], *adam.scratch["W"], momentum.v["W"], rmsprop.h["W"],
             nesterov.v["W"]]
    for optimizer in (adam, momentum, rmsprop, nesterov):
        optimizer.update(params, grads)
    after = [adam.m["W"], adam.v["W"], *adam.scratch["W"], momentum.v["W"], rmsprop.h["W"],
             nesterov.v["W"]]
    assert all(a is b for a, b in zip(state, after))
    assert all(a.dtype == np.float32 for a in after)


def test_flush_subnormals_zeroes_exactly_the_subnormal_numbers():
    tiny = np.finfo(np.float32).tiny
    average = np.array([tiny / 4, -tiny / 1000, tiny, -1.0, 0.0, 3e-38], dtype=np.float32)
    _flush_subnormals(average)
    assert average.tolist() == [0.0, 0.0, float(tiny), -1.0, 0.0, float(np.float32(3e-38))]


@pytest.mark.parametrize("make", [Momentum, Nesterov, Adam])
def test_decaying_averages_hold_no_subnormals_after_a_flush(make):
    """One push, then zero gradients: the average decays through the subnormal range."""
    optimizer, params = make(lr=0.1), {"w": np.zeros(3, dtype=np.float32)}
    optimizer.update(params, {"w": np.full(3, 1e-3, dtype=np.float32)})
    average = optimizer.m["w"] if make is Adam else optimizer.v["w"]
    tiny = np.finfo(np.float32).tiny
    seen_subnormal = False
    for step in range(2, 10 * FLUSH_EVERY + 1):
        optimizer.update(params, {"w": np.zeros(3, dtype=np.float32)})
        seen_subnormal |= bool(np.any((average != 0) & (np.abs(average) < tiny)))
        if step % FLUSH_EVERY == 0:
            assert not np.any((average != 0) & (np.abs(average) < tiny)), step
    assert seen_subnormal  # the test did reach the subnormal range between flushes


# ---------------------------------------------------------------- a learner's mistakes


def test_adam_keeps_float16_weights_finite_under_zero_gradients():
    # In float16, eps = 1e-8 rounds to 0, and a zero gradient made the step 0 / 0 = nan.
    params = {"w": np.ones(3, dtype=np.float16)}
    adam = Adam()
    for _ in range(3):
        adam.update(params, {"w": np.zeros(3, dtype=np.float16)})
    assert params["w"].dtype == np.float16
    assert np.array_equal(params["w"], np.ones(3))


@pytest.mark.parametrize("make", [Momentum, Nesterov, AdaGrad, RMSProp, Adam])
def test_float16_weights_take_the_steps_of_float32(make):
    # Squares of small float16 gradients round to 0 (below about 2e-4): AdaGrad, RMSProp
    # and Adam then divided by almost nothing and jumped by hundreds of times lr.
    rng = np.random.default_rng(0)
    start = (0.1 * rng.standard_normal(50)).astype(np.float16)
    grads = [(1e-3 * rng.standard_normal(50)).astype(np.float16) for _ in range(5)]
    half, single = {"w": start.copy()}, {"w": start.astype(np.float32)}
    by_half, by_single = make(lr=0.01), make(lr=0.01)
    for g in grads:
        by_half.update(half, {"w": g})
        by_single.update(single, {"w": g.astype(np.float32)})
    assert half["w"].dtype == np.float16
    # Only float16's rounding of the weights apart: |w| < 0.5, 5 steps of at most 2.5e-4.
    assert np.allclose(half["w"], single["w"], rtol=0, atol=1.3e-3)


# (what is wrong, params, grads, what the message must say)
MISTAKES = [
    ("a later gradient of the wrong shape",
     {"a": np.zeros(2), "W": np.ones((2, 3))}, {"a": np.ones(2), "W": np.ones(3)},
     r"grads\['W'\] must have the shape of params\['W'\], \(2, 3\), got \(3,\)"),
    ("a later gradient missing",
     {"a": np.zeros(2), "W": np.ones((2, 3))}, {"a": np.ones(2)},
     r"grads has no 'W'"),
    ("a misspelt gradient name",
     {"a": np.zeros(2), "W": np.ones((2, 3))}, {"a": np.ones(2), "w": np.ones((2, 3))},
     r"grads has no 'W'.*'w'"),
    ("an integer parameter",
     {"a": np.zeros(2), "n": np.array([1, 2])}, {"a": np.ones(2), "n": np.ones(2)},
     r"params\['n'\] must hold floats.*int64"),
    ("a read-only parameter",
     {"a": np.zeros(2), "r": np.zeros(2)}, {"a": np.ones(2), "r": np.ones(2)},
     r"params\['r'\] is read-only"),
    ("a gradient that is not numbers",
     {"a": np.zeros(2), "s": np.zeros(2)}, {"a": np.ones(2), "s": np.array(["x", "y"])},
     r"grads\['s'\] must hold numbers"),
    ("a parameter that is not numbers",
     {"a": np.zeros(2), "s": "0.5"}, {"a": np.ones(2), "s": 0.1},
     r"params\['s'\] must be a float array or a number, got str"),
]


@pytest.mark.parametrize("make", ALL)
@pytest.mark.parametrize("case", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_mistake_in_any_parameter_changes_no_parameter(make, case):
    _, params, grads, message = case
    params = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in params.items()}
    if "r" in params:
        params["r"].flags.writeable = False
    before = {k: np.copy(v) for k, v in params.items()}
    optimizer = make()
    with pytest.raises(ValueError, match=message):
        optimizer.update(params, grads)
    assert all(np.array_equal(before[k], params[k]) for k in before)


@pytest.mark.parametrize("make", [Momentum, Nesterov, AdaGrad, RMSProp, Adam])
def test_state_of_another_shape_under_the_same_name_is_refused(make):
    # One optimizer object per network: its state for "W" has the first network's shape.
    optimizer = make()
    optimizer.update({"W": np.zeros((2, 3))}, {"W": np.ones((2, 3))})
    params = {"W": np.zeros((3, 2))}
    with pytest.raises(ValueError, match=r"params\['W'\].*\(2, 3\).*\(3, 2\).*one optimizer"):
        optimizer.update(params, {"W": np.ones((3, 2))})
    assert np.array_equal(params["W"], np.zeros((3, 2)))


@pytest.mark.parametrize("make", ALL)
def test_python_float_parameters_are_updated_like_arrays(make):
    # The book's chapter-6 scripts keep x and y as Python floats: params["x"] = -7.0.
    numbers = {"x": -7.0, "y": 2}  # an int is a number too
    arrays = {"x": np.array(-7.0), "y": np.array(2.0)}
    by_numbers, by_arrays = make(lr=0.1), make(lr=0.1)
    for _ in range(5):
        by_numbers.update(numbers, {"x": numbers["x"] / 10.0, "y": 2.0 * numbers["y"]})
        by_arrays.update(arrays, grads_of(arrays))
    assert type(numbers["x"]) is float and type(numbers["y"]) is float
    assert numbers["x"] == float(arrays["x"]) and numbers["y"] == float(arrays["y"])


@pytest.mark.parametrize("make", ALL)
def test_zero_dimensional_arrays_are_updated_in_place(make):
    x = np.array(-7.0)
    params = {"x": x}
    make(lr=0.1).update(params, {"x": np.array(-0.7)})
    assert params["x"] is x and float(x) > -7.0


def test_numpy_scalars_come_back_as_python_floats():
    params = {"x": np.float32(-7.0)}
    SGD(lr=0.5).update(params, {"x": np.float32(2.0)})
    assert params["x"] == -8.0 and type(params["x"]) is float


# ------------------------------------------------ Nesterov and the book's spellings


def test_nesterov_first_two_steps_by_hand():
    params = {"w": np.array([1.0])}
    nesterov = Nesterov(lr=0.1, momentum=0.9)
    nesterov.update(params, {"w": np.array([2.0])})  # w = 1 - 1.9 * 0.2; v = -0.2
    assert np.allclose(params["w"], [1.0 - 0.38]) and np.allclose(nesterov.v["w"], [-0.2])
    nesterov.update(params, {"w": np.array([2.0])})  # w += 0.81 * -0.2 - 0.38
    assert np.allclose(params["w"], [1.0 - 0.38 - 0.162 - 0.38])
    assert np.allclose(nesterov.v["w"], [0.9 * -0.2 - 0.2])


def test_nesterov_is_a_momentum_step_plus_one_more_look_ahead():
    rng = np.random.default_rng(0)
    w = rng.standard_normal(5)
    params, v, expected = {"w": w.copy()}, np.zeros(5), w.copy()
    nesterov = Nesterov(lr=0.05, momentum=0.8)
    for _ in range(20):
        g = rng.standard_normal(5)
        nesterov.update(params, {"w": g})
        v = 0.8 * v - 0.05 * g  # momentum's velocity ...
        expected = expected + 0.8 * v - 0.05 * g  # ... and a step from the look-ahead
    assert np.allclose(params["w"], expected, rtol=1e-12, atol=1e-14)


def test_nesterov_overshoots_less_than_momentum_on_the_valley():
    # Same rate and momentum, same start: after 30 steps Nesterov is nearer the minimum.
    ends = {}
    for make in (Momentum, Nesterov):
        params = {k: v.copy() for k, v in START.items()}
        optimizer = make(lr=0.1, momentum=0.9)
        for _ in range(30):
            optimizer.update(params, grads_of(params))
        ends[make.__name__] = float(np.hypot(params["x"], params["y"]))
    assert ends["Nesterov"] < ends["Momentum"]


def test_rmsprop_is_the_books_spelling_of_rmsprop():
    assert RMSprop is RMSProp
    assert repr(Nesterov()) == "Nesterov(lr=0.01, momentum=0.9)"
