"""Activation functions and their derivatives (chapter 2, "Activation functions").

Every function takes an array-like of any shape, returns a new array of the same shape
and never changes its input. Floating inputs keep their dtype (float32 stays float32);
integer and boolean inputs are computed in float64. ``softmax`` works along the last
axis, so a batch of shape ``(N, C)`` gives one probability vector per row.

The functions are numerically honest: ``sigmoid`` and ``softmax`` never overflow, so
they give finite numbers (and no RuntimeWarning) for inputs as large as ±1e4 or more.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "step_function",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "identity_function",
    "softmax",
]


# --8<-- [start:as_float]
def _as_float(x) -> np.ndarray:
    """Return ``x`` as a float array: float dtypes are kept, others become float64."""
    x = np.asarray(x)
    if np.issubdtype(x.dtype, np.floating):
        return x
    return x.astype(np.float64)
# --8<-- [end:as_float]


# --8<-- [start:step_function]
def step_function(x):
    """Heaviside step: 1 where ``x > 0``, else 0.

    Shape: any ``(...)`` in, same shape out, as integers (``np.int64``).
    """
    return (np.asarray(x) > 0).astype(np.int64)
# --8<-- [end:step_function]


# --8<-- [start:sigmoid]
def sigmoid(x):
    """Logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow.

    Shape: any ``(...)`` in, same shape out, values in [0, 1]. (The true sigmoid never
    reaches 0 or 1; in float64 it rounds to exactly 1.0 for x above about 36.7.)

    ``exp`` only ever sees ``-|x|``, so it returns at most 1 and cannot overflow.
    With ``e = exp(-|x|)``: for ``x >= 0`` we use ``1 / (1 + e)``, for ``x < 0``
    the equal form ``e / (1 + e)``.
    """
    x = _as_float(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))
# --8<-- [end:sigmoid]


# --8<-- [start:sigmoid_grad]
def sigmoid_grad(x):
    """Derivative of the sigmoid: ``sigmoid(x) * (1 - sigmoid(x))``, at most 1/4.

    Shape: any ``(...)`` in, same shape out. Takes the *input* x, not ``sigmoid(x)``.
    """
    s = sigmoid(x)
    return s * (1 - s)
# --8<-- [end:sigmoid_grad]


# --8<-- [start:tanh]
def tanh(x):
    """Hyperbolic tangent, equal to ``2 * sigmoid(2x) - 1``, values in [-1, 1].

    Shape: any ``(...)`` in, same shape out. NumPy's ``np.tanh`` is already stable.
    """
    return np.tanh(_as_float(x))
# --8<-- [end:tanh]


# --8<-- [start:tanh_grad]
def tanh_grad(x):
    """Derivative of tanh: ``1 - tanh(x)**2``, at most 1 (reached at ``x = 0``).

    Shape: any ``(...)`` in, same shape out. Takes the input x, not ``tanh(x)``.
    """
    y = tanh(x)
    return 1 - y * y
# --8<-- [end:tanh_grad]


# --8<-- [start:relu]
def relu(x):
    """Rectified linear unit ``max(0, x)``.

    Shape: any ``(...)`` in, same shape out.
    """
    x = _as_float(x)
    return np.maximum(x, 0)
# --8<-- [end:relu]


# --8<-- [start:relu_grad]
def relu_grad(x):
    """Derivative of ReLU: 1 where ``x > 0``, else 0 (at ``x = 0`` we choose 0).

    Shape: any ``(...)`` in, same shape out, in the input's float dtype.
    """
    x = _as_float(x)
    return (x > 0).astype(x.dtype)
# --8<-- [end:relu_grad]


# --8<-- [start:identity_function]
def identity_function(x):
    """Identity, the output activation for regression: returns ``x`` unchanged.

    Shape: any ``(...)`` in, same shape out. The result is a new array (a copy), so
    changing it later cannot change the caller's ``x``.
    """
    return np.array(_as_float(x))
# --8<-- [end:identity_function]


# --8<-- [start:softmax]
def softmax(x):
    """Softmax along the last axis: ``exp(x_k) / sum_i exp(x_i)``, without overflow.

    Shape: ``(C,)`` in, ``(C,)`` out; or a batch ``(N, C)`` in, ``(N, C)`` out, each
    row summing to 1. Subtracting each row's maximum first changes nothing in exact
    arithmetic (the factor ``exp(-max)`` cancels) but keeps every ``exp`` at most 1.
    Refuses (ValueError) a scalar and an empty last axis.
    """
    x = _as_float(x)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"softmax expects shape (C,) or (N, C), C >= 1; got {x.shape}")
    # x - max is at most 0, but for scores of both signs near the float limit (float32:
    # -3e38 and 3e38) it overflows to -inf. exp(-inf) = 0 is then the right answer (the
    # true value is far below the smallest float), so that overflow is no error here.
    with np.errstate(over="ignore"):
        shifted = x - np.max(x, axis=-1, keepdims=True)
    exp_x = np.exp(shifted)
    return exp_x / np.sum(exp_x, axis=-1, keepdims=True)
# --8<-- [end:softmax]
