"""Loss functions (chapter 5, "Loss functions").

A loss turns a network's output ``y`` and the target ``t`` into one number to make
smaller. Each function here says in its name and docstring what it computes: a *sum* or
a *mean*, over what. Nothing here changes its inputs.

Shapes: a single sample is ``(C,)``; a mini-batch is ``(N, C)``. Classification targets
are either one-hot (same shape as ``y``) or integer labels (``()`` for one sample,
``(N,)`` for a batch); ``target_labels`` checks them, for every loss and accuracy of
dlbook. A wrong shape, dtype or value is a ValueError, never a quietly wrong number.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "sum_squares_error",
    "mean_squared_error",
    "cross_entropy_error",
    "one_hot",
    "target_labels",
]


# --8<-- [start:same_shape]
def _same_shape(y, t, name: str):
    """Return ``y``, ``t`` as float arrays; a ValueError names both shapes if unequal.

    Integer arrays become float64: in ``uint8``, ``0 - 200`` is 56 and ``56 ** 2`` is 64
    (they wrap around modulo 256), so a loss of integers would be a wrong number.
    """
    y, t = np.asarray(y), np.asarray(t)
    if y.shape != t.shape:
        raise ValueError(
            f"{name}: y and t must have the same shape, got {y.shape} and {t.shape}"
        )
    if y.dtype.kind not in "fc":
        y = y.astype(np.float64)
    if t.dtype.kind not in "fc":
        t = t.astype(np.float64)
    return y, t
# --8<-- [end:same_shape]


# --8<-- [start:sum_squares_error]
def sum_squares_error(y, t):
    """Half the sum of squared differences, ``0.5 * sum((y - t) ** 2)``, over all.

    Shapes: ``y`` and ``t`` alike, ``(C,)`` or ``(N, C)``. Returns a float. For a batch
    this is a *sum* over the whole batch, so it grows with ``N`` (an empty batch sums
    to 0.0); ``mean_squared_error`` does not. The 1/2 makes the derivative tidy: d/dy =
    ``y - t``. Integer inputs are computed in float64, so they cannot wrap around.
    Refuses (ValueError) ``y`` and ``t`` of different shapes.
    """
    y, t = _same_shape(y, t, "sum_squares_error")
    return 0.5 * float(np.sum((y - t) ** 2))
# --8<-- [end:sum_squares_error]


# --8<-- [start:mean_squared_error]
def mean_squared_error(y, t):
    """Mean of the squared differences, ``mean((y - t) ** 2)``, over every element.

    Shapes: ``y`` and ``t`` alike, any shape. Returns a float. This is the "MSE" of
    Keras and PyTorch (no 1/2): its derivative is ``2 * (y - t) / y.size``. Integer
    inputs are computed in float64. Refuses (ValueError) ``y`` and ``t`` of different
    shapes, and empty ones: the mean of no numbers is undefined.
    """
    y, t = _same_shape(y, t, "mean_squared_error")
    if y.size == 0:
        raise ValueError(f"mean_squared_error: y and t are empty, shape {y.shape}")
    return float(np.mean((y - t) ** 2))
# --8<-- [end:mean_squared_error]


# --8<-- [start:check_labels]
def _check_labels(labels, num_classes: int, name: str):
    """Return ``labels`` as an integer array; a ValueError unless all lie in [0, C).

    Without this check a label of -1 would quietly pick the *last* class.
    """
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":  # signed or unsigned integers, not bool or float
        raise ValueError(f"{name}: labels must be integers, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"{name}: labels must lie in [0, {num_classes - 1}], "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return labels
# --8<-- [end:check_labels]


# --8<-- [start:target_labels]
def target_labels(t, shape, name: str = "target_labels"):
    """The targets ``t`` of a batch of outputs of ``shape`` (N, C), as labels (N,).

    Accepts integer labels (N,), each in [0, C), also as a column (N, 1) (the book's
    chapter-7 gradient check passes its one label as ``[[1]]``), or one-hot rows (N,
    C): all 0 but one 1. Every loss and accuracy of dlbook reads its targets through
    this one function. Refuses, with a ValueError that starts with ``name`` and says
    what was expected: an empty batch (N = 0); targets of any other shape, such as a
    single label (1,) for a larger batch (NumPy would broadcast it against every
    sample) or one-hot rows of another width; float or boolean labels; labels outside
    [0, C) (-1 would pick the last class); and rows that are not one-hot (soft targets
    would count as their largest entry).
    """
    t = np.asarray(t)
    n, num_classes = shape
    if n == 0:
        raise ValueError(f"{name}: empty batch, shape {tuple(shape)}: nothing to score")
    if t.shape == (n, num_classes):  # one-hot: the column of the 1 is the label
        labels = t.argmax(axis=1)
        # Each row must hold a 1 at its largest entry, and the rows n non-zeros in all.
        if not (np.all(t[np.arange(n), labels] == 1) and np.count_nonzero(t) == n):
            raise ValueError(
                f"{name}: t of shape {t.shape} has rows that are not one-hot "
                "(all 0 but one 1)"
            )
        return labels
    if t.shape == (n, 1):  # a column of labels (C > 1, or it was one-hot above)
        t = t[:, 0]
    if t.shape != (n,):
        raise ValueError(
            f"{name}: t must be one-hot {tuple(shape)} or labels ({n},), got {t.shape}"
        )
    return _check_labels(t, num_classes, name)
# --8<-- [end:target_labels]


# --8<-- [start:one_hot]
def one_hot(labels, num_classes: int, dtype=np.float64):
    """One-hot encode integer labels: ``(N,)`` -> ``(N, num_classes)``.

    Row ``i`` is all zeros except a 1 at column ``labels[i]``: row ``labels[i]`` of the
    identity matrix, picked by indexing, no loop. A single label ``()`` gives ``(C,)``.
    Refuses (ValueError) labels that are not integers, or not in [0, num_classes).
    """
    labels = _check_labels(labels, num_classes, "one_hot")
    return np.eye(num_classes, dtype=dtype)[labels]
# --8<-- [end:one_hot]


# --8<-- [start:cross_entropy_error]
def cross_entropy_error(y, t, eps: float = 1e-7):
    """Cross-entropy ``-sum(t * log(y + eps))``, averaged over the batch.

    ``y``: probabilities, ``(C,)`` for one sample or ``(N, C)`` for a batch (e.g.
    softmax output). ``t``: one-hot of the same shape, or integer labels of shape ``()``
    / ``(N,)``. Returns a float: the *mean* over the ``N`` samples of each sample's
    cross-entropy. Refuses (ValueError) what ``target_labels`` refuses: an empty batch,
    targets of another shape, float labels, labels outside [0, C), soft targets.

    With a one-hot ``t`` only the true class's term of the sum is not 0, so the code
    picks ``y[i, t_i]`` for each row ``i`` instead of multiplying by all the zeros.
    ``eps`` keeps ``log`` finite when that probability is exactly 0 (``log(0)`` is
    ``-inf``): the loss of one sample is at most ``-log(eps)``, about 16.12.
    """
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:  # one sample: treat it as a batch of one
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if y.ndim != 2:
        raise ValueError(f"cross_entropy_error: y must be (C,) or (N, C): {y.shape}")
    n = y.shape[0]
    t = target_labels(t, y.shape, "cross_entropy_error")
    y_true = y[np.arange(n), t]  # the probability given to each sample's true class
    return float(-np.sum(np.log(y_true + eps)) / n)
# --8<-- [end:cross_entropy_error]
