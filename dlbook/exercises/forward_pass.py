"""The exercises of chapter 4, "The 3-layer forward pass": shapes, outputs, ``forward``.

``forward(network, x)`` and ``forward_trace(network, x)`` take a network as
``init_network`` makes it, a dict of ``W1`` (D, H1), ``b1`` (H1,), ``W2`` (H1, H2),
``b2`` (H2,), ``W3`` (H2, C), ``b3`` (C,), and ``x`` of shape (D,) or a batch (N, D).
Hidden layers use the sigmoid, the output layer the identity. ``forward`` returns the
output, (C,) or (N, C); ``forward_trace`` the dict of every step, ``{"X", "A1", "Z1",
"A2", "Z2", "A3", "Y"}``. The cases use the chapter's network and seeded random ones
of other sizes. The two predictions are a shape and an output.
"""

import numpy as np

from .. import forward_pass as ch4
from ..activations import sigmoid, softmax
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(4)


def _network(*sizes, rng=_rng, dtype=np.float64):
    """A seeded network of sizes (D, H1, H2, C), a dict like init_network's."""
    network = {}
    for layer, (d, h) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        network[f"W{layer}"] = rng.normal(scale=0.5, size=(d, h)).astype(dtype)
        network[f"b{layer}"] = rng.normal(scale=0.1, size=h).astype(dtype)
    return network


def _ones_network(*sizes):
    """Weights and biases all 1, of the given sizes: the first prediction's network."""
    network = {}
    for layer, (d, h) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        network[f"W{layer}"], network[f"b{layer}"] = np.ones((d, h)), np.ones(h)
    return network


# --- predict: a shape in the middle of a batch ----------------------------------------

def _trace_shape():
    """The box's snippet: a 4-5-3-2 network, a batch of 10; the shape of Z2."""
    return ch4.forward_trace(_ones_network(4, 5, 3, 2), np.ones((10, 4)))["Z2"].shape


register(Exercise(
    "predict_forward_shape", 4,
    "predict forward_trace(network, X)['Z2'].shape: a 4-5-3-2 network, X (10, 4)",
    _trace_shape, (), output="int", predict=True,
    mistakes=(
        (lambda: (5, 3), "(5, 3) is the shape of W2. Z2 is what layer 2 passes on: "
         "one row per sample, one column per neuron of layer 2."),
        (lambda: (3,), "(3,) is Z2 for one sample. X holds 10 samples, one per row, "
         "and the batch axis goes through every layer untouched."),
        (lambda: (10, 5), "(10, 5) is Z1, the output of layer 1. Z2 comes out of "
         "layer 2, whose W2 is (5, 3)."),
        (lambda: (10, 2), "(10, 2) is the network's output Y. Z2 is one step "
         "earlier: the output of the second hidden layer."),
        (lambda: (3, 10), "The axes are swapped: a batch keeps one sample per row, "
         "so the batch size comes first."),
    ),
    hint="Follow the shapes layer by layer: (10, 4) @ (4, 5) gives A1 (10, 5), the "
         "sigmoid keeps it; then the next W. Only the last axis changes."))


# --- predict: the output when W3 is all zeros -----------------------------------------

def _zero_w3_network():
    network = ch4.init_network()
    network["W3"] = np.zeros((2, 2))
    return network


ZERO_W3_X = np.array([[1.0, 0.5], [-3.0, 2.0], [10.0, 10.0], [0.0, 0.0]])


def _output_bias():
    """The box's snippet: the chapter's network with W3 = 0, on a batch of 4."""
    return ch4.forward(_zero_w3_network(), ZERO_W3_X)


_B3 = np.array([0.1, 0.2])
register(Exercise(
    "predict_output_bias", 4,
    "predict forward(network, X) for the chapter's network with W3 = 0, X (4, 2)",
    _output_bias, (), predict=True,
    mistakes=(
        (lambda: _B3, "That is the right row, but X holds 4 samples: the output has "
         "one row per sample, shape (4, 2)."),
        (lambda: np.tile(sigmoid(_B3), (4, 1)), "The output layer has no sigmoid: "
         "its activation is the identity, which returns A3 unchanged."),
        (lambda: np.zeros((4, 2)), "W3 = 0 makes Z2 @ W3 zero, but the bias b3 is "
         "still added: A3 = 0 + b3."),
        (lambda: np.tile(softmax(_B3), (4, 1)), "forward's output is the identity "
         "unless output=softmax is passed."),
        (lambda: np.full((4, 2), 0.5), "W3 = 0 gives A3 = b3, not 0, and no "
         "sigmoid follows at the output."),
    ),
    hint="With W3 = 0 the last layer's weighted sum is 0 + b3 for every sample, "
         "whatever the hidden layers computed; the output activation is the "
         "identity, and each of the 4 samples gets its own row."))


