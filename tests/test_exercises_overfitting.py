"""Chapter 10's exercises: the solutions pass, the classic wrong answers get their hint."""

from __future__ import annotations

import numpy as np

from exercise_suite import mistake_and_time_tests, suite


def weight_decay(params, weight_decay_lambda):
    squares = sum(np.sum(W**2) for key, W in params.items() if key.startswith("W"))
    return 0.5 * weight_decay_lambda * float(squares)


def add_weight_decay(grads, params, weight_decay_lambda):
    new = {}
    for key, grad in grads.items():
        decay = weight_decay_lambda * params[key] if key.startswith("W") else 0
        new[key] = grad + decay
    return new


class Dropout:
    def __init__(self, dropout_ratio=0.5, *, seed=None):
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        return x * self.mask / (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask / (1 - self.dropout_ratio)


def split_validation(x, t, validation_rate=0.2, *, seed=0):
    order = np.random.default_rng(seed).permutation(len(x))
    x, t = x[order], t[order]
    n_val = round(len(x) * validation_rate)
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])


SOLUTIONS = {
    "weight_decay": weight_decay,
    "add_weight_decay": add_weight_decay,
    "Dropout": Dropout,
    "split_validation": split_validation,
    "predict_early_stopping": (7, 4),
}


def decay_everything(params, lam):
    return 0.5 * lam * sum(np.sum(p**2) for p in params.values())


def add_in_place(grads, params, lam):  # the box's version
    for key in grads:
        grads[key] += lam * params[key]
    return grads


def add_in_place_weights_only(grads, params, lam):
    for key in grads:
        if key.startswith("W"):
            grads[key] += lam * params[key]
    return grads


class BooksDropout(Dropout):
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x * (1 - self.dropout_ratio)
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask


class FreshMask(Dropout):
    def backward(self, dout):
        mask = self.rng.random(dout.shape) >= self.dropout_ratio
        return dout * mask / (1 - self.dropout_ratio)


class InPlaceDout(Dropout):
    def backward(self, dout):
        dout *= self.mask / (1 - self.dropout_ratio)
        return dout


class NoMode(Dropout):
    def forward(self, x, train_flg=True):
        return super().forward(x, True)


def split_with_int(x, t, rate=0.2, *, seed=0):
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = int(len(x) * rate)
    return (x[order][n_val:], t[order][n_val:]), (x[order][:n_val], t[order][:n_val])


def split_in_place(x, t, rate=0.2, *, seed=0):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    x[...], t[...] = x[order], t[order]  # shuffles the caller's arrays
    n_val = round(len(x) * rate)
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])


def split_two_orders(x, t, rate=0.2, *, seed=0):
    rng = np.random.default_rng(seed)
    x, t = x[rng.permutation(len(x))], t[rng.permutation(len(x))]
    n_val = round(len(x) * rate)
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])


def split_unshuffled(x, t, rate=0.2, *, seed=0):
    n_val = round(len(x) * rate)
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])


WRONG = [
    ("weight_decay", decay_everything, "The biases b1, b2, ... are not decayed"),
    ("weight_decay", lambda p, lam: 2 * weight_decay(p, lam), "with the 1/2"),
    ("weight_decay", lambda p, lam: 0.5 * lam * sum(
        np.sum(p[k]) ** 2 for k in p if k.startswith("W")), "squares the sum"),
    ("weight_decay", lambda p, lam: 0.5 * lam * float(np.sum(p["W1"] ** 2)),
     "Every weight matrix is decayed"),
    ("add_weight_decay", add_in_place, "Two bugs, as in the box"),
    ("add_weight_decay", add_in_place_weights_only, "+= still writes into the arrays"),
    ("add_weight_decay", lambda g, p, lam: {k: g[k] + lam * p[k] for k in g},
     "the biases are still decayed"),
    ("Dropout", BooksDropout, "the original book's dropout"),
    ("Dropout", FreshMask, "backward drew a new mask"),
    ("Dropout", InPlaceDout, "changed its input"),
    ("Dropout", NoMode, "At inference (train_flg=False) nothing is dropped"),
    ("split_validation", split_with_int, "int() truncates"),
    ("split_validation", split_in_place, "changed its input"),
    ("split_validation", split_two_orders, "each image lost its label"),
    ("split_validation", split_unshuffled, "were not shuffled"),
    ("predict_early_stopping", (11, 8), "not an improvement"),
    ("predict_early_stopping", (12, 8), "cannot see the future"),
    ("predict_early_stopping", (7, 3), "counted from 1"),
    ("predict_early_stopping", (8, 4), "not 4"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)

test_every_registered_mistake_is_met_with_its_own_hint, \
    test_a_whole_check_takes_well_under_a_second = mistake_and_time_tests(SOLUTIONS)
