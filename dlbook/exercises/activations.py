"""The exercises of chapter 2, "Activation functions": step, sigmoid, ReLU, softmax.

Each function takes an array of any shape ``(...)`` (``softmax``: ``(C,)`` or a batch
``(N, C)``, one distribution per row) and returns a new array of the same shape; it must
not change its input, and must not overflow or warn for inputs as large as ±1000.
"""

import numpy as np

from .. import activations as ch2
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(2)
_MIXED = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])


def _arrays(*extra):
    """The cases every elementwise function meets, then ``extra`` ones."""
    return (
        Case("a 1-D array with 0 in it", (_MIXED,)),
        Case("a 2-D batch (3, 4)", (_rng.normal(size=(3, 4)) * 3,)),
        Case("integers (dtype int64)", (np.array([-3, 0, 2]),)),
        *extra,
    )


def _naive_sigmoid(x):
    return 1 / (1 + np.exp(-x))


register(Exercise(
    "step_function", 2, "step_function(x): 1 where x > 0, else 0, as integers",
    ch2.step_function,
    _arrays(Case("float32 values", (np.array([-1.5, 0.25, 7.0], dtype=np.float32),))),
    output="int",
    mistakes=(
        (lambda x: (np.asarray(x) >= 0).astype(np.int64),
         "The step is 0 at x = 0 exactly: use x > 0, not x >= 0."),
    ),
    hint="Compare the whole array at once, y = x > 0, then turn the booleans into "
         "integers with y.astype(np.int64) (np.int no longer exists)."))

register(Exercise(
    "sigmoid", 2, "sigmoid(x): 1 / (1 + exp(-x)) without overflow, even at ±1000",
    ch2.sigmoid,
    _arrays(Case("very negative and very positive values",
                 (np.array([-1000.0, -40.0, 40.0, 1000.0]),)),
            Case("float32 values near the limit",
                 (np.array([-100.0, 100.0], dtype=np.float32),))),
    mistakes=((lambda x: 1 / (1 + np.exp(x)),
               "exp(x) should be exp(-x): your curve is the sigmoid mirrored, "
               "sigmoid(-x)."),),
    warning_hint="np.exp(-x) overflows for x = -1000 (e^1000 is beyond any float). "
                 "Only ever call exp on -|x|: with e = np.exp(-np.abs(x)), sigmoid is "
                 "1 / (1 + e) where x >= 0 and e / (1 + e) where x < 0 (np.where).",
    hint="sigmoid(x) = 1 / (1 + exp(-x)): check the signs."))

register(Exercise(
    "relu", 2, "relu(x): max(0, x), a new array; x is not changed", ch2.relu,
    _arrays(Case("only negative values", (np.array([[-1.0, -2.0], [-0.1, -1e9]]),))),
    mistakes=((lambda x: np.abs(x), "That is |x|: negative inputs must give 0."),
              (lambda x: np.minimum(x, 0), "np.minimum keeps the negative part: "
               "ReLU keeps the positive one, np.maximum(0, x).")),
    hint="relu(x) = np.maximum(0, x), elementwise."))


def _softmax_whole_batch(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def _softmax_axis0(x):
    e = np.exp(x - np.max(x, axis=0))
    return e / np.sum(e, axis=0)


register(Exercise(
    "softmax", 2, "softmax(x): exp(x) / sum(exp(x)) per row, shifted by the row's max",
    ch2.softmax,
    (
        Case("the chapter's scores (C,)", (np.array([0.3, 2.9, 4.0]),)),
        Case("equal scores", (np.zeros(4),)),
        Case("scores in the thousands", (np.array([1010.0, 1000.0, 990.0]),)),
        Case("a batch (3, 4), one distribution per row",
             (_rng.normal(size=(3, 4)) * 2,)),
        Case("a batch (2, 3) of very different rows",
             (np.array([[1000.0, 1001.0, 1002.0], [-3.0, 0.0, 3.0]]),)),
        Case("a batch (3, 3), as many rows as columns",
             (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0], [-1.0, 4.0, 2.0]]),)),
    ),
    mistakes=(
        (_softmax_whole_batch,
         "The whole batch was normalised at once: each row is one distribution. Take "
         "the max and the sum along the last axis, with keepdims=True: "
         "np.max(x, axis=-1, keepdims=True), np.sum(e, axis=-1, keepdims=True)."),
        (_softmax_axis0,
         "The columns sum to 1, not the rows: use axis=-1 (the classes), not axis=0, "
         "with keepdims=True."),
    ),
    warning_hint="np.exp(1010) overflows to inf, and inf / inf is nan. Subtract each "
                 "row's maximum first (x - np.max(x, axis=-1, keepdims=True)): it "
                 "changes nothing mathematically and keeps every exp at most 1.",
    hint="softmax(x) = exp(x - max) / sum(exp(x - max)), max and sum along the last "
         "axis with keepdims=True."))

