"""Optimizers: how a gradient becomes a step (chapter 8, "Optimizers").

Every optimizer has one method, ``update(params, grads)``: ``params`` and ``grads`` are
dicts of same-shape arrays (``{"W1": ..., "b1": ...}``). ``update`` changes the arrays
in ``params`` **in place** (that is its job, and the layers that share those arrays see
the new values); it never changes ``grads``. State such as momentum is kept per
parameter name, created at the first update with the parameter's shape and dtype (at
least float32: see ``_new_state``), so one optimizer object serves one network.

Every parameter and gradient is checked before any is changed (``_checked``): a
missing or misspelt key, a gradient whose shape differs from its parameter's, an
integer or read-only parameter, a parameter whose shape no longer fits the state each
raise ``ValueError`` and leave every parameter as it was. A parameter may also be a
plain number, as in ``params = {"x": -7.0}``: a number cannot change in place, so
``update`` puts the new value into ``params[key]`` as a Python float.

``Nesterov`` (chapter 8 names the family; the book's ``common/optimizer.py`` has it)
sits beside ``Momentum``, and ``RMSprop`` is the book's spelling of ``RMSProp``.

``valley`` is the chapter's test landscape, ``optimizer_path`` walks an optimizer across
it, and ``path_optimizers`` / ``spiral_optimizers`` make each optimizer with the
learning rate the chapter uses on the valley and on the spirals.

The state is updated in place, and Adam works in two scratch arrays per parameter:
at MNIST sizes a new array for every intermediate result costs more than the
arithmetic. Every ``FLUSH_EVERY`` updates, decaying averages are cleared of subnormal
numbers (``_flush_subnormals``). Both are about speed only: the numbers are those of
the formulas (the "Performance" page measures them).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "SGD",
    "Momentum",
    "Nesterov",
    "AdaGrad",
    "RMSProp",
    "RMSprop",
    "Adam",
    "valley",
    "valley_gradient",
    "optimizer_path",
    "path_optimizers",
    "spiral_optimizers",
]


# --8<-- [start:checked]
def _checked(params, grads, state=None):
    """Check every parameter and gradient; return them by key as arrays ``(p, g)``.

    Everything is checked before anything changes, so that a mistake in the last
    parameter cannot leave the first ones updated. ValueError, naming the key, unless

    - ``grads`` has exactly the keys of ``params``;
    - each ``params[key]`` is a writable float array (0-d too) or a number;
    - each ``grads[key]`` holds numbers and has the shape of ``params[key]``: without
      this, ``params[key] -= lr * g`` would broadcast a wrong-shaped ``g`` silently,
      for example a (3,) gradient over every row of a (2, 3) weight matrix;
    - ``state[key]``, an optimizer's array for that key (momentum's ``v``), if it has
      one, has that shape too (one optimizer object serves one network).

    A number comes back as a new 0-d float64 array, for the optimizer to update like
    any other; ``_put_back_numbers`` then stores the new value in ``params``. Each
    gradient comes back in its parameter's dtype, or float32 for float16 (see
    ``_new_state``), so that the optimizer computes in that dtype.
    """
    if grads.keys() != params.keys():
        missing = [key for key in params if key not in grads]
        what = f"no {missing[0]!r}" if missing else "keys that params has not"
        raise ValueError(
            f"grads has {what}: params has keys {list(params)}, grads {list(grads)}"
        )
    arrays = {}
    for key, p in params.items():
        if isinstance(p, np.ndarray):
            if p.dtype.kind != "f":
                raise ValueError(
                    f"params[{key!r}] must hold floats, got dtype {p.dtype}"
                )
            if not p.flags.writeable:
                raise ValueError(f"params[{key!r}] is read-only: it cannot be updated")
        elif isinstance(p, (int, float, np.integer, np.floating)) and not isinstance(
            p, (bool, np.bool_)
        ):
            p = np.array(p, dtype=np.float64)  # a number: updated as a 0-d array
        else:
            raise ValueError(
                f"params[{key!r}] must be a float array or a number, "
                f"got {type(p).__name__}"
            )
        g = np.asarray(grads[key])
        if g.dtype.kind not in "fiu":
            raise ValueError(f"grads[{key!r}] must hold numbers, got dtype {g.dtype}")
        dtype = np.promote_types(p.dtype, np.float32)  # as _new_state's: not float16
        if g.dtype != dtype:
            g = g.astype(dtype)
        if g.shape != p.shape:
            raise ValueError(
                f"grads[{key!r}] must have the shape of params[{key!r}], {p.shape}, "
                f"got {g.shape}"
            )
        if state is not None and key in state and state[key].shape != p.shape:
            raise ValueError(
                f"params[{key!r}] has changed shape from {state[key].shape} to "
                f"{p.shape}: use one optimizer object per network"
            )
        arrays[key] = p, g
    return arrays


def _put_back_numbers(params, arrays):
    """Store the new value of each parameter that was a number, as a Python float."""
    for key, (p, _) in arrays.items():
        if not isinstance(params[key], np.ndarray):
            params[key] = float(p)
# --8<-- [end:checked]


# --8<-- [start:new_state]
def _new_state(p):
    """Zeros of ``p``'s shape for an optimizer's state, in ``p``'s dtype or float32.

    float16 is too coarse for the state: Adam's ``eps = 1e-8`` rounds to 0 in it (the
    smallest float16 is about 6e-8), so a zero gradient made the step ``0 / 0 = nan``;
    and the square of a gradient below about 2e-4 rounds to 0, so AdaGrad, RMSProp and
    Adam would divide by almost nothing and jump by hundreds of times ``lr``. float32
    and float64 parameters keep their dtype; a float16 one is still updated in place.
    """
    return np.zeros(p.shape, dtype=np.promote_types(p.dtype, np.float32))
# --8<-- [end:new_state]


# --8<-- [start:flush_subnormals]
FLUSH_EVERY = 100  # updates between two clean-ups of an optimizer's decaying averages


def _flush_subnormals(average):
    """Set the subnormal numbers of ``average`` to 0, in place.

    A moving average such as momentum's ``v`` multiplies its old value by a factor
    below 1 at every step. For a weight whose gradient is almost always 0 (one fed by
    an MNIST border pixel, say) it shrinks, a few hundred steps later, below the
    smallest normal float, ``np.finfo(np.float32).tiny`` (about 1.2e-38). Such
    *subnormal* numbers make arithmetic many times slower on many CPUs; as steps they
    move no weight of any useful size, so zeroing them changes nothing but the speed.
    """
    average[np.abs(average) < np.finfo(average.dtype).tiny] = 0
# --8<-- [end:flush_subnormals]


# --8<-- [start:SGD]
class SGD:
    """Stochastic gradient descent: ``W <- W - lr * dW``.

    ``update(params, grads)``: both are dicts of arrays with the same keys and shapes
    (``{"W1": (D, H), "b1": (H,), ...}``); each ``params[key]`` is changed in place (a
    number is replaced by its new value). Refuses (ValueError, before any change)
    what ``_checked`` refuses: missing keys, wrong shapes, integer parameters.
    """

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        arrays = _checked(params, grads)  # every key checked before any changes
        for p, g in arrays.values():
            p -= self.lr * g  # in place
        _put_back_numbers(params, arrays)

    def __repr__(self):
        return f"SGD(lr={self.lr})"
# --8<-- [end:SGD]


# --8<-- [start:Momentum]
class Momentum:
    """Momentum: ``v <- momentum * v - lr * dW``, then ``W <- W + v``.

    ``v`` is a velocity: steps that keep pointing the same way add up, zig-zags cancel
    out. ``update(params, grads)`` works as in ``SGD``; ``v`` has one array per key.
    """

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}
        self.t = 0  # updates so far

    def update(self, params, grads):
        arrays = _checked(params, grads, self.v)
        self.t += 1
        for key, (p, g) in arrays.items():
            if key not in self.v:
                self.v[key] = _new_state(p)
            v = self.v[key]
            v *= self.momentum  # v <- momentum * v - lr * dW, in place
            v -= self.lr * g
            p += v
            if self.t % FLUSH_EVERY == 0:
                _flush_subnormals(v)
        _put_back_numbers(params, arrays)

    def __repr__(self):
        return f"Momentum(lr={self.lr}, momentum={self.momentum})"
# --8<-- [end:Momentum]


# --8<-- [start:Nesterov]
class Nesterov:
    """Nesterov's accelerated gradient, in the form the book's ``Nesterov`` uses.

    Momentum steps with the gradient where the weights are; Nesterov's method takes
    the gradient where momentum is about to carry them, ``W + momentum * v``, which
    corrects an overshoot one step earlier. Rewritten so that the stored ``W`` is that
    look-ahead point (Bengio et al., 2012, arXiv:1212.0901), the gradient ``dW`` at
    ``W`` is all an update needs::

        W <- W + momentum**2 * v - (1 + momentum) * lr * dW
        v <- momentum * v - lr * dW

    the same as ``v <- momentum * v - lr * dW`` followed by ``W <- W + momentum * v -
    lr * dW`` with the new ``v``: a momentum step plus a look-ahead of one more.
    ``update(params, grads)`` works as in ``SGD``; ``v`` has one array per key.
    """

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}
        self.t = 0  # updates so far

    def update(self, params, grads):
        arrays = _checked(params, grads, self.v)
        self.t += 1
        mu = self.momentum
        for key, (p, g) in arrays.items():
            if key not in self.v:
                self.v[key] = _new_state(p)
            v = self.v[key]
            p += mu * mu * v  # W <- W + momentum**2 * v - (1 + momentum) * lr * dW
            p -= (1 + mu) * self.lr * g
            v *= mu  # v <- momentum * v - lr * dW, in place
            v -= self.lr * g
            if self.t % FLUSH_EVERY == 0:
                _flush_subnormals(v)
        _put_back_numbers(params, arrays)

    def __repr__(self):
        return f"Nesterov(lr={self.lr}, momentum={self.momentum})"
# --8<-- [end:Nesterov]


# --8<-- [start:AdaGrad]
class AdaGrad:
    """AdaGrad: ``h <- h + dW**2``, then ``W <- W - lr * dW / (sqrt(h) + eps)``.

    Each weight gets its own step size, smaller the larger its past gradients; since
    ``h`` only grows, the steps shrink for ever. ``update`` works as in ``SGD``.
    """

    def __init__(self, lr=0.01, eps=1e-7):
        self.lr = lr
        self.eps = eps
        self.h = {}  # the text's s, sum of squared gradients (h: the book's name)

    def update(self, params, grads):
        arrays = _checked(params, grads, self.h)
        for key, (p, g) in arrays.items():
            if key not in self.h:
                self.h[key] = _new_state(p)
            self.h[key] += g * g
            p -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)
        _put_back_numbers(params, arrays)

    def __repr__(self):
        return f"AdaGrad(lr={self.lr})"
# --8<-- [end:AdaGrad]


# --8<-- [start:RMSProp]
class RMSProp:
    """RMSProp: AdaGrad with a memory that fades.

    ``h <- decay_rate * h + (1 - decay_rate) * dW**2``, then
    ``W <- W - lr * dW / (sqrt(h) + eps)``. ``h`` starts at zero and is not
    bias-corrected, so the first steps are about ``1 / sqrt(1 - decay_rate)`` times
    ``lr`` (10 times, for 0.99). ``update`` works as in ``SGD``.
    """

    def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-7):
        self.lr = lr
        self.decay_rate = decay_rate
        self.eps = eps
        self.h = {}  # the text's s, average of squared gradients (the book's h)
        self.t = 0  # updates so far

    def update(self, params, grads):
        arrays = _checked(params, grads, self.h)
        self.t += 1
        for key, (p, g) in arrays.items():
            if key not in self.h:
                self.h[key] = _new_state(p)
            h = self.h[key]
            h *= self.decay_rate  # h <- decay_rate * h + (1 - decay_rate) * g * g
            h += (1 - self.decay_rate) * g * g
            p -= self.lr * g / (np.sqrt(h) + self.eps)
            if self.t % FLUSH_EVERY == 0:
                _flush_subnormals(h)
        _put_back_numbers(params, arrays)

    def __repr__(self):
        return f"RMSProp(lr={self.lr}, decay_rate={self.decay_rate})"
# --8<-- [end:RMSProp]


# --8<-- [start:RMSprop]
RMSprop = RMSProp  # the book's spelling (common/optimizer.py): the very same class
# --8<-- [end:RMSprop]


# --8<-- [start:Adam]
class Adam:
    """Adam: momentum (``m``) and RMSProp (``v``) together, with bias correction.

    At step ``t`` (1, 2, ...)::

        m <- beta1 * m + (1 - beta1) * dW          m_hat = m / (1 - beta1**t)
        v <- beta2 * v + (1 - beta2) * dW**2       v_hat = v / (1 - beta2**t)
        W <- W - lr * m_hat / (sqrt(v_hat) + eps)

    ``m`` and ``v`` start at zero, so early on they are pulled towards zero; dividing by
    ``1 - beta**t`` undoes exactly that pull. ``update`` works as in ``SGD``; ``t``
    counts the calls. ``update`` computes these formulas in arrays that exist already
    (``*=``, ``out=``), so a step makes no new arrays (see the "Performance" page).
    For float16 parameters those arrays are float32 (``_new_state``): in float16,
    ``eps`` is 0 and a zero gradient would make every step ``0 / 0``.
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.t = 0
        self.m = {}
        self.v = {}  # the text's s, average of squared gradients (the book's v)
        self.scratch = {}  # two work arrays per parameter, reused at every step

    def update(self, params, grads):
        arrays = _checked(params, grads, self.m)
        self.t += 1
        for key, (p, g) in arrays.items():
            if key not in self.m:
                self.m[key], self.v[key] = _new_state(p), _new_state(p)
                self.scratch[key] = _new_state(p), _new_state(p)
            m, v = self.m[key], self.v[key]
            step, denom = self.scratch[key]
            m *= self.beta1  # m <- beta1 * m + (1 - beta1) * g
            m += np.multiply(1 - self.beta1, g, out=step)
            v *= self.beta2  # v <- beta2 * v + (1 - beta2) * g * g
            v += np.multiply(np.multiply(1 - self.beta2, g, out=step), g, out=step)
            np.divide(m, 1 - self.beta1**self.t, out=step)  # step = m_hat
            step *= self.lr  # step = lr * m_hat
            np.divide(v, 1 - self.beta2**self.t, out=denom)  # denom = v_hat
            np.sqrt(denom, out=denom)
            denom += self.eps  # denom = sqrt(v_hat) + eps
            p -= np.divide(step, denom, out=step)
            if self.t % FLUSH_EVERY == 0:
                _flush_subnormals(m)
                _flush_subnormals(v)
        _put_back_numbers(params, arrays)

    def __repr__(self):
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2})"
# --8<-- [end:Adam]


