"""Chapter 13's exercises: model answers pass, the classic wrong ones get their own hint."""

from __future__ import annotations

import numpy as np

from dlbook.conv import col2im, conv_output_size, im2col
from dlbook.exercises import check
from exercise_suite import suite


class Convolution:
    """A learner's layer, written from the chapter's formulas."""

    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, _, H, W = x.shape
        OH = conv_output_size(H, FH, self.stride, self.pad)
        OW = conv_output_size(W, FW, self.stride, self.pad)
        self.x_shape, self.col = x.shape, im2col(x, FH, FW, self.stride, self.pad)
        out = self.col @ self.W.reshape(FN, -1).T + self.b
        return out.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
        self.db = dout.sum(axis=0)
        self.dW = (dout.T @ self.col).reshape(self.W.shape)
        dcol = dout @ self.W.reshape(FN, -1)
        return col2im(dcol, self.x_shape, FH, FW, self.stride, self.pad)


def batched_accuracy(net, x, t, batch_size=100):
    labels = t.argmax(axis=1) if t.ndim == 2 else t
    correct = 0
    for start in range(0, len(x), batch_size):
        scores = net.predict(x[start:start + batch_size])
        correct += int(np.sum(scores.argmax(axis=1) == labels[start:start + batch_size]))
    return correct / len(x)


SOLUTIONS = {
    "predict_simpleconvnet_params": 16 * 25 + 16 + 16 * 14 * 14 * 50 + 50 + 500 + 10,
    "predict_pool_output_shape": (4, 8, 14, 14),
    "Convolution": Convolution,
    "batched_accuracy": batched_accuracy,
}


class FiltersReshapedWrong(Convolution):
    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, _, H, W = x.shape
        OH = conv_output_size(H, FH, self.stride, self.pad)
        OW = conv_output_size(W, FW, self.stride, self.pad)
        self.x_shape, self.col = x.shape, im2col(x, FH, FW, self.stride, self.pad)
        out = self.col @ self.W.reshape(-1, FN) + self.b
        return out.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)


class ReshapedStraight(Convolution):
    def forward(self, x):
        out = super().forward(x)
        FN = self.W.shape[0]
        return (self.col @ self.W.reshape(FN, -1).T + self.b).reshape(out.shape)


class DoutNotTransposed(Convolution):
    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.reshape(-1, FN)
        self.db = dout.sum(axis=0)
        self.dW = (dout.T @ self.col).reshape(self.W.shape)
        return col2im(dout @ self.W.reshape(FN, -1), self.x_shape, FH, FW, self.stride,
                      self.pad)


class DWTransposed(Convolution):
    def backward(self, dout):
        dx = super().backward(dout)
        FN = self.W.shape[0]
        self.dW = (self.col.T @ dout.transpose(0, 2, 3, 1).reshape(-1, FN)).reshape(
            self.W.shape)
        return dx


class DbPerPosition(Convolution):
    def backward(self, dout):
        dx = super().backward(dout)
        self.db = dout.sum(axis=0)
        return dx


class ForgetsDW(Convolution):
    def backward(self, dout):
        dx = super().backward(dout)
        del self.dW
        return dx


def accuracy_books_loop(net, x, t, batch_size=100):
    correct = 0.0
    for i in range(len(x) // batch_size):
        part = slice(i * batch_size, (i + 1) * batch_size)
        correct += np.sum(net.predict(x[part]).argmax(axis=1) == t[part])
    return correct / len(x)


def accuracy_mean_of_rates(net, x, t, batch_size=100):
    rates = [np.mean(net.predict(x[s:s + batch_size]).argmax(axis=1) == t[s:s + batch_size])
             for s in range(0, len(x), batch_size)]
    return sum(rates) / len(rates)


WRONG = [
    ("predict_simpleconvnet_params", 16 * 25 + 16 + 16 * 12 * 12 * 50 + 50 + 500 + 10,
     "The padding of 2 counts"),
    ("predict_simpleconvnet_params", 16 * 25 + 16 + 16 * 28 * 28 * 50 + 50 + 500 + 10,
     "The pooling comes before"),
    ("predict_simpleconvnet_params", 16 * 25 + 16 * 14 * 14 * 50 + 500,
     "Count the biases too"),
    ("predict_pool_output_shape", (4, 8, 28, 28), "the shape after the convolution"),
    ("predict_pool_output_shape", (4, 3, 14, 14), "one channel per filter"),
    ("predict_pool_output_shape", (8, 14, 14), "The batch axis stays"),
    ("Convolution", FiltersReshapedWrong, "W.reshape(-1, FN) cuts"),
    ("Convolution", ReshapedStraight, "transpose(0, 3, 1, 2)"),
    ("Convolution", DoutNotTransposed, "move the filters last before the reshape"),
    ("Convolution", DWTransposed, "dW = dout.T @ col"),
    ("Convolution", DbPerPosition, "sum dout over axes (0, 2, 3)"),
    ("Convolution", ForgetsDW, "dW: Your function returned None"),
    ("batched_accuracy", accuracy_books_loop, "The last, shorter batch was left out"),
    ("batched_accuracy", accuracy_mean_of_rates, "the mean of the batches' accuracies"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_the_prediction_is_what_the_network_has_and_is_not_shown():
    from dlbook import SimpleConvNet

    net = SimpleConvNet(conv_param={"filter_num": 16, "filter_size": 5, "pad": 2},
                        hidden_size=50, seed=0)
    total = sum(p.size for p in net.params.values())
    assert total == SOLUTIONS["predict_simpleconvnet_params"] == 157_776
    assert str(total) not in str(check("predict_simpleconvnet_params", 1))


def test_a_mutated_dout_is_reported():
    class InPlace(Convolution):
        def backward(self, dout):
            dx = super().backward(dout)
            dout *= 0
            return dx

    assert "changed its input (argument 4)" in str(check("Convolution", InPlace))
