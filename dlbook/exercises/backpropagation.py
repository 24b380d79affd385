"""The exercises of chapter 7, "Backpropagation": nodes and layers, forward, backward.

A layer exercise takes the learner's class. The checker makes a layer (``Relu()``,
``Sigmoid()``, ``Affine(W, b)``, ``SoftmaxWithLoss()``), calls ``forward`` on a batch,
then ``backward`` with an upstream gradient ``dout`` of the output's shape (a loss
layer: ``backward(1.0)``), and compares a dict of what came out, entry by entry:
``{"out": ..., "dx": ...}``, plus ``"dW"`` and ``"db"`` for ``Affine`` (read from the
layer's attributes), ``{"loss": ..., "dx": ...}`` for the loss layer. Neither
``forward`` nor ``backward`` may change an array it was given, ``dout`` included.
``predict_node_gradients`` asks for the gradients of a small graph of nodes.
"""

import numpy as np

from .. import layers as ch7
from ..activations import sigmoid, softmax
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(7)


# --- predict_node_gradients ---------------------------------------------------------


def _node_gradients():
    """(x + y) * z at x = -2, y = 5, z = -4, backward from 1: (dx, dy, dz)."""
    add, mul = ch7.AddLayer(), ch7.MulLayer()
    q = add.forward(-2.0, 5.0)
    mul.forward(q, -4.0)
    dq, dz = mul.backward(1.0)
    dx, dy = add.backward(dq)
    return np.array([dx, dy, dz])


register(Exercise(
    "predict_node_gradients", 7,
    "predict (dx, dy, dz) for f = (x + y) * z at x = -2, y = 5, z = -4",
    _node_gradients, (), predict=True,
    mistakes=(
        (lambda: np.array([3.0, 3.0, -4.0]),
         "A multiply node swaps its inputs: each input gets dout times the *other* "
         "input, so z's gradient is x + y and (x + y)'s gradient is z."),
        (lambda: np.array([-2.0, -2.0, 3.0]),
         "An add node does not split its gradient: it passes dout unchanged to both "
         "inputs, since d(x + y)/dx = d(x + y)/dy = 1."),
        (lambda: np.array([-4.0, 0.0, 3.0]),
         "An add node passes dout to *both* of its inputs, y included."),
    ),
    hint="Go backward from the output with a gradient of 1: first through the "
         "multiply node (each input gets 1 times the other input), then through the "
         "add node (each input gets what (x + y) got)."))


# --- layers: how the checker meets a class --------------------------------------------


def _layer_run(layer_class, x, dout):
    """Make the layer, forward ``x``, backward ``dout``: ``{"out": ..., "dx": ...}``."""
    layer = layer_class()
    out = layer.forward(x)
    return {"out": out, "dx": layer.backward(dout)}


def _batch(*shape, scale=2.0):
    return (_rng.standard_normal(shape) * scale).round(3)


# --- Relu (find the bug) --------------------------------------------------------------


class _ReluAtZero:
    def forward(self, x):
        self.mask = x >= 0
        return np.maximum(x, 0)

    def backward(self, dout):
        return dout * self.mask


class _ReluBlocksPositive:
    def forward(self, x):
        self.mask = x <= 0
        return np.maximum(x, 0)

    def backward(self, dout):
        return dout * self.mask


class _ReluWithoutDout:
    def forward(self, x):
        self.mask = x > 0
        return np.maximum(x, 0)

    def backward(self, dout):
        return self.mask.astype(np.float64)


_WITH_ZEROS = np.array([[1.5, 0.0, -2.0], [0.0, -0.5, 3.0]])

