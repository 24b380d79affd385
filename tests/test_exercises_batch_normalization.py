"""Chapter 11's exercises: the solutions pass, the classic wrong answers get their hint."""

from __future__ import annotations

import numpy as np

from exercise_suite import mistake_and_time_tests, suite


def batchnorm_forward(x, gamma, beta):
    mu = x.mean(axis=0)
    var = np.mean((x - mu) ** 2, axis=0)
    return gamma * (x - mu) / np.sqrt(var + 1e-6) + beta


class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9):
        self.gamma, self.beta, self.momentum = gamma, beta, momentum
        self.running_mean = self.running_var = None
        self.dgamma = self.dbeta = None

    def forward(self, x, train_flg=True):
        if not train_flg:
            return self.gamma * (x - self.running_mean) / np.sqrt(
                self.running_var + 1e-6) + self.beta
        mu = x.mean(axis=0)
        self.xc = x - mu
        var = self.variance(self.xc)
        self.std = np.sqrt(var + 1e-6)
        self.xn = self.xc / self.std
        if self.running_mean is None:
            self.running_mean, self.running_var = self.start(mu, var)
        m = self.momentum
        self.running_mean = m * self.running_mean + (1 - m) * mu
        self.running_var = m * self.running_var + (1 - m) * var
        return self.gamma * self.xn + self.beta

    def variance(self, xc):
        return np.mean(xc**2, axis=0)  # divided by N

    def start(self, mu, var):
        return np.zeros_like(mu), np.zeros_like(var)

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(dout * self.xn, axis=0)
        dxn = dout * self.gamma
        return (dxn - dxn.mean(axis=0) - self.xn * np.mean(dxn * self.xn, axis=0)) \
            / self.std


SOLUTIONS = {
    "predict_batch_of_one": np.array([[0.5, -1.0]]),
    "batchnorm_forward": batchnorm_forward,
    "predict_running_mean": [0.9, 1.0],
    "BatchNormalization": BatchNormalization,
}


def forward_ddof1(x, gamma, beta):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + 1e-6) + beta


def forward_axis1(x, gamma, beta):
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + 1e-6) + beta


def forward_no_eps(x, gamma, beta):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0)) + beta


class ConstantStatistics(BatchNormalization):
    def backward(self, dout):
        super().backward(dout)
        return dout * self.gamma / self.std


class InPlace(BatchNormalization):
    def backward(self, dout):
        dout *= self.gamma  # writes into the caller's dout
        self.dbeta = dout.sum(axis=0) / self.gamma
        self.dgamma = np.sum(dout * self.xn, axis=0) / self.gamma
        return (dout - dout.mean(axis=0) - self.xn * np.mean(dout * self.xn, axis=0)) \
            / self.std


class BatchStatisticsAtInference(BatchNormalization):
    def forward(self, x, train_flg=True):
        return super().forward(x, True)


class Unbiased(BatchNormalization):
    def variance(self, xc):
        return xc.var(axis=0, ddof=1)  # divided by N - 1


class StartsAtTheBatch(BatchNormalization):
    def start(self, mu, var):
        return mu.copy(), var.copy()  # the first batch's statistics, not zeros


WRONG = [
    ("predict_batch_of_one", [[7.0, -2.0]], "does change its input"),
    ("predict_batch_of_one", [[14.5, -7.0]], "That is gamma * x + beta"),
    ("predict_batch_of_one", [0.5, -1.0], "(1, 2)"),
    ("predict_batch_of_one", [[0, 0]], "beta is still added"),
    ("batchnorm_forward", forward_ddof1, "ddof=1"),
    ("batchnorm_forward", forward_axis1, "axis=0"),
    ("batchnorm_forward", forward_no_eps, "eps is missing"),
    ("batchnorm_forward", lambda x, g, b: (x - x.mean(axis=0)) / x.std(axis=0),
     "eps is missing"),
    ("batchnorm_forward", lambda x, g, b: batchnorm_forward(x, 1.0, 0.0),
     "gamma * xn + beta"),
    ("predict_running_mean", [9.0, 1.0], "starts at 0"),
    ("predict_running_mean", (0.9, 9.0), "The momentum weighs the old average"),
    ("predict_running_mean", [0, 10], "the last batch's mean"),
    ("predict_running_mean", [5, 5], "not the mean of the batches' means"),
    ("BatchNormalization", ConstantStatistics, "treats mu and var as constants"),
    ("BatchNormalization", InPlace, "changed its input (argument 4)"),
    ("BatchNormalization", BatchStatisticsAtInference, "normalize with the running"),
    ("BatchNormalization", Unbiased, "ddof=1"),
    ("BatchNormalization", StartsAtTheBatch, "start at zeros"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)

test_every_registered_mistake_is_met_with_its_own_hint, \
    test_a_whole_check_takes_well_under_a_second = mistake_and_time_tests(SOLUTIONS)
