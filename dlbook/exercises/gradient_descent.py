"""The exercises of chapter 6, "Gradient descent": derivatives, gradients, descent.

``numerical_diff(f, x)`` takes a function of one number and a number ``x``;
``numerical_gradient(f, x)`` a scalar function of an array and a float array ``x`` of
any shape (0-d, ``(D,)``, ``(D, H)``, ...), which it may nudge in place but must hand
back unchanged; ``gradient_descent(f, init_x, lr=0.01, step_num=100)`` a start that is a
number, a list or an array, which it must not change. ``predict_descent_steps`` asks
where three steps of gradient descent on the bowl land.
"""

import numpy as np

from .. import gradient as ch6
from . import Case, Exercise, register

__all__: list = []


class _Function:
    """A function of a case, shown in a report by its formula, not its address."""

    def __init__(self, formula, function):
        self.formula, self.function = formula, function

    def __call__(self, x):
        return self.function(x)

    def __repr__(self):
        return self.formula


def _quadratic(x):
    return 0.01 * x**2 + 0.1 * x


QUADRATIC = _Function("f(x) = 0.01*x**2 + 0.1*x", _quadratic)
EXP = _Function("f(x) = exp(x)", np.exp)
CUBE = _Function("f(x) = x**3", lambda x: x**3)
SINE = _Function("f(x) = sin(x)", np.sin)
BOWL = _Function("bowl(x) = x[0]**2 + x[1]**2", ch6.bowl)
TWO_VALLEYS = _Function("two_valleys(x) = x**4 - 3*x**2 + x", ch6.two_valleys)


# --- numerical_diff -----------------------------------------------------------------


def _forward_diff(f, x, h=1e-4):
    return (f(x + h) - f(x)) / h


def _backward_diff(f, x, h=1e-4):
    return (f(x) - f(x - h)) / h


def _tiny_h(f, x, h=1e-50):
    return (f(x + h) - f(x - h)) / (2 * h)


def _tiny_h_forward(f, x, h=1e-50):
    return (f(x + h) - f(x)) / h


