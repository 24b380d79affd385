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


# --- Korean ---------------------------------------------------------------------------

KOREAN = {
    "x // 255 is integer division: it drops the remainder, so every pixel below "
    "255 becomes 0. Convert to floating point first, then divide: "
    "x.astype(np.float32) / 255.":
        "x // 255는 정수 나눗셈이라 나머지를 버리므로, 255보다 작은 화소는 모두 0이 "
        "된다. 먼저 부동소수점 수로 바꾸고 그다음 나누자: x.astype(np.float32) / 255.",
    "The values are right, but in float64 (NumPy's default), twice the memory of "
    "float32 and about half the speed. Convert first: "
    "x.astype(np.float32) / 255.":
        "값은 맞지만 float64(넘파이의 기본값)다. float32보다 메모리를 두 배 쓰고 속도는 "
        "절반쯤이다. 먼저 바꾸자: x.astype(np.float32) / 255.",
    "Divide by 255, the largest value a uint8 holds, not 256: full ink must "
    "become exactly 1.0.":
        "256이 아니라 uint8이 담는 가장 큰 값인 255로 나눈다: 가장 진한 화소는 정확히 "
        "1.0이 되어야 한다.",
    "Dividing by x.max() depends on the batch: a faint image, whose darkest pixel "
    "is 200, would be stretched to reach 1. Divide by 255, always.":
        "x.max()로 나누면 결과가 배치에 따라 달라진다: 가장 진한 화소가 200인 흐린 "
        "이미지는 1에 닿도록 늘어나 버린다. 언제나 255로 나누자.",
    "x * 2 is computed in uint8 and wraps around past 255 (240 + 240 = 224) "
    "before you convert. Convert first, then compute: "
    "x.astype(np.float32) / 255.":
        "x * 2는 바꾸기 전에 uint8로 계산되어 255를 넘으면 한 바퀴 돌아온다"
        "(240 + 240 = 224). 먼저 바꾸고 그다음 계산하자: x.astype(np.float32) / 255.",
    "Convert the uint8 pixels to float32 first (x.astype(np.float32)), then "
    "divide by 255; build a new array, don't change x.":
        "uint8 화소를 먼저 float32로 바꾸고(x.astype(np.float32)) 255로 나눈다. 새 "
        "배열을 만들고 x는 바꾸지 않는다.",
    "np.eye(C)[:, t] picks columns: one column per label, (C, N). Pick rows, "
    "np.eye(C)[t]: row t of the identity is the one-hot vector of label t.":
        "np.eye(C)[:, t]는 열을 고른다: 레이블마다 열 하나, (C, N)이 된다. 행을 고르자, "
        "np.eye(C)[t]: 단위 행렬의 t행이 레이블 t의 원-핫 벡터다.",
    "The width must be num_classes, not the largest label + 1: a batch without "
    "a 9 is still a batch of 10-class labels. Use np.eye(num_classes)[t].":
        "너비는 가장 큰 레이블 + 1이 아니라 num_classes여야 한다: 9가 없는 배치도 여전히 "
        "10클래스 레이블의 배치다. np.eye(num_classes)[t]를 쓰자.",
    "Labels start at 0 (the digit itself): label 0 is a 1 in column 0. Don't "
    "subtract 1.":
        "레이블은 0에서 시작한다(숫자 그 자체다): 레이블 0은 0열에 있는 1이다. 1을 "
        "빼지 않는다.",
    "y[t] = 1 fills whole rows (row t for each label t). Set one entry per row: "
    "y[np.arange(len(t)), t] = 1.":
        "y[t] = 1은 행 전체를 채운다(레이블 t마다 t행). 행마다 원소 하나만 정하자: "
        "y[np.arange(len(t)), t] = 1.",
    "Row t of the identity matrix np.eye(num_classes) is the one-hot vector of "
    "label t: index it with the whole array of labels at once.":
        "단위 행렬 np.eye(num_classes)의 t행이 레이블 t의 원-핫 벡터다: 레이블 배열 "
        "전체로 한 번에 인덱싱하자.",
    "argmax(axis=0) looks down each column (one index per class). The best class "
    "of each row, one per image, is y.argmax(axis=1).":
        "argmax(axis=0)은 각 열을 위에서 아래로 본다(클래스마다 인덱스 하나). 각 행, 곧 "
        "이미지마다 가장 높은 클래스는 y.argmax(axis=1)이다.",
    "One-hot labels (N, C) compared with N indices broadcast into an (N, C) "
    "table of comparisons. Turn them into labels first: if t.ndim == 2, "
    "t = t.argmax(axis=1).":
        "원-핫 레이블 (N, C)를 인덱스 N개와 비교하면 브로드캐스트되어 (N, C) 비교표가 "
        "된다. 먼저 레이블로 바꾸자: t.ndim == 2이면 t = t.argmax(axis=1).",
    "That is the number of right answers; the accuracy is that divided by the "
    "number of images, N (np.mean of the comparison).":
        "그것은 맞힌 개수다. 정확도는 그것을 이미지 수 N으로 나눈 값이다(비교 결과의 "
        "np.mean).",
    "Take the best class of each row, y.argmax(axis=1), compare with the labels "
    "(argmax one-hot rows first) and return the mean of the comparison.":
        "각 행에서 가장 높은 클래스 y.argmax(axis=1)을 구해 레이블과 비교하고(원-핫 "
        "행은 먼저 argmax한다) 비교 결과의 평균을 돌려준다.",
    "An epoch is one pass over the images trained on: "
    "split_validation set 150 of the 1,000 aside, so 850 are left.":
        "에폭은 학습에 쓰는 이미지를 한 번 다 도는 것이다: split_validation이 1,000개 "
        "중 150개를 떼어 두었으니 850개가 남는다.",
    "// rounds down: 850 // 64 is 13 (the last 18 images do "
    "not fill a batch).":
        "//는 내림한다: 850 // 64는 13이다(마지막 18개 이미지는 배치 하나를 채우지 "
        "못한다).",
    "The loop starts at i = 1 (range(1, iters + 1)), so i = 0, "
    "where 0 % 13 == 0, never comes: count the multiples of 13 from 13 to 100.":
        "반복문은 i = 1에서 시작하므로(range(1, iters + 1)) 0 % 13 == 0인 i = 0은 "
        "오지 않는다: 13부터 100까지 13의 배수를 세자.",
    "Go step by step: how many images does split_validation leave for training, "
    "how many whole batches of 64 do they make, and how many multiples of that "
    "number does the loop meet from 1 to 100?":
        "한 단계씩 가자: split_validation이 학습용으로 이미지를 몇 개 남기는가, 그것으로 "
        "64개짜리 온전한 배치를 몇 개 만드는가, 그리고 반복문이 1부터 100까지 그 수의 "
        "배수를 몇 번 만나는가?",
    "The last, shorter batch is never scored: range(len(x) // batch_size) "
    "counts only full batches. Step through the starts instead, "
    "for start in range(0, len(x), batch_size), and slice x[start : start + "
    "batch_size] (a slice past the end simply stops at it).":
        "마지막의 더 짧은 배치는 채점되지 않는다: range(len(x) // batch_size)는 꽉 찬 "
        "배치만 센다. 대신 시작 위치를 따라가자, "
        "for start in range(0, len(x), batch_size), 그리고 "
        "x[start : start + batch_size]로 자른다(끝을 넘는 슬라이스는 끝에서 멈출 뿐이다).",
    "That averages the batches' accuracies: a short last batch then counts as "
    "much as a full one. Add up the right answers of every batch and divide by "
    "len(x) once, at the end.":
        "그것은 배치들의 정확도를 평균한다: 그러면 짧은 마지막 배치가 꽉 찬 배치만큼 "
        "셈에 든다. 모든 배치의 맞힌 개수를 더하고 마지막에 한 번 len(x)로 나누자.",
    "Divide the right answers by the number of samples, len(x), not by the "
    "batch size.":
        "맞힌 개수를 배치 크기가 아니라 샘플 수 len(x)로 나눈다.",
    "Count the right answers of each batch (scores.argmax(axis=1) == the batch's "
    "labels), add them up over batches that cover every sample once, and divide "
    "by len(x).":
        "배치마다 맞힌 개수를 세고(scores.argmax(axis=1) == 그 배치의 레이블), 모든 "
        "샘플을 한 번씩 덮는 배치들에 걸쳐 더한 다음 len(x)로 나눈다.",
}
