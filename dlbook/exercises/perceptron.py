"""The exercises of chapter 1, "Perceptron and logic gates": gates, XOR, a perceptron.

A gate is a function of two numbers, ``AND(x1, x2)``, giving 0 or 1 (an ``int``); it is
checked on its whole truth table. ``perceptron(x, w, b)`` takes ``x`` of shape ``(D,)``
(gives 0 or 1) or a batch ``(N, D)`` (gives ``(N,)`` integers), ``w`` of shape ``(D,)``
and a number ``b``.
"""

import numpy as np

from .. import perceptron as ch1
from . import Case, Exercise, register

__all__: list = []

TRUTH_TABLE = Case("the truth table, (x1, x2) = (0, 0), (0, 1), (1, 0), (1, 1)",
                   calls=((0, 0), (0, 1), (1, 0), (1, 1)))


def _always(value):
    return lambda x1, x2: value


def _gate(name, task, gate, mistakes):
    return register(Exercise(
        name, 1, task, gate, (TRUTH_TABLE,), output="int", mistakes=mistakes,
        hint="Write the four inequalities w1*x1 + w2*x2 + b > 0 (fires) or <= 0 (does "
             "not) of the truth table, and pick numbers that satisfy all four."))


FLIPPED = ("every sign is flipped: this is the opposite gate. Negate the weights and "
           "the bias (NAND is AND with w and b negated).")
ALWAYS = ("it fires for (0, 0) only if b > 0, so "
          "the bias must be negative (b = -theta), not positive.")
NEVER = "the gate never fires: the threshold is too high (the bias too negative)."

_gate("AND", "AND(x1, x2): 1 only for (1, 1)", ch1.AND, (
    (ch1.NAND, "This is NAND: " + FLIPPED),
    (ch1.OR, "This is OR: the threshold is too low; (1, 0) must not reach it. With "
             "w = (1, 1), take b between -2 and -1."),
    (_always(1), "This fires for every input: " + ALWAYS),
    (_always(0), NEVER)))
_gate("NAND", "NAND(x1, x2): 0 only for (1, 1)", ch1.NAND, (
    (ch1.AND, "This is AND: " + FLIPPED),
    (ch1.NOR, "This is NOR: the bias is too small; NAND must still fire for (1, 0)."),
    (_always(1), "This fires always: (1, 1) must not fire, so w1 + w2 + b <= 0."),
    (_always(0), NEVER)))
_gate("OR", "OR(x1, x2): 0 only for (0, 0)", ch1.OR, (
    (ch1.NOR, "This is NOR: " + FLIPPED),
    (ch1.AND, "This is AND: the threshold is too high; (1, 0) alone must reach it. "
              "With w = (1, 1), take b between -1 and 0."),
    (_always(1), "This fires for every input: " + ALWAYS),
    (_always(0), NEVER)))

register(Exercise(
    "XOR", 1, "XOR(x1, x2) from AND, NAND and OR: 1 when the inputs differ", ch1.XOR,
    (TRUTH_TABLE,), output="int",
    mistakes=(
        (lambda a, b: 1 - ch1.XOR(a, b), "This is XNOR, XOR flipped: the output "
         "layer is AND of the hidden outputs OR and NAND, not OR of AND and NOR."),
        (ch1.OR, "This is OR: (1, 1) must give 0. Feed OR and NAND into an AND."),
        (ch1.NAND, "This is NAND: (0, 0) must give 0. Feed OR and NAND into an AND."),
    ),
    hint="XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)): two gates read the inputs, a "
         "third reads their outputs."))


def _perceptron(x, w, b):
    return ch1.Perceptron(w, b).forward(np.asarray(x))


_rng = np.random.default_rng(1)
register(Exercise(
    "perceptron", 1,
    "perceptron(x, w, b): step(w . x + b) for x (D,) or a batch (N, D)",
    _perceptron,
    (
        Case("one input of 2", (np.array([1.0, 0.0]), np.array([0.5, 0.5]), -0.7)),
        Case("one input of 2 that fires",
             (np.array([1.0, 1.0]), np.array([0.5, 0.5]), -0.7)),
        Case("w . x + b exactly 0", (np.array([1.0, 1.0]), np.array([0.5, 0.5]), -1.0)),
        Case("a positive bias: fires for x = (0, 0)",
             (np.array([0.0, 0.0]), np.array([1.0, 1.0]), 0.5)),
        Case("a batch (4, 2): the truth table", (ch1.GATE_INPUTS.astype(float),
                                                 np.array([0.5, 0.5]), -0.7)),
        Case("a batch (5, 3)", (_rng.normal(size=(5, 3)), _rng.normal(size=3), 0.1)),
    ),
    output="int",
    mistakes=(
        (lambda x, w, b: (np.asarray(x) @ w + b >= 0).astype(np.int64),
         "A perceptron fires only when w . x + b is strictly above 0: use >, not >=."),
        (lambda x, w, b: (np.asarray(x) @ w - b > 0).astype(np.int64),
         "The bias is added: w . x + b > 0 (the book's threshold theta is -b)."),
        (lambda x, w, b: np.int64(np.sum(w * x) + b > 0),
         "np.sum(w * x) adds up the whole batch into one number: take one weighted "
         "sum per row, x @ w (or np.sum(w * x, axis=-1))."),
    ),
    hint="Compute a = x @ w + b (one number per row) and return (a > 0) as integers."))

