"""Convolution and pooling layers, and the book's SimpleConvNet (Part V).

Images come batch-first as (N, C, H, W): N images of C channels, H rows, W columns.
A filter bank ``W`` is (FN, C, FH, FW): FN filters, each as deep as the input.

Three versions of the same computation live here, each checked against the one before:

1. the loops (``conv_forward_loop``, ``pool_forward_loop`` and their backward passes):
   one window at a time, exactly as the formulas read; the reference, slow;
2. ``im2col`` / ``col2im`` and the layers ``Convolution`` and ``Pooling`` built on
   them: every window becomes a row of one matrix, so a convolution is one matrix
   product;
3. ``ConvReluPool``, the fast path of ``SimpleConvNet``: convolution, bias, ReLU and
   2 x 2 max pooling in one layer, arranged so that the memory traffic stays small
   (why, step by step, is in its docstring).

The public names join ``__all__`` (and ``import dlbook``) with chapters 12,
"Convolution and pooling", and 13, "A CNN for MNIST", which embed them.
"""

from __future__ import annotations

import types

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .layers import Affine, Relu, _check_dout
from .networks import Network, init_std

# The names by the chapter that embeds them (every public name must be embedded in
# a page): 12, "Convolution and pooling"; 13, "A CNN for MNIST"; 14, "A fast CNN in
# NumPy".
__all__ = [
    # chapter 12: convolution and pooling
    "conv_output_size",
    "conv_forward_loop",
    "conv_backward_loop",
    "pool_forward_loop",
    "pool_backward_loop",
    "im2col",
    "col2im",
    "Convolution",
    "Pooling",
    # chapter 13: a CNN for MNIST
    "SimpleConvNet",
    "BOOK_CONV_PARAM",
    # chapter 14: a fast CNN in NumPy
    "ConvReluPool",
]


