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

Two layers behave differently in training and at inference (chapters 10 and 11):
``Dropout`` and ``BatchNormalization`` take the mode as ``forward(x, train_flg)``, the
book's name, and say so with ``takes_train_flg = True``, which is how a network knows
to pass it (``dlbook.networks.Network.predict``). The mode is a real bool: 0, 1, None
or an array is a ValueError, and so is ``backward`` after an inference forward, which
has nothing to backpropagate through.
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
    "Dropout",  # chapter 10
    "BatchNormalization",  # chapter 11
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

    Shapes: ``x`` (N, D), ``W`` (D, H), ``b`` (H,), ``out`` (N, H). An ``x`` of more
    axes, such as images (N, C, H, W), is flattened to (N, C * H * W) in its own order
    (as the book's ``Affine`` does) and ``dx`` comes back in ``x``'s shape. ``W`` and
    ``b`` are the network's own arrays, not copies: an optimizer that updates them in
    place is seen here. After ``backward``: ``dW`` (D, H) and ``db`` (H,), summed over
    the batch.
    ``params`` and ``grads`` give the same arrays by name: ``{"W": W, "b": b}`` and
    ``{"W": dW, "b": db}``. ``input_grad=False`` makes ``backward`` skip dL/dx and
    return ``None``: a network asks that of its first layer, whose input is the data.

    Refuses (ValueError): a ``W`` that is not a matrix, a ``b`` not of shape (H,) (a
    (1,) or (N, H) bias would broadcast), an ``x`` that is not (N, D) or does not
    flatten to it, a ``dout`` not (N, H).
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
        self.x = None  # the input, flattened to (N, D)
        self.x_shape = None  # its own shape, which dx takes
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        if x.ndim < 2 or np.prod(x.shape[1:]) != self.W.shape[0]:
            raise ValueError(
                f"Affine expects x of shape (N, {self.W.shape[0]}) for W of shape "
                f"{self.W.shape}, or one that flattens to it; got x of shape {x.shape}"
            )
        self.x_shape = x.shape
        self.x = x.reshape(x.shape[0], self.W.shape[0])  # (N, C, H, W) -> (N, D)
        out = self.x @ self.W
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
        if self.x.flags.f_contiguous and not self.x.flags.c_contiguous:
            # x was stored column by column (chapter 13's fast layer hands over its
            # images that way): dx = (W dout^T)^T is the same product, made in that
            # order, so that nobody has to transpose it.
            dx = (self.W @ dout.T).T
        else:
            dx = dout @ self.W.T
        return dx.reshape(self.x_shape)

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
    use ``target_labels``): an empty batch, one label (1,) for a larger batch, one-hot
    rows of another width, float labels, labels outside [0, C) are each a ValueError.
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


# --8<-- [start:check_train_flg]
def _check_train_flg(train_flg, who: str) -> bool:
    """``train_flg`` as a bool: True for training, False for inference.

    Anything else is a ValueError naming what came: 0 and 1 or None would choose a
    mode by truthiness without a word, and an array has no single truth value.
    """
    if isinstance(train_flg, (bool, np.bool_)):
        return bool(train_flg)
    if isinstance(train_flg, np.ndarray):
        got = f"an array of shape {train_flg.shape}"
    else:
        got = f"{type(train_flg).__name__} {train_flg!r}"
    raise ValueError(
        f"{who}: train_flg must be True (training) or False (inference), got {got}"
    )
# --8<-- [end:check_train_flg]


