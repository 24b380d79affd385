"""Chapter 8's exercises: solutions pass, classic mistakes get their own hints."""

from __future__ import annotations

import numpy as np

from dlbook.exercises import check, exercises
from exercise_suite import suite


class MySGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]


class MyMomentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key in params:
            if key not in self.v:
                self.v[key] = np.zeros_like(params[key])
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class MyAdaGrad:
    def __init__(self, lr=0.01):
        self.lr, self.h = lr, {}

    def update(self, params, grads):
        for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class MyAdam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.t, self.m, self.v = 0, {}, {}

    def update(self, params, grads):
        self.t += 1
        for key in params:
            g = grads[key]
            if key not in self.m:
                self.m[key], self.v[key] = np.zeros_like(g), np.zeros_like(g)
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1**self.t)
            v_hat = self.v[key] / (1 - self.beta2**self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


SOLUTIONS = {
    "SGD": MySGD,
    "Momentum": MyMomentum,
    "AdaGrad": MyAdaGrad,
    "Adam": MyAdam,
    "predict_momentum_steps": [-6.7977, 0.92],
}


class SGDRebinds(MySGD):
    def update(self, params, grads):
        for key in params:
            params[key] = params[key] - self.lr * grads[key]


class SGDWritesIntoGrads(MySGD):
    def update(self, params, grads):
        for key in params:
            grads[key] *= self.lr
            params[key] -= grads[key]


class MomentumForgets(MyMomentum):
    def update(self, params, grads):
        self.v = {}
        super().update(params, grads)


class MomentumUphill(MyMomentum):
    def update(self, params, grads):
        for key in params:
            v = self.v.get(key, np.zeros_like(params[key]))
            self.v[key] = self.momentum * v - self.lr * grads[key]
            params[key] -= self.v[key]


class MomentumRebinds(MyMomentum):
    def update(self, params, grads):
        for key in params:
            v = self.v.get(key, np.zeros_like(params[key]))
            self.v[key] = self.momentum * v - self.lr * grads[key]
            params[key] = params[key] + self.v[key]


class AdaGradForgets(MyAdaGrad):
    def update(self, params, grads):
        self.h = {}
        super().update(params, grads)


class AdaGradNoEps(MyAdaGrad):
    def update(self, params, grads):
        for key in params:
            self.h.setdefault(key, np.zeros_like(params[key]))
            self.h[key] += grads[key] ** 2
            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])


class AdamUncorrected(MyAdam):
    def update(self, params, grads):
        for key in params:
            g = grads[key]
            self.m.setdefault(key, np.zeros_like(g))
            self.v.setdefault(key, np.zeros_like(g))
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g * g
            params[key] -= self.lr * self.m[key] / (np.sqrt(self.v[key]) + 1e-8)


class AdamTPerKey(MyAdam):
    def update(self, params, grads):
        for key in params:
            self.t += 1
            t = self.t
            g = grads[key]
            self.m.setdefault(key, np.zeros_like(g))
            self.v.setdefault(key, np.zeros_like(g))
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1**t)
            v_hat = self.v[key] / (1 - self.beta2**t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


class AdamStartsAt0(MyAdam):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.t = -1  # so the first update uses t = 0: 1 - beta**0 is 0


WRONG = [
    ("SGD", SGDRebinds, "left the arrays as they were"),
    ("SGD", SGDWritesIntoGrads, "must not write into them"),
    ("SGD", lambda lr=0.01: MySGD(-lr), "The weights climb"),
    ("Momentum", MomentumForgets, "That is plain SGD"),
    ("Momentum", MomentumUphill, "the step is W += v"),
    ("Momentum", MomentumRebinds, "in place"),
    ("AdaGrad", AdaGradForgets, "h starts anew at every update"),
    ("AdaGrad", AdaGradNoEps, "Add eps = 1e-7"),
    ("Adam", AdamUncorrected, "No bias correction"),
    ("Adam", AdamTPerKey, "t counts updates, not parameters"),
    ("Adam", AdamStartsAt0, "t must be 1"),
    ("predict_momentum_steps", [-6.8607, 1.28], "two steps of SGD"),
    ("predict_momentum_steps", [-6.93, 1.6], "That is one step"),
    ("predict_momentum_steps", [-6.797, 0.84], "not at the start"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_every_chapter_8_exercise_has_a_solution_here():
    assert set(SOLUTIONS) == {name for name, _, _ in exercises(8)}
    assert {name for name, _, _ in WRONG} == set(SOLUTIONS)


def test_the_books_form_of_adam_passes():
    # The book folds the bias correction into the learning rate and adds eps = 1e-7
    # to the uncorrected root: the same steps, up to where eps counts.
    class FoldedAdam(MyAdam):
        def update(self, params, grads):
            self.t += 1
            lr_t = self.lr * np.sqrt(1 - self.beta2**self.t) / (1 - self.beta1**self.t)
            for key in params:
                g = grads[key]
                self.m.setdefault(key, np.zeros_like(g))
                self.v.setdefault(key, np.zeros_like(g))
                self.m[key] += (1 - self.beta1) * (g - self.m[key])
                self.v[key] += (1 - self.beta2) * (g * g - self.v[key])
                params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)

    assert check("Adam", FoldedAdam)