register(Exercise(
    "Relu", 7,
    "Relu: forward max(0, x); backward passes dout where x > 0, as a new array",
    ch7.Relu,
    (
        Case("the chapter's batch (2, 2)",
             (np.array([[1.0, -0.5], [-2.0, 3.0]]),
              np.array([[10.0, 20.0], [30.0, 40.0]]))),
        Case("a batch (2, 3) with inputs exactly 0",
             (_WITH_ZEROS, np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))),
        Case("a batch (4, 5)", (_batch(4, 5), _batch(4, 5))),
        Case("float32 values", (_batch(3, 2).astype(np.float32),
                                _batch(3, 2).astype(np.float32))),
        Case("images (2, 1, 2, 2)", (_batch(2, 1, 2, 2), _batch(2, 1, 2, 2))),
    ),
    mistakes=(
        (_ReluAtZero,
         "ReLU's gradient at exactly 0 is 0: at x = 0 the gradient must not pass. "
         "Keep the mask x > 0, not x >= 0."),
        (_ReluBlocksPositive,
         "The mask is the wrong way round: the gradient passes where x > 0 and is "
         "blocked where x <= 0."),
        (_ReluWithoutDout,
         "backward must multiply the upstream gradient by the local one: "
         "dout * mask, not the mask alone."),
    ),
    hint="forward: keep self.mask = x > 0 and return np.maximum(x, 0). backward: "
         "return dout * self.mask, a new array.",
    run=_layer_run))


# --- Sigmoid --------------------------------------------------------------------------


class _SigmoidOfOutput:
    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        s = sigmoid(self.out)
        return dout * s * (1 - s)


class _SigmoidOnInput:
    def forward(self, x):
        self.x = x
        return sigmoid(x)

    def backward(self, dout):
        return dout * self.x * (1 - self.x)


class _SigmoidWithoutDout:
    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return self.out * (1 - self.out)


register(Exercise(
    "Sigmoid", 7,
    "Sigmoid: forward sigmoid(x), caching the output; backward dout * out * (1 - out)",
    ch7.Sigmoid,
    (
        Case("the chapter's inputs (1, 3)",
             (np.array([[-2.0, 0.0, 2.0]]), np.ones((1, 3)))),
        Case("a batch (3, 4)", (_batch(3, 4), _batch(3, 4))),
        Case("large inputs of both signs",
             (np.array([[-1000.0, -30.0], [30.0, 1000.0]]),
              np.array([[1.0, 2.0], [3.0, 4.0]]))),
    ),
    mistakes=(
        (_SigmoidOfOutput,
         "The derivative was applied to the activated output: sigmoid_grad(x) = "
         "s * (1 - s) with s = sigmoid(x) takes the *input*. You cached the output "
         "out = sigmoid(x) already, so the slope is out * (1 - out): no second "
         "sigmoid."),
        (_SigmoidOnInput,
         "y * (1 - y) needs the output y = sigmoid(x), not the input x: cache the "
         "output in forward and use it in backward."),
        (_SigmoidWithoutDout,
         "backward must multiply by the upstream gradient: dout * out * (1 - out)."),
    ),
    warning_hint="1 / (1 + np.exp(-x)) overflows for x = -1000: use chapter 2's "
                 "sigmoid, which never does (from dlbook import sigmoid).",
    hint="forward: self.out = sigmoid(x), return it. backward: "
         "return dout * self.out * (1 - self.out).",
    run=_layer_run))


# --- Affine ---------------------------------------------------------------------------


def _affine_run(layer_class, W, b, x, dout):
    """``Affine(W, b)``, forward ``x``, backward ``dout``; dW and db read after it."""
    layer = layer_class(W, b)
    out = layer.forward(x)
    dx = layer.backward(dout)
    return {"out": out, "dx": dx, "dW": getattr(layer, "dW", None),
            "db": getattr(layer, "db", None)}


class _AffineBase:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b


class _AffineTransposed(_AffineBase):
    def backward(self, dout):
        self.dW = dout.T @ self.x
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class _AffineNoSum(_AffineBase):
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout
        return dout @ self.W.T


class _AffineMean(_AffineBase):
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.mean(axis=0)
        return dout @ self.W.T


def _affine_case(label, n, d, h):
    return Case(label, (_batch(d, h, scale=0.5), _batch(h, scale=0.1), _batch(n, d),
                        _batch(n, h)))


