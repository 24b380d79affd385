"""The exercises of chapter 8, "Optimizers": SGD, Momentum, AdaGrad, Adam.

An optimizer exercise takes the learner's class. The checker makes an optimizer with
the book's keyword arguments (``SGD(lr=0.1)``, ``Adam()`` for the defaults, ...), and
calls ``update(params, grads)`` a few times on a dict of float arrays ``params``, each
time with ``grads`` the gradient of the loss ``sum(c * p**2) / 2`` at the current
``params`` (a valley: every entry has its own steepness ``c``). It compares the very
arrays it handed over afterwards, entry by entry: ``update`` must change them in
place, and must not change ``grads``. ``predict_momentum_steps`` asks where two steps
of ``Momentum`` land on the chapter's valley.
"""

import numpy as np

from .. import optimizers as ch8
from . import Case, Exercise, register

__all__: list = []


def _steepness(p):
    """``c``, of ``p``'s shape: from 0.2 to 3, one steepness per entry."""
    return np.linspace(0.2, 3.0, p.size).reshape(p.shape).astype(p.dtype)


def _updates(optimizer_class, settings, params, steps):
    """``steps`` updates of ``optimizer_class(**settings)``; the arrays afterwards."""
    optimizer = optimizer_class(**settings)
    arrays = dict(params)  # the very arrays: an update must change them in place
    for _ in range(steps):
        grads = {key: _steepness(p) * p for key, p in arrays.items()}
        before = {key: g.copy() for key, g in grads.items()}
        optimizer.update(params, grads)
        for key, g in grads.items():
            if not np.array_equal(g, before[key], equal_nan=True):
                raise ValueError(f"update changed grads[{key!r}]: an optimizer reads "
                                 "the gradients, it must not write into them")
    return arrays


def _case(label, settings, steps, **params):
    return Case(f"{label}, {steps} update{'s' * (steps != 1)}",
                (settings, params, steps))


_rng = np.random.default_rng(8)


def _weights(*shape, dtype=np.float64):
    return _rng.standard_normal(shape).round(2).astype(dtype)


def _far_from_0(*shape):
    """Weights of size 1 to about 3: a few steps of 0.1 keep them away from 0, where
    the size of eps (the book's 1e-7, or 1e-8) would decide the step."""
    w = _weights(*shape)
    return np.where(w < 0, w - 1, w + 1)


class _Rebinds:
    """``params[key] = ...``: a new array in the dict; the caller's stays as it was."""

    def __init__(self, **settings):
        self.lr = settings.get("lr", 0.01)

    def update(self, params, grads):
        for key in params:
            params[key] = params[key] - self.lr * grads[key]


REBINDS = (_Rebinds,
           "Your update left the arrays as they were: params[key] = params[key] - ... "
           "puts a new array into the dict, and the network's layers keep the old one. "
           "Change the array itself, in place: params[key] -= ...")


# --- SGD ------------------------------------------------------------------------------


class _SGDAscends:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] += self.lr * grads[key]


register(Exercise(
    "SGD", 8, "SGD(lr=0.01): update(params, grads) does W -= lr * dW, in place",
    ch8.SGD,
    (
        _case("SGD(lr=0.1), W (2, 3)", {"lr": 0.1}, 1, W=_weights(2, 3)),
        _case("SGD(), the book's default lr", {}, 3, W1=_weights(3, 2), b1=_weights(2)),
        _case("SGD(lr=0.5), a float32 W", {"lr": 0.5}, 5,
              W=_weights(2, 2, dtype=np.float32), b=_weights(2)),
    ),
    mistakes=(
        REBINDS,
        (_SGDAscends, "The weights climb: a step goes against the gradient, "
                      "params[key] -= lr * grads[key]."),
    ),
    hint="In update, for every key: params[key] -= self.lr * grads[key]. The default "
         "is the book's: def __init__(self, lr=0.01).",
    run=_updates))


# --- Momentum -------------------------------------------------------------------------


