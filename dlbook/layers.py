"""Layers with a forward and a backward pass (chapter 7, "Backpropagation").

Every layer keeps one contract:

- ``forward(x) -> out`` computes the layer and caches only what ``backward`` will read;
- ``backward(dout) -> dx`` takes dL/d(out) and returns dL/dx, by the chain rule:
  the upstream gradient ``dout`` times the layer's local derivative.

A layer with parameters owns them: ``params`` maps each parameter's own name to its
array (``Affine.params == {"W": W, "b": b}``) and, after ``backward``, ``grads`` maps
the same names to their gradients (``{"W": dW, "b": db}``, also the attributes ``dW``
and ``db``). A network collects these from whatever layers it holds
(``dlbook.networks.Network``), so a new kind of layer needs no change to any network.
Loss layers take the target too: ``forward(x, t) -> loss`` and
``backward(dout=1.0) -> dx``. No layer changes an array it was given, ``dout``
included, and none changes dtype: float32 in gives float32 out.

A layer refuses, with a ValueError naming the expected and the actual shapes, what
NumPy would broadcast into a wrong number: a ``dout`` of another shape than forward's
output, a bias that is not one number per output, targets a loss cannot read
(``dlbook.losses.target_labels``). ``backward`` before any ``forward`` is a
ValueError too. These checks look at shapes only, so they cost next to nothing.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid
from .losses import mean_squared_error, target_labels

__all__ = [
    "MulLayer",
    "AddLayer",
    "Affine",
    "Relu",
    "Sigmoid",
    "Tanh",
    "SoftmaxWithLoss",
    "MeanSquaredErrorLoss",
]


# --8<-- [start:MulLayer]
class MulLayer:
    """Multiply node ``out = x * y`` of a computational graph (scalars or arrays).

    Backward swaps the inputs: d(xy)/dx = y and d(xy)/dy = x.
    """

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        """Return ``(dx, dy) = (dout * y, dout * x)``."""
        return dout * self.y, dout * self.x

    def __repr__(self):
        return "MulLayer()"
# --8<-- [end:MulLayer]


# --8<-- [start:AddLayer]
class AddLayer:
    """Add node ``out = x + y``: backward passes ``dout`` unchanged to both inputs."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        """Return ``(dx, dy) = (dout, dout)``."""
        return dout, dout

    def __repr__(self):
        return "AddLayer()"
# --8<-- [end:AddLayer]


# --8<-- [start:Affine]
class Affine:
    """Fully connected layer ``out = x @ W + b``.

    Shapes: ``x`` (N, D), ``W`` (D, H), ``b`` (H,), ``out`` (N, H). ``W`` and ``b`` are
    the network's own arrays, not copies: an optimizer that updates them in place is
    seen here. After ``backward``: ``dW`` (D, H) and ``db`` (H,), summed over the batch.
    ``params`` and ``grads`` give the same arrays by name: ``{"W": W, "b": b}`` and
    ``{"W": dW, "b": db}``. ``input_grad=False`` makes ``backward`` skip dL/dx and
    return ``None``: a network asks that of its first layer, whose input is the data.

    Refuses (ValueError): a ``W`` that is not a matrix, a ``b`` not of shape (H,) (a
    (1,) or (N, H) bias would broadcast), an ``x`` not (N, D), a ``dout`` not (N, H).
    """

    def __init__(self, W, b, *, input_grad=True):
        W, b = np.asarray(W), np.asarray(b)  # arrays stay the very same objects
        if W.ndim != 2:
            raise ValueError(f"Affine: W must be a matrix (D, H), got shape {W.shape}")
        if b.shape != (W.shape[1],):
            raise ValueError(
                f"Affine: W of shape {W.shape} needs b of shape ({W.shape[1]},), one "
                f"bias per output; got b of shape {b.shape}"
            )
        self.W = W
        self.b = b
        self.input_grad = input_grad
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != self.W.shape[0]:
            raise ValueError(
                f"Affine expects x of shape (N, {self.W.shape[0]}) for W of shape "
                f"{self.W.shape}, got x of shape {x.shape}"
            )
        self.x = x
        out = x @ self.W
        out += self.b  # in place: no second (N, H) array
        return out

    def backward(self, dout):
        """Given dL/d(out) (N, H), set ``dW``, ``db``; return dL/dx (N, D) or None."""
        if self.x is None:
            raise ValueError("Affine: call forward before backward")
        dout = np.asarray(dout)
        if dout.shape != (self.x.shape[0], self.W.shape[1]):
            raise ValueError(
                f"Affine: backward expects dout of shape "
                f"{(self.x.shape[0], self.W.shape[1])}, the shape of forward's output; "
                f"got {dout.shape}"
            )
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        if not self.input_grad:
            # Nobody reads the gradient of the data: in a network's first layer this
            # saves one of the three matrix products, a third of the layer's work.
            return None
        return dout @ self.W.T

    @property
    def params(self):
        """The parameters by name, ``{"W": W, "b": b}``: the arrays themselves."""
        return {"W": self.W, "b": self.b}

    @property
    def grads(self):
        """Their gradients from the last ``backward``: ``{"W": dW, "b": db}``."""
        return {"W": self.dW, "b": self.db}

    def __repr__(self):
        return f"Affine(W: {self.W.shape}, b: {self.b.shape})"
# --8<-- [end:Affine]


# --8<-- [start:check_dout]
def _check_dout(layer, dout, cache):
    """Return ``dout`` as an array; a ValueError unless it has ``cache``'s shape.

    ``cache`` is what ``forward`` kept, of the shape of its output (None before any
    forward). Without this, a ``dout`` of shape (H,) or (1, H) would broadcast over
    every row of the batch and give a wrong gradient without complaint.
    """
    if cache is None:
        raise ValueError(f"{type(layer).__name__}: call forward before backward")
    dout = np.asarray(dout)
    if dout.shape != cache.shape:
        raise ValueError(
            f"{type(layer).__name__}: backward expects dout of shape {cache.shape}, "
            f"the shape of forward's output; got {dout.shape}"
        )
    return dout
# --8<-- [end:check_dout]


# --8<-- [start:Relu]
class Relu:
    """ReLU layer: ``out = max(0, x)``; backward passes ``dout`` where ``x > 0``.

    ``backward`` refuses (ValueError) a ``dout`` of another shape than ``out``.
    """

    def __init__(self):
        self.mask = None  # True where x > 0: only there does the gradient pass

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x > 0
        return np.maximum(x, 0)

    def backward(self, dout):
        dout = _check_dout(self, dout, self.mask)
        # A new array (True counts as 1, False as 0); the caller's dout is unchanged.
        return dout * self.mask

    def __repr__(self):
        return "Relu()"
# --8<-- [end:Relu]


# --8<-- [start:Sigmoid]
class Sigmoid:
    """Sigmoid layer: ``out = sigmoid(x)``; backward uses ``out * (1 - out)``.

    The cache is the *output*: the derivative is written in terms of it. ``backward``
    refuses (ValueError) a ``dout`` of another shape than ``out``.
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        dout = _check_dout(self, dout, self.out)
        return dout * self.out * (1 - self.out)

    def __repr__(self):
        return "Sigmoid()"
