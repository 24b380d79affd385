"""The exercises of chapter 9, "MNIST": pixels, labels, accuracy and batches.

No exercise needs the MNIST files: the cases are small seeded arrays shaped like the
chapter's, ``uint8`` pixels of rows of 784 (or ``(N, 1, 28, 28)`` images), labels
``(N,)`` from 0 to 9, scores ``(N, 10)``.

- ``normalize_pixels(x)``: ``uint8`` pixels of any shape to ``float32`` in [0, 1], as
  ``load_mnist(normalize=True)`` does;
- ``one_hot_label(t, num_classes)``: labels ``(N,)`` to one-hot rows ``(N, C)``;
- ``accuracy(y, t)``: scores ``(N, C)`` and labels ``(N,)`` or one-hot ``(N, C)`` to
  the fraction of rows whose highest score is the true class;
- ``predict_iterations``: the iterations per epoch of a training loop, and how many
  epochs it logs;
- ``evaluate(net, x, t, batch_size)``: find the bug in an accuracy counted batch by
  batch.
"""

import numpy as np

from .. import losses
from ..datasets import split_validation
from ..networks import MultiLayerNet
from ..training import evaluate
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(9)


def _pixels(shape, high=256):
    return _rng.integers(0, high, size=shape).astype(np.uint8)


def _with_dtype(submission, x):
    """The run adapter: the pixels, and whether they came back as float32 (1 or 0)."""
    out = submission(x)
    return {"x": out, "float32": int(np.asarray(out).dtype == np.float32)}


def _normalize(x):
    # load_dataset's own line (dlbook/datasets.py), for normalize=True
    return x.astype(np.float32) / np.float32(255)


_ROW = np.array([0, 0, 0, 0, 0, 81, 240, 253], dtype=np.uint8)  # row 14 of the 5
_BATCH = _pixels((3, 784))
_BATCH[0, :2] = (0, 255)

register(Exercise(
    "normalize_pixels", 9,
    "normalize_pixels(x): uint8 pixels 0-255 to float32 in [0, 1], as load_mnist does",
    _normalize,
    (
        Case("the chapter's stretch of row 14 (8,)", (_ROW,)),
        Case("a batch of 3 flattened images (3, 784)", (_BATCH,)),
        Case("a faint batch whose darkest pixel is 200 (2, 784)",
             (_pixels((2, 784), high=201),)),
        Case("images not flattened (2, 1, 28, 28)", (_pixels((2, 1, 28, 28)),)),
    ),
    run=_with_dtype,
    mistakes=(
        (lambda x: x // 255,
         "x // 255 is integer division: it drops the remainder, so every pixel below "
         "255 becomes 0. Convert to floating point first, then divide: "
         "x.astype(np.float32) / 255."),
        (lambda x: x / 255,
         "The values are right, but in float64 (NumPy's default), twice the memory of "
         "float32 and about half the speed. Convert first: "
         "x.astype(np.float32) / 255."),
        (lambda x: x.astype(np.float32) / 256,
         "Divide by 255, the largest value a uint8 holds, not 256: full ink must "
         "become exactly 1.0."),
        (lambda x: x.astype(np.float32) / x.max(),
         "Dividing by x.max() depends on the batch: a faint image, whose darkest pixel "
         "is 200, would be stretched to reach 1. Divide by 255, always."),
        (lambda x: (x * 2).astype(np.float32) / 510,
         "x * 2 is computed in uint8 and wraps around past 255 (240 + 240 = 224) "
         "before you convert. Convert first, then compute: "
         "x.astype(np.float32) / 255."),
    ),
    hint="Convert the uint8 pixels to float32 first (x.astype(np.float32)), then "
         "divide by 255; build a new array, don't change x."))


def _one_hot_label(t, num_classes):
    return losses.one_hot(t, num_classes)


def _zeros_then_rows(t, num_classes):
    y = np.zeros((len(t), num_classes))
    y[t] = 1  # rows t, not the columns of each row
    return y


