"""Numerical derivatives and gradient descent (chapter 6, "Gradient descent").

``numerical_gradient`` is slow but obviously right, which makes it the reference every
backpropagation gradient in this book is checked against (``relative_error``).

``bowl``, ``two_valleys`` and ``saddle`` are the chapter's example landscapes. The
two-variable ones read their coordinates from the first axis of ``x``, so the same
function takes one point, shape ``(2,)``, or a whole grid, shape ``(2, H, W)``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "numerical_diff",
    "numerical_gradient",
    "gradient_descent",
    "relative_error",
    "bowl",
    "two_valleys",
    "saddle",
]


# --8<-- [start:numerical_diff]
def numerical_diff(f, x: float, h: float = 1e-4) -> float:
    """Central difference ``(f(x + h) - f(x - h)) / (2h)``: the slope of ``f`` at ``x``.

    ``h`` is the step the text writes as Δ (``h`` is the book's name for it).
    ``x`` is a number and ``f`` a function of one number; ``h`` may also be an array of
    steps (for an ``f`` that works element-wise), giving one estimate per step. The
    error shrinks like ``h**2`` (the forward difference's like ``h``) until float
    rounding, which grows like ``1/h``, takes over. The book's ``h = 1e-4`` is a safe
    default rather than the best step: in float64 it leaves errors around 1e-9 for
    well-scaled functions, where the best step (often near 1e-5) depends on ``f``.
    """
    return (f(x + h) - f(x - h)) / (2 * h)
# --8<-- [end:numerical_diff]


# --8<-- [start:numerical_gradient]
def numerical_gradient(f, x, h: float = 1e-4):
    """Gradient of the scalar function ``f`` at the array ``x``, by central differences.

    ``x``: a float array of any shape (a 0-d, ``(D,)``, ``(D, H)`` ...). Returns an
    array of the same shape whose element ``i`` is ``(f(x + h e_i) - f(x - h e_i)) /
    (2h)``.

    Each element of ``x`` is nudged *in place*, one at a time, so that ``f`` may read
    ``x`` through a reference (a network's weights, say) instead of its argument. Every
    nudge is undone in a ``finally`` block: when this returns, or raises, ``x`` holds
    exactly what it held before. Use float64: float32's rounding swamps a difference of
    ``h = 1e-4``.
    """
    if not (isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating)):
        raise ValueError(
            "numerical_gradient: x must be a float ndarray (it is changed and restored "
            f"in place), got {type(x).__name__} {getattr(x, 'dtype', '')}".rstrip()
        )
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + h
            f_plus = f(x)
            x[idx] = original - h
            f_minus = f(x)
        finally:
            x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
# --8<-- [end:numerical_gradient]


# --8<-- [start:gradient_descent]
def gradient_descent(f, init_x, lr: float = 0.01, step_num: int = 100, *, path=False):
    """Minimise ``f`` from ``init_x`` by ``step_num`` steps ``x <- x - lr * grad f(x)``.

    ``init_x``: a number or array-like of any shape; it is copied (as float64), never
    changed. Returns the final ``x``, of the same shape; with ``path=True``, the pair
    ``(x, visited)``, where ``visited``, of shape ``(step_num + 1, *x.shape)``, holds
    every point from ``init_x`` to ``x``.
    """
    x = np.array(init_x, dtype=np.float64)
    visited = [x.copy()]
    for _ in range(step_num):
        x -= lr * numerical_gradient(f, x)
        visited.append(x.copy())
    return (x, np.array(visited)) if path else x
# --8<-- [end:gradient_descent]


# --8<-- [start:relative_error]
def relative_error(a, b) -> float:
    """Relative error ``||a - b|| / (||a|| + ||b||)`` of two same-shape arrays.

    The yardstick of a gradient check. Comparing whole arrays (norms) rather than
    element by element keeps tiny entries, where both methods are mostly rounding noise,
    from dominating. In float64, a correct backpropagation agrees with central
    differences to about 1e-8 to 1e-10; a wrong one is off by 1e-2 or more. Two arrays
    of zeros have a relative error of 0.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: shapes differ, {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0
# --8<-- [end:relative_error]


# --8<-- [start:bowl]
def bowl(x):
    """``x[0]**2 + x[1]**2``: a round bowl whose only minimum is 0, at (0, 0)."""
    return x[0] ** 2 + x[1] ** 2
# --8<-- [end:bowl]


# --8<-- [start:two_valleys]
def two_valleys(x):
    """``x**4 - 3 x**2 + x`` of a number (or element-wise): two valleys, one deeper.

    Its minima: about -3.514 at x = -1.3008 (the lowest point) and about -1.070 at
    x = 1.1309; between them a hill top near x = 0.17.
    """
    return x**4 - 3 * x**2 + x
# --8<-- [end:two_valleys]


# --8<-- [start:saddle]
def saddle(x):
    """``x[0]**2 + x[1]**4 / 4 - x[1]**2 / 2``: a saddle point at (0, 0).

    Along ``x[0]`` the origin is a minimum, along ``x[1]`` a maximum; the two real
    minima, both -1/4, are at (0, -1) and (0, 1).
    """
    return x[0] ** 2 + x[1] ** 4 / 4 - x[1] ** 2 / 2
# --8<-- [end:saddle]