# --- find the bug: forward ------------------------------------------------------------

def _layers(network):
    return ([network[f"W{i}"] for i in (1, 2, 3)],
            [network[f"b{i}"] for i in (1, 2, 3)])


def _forward_with(network, x, hidden=sigmoid, output=lambda a: a, first=None):
    (W1, W2, W3), (b1, b2, b3) = _layers(network)
    x = np.asarray(x)
    a1 = first(x, W1, b1) if first else x @ W1 + b1
    z1 = hidden(a1)
    z2 = hidden(z1 @ W2 + b2)
    return output(z2 @ W3 + b3)


def _sigmoid_output(network, x):
    return _forward_with(network, x, output=sigmoid)


def _transposed_first_layer(network, x):
    return _forward_with(network, x, first=lambda x, W1, b1: np.dot(W1.T, x) + b1)


def _bias_after_activation(network, x):
    (W1, W2, W3), (b1, b2, b3) = _layers(network)
    z1 = sigmoid(np.asarray(x) @ W1) + b1
    z2 = sigmoid(z1 @ W2) + b2
    return z2 @ W3 + b3


register(Exercise(
    "forward", 4,
    "forward(network, x): sigmoid hidden layers, identity output; (D,) or (N, D)",
    ch4.forward,
    (
        Case("the chapter's network and x = (1.0, 0.5)",
             (ch4.init_network(), np.array([1.0, 0.5]))),
        Case("one sample (4,) through a 4-5-3-2 network",
             (_network(4, 5, 3, 2), _rng.normal(size=4))),
        Case("a batch (3, 3) through a 3-3-3-3 network",
             (_network(3, 3, 3, 3), _rng.normal(size=(3, 3)))),
        Case("a batch (5, 2) through the chapter's network",
             (ch4.init_network(), _rng.normal(size=(5, 2)))),
        Case("a batch (6, 4) through a 4-5-3-2 network",
             (_network(4, 5, 3, 2), _rng.normal(size=(6, 4)))),
        Case("a float32 network and batch",
             (_network(2, 3, 2, 2, dtype=np.float32),
              _rng.normal(size=(4, 2)).astype(np.float32))),
        Case("large inputs, as in the chapter",
             (ch4.init_network(), np.array([[-100.0, -100.0], [100.0, 100.0]]))),
    ),
    mistakes=(
        (_sigmoid_output,
         "The output layer has a sigmoid. Only the hidden layers take h() = "
         "sigmoid; the output's activation here is the identity: return A3 = "
         "z2 @ W3 + b3 as it is (or identity_function(a3))."),
        (_transposed_first_layer,
         "np.dot(W1.T, x) is the maths books' column form. For one sample (D,) it "
         "equals x @ W1, but for a batch (N, D) it multiplies the wrong axes: a "
         "batch has one sample per row, so every layer is x @ W + b."),
        (lambda network, x: _forward_with(network, x, output=softmax),
         "The output is a softmax. forward's output layer is the identity (a "
         "regression output): return A3 unchanged."),
        (lambda network, x: _forward_with(network, x, hidden=lambda a: a),
         "The hidden layers passed their sums on unchanged (no activation, or a "
         "ReLU of sums that are all positive here): apply the sigmoid to A1 and to "
         "A2 before they go on to the next layer."),
        (_bias_after_activation,
         "The bias was added after the sigmoid. A neuron adds its bias to the "
         "weighted sum first, then applies the activation: sigmoid(x @ W1 + b1)."),
    ),
    hint="Three layers: z1 = sigmoid(x @ W1 + b1), z2 = sigmoid(z1 @ W2 + b2), and "
         "the output z2 @ W3 + b3 with no activation."))


# --- implement: forward_trace ---------------------------------------------------------

def _trace_with(network, x, swap=False, output=lambda a: a, with_x=True):
    (W1, W2, W3), (b1, b2, b3) = _layers(network)
    x = np.array(x)
    a1 = x @ W1 + b1
    z1 = sigmoid(a1)
    a2 = z1 @ W2 + b2
    z2 = sigmoid(a2)
    a3 = z2 @ W3 + b3
    steps = {"A1": a1, "Z1": z1, "A2": a2, "Z2": z2, "A3": a3, "Y": output(a3)}
    if swap:  # the other convention: z the weighted sum, a the activation
        steps.update({"A1": z1, "Z1": a1, "A2": z2, "Z2": a2})
    return {"X": x, **steps} if with_x else steps


