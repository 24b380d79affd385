"""Numerical gradients and gradient descent: the notes' values, and no side effects."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlbook.gradient import gradient_descent, numerical_diff, numerical_gradient, relative_error


def function_2(x):
    return np.sum(x**2)


@pytest.mark.parametrize(
    ("point", "expected"), [((3.0, 4.0), (6.0, 8.0)), ((0.0, 2.0), (0.0, 4.0)), ((3.0, 0.0), (6.0, 0.0))]
)
def test_numerical_gradient_of_x0_squared_plus_x1_squared(point, expected):
    grad = numerical_gradient(function_2, np.array(point))
    assert np.allclose(grad, expected, atol=1e-7)


def test_numerical_diff_is_a_central_difference():
    assert numerical_diff(lambda x: 0.01 * x**2 + 0.1 * x, 5.0) == pytest.approx(0.2, abs=1e-9)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                  elements=st.floats(-10, 10)))
def test_numerical_gradient_works_for_any_shape_and_restores_x(x):
    before = x.copy()
    grad = numerical_gradient(function_2, x)
    assert grad.shape == x.shape
    assert np.allclose(grad, 2 * x, atol=1e-6)
    assert np.array_equal(x, before)


def test_numerical_gradient_restores_x_even_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def explodes_on_third_call(v):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return float(np.sum(v))

    with pytest.raises(RuntimeError):
        numerical_gradient(explodes_on_third_call, x)
    assert np.array_equal(x, [1.0, 2.0, 3.0])


def test_numerical_gradient_refuses_arrays_it_cannot_restore_in_place():
    with pytest.raises(ValueError, match="float ndarray"):
        numerical_gradient(function_2, [3.0, 4.0])
    with pytest.raises(ValueError, match="float ndarray"):
        numerical_gradient(function_2, np.array([3, 4]))


def test_gradient_descent_shrinks_by_one_minus_two_lr_each_step():
    # Each step multiplies x by (1 - 2 * lr) = 0.8, so 100 steps give 0.8**100 of the start.
    x = gradient_descent(function_2, [-3.0, 4.0], lr=0.1, step_num=100)
    assert np.allclose(x, np.array([-3.0, 4.0]) * 0.8**100, rtol=1e-6)


def test_gradient_descent_path_starts_at_init_and_leaves_it_unchanged():
    init = np.array([-3.0, 4.0])
    x, path = gradient_descent(function_2, init, lr=0.1, step_num=20, path=True)
    assert path.shape == (21, 2)
    assert np.array_equal(path[0], init) and np.array_equal(path[-1], x)
    assert np.array_equal(init, [-3.0, 4.0])


def test_relative_error_is_zero_for_equal_arrays_and_scale_free():
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, a * (1 + 1e-9)) == pytest.approx(relative_error(1e6 * a, 1e6 * a * (1 + 1e-9)))
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        relative_error(a, a[:2])


def test_numerical_diff_takes_an_array_of_steps():
    h = np.array([1e-2, 1e-4, 1e-50])
    slopes = numerical_diff(lambda x: 0.01 * x**2 + 0.1 * x, 5.0, h)
    assert slopes.shape == (3,)
    assert np.allclose(slopes[:2], 0.2, atol=1e-9)
    assert slopes[2] == 0.0  # 5 + 1e-50 rounds to 5: the step vanishes


def test_gradient_descent_accepts_a_single_number():
    x = gradient_descent(lambda x: (x - 2.0) ** 2, 5.0, lr=0.1, step_num=200)
    assert np.shape(x) == ()
    assert x == pytest.approx(2.0, abs=1e-9)


def test_gradient_descent_with_lr_one_half_reaches_the_bowl_minimum_in_one_step():
    # (1 - 2 * 0.5) = 0: the first step goes straight to the origin.
    x = gradient_descent(function_2, [-3.0, 4.0], lr=0.5, step_num=1)
    assert np.allclose(x, 0.0, atol=1e-9)


def test_the_chapter_landscapes_have_their_stated_minima_and_saddle():
    from dlbook.gradient import bowl, saddle, two_valleys

    assert np.allclose(numerical_gradient(bowl, np.zeros(2)), 0.0)
    for x_min, f_min in ((-1.3008, -3.5139), (1.1309, -1.0702)):
        assert abs(numerical_diff(two_valleys, x_min)) < 1e-3
        assert two_valleys(x_min) == pytest.approx(f_min, abs=1e-4)
    assert np.array_equal(numerical_gradient(saddle, np.zeros(2)), [0.0, 0.0])
    assert saddle(np.array([0.0, 0.5])) < saddle(np.zeros(2)) < saddle(np.array([0.5, 0.0]))
    for minimum in ([0.0, 1.0], [0.0, -1.0]):
        assert np.allclose(numerical_gradient(saddle, np.array(minimum)), 0.0, atol=1e-6)
        assert saddle(np.array(minimum)) == pytest.approx(-0.25)
