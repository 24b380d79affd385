"""Chapter 4's exercises: the model answers pass, the classic wrong answers fail with
their own hint (a shape inside a batch, the output with W3 = 0, forward, its trace)."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook import identity_function, relu, sigmoid, softmax
from dlbook.exercises import check, exercises
from exercise_suite import suite
from test_exercises import (
    test_a_chapter_notebook_calls_check_and_its_solutions_pass as notebook_passes,
)


def forward(network, x, hidden=sigmoid, output=identity_function, first=None):
    """The chapter's forward pass; the keywords make its classic wrong versions."""
    W1, W2, W3 = network["W1"], network["W2"], network["W3"]
    b1, b2, b3 = network["b1"], network["b2"], network["b3"]
    a1 = first(x, W1, b1) if first else x @ W1 + b1
    z1 = hidden(a1)
    z2 = hidden(z1 @ W2 + b2)
    return output(z2 @ W3 + b3)


def buggy_forward(network, x):  # the page's box: both bugs
    return forward(network, x, output=sigmoid, first=lambda x, W1, b1: W1.T @ x + b1)


def forward_trace(network, x, swap=False, output=identity_function):
    W1, W2, W3 = network["W1"], network["W2"], network["W3"]
    b1, b2, b3 = network["b1"], network["b2"], network["b3"]
    a1 = x @ W1 + b1
    z1 = sigmoid(a1)
    a2 = z1 @ W2 + b2
    z2 = sigmoid(a2)
    a3 = z2 @ W3 + b3
    if swap:  # the other convention's letters
        return {"X": x, "A1": z1, "Z1": a1, "A2": z2, "Z2": a2, "A3": a3, "Y": a3}
    return {"X": x, "A1": a1, "Z1": z1, "A2": a2, "Z2": z2, "A3": a3, "Y": output(a3)}


def trace_without_x(network, x):
    trace = forward_trace(network, x)
    del trace["X"]
    return trace


SOLUTIONS = {
    "predict_forward_shape": (10, 3),
    "predict_output_bias": np.tile([0.1, 0.2], (4, 1)),
    "forward": forward,
    "forward_trace": forward_trace,
}

WRONG = [
    ("predict_forward_shape", (5, 3), "the shape of W2"),
    ("predict_forward_shape", (3,), "Z2 for one sample"),
    ("predict_forward_shape", (10, 5), "is Z1"),
    ("predict_forward_shape", (10, 2), "the network's output Y"),
    ("predict_forward_shape", (3, 10), "The axes are swapped"),
    ("predict_output_bias", [0.1, 0.2], "one row per sample"),
    ("predict_output_bias", np.tile(sigmoid(np.array([0.1, 0.2])), (4, 1)),
     "no sigmoid"),
    ("predict_output_bias", np.zeros((4, 2)), "still added"),
    ("predict_output_bias", np.full((4, 2), 0.5), "gives A3 = b3, not 0"),
    ("forward", buggy_forward, "The output layer has a sigmoid"),
    ("forward", lambda n, x: forward(n, x, first=lambda x, W1, b1: W1.T @ x + b1),
     "the maths books' column form"),
    ("forward", lambda n, x: forward(n, x, output=softmax), "The output is a softmax"),
    ("forward", lambda n, x: forward(n, x, hidden=identity_function),
     "passed their sums on unchanged"),
    ("forward", lambda n, x: forward(n, x, hidden=relu), "or a ReLU of sums"),
    ("forward_trace", lambda n, x: forward_trace(n, x, swap=True),
     "A and Z are swapped"),
    ("forward_trace", lambda n, x: forward_trace(n, x, output=sigmoid),
     "Y went through a sigmoid"),
    ("forward_trace", trace_without_x, "under the key \"X\""),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_chapter_4_has_its_exercises_from_small_to_hard():
    assert [name for name, _, _ in exercises(4)] == list(SOLUTIONS)


def test_the_network_the_learner_is_given_is_a_copy():
    def forward_that_zeroes_w3(network, x):
        y = forward(network, x)
        network["W3"][...] = 0  # spoils its own copy only
        return y

    assert check("forward", forward_that_zeroes_w3)
    assert check("forward", forward)


def test_a_wrong_entry_of_the_trace_is_named():
    def trace_with_a_wrong_z2(network, x):
        trace = forward_trace(network, x)
        trace["Z2"] = trace["A2"]
        return trace

    text = str(check("forward_trace", trace_with_a_wrong_z2))
    assert "hint: Z2: Return a dict with the seven keys" in text, text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_chapter_notebook_calls_check_and_its_solutions_pass(lang):
    notebook_passes("forward-pass.md", lang)