register(Exercise(
    "Affine", 7,
    "Affine(W, b): forward x @ W + b; backward sets dW = x.T @ dout and "
    "db = dout summed over the batch, returns dx = dout @ W.T",
    ch7.Affine,
    (
        _affine_case("x (4, 3), W (3, 2)", 4, 3, 2),
        _affine_case("a batch of one, x (1, 3), W (3, 5)", 1, 3, 5),
        _affine_case("as many samples as features, x (3, 3), W (3, 3)", 3, 3, 3),
        _affine_case("x (6, 4), W (4, 2)", 6, 4, 2),
    ),
    mistakes=(
        (_AffineTransposed,
         "dW is transposed: it has W's shape (D, H), and x.T @ dout, (D, N) @ (N, H), "
         "is the only product that gives it; dout.T @ x is (H, D)."),
        (_AffineNoSum,
         "db must be summed over the batch: b was added to every row, so its "
         "gradient collects every row's, db = dout.sum(axis=0), shape (H,)."),
        (_AffineMean,
         "db is the sum of dout over the batch, not its mean: the loss has already "
         "divided by the batch size (in SoftmaxWithLoss)."),
    ),
    hint="backward: self.dW = self.x.T @ dout, self.db = dout.sum(axis=0), and "
         "return dout @ self.W.T. Each gradient has the shape of what it is the "
         "gradient of.",
    run=_affine_run))


# --- SoftmaxWithLoss ------------------------------------------------------------------


def _loss_run(layer_class, x, t):
    """``SoftmaxWithLoss()``, forward ``(x, t)``, backward ``1.0``."""
    layer = layer_class()
    loss = layer.forward(x, t)
    return {"loss": loss, "dx": layer.backward(1.0)}


def _labels(t, x):
    t = np.asarray(t)
    return t.argmax(axis=1) if t.shape == x.shape else t


class _LossBase:
    """Softmax and cross-entropy as the book writes them, with its 1e-7 guard."""

    def forward(self, x, t):
        self.t = _labels(t, x)
        self.y = softmax(x)
        n = len(self.t)
        return -np.sum(np.log(self.y[np.arange(n), self.t] + 1e-7)) / n

    def backward(self, dout=1.0):
        n = len(self.t)
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dout * dx / n


class _LossNotDivided(_LossBase):
    def backward(self, dout=1.0):
        dx = self.y.copy()
        dx[np.arange(len(self.t)), self.t] -= 1
        return dout * dx


class _LossSummed(_LossBase):
    def forward(self, x, t):
        return super().forward(x, t) * len(_labels(t, x))


register(Exercise(
    "SoftmaxWithLoss", 7,
    "SoftmaxWithLoss: forward(x, t) the mean cross-entropy of softmax(x); "
    "backward(1.0) (y - t) / N",
    ch7.SoftmaxWithLoss,
    (
        Case("the chapter's scores (1, 3), label 2",
             (np.array([[0.3, 2.9, 4.0]]), np.array([2]))),
        Case("a batch (4, 3) with labels", (_batch(4, 3), np.array([0, 2, 1, 2]))),
        Case("a batch (3, 4) with one-hot targets",
             (_batch(3, 4), np.eye(4)[[3, 0, 1]])),
        Case("scores in the thousands",
             (np.array([[1010.0, 1000.0, 990.0], [-3.0, 0.0, 3.0]]),
              np.array([0, 2]))),
        Case("a right class whose probability underflows to 0",
             (np.array([[1000.0, 0.0, -1000.0], [0.0, 1.0, 2.0]]), np.array([2, 2]))),
    ),
    mistakes=(
        (_LossNotDivided,
         "dx is N times too large: the loss is the mean over the batch, so its "
         "gradient is divided by the batch size, (y - t) / N."),
        (_LossSummed,
         "The loss is the cross-entropy summed over the batch: average it, divide by "
         "the batch size N."),
        (_LossBase,
         "A sample's loss stops at -log(1e-7), about 16.1: the right class's "
         "probability underflowed to 0, and the 1e-7 guard (chapter 5's "
         "cross_entropy_error has it) hides the true loss, 2000 for the first sample "
         "here. Compute the loss from log-softmax, "
         "log(sum(exp(x - max))) - (x - max)[t], which is finite for any scores."),
    ),
    warning_hint="Something overflowed or took log(0). Subtract each row's maximum "
                 "before the exponential, and compute the loss from log-softmax, "
                 "log(sum(exp(x - max))) - (x - max)[t]: a probability that "
                 "underflows to 0 then never meets a log.",
    hint="forward: y = softmax(x), t as labels (argmax of one-hot rows), loss = mean "
         "of -log y[n, t[n]] from log-softmax. backward: dx = y.copy(), "
         "dx[arange(N), t] -= 1, return dout * dx / N.",
    rtol=1e-5, run=_loss_run))