# --8<-- [start:conv_output_size]
def _check_size(value, name, least):
    """``value`` as an int; a ValueError unless it is an integer, at least ``least``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < least:
        raise ValueError(f"{name} must be at least {least}, got {value}")
    return int(value)


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    """How many positions a filter takes along one side: ``(input + 2 pad - filter) /
    stride + 1``, an int.

    Refuses (ValueError) a filter larger than the padded input, and a stride that
    does not divide ``input + 2 pad - filter``: the last positions would not fit, and
    the book's formula would give a fraction. Sizes are integers, stride at least 1,
    pad at least 0.
    """
    input_size = _check_size(input_size, "input_size", 1)
    filter_size = _check_size(filter_size, "filter_size", 1)
    stride = _check_size(stride, "stride", 1)
    pad = _check_size(pad, "pad", 0)
    span = input_size + 2 * pad - filter_size  # how far the filter travels
    if span < 0:
        raise ValueError(
            f"a filter of size {filter_size} does not fit in an input of size "
            f"{input_size} padded by {pad} (size {input_size + 2 * pad})"
        )
    if span % stride:
        raise ValueError(
            f"stride {stride} does not divide input_size + 2 * pad - filter_size = "
            f"{input_size} + 2 * {pad} - {filter_size} = {span}: the filter would "
            "not end at the input's edge"
        )
    return span // stride + 1
# --8<-- [end:conv_output_size]


# --8<-- [start:image_checks]
def _check_images(x, who, channels=None):
    """``x`` as an array; a ValueError unless it is (N, C, H, W) (with C channels)."""
    x = np.asarray(x)
    if x.ndim != 4 or (channels is not None and x.shape[1] != channels):
        c = "C" if channels is None else channels
        raise ValueError(f"{who} expects x of shape (N, {c}, H, W), got {x.shape}")
    return x


def _check_out_grad(dout, expected, who):
    """``dout`` as an array; a ValueError unless it has the shape ``expected``, that
    of the forward pass's output (a wrong one would be read only in part, or past its
    end)."""
    dout = np.asarray(dout)
    if dout.shape != tuple(expected):
        raise ValueError(f"{who} expects dout of shape {tuple(expected)}, the shape of "
                         f"the forward pass's output; got {dout.shape}")
    return dout


def _padded(x, pad, value=0):
    """``x`` (N, C, H, W) with ``pad`` rows and columns of ``value`` on every side."""
    if pad == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), constant_values=value)
# --8<-- [end:image_checks]


# --8<-- [start:conv_loop]
def conv_forward_loop(x, W, b, stride=1, pad=0):
    """Convolution, one output number at a time: the reference.

    ``x`` (N, C, H, W), ``W`` (FN, C, FH, FW), ``b`` (FN,). Returns ``out`` (N, FN,
    OH, OW) with ``out[n, f, i, j] = sum(window * W[f]) + b[f]``, where ``window`` is
    the (C, FH, FW) block of the padded ``x[n]`` whose top-left corner is at row
    ``i * stride``, column ``j * stride``. OH and OW come from ``conv_output_size``.
    """
    FN, C, FH, FW = W.shape  # W is the filters here, so the width is W_in
    N, _, H, W_in = _check_images(x, "conv_forward_loop", C).shape
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W_in, FW, stride, pad)
    xp = _padded(x, pad)
    out = np.zeros((N, FN, OH, OW), dtype=np.result_type(x, W, b))
    for n in range(N):
        for f in range(FN):
            for i in range(OH):
                for j in range(OW):
                    top, left = i * stride, j * stride
                    window = xp[n, :, top:top + FH, left:left + FW]
                    out[n, f, i, j] = np.sum(window * W[f]) + b[f]
    return out


def conv_backward_loop(dout, x, W, stride=1, pad=0):
    """The gradients of ``conv_forward_loop``, one output number at a time.

    ``dout`` (N, FN, OH, OW) is dL/d(out). Each output ``out[n, f, i, j]`` was
    ``sum(window * W[f]) + b[f]``, so its gradient ``g`` adds ``g * window`` to
    ``dW[f]``, ``g * W[f]`` to the window's place in ``dx``, and ``g`` to ``db[f]``.
    Returns ``(dx, dW, db)`` of the shapes of ``x``, ``W`` and (FN,). Refuses
    (ValueError) what ``conv_forward_loop`` refuses, and a ``dout`` of another shape.
    """
    FN, C, FH, FW = W.shape
    N, _, H, W_in = _check_images(x, "conv_backward_loop", C).shape
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W_in, FW, stride, pad)
    dout = _check_out_grad(dout, (N, FN, OH, OW), "conv_backward_loop")
    xp = _padded(x, pad)
    dxp = np.zeros(xp.shape, dtype=np.result_type(dout, W))
    dW = np.zeros(W.shape, dtype=np.result_type(dout, x))
    for n in range(N):
        for f in range(FN):
            for i in range(OH):
                for j in range(OW):
                    top, left = i * stride, j * stride
                    g = dout[n, f, i, j]
                    dW[f] += g * xp[n, :, top:top + FH, left:left + FW]
                    dxp[n, :, top:top + FH, left:left + FW] += g * W[f]
    db = dout.sum(axis=(0, 2, 3))
    dx = dxp[:, :, pad:pad + H, pad:pad + W_in]  # the padding's gradient is dropped
    return dx, dW, db
# --8<-- [end:conv_loop]


# --8<-- [start:pool_checks]
def _lowest(dtype):
    """The value a max never picks: -inf for floats, the smallest integer for ints."""
    if np.issubdtype(dtype, np.floating):
        return -np.inf
    return np.iinfo(dtype).min


def _check_pool(pool_h, pool_w, stride, pad, who):
    """The pooling sizes as ints; a ValueError for a pad over half a window."""
    pool_h = _check_size(pool_h, "pool_h", 1)
    pool_w = _check_size(pool_w, "pool_w", 1)
    stride = _check_size(stride, "stride", 1)
    pad = _check_size(pad, "pad", 0)
    if 2 * pad > min(pool_h, pool_w):
        # Then a corner window could hold padding only, and its max would be -inf.
        raise ValueError(
            f"{who}: pad must be at most half the window, {min(pool_h, pool_w) // 2} "
            f"for a {pool_h} x {pool_w} window; got {pad}"
        )
    return pool_h, pool_w, stride, pad
# --8<-- [end:pool_checks]


# --8<-- [start:pool_loop]
def pool_forward_loop(x, pool_h, pool_w, stride=1, pad=0):
    """Max pooling, one output number at a time: the reference.

    ``x`` (N, C, H, W). Returns (N, C, OH, OW): the largest number of each ``pool_h``
    x ``pool_w`` window, windows ``stride`` apart, channel by channel. Padding counts
    as -inf, so it is never the maximum (as in PyTorch; the book pads with zeros,
    which is the same after a ReLU). Refuses (ValueError) a pad over half a window.
    """
    pool_h, pool_w, stride, pad = _check_pool(pool_h, pool_w, stride, pad,
                                              "pool_forward_loop")
    N, C, H, W = _check_images(x, "pool_forward_loop").shape
    OH = conv_output_size(H, pool_h, stride, pad)
    OW = conv_output_size(W, pool_w, stride, pad)
    xp = _padded(x, pad, _lowest(x.dtype))
    out = np.zeros((N, C, OH, OW), dtype=x.dtype)
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    top, left = i * stride, j * stride
                    window = xp[n, c, top:top + pool_h, left:left + pool_w]
                    out[n, c, i, j] = window.max()
    return out


def pool_backward_loop(dout, x, pool_h, pool_w, stride=1, pad=0):
    """The gradient of ``pool_forward_loop``: given ``dout`` = dL/d(out) (N, C, OH,
    OW), returns dL/dx (N, C, H, W), of ``x``'s shape.

    Each output was one number of its window, the maximum, so its gradient goes to
    that number alone; the others get nothing from it. When several numbers tie for
    the maximum, the first of them in reading order (row by row) takes it all, the
    rule of ``np.argmax`` and of PyTorch. Overlapping windows add up. Refuses
    (ValueError) what ``pool_forward_loop`` refuses, and a ``dout`` of another shape.
    """
    pool_h, pool_w, stride, pad = _check_pool(pool_h, pool_w, stride, pad,
                                              "pool_backward_loop")
    N, C, H, W = _check_images(x, "pool_backward_loop").shape
    OH = conv_output_size(H, pool_h, stride, pad)
    OW = conv_output_size(W, pool_w, stride, pad)
    dout = _check_out_grad(dout, (N, C, OH, OW), "pool_backward_loop")
    xp = _padded(x, pad, _lowest(x.dtype))
    dxp = np.zeros(xp.shape, dtype=dout.dtype)
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    top, left = i * stride, j * stride
                    window = xp[n, c, top:top + pool_h, left:left + pool_w]
                    u, v = np.unravel_index(np.argmax(window), window.shape)
                    dxp[n, c, top + u, left + v] += dout[n, c, i, j]
    return dxp[:, :, pad:pad + H, pad:pad + W]
# --8<-- [end:pool_loop]


# --8<-- [start:im2col]
def _windows(x, filter_h, filter_w, stride, pad, value=0):
    """Every window of ``x`` (N, C, H, W) as a view (N, C, OH, OW, filter_h, filter_w).

    ``sliding_window_view`` makes all the windows without copying a number (it only
    sets strides); taking every ``stride``-th of them is slicing, a view too.
    """
    N, C, H, W = x.shape
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    windows = sliding_window_view(_padded(x, pad, value), (filter_h, filter_w),
                                  axis=(2, 3))
    return windows[:, :, ::stride, ::stride][:, :, :OH, :OW]


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    """Every window of the images as one row of a matrix (the book's name).

    ``input_data`` (N, C, H, W). Returns ``col`` (N * OH * OW, C * filter_h *
    filter_w): row ``(n * OH + i) * OW + j`` holds the window whose top-left corner is
    at row ``i * stride``, column ``j * stride`` of the padded image ``n``, its numbers
    in the order (channel, row, column), the order of ``W.reshape(FN, -1)``'s rows.
    Then ``col @ W.reshape(FN, -1).T`` is the whole convolution. The windows overlap,
    so ``col`` holds each input number up to ``filter_h * filter_w`` times. The dtype
    is kept. Refuses (ValueError) what ``conv_output_size`` refuses, and an input
    that is not (N, C, H, W).
    """
    x = _check_images(input_data, "im2col")
    N, C = x.shape[:2]
    windows = _windows(x, filter_h, filter_w, stride, pad)  # (N, C, OH, OW, FH, FW)
    OH, OW = windows.shape[2:4]
    # Move the window's position (OH, OW) before its contents (C, FH, FW); reshape
    # then copies the numbers into one new matrix.
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(N * OH * OW, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    """The way back from ``im2col``: each row's numbers added to where they came from.

    ``col`` (N * OH * OW, C * filter_h * filter_w), ``input_shape`` (N, C, H, W).
    Returns an array of ``input_shape``. Where windows overlap, an input number was
    copied into several rows, so its gradient is the *sum* of theirs: ``col2im`` is
    not the inverse of ``im2col`` but its transpose (its adjoint), which is what
    backpropagation needs. Padding's share is dropped. Refuses (ValueError) a ``col``
    of another shape than ``im2col`` makes for ``input_shape``.
    """
    col = np.asarray(col)
    N, C, H, W = input_shape
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    expected = (N * OH * OW, C * filter_h * filter_w)
    if col.shape != expected:
        raise ValueError(f"col2im expects col of shape {expected} for input_shape "
                         f"{tuple(input_shape)}, got {col.shape}")
    # (N, OH, OW, C, FH, FW) -> (C, FH, FW) moved before the positions (OH, OW)
    blocks = col.reshape(N, OH, OW, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    for u in range(filter_h):  # one slice per place in the window, all images at once
        for v in range(filter_w):
            img[:, :, u:u + stride * OH:stride, v:v + stride * OW:stride] += (
                blocks[:, :, u, v])
    return img[:, :, pad:pad + H, pad:pad + W] if pad else img
# --8<-- [end:im2col]


# --8<-- [start:Convolution]
class Convolution:
    """Convolution layer ``out = conv(x, W) + b``: one matrix product over ``im2col``.

    Shapes: ``x`` (N, C, H, W), ``W`` (FN, C, FH, FW), ``b`` (FN,), ``out`` (N, FN,
    OH, OW) with OH, OW from ``conv_output_size``. ``W`` and ``b`` are the network's
    own arrays, not copies (as in ``Affine``); a single number ``b`` is the bias of
    every filter (the book's ``apply_filter.py`` passes ``b = 0``). After
    ``backward``: ``dW`` (FN, C, FH, FW) and ``db`` (FN,), summed over the batch;
    ``params`` and ``grads`` give them by name. ``input_grad=False`` makes
    ``backward`` skip dL/dx (``col2im``, about a third of the work) and return None:
    a network asks that of its first layer.

    Refuses (ValueError): a ``W`` that is not 4-D, a ``b`` neither a number nor of
    shape (FN,), an ``x`` not (N, C, H, W) with W's C, a ``dout`` not of ``out``'s
    shape, sizes that ``conv_output_size`` refuses.
    """

    def __init__(self, W, b, stride=1, pad=0, *, input_grad=True):
        W, b = np.asarray(W), np.asarray(b)  # arrays stay the very same objects
        if W.ndim != 4:
            raise ValueError(
                f"Convolution: W must be (FN, C, FH, FW), got shape {W.shape}")
        if b.ndim == 0:  # one number for every filter
            b = np.full(W.shape[0], b, dtype=np.result_type(W.dtype, b.item()))
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"Convolution: W of shape {W.shape} needs b of shape ({W.shape[0]},), "
                f"one bias per filter; got b of shape {b.shape}"
            )
        self.W, self.b = W, b
        self.stride = _check_size(stride, "stride", 1)
        self.pad = _check_size(pad, "pad", 0)
        self.input_grad = input_grad
        self.x_shape = None  # what backward reads: the input's shape ...
        self.col = None  # ... and its windows, (N * OH * OW, C * FH * FW)
        self.dW = None
        self.db = None

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        x = _check_images(x, "Convolution", C)
        N, _, H, W = x.shape
        OH = conv_output_size(H, FH, self.stride, self.pad)
        OW = conv_output_size(W, FW, self.stride, self.pad)
        self.col = im2col(x, FH, FW, self.stride, self.pad)
        self.x_shape = x.shape
        out = self.col @ self.W.reshape(FN, -1).T  # (N * OH * OW, FN)
        out += self.b
        # Rows are (n, i, j): back to (N, OH, OW, FN), then the filters to axis 1.
        return out.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)

    def backward(self, dout):
        """Given dL/d(out) (N, FN, OH, OW), set ``dW``, ``db``; return dL/dx or None."""
        if self.col is None:
            raise ValueError("Convolution: call forward before backward")
        FN, C, FH, FW = self.W.shape
        N, OH, OW = self.x_shape[0], *self._out_hw()
        dout = np.asarray(dout)
        if dout.shape != (N, FN, OH, OW):
            raise ValueError(
                f"Convolution: backward expects dout of shape {(N, FN, OH, OW)}, the "
                f"shape of forward's output; got {dout.shape}"
            )
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)  # rows (n, i, j), as col's
        self.db = dout.sum(axis=0)
        self.dW = (dout.T @ self.col).reshape(self.W.shape)
        if not self.input_grad:
            return None
        dcol = dout @ self.W.reshape(FN, -1)  # (N * OH * OW, C * FH * FW)
        return col2im(dcol, self.x_shape, FH, FW, self.stride, self.pad)

    def _out_hw(self):
        _, _, H, W = self.x_shape
        FH, FW = self.W.shape[2:]
        return (conv_output_size(H, FH, self.stride, self.pad),
                conv_output_size(W, FW, self.stride, self.pad))

    @property
    def params(self):
        """The parameters by name, ``{"W": W, "b": b}``: the arrays themselves."""
        return {"W": self.W, "b": self.b}

    @property
    def grads(self):
        """Their gradients from the last ``backward``: ``{"W": dW, "b": db}``."""
        return {"W": self.dW, "b": self.db}

    def __repr__(self):
        return (f"Convolution(W: {self.W.shape}, b: {self.b.shape}, "
                f"stride={self.stride}, pad={self.pad})")
# --8<-- [end:Convolution]


# --8<-- [start:Pooling]
class Pooling:
    """Max pooling layer: the largest number of each ``pool_h`` x ``pool_w`` window.

    Shapes: ``x`` (N, C, H, W), ``out`` (N, C, OH, OW), channel by channel, windows
    ``stride`` apart (the book's signature, stride 1 by default; its network passes
    ``stride=2``). Padding counts as -inf, never the maximum. ``backward`` sends each
    output's gradient to the first maximum of its window in reading order, as
    ``np.argmax`` and PyTorch choose; overlapping windows add up. No parameters.

    Refuses (ValueError): sizes ``conv_output_size`` refuses, a pad over half a
    window, an ``x`` not (N, C, H, W), a ``dout`` not of ``out``'s shape.
    """

    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = _check_pool(
            pool_h, pool_w, stride, pad, "Pooling")
        self.x_shape = None
        self.arg_max = None  # (N, C, OH, OW): where in its window each maximum was

    def forward(self, x):
        x = _check_images(x, "Pooling")
        N, C = x.shape[:2]
        windows = _windows(x, self.pool_h, self.pool_w, self.stride, self.pad,
                           _lowest(x.dtype))  # (N, C, OH, OW, pool_h, pool_w)
        windows = windows.reshape(*windows.shape[:4], -1)  # one window per last axis
        self.arg_max = windows.argmax(axis=-1)
        self.x_shape = x.shape
        return np.take_along_axis(windows, self.arg_max[..., None], axis=-1)[..., 0]

    def backward(self, dout):
        """Given dL/d(out) (N, C, OH, OW), return dL/dx (N, C, H, W)."""
        dout = _check_dout(self, dout, self.arg_max)
        N, C, OH, OW = dout.shape
        size = self.pool_h * self.pool_w
        dwindows = np.zeros((N, C, OH, OW, size), dtype=dout.dtype)
        np.put_along_axis(dwindows, self.arg_max[..., None], dout[..., None], axis=-1)
        # As im2col's rows: (n, i, j), then (c, u, v); col2im adds them into place.
        dcol = dwindows.transpose(0, 2, 3, 1, 4).reshape(N * OH * OW, C * size)
        return col2im(dcol, self.x_shape, self.pool_h, self.pool_w, self.stride,
                      self.pad)

    def __repr__(self):
        return (f"Pooling(pool_h={self.pool_h}, pool_w={self.pool_w}, "
                f"stride={self.stride}, pad={self.pad})")
# --8<-- [end:Pooling]


# --8<-- [start:ConvReluPool]
class ConvReluPool:
    """Convolution, bias, ReLU and 2 x 2 max pooling (stride 2) as one fast layer.

    The same function as ``Convolution(W, b, stride, pad)``, ``Relu()``, ``Pooling(2,
    2, stride=2)`` in a row, and the same gradients (the tests check both against the
    loops), computed with less memory traffic. Shapes: ``x`` (N, C, H, W), ``W`` (FN,
    C, FH, FW), ``b`` (FN,), ``out`` (N, FN, PH, PW) with PH = OH / 2, PW = OW / 2;
    OH and OW, the convolution's output size, must be even. After ``backward``:
    ``dW``, ``db`` as in ``Convolution``; ``input_grad=False`` skips dL/dx (a
    network's first layer). Chapter 14, "A fast CNN in NumPy", builds it one idea at
    a time, each measured.

    Why it is faster, in the order it matters:

    - **Layout.** The image index ``n`` goes last: the input is copied once to (C,
      H, W, N), and the windows are gathered as the *columns* of a matrix ``col``
      (C * FH * FW, 4, rows, PW, N) in one copy that moves runs of N numbers. The 4
      is the place ``q = 2 dy + dx`` inside the pooling window: the four candidates
      of each pooled number sit in four separate, contiguous blocks. Then
      ``W.reshape(FN, -1) @ col`` is (FN, 4, M), and the max pool is element-wise
      ``np.maximum`` of contiguous (FN, M) blocks, where a reshape-and-max over (N,
      FN, OH, OW) walks memory in steps of 2.
    - **A few rows at a time.** The work goes through the pooled rows in bands
      (``BAND_NUMBERS`` numbers of ``col`` at most), so that a band's windows and
      products are still in the processor's cache when the next step reads them;
      backward gathers a band's windows again from the (small) input rather than
      keeping all of ``col``, 25 times the input's size, in memory. The work arrays
      are made once and refilled at every call (``_scratch``): a new large array
      can cost more than filling it, because the operating system hands out new
      memory page by page, on first touch, and whether an array gets new memory
      depends on what the program freed before; reuse takes that chance out.
    - **Small products.** Each matrix product is cut into pieces of at most
      ``SMALL_PRODUCT`` multiply-adds (``_pieces``): OpenBLAS multiplies matrices that
      small directly, without first copying them into its blocked layout, and on the
      machine this book is tested on, (30, 25) @ (25, 1333) pieces ran about 1.5 times
      as fast as one (30, 25) @ (25, 19200) product.
    - **Pooling first.** A max commutes with adding the same number and with the
      (increasing) ReLU: ``max(relu(z + b)) = relu(max(z) + b)``. So bias and ReLU
      run on the pooled quarter of the numbers.
    - **No argmax.** The max is a tournament, ``max(max(z0, z1), max(z2, z3))``, and
      three boolean arrays record who won each match (the left one on a tie). Backward
      sends each gradient down the tournament: the first maximum in reading order
      takes it all, the rule of ``np.argmax`` and PyTorch, exact on ties (an
      equality mask would give a tie's gradient twice).
    - **No dx when nobody needs it** (``input_grad=False``): in a first layer that
      skips a third of the matrix products and the whole scatter back into images.
    - **No copy on the way out.** The output is a view (N, FN, PH, PW) of the
      (FN, PH, PW, N) result, and the ``Affine`` after it flattens that view to
      (N, FN * PH * PW) without copying: the matrix product reads it transposed.

    Refuses (ValueError): what ``Convolution`` refuses, and an odd OH or OW.
    """

    BAND_NUMBERS = 2**19  # the most numbers of ``col`` one band holds (2 MB in float32)
    SMALL_PRODUCT = 10**6  # the most multiply-adds of one matrix product (see _pieces)

    def __init__(self, W, b, stride=1, pad=0, *, input_grad=True):
        conv = Convolution(W, b, stride, pad)  # the same checks of W, b and sizes
        self.W, self.b, self.stride, self.pad = conv.W, conv.b, conv.stride, conv.pad
        self.input_grad = input_grad
        self.x_shape = None
        self.xt = None  # the padded input as (C, H + 2 pad, W + 2 pad, N)
        self.won = None  # (3, FN, PH, PW * N): z0 >= z1, z2 >= z3, left >= right
        self.out_fm = None  # (FN, PH, PW * N): relu(max(z) + b), this layer's layout
        self.dW = None
        self.db = None
        self._work = {}  # name -> a flat work array, reused from call to call

    # --8<-- [start:ConvReluPool_scratch]
    def _scratch(self, name, shape, dtype):
        """A work array of ``shape`` and ``dtype``, the same memory at every call."""
        size = int(np.prod(shape))
        flat = self._work.get(name)
        if flat is None or flat.size < size or flat.dtype != dtype:
            flat = self._work[name] = np.empty(size, dtype=dtype)
        return flat[:size].reshape(shape)
    # --8<-- [end:ConvReluPool_scratch]

    def _sizes(self, x_shape):
        """(OH // 2, OW // 2) for an input of shape ``x_shape``; even OH, OW only."""
        _, _, H, W = x_shape
        FH, FW = self.W.shape[2:]
        OH = conv_output_size(H, FH, self.stride, self.pad)
        OW = conv_output_size(W, FW, self.stride, self.pad)
        if OH % 2 or OW % 2:
            raise ValueError(
                f"ConvReluPool pools 2 x 2 windows: the convolution's output "
                f"{OH} x {OW} must have an even height and width"
            )
        return OH // 2, OW // 2

    # --8<-- [start:ConvReluPool_windows]
    def _windows(self, PH, PW):
        """Every window of ``xt`` as a view (C, FH, FW, 2, 2, PH, PW, N): the window
        of pooled position (p, r), place (dy, dx) in its pool, image n."""
        C, FH, FW = self.W.shape[1:]
        N, s = self.xt.shape[3], self.stride
        w = sliding_window_view(self.xt, (FH, FW), axis=(1, 2))[:, ::s, ::s]
        # (C, OH, OW, N, FH, FW), OH = 2 PH: split each of OH, OW into (pooled, place)
        w = w[:, :2 * PH, :2 * PW].reshape(C, PH, 2, PW, 2, N, FH, FW)
        return w.transpose(0, 6, 7, 2, 4, 1, 3, 5)
    # --8<-- [end:ConvReluPool_windows]

    # --8<-- [start:ConvReluPool_bands]
    def _bands(self, PH, PW, N):
        """Slices of pooled rows, each band's ``col`` at most BAND_NUMBERS numbers."""
        per_row = self.W[0].size * 4 * PW * N
        rows = max(1, self.BAND_NUMBERS // per_row)
        return [slice(p, min(p + rows, PH)) for p in range(0, PH, rows)]

    def _band_col(self, windows, band):
        """One band's windows as the matrix (C * FH * FW, 4 * rows * PW * N)."""
        part = windows[:, :, :, :, :, band]
        col = self._scratch("col", part.shape, part.dtype)
        np.copyto(col, part)  # the one copy
        return col.reshape(self.W[0].size, -1)
    # --8<-- [end:ConvReluPool_bands]

    # --8<-- [start:ConvReluPool_pieces]
    def _pieces(self, columns, rows, inner):
        """Slices of ``columns`` such that a product (rows, inner) @ (inner, piece)
        takes at most SMALL_PRODUCT multiply-adds (see "Small products" above)."""
        step = max(1, self.SMALL_PRODUCT // (rows * inner))
        return [slice(c, min(c + step, columns)) for c in range(0, columns, step)]
    # --8<-- [end:ConvReluPool_pieces]

    # --8<-- [start:ConvReluPool_forward]
    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        x = _check_images(x, "ConvReluPool", C)
        N = x.shape[0]
        PH, PW = self._sizes(x.shape)
        self.xt = np.ascontiguousarray(_padded(x, self.pad).transpose(1, 2, 3, 0))
        windows = self._windows(PH, PW)
        dtype = np.result_type(x, self.W)
        out = np.empty((FN, PH, PW * N), dtype=dtype)  # new: it is what we return
        won = self._scratch("won", (3, FN, PH, PW * N), bool)
        for band in self._bands(PH, PW, N):
            col = self._band_col(windows, band)
            z = self._scratch("z", (FN, col.shape[1]), dtype)
            for piece in self._pieces(col.shape[1], FN, col.shape[0]):  # z = W @ col
                np.matmul(self.W.reshape(FN, -1), col[:, piece], out=z[:, piece])
            z0, z1, z2, z3 = z.reshape(FN, 4, -1).transpose(1, 0, 2)  # (FN, M) each
            shape = out[:, band].shape  # (FN, rows, PW * N): this band's pooled numbers
            np.greater_equal(z0, z1, out=won[0, :, band].reshape(FN, -1))
            np.greater_equal(z2, z3, out=won[1, :, band].reshape(FN, -1))
            left, right = np.maximum(z0, z1, out=z0), np.maximum(z2, z3, out=z2)
            np.greater_equal(left, right, out=won[2, :, band].reshape(FN, -1))
            out[:, band] = np.maximum(left, right, out=left).reshape(shape)
        out += self.b[:, None, None]  # bias and ReLU on a quarter of the numbers
        self.out_fm = np.maximum(out, 0, out=out)
        self.won, self.x_shape = won, x.shape
        # (FN, PH, PW, N) -> (N, FN, PH, PW): the book's layout, as a view
        return out.reshape(FN, PH, PW, N).transpose(3, 0, 1, 2)
    # --8<-- [end:ConvReluPool_forward]

    # --8<-- [start:ConvReluPool_backward]
    def backward(self, dout):
        """Given dL/d(out) (N, FN, PH, PW), set ``dW``, ``db``; return dL/dx or None."""
        if self.out_fm is None:
            raise ValueError("ConvReluPool: call forward before backward")
        FN, C, FH, FW = self.W.shape
        N = self.x_shape[0]
        PH, PW = self._sizes(self.x_shape)
        dout = np.asarray(dout)
        if dout.shape != (N, FN, PH, PW):
            raise ValueError(
                f"ConvReluPool: backward expects dout of shape {(N, FN, PH, PW)}, the "
                f"shape of forward's output; got {dout.shape}"
            )
        # Through the ReLU, into a work array in this layer's layout (FN, PH, PW * N).
        g = self._scratch("g", (FN, PH, PW, N), np.result_type(dout, self.W))
        np.multiply(dout.transpose(1, 2, 3, 0), (self.out_fm > 0).reshape(g.shape),
                    out=g)
        g = g.reshape(FN, PH, -1)
        self.db = g.sum(axis=(1, 2))  # through the bias
        windows = self._windows(PH, PW)
        W_T = self.W.reshape(FN, -1).T
        self.dW = np.zeros((FN, C * FH * FW), dtype=g.dtype)
        dxt = np.zeros(self.xt.shape, dtype=g.dtype) if self.input_grad else None
        for band in self._bands(PH, PW, N):
            gb = g[:, band].reshape(FN, -1)  # (FN, M): this band's gradients
            first01, first23, left_won = (w[:, band].reshape(FN, -1) for w in self.won)
            # Down the tournament: the final's winning side takes g, then each match's.
            dz = self._scratch("dz", (FN, 4, gb.shape[1]), g.dtype)
            to_left = np.multiply(gb, left_won, out=dz[:, 1])  # dz[:, 1] as scratch
            to_right = np.subtract(gb, to_left, out=dz[:, 3])
            np.multiply(to_left, first01, out=dz[:, 0])
            to_left -= dz[:, 0]  # dz[:, 1]: what z0 did not take
            np.multiply(to_right, first23, out=dz[:, 2])
            to_right -= dz[:, 2]  # dz[:, 3]: what z2 did not take
            dz = dz.reshape(FN, -1)
            col = self._band_col(windows, band)
            pieces = self._pieces(col.shape[1], FN, col.shape[0])
            part = self._scratch("dW_part", self.dW.shape, g.dtype)
            for piece in pieces:  # dW += dz @ col.T, in small products
                self.dW += np.matmul(dz[:, piece], col[:, piece].T, out=part)
            if dxt is not None:
                dcol = self._scratch("dcol", col.shape, g.dtype)
                for piece in pieces:  # dcol = W.T @ dz
                    np.matmul(W_T, dz[:, piece], out=dcol[:, piece])
                self._scatter(dxt, dcol, band, PW, N)
        self.dW = self.dW.reshape(self.W.shape)
        if dxt is None:
            return None
        _, _, H, W = self.x_shape
        p = self.pad
        dx = dxt.transpose(3, 0, 1, 2)  # (N, C, H + 2 p, W + 2 p), a view
        return dx[:, :, p:p + H, p:p + W] if p else dx
    # --8<-- [end:ConvReluPool_backward]

    # --8<-- [start:ConvReluPool_scatter]
    def _scatter(self, dxt, dcol, band, PW, N):
        """The gather of one band run backwards: each window's gradient added to the
        input numbers it was copied from (overlapping windows add up)."""
        C, FH, FW = self.W.shape[1:]
        s, rows = self.stride, band.stop - band.start
        dcol = dcol.reshape(C, FH, FW, 2, 2, rows, PW, N)
        for u in range(FH):
            for v in range(FW):
                for dy in (0, 1):
                    for dx in (0, 1):
                        top = u + dy * s + 2 * s * band.start
                        left = v + dx * s
                        dxt[:, top:top + 2 * s * rows:2 * s,
                            left:left + 2 * s * PW:2 * s] += dcol[:, u, v, dy, dx]
    # --8<-- [end:ConvReluPool_scatter]

    @property
    def params(self):
        """The parameters by name, ``{"W": W, "b": b}``: the arrays themselves."""
        return {"W": self.W, "b": self.b}

    @property
    def grads(self):
        """Their gradients from the last ``backward``: ``{"W": dW, "b": db}``."""
        return {"W": self.dW, "b": self.db}

    def __repr__(self):
        return (f"ConvReluPool(W: {self.W.shape}, b: {self.b.shape}, "
                f"stride={self.stride}, pad={self.pad})")
# --8<-- [end:ConvReluPool]


# --8<-- [start:SimpleConvNet]
# The book's default, read-only so that no call can change it for the next one.
BOOK_CONV_PARAM = types.MappingProxyType(
    {"filter_num": 30, "filter_size": 5, "pad": 0, "stride": 1})


class SimpleConvNet(Network):
    """The book's CNN, conv - relu - pool - affine - relu - affine - softmax (ch. 13).

    ``SimpleConvNet(input_dim=(1, 28, 28), conv_param={"filter_num": 30,
    "filter_size": 5, "pad": 0, "stride": 1}, hidden_size=100, output_size=10,
    weight_init_std=0.01)``, the book's call. ``input_dim`` is (C, H, W) of one
    image; ``conv_param`` may leave out keys (they take the book's values). The
    pooling is 2 x 2 with stride 2. Parameters, the book's names and shapes: ``W1``
    (FN, C, FS, FS), ``b1`` (FN,), ``W2`` (FN * PH * PW, hidden_size), ``b2``,
    ``W3`` (hidden_size, output_size), ``b3``. Weights start as ``weight_init_std``
    times standard normal draws from ``np.random.default_rng(seed)``, biases at 0;
    ``weight_init_std="he"`` (or ``"xavier"``, as the book's ``MultiLayerNet``
    takes) scales each layer's draws by ``init_std`` of its inputs instead, sqrt(2 /
    25) for a 5 x 5 filter, sqrt(2 / 4320) for ``W2``;
    ``dtype`` is that of every parameter (float64 for gradient checks, float32 to
    train fast).

    Data: ``x`` (N, C, H, W), ``input_dim`` images (``load_mnist(flatten=False)``
    gives MNIST so); after the convolution (N, FN, OH, OW), after pooling (N, FN,
    PH, PW) with PH = OH / 2, PW = OW / 2, after the hidden layer (N,
    hidden_size); ``predict`` returns scores (N, output_size), before softmax.
    ``loss``, ``gradient``, ``accuracy`` are ``Network``'s (labels (N,) or one-hot).

    ``fast=True`` (the default) computes the first three layers as one
    ``ConvReluPool``; ``fast=False`` as the book's ``Convolution``, ``Relu``,
    ``Pooling``. Both compute the same function and gradients. The first ``Affine``
    flattens the pooled (N, FN, PH, PW) images to (N, FN * PH * PW) itself.
    ``accuracy`` goes through the data ``batch_size`` images at a time (the book's
    argument), which keeps ``im2col``'s matrix small; unlike the book's, it counts
    the last, shorter batch too.

    Refuses (ValueError): an ``input_dim`` that is not three sizes, unknown keys in
    ``conv_param``, sizes ``conv_output_size`` refuses, an odd convolution output
    (2 x 2 pooling would leave out its last row or column), a ``weight_init_std``
    name other than "he" and "xavier"; in ``predict`` (so in
    ``loss`` and ``accuracy`` too), images that are not (N, C, H, W) of
    ``input_dim``, flattened MNIST rows (N, 784) among them.
    """

    def __init__(self, input_dim=(1, 28, 28), conv_param=BOOK_CONV_PARAM,
                 hidden_size=100, output_size=10, weight_init_std=0.01, *,
                 fast=True, seed=None, dtype=np.float64):
        super().__init__()
        if np.ndim(input_dim) != 1 or len(input_dim) != 3:
            raise ValueError(f"input_dim must be (C, H, W), got {input_dim!r}")
        unknown = set(conv_param) - set(BOOK_CONV_PARAM)
        if unknown:
            raise ValueError(f"conv_param takes the keys {sorted(BOOK_CONV_PARAM)}, "
                             f"got unknown keys {sorted(unknown)}")
        cp = {**BOOK_CONV_PARAM, **conv_param}
        self.input_dim = tuple(int(size) for size in input_dim)
        C, H, W = input_dim
        FN, FS = cp["filter_num"], cp["filter_size"]
        OH = conv_output_size(H, FS, cp["stride"], cp["pad"])
        OW = conv_output_size(W, FS, cp["stride"], cp["pad"])
        if OH % 2 or OW % 2:
            raise ValueError(f"the convolution's output is {OH} x {OW}: 2 x 2 pooling "
                             "needs an even height and width")
        pooled = FN * (OH // 2) * (OW // 2)  # the first Affine layer's inputs
        rng = np.random.default_rng(seed)
        shapes = {"W1": (FN, C, FS, FS), "W2": (pooled, hidden_size),
                  "W3": (hidden_size, output_size)}
        named = isinstance(weight_init_std, str)  # "he" or "xavier": a std per layer
        p = self.params
        for i, (key, shape) in enumerate(shapes.items(), start=1):
            draws = rng.standard_normal(shape)
            p[key] = (draws if named else weight_init_std * draws).astype(dtype)
            if named:  # each filter or neuron has prod(shape[1:]) or shape[0] inputs
                p[key] *= init_std(weight_init_std,
                                   int(np.prod(shape[1:])) if i == 1 else shape[0])
            p[f"b{i}"] = np.zeros(shape[0] if i == 1 else shape[1], dtype=dtype)
        # The first layer's input is the data: nobody needs its gradient.
        conv = (cp["stride"], cp["pad"])
        if fast:
            self.layers["ConvReluPool1"] = ConvReluPool(p["W1"], p["b1"], *conv,
                                                        input_grad=False)
        else:
            self.layers["Conv1"] = Convolution(p["W1"], p["b1"], *conv,
                                               input_grad=False)
            self.layers["Relu1"] = Relu()
            self.layers["Pool1"] = Pooling(2, 2, stride=2)
        self.layers["Affine1"] = Affine(p["W2"], p["b2"])
        self.layers["Relu2"] = Relu()
        self.layers["Affine2"] = Affine(p["W3"], p["b3"])

    def predict(self, x, train_flg=False):
        """Scores (N, output_size) for images ``x`` (N, C, H, W) of ``input_dim``."""
        x = np.asarray(x)
        if x.ndim != 4 or x.shape[1:] != self.input_dim:
            hint = ""
            if x.ndim == 2 and x.shape[1] == int(np.prod(self.input_dim)):
                hint = " (flattened images: load_mnist(flatten=False) keeps the shape)"
            expected = ", ".join(map(str, self.input_dim))
            raise ValueError(f"SimpleConvNet expects x of shape (N, {expected}), "
                             f"got {x.shape}{hint}")
        return super().predict(x, train_flg)

    def accuracy(self, x, t, batch_size=100):
        """Fraction of the N images (N, C, H, W) whose highest score is the true class.

        ``t``: labels (N,) or one-hot (N, C). Computed ``batch_size`` images at a
        time; the same as ``Network.accuracy`` on the whole array, in less memory.
        """
        if len(x) != len(t):
            raise ValueError(f"accuracy: {len(x)} images but {len(t)} targets")
        correct = 0.0
        for start in range(0, len(x), batch_size):
            part = slice(start, start + batch_size)
            correct += super().accuracy(x[part], t[part]) * len(x[part])
        return correct / len(x)
# --8<-- [end:SimpleConvNet]
