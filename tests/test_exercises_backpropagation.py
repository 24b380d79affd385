"""Chapter 7's exercises: solutions pass, classic mistakes get their own hints."""

from __future__ import annotations

import numpy as np

import dlbook
from dlbook.exercises import check, exercises
from exercise_suite import suite


class MyRelu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x > 0
        return np.where(self.mask, x, 0)

    def backward(self, dout):
        return dout * self.mask


class MySigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = dlbook.sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


class MyAffine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class MySoftmaxWithLoss:
    def __init__(self):
        self.y = self.t = None

    def forward(self, x, t):
        t = np.asarray(t)
        self.t = t.argmax(axis=1) if t.ndim == 2 else t
        shifted = x - x.max(axis=1, keepdims=True)
        log_total = np.log(np.exp(shifted).sum(axis=1))
        self.y = np.exp(shifted - log_total[:, None])
        rows = np.arange(len(self.t))
        return float(np.mean(log_total - shifted[rows, self.t]))

    def backward(self, dout=1.0):
        dx = self.y.copy()
        dx[np.arange(len(self.t)), self.t] -= 1
        return dout * dx / len(self.t)


SOLUTIONS = {
    "predict_node_gradients": (-4.0, -4.0, 3.0),
    "Relu": MyRelu,
    "Sigmoid": MySigmoid,
    "Affine": MyAffine,
    "SoftmaxWithLoss": MySoftmaxWithLoss,
}


class ReluInPlace(MyRelu):  # the book's way: zeroes the caller's dout
    def backward(self, dout):
        dout[~self.mask] = 0
        return dout


class ReluAtZero(MyRelu):
    def forward(self, x):
        self.mask = x >= 0
        return np.maximum(x, 0)


class SigmoidOfOutput(MySigmoid):
    def backward(self, dout):
        return dout * dlbook.sigmoid_grad(self.out)


class SigmoidOnInput(MySigmoid):
    def forward(self, x):
        self.x = x
        return super().forward(x)

    def backward(self, dout):
        return dout * self.x * (1 - self.x)


class NaiveSigmoid(MySigmoid):
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out


class AffineTransposed(MyAffine):
    def backward(self, dout):
        dx = super().backward(dout)
        self.dW = dout.T @ self.x
        return dx


class AffineNoSum(MyAffine):
    def backward(self, dout):
        dx = super().backward(dout)
        self.db = dout
        return dx


class AffineForgetsdW(MyAffine):
    def backward(self, dout):
        return dout @ self.W.T


class LossNotDivided(MySoftmaxWithLoss):
    def backward(self, dout=1.0):
        return super().backward(dout) * len(self.t)


class LossSummed(MySoftmaxWithLoss):
    def forward(self, x, t):
        return super().forward(x, t) * len(x)


class LossWithGuard(MySoftmaxWithLoss):  # the book's 1e-7 guard
    def forward(self, x, t):
        super().forward(x, t)
        rows = np.arange(len(self.t))
        return -np.sum(np.log(self.y[rows, self.t] + 1e-7)) / len(self.t)


class LossFromChapter5(MySoftmaxWithLoss):  # the book's layer: softmax, then the loss
    def forward(self, x, t):
        super().forward(x, t)
        return dlbook.cross_entropy_error(dlbook.softmax(x), t)


class LossNoShift(MySoftmaxWithLoss):
    def forward(self, x, t):
        t = np.asarray(t)
        self.t = t.argmax(axis=1) if t.ndim == 2 else t
        self.y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
        return -np.mean(np.log(self.y[np.arange(len(self.t)), self.t]))


WRONG = [
    ("predict_node_gradients", (3.0, 3.0, -4.0), "swaps its inputs"),
    ("predict_node_gradients", [-2.0, -2.0, 3.0], "does not split"),
    ("Relu", ReluInPlace, "changed its input (argument 2)"),
    ("Relu", ReluAtZero, "gradient at exactly 0 is 0"),
    ("Sigmoid", SigmoidOfOutput, "applied to the activated output"),
    ("Sigmoid", SigmoidOnInput, "not the input x"),
    ("Sigmoid", NaiveSigmoid, "chapter 2's sigmoid"),
    ("Affine", AffineTransposed, "dW is transposed"),
    ("Affine", AffineNoSum, "summed over the batch"),
    ("Affine", AffineForgetsdW, "dW: Your function returned None"),
    ("SoftmaxWithLoss", LossNotDivided, "divided by the batch size"),
    ("SoftmaxWithLoss", LossSummed, "summed over the batch"),
    ("SoftmaxWithLoss", LossWithGuard, "hides the true loss"),
    ("SoftmaxWithLoss", LossFromChapter5, "chapter 5's cross_entropy_error"),
    ("SoftmaxWithLoss", LossNoShift, "Subtract each row's maximum"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_every_chapter_7_exercise_has_a_solution_here():
    assert set(SOLUTIONS) == {name for name, _, _ in exercises(7)}
    assert {name for name, _, _ in WRONG} == set(SOLUTIONS)


def test_a_square_affine_with_a_transposed_dW_is_still_named():
    # Only the square case (3, 3) cannot be told by its shape: the mistake names it.
    class TransposedOnlyWhenSquare(MyAffine):
        def backward(self, dout):
            dx = super().backward(dout)
            if self.W.shape[0] == self.W.shape[1]:
                self.dW = self.dW.T
            return dx

    text = str(check("Affine", TransposedOnlyWhenSquare))
    assert "as many samples as features" in text and "dW is transposed" in text