register(Exercise(
    "one_hot_label", 9,
    "one_hot_label(t, num_classes): labels (N,) to one-hot rows (N, num_classes)",
    _one_hot_label,
    (
        Case("labels with repeats, 3 classes", (np.array([2, 0, 2, 1, 1]), 3)),
        Case("the labels of four test images, 10 classes",
             (np.array([7, 2, 1, 0]), 10)),
        Case("labels 0 and 1 only, but 10 classes", (np.array([1, 0, 1]), 10)),
        Case("int32 labels, as many as the classes",
             (np.array([3, 3, 0, 1], dtype=np.int32), 4)),
        Case("a batch of 12 random digits", (_rng.integers(0, 10, 12), 10)),
    ),
    mistakes=(
        (lambda t, c: np.eye(c)[:, t],
         "np.eye(C)[:, t] picks columns: one column per label, (C, N). Pick rows, "
         "np.eye(C)[t]: row t of the identity is the one-hot vector of label t."),
        (lambda t, c: np.eye(t.max() + 1)[t],
         "The width must be num_classes, not the largest label + 1: a batch without "
         "a 9 is still a batch of 10-class labels. Use np.eye(num_classes)[t]."),
        (lambda t, c: np.eye(c)[t - 1],
         "Labels start at 0 (the digit itself): label 0 is a 1 in column 0. Don't "
         "subtract 1."),
        (_zeros_then_rows,
         "y[t] = 1 fills whole rows (row t for each label t). Set one entry per row: "
         "y[np.arange(len(t)), t] = 1."),
    ),
    hint="Row t of the identity matrix np.eye(num_classes) is the one-hot vector of "
         "label t: index it with the whole array of labels at once."))


def _accuracy(y, t):
    # Network.accuracy, on scores that are already computed
    t = losses.target_labels(t, y.shape, "accuracy")
    return float(np.mean(y.argmax(axis=1) == t))


_Y = np.array([[0.1, 0.8, 0.1], [0.3, 0.1, 0.6], [0.2, 0.5, 0.3], [0.8, 0.1, 0.1]])
_SQUARE = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [0.6, 0.3, 0.1]])
_SCORES = _rng.normal(size=(6, 10)) * 3

register(Exercise(
    "accuracy", 9,
    "accuracy(y, t): the fraction of rows of y (N, C) whose highest score is the "
    "label t (N,) or one-hot t (N, C)",
    _accuracy,
    (
        Case("3 images, 3 classes (a square batch)", (_SQUARE, np.array([1, 0, 2]))),
        Case("the same, with one-hot labels", (_SQUARE, np.eye(3)[[1, 0, 2]])),
        Case("the chapter's 4 images of 3 classes", (_Y, np.array([1, 2, 0, 0]))),
        Case("raw scores of 6 images, 10 classes", (_SCORES, _rng.integers(0, 10, 6))),
        Case("the same scores, one-hot labels",
             (_SCORES, np.eye(10)[_SCORES.argmax(axis=1)])),
    ),
    mistakes=(
        (lambda y, t: np.mean(y.argmax(axis=0) == t),
         "argmax(axis=0) looks down each column (one index per class). The best class "
         "of each row, one per image, is y.argmax(axis=1)."),
        (lambda y, t: np.mean(y.argmax(axis=1) == t),
         "One-hot labels (N, C) compared with N indices broadcast into an (N, C) "
         "table of comparisons. Turn them into labels first: if t.ndim == 2, "
         "t = t.argmax(axis=1)."),
        (lambda y, t: np.sum(y.argmax(axis=1) == losses.target_labels(t, y.shape)),
         "That is the number of right answers; the accuracy is that divided by the "
         "number of images, N (np.mean of the comparison)."),
    ),
    hint="Take the best class of each row, y.argmax(axis=1), compare with the labels "
         "(argmax one-hot rows first) and return the mean of the comparison."))


def _iterations():
    x = np.zeros((1000, 784), dtype=np.uint8)  # 1,000 images, MNIST's shape
    t = np.zeros(1000, dtype=np.int64)
    (x_train, t_train), (x_val, t_val) = split_validation(x, t, 0.15, seed=0)
    iters, batch_size = 100, 64
    iters_per_epoch = len(x_train) // batch_size
    log = []
    for i in range(1, iters + 1):
        if i % iters_per_epoch == 0:
            log.append(i)
    return (iters_per_epoch, len(log))


