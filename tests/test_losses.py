"""Loss functions: the notes' worked values, sums vs means, label and one-hot targets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlbook.losses import (
    cross_entropy_error,
    mean_squared_error,
    one_hot,
    sum_squares_error,
    target_labels,
)

T = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], dtype=float)
Y_RIGHT = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
Y_WRONG = np.array([0.1, 0.05, 0.0, 0.0, 0.05, 0.7, 0.0, 0.1, 0.0, 0.0])


def test_sum_squares_error_reproduces_the_notes_value():
    assert sum_squares_error(Y_RIGHT, T) == pytest.approx(0.0975)


def test_cross_entropy_reproduces_the_notes_values():
    assert cross_entropy_error(Y_RIGHT, T) == pytest.approx(0.510825457, abs=1e-9)
    assert cross_entropy_error(Y_WRONG, T) == pytest.approx(16.118095651, abs=1e-9)


def test_cross_entropy_accepts_a_label_instead_of_one_hot():
    assert cross_entropy_error(Y_RIGHT, 2) == cross_entropy_error(Y_RIGHT, T)


def test_cross_entropy_of_a_batch_is_the_mean_of_the_samples():
    y = np.stack([Y_RIGHT, Y_WRONG])
    expected = (cross_entropy_error(Y_RIGHT, T) + cross_entropy_error(Y_WRONG, T)) / 2
    assert cross_entropy_error(y, np.array([2, 2])) == pytest.approx(expected)
    assert cross_entropy_error(y, np.stack([T, T])) == pytest.approx(expected)


def test_sum_squares_is_a_sum_and_mse_a_mean_over_the_batch():
    y = np.stack([Y_RIGHT] * 4)
    t = np.stack([T] * 4)
    assert sum_squares_error(y, t) == pytest.approx(4 * 0.0975)
    assert mean_squared_error(y, t) == pytest.approx(mean_squared_error(Y_RIGHT, T))
    assert mean_squared_error(Y_RIGHT, T) == pytest.approx(2 * 0.0975 / 10)


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(10,\).*\(9,\)"):
        sum_squares_error(Y_RIGHT, T[:9])
    with pytest.raises(ValueError, match=r"\(2, 10\).*\(3,\)"):
        cross_entropy_error(np.stack([Y_RIGHT, Y_RIGHT]), np.array([1, 2, 3]))


@given(st.lists(st.integers(0, 9), min_size=1, max_size=50))
def test_one_hot_has_a_single_one_at_each_label(labels):
    encoded = one_hot(np.array(labels), 10)
    assert encoded.shape == (len(labels), 10)
    assert np.array_equal(encoded.argmax(axis=1), labels)
    assert np.array_equal(encoded.sum(axis=1), np.ones(len(labels)))


def test_one_hot_rejects_out_of_range_labels():
    with pytest.raises(ValueError, match="0, 9"):
        one_hot(np.array([3, 10]), 10)


def test_losses_do_not_change_their_inputs():
    y, t = Y_RIGHT.copy(), T.copy()
    sum_squares_error(y, t)
    mean_squared_error(y, t)
    cross_entropy_error(y, t)
    assert np.array_equal(y, Y_RIGHT) and np.array_equal(t, T)


def test_cross_entropy_rejects_labels_outside_the_classes():
    # Negative labels would otherwise index from the end and pick a wrong class.
    with pytest.raises(ValueError, match=r"\[0, 9\].*-8"):
        cross_entropy_error(Y_RIGHT, -8)
    with pytest.raises(ValueError, match=r"\[0, 9\]"):
        cross_entropy_error(np.stack([Y_RIGHT, Y_RIGHT]), np.array([2, 10]))


def test_cross_entropy_rejects_float_labels():
    with pytest.raises(ValueError, match="integers"):
        cross_entropy_error(Y_RIGHT, 2.0)


def test_cross_entropy_of_a_zero_probability_is_capped_by_the_guard():
    assert cross_entropy_error(Y_WRONG, 2) == pytest.approx(-np.log(1e-7))
    assert cross_entropy_error(Y_WRONG, 2, eps=1e-3) == pytest.approx(-np.log(1e-3))


def test_cross_entropy_of_a_certain_right_answer_is_almost_zero():
    assert abs(cross_entropy_error(np.eye(10)[2], 2)) < 1e-6


@given(
    st.integers(1, 8),
    st.integers(2, 6),
    st.integers(0, 2**32 - 1),
)
def test_cross_entropy_equals_the_full_sum_formula_averaged(n, c, seed):
    rng = np.random.default_rng(seed)
    scores = rng.standard_normal((n, c))
    y = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    labels = rng.integers(0, c, size=n)
    t = one_hot(labels, c)
    by_formula = -np.sum(t * np.log(y + 1e-7)) / n
    assert cross_entropy_error(y, t) == pytest.approx(by_formula)
    assert cross_entropy_error(y, labels) == pytest.approx(by_formula)


def test_one_hot_of_a_single_label_is_one_row():
    assert np.array_equal(one_hot(2, 4), [0.0, 0.0, 1.0, 0.0])


def test_one_hot_uses_the_requested_dtype():
    assert one_hot(np.array([0, 1]), 3, dtype=np.float32).dtype == np.float32


def test_one_hot_rejects_float_labels():
    with pytest.raises(ValueError, match="integers"):
        one_hot(np.array([1.0, 2.0]), 3)


def test_sum_squares_gradient_is_y_minus_t_thanks_to_the_half():
    h = 1e-6
    bump = np.zeros(10)
    bump[2] = h
    rise = sum_squares_error(Y_RIGHT + bump, T) - sum_squares_error(Y_RIGHT - bump, T)
    slope = rise / (2 * h)
    assert slope == pytest.approx(Y_RIGHT[2] - T[2])


def test_mean_squared_error_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(2, 10\).*\(10,\)"):
        mean_squared_error(np.stack([Y_RIGHT, Y_RIGHT]), T)


# ---------------------------------------------------------------- a learner's mistakes
# Each target below is a mistake a learner makes; each must be refused with a ValueError
# that names what was expected and what came, never scored as a wrong number.


def test_sum_squares_error_of_uint8_arrays_does_not_wrap_around():
    # uint8 arithmetic wraps: 0 - 200 is 56, and 56 ** 2 is 64 modulo 256.
    y, t = np.array([0], dtype=np.uint8), np.array([200], dtype=np.uint8)
    assert sum_squares_error(y, t) == 0.5 * 200**2


def test_mean_squared_error_of_uint8_arrays_does_not_wrap_around():
    y, t = np.array([0, 10], dtype=np.uint8), np.array([200, 10], dtype=np.uint8)
    assert mean_squared_error(y, t) == 200**2 / 2


def test_mean_squared_error_refuses_an_empty_batch():
    with pytest.raises(ValueError, match=r"mean_squared_error: .*empty.*\(0, 3\)"):
        mean_squared_error(np.zeros((0, 3)), np.zeros((0, 3)))


def test_cross_entropy_refuses_an_empty_batch():
    with pytest.raises(ValueError, match=r"cross_entropy_error: .*empty"):
        cross_entropy_error(np.zeros((0, 3)), np.zeros(0, dtype=int))


def test_cross_entropy_reads_labels_shaped_n_by_1_as_labels_not_broadcast():
    # The book's own code would pick y[[0, 1, 2], [[1], [2], [3]]], a (3, 3) block.
    y = np.array([[0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], [0.25, 0.25, 0.25, 0.25]])
    column = cross_entropy_error(y, np.array([[1], [2], [3]]))
    assert column == cross_entropy_error(y, np.array([1, 2, 3]))


def test_cross_entropy_refuses_one_label_for_a_batch():
    y = np.full((3, 4), 0.25)
    with pytest.raises(ValueError, match=r"one-hot \(3, 4\) or labels \(3,\), got \(1, 1\)"):
        cross_entropy_error(y, np.array([[1]]))


def test_cross_entropy_refuses_one_hot_targets_of_the_wrong_width():
    y = np.full((3, 4), 0.25)
    with pytest.raises(ValueError, match=r"one-hot \(3, 4\) or labels \(3,\), got \(3, 3\)"):
        cross_entropy_error(y, np.eye(3))


def test_cross_entropy_refuses_rows_that_are_not_one_hot():
    # Soft targets would otherwise be scored as their argmax: a different loss.
    y = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match="not one-hot"):
        cross_entropy_error(y, np.array([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]]))
    with pytest.raises(ValueError, match="not one-hot"):
        cross_entropy_error(y, np.array([[1, 1, -1], [0, 1, 0]]))


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (np.array([2, 0, 1]), [2, 0, 1]),
        (np.eye(3)[[2, 0, 1]], [2, 0, 1]),
        (np.eye(3, dtype=np.float32)[[1, 1, 0]], [1, 1, 0]),
        ([0, 1, 2], [0, 1, 2]),
        (np.array([2, 0, 1], dtype=np.uint8), [2, 0, 1]),
        (np.array([[2], [0], [1]]), [2, 0, 1]),  # a column, as the book's ch07 passes
    ],
)
def test_target_labels_accepts_labels_and_one_hot_rows(t, expected):
    assert target_labels(t, (3, 3)).tolist() == expected


BAD_TARGETS = {
    "label -1": (np.array([-1, 0, 1]), r"\[0, 2\].*-1"),
    "label = C": (np.array([3, 0, 1]), r"\[0, 2\].*3"),
    "float labels": (np.array([1.0, 0.0, 2.0]), "integers.*float64"),
    "bool labels": (np.array([True, False, True]), "integers.*bool"),
    "float column (N, 1)": (np.array([[1.0], [0.0], [2.0]]), "integers.*float64"),
    "one label (1,)": (np.array([1]), r"got \(1,\)"),
    "one-hot too narrow": (np.eye(2)[[0, 1, 1]], r"got \(3, 2\)"),
    "one-hot too wide": (np.eye(4)[[0, 1, 3]], r"got \(3, 4\)"),
    "not one-hot": (np.full((3, 3), 1 / 3), "not one-hot"),
}


@pytest.mark.parametrize("case", sorted(BAD_TARGETS))
def test_target_labels_refuses_each_mistake_with_what_was_expected(case):
    t, message = BAD_TARGETS[case]
    with pytest.raises(ValueError, match=message):
        target_labels(t, (3, 3))


def test_target_labels_refuses_an_empty_batch():
    with pytest.raises(ValueError, match="empty batch"):
        target_labels(np.zeros(0, dtype=int), (0, 3))