class _MomentumForgets:
    """v made anew at every update: that is SGD."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum = lr, momentum

    def update(self, params, grads):
        for key in params:
            v = np.zeros_like(params[key])
            v = self.momentum * v - self.lr * grads[key]
            params[key] += v


class _MomentumAscends:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def update(self, params, grads):
        for key in params:
            v = self.v.get(key, np.zeros_like(params[key]))
            self.v[key] = self.momentum * v - self.lr * grads[key]
            params[key] -= self.v[key]


register(Exercise(
    "Momentum", 8,
    "Momentum(lr=0.01, momentum=0.9): v = momentum * v - lr * dW, then W += v",
    ch8.Momentum,
    (
        _case("Momentum(lr=0.1, momentum=0.9), W (2, 3)",
              {"lr": 0.1, "momentum": 0.9}, 5, W=_weights(2, 3)),
        _case("Momentum(), the book's defaults", {}, 3,
              W1=_weights(3, 2), b1=_weights(2)),
        _case("Momentum(lr=0.05, momentum=0.5), two parameters",
              {"lr": 0.05, "momentum": 0.5}, 10, W=_weights(2, 2), b=_weights(2)),
    ),
    mistakes=(
        REBINDS,
        (_MomentumForgets,
         "That is plain SGD: v starts from zeros at every update, so it remembers "
         "nothing. Make v once per parameter (at the first update, np.zeros_like), "
         "keep it in self.v[key], and update that."),
        (_MomentumAscends,
         "The weights climb: with v = momentum * v - lr * dW, the step is W += v."),
    ),
    hint="Take the book's defaults, __init__(self, lr=0.01, momentum=0.9), and keep "
         "self.v = {} (empty) there; in update, for every key, create "
         "self.v[key] = np.zeros_like(params[key]) the first time, then "
         "self.v[key] = self.momentum * self.v[key] - self.lr * grads[key] and "
         "params[key] += self.v[key].",
    run=_updates))


# --- AdaGrad --------------------------------------------------------------------------


class _AdaGradForgets:
    """h made anew at every update: every step is lr times the sign of dW."""

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            h = grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(h) + 1e-7)


class _AdaGradNoRoot:
    def __init__(self, lr=0.01):
        self.lr, self.h = lr, {}

    def update(self, params, grads):
        for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (self.h[key] + 1e-7)


register(Exercise(
    "AdaGrad", 8,
    "AdaGrad(lr=0.01): h += dW * dW, then W -= lr * dW / (sqrt(h) + 1e-7)",
    ch8.AdaGrad,
    (
        _case("AdaGrad(lr=0.5), W (2, 3)", {"lr": 0.5}, 5, W=_weights(2, 3)),
        _case("AdaGrad(), the book's default lr", {}, 3,
              W1=_weights(3, 2), b1=_weights(2)),
        _case("AdaGrad(lr=0.1), a weight whose gradient is always 0", {"lr": 0.1}, 4,
              W=np.array([[0.0, 1.5], [-2.0, 0.5]]), b=np.zeros(2)),
    ),
    mistakes=(
        REBINDS,
        (_AdaGradForgets,
         "h starts anew at every update, so every step is lr times the sign of the "
         "gradient. h is the running sum of all squared gradients so far: keep "
         "self.h[key] from update to update and add dW * dW to it."),
        (_AdaGradNoRoot,
         "Divide by the square root of h: lr * dW / (np.sqrt(h) + 1e-7)."),
    ),
    warning_hint="0 / 0: a weight whose gradients have all been 0 has h = 0. Add "
                 "eps = 1e-7 to the square root, lr * dW / (np.sqrt(h) + 1e-7).",
    hint="Take the book's default, __init__(self, lr=0.01), and keep self.h = {} "
         "there; in update, for every key, create self.h[key] "
         "= np.zeros_like(params[key]) the first time, add grads[key] * grads[key] "
         "to it, then params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + "
         "1e-7).",
    run=_updates))


# --- Adam -----------------------------------------------------------------------------


class _AdamBase:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.t, self.m, self.v = 0, {}, {}

    def _step(self, key, p, g):
        if key not in self.m:
            self.m[key], self.v[key] = np.zeros_like(p), np.zeros_like(p)
        self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g
        self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g * g
        return self.m[key], self.v[key]


class _AdamUncorrected(_AdamBase):
    def update(self, params, grads):
        self.t += 1
        for key in params:
            m, v = self._step(key, params[key], grads[key])
            params[key] -= self.lr * m / (np.sqrt(v) + 1e-8)


class _AdamTPerKey(_AdamBase):
    def update(self, params, grads):
        for key in params:
            self.t += 1  # counts parameters, not updates
            m, v = self._step(key, params[key], grads[key])
            m_hat = m / (1 - self.beta1**self.t)
            v_hat = v / (1 - self.beta2**self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


register(Exercise(
    "Adam", 8,
    "Adam(lr=0.001, beta1=0.9, beta2=0.999): moving averages m and v of dW and dW**2, "
    "bias-corrected by 1 - beta**t",
    ch8.Adam,
    (
        _case("Adam(lr=0.1), W (2, 3)", {"lr": 0.1}, 5, W=_far_from_0(2, 3)),
        _case("Adam(), the book's defaults, two parameters", {}, 3,
              W1=_far_from_0(3, 2), b1=_far_from_0(2)),
        _case("Adam(lr=0.05, beta1=0.5, beta2=0.9), a gradient that is always 0",
              {"lr": 0.05, "beta1": 0.5, "beta2": 0.9}, 10,
              W=np.array([[0.0, 1.5], [-2.0, 1.0]]), b=np.zeros(2)),
    ),
    mistakes=(
        REBINDS,
        (_AdamUncorrected,
         "No bias correction: m and v start at 0 and are pulled towards it, and the "
         "first steps come out about 3.16 times too large. Divide by 1 - beta**t: "
         "m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), and step with "
         "lr * m_hat / (np.sqrt(v_hat) + eps)."),
        (_AdamTPerKey,
         "t counts updates, not parameters: add 1 to self.t once per call of update, "
         "before the loop over the keys, not inside it."),
    ),
    warning_hint="A division by 0? At the first update t must be 1 (add 1 to self.t "
                 "before using it: 1 - beta**0 is 0); and add eps = 1e-8 to the root, "
                 "np.sqrt(v_hat) + eps, so that a gradient of 0 gives a step of 0.",
    hint="Take the book's defaults, lr=0.001, beta1=0.9, beta2=0.999. In update: "
         "self.t += 1 once; then for every key, m = beta1 * m + (1 - beta1) "
         "* dW and v = beta2 * v + (1 - beta2) * dW**2 (kept per key, starting at "
         "zeros), m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), and "
         "params[key] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8).",
    rtol=1e-5, run=_updates))


# --- predict_momentum_steps -----------------------------------------------------------


def _two_steps(v_second):
    """(-7, 2) after a first step of (0.07, -0.4) and a second one of ``v_second``."""
    return lambda: np.array([-7.0, 2.0]) + np.array([0.07, -0.4]) + v_second


register(Exercise(
    "predict_momentum_steps", 8,
    "predict optimizer_path(Momentum(lr=0.1), steps=2)[-1], the point after 2 steps",
    lambda: ch8.optimizer_path(ch8.Momentum(lr=0.1), steps=2)[-1],
    (), predict=True,
    mistakes=(
        (_two_steps(np.array([0.0693, -0.32])),
         "That is two steps of SGD: the second step of Momentum also carries 0.9 "
         "times the first, v = 0.9 * v - 0.1 * gradient."),
        (lambda: np.array([-6.93, 1.6]),
         "That is one step: steps=2 takes two, and the second is larger along x."),
        (_two_steps(np.array([0.133, -0.76])),
         "The second gradient is taken where the first step landed, (-6.93, 1.6), "
         "not at the start."),
    ),
    hint="valley_gradient(p) is (x / 10, 2 * y). Step 1: v = -0.1 * gradient at "
         "(-7, 2), p = p + v. Step 2: v = 0.9 * v - 0.1 * gradient at the new p, "
         "p = p + v."))


# --- Korean ---------------------------------------------------------------------------

KOREAN = {
    REBINDS[1]:
        "갱신했는데 배열이 그대로다: params[key] = params[key] - ...는 딕셔너리에 새 "
        "배열을 넣을 뿐이고, 신경망의 계층들은 옛 배열을 그대로 쥐고 있다. 배열 자체를 "
        "제자리에서 바꾸자: params[key] -= ...",
    "The weights climb: a step goes against the gradient, "
    "params[key] -= lr * grads[key].":
        "가중치가 오르막으로 간다: 한 걸음은 기울기의 반대 방향으로 가야 한다, "
        "params[key] -= lr * grads[key].",
    "In update, for every key: params[key] -= self.lr * grads[key]. The default "
    "is the book's: def __init__(self, lr=0.01).":
        "update에서 모든 키마다 params[key] -= self.lr * grads[key]를 한다. 기본값은 "
        "원래 책의 것이다: def __init__(self, lr=0.01).",
    "That is plain SGD: v starts from zeros at every update, so it remembers "
    "nothing. Make v once per parameter (at the first update, np.zeros_like), "
    "keep it in self.v[key], and update that.":
        "그것은 그냥 SGD다: 갱신할 때마다 v가 0에서 다시 시작하므로 아무것도 기억하지 "
        "못한다. v는 매개변수마다 한 번만 만들고(첫 갱신에서 np.zeros_like로), "
        "self.v[key]에 담아 두고 그것을 갱신하자.",
    "The weights climb: with v = momentum * v - lr * dW, the step is W += v.":
        "가중치가 오르막으로 간다: v = momentum * v - lr * dW이면 한 걸음은 W += v다.",
    "Take the book's defaults, __init__(self, lr=0.01, momentum=0.9), and keep "
    "self.v = {} (empty) there; in update, for every key, create "
    "self.v[key] = np.zeros_like(params[key]) the first time, then "
    "self.v[key] = self.momentum * self.v[key] - self.lr * grads[key] and "
    "params[key] += self.v[key].":
        "원래 책의 기본값 __init__(self, lr=0.01, momentum=0.9)을 쓰고, 거기서 "
        "self.v = {}(빈 딕셔너리)를 둔다. update에서는 모든 키마다 처음 한 번 "
        "self.v[key] = np.zeros_like(params[key])를 만들고, 그다음 "
        "self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]와 "
        "params[key] += self.v[key]를 한다.",
    "h starts anew at every update, so every step is lr times the sign of the "
    "gradient. h is the running sum of all squared gradients so far: keep "
    "self.h[key] from update to update and add dW * dW to it.":
        "갱신할 때마다 h가 새로 시작하므로 모든 걸음이 lr 곱하기 기울기의 부호가 된다. "
        "h는 지금까지의 모든 기울기 제곱을 누적한 합이다: self.h[key]를 갱신에서 "
        "갱신으로 유지하고 거기에 dW * dW를 더하자.",
    "Divide by the square root of h: lr * dW / (np.sqrt(h) + 1e-7).":
        "h의 제곱근으로 나눈다: lr * dW / (np.sqrt(h) + 1e-7).",
    "0 / 0: a weight whose gradients have all been 0 has h = 0. Add "
    "eps = 1e-7 to the square root, lr * dW / (np.sqrt(h) + 1e-7).":
        "0 / 0이다: 기울기가 줄곧 0이었던 가중치는 h = 0이다. 제곱근에 "
        "eps = 1e-7을 더하자, lr * dW / (np.sqrt(h) + 1e-7).",
    "Take the book's default, __init__(self, lr=0.01), and keep self.h = {} "
    "there; in update, for every key, create self.h[key] "
    "= np.zeros_like(params[key]) the first time, add grads[key] * grads[key] "
    "to it, then params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + "
    "1e-7).":
        "원래 책의 기본값 __init__(self, lr=0.01)을 쓰고, 거기서 self.h = {}를 둔다. "
        "update에서는 모든 키마다 처음 한 번 self.h[key] = np.zeros_like(params[key])"
        "를 만들고, 거기에 grads[key] * grads[key]를 더한 다음 "
        "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)을 한다.",
    "No bias correction: m and v start at 0 and are pulled towards it, and the "
    "first steps come out about 3.16 times too large. Divide by 1 - beta**t: "
    "m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), and step with "
    "lr * m_hat / (np.sqrt(v_hat) + eps).":
        "편향 보정이 없다: m과 v는 0에서 시작해 0 쪽으로 끌려가고, 그래서 처음 걸음들이 "
        "약 3.16배 너무 크게 나온다. 1 - beta**t로 나누자: "
        "m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t)로 하고 "
        "lr * m_hat / (np.sqrt(v_hat) + eps)만큼 움직인다.",
    "t counts updates, not parameters: add 1 to self.t once per call of update, "
    "before the loop over the keys, not inside it.":
        "t는 매개변수가 아니라 갱신 횟수를 센다: self.t에 1을 더하는 일은 update를 "
        "부를 때마다 한 번, 키를 도는 반복문 안이 아니라 그 앞에서 한다.",
    "A division by 0? At the first update t must be 1 (add 1 to self.t "
    "before using it: 1 - beta**0 is 0); and add eps = 1e-8 to the root, "
    "np.sqrt(v_hat) + eps, so that a gradient of 0 gives a step of 0.":
        "0으로 나누었나? 첫 갱신에서 t는 1이어야 한다(self.t를 쓰기 전에 1을 더하자: "
        "1 - beta**0은 0이다). 그리고 제곱근에 eps = 1e-8을 더해 "
        "np.sqrt(v_hat) + eps로 나누어야 기울기가 0일 때 걸음도 0이 된다.",
    "Take the book's defaults, lr=0.001, beta1=0.9, beta2=0.999. In update: "
    "self.t += 1 once; then for every key, m = beta1 * m + (1 - beta1) "
    "* dW and v = beta2 * v + (1 - beta2) * dW**2 (kept per key, starting at "
    "zeros), m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), and "
    "params[key] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8).":
        "원래 책의 기본값 lr=0.001, beta1=0.9, beta2=0.999를 쓴다. update에서는 "
        "self.t += 1을 한 번 하고, 모든 키마다 m = beta1 * m + (1 - beta1) * dW와 "
        "v = beta2 * v + (1 - beta2) * dW**2(키마다 따로 두고 0에서 시작한다), "
        "m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t)를 구해 "
        "params[key] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)을 한다.",
    "That is two steps of SGD: the second step of Momentum also carries 0.9 "
    "times the first, v = 0.9 * v - 0.1 * gradient.":
        "그것은 SGD의 두 걸음이다: Momentum의 두 번째 걸음은 첫 걸음의 0.9배도 "
        "함께 싣는다, v = 0.9 * v - 0.1 * gradient.",
    "That is one step: steps=2 takes two, and the second is larger along x.":
        "그것은 한 걸음이다: steps=2는 두 걸음을 가고, 두 번째 걸음은 x 방향으로 더 "
        "크다.",
    "The second gradient is taken where the first step landed, (-6.93, 1.6), "
    "not at the start.":
        "두 번째 기울기는 출발점이 아니라 첫 걸음이 닿은 곳 (-6.93, 1.6)에서 구한다.",
    "valley_gradient(p) is (x / 10, 2 * y). Step 1: v = -0.1 * gradient at "
    "(-7, 2), p = p + v. Step 2: v = 0.9 * v - 0.1 * gradient at the new p, "
    "p = p + v.":
        "valley_gradient(p)는 (x / 10, 2 * y)다. 1단계: v = -0.1 * (-7, 2)에서의 "
        "기울기, p = p + v. 2단계: v = 0.9 * v - 0.1 * 새 p에서의 기울기, "
        "p = p + v.",
}