register(Exercise(
    "sigmoid_grad", 2, "sigmoid_grad(x): the sigmoid's slope at the input x",
    ch2.sigmoid_grad,
    _arrays(Case("very negative and very positive values",
                 (np.array([-1000.0, -40.0, 40.0, 1000.0]),))),
    mistakes=((lambda x: x * (1 - x),
               "That is s * (1 - s) with s = x: the formula wants s = sigmoid(x) of "
               "the input, not the input itself."),
              (lambda x: ch2.sigmoid(x), "That is the sigmoid itself, not its slope.")),
    warning_hint="Compute the slope from a sigmoid that never overflows "
                 "(the previous exercise): s = sigmoid(x), then s * (1 - s).",
    hint="The slope is s * (1 - s) with s = sigmoid(x); it is at most 1/4, at x = 0."))

# The hints above in Korean (check(..., language="ko")), keyed by their English text.
KOREAN = {
    "The step is 0 at x = 0 exactly: use x > 0, not x >= 0.":
        "계단 함수는 정확히 x = 0에서 0이다. x >= 0이 아니라 x > 0을 쓴다.",
    "Compare the whole array at once, y = x > 0, then turn the booleans into integers "
    "with y.astype(np.int64) (np.int no longer exists).":
        "배열 전체를 한꺼번에 비교하고(y = x > 0), 그 불리언을 y.astype(np.int64)로 "
        "정수로 바꾸자(np.int는 이제 없다).",
    "exp(x) should be exp(-x): your curve is the sigmoid mirrored, sigmoid(-x).":
        "exp(x)가 아니라 exp(-x)여야 한다. 지금 곡선은 시그모이드 함수를 뒤집은 "
        "sigmoid(-x)다.",
    "np.exp(-x) overflows for x = -1000 (e^1000 is beyond any float). Only ever call "
    "exp on -|x|: with e = np.exp(-np.abs(x)), sigmoid is 1 / (1 + e) where x >= 0 and "
    "e / (1 + e) where x < 0 (np.where).":
        "x = -1000이면 np.exp(-x)가 오버플로한다(e^1000은 어떤 부동소수점 수로도 "
        "나타낼 수 없다). exp는 언제나 -|x|에만 적용하자. e = np.exp(-np.abs(x))로 "
        "두면 시그모이드 함수는 x >= 0에서 1 / (1 + e), x < 0에서 e / (1 + e)다"
        "(np.where).",
    "sigmoid(x) = 1 / (1 + exp(-x)): check the signs.":
        "sigmoid(x) = 1 / (1 + exp(-x)). 부호를 확인하자.",
    "That is |x|: negative inputs must give 0.":
        "그것은 |x|다. 음수 입력은 0을 내야 한다.",
    "np.minimum keeps the negative part: ReLU keeps the positive one, "
    "np.maximum(0, x).":
        "np.minimum은 음수 부분을 남긴다. ReLU 함수는 양수 부분을 남긴다: "
        "np.maximum(0, x).",
    "relu(x) = np.maximum(0, x), elementwise.": "relu(x) = np.maximum(0, x), 원소별로.",
    "The whole batch was normalised at once: each row is one distribution. Take the "
    "max and the sum along the last axis, with keepdims=True: "
    "np.max(x, axis=-1, keepdims=True), np.sum(e, axis=-1, keepdims=True).":
        "배치 전체를 한꺼번에 정규화했다. 행 하나가 분포 하나다. 최댓값과 합을 마지막 "
        "축을 따라 keepdims=True로 구하자: np.max(x, axis=-1, keepdims=True), "
        "np.sum(e, axis=-1, keepdims=True).",
    "The columns sum to 1, not the rows: use axis=-1 (the classes), not axis=0, with "
    "keepdims=True.":
        "행이 아니라 열의 합이 1이다. axis=0이 아니라 axis=-1(클래스 축)을 "
        "keepdims=True와 함께 쓰자.",
    "np.exp(1010) overflows to inf, and inf / inf is nan. Subtract each row's maximum "
    "first (x - np.max(x, axis=-1, keepdims=True)): it changes nothing mathematically "
    "and keeps every exp at most 1.":
        "np.exp(1010)은 inf로 오버플로하고, inf / inf는 nan이다. 먼저 행마다 최댓값을 "
        "빼자(x - np.max(x, axis=-1, keepdims=True)). 수학적으로는 아무것도 바뀌지 "
        "않고, 모든 exp 값이 1 이하로 유지된다.",
    "softmax(x) = exp(x - max) / sum(exp(x - max)), max and sum along the last axis "
    "with keepdims=True.":
        "softmax(x) = exp(x - max) / sum(exp(x - max)). max와 sum은 마지막 축을 따라 "
        "keepdims=True로 구한다.",
    "That is s * (1 - s) with s = x: the formula wants s = sigmoid(x) of the input, "
    "not the input itself.":
        "그것은 s = x로 둔 s * (1 - s)다. 식의 s는 입력 자체가 아니라 입력의 "
        "sigmoid(x)다.",
    "That is the sigmoid itself, not its slope.":
        "그것은 기울기가 아니라 시그모이드 함수 자체다.",
    "Compute the slope from a sigmoid that never overflows (the previous exercise): "
    "s = sigmoid(x), then s * (1 - s).":
        "오버플로하지 않는 시그모이드 함수(앞 연습 문제)로 기울기를 구하자: "
        "s = sigmoid(x), 그다음 s * (1 - s).",
    "The slope is s * (1 - s) with s = sigmoid(x); it is at most 1/4, at x = 0.":
        "기울기는 s = sigmoid(x)로 둔 s * (1 - s)다. 최댓값은 x = 0에서의 1/4이다.",
}
