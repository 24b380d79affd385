"""A digit drawn by hand, made to look like an MNIST image (the page "Draw a digit").

MNIST's digits were not photographed at 28 x 28. Each writer's digit was scaled, keeping
its proportions, to fit a 20 x 20 box, and then placed in the 28 x 28 image so that its
centre of mass (the average position of its ink, weighted by how dark each pixel is)
fell at the image's centre. A network trained on MNIST has only ever seen digits of that
size in that place: a digit drawn small in a corner of a large canvas looks to it like
nothing it knows. ``preprocess_digit`` takes a drawing of any size and does the same
two steps, so that the networks of chapters 9 and 13 read it as they read MNIST.

Each step is a pair of small matrices, one that mixes the rows of the image and one
that mixes its columns:

1. ``resize_area`` scales the ink's bounding box to 20 pixels on its longer side. Each
   new pixel is the average of the old image over the square it covers (fractions of
   old pixels counted by their area), so no ink is lost or made.
2. The 20-pixel digit is moved, by a fraction of a pixel if need be, so that its centre
   of mass lands at row 14, column 14 (indices from 0), where MNIST's own digits have
   theirs. Moving by a fraction shares each pixel between its two neighbours (linear
   interpolation), which moves the centre of mass by exactly that fraction.

The page's JavaScript does the same arithmetic, and its browser test checks that both
give the same 28 x 28 image.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["MNIST_SIZE", "DIGIT_BOX", "resize_area", "center_of_mass",
           "preprocess_digit"]


# --8<-- [start:sizes]
MNIST_SIZE = 28  # an MNIST image is MNIST_SIZE x MNIST_SIZE pixels
DIGIT_BOX = 20  # the digit inside it fits a DIGIT_BOX x DIGIT_BOX box
# --8<-- [end:sizes]


# --8<-- [start:resize_area]
def _area_weights(n_in: int, n_out: int) -> np.ndarray:
    """The (n_out, n_in) matrix that shrinks or stretches n_in pixels to n_out.

    New pixel ``o`` covers the stretch ``[o, o + 1) * n_in / n_out`` of the old
    pixels; its weight for old pixel ``i`` is the length of that stretch inside
    ``[i, i + 1)``, divided by the stretch's length: each row sums to 1.
    """
    step = n_in / n_out
    start = np.arange(n_out)[:, None] * step  # (n_out, 1): where each new pixel starts
    left = np.arange(n_in)[None, :]  # (1, n_in): where each old pixel starts
    overlap = np.minimum(start + step, left + 1) - np.maximum(start, left)
    return np.maximum(overlap, 0) / step


def resize_area(image, height: int, width: int) -> np.ndarray:
    """``image`` (H, W) resized to (height, width) by averaging over areas.

    Each new pixel is the mean of the old image over the rectangle it covers, old
    pixels counted by the fraction of their area inside it: the image shrinks without
    losing thin strokes and stretches without inventing detail. The total ink,
    ``image.sum() * (height * width) / (H * W)``, is kept. Returns float64.

    Refuses (ValueError): an image that is not a 2-D array of numbers, and sizes that
    are not whole numbers of at least 1.
    """
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or image.size == 0:
        raise ValueError(f"resize_area expects a 2-D image (H, W), got shape "
                         f"{image.shape}")
    for name, size in (("height", height), ("width", width)):
        whole = isinstance(size, (int, np.integer)) and not isinstance(size, bool)
        if not whole or size < 1:
            raise ValueError(f"resize_area: {name} must be a whole number >= 1, "
                             f"got {size!r}")
    rows = _area_weights(image.shape[0], int(height))  # (height, H)
    columns = _area_weights(image.shape[1], int(width))  # (width, W)
    return rows @ image @ columns.T
# --8<-- [end:resize_area]


# --8<-- [start:center_of_mass]
def center_of_mass(image) -> tuple[float, float]:
    """The ink's average position in ``image`` (H, W): ``(row, column)``.

    Each pixel's row and column index, weighted by its value: the point a cut-out of
    the digit would balance on. (0, 0) is the centre of the top-left pixel; MNIST's
    digits have theirs at about (14, 14). Refuses (ValueError) an image that is not
    2-D, and one with no ink (all zeros: its centre is nowhere).
    """
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"center_of_mass expects a 2-D image (H, W), got shape "
                         f"{image.shape}")
    mass = image.sum()
    if not mass > 0:
        raise ValueError("center_of_mass: the image has no ink (its values sum to "
                         f"{mass})")
    row = (image.sum(axis=1) @ np.arange(image.shape[0])) / mass
    column = (image.sum(axis=0) @ np.arange(image.shape[1])) / mass
    return float(row), float(column)
# --8<-- [end:center_of_mass]


# --8<-- [start:preprocess_digit]
def _check_drawing(image) -> np.ndarray:
    """``image`` as a float64 (H, W) array of ink in [0, 1], with some ink in it."""
    array = np.asarray(image)
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"preprocess_digit expects a greyscale image (H, W), got "
                         f"shape {array.shape}")
    if array.dtype.kind not in "biuf":
        raise ValueError(f"preprocess_digit expects numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise ValueError("preprocess_digit: the image holds nan or inf")
    low, high = array.min(), array.max()
    if low < 0 or high > 1:
        hint = " (pixels 0-255? divide them by 255)" if high <= 255 and low >= 0 else ""
        raise ValueError(f"preprocess_digit expects ink in [0, 1] (0: paper, 1: ink), "
                         f"got values from {low} to {high}{hint}")
    if high == 0:
        raise ValueError("preprocess_digit: nothing is drawn (every pixel is 0)")
    return array


def _shift_weights(offset: float, n_in: int, n_out: int) -> np.ndarray:
    """The (n_out, n_in) matrix that moves n_in pixels down by ``offset`` (>= 0),
    a fraction of a pixel shared between the two pixels it falls between."""
    whole = math.floor(offset)
    fraction = offset - whole
    weights = np.zeros((n_out, n_in))
    for i in range(n_in):
        weights[whole + i, i] = 1 - fraction
        if fraction > 0:  # offset <= n_out - n_in: then whole + i + 1 < n_out
            weights[whole + i + 1, i] = fraction
    return weights


def preprocess_digit(image) -> np.ndarray:
    """A drawing ``image`` (H, W) as MNIST would have it: a (28, 28) float64 image.

    ``image`` is greyscale ink in [0, 1] (0 the paper, 1 the darkest ink: white on
    black, as MNIST stores its digits), of any size. The steps, MNIST's own:

    1. cut out the bounding box of the ink (every pixel above 0);
    2. scale it, keeping its aspect ratio, so that its longer side is ``DIGIT_BOX``
       (20) pixels (``resize_area``; the shorter side rounded, at least 1);
    3. place it in a 28 x 28 image, moved so that its centre of mass
       (``center_of_mass``) is at (14, 14), where MNIST has it; a digit whose ink
       is so lopsided that this would push part of it out of the image is moved only
       as far as keeps all of it in.

    Values stay in [0, 1]. ``preprocess_digit(image).reshape(1, 784)`` is an input
    of chapter 9's networks, ``.reshape(1, 1, 28, 28)`` one of chapter 13's CNN.

    Refuses (ValueError): an image that is not 2-D, not numbers, holds nan or inf,
    has values outside [0, 1] (pixels 0-255 among them), or has no ink at all.
    """
    image = _check_drawing(image)
    rows = np.flatnonzero(image.max(axis=1) > 0)
    columns = np.flatnonzero(image.max(axis=0) > 0)
    box = image[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]
    longer = max(box.shape)
    # round half up, as the page's JavaScript does (Python's round() goes to even)
    height, width = (max(1, math.floor(side * DIGIT_BOX / longer + 0.5))
                     for side in box.shape)
    digit = resize_area(box, height, width)  # (height, width), longer side 20
    middle = MNIST_SIZE / 2  # 14: where MNIST puts the centre of mass (see above)
    row, column = center_of_mass(digit)
    top = min(max(middle - row, 0), MNIST_SIZE - height)
    left = min(max(middle - column, 0), MNIST_SIZE - width)
    down = _shift_weights(top, height, MNIST_SIZE)  # (28, height)
    across = _shift_weights(left, width, MNIST_SIZE)  # (28, width)
    return np.clip(down @ digit @ across.T, 0, 1)
# --8<-- [end:preprocess_digit]