# --8<-- [start:valley]
def valley(p):
    """``x**2 / 20 + y**2`` for ``p = (x, y)``: a long, narrow valley, 0 at (0, 0).

    ``p`` has shape (2,) for one point or (2, H, W) for a grid of points.
    """
    return p[0] ** 2 / 20 + p[1] ** 2


def valley_gradient(p):
    """The gradient ``(x / 10, 2 y)`` of ``valley`` at ``p = (x, y)``, shape (2,)."""
    x, y = p
    return np.array([x / 10, 2 * y])
# --8<-- [end:valley]


# --8<-- [start:optimizer_path]
def optimizer_path(optimizer, start=(-7.0, 2.0), steps=30):
    """Every point ``optimizer`` visits on ``valley``: an array (steps + 1, 2).

    The point is one parameter, ``params["p"]``, that the optimizer changes in place;
    ``path`` stores a copy of it after each step.
    """
    params = {"p": np.array(start, dtype=np.float64)}
    path = [params["p"].copy()]
    for _ in range(steps):
        grads = {"p": valley_gradient(params["p"])}
        optimizer.update(params, grads)
        path.append(params["p"].copy())
    return np.array(path)
# --8<-- [end:optimizer_path]


# --8<-- [start:path_optimizers]
def path_optimizers():
    """New optimizers, by name, with the learning rates the chapter uses on ``valley``.

    New ones each call: an optimizer remembers its past steps.
    """
    return {
        "SGD": SGD(lr=0.95),
        "Momentum": Momentum(lr=0.1),
        "AdaGrad": AdaGrad(lr=1.5),
        "RMSProp": RMSProp(lr=0.1),
        "Adam": Adam(lr=0.3),
    }
# --8<-- [end:path_optimizers]


# --8<-- [start:spiral_optimizers]
def spiral_optimizers():
    """New optimizers, by name, with the learning rates the chapter uses on spirals."""
    return {
        "SGD": SGD(lr=0.1),
        "Momentum": Momentum(lr=0.1),
        "AdaGrad": AdaGrad(lr=0.1),
        "RMSProp": RMSProp(lr=0.01),
        "Adam": Adam(lr=0.01),
    }
# --8<-- [end:spiral_optimizers]