# --8<-- [start:is_number]
def _is_number(value) -> bool:
    """True for an int or a float (NumPy's too), False for a bool or anything else."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_))
# --8<-- [end:is_number]


# --8<-- [start:Dropout]
class Dropout:
    """Inverted dropout (chapter 10): in training, each unit is kept with probability
    ``1 - dropout_ratio`` and the kept ones are scaled by ``1 / (1 - dropout_ratio)``;
    at inference the layer is the identity.

    ``forward(x, train_flg=True)``: ``x`` of any shape, (N, H) after a hidden layer;
    ``out`` of the same shape. ``backward(dout)``: ``dout`` of ``out``'s shape goes
    back through the same mask and scale, ``dx = dout * mask / (1 - dropout_ratio)``.

    Why the scale: with ``p = dropout_ratio``, an output is ``x / (1 - p)`` with
    probability ``1 - p`` and 0 otherwise, so its expectation is ``x``: on average the
    next layer sees in training what it sees at inference, and inference needs no
    correction. Each training forward draws a new mask from
    ``np.random.default_rng(seed)`` (``seed``: None, an int, or a Generator to
    share), so a seed fixes the masks.

    Refuses (ValueError): a ``dropout_ratio`` outside [0, 1) (1 would drop every unit
    and divide by 0); a ``train_flg`` other than True or False; ``backward`` before
    any forward or after an inference forward, which keeps no mask; a ``dout`` of
    another shape than ``out``.
    """

    # The book's Dropout leaves the kept units unscaled in training and multiplies
    # every output by (1 - ratio) at inference instead: the same expectation. Inverted
    # dropout moves that correction into training, so inference is the plain network.

    takes_train_flg = True  # a network passes its mode to forward

    def __init__(self, dropout_ratio=0.5, *, seed=None):
        if not _is_number(dropout_ratio) or not 0 <= dropout_ratio < 1:
            raise ValueError(
                "Dropout: dropout_ratio, the probability of dropping a unit, must be "
                f"in [0, 1); got {dropout_ratio!r}"
            )
        self.dropout_ratio = float(dropout_ratio)
        self.scale = 1 / (1 - self.dropout_ratio)
        self.rng = np.random.default_rng(seed)
        self.mask = None  # True where a unit is kept, from the last training forward
        self.train_flg = None  # the mode of the last forward (None: no forward yet)

    def forward(self, x, train_flg=True):
        self.train_flg = _check_train_flg(train_flg, "Dropout")
        x = np.asarray(x)
        if not self.train_flg:
            self.mask = None
            return x  # inference: the identity (the very array, not a copy)
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio  # kept: 1 - ratio
        return x * self.mask * self.scale

    def backward(self, dout):
        if self.train_flg is False:
            raise ValueError(
                "Dropout: backward after an inference forward (train_flg=False), "
                "which drops nothing and keeps no mask; call forward(x, "
                "train_flg=True) before backward"
            )
        dout = _check_dout(self, dout, self.mask)
        return dout * self.mask * self.scale

    def __repr__(self):
        return f"Dropout(dropout_ratio={self.dropout_ratio})"
# --8<-- [end:Dropout]


# --8<-- [start:BatchNormalization]
class BatchNormalization:
    """Batch normalization (chapter 11): every feature normalized over the batch, then
    scaled by ``gamma`` and shifted by ``beta``, two learned parameters.

    ``forward(x, train_flg=True)``: ``x`` (N, D), or (N, C, H, W) with C*H*W = D;
    ``gamma`` and ``beta`` (D,); ``out`` has ``x``'s shape::

        training:  mu, var = mean and variance of each feature over the N samples
                   out = gamma * (x - mu) / sqrt(var + eps) + beta
                   running_mean <- momentum * running_mean + (1 - momentum) * mu
                   running_var  <- momentum * running_var  + (1 - momentum) * var
        inference: out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta

    ``var`` divides by N, as the book's. A 4-D ``x`` is read as the book reads it,
    (N, C*H*W): each of the C*H*W positions is a feature with its own ``gamma``. (A
    convolution's batch normalization usually shares one ``gamma`` per channel, over
    N, H and W; dlbook, like the book, uses this layer after Affine layers.)

    ``backward(dout)``: ``dout`` of ``out``'s shape; returns ``dx`` of ``x``'s shape
    and sets ``dgamma`` and ``dbeta`` (D,). ``params`` and ``grads``: ``{"gamma":
    gamma, "beta": beta}`` and ``{"gamma": dgamma, "beta": dbeta}``, the arrays
    themselves, like ``Affine``'s, so networks and optimizers treat them like weights.

    ``running_mean`` and ``running_var`` are None until the first training forward
    sets them to zeros (the book's start) and updates them, in place from then on;
    arrays passed in are copied, in ``gamma``'s dtype, as are the statistics (float32
    stays float32). ``eps``: 1e-6, the book's ``10e-7``.

    A training batch of one sample is accepted, as the book's gradient check uses
    one: its mean is the sample itself and its variance 0, so ``xn`` is 0, every
    ``out`` is ``beta`` whatever ``x``, ``dgamma`` is 0 and ``dx`` is exactly 0 (and
    the running variance moves towards 0). Nothing learns through it: train on
    batches of two samples or more.

    Refuses (ValueError): ``gamma`` that is not a float vector, ``beta`` not of its
    shape; an ``x`` whose features are not D, or an empty batch; inference before
    any training forward, with no running averages to use; a ``train_flg`` other
    than True or False; ``backward`` before any forward, after an inference forward,
    or with a ``dout`` not of ``out``'s shape.
    """

    takes_train_flg = True  # a network passes its mode to forward

    def __init__(self, gamma, beta, momentum=0.9, running_mean=None,
                 running_var=None, *, eps=1e-6):
        gamma, beta = np.asarray(gamma), np.asarray(beta)  # the very arrays
        if gamma.ndim != 1 or gamma.dtype.kind != "f":
            raise ValueError(
                "BatchNormalization: gamma must be a float vector (D,), got shape "
                f"{gamma.shape} of dtype {gamma.dtype}"
            )
        if beta.shape != gamma.shape:
            raise ValueError(
                f"BatchNormalization: gamma of shape {gamma.shape} needs beta of "
                f"shape {gamma.shape}, one shift per feature; got {beta.shape}"
            )
        if (running_mean is None) != (running_var is None):
            raise ValueError(
                "BatchNormalization: pass both running_mean and running_var, or neither"
            )
        if not _is_number(momentum) or not 0 <= momentum <= 1:
            raise ValueError(
                f"BatchNormalization: momentum must be in [0, 1], got {momentum!r}"
            )
        if not _is_number(eps) or not eps > 0:
            raise ValueError(f"BatchNormalization: eps must be above 0, got {eps!r}")
        self.gamma, self.beta = gamma, beta
        self.momentum, self.eps = float(momentum), float(eps)
        self.running_mean = self.running_var = None
        if running_mean is not None:
            self.running_mean = self._statistic("running_mean", running_mean)
            self.running_var = self._statistic("running_var", running_var)
        self.input_shape = None  # x's shape in the last forward
        self.train_flg = None  # the mode of the last forward (None: no forward yet)
        self.xc = None  # x - mu (N, D), the centred batch
        self.xn = None  # (x - mu) / std (N, D), the normalized batch
        self.std = None  # sqrt(var + eps) (D,)
        self.dgamma = None
        self.dbeta = None

    def _statistic(self, name, values):
        """A copy of ``values`` in gamma's dtype; a ValueError unless of shape (D,)."""
        values = np.array(values, dtype=self.gamma.dtype)
        if values.shape != self.gamma.shape:
            raise ValueError(
                f"BatchNormalization: {name} must have gamma's shape "
                f"{self.gamma.shape}, got {values.shape}"
            )
        return values

    def forward(self, x, train_flg=True):
        train_flg = _check_train_flg(train_flg, "BatchNormalization")
        x = np.asarray(x)
        D = self.gamma.shape[0]
        if x.ndim not in (2, 4) or np.prod(x.shape[1:]) != D:
            raise ValueError(
                f"BatchNormalization expects x of shape (N, {D}), or (N, C, H, W) "
                f"with C*H*W = {D}, for gamma of shape ({D},); got x of shape "
                f"{x.shape}"
            )
        flat = x.reshape(len(x), D)  # (N, C, H, W) -> (N, C*H*W), as the book
        if train_flg:
            xn = self._normalize_batch(flat)
        else:
            if self.running_mean is None:
                raise ValueError(
                    "BatchNormalization: inference (train_flg=False) before any "
                    "training forward: there are no running averages to normalize "
                    "with yet; train first (train_flg=True), or pass running_mean "
                    "and running_var"
                )
            xn = (flat - self.running_mean) / np.sqrt(self.running_var + self.eps)
        self.input_shape, self.train_flg = x.shape, train_flg
        out = self.gamma * xn + self.beta
        return out.reshape(x.shape)

    def _normalize_batch(self, x):
        """Training: normalize ``x`` (N, D) by its own statistics, keep what backward
        reads, update the running averages; return ``xn`` (N, D)."""
        if len(x) == 0:
            raise ValueError(
                "BatchNormalization: training needs a batch of at least 1 sample, got "
                "an empty batch, which has no mean or variance"
            )
        # One sample (N = 1) is its own mean: xc, xn and dx come out exactly 0.
        mu = x.mean(axis=0)  # (D,)
        xc = x - mu  # (N, D)
        var = np.mean(xc * xc, axis=0)  # (D,), divided by N
        std = np.sqrt(var + self.eps)  # (D,)
        xn = xc / std  # (N, D)
        self.xc, self.xn, self.std = xc, xn, std
        if self.running_mean is None:  # the first training forward: the book's zeros
            self.running_mean = np.zeros_like(self.gamma)
            self.running_var = np.zeros_like(self.gamma)
        m = self.momentum  # in place, in gamma's dtype: the same arrays for good
        self.running_mean *= m
        self.running_mean += (1 - m) * mu
        self.running_var *= m
        self.running_var += (1 - m) * var
        return xn

    # --8<-- [start:BatchNormalization_backward]
    def backward(self, dout):
        """Given dL/d(out), set ``dgamma``, ``dbeta`` (D,); return dL/dx (x's shape).

        The forward pass as a computational graph, one node per line, and each
        node's local rule applied in reverse order (``n`` is N, the batch size)::

            mu  = mean(x)           xc  = x - mu          var = mean(xc**2)
            std = sqrt(var + eps)   xn  = xc / std        out = gamma * xn + beta

        Combined, ``dx = (dxn - mean(dxn) - xn * mean(dxn * xn)) / std``, with means
        over the batch and ``dxn = dout * gamma``.
        """
        if self.train_flg is False:
            raise ValueError(
                "BatchNormalization: backward after an inference forward "
                "(train_flg=False), which used the running averages and kept nothing "
                "to backpropagate; call forward(x, train_flg=True) before backward"
            )
        if self.train_flg is None:
            raise ValueError("BatchNormalization: call forward before backward")
        dout = np.asarray(dout)
        if dout.shape != self.input_shape:
            raise ValueError(
                f"BatchNormalization: backward expects dout of shape "
                f"{self.input_shape}, the shape of forward's output; got {dout.shape}"
            )
        dout = dout.reshape(self.xn.shape)  # (N, D), as forward reshaped x
        n = len(dout)
        # out = gamma * xn + beta: beta's gradient sums dout over the batch, gamma's
        # sums dout * xn; xn's is dout times gamma.
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(dout * self.xn, axis=0)
        dxn = dout * self.gamma
        # xn = xc / std: a quotient node. xc gets dxn / std; std, shared by the N rows,
        # gets the sum of dxn * d(xc / std)/d(std) = dxn * (-xc / std**2).
        dxc = dxn / self.std
        dstd = -np.sum(dxn * self.xc, axis=0) / (self.std * self.std)
        # std = sqrt(var + eps): d(std)/d(var) = 1 / (2 std).
        dvar = dstd / (2 * self.std)
        # var = mean(xc**2): each xc[i] also reaches var, with slope 2 xc[i] / n. This
        # adds to the gradient xc already has (a branch: the gradients add up).
        dxc += (2 / n) * self.xc * dvar
        # xc = x - mu: x gets dxc directly, and mu gets -sum(dxc) ...
        dmu = -np.sum(dxc, axis=0)
        # ... mu = mean(x): which comes back to each x[i] divided by n.
        dx = dxc + dmu / n
        return dx.reshape(self.input_shape)
    # --8<-- [end:BatchNormalization_backward]

    @property
    def params(self):
        """The parameters by name, ``{"gamma": gamma, "beta": beta}``: the arrays."""
        return {"gamma": self.gamma, "beta": self.beta}

    @property
    def grads(self):
        """Their gradients from the last ``backward``: ``{"gamma": dgamma, ...}``."""
        return {"gamma": self.dgamma, "beta": self.dbeta}

    def __repr__(self):
        return (f"BatchNormalization(gamma: {self.gamma.shape}, beta: "
                f"{self.beta.shape}, momentum={self.momentum})")
# --8<-- [end:BatchNormalization]
