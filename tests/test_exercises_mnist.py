"""Chapter 9's exercises: the solutions pass, the classic wrong answers get their hint."""

from __future__ import annotations

import numpy as np

from exercise_suite import mistake_and_time_tests, suite


def normalize_pixels(x):
    return x.astype(np.float32) / 255


def one_hot_label(t, num_classes):
    y = np.zeros((len(t), num_classes))
    y[np.arange(len(t)), t] = 1
    return y


def accuracy(y, t):
    if t.ndim == 2:
        t = t.argmax(axis=1)
    return float(np.mean(y.argmax(axis=1) == t))


def evaluate(net, x, t, batch_size=1000):
    correct = 0
    for start in range(0, len(x), batch_size):
        scores = net.predict(x[start : start + batch_size])
        correct += int(np.sum(scores.argmax(axis=1) == t[start : start + batch_size]))
    return correct / len(x)


def evaluate_last_batch_lost(net, x, t, batch_size=1000):  # the box's bug
    correct = 0
    for i in range(len(x) // batch_size):
        scores = net.predict(x[i * batch_size : (i + 1) * batch_size])
        correct += np.sum(scores.argmax(axis=1) == t[i * batch_size : (i + 1) * batch_size])
    return correct / len(x)


def evaluate_mean_of_batches(net, x, t, batch_size=1000):
    accs = []
    for start in range(0, len(x), batch_size):
        scores = net.predict(x[start : start + batch_size])
        accs.append(np.mean(scores.argmax(axis=1) == t[start : start + batch_size]))
    return np.mean(accs)


def zeros_then_rows(t, num_classes):
    y = np.zeros((len(t), num_classes))
    y[t] = 1
    return y


SOLUTIONS = {
    "normalize_pixels": normalize_pixels,
    "one_hot_label": one_hot_label,
    "accuracy": accuracy,
    "predict_iterations": (13, 7),
    "evaluate": evaluate,
}

WRONG = [
    ("normalize_pixels", lambda x: x // 255, "integer division"),
    ("normalize_pixels", lambda x: x / 255, "in float64"),
    ("normalize_pixels", lambda x: x.astype(np.float32) / 256, "not 256"),
    ("normalize_pixels", lambda x: x / np.float32(x.max()), "depends on the batch"),
    ("normalize_pixels", lambda x: (x + x).astype(np.float32) / 510, "wraps around"),
    ("one_hot_label", lambda t, c: np.eye(c)[:, t], "picks columns"),
    ("one_hot_label", lambda t, c: np.eye(np.max(t) + 1)[t], "not the largest label + 1"),
    ("one_hot_label", lambda t, c: np.eye(c)[t - 1], "Don't subtract 1"),
    ("one_hot_label", zeros_then_rows, "fills whole rows"),
    ("accuracy", lambda y, t: np.mean(np.argmax(y, axis=0) == t), "argmax(axis=0)"),
    ("accuracy", lambda y, t: np.mean(np.argmax(y, axis=1) == t), "t = t.argmax(axis=1)"),
    ("accuracy", lambda y, t: np.sum(y.argmax(axis=1) == accuracy_labels(t)),
     "number of right answers"),
    ("predict_iterations", (15, 6), "850 are left"),
    ("predict_iterations", (14, 7), "rounds down"),
    ("predict_iterations", [13, 8], "never comes"),
    ("predict_iterations", (12, 8), "how many whole batches"),
    ("evaluate", evaluate_last_batch_lost, "The last, shorter batch is never scored"),
    ("evaluate", evaluate_mean_of_batches, "averages the batches' accuracies"),
    ("evaluate", lambda net, x, t, b=1000: evaluate(net, x, t, b) * len(x) / b,
     "not by the batch size"),
]


def accuracy_labels(t):
    return t.argmax(axis=1) if t.ndim == 2 else t


test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


test_every_registered_mistake_is_met_with_its_own_hint, \
    test_a_whole_check_takes_well_under_a_second = mistake_and_time_tests(SOLUTIONS)