# --8<-- [end:Sigmoid]


# --8<-- [start:Tanh]
class Tanh:
    """Tanh layer: ``out = tanh(x)``; backward uses ``1 - out**2``.

    ``backward`` refuses (ValueError) a ``dout`` of another shape than ``out``.
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        dout = _check_dout(self, dout, self.out)
        return dout * (1 - self.out * self.out)

    def __repr__(self):
        return "Tanh()"
# --8<-- [end:Tanh]


# --8<-- [start:check_loss_dout]
def _check_loss_dout(layer, dout, cache):
    """A ValueError unless ``forward`` ran and ``dout`` is a number, dL/d(loss)."""
    if cache is None:
        raise ValueError(f"{type(layer).__name__}: call forward before backward")
    if not isinstance(dout, (int, float)) and np.ndim(dout) != 0:  # a number is fine
        raise ValueError(
            f"{type(layer).__name__}: backward takes dout as a number, dL/d(loss) "
            f"(1.0 by default); got an array of shape {np.shape(dout)}"
        )
# --8<-- [end:check_loss_dout]


# --8<-- [start:SoftmaxWithLoss]
class SoftmaxWithLoss:
    """Softmax followed by cross-entropy, as one layer: the classifier's last step.

    ``forward(x, t)``: scores ``x`` (N, C); targets ``t`` as labels (N,) or one-hot (N,
    C). Returns the cross-entropy averaged over the batch (a float).
    ``backward(dout=1.0)`` returns ``dout * (y - t) / N`` (N, C), where ``y =
    softmax(x)``: the two layers' derivatives cancel into that simple difference.
    ``dout`` is a number: the loss is one.

    The loss is computed from log-softmax, ``x - max - log(sum(exp(x - max)))``, which
    is exact and finite for any finite scores, so no ``1e-7`` guard is needed here.
    The targets are checked as strictly as ``cross_entropy_error`` checks them (both
    use ``target_labels``): an empty batch, labels (N, 1) or (1,), one-hot rows of
    another width, float labels, labels outside [0, C) are each a ValueError.
    """

    def __init__(self):
        self.loss = None  # the last loss computed (a float)
        self.y = None  # softmax output (N, C)
        self.t = None  # targets as labels (N,)

    def forward(self, x, t):
        x = np.asarray(x)
        if x.ndim != 2:
            raise ValueError(f"SoftmaxWithLoss expects scores (N, C), got x {x.shape}")
        t = target_labels(t, x.shape, "SoftmaxWithLoss")  # labels (N,), checked
        # x - max <= 0 can overflow to -inf (float32 scores of -3e38 and 3e38):
        # exp(-inf) = 0, the right probability, so that overflow needs no warning.
        with np.errstate(over="ignore"):
            shifted = x - x.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        self.y, self.t = exp / total, t  # softmax, kept for backward
        # -log y[n, t[n]] = log(total[n]) - shifted[n, t[n]]: log-softmax at the targets
        losses = np.log(total[:, 0]) - shifted[np.arange(len(t)), t]
        self.loss = float(losses.sum()) / len(t)  # the mean (np.mean is slower)
        return self.loss

    def backward(self, dout=1.0):
        _check_loss_dout(self, dout, self.y)
        n = len(self.t)
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx * (dout / n)

    def __repr__(self):
        return "SoftmaxWithLoss()"
# --8<-- [end:SoftmaxWithLoss]


# --8<-- [start:MeanSquaredErrorLoss]
class MeanSquaredErrorLoss:
    """Mean squared error as a loss layer, for regression with an identity output.

    ``forward(y, t)``: predictions and targets of the same shape, e.g. (N, 1).
    Returns ``mean((y - t) ** 2)`` over every element. ``backward(dout=1.0)`` returns
    ``dout * 2 * (y - t) / y.size``, the same shape as ``y``. Refuses (ValueError)
    what ``mean_squared_error`` refuses: different shapes, empty arrays.
    """

    def __init__(self):
        self.loss = None  # the last loss computed (a float)
        self.diff = None  # y - t

    def forward(self, y, t):
        self.loss = mean_squared_error(y, t)  # chapter 5's function, shapes checked
        y, t = np.asarray(y), np.asarray(t)
        # What backward needs. With a Python float in result_type, floats keep their
        # dtype and integers become float64, as in the loss (uint8 would wrap around).
        self.diff = np.subtract(y, t, dtype=np.result_type(y, t, 1.0))
        return self.loss

    def backward(self, dout=1.0):
        _check_loss_dout(self, dout, self.diff)
        return self.diff * (2 * dout / self.diff.size)

    def __repr__(self):
        return "MeanSquaredErrorLoss()"
# --8<-- [end:MeanSquaredErrorLoss]