register(Exercise(
    "predict_iterations", 9,
    "predict (iters_per_epoch, len(log)) of a loop of 100 steps, batches of 64, on "
    "1,000 images of which 15% are set aside for validation",
    _iterations, (), output="int", predict=True,
    mistakes=(
        (lambda: (15, 6), "An epoch is one pass over the images trained on: "
         "split_validation set 150 of the 1,000 aside, so 850 are left."),
        (lambda: (14, 7), "// rounds down: 850 // 64 is 13 (the last 18 images do "
         "not fill a batch)."),
        (lambda: (13, 8), "The loop starts at i = 1 (range(1, iters + 1)), so i = 0, "
         "where 0 % 13 == 0, never comes: count the multiples of 13 from 13 to 100."),
    ),
    hint="Go step by step: how many images does split_validation leave for training, "
         "how many whole batches of 64 do they make, and how many multiples of that "
         "number does the loop meet from 1 to 100?"))


def _net(seed, n_in=4, n_out=3):
    """A network of one Affine layer (no hidden layer): scores (N, n_out)."""
    return MultiLayerNet(n_in, [], n_out, seed=seed)


def _evaluate_last_batch_lost(net, x, t, batch_size=1000):
    # the box's version: range(len(x) // batch_size) loses the last, shorter batch
    correct = 0
    for i in range(len(x) // batch_size):
        scores = net.predict(x[i * batch_size : (i + 1) * batch_size])
        correct += int(np.sum(scores.argmax(axis=1)
                              == t[i * batch_size : (i + 1) * batch_size]))
    return correct / len(x)


def _evaluate_mean_of_batches(net, x, t, batch_size=1000):
    accs = [np.mean(net.predict(x[s : s + batch_size]).argmax(axis=1)
                    == t[s : s + batch_size]) for s in range(0, len(x), batch_size)]
    return float(np.mean(accs))


def _evaluate_divides_by_batch(net, x, t, batch_size=1000):
    correct = 0
    for s in range(0, len(x), batch_size):
        scores = net.predict(x[s : s + batch_size])
        correct += int(np.sum(scores.argmax(axis=1) == t[s : s + batch_size]))
    return correct / batch_size


def _evaluation_case(label, n, batch_size, seed):
    rng = np.random.default_rng(seed)
    return Case(label, (_net(seed), rng.normal(size=(n, 4)), rng.integers(0, 3, n),
                        batch_size))


register(Exercise(
    "evaluate", 9,
    "evaluate(net, x, t, batch_size): find the bug; the accuracy of net on x (N, D), "
    "labels t (N,), counted batch by batch",
    lambda net, x, t, batch_size: evaluate(net, x, t, batch_size),
    (
        _evaluation_case("10 samples in batches of 4 (the last batch holds 2)",
                         10, 4, 1),
        _evaluation_case("12 samples in batches of 4", 12, 4, 2),
        _evaluation_case("3 samples, fewer than one batch of 1000", 3, 1000, 3),
        _evaluation_case("25 samples in batches of 7", 25, 7, 4),
        _evaluation_case("5 samples in batches of 1", 5, 1, 5),
    ),
    mistakes=(
        (_evaluate_last_batch_lost,
         "The last, shorter batch is never scored: range(len(x) // batch_size) "
         "counts only full batches. Step through the starts instead, "
         "for start in range(0, len(x), batch_size), and slice x[start : start + "
         "batch_size] (a slice past the end simply stops at it)."),
        (_evaluate_mean_of_batches,
         "That averages the batches' accuracies: a short last batch then counts as "
         "much as a full one. Add up the right answers of every batch and divide by "
         "len(x) once, at the end."),
        (_evaluate_divides_by_batch,
         "Divide the right answers by the number of samples, len(x), not by the "
         "batch size."),
    ),
    hint="Count the right answers of each batch (scores.argmax(axis=1) == the batch's "
         "labels), add them up over batches that cover every sample once, and divide "
         "by len(x)."))