# The hints above in Korean (check(..., language="ko")), keyed by their English text.
_FLIPPED_KO = ("부호가 모두 뒤집혔다. 반대 게이트다. 가중치와 편향의 부호를 바꾸자(NAND는 "
               "w와 b의 부호를 바꾼 AND다).")
_ALWAYS_KO = ("(0, 0)에서 발화하는 것은 b > 0일 때뿐이니, 편향은 양수가 아니라 음수여야 "
              "한다(b = -theta).")
KOREAN = {
    "Write the four inequalities w1*x1 + w2*x2 + b > 0 (fires) or <= 0 (does not) of "
    "the truth table, and pick numbers that satisfy all four.":
        "진리표의 네 행마다 부등식 w1*x1 + w2*x2 + b > 0(발화한다) 또는 <= 0(발화하지 "
        "않는다)을 적고, 네 개를 모두 만족하는 수를 고르자.",
    "This is NAND: " + FLIPPED: "이것은 NAND다. " + _FLIPPED_KO,
    "This is AND: " + FLIPPED: "이것은 AND다. " + _FLIPPED_KO,
    "This is NOR: " + FLIPPED: "이것은 NOR다. " + _FLIPPED_KO,
    "This fires for every input: " + ALWAYS: "모든 입력에서 발화한다. " + _ALWAYS_KO,
    NEVER: "게이트가 한 번도 발화하지 않는다. 임계값이 너무 높다(편향이 너무 작다).",
    "This is OR: the threshold is too low; (1, 0) must not reach it. With w = (1, 1), "
    "take b between -2 and -1.":
        "이것은 OR다. 임계값이 너무 낮다. (1, 0)은 임계값에 닿지 않아야 한다. "
        "w = (1, 1)이라면 b를 -2와 -1 사이에서 고르자.",
    "This is NOR: the bias is too small; NAND must still fire for (1, 0).":
        "이것은 NOR다. 편향이 너무 작다. NAND는 (1, 0)에서도 발화해야 한다.",
    "This fires always: (1, 1) must not fire, so w1 + w2 + b <= 0.":
        "항상 발화한다. (1, 1)에서는 발화하지 않아야 하니 w1 + w2 + b <= 0이어야 한다.",
    "This is AND: the threshold is too high; (1, 0) alone must reach it. With "
    "w = (1, 1), take b between -1 and 0.":
        "이것은 AND다. 임계값이 너무 높다. (1, 0) 하나만으로도 임계값에 닿아야 한다. "
        "w = (1, 1)이라면 b를 -1과 0 사이에서 고르자.",
    "This is XNOR, XOR flipped: the output layer is AND of the hidden outputs OR and "
    "NAND, not OR of AND and NOR.":
        "이것은 XOR를 뒤집은 XNOR다. 출력층은 AND와 NOR의 OR가 아니라, 은닉층 출력인 "
        "OR와 NAND의 AND다.",
    "This is OR: (1, 1) must give 0. Feed OR and NAND into an AND.":
        "이것은 OR다. (1, 1)은 0을 내야 한다. OR와 NAND의 출력을 AND에 넣자.",
    "This is NAND: (0, 0) must give 0. Feed OR and NAND into an AND.":
        "이것은 NAND다. (0, 0)은 0을 내야 한다. OR와 NAND의 출력을 AND에 넣자.",
    "XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)): two gates read the inputs, a third "
    "reads their outputs.":
        "XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)). 두 게이트가 입력을 읽고, 세 번째 "
        "게이트가 그 두 출력을 읽는다.",
    "A perceptron fires only when w . x + b is strictly above 0: use >, not >=.":
        "퍼셉트론은 w . x + b가 0보다 클 때만 발화한다. >=가 아니라 >를 쓴다.",
    "The bias is added: w . x + b > 0 (the book's threshold theta is -b).":
        "편향은 더한다: w . x + b > 0(책의 임계값 theta는 -b다).",
    "np.sum(w * x) adds up the whole batch into one number: take one weighted sum per "
    "row, x @ w (or np.sum(w * x, axis=-1)).":
        "np.sum(w * x)는 배치 전체를 수 하나로 더해 버린다. 행마다 가중합을 하나씩 "
        "구하자: x @ w(또는 np.sum(w * x, axis=-1)).",
    "Compute a = x @ w + b (one number per row) and return (a > 0) as integers.":
        "a = x @ w + b(행마다 수 하나)를 계산하고 (a > 0)을 정수로 바꿔 돌려주자.",
}
