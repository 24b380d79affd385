"""Data sets for the chapters (chapter 6, "Gradient descent", onwards).

``make_spirals`` draws a small, seeded, two-dimensional classification problem that no
straight line can solve: the classes wind around each other as spiral arms. It needs no
download, so every chapter that trains a network can run anywhere in a second.
"""

from __future__ import annotations

import numpy as np

__all__ = ["make_spirals"]


# --8<-- [start:make_spirals]
def make_spirals(n_per_class=100, n_classes=3, noise=0.2, *, seed=0, dtype=np.float64):
    """Points on ``n_classes`` interleaved spiral arms in the plane.

    Returns ``(x, t)``: ``x`` of shape ``(N, 2)`` with ``N = n_per_class * n_classes``
    (radius from 0 to 1), and integer labels ``t`` of shape ``(N,)`` in
    ``[0, n_classes)``, grouped by class. ``noise`` is the standard deviation of the
    Gaussian jitter added to each point's angle. Same ``seed``, same points.
    """
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    t = np.repeat(np.arange(n_classes), n_per_class)
    angle = 4.0 * radius + t * (2 * np.pi / n_classes)
    angle = angle + noise * rng.standard_normal(angle.shape)
    x = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    return x.astype(dtype), t
# --8<-- [end:make_spirals]
