"""Chapter 6's exercises: solutions pass, classic mistakes get their own hints, and a
numerical gradient whose loop never ends is stopped."""

from __future__ import annotations

import sys
import time

import numpy as np

import dlbook
from dlbook.exercises import check, exercises
from exercise_suite import suite


def central_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / (2 * h)


def gradient_with_finally(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + h
            f_plus = f(x)
            x[idx] = original - h
            f_minus = f(x)
        finally:
            x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def descent_from_a_copy(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=np.float64)
    for _ in range(step_num):
        x -= lr * dlbook.numerical_gradient(f, x)
    return x


SOLUTIONS = {
    "numerical_diff": central_diff,
    "numerical_gradient": gradient_with_finally,
    "gradient_descent": descent_from_a_copy,
    "predict_descent_steps": [1.536, -2.048],
}


def forward_diff(f, x):
    return (f(x + 1e-4) - f(x)) / 1e-4


def gradient_not_restored(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original - h
        grad[idx] = (f_plus - f(x)) / (2 * h)
    return grad


def gradient_of_a_copy(f, x):
    return gradient_with_finally(f, x.copy())


def gradient_forward(f, x):
    h, fx = 1e-4, f(x)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = original
    return grad


def descent_notes(f, init_x, lr=0.01, step_num=100):
    x = init_x  # the caller's own array
    for _ in range(step_num):
        x -= lr * dlbook.numerical_gradient(f, x)
    return x


def descent_uphill(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=np.float64)
    for _ in range(step_num):
        x += lr * dlbook.numerical_gradient(f, x)
    return x


def descent_one_gradient(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=np.float64)
    grad = dlbook.numerical_gradient(f, x)
    for _ in range(step_num):
        x -= lr * grad
    return x


WRONG = [
    ("numerical_diff", forward_diff, "one-sided difference"),
    ("numerical_diff", lambda f, x: (f(x + 1e-50) - f(x - 1e-50)) / 2e-50,
     "rounds back"),
    ("numerical_diff", lambda f, x: (f(x + 1e-4) - f(x - 1e-4)) / 1e-4,
     "twice the slope"),
    ("numerical_gradient", gradient_not_restored, "x is not as it was"),
    ("numerical_gradient", gradient_of_a_copy, "nudging a copy of x"),
    ("numerical_gradient", gradient_forward, "one-sided difference"),
    ("numerical_gradient", lambda f, x: gradient_with_finally(f, x).ravel(),
     "The shape is wrong"),
    ("gradient_descent", descent_notes, "changed its input (argument 2)"),
    ("gradient_descent", descent_uphill, "goes uphill"),
    ("gradient_descent", descent_one_gradient, "computed once"),
    ("predict_descent_steps", [-1.536, 2.048], "the sign is not"),
    ("predict_descent_steps", [-0.003, 0.004], "not x"),
    ("predict_descent_steps", (2.4, -3.2), "That is one step"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_every_chapter_6_exercise_has_a_solution_here():
    assert set(SOLUTIONS) == {name for name, _, _ in exercises(6)}
    assert {name for name, _, _ in WRONG} == set(SOLUTIONS)


def test_a_gradient_loop_that_never_advances_its_index_is_stopped():
    def forgets_to_advance(f, x):  # the book's nditer loop without it.iternext()
        h = 1e-4
        grad = np.zeros_like(x)
        it = np.nditer(x, flags=["multi_index"])
        while not it.finished:
            idx = it.multi_index
            original = x[idx]
            x[idx] = original + h
            f_plus = f(x)
            x[idx] = original - h
            f_minus = f(x)
            x[idx] = original
            grad[idx] = (f_plus - f_minus) / (2 * h)
        return grad

    start = time.monotonic()
    text = str(check("numerical_gradient", forgets_to_advance))
    assert time.monotonic() - start < 4
    assert "did not return within 2 seconds and was stopped" in text
    assert "an index that is never increased" in text and "Traceback" not in text
    assert sys.gettrace() is None


def test_the_report_shows_a_function_by_its_formula():
    text = str(check("numerical_diff", forward_diff))
    assert "input f(x) = 0.01*x**2 + 0.1*x, 5.0:" in text and "<function" not in text
