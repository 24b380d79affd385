"""Tests of dlbook.activations (chapter 2): values, properties, dtypes, and honesty."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import dlbook
from dlbook.activations import (
    identity_function,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    step_function,
    tanh,
    tanh_grad,
)

ELEMENTWISE = [
    step_function,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
    relu,
    relu_grad,
    identity_function,
]
FLOAT_OUT = [f for f in ELEMENTWISE if f is not step_function] + [softmax]
FUNCTION_AND_GRAD = [(sigmoid, sigmoid_grad), (tanh, tanh_grad), (relu, relu_grad)]

# What NumPy warns about by default; underflow to 0 is silent (and harmless here).
RAISE_ON_WARNINGS = dict(over="raise", divide="raise", invalid="raise")


def floats(bound):
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False)


def batches(bound, min_side=1):
    """Arrays of shape (N, C), 1 <= N, C <= 6, finite entries in [-bound, bound]."""
    shapes = array_shapes(min_dims=2, max_dims=2, min_side=min_side, max_side=6)
    return arrays(np.float64, shapes, elements=floats(bound))


def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


# --- the numbers of the notes -------------------------------------------------------


def test_sigmoid_reproduces_the_notes():
    np.testing.assert_allclose(
        sigmoid([-1.0, 1.0, 2.0]), [0.26894142, 0.73105858, 0.88079708], atol=1e-8
    )
    np.testing.assert_allclose(
        sigmoid([-2.0, 1.0, 3.0]), [0.11920292, 0.73105858, 0.95257413], atol=1e-8
    )


def test_softmax_reproduces_the_notes():
    y = softmax([0.3, 2.9, 4.0])
    np.testing.assert_allclose(y, [0.01821127, 0.24519181, 0.73659691], atol=1e-8)
    assert np.isclose(y.sum(), 1.0)


def test_dlbook_softmax_of_large_scores_is_finite_and_matches_the_max_trick():
    y = dlbook.softmax([1010, 1000, 990])
    assert np.all(np.isfinite(y))
    assert np.isclose(y.sum(), 1.0)
    expected = [9.99954600e-01, 4.53978686e-05, 2.06106005e-09]
    np.testing.assert_allclose(y, expected, rtol=1e-7)


# --- step function --------------------------------------------------------------------


def test_step_function_is_one_only_above_zero():
    out = step_function([-2.0, -0.0, 0.0, 1e-300, 3.0])
    np.testing.assert_array_equal(out, [0, 0, 0, 1, 1])
    assert out.dtype == np.int64


def test_step_function_accepts_integer_lists():
    np.testing.assert_array_equal(step_function([-2, 0, 3]), [0, 0, 1])


# --- sigmoid --------------------------------------------------------------------------


def test_sigmoid_of_zero_is_one_half():
    assert float(sigmoid(0.0)) == 0.5


def test_sigmoid_of_huge_inputs_gives_zero_and_one_without_warning():
    with np.errstate(**RAISE_ON_WARNINGS):
        out = sigmoid([-1e4, -1000.0, 1000.0, 1e4])
    np.testing.assert_array_equal(out, [0.0, 0.0, 1.0, 1.0])


def test_sigmoid_rounds_to_exactly_one_above_about_37_in_float64():
    assert float(sigmoid(36.0)) < 1.0
    assert float(sigmoid(37.0)) == 1.0
    assert float(sigmoid(40.0)) == 1.0
    assert 0.0 < float(sigmoid(-40.0)) < 1e-17  # small values survive near 0


@given(floats(1e4))
def test_sigmoid_stays_in_closed_unit_interval_and_finite(x):
    with np.errstate(**RAISE_ON_WARNINGS):
        y = float(sigmoid(x))
    assert np.isfinite(y)
    assert 0.0 <= y <= 1.0


@given(floats(30.0))
def test_sigmoid_is_strictly_inside_unit_interval_for_moderate_inputs(x):
    assert 0.0 < float(sigmoid(x)) < 1.0


@given(floats(1e4))
def test_sigmoid_of_minus_x_is_one_minus_sigmoid_of_x(x):
    assert np.isclose(sigmoid(-x), 1 - sigmoid(x), rtol=0, atol=1e-15)


@given(floats(1e4), floats(1e4))
def test_sigmoid_is_monotonic(x1, x2):
    lo, hi = sorted([x1, x2])
    assert sigmoid(lo) <= sigmoid(hi)


# --- tanh and relu ------------------------------------------------------------------


@given(floats(1e3))
def test_tanh_is_two_sigmoid_of_two_x_minus_one(x):
    with np.errstate(**RAISE_ON_WARNINGS):
        assert np.isclose(tanh(x), 2 * sigmoid(2 * x) - 1, rtol=0, atol=1e-12)


def test_tanh_is_odd_and_bounded():
    x = np.linspace(-50, 50, 1001)
    np.testing.assert_array_equal(tanh(-x), -tanh(x))
    assert np.all(np.abs(tanh(x)) <= 1)


def test_relu_keeps_positives_and_zeroes_the_rest():
    np.testing.assert_array_equal(relu([-2.0, -0.5, 0.0, 0.5, 3.0]), [0, 0, 0, 0.5, 3])


def test_identity_function_returns_an_equal_copy():
    x = np.array([-1.5, 0.0, 2.5])
    y = identity_function(x)
    np.testing.assert_array_equal(y, x)
    assert not np.shares_memory(x, y)


# --- derivatives ----------------------------------------------------------------------


@pytest.mark.parametrize("f, f_grad", FUNCTION_AND_GRAD, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 3, 5)])
def test_grad_matches_central_difference_on_random_arrays(f, f_grad, shape):
    rng = np.random.default_rng(0)
    x = rng.uniform(-6, 6, size=shape)
    x = np.where(np.abs(x) < 1e-3, 0.5, x)  # keep away from ReLU's corner at 0
    numeric = central_difference(f, x)
    analytic = f_grad(x)
    relative_error = np.abs(analytic - numeric) / np.maximum(1e-8, np.abs(numeric))
    assert relative_error.max() < 1e-6


@pytest.mark.parametrize("f, f_grad", FUNCTION_AND_GRAD, ids=lambda f: f.__name__)
@given(x=floats(20.0).filter(lambda x: abs(x) > 1e-3))
def test_grad_matches_central_difference(f, f_grad, x):
    assert np.isclose(f_grad(x), central_difference(f, x), rtol=1e-6, atol=1e-9)


@given(floats(1e4))
def test_sigmoid_grad_is_at_most_one_quarter(x):
    assert 0.0 <= float(sigmoid_grad(x)) <= 0.25


def test_sigmoid_grad_is_largest_at_zero():
    assert float(sigmoid_grad(0.0)) == 0.25
    x = np.linspace(-10, 10, 2001)
    assert x[np.argmax(sigmoid_grad(x))] == pytest.approx(0.0, abs=1e-12)


def test_ten_stacked_sigmoids_shrink_the_slope_below_a_quarter_to_the_tenth():
    z, slope = 0.5, 1.0
    for _ in range(10):
        slope *= float(sigmoid_grad(z))
        z = float(sigmoid(z))
    assert 0.0 < slope <= 0.25**10


@given(floats(1e4))
def test_tanh_grad_is_at_most_one(x):
    assert 0.0 <= float(tanh_grad(x)) <= 1.0


def test_relu_grad_is_one_for_positive_inputs_and_zero_otherwise():
    out = relu_grad([-3.0, -1e-9, 0.0, 1e-9, 3.0])
    np.testing.assert_array_equal(out, [0, 0, 0, 1, 1])


# --- softmax --------------------------------------------------------------------------


@given(batches(1e4))
def test_softmax_rows_are_probability_vectors(x):
    with np.errstate(**RAISE_ON_WARNINGS):
        y = softmax(x)
    assert y.shape == x.shape
    assert np.all(np.isfinite(y))
    assert np.all((y >= 0) & (y <= 1))
    np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=1e-12)


@given(batches(1e3), floats(1e3))
def test_softmax_is_unchanged_by_adding_a_constant_to_every_score(x, c):
    np.testing.assert_allclose(softmax(x + c), softmax(x), rtol=1e-9, atol=1e-12)


@given(batches(1e3), arrays(np.float64, 6, elements=floats(1e3)))
def test_softmax_is_unchanged_by_adding_a_different_constant_to_each_row(x, c):
    shift = c[: x.shape[0], None]  # one constant per row, shape (N, 1)
    np.testing.assert_allclose(softmax(x + shift), softmax(x), rtol=1e-9, atol=1e-12)


@given(batches(1e4))
def test_softmax_of_a_batch_is_the_softmax_of_each_row(x):
    expected = np.stack([softmax(row) for row in x])
    np.testing.assert_array_equal(softmax(x), expected)


@given(batches(100.0))
def test_softmax_keeps_the_order_of_the_scores(x):
    y = softmax(x)
    # for every pair of classes i, j of a row: x_i < x_j implies y_i <= y_j
    smaller_score = x[:, :, None] < x[:, None, :]
    not_larger_prob = y[:, :, None] <= y[:, None, :]
    assert np.all(not_larger_prob[smaller_score])
    # so the top-scoring class has the top probability (ties in y are possible)
    top = np.argmax(x, axis=-1)[:, None]
    np.testing.assert_array_equal(np.take_along_axis(y, top, -1)[:, 0], y.max(axis=-1))


def test_softmax_of_rows_with_very_different_scales_has_no_nan():
    y = softmax([[1010.0, 1000.0, 990.0], [0.0, 0.0, 0.0]])
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y[1], [1 / 3, 1 / 3, 1 / 3])


def test_softmax_of_two_scores_is_the_sigmoid_of_their_difference():
    z = np.linspace(-8, 8, 17)
    two_scores = np.stack([z, np.zeros_like(z)], axis=-1)
    np.testing.assert_allclose(softmax(two_scores)[:, 0], sigmoid(z))


def test_softmax_of_a_scalar_raises_value_error_naming_the_shape():
    with pytest.raises(ValueError, match=r"\(C,\) or \(N, C\).*got \(\)"):
        softmax(3.0)


def test_softmax_of_an_empty_last_axis_raises_value_error_naming_the_shape():
    with pytest.raises(ValueError, match=r"got \(2, 0\)"):
        softmax(np.zeros((2, 0)))


# --- dtypes, shapes, inputs -----------------------------------------------------------


@pytest.mark.parametrize("f", FLOAT_OUT, ids=lambda f: f.__name__)
def test_float32_in_gives_float32_out(f):
    x = np.array([[-2.0, 0.5, 3.0]], dtype=np.float32)
    assert f(x).dtype == np.float32


@pytest.mark.parametrize("f", FLOAT_OUT, ids=lambda f: f.__name__)
def test_integer_lists_work_and_give_float64(f):
    out = f([-2, 0, 3])
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, f([-2.0, 0.0, 3.0]))


@pytest.mark.parametrize("f", ELEMENTWISE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4)])
def test_elementwise_functions_keep_the_shape(f, shape):
    x = np.random.default_rng(0).normal(size=shape)
    assert f(x).shape == shape


@pytest.mark.parametrize("f", ELEMENTWISE + [softmax], ids=lambda f: f.__name__)
def test_no_function_mutates_its_input_or_returns_a_view_of_it(f):
    x = np.random.default_rng(0).normal(size=(3, 4))
    x[0, 0] = 0.0
    before = x.copy()
    out = f(x)
    np.testing.assert_array_equal(x, before)
    assert not np.shares_memory(out, x)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_softmax_of_the_largest_floats_of_either_sign_gives_no_warning(dtype):
    # x - max(x) = -2 * max is beyond the float range: it rounds to -inf, exp(-inf) is 0.
    big = np.finfo(dtype).max
    x = np.array([[big, -big, 0.0], [-big, -big, big]], dtype=dtype)
    y = softmax(x)  # warnings are errors in this suite
    assert y.dtype == dtype
    assert np.array_equal(y, [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
