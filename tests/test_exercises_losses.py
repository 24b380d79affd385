"""Chapter 5's exercises: the model answers pass, the classic wrong answers fail with
their own hint (the sum and the mean of squares, a batch's cross-entropy, the loss)."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook.exercises import check, exercises
from exercise_suite import suite
from test_exercises import (
    test_a_chapter_notebook_calls_check_and_its_solutions_pass as notebook_passes,
)


def sum_squares_error(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    return 0.5 * np.sum((y - t) ** 2)


def mean_squared_error(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    return np.mean((y - t) ** 2)


def cross_entropy_error(y, t, delta=1e-7, average=True):
    """The chapter's loss; ``average=False`` is the classic sum over the batch."""
    y, t = np.atleast_2d(y), np.asarray(t)
    labels = t.reshape(len(y), -1).argmax(axis=1) if t.size == y.size else t.reshape(-1)
    total = -np.log(y[np.arange(len(y)), labels] + delta).sum()
    return total / len(y) if average else total


def without_delta(y, t):
    return cross_entropy_error(y, t, delta=0)


def without_delta_silenced(y, t):
    with np.errstate(divide="ignore"):  # no warning: the inf itself is the clue
        return cross_entropy_error(y, t, delta=0)


def guard_in_place(y, t):
    y += 1e-7  # writes into the caller's array
    return cross_entropy_error(y, t, delta=0)


def one_hot_only(y, t):
    return -np.sum(t * np.log(y + 1e-7)) / (1 if y.ndim == 1 else y.shape[0])


def labels_only(y, t):
    y = y.reshape(1, -1) if y.ndim == 1 else y
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]


SOLUTIONS = {
    "sum_squares_error": sum_squares_error,
    "mean_squared_error": mean_squared_error,
    "predict_cross_entropy": 8.17,
    "cross_entropy_error": cross_entropy_error,
}

WRONG = [
    ("sum_squares_error", lambda y, t: 0.5 * np.sum((y - t) ** 2), "wrap around"),
    ("sum_squares_error", lambda y, t: 2 * sum_squares_error(y, t), "1/2 is missing"),
    ("sum_squares_error", mean_squared_error, "That is the mean squared error"),
    ("sum_squares_error", lambda y, t: 0.5 * np.sum(np.asarray(y, float) - t) ** 2,
     "The square was taken after the sum"),
    ("mean_squared_error", sum_squares_error, "the notes' \"mean_square_error\""),
    ("mean_squared_error", lambda y, t: 0.5 * mean_squared_error(y, t),
     "The 1/2 belongs to the sum of squares"),
    ("mean_squared_error",
     lambda y, t: np.sum((np.asarray(y, float) - t) ** 2) / len(y),
     "divide by y.size"),
    ("mean_squared_error", lambda y, t: np.mean((y - t) ** 2), "wrap around"),
    ("predict_cross_entropy", 16.34, "the sum of the two samples' losses"),
    ("predict_cross_entropy", float("inf"), "keeps it finite"),
    ("predict_cross_entropy", 0.1116, "The second sample is not free"),
    ("predict_cross_entropy", 3.55, "natural logarithm"),
    ("predict_cross_entropy", 8.2, "only the true class's probability counts"),
    ("cross_entropy_error", lambda y, t: cross_entropy_error(y, t, average=False),
     "divide the sum by the batch size N"),
    ("cross_entropy_error", without_delta, "warned: RuntimeWarning: divide by zero"),
    ("cross_entropy_error", without_delta, "np.log(0) is -inf"),
    ("cross_entropy_error", without_delta_silenced, "Some outputs are inf"),
    ("cross_entropy_error", without_delta_silenced, "np.log(0) is -inf"),
    ("cross_entropy_error", guard_in_place, "changed its input (argument 1)"),
    ("cross_entropy_error", one_hot_only, "t holds labels"),
    ("cross_entropy_error", labels_only, "t holds one-hot rows here"),
    ("cross_entropy_error",
     lambda y, t: -np.sum(np.eye(y.shape[-1])[t] * np.log(y + 1e-7)) / y.shape[0]
     if t.size != y.size else -np.sum(t * np.log(y + 1e-7)) / y.shape[0],
     "which is C, the number of classes"),
    ("cross_entropy_error",
     lambda y, t: -np.mean(np.log(np.atleast_2d(y).max(axis=1) + 1e-7)),
     "the predicted class"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_chapter_5_has_its_exercises_from_small_to_hard():
    assert [name for name, _, _ in exercises(5)] == list(SOLUTIONS)


def test_a_prediction_is_taken_to_two_decimals_and_the_true_value_not_shown():
    assert check("predict_cross_entropy", 8.1706) and check("predict_cross_entropy", 8.17)
    text = str(check("predict_cross_entropy", 8.1))
    assert not check("predict_cross_entropy", 8.1) and "8.17" not in text


def test_a_clipped_log_is_as_good_as_the_books_delta():
    def clipped(y, t):  # np.maximum(y, 1e-7) instead of y + 1e-7: a fine answer too
        return cross_entropy_error(np.maximum(y, 1e-7), t, delta=0)

    assert check("cross_entropy_error", clipped)


def test_a_number_is_compared_with_a_mistake_that_fails_on_its_case():
    # t * log(y) with labels (2,) against y (2, 10) raises: that known mistake is
    # skipped on this case, the others are still compared, and the number gets its hint.
    def predicted_class(y, t):
        return -np.mean(np.log(np.atleast_2d(y).max(axis=1) + 1e-7))

    text = str(check("cross_entropy_error", predicted_class))
    assert "on a batch (2, 10) and labels (2,)" in text and "predicted class" in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_chapter_notebook_calls_check_and_its_solutions_pass(lang):
    notebook_passes("losses.md", lang)
