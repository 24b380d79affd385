"""Tests of dlbook.linear (chapter 3): affine's values, shapes, dtypes and errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dlbook
from dlbook.linear import affine

# The notes' network product: x (2,) times W (2, 3).
X_ONE = np.array([1.0, 2.0])
W = np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]])
B = np.array([0.1, 0.2, 0.3])


def test_affine_is_exported_from_dlbook():
    assert dlbook.affine is affine


def test_one_sample_matches_the_hand_computation():
    # output k = x0 * W[0, k] + x1 * W[1, k] + b[k]
    expected = [1 * 1 + 2 * 2 + 0.1, 1 * 3 + 2 * 4 + 0.2, 1 * 5 + 2 * 6 + 0.3]
    y = affine(X_ONE, W, B)
    assert y.shape == (3,)
    np.testing.assert_allclose(y, expected)


def test_one_sample_without_bias_reproduces_the_notes():
    np.testing.assert_array_equal(affine([1, 2], W, np.zeros(3)), [5, 11, 17])


def test_batch_matches_the_hand_computation():
    X = np.array([[1.0, 2.0], [0.0, 1.0], [-1.0, 0.5]])
    expected = [
        [5.1, 11.2, 17.3],
        [2.1, 4.2, 6.3],
        [-1 + 1 + 0.1, -3 + 2 + 0.2, -5 + 3 + 0.3],
    ]
    y = affine(X, W, B)
    assert y.shape == (3, 3)
    np.testing.assert_allclose(y, expected)


def test_accepts_lists():
    y = affine([[1.0, 2.0]], W.tolist(), B.tolist())
    assert isinstance(y, np.ndarray)
    np.testing.assert_allclose(y, [[5.1, 11.2, 17.3]])


def test_float32_stays_float32():
    f32 = np.float32
    y = affine(X_ONE.astype(f32), W.astype(f32), B.astype(f32))
    assert y.dtype == np.float32
    Y = affine(np.ones((4, 2), dtype=f32), W.astype(f32), B.astype(f32))
    assert Y.dtype == np.float32


def test_float64_stays_float64():
    assert affine(X_ONE, W, B).dtype == np.float64


def test_empty_batch_gives_empty_output():
    assert affine(np.zeros((0, 2)), W, B).shape == (0, 3)


def test_inputs_are_not_changed():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    arrays = (X, W, B)
    before = [a.copy() for a in arrays]
    y = affine(*arrays)
    y += 100.0  # the result must not share memory with an input either
    for a, a_before in zip(arrays, before):
        np.testing.assert_array_equal(a, a_before)


# --- shape errors: each names the expected and the actual shapes -----------------


@pytest.mark.parametrize(
    "x_shape, W_shape, b_shape, shown",
    [
        # x's features do not match W's rows
        ((100, 28), (784, 50), (50,), ["(100, 28)", "(784, 50)", "28", "784"]),
        ((3,), (2, 3), (3,), ["(3,)", "(2, 3)"]),
        # a transposed batch (D, N)
        ((784, 100), (784, 50), (50,), ["(784, 100)", "(784, 50)", "transposed"]),
        # x is neither one sample nor a batch
        ((2, 5, 784), (784, 50), (50,), ["(2, 5, 784)", "(784,)", "(N, 784)"]),
        ((), (2, 3), (3,), ["()", "(2,)", "(N, 2)"]),
        # W is not a matrix
        ((2,), (2,), (3,), ["(2,)", "(D, H)"]),
        ((2,), (1, 2, 3), (3,), ["(1, 2, 3)", "(D, H)"]),
        # b is not (H,): a column, a scalar, the wrong length, a row matrix
        ((2,), (2, 3), (3, 1), ["(3, 1)", "(3,)", "(2, 3)"]),
        ((4, 2), (2, 3), (), ["()", "(3,)"]),
        ((4, 2), (2, 3), (2,), ["(2,)", "(3,)"]),
        ((4, 2), (2, 3), (1, 3), ["(1, 3)", "(3,)"]),
    ],
)
def test_bad_shapes_raise_a_value_error_naming_both_shapes(
    x_shape, W_shape, b_shape, shown
):
    x, W_bad, b = np.ones(x_shape), np.ones(W_shape), np.ones(b_shape)
    with pytest.raises(ValueError) as error:
        affine(x, W_bad, b)
    message = str(error.value)
    assert message.startswith("affine: ")
    for text in shown:
        assert text in message


def test_a_column_bias_that_numpy_would_broadcast_is_refused():
    x = np.array([1.0, 2.0])
    b_column = B.reshape(3, 1)
    assert (x @ W + b_column).shape == (3, 3)  # NumPy's silent, wrong answer
    with pytest.raises(ValueError, match=r"b\.shape = \(3, 1\)"):
        affine(x, W, b_column)


def test_a_column_bias_is_refused_for_a_square_batch_too():
    X = np.ones((3, 2))  # N == H: NumPy would broadcast (3, 3) + (3, 1) silently
    with pytest.raises(ValueError, match=r"\(3, 1\)"):
        affine(X, W, B.reshape(3, 1))


def test_one_feature_is_singular_in_the_message():
    with pytest.raises(ValueError, match="has 1 feature per sample"):
        affine(np.ones((5, 1)), W, B)


# --- properties -------------------------------------------------------------------


sizes = st.integers(min_value=1, max_value=7)


@given(N=sizes, D=sizes, H=sizes, seed=st.integers(0, 2**32 - 1))
def test_batch_rows_equal_the_one_sample_results(N, D, H, seed):
    rng = np.random.default_rng(seed)
    X, W_rand, b = rng.normal(size=(N, D)), rng.normal(size=(D, H)), rng.normal(size=H)
    Y = affine(X, W_rand, b)
    assert Y.shape == (N, H)
    rows = np.array([affine(x, W_rand, b) for x in X])
    assert rows.shape == (N, H)
    np.testing.assert_allclose(Y, rows, rtol=1e-12, atol=1e-12)


@given(N=sizes, D=sizes, H=sizes, seed=st.integers(0, 2**32 - 1))
def test_affine_equals_the_sum_over_inputs(N, D, H, seed):
    # y[n, k] = sum_d x[n, d] W[d, k] + b[k], written out with loops as an oracle
    rng = np.random.default_rng(seed)
    X, W_rand, b = rng.normal(size=(N, D)), rng.normal(size=(D, H)), rng.normal(size=H)
    expected = np.zeros((N, H))
    for n in range(N):
        for k in range(H):
            expected[n, k] = sum(X[n, d] * W_rand[d, k] for d in range(D)) + b[k]
    np.testing.assert_allclose(affine(X, W_rand, b), expected, rtol=1e-10, atol=1e-12)