register(Exercise(
    "forward_trace", 4,
    "forward_trace(network, x): the dict X, A1, Z1, A2, Z2, A3, Y of every step",
    ch4.forward_trace,
    (
        Case("the chapter's network and x = (1.0, 0.5)",
             (ch4.init_network(), np.array([1.0, 0.5]))),
        Case("x = (0, 0): A1 is b1",
             (ch4.init_network(), np.array([0.0, 0.0]))),
        Case("a batch (4, 3) through a 3-4-2-3 network",
             (_network(3, 4, 2, 3), _rng.normal(size=(4, 3)))),
        Case("a batch (5, 2) through the chapter's network",
             (ch4.init_network(), _rng.normal(size=(5, 2)))),
    ),
    mistakes=(
        (lambda network, x: _trace_with(network, x, swap=True),
         "A and Z are swapped: in this book A is a layer's weighted sum, "
         "Z_prev @ W + b, and Z = sigmoid(A) is what it passes on (some courses "
         "use the letters the other way round)."),
        (lambda network, x: _trace_with(network, x, output=sigmoid),
         "Y went through a sigmoid. The output activation is the identity: Y is "
         "A3 unchanged."),
        (lambda network, x: _trace_with(network, x, with_x=False),
         "The trace starts with the input itself: add it under the key \"X\"."),
    ),
    hint="Return a dict with the seven keys X, A1, Z1, A2, Z2, A3, Y: X the input, "
         "each A the weighted sum of the layer before (x @ W1 + b1 for A1), each Z "
         "= sigmoid(A), and Y = A3 (the identity output)."))

