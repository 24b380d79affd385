"""The linear step of a fully connected layer, with its shapes checked (chapter 3,
"Matrix shapes").

A fully connected layer with D inputs and H outputs multiplies its input by a weight
matrix ``W`` of shape (D, H) and adds a bias ``b`` of shape (H,). NumPy will happily
compute ``x @ W + b`` for many shapes that are not a layer at all: a bias of shape
(H, 1) is *broadcast* into an (H, H) matrix without a word. ``affine`` checks every
shape first and says, in words, which one is wrong.
"""

from __future__ import annotations

import numpy as np

__all__ = ["affine"]


# --8<-- [start:affine]
def _features(n: int) -> str:
    """``1 feature``, ``784 features``: a count with its noun."""
    return f"{n} feature" if n == 1 else f"{n} features"


def affine(x, W, b):
    """One layer's linear step ``x @ W + b``, shapes checked first (chapter 3).

    Shapes: ``W`` (D, H), ``b`` (H,); ``x`` is one sample (D,), giving (H,), or a
    batch (N, D), one sample per row, giving (N, H). Row n of the batch's result
    is the result for sample ``x[n]`` alone.

    Returns a new array (the inputs are not changed). Its dtype is NumPy's usual
    promotion of the three: all float32 gives float32. Raises ``ValueError``
    naming the expected and the actual shapes when they do not fit together.
    """
    x, W, b = np.asarray(x), np.asarray(W), np.asarray(b)
    if W.ndim != 2:
        raise ValueError(
            "affine: W must be a matrix of shape (D, H), D inputs by H outputs, "
            f"but W.shape = {W.shape}"
        )
    D, H = W.shape
    if x.ndim not in (1, 2):
        raise ValueError(
            f"affine: x must be one sample of shape (D,) = ({D},) or a batch of "
            f"shape (N, D) = (N, {D}), but x.shape = {x.shape}"
        )
    if x.shape[-1] != D:
        per_sample = " per sample" if x.ndim == 2 else ""
        message = (
            f"affine: x has {_features(x.shape[-1])}{per_sample} (shape {x.shape}) "
            f"but W expects {D} (W.shape = {W.shape})"
        )
        if x.ndim == 2 and x.shape[0] == D:  # (D, N) instead of (N, D)
            message += f"; a batch has one sample per row, (N, {D}): is x transposed?"
        raise ValueError(message)
    if b.shape != (H,):
        raise ValueError(
            f"affine: b must have shape (H,) = ({H},), one bias per output of "
            f"W (W.shape = {W.shape}), but b.shape = {b.shape}"
        )
    return x @ W + b
# --8<-- [end:affine]