def _over_h(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / h


ONE_SIDED = ("That is a one-sided difference, (f(x + h) - f(x)) / h: the chord from x "
             "to x + h is not the tangent, and it is off by about f''(x) / 2 * h. Look "
             "both ways: the central difference (f(x + h) - f(x - h)) / (2 * h) is off "
             "by only about h**2.")
TINY_H = ("The slope came out 0: with h = 1e-50, x + h rounds back to exactly x in "
          "float64, so f(x + h) - f(x - h) is 0. Use the chapter's h = 1e-4.")

register(Exercise(
    "numerical_diff", 6,
    "numerical_diff(f, x): the slope of f at the number x, by the central difference",
    ch6.numerical_diff,
    (
        Case("the chapter's quadratic at x = 5", (QUADRATIC, 5.0)),
        Case("exp at x = 1", (EXP, 1.0)),
        Case("a cube at x = -2", (CUBE, -2.0)),
        Case("sin at x = 0", (SINE, 0.0)),
        Case("exp at x = 10, a large slope", (EXP, 10.0)),
    ),
    mistakes=(
        (_tiny_h, TINY_H),
        (_tiny_h_forward, TINY_H),
        (_forward_diff, ONE_SIDED),
        (_backward_diff, ONE_SIDED),
        (_over_h, "That is twice the slope: the central difference spans 2 * h, from "
                  "x - h to x + h, so divide by 2 * h, not by h."),
    ),
    hint="Take h = 1e-4 and return (f(x + h) - f(x - h)) / (2 * h)."))


# --- numerical_gradient -------------------------------------------------------------


class _ReadsItself:
    """A loss that ignores its argument and reads the array itself, as a network's does.

    ``run`` binds it to the very array handed to the learner's function.
    """

    def __init__(self, formula, loss):
        self.formula, self.loss = formula, loss

    def __repr__(self):
        return self.formula


_x_in = np.array([[1.0, 2.0]])
_t_out = np.array([[0.0, 1.0, 0.0]])


def _model_loss(W):
    return 0.5 * np.sum((_x_in @ W - _t_out) ** 2)


_rng = np.random.default_rng(6)
_W = _rng.standard_normal((2, 3)).round(2)


def _gradient_run(gradient, f, x):
    """The gradient, and ``x`` as the function left it: both are compared."""
    x = x.copy()  # ours: the learner's nudges are looked at here, not as a mutation
    if isinstance(f, _ReadsItself):
        loss = f.loss
        f = _Function(f.formula, lambda _: loss(x))  # reads x, not its argument
    return {"gradient": gradient(f, x), "x afterwards": x}


def _gradient_not_restored(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original - h
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def _gradient_of_a_copy(f, x, h=1e-4):
    return ch6.numerical_gradient(f, x.copy(), h)


def _gradient_forward(f, x, h=1e-4):
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = original
    return grad


register(Exercise(
    "numerical_gradient", 6,
    "numerical_gradient(f, x): the gradient of f at a float array x of any shape; "
    "x is nudged in place and left exactly as it was",
    ch6.numerical_gradient,
    (
        Case("the bowl at (3, 4)", (BOWL, np.array([3.0, 4.0]))),
        Case("a (2, 3) matrix", (_Function("f(W) = sum(W**2)", lambda W: np.sum(W**2)),
                                 _W)),
        Case("a (2, 3) matrix in a model's loss",
             (_Function("f(W) = 0.5 * sum((x_in @ W - t_out)**2)", _model_loss), _W)),
        Case("a loss that reads W itself, as a network's does",
             (_ReadsItself("loss(_) = 0.5 * sum((x_in @ W - t_out)**2), reading W "
                           "itself", _model_loss), _W)),
        Case("a (2, 2, 2) array", (_Function("f(x) = sum(sin(x) * x[0, 0, 0])",
                                             lambda x: np.sum(np.sin(x) * x[0, 0, 0])),
                                   _rng.standard_normal((2, 2, 2)).round(2))),
        Case("a 0-d array, one number", (TWO_VALLEYS, np.array(0.5))),
    ),
    mistakes=(
        (_gradient_not_restored,
         "x is not as it was: each entry must be put back after its two evaluations, "
         "x[idx] = original (in a finally block, so that even an error in f cannot "
         "leave a weight nudged)."),
        (_gradient_of_a_copy,
         "The gradient is 0 where the loss reads the array itself, as a network's loss "
         "reads its weights: nudging a copy of x changes nothing that loss sees. Nudge "
         "the caller's x in place, then restore each entry."),
        (_gradient_forward,
         "That is the one-sided difference (f(x + h) - f(x)) / h: use the central one, "
         "(f(x + h) - f(x - h)) / (2 * h), for every entry."),
    ),
    hint="For every index idx of np.ndindex(x.shape): keep original = x[idx], evaluate "
         "f with x[idx] = original + h and with original - h, put x[idx] = original "
         "back, and store (f_plus - f_minus) / (2 * h) in grad[idx], grad an array of "
         "x's shape.",
    run=_gradient_run, time_limit=2.0))


# --- gradient_descent (find the bug) ------------------------------------------------


def _descent_ascends(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=np.float64)
    for _ in range(step_num):
        x += lr * ch6.numerical_gradient(f, x)
    return x


def _descent_one_gradient(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=np.float64)
    grad = ch6.numerical_gradient(f, x)
    for _ in range(step_num):
        x -= lr * grad
    return x


def _descent_one_step_more(f, init_x, lr=0.01, step_num=100):
    return ch6.gradient_descent(f, init_x, lr, step_num + 1)


def _descent_without_lr(f, init_x, lr=0.01, step_num=100):
    return ch6.gradient_descent(f, init_x, 1.0, step_num)


register(Exercise(
    "gradient_descent", 6,
    "gradient_descent(f, init_x, lr=0.01, step_num=100): step_num steps "
    "x <- x - lr * grad f(x) from a copy of init_x",
    ch6.gradient_descent,
    (
        Case("the bowl from an array, lr = 0.1, 20 steps",
             (BOWL, np.array([-3.0, 4.0]), 0.1, 20)),
        Case("the bowl from a list, lr = 0.1, 10 steps", (BOWL, [3.0, 4.0], 0.1, 10)),
        Case("the book's defaults, lr = 0.01 and step_num = 100",
             (BOWL, np.array([-3.0, 4.0]))),
        Case("a start of integers", (BOWL, np.array([3, 4]), 0.1, 5)),
        Case("two_valleys from the number 0.5, lr = 0.05",
             (TWO_VALLEYS, 0.5, 0.05, 100)),
    ),
    mistakes=(
        (_descent_ascends,
         "Your walk goes uphill: gradient descent steps against the gradient, "
         "x -= lr * grad, not x += lr * grad."),
        (_descent_one_gradient,
         "The gradient is computed once, at the start: compute it again inside the "
         "loop, at the current x, before every step."),
        (_descent_one_step_more,
         "That is one step too many: range(step_num) takes step_num steps."),
        (_descent_without_lr,
         "The step forgets the learning rate: x -= lr * grad."),
    ),
    hint="Start from x = np.array(init_x, dtype=np.float64), a float copy (a list and "
         "integers become floats), then repeat step_num times "
         "x -= lr * numerical_gradient(f, x), and return x. Keep the book's "
         "defaults, lr=0.01 and step_num=100.",
    time_limit=5.0))


# --- predict_descent_steps ----------------------------------------------------------


def _three_steps(factor):
    return lambda: factor**3 * np.array([-3.0, 4.0])


register(Exercise(
    "predict_descent_steps", 6,
    "predict gradient_descent(bowl, [-3.0, 4.0], lr=0.9, step_num=3)",
    lambda: ch6.gradient_descent(ch6.bowl, [-3.0, 4.0], lr=0.9, step_num=3),
    (),
    predict=True,
    mistakes=(
        (_three_steps(0.8),
         "The size is right, the sign is not: 1 - 2 * 0.9 is negative, so every step "
         "jumps across the minimum to the other side."),
        (_three_steps(0.1),
         "The gradient of x0**2 + x1**2 is 2 * x, not x: one step multiplies x by "
         "1 - 2 * lr."),
        (_three_steps(1 + 2 * 0.9),
         "Gradient descent steps against the gradient: x - lr * grad, so one step "
         "multiplies x by 1 - 2 * lr."),
        (lambda: -0.8 * np.array([-3.0, 4.0]), "That is one step: step_num=3 takes "
                                               "three."),
        (lambda: 0.64 * np.array([-3.0, 4.0]), "That is two steps: step_num=3 takes "
                                               "three."),
    ),
    hint="One step on the bowl is x - lr * 2 * x = (1 - 2 * lr) * x: work out that "
         "factor for lr = 0.9, then apply it three times to (-3, 4)."))

# The hints above in Korean (check(..., language="ko")), keyed by their English text.
KOREAN = {
    "Take h = 1e-4 and return (f(x + h) - f(x - h)) / (2 * h).":
        "h = 1e-4로 두고 (f(x + h) - f(x - h)) / (2 * h)를 돌려주자.",
    TINY_H:
        "기울기가 0이 나왔다. h = 1e-50이면 float64에서 x + h가 반올림되어 정확히 x로 "
        "돌아가므로 f(x + h) - f(x - h)는 0이다. 이 장의 h = 1e-4를 쓰자.",
    ONE_SIDED:
        "그것은 한쪽 차분 (f(x + h) - f(x)) / h다. x에서 x + h까지의 할선은 접선이 "
        "아니고, 오차가 약 f''(x) / 2 * h다. 양쪽을 보자: 중앙 차분 "
        "(f(x + h) - f(x - h)) / (2 * h)의 오차는 약 h**2에 불과하다.",
    "That is twice the slope: the central difference spans 2 * h, from x - h to "
    "x + h, so divide by 2 * h, not by h.":
        "그것은 기울기의 두 배다. 중앙 차분은 x - h부터 x + h까지 2 * h에 걸치므로 h가 "
        "아니라 2 * h로 나누자.",
    "For every index idx of np.ndindex(x.shape): keep original = x[idx], evaluate f "
    "with x[idx] = original + h and with original - h, put x[idx] = original back, "
    "and store (f_plus - f_minus) / (2 * h) in grad[idx], grad an array of x's shape.":
        "np.ndindex(x.shape)의 인덱스 idx마다: original = x[idx]를 보관하고, "
        "x[idx] = original + h일 때와 original - h일 때 f를 계산하고, "
        "x[idx] = original로 되돌린 다음, x와 형상이 같은 배열 grad의 grad[idx]에 "
        "(f_plus - f_minus) / (2 * h)를 저장하자.",
    "x is not as it was: each entry must be put back after its two evaluations, "
    "x[idx] = original (in a finally block, so that even an error in f cannot leave a "
    "weight nudged).":
        "x가 원래대로가 아니다. 원소마다 두 번 계산한 뒤 x[idx] = original로 되돌려야 "
        "한다(f에서 오류가 나도 가중치가 움직인 채로 남지 않도록 finally 블록에서).",
    "The gradient is 0 where the loss reads the array itself, as a network's loss "
    "reads its weights: nudging a copy of x changes nothing that loss sees. Nudge the "
    "caller's x in place, then restore each entry.":
        "신경망의 손실이 가중치를 읽듯 손실이 배열 자체를 읽는 곳에서 기울기가 0이다. "
        "x의 복사본을 움직여도 손실이 보는 것은 아무것도 바뀌지 않는다. 호출한 쪽의 x를 "
        "제자리에서 움직이고, 원소마다 되돌려 놓자.",
    "That is the one-sided difference (f(x + h) - f(x)) / h: use the central one, "
    "(f(x + h) - f(x - h)) / (2 * h), for every entry.":
        "그것은 한쪽 차분 (f(x + h) - f(x)) / h다. 원소마다 중앙 차분 "
        "(f(x + h) - f(x - h)) / (2 * h)를 쓰자.",
    "Start from x = np.array(init_x, dtype=np.float64), a float copy (a list and "
    "integers become floats), then repeat step_num times "
    "x -= lr * numerical_gradient(f, x), and return x. Keep the book's defaults, "
    "lr=0.01 and step_num=100.":
        "부동소수점 복사본 x = np.array(init_x, dtype=np.float64)에서 시작해(리스트와 "
        "정수는 부동소수점 수가 된다), x -= lr * numerical_gradient(f, x)를 step_num번 "
        "되풀이하고 x를 돌려주자. 책의 기본값 lr=0.01과 step_num=100을 지키자.",
    "Your walk goes uphill: gradient descent steps against the gradient, "
    "x -= lr * grad, not x += lr * grad.":
        "오르막으로 가고 있다. 경사 하강법은 기울기의 반대 방향으로 간다: "
        "x += lr * grad가 아니라 x -= lr * grad.",
    "The gradient is computed once, at the start: compute it again inside the loop, "
    "at the current x, before every step.":
        "기울기를 처음에 한 번만 계산했다. 반복문 안에서 매 단계 전에 현재 x에서 다시 "
        "계산하자.",
    "That is one step too many: range(step_num) takes step_num steps.":
        "한 단계를 더 갔다. range(step_num)은 step_num 단계를 간다.",
    "The step forgets the learning rate: x -= lr * grad.":
        "단계에서 학습률을 빠뜨렸다: x -= lr * grad.",
    "One step on the bowl is x - lr * 2 * x = (1 - 2 * lr) * x: work out that factor "
    "for lr = 0.9, then apply it three times to (-3, 4).":
        "그릇 모양 함수에서 한 단계는 x - lr * 2 * x = (1 - 2 * lr) * x다. lr = 0.9일 "
        "때 이 계수를 구하고, (-3, 4)에 세 번 적용하자.",
    "The size is right, the sign is not: 1 - 2 * 0.9 is negative, so every step jumps "
    "across the minimum to the other side.":
        "크기는 맞지만 부호가 틀렸다. 1 - 2 * 0.9는 음수이므로 단계마다 최솟값을 넘어 "
        "반대쪽으로 건너뛴다.",
    "The gradient of x0**2 + x1**2 is 2 * x, not x: one step multiplies x by "
    "1 - 2 * lr.":
        "x0**2 + x1**2의 기울기는 x가 아니라 2 * x다. 한 단계는 x에 1 - 2 * lr을 곱한다.",
    "Gradient descent steps against the gradient: x - lr * grad, so one step "
    "multiplies x by 1 - 2 * lr.":
        "경사 하강법은 기울기의 반대 방향으로 간다: x - lr * grad. 그러니 한 단계는 x에 "
        "1 - 2 * lr을 곱한다.",
    "That is one step: step_num=3 takes three.":
        "그것은 한 단계다. step_num=3은 세 단계를 간다.",
    "That is two steps: step_num=3 takes three.":
        "그것은 두 단계다. step_num=3은 세 단계를 간다.",
}