# The hints above in Korean (check(..., language="ko")), keyed by their English text.
KOREAN = {
    "(5, 3) is the shape of W2. Z2 is what layer 2 passes on: one row per sample, one "
    "column per neuron of layer 2.":
        "(5, 3)은 W2의 형상이다. Z2는 2층이 다음으로 넘기는 값이다. 샘플마다 행 하나, "
        "2층의 뉴런마다 열 하나다.",
    "(3,) is Z2 for one sample. X holds 10 samples, one per row, and the batch axis "
    "goes through every layer untouched.":
        "(3,)은 샘플 하나의 Z2다. X에는 행마다 하나씩 샘플 10개가 있고, 배치 축은 "
        "모든 계층을 그대로 지나간다.",
    "(10, 5) is Z1, the output of layer 1. Z2 comes out of layer 2, whose W2 is "
    "(5, 3).":
        "(10, 5)는 1층의 출력 Z1이다. Z2는 W2가 (5, 3)인 2층에서 나온다.",
    "(10, 2) is the network's output Y. Z2 is one step earlier: the output of the "
    "second hidden layer.":
        "(10, 2)는 신경망의 출력 Y다. Z2는 그보다 한 단계 앞, 두 번째 은닉층의 출력이다.",
    "The axes are swapped: a batch keeps one sample per row, so the batch size comes "
    "first.":
        "축이 뒤바뀌었다. 배치는 행 하나에 샘플 하나를 두므로 배치 크기가 먼저 온다.",
    "Follow the shapes layer by layer: (10, 4) @ (4, 5) gives A1 (10, 5), the sigmoid "
    "keeps it; then the next W. Only the last axis changes.":
        "계층마다 형상을 따라가자. (10, 4) @ (4, 5)는 A1 (10, 5)를 내고, 시그모이드 "
        "함수는 형상을 그대로 둔다. 그다음은 다음 W다. 바뀌는 것은 마지막 축뿐이다.",
    "That is the right row, but X holds 4 samples: the output has one row per sample, "
    "shape (4, 2).":
        "행은 맞지만 X에는 샘플이 4개 있다. 출력은 샘플마다 행 하나, 형상 (4, 2)다.",
    "The output layer has no sigmoid: its activation is the identity, which returns A3 "
    "unchanged.":
        "출력층에는 시그모이드 함수가 없다. 출력층의 활성화 함수는 A3를 그대로 "
        "돌려주는 항등 함수다.",
    "W3 = 0 makes Z2 @ W3 zero, but the bias b3 is still added: A3 = 0 + b3.":
        "W3 = 0이면 Z2 @ W3는 0이지만 편향 b3는 여전히 더해진다: A3 = 0 + b3.",
    "forward's output is the identity unless output=softmax is passed.":
        "output=softmax를 넘기지 않으면 forward의 출력은 항등 함수를 거친 값이다.",
    "W3 = 0 gives A3 = b3, not 0, and no sigmoid follows at the output.":
        "W3 = 0이면 A3는 0이 아니라 b3이고, 출력에는 시그모이드 함수가 뒤따르지 않는다.",
    "With W3 = 0 the last layer's weighted sum is 0 + b3 for every sample, whatever "
    "the hidden layers computed; the output activation is the identity, and each of "
    "the 4 samples gets its own row.":
        "W3 = 0이면 은닉층이 무엇을 계산했든 마지막 계층의 가중합은 샘플마다 0 + b3다. "
        "출력층의 활성화 함수는 항등 함수이고, 샘플 4개가 저마다 행 하나를 갖는다.",
    "The output layer has a sigmoid. Only the hidden layers take h() = sigmoid; the "
    "output's activation here is the identity: return A3 = z2 @ W3 + b3 as it is (or "
    "identity_function(a3)).":
        "출력층에 시그모이드 함수가 있다. h() = sigmoid는 은닉층만 쓰고, 여기서 출력층의 "
        "활성화 함수는 항등 함수다. A3 = z2 @ W3 + b3를 그대로 돌려주자(또는 "
        "identity_function(a3)).",
    "np.dot(W1.T, x) is the maths books' column form. For one sample (D,) it equals "
    "x @ W1, but for a batch (N, D) it multiplies the wrong axes: a batch has one "
    "sample per row, so every layer is x @ W + b.":
        "np.dot(W1.T, x)는 수학책의 열 형식이다. 샘플 하나 (D,)라면 x @ W1과 같지만, "
        "배치 (N, D)라면 엉뚱한 축끼리 곱한다. 배치는 행 하나에 샘플 하나이니 모든 "
        "계층은 x @ W + b다.",
    "The output is a softmax. forward's output layer is the identity (a regression "
    "output): return A3 unchanged.":
        "출력이 소프트맥스 함수를 거쳤다. forward의 출력층은 항등 함수(회귀의 출력)다. "
        "A3를 그대로 돌려주자.",
    "The hidden layers passed their sums on unchanged (no activation, or a ReLU of "
    "sums that are all positive here): apply the sigmoid to A1 and to A2 before they "
    "go on to the next layer.":
        "은닉층이 가중합을 그대로 넘겼다(활성화 함수가 없거나, 여기서는 가중합이 모두 "
        "양수라 ReLU 함수가 아무것도 바꾸지 않았다). A1과 A2를 다음 계층으로 넘기기 "
        "전에 시그모이드 함수를 적용하자.",
    "The bias was added after the sigmoid. A neuron adds its bias to the weighted sum "
    "first, then applies the activation: sigmoid(x @ W1 + b1).":
        "편향을 시그모이드 함수 다음에 더했다. 뉴런은 먼저 가중합에 편향을 더하고, 그다음 "
        "활성화 함수를 적용한다: sigmoid(x @ W1 + b1).",
    "Three layers: z1 = sigmoid(x @ W1 + b1), z2 = sigmoid(z1 @ W2 + b2), and the "
    "output z2 @ W3 + b3 with no activation.":
        "세 계층: z1 = sigmoid(x @ W1 + b1), z2 = sigmoid(z1 @ W2 + b2), 그리고 "
        "활성화 함수 없는 출력 z2 @ W3 + b3.",
    "A and Z are swapped: in this book A is a layer's weighted sum, Z_prev @ W + b, "
    "and Z = sigmoid(A) is what it passes on (some courses use the letters the other "
    "way round).":
        "A와 Z가 뒤바뀌었다. 이 책에서 A는 계층의 가중합 Z_prev @ W + b이고, "
        "Z = sigmoid(A)는 계층이 다음으로 넘기는 값이다(두 글자를 반대로 쓰는 강의도 "
        "있다).",
    "Y went through a sigmoid. The output activation is the identity: Y is A3 "
    "unchanged.":
        "Y가 시그모이드 함수를 거쳤다. 출력층의 활성화 함수는 항등 함수다. Y는 A3 "
        "그대로다.",
    "The trace starts with the input itself: add it under the key \"X\".":
        "기록은 입력 자체로 시작한다. 입력을 키 \"X\"에 넣자.",
    "Return a dict with the seven keys X, A1, Z1, A2, Z2, A3, Y: X the input, each A "
    "the weighted sum of the layer before (x @ W1 + b1 for A1), each Z = sigmoid(A), "
    "and Y = A3 (the identity output).":
        "키가 X, A1, Z1, A2, Z2, A3, Y 일곱 개인 딕셔너리를 돌려주자. X는 입력, 각 A는 "
        "앞 계층에서 온 가중합(A1은 x @ W1 + b1), 각 Z = sigmoid(A), 그리고 Y = A3"
        "(항등 함수의 출력)다.",
}
