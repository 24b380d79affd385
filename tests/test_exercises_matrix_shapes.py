"""Chapter 3's exercises: the model answers pass, the classic wrong answers fail with
their own hint (the product's shape, broadcasting's rules, a column bias, affine)."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook.exercises import check, exercises
from exercise_suite import suite
from test_exercises import (
    test_a_chapter_notebook_calls_check_and_its_solutions_pass as notebook_passes,
)


def broadcast_shapes(shape_a, shape_b):
    """The four rules: pad on the left with 1s, then equal sizes or a 1 that stretches."""
    n = max(len(shape_a), len(shape_b))
    a = (1,) * (n - len(shape_a)) + tuple(shape_a)
    b = (1,) * (n - len(shape_b)) + tuple(shape_b)
    return tuple(max(i, j) for i, j in zip(a, b))


def buggy_affine(x, W, b):  # the page's box: the bias made a column
    b = np.reshape(b, (-1, 1))
    return x @ W + b


SOLUTIONS = {
    "predict_product_shape": (4, 3),
    "broadcast_shapes": broadcast_shapes,
    "predict_column_bias": 13,
    "affine": lambda x, W, b: x @ W + b,
}

WRONG = [
    ("predict_product_shape", (5, 3), "the shape of A itself"),
    ("predict_product_shape", (3, 4), "the wrong order"),
    ("predict_product_shape", [5, 5], "would be X @ X.T"),
    ("predict_product_shape", (2, 2), "inner sizes must agree and disappear"),
    ("broadcast_shapes",
     lambda a, b: tuple(max(i, j) for i, j in zip(
         tuple(a) + (1,) * (max(len(a), len(b)) - len(a)),
         tuple(b) + (1,) * (max(len(a), len(b)) - len(b)))), "lined up from the left"),
    ("broadcast_shapes", lambda a, b: tuple(max(i, j) for i, j in zip(a, b)),
     "zip paired the first axes"),
    ("broadcast_shapes", lambda a, b: a if len(a) >= len(b) else b,
     "the longer shape unchanged"),
    ("broadcast_shapes", lambda a, b: tuple(reversed(
        [max(i, j) for i, j in zip(reversed(a), reversed(b))])), "extra axes"),
    ("predict_column_bias", 33, "a bias of shape (3,) would give"),
    ("predict_column_bias", 3.0, "The bias was left out"),
    ("affine", buggy_affine, "The bias became a column (H, 1)"),
    ("affine", lambda x, W, b: x @ W.T + b, "multiplies by the transposed weights"),
    ("affine", lambda x, W, b: np.dot(W, x) + b, "multiplies by the transposed weights"),
    ("affine", lambda x, W, b: x @ W + b.reshape(1, -1), "The bias became a row"),
    ("affine", lambda x, W, b: x @ W, "The bias is missing"),
    ("affine", lambda x, W, b: x * W + b, "element by element"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_chapter_3_has_its_exercises_from_small_to_hard():
    assert [name for name, _, _ in exercises(3)] == list(SOLUTIONS)


def test_the_maths_column_form_is_named_on_a_batch():
    def column_form(x, W, b):
        return (W.T @ x.T + b[:, None]) if x.ndim == 2 else x @ W + b

    text = str(check("affine", column_form))
    assert "on a batch (5, 4)" in text and "column form W.T @ x.T + b" in text, text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_chapter_notebook_calls_check_and_its_solutions_pass(lang):
    notebook_passes("matrix-shapes.md", lang)