# The hints above in Korean (check(..., language="ko")), keyed by their English text.
KOREAN = {
    "Go backward from the output with a gradient of 1: first through the multiply "
    "node (each input gets 1 times the other input), then through the add node (each "
    "input gets what (x + y) got).":
        "출력에서 기울기 1을 들고 거꾸로 가자. 먼저 곱셈 노드를 지나고(입력마다 1에 "
        "다른 쪽 입력을 곱한 값을 받는다), 그다음 덧셈 노드를 지난다(입력마다 (x + y)가 "
        "받은 값을 그대로 받는다).",
    "A multiply node swaps its inputs: each input gets dout times the *other* input, "
    "so z's gradient is x + y and (x + y)'s gradient is z.":
        "곱셈 노드는 입력을 맞바꾼다. 입력마다 dout에 *다른 쪽* 입력을 곱한 값을 받으니, "
        "z의 기울기는 x + y이고 (x + y)의 기울기는 z다.",
    "An add node does not split its gradient: it passes dout unchanged to both "
    "inputs, since d(x + y)/dx = d(x + y)/dy = 1.":
        "덧셈 노드는 기울기를 나누지 않는다. d(x + y)/dx = d(x + y)/dy = 1이므로 dout을 "
        "두 입력에 그대로 넘긴다.",
    "An add node passes dout to *both* of its inputs, y included.":
        "덧셈 노드는 dout을 y를 포함한 *두* 입력 모두에 넘긴다.",
    "forward: keep self.mask = x > 0 and return np.maximum(x, 0). backward: return "
    "dout * self.mask, a new array.":
        "forward: self.mask = x > 0을 보관하고 np.maximum(x, 0)을 돌려준다. backward: "
        "새 배열 dout * self.mask를 돌려준다.",
    "ReLU's gradient at exactly 0 is 0: at x = 0 the gradient must not pass. Keep the "
    "mask x > 0, not x >= 0.":
        "ReLU 함수의 기울기는 정확히 0에서 0이다. x = 0에서는 기울기가 흐르면 안 된다. "
        "마스크는 x >= 0이 아니라 x > 0으로 두자.",
    "The mask is the wrong way round: the gradient passes where x > 0 and is blocked "
    "where x <= 0.":
        "마스크가 거꾸로다. 기울기는 x > 0인 곳에서 흐르고 x <= 0인 곳에서 막힌다.",
    "backward must multiply the upstream gradient by the local one: dout * mask, not "
    "the mask alone.":
        "backward는 상류 기울기에 국소 기울기를 곱해야 한다. 마스크만이 아니라 "
        "dout * mask다.",
    "forward: self.out = sigmoid(x), return it. backward: return "
    "dout * self.out * (1 - self.out).":
        "forward: self.out = sigmoid(x)를 돌려준다. backward: "
        "dout * self.out * (1 - self.out)을 돌려준다.",
    "1 / (1 + np.exp(-x)) overflows for x = -1000: use chapter 2's sigmoid, which "
    "never does (from dlbook import sigmoid).":
        "x = -1000이면 1 / (1 + np.exp(-x))가 오버플로한다. 오버플로하지 않는 2장의 "
        "시그모이드 함수를 쓰자(from dlbook import sigmoid).",
    "The derivative was applied to the activated output: sigmoid_grad(x) = s * (1 - s) "
    "with s = sigmoid(x) takes the *input*. You cached the output out = sigmoid(x) "
    "already, so the slope is out * (1 - out): no second sigmoid.":
        "활성화 함수를 거친 출력에 도함수를 적용했다. s = sigmoid(x)로 둔 "
        "sigmoid_grad(x) = s * (1 - s)는 *입력*을 받는다. 출력 out = sigmoid(x)는 이미 "
        "보관해 두었으니 기울기는 out * (1 - out)이다. 시그모이드 함수를 한 번 더 "
        "적용하지 않는다.",
    "y * (1 - y) needs the output y = sigmoid(x), not the input x: cache the output in "
    "forward and use it in backward.":
        "y * (1 - y)에는 입력 x가 아니라 출력 y = sigmoid(x)가 필요하다. forward에서 "
        "출력을 보관하고 backward에서 쓰자.",
    "backward must multiply by the upstream gradient: dout * out * (1 - out).":
        "backward는 상류 기울기를 곱해야 한다: dout * out * (1 - out).",
    "backward: self.dW = self.x.T @ dout, self.db = dout.sum(axis=0), and return "
    "dout @ self.W.T. Each gradient has the shape of what it is the gradient of.":
        "backward: self.dW = self.x.T @ dout, self.db = dout.sum(axis=0)로 두고 "
        "dout @ self.W.T를 돌려준다. 기울기는 그 기울기를 구한 대상과 형상이 같다.",
    "dW is transposed: it has W's shape (D, H), and x.T @ dout, (D, N) @ (N, H), is "
    "the only product that gives it; dout.T @ x is (H, D).":
        "dW가 전치되었다. dW는 W와 같은 형상 (D, H)이고, 그 형상을 내는 곱은 "
        "x.T @ dout, 곧 (D, N) @ (N, H)뿐이다. dout.T @ x는 (H, D)다.",
    "db must be summed over the batch: b was added to every row, so its gradient "
    "collects every row's, db = dout.sum(axis=0), shape (H,).":
        "db는 배치에 대해 더해야 한다. b는 모든 행에 더해졌으니 그 기울기는 모든 행의 "
        "기울기를 모은다: db = dout.sum(axis=0), 형상 (H,).",
    "db is the sum of dout over the batch, not its mean: the loss has already divided "
    "by the batch size (in SoftmaxWithLoss).":
        "db는 배치에 대한 dout의 평균이 아니라 합이다. 손실이 이미 배치 크기로 나누었다"
        "(SoftmaxWithLoss에서).",
    "forward: y = softmax(x), t as labels (argmax of one-hot rows), loss = mean of "
    "-log y[n, t[n]] from log-softmax. backward: dx = y.copy(), dx[arange(N), t] -= 1, "
    "return dout * dx / N.":
        "forward: y = softmax(x), t는 레이블로(원-핫 행이면 argmax), loss는 "
        "log-softmax로 구한 -log y[n, t[n]]의 평균. backward: dx = y.copy(), "
        "dx[arange(N), t] -= 1, 그리고 dout * dx / N을 돌려준다.",
    "Something overflowed or took log(0). Subtract each row's maximum before the "
    "exponential, and compute the loss from log-softmax, "
    "log(sum(exp(x - max))) - (x - max)[t]: a probability that underflows to 0 then "
    "never meets a log.":
        "어딘가에서 오버플로가 일어났거나 log(0)을 계산했다. 지수 함수 전에 행마다 "
        "최댓값을 빼고, 손실은 log-softmax로 구하자: "
        "log(sum(exp(x - max))) - (x - max)[t]. 그러면 0으로 언더플로한 확률이 로그를 "
        "만날 일이 없다.",
    "dx is N times too large: the loss is the mean over the batch, so its gradient is "
    "divided by the batch size, (y - t) / N.":
        "dx가 N배 크다. 손실은 배치에 대한 평균이니 그 기울기도 배치 크기로 나눈다: "
        "(y - t) / N.",
    "The loss is the cross-entropy summed over the batch: average it, divide by the "
    "batch size N.":
        "손실이 배치에 대해 더한 교차 엔트로피 오차다. 배치 크기 N으로 나눠 평균하자.",
    "A sample's loss stops at -log(1e-7), about 16.1: the right class's probability "
    "underflowed to 0, and the 1e-7 guard (chapter 5's cross_entropy_error has it) "
    "hides the true loss, 2000 for the first sample here. Compute the loss from "
    "log-softmax, log(sum(exp(x - max))) - (x - max)[t], which is finite for any "
    "scores.":
        "한 샘플의 손실이 -log(1e-7), 약 16.1에서 멈췄다. 정답 클래스의 확률이 0으로 "
        "언더플로했고, (5장의 cross_entropy_error에 있는) 1e-7이 참 손실을 가린다. "
        "여기서 첫 번째 샘플의 참 손실은 2000이다. 어떤 점수에서도 유한한 "
        "log-softmax로 손실을 구하자: log(sum(exp(x - max))) - (x - max)[t].",
}
