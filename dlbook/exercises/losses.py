"""The exercises of chapter 5, "Loss functions": squared errors and cross-entropy.

``sum_squares_error(y, t)`` and ``mean_squared_error(y, t)`` take ``y`` and ``t`` of the
same shape, (C,) or a batch (N, C), and return a number: half the *sum* of the squared
differences, and their *mean* over every element. ``cross_entropy_error(y, t)`` takes
probabilities ``y`` of shape (C,) or (N, C) and targets ``t``, one-hot (the shape of
``y``) or labels (a number, or (N,)), and returns the *mean* over the batch of
``-log(y_true + 1e-7)``, never ``inf`` and never a warning. The prediction is a loss
value of the chapter's ``cross_entropy_error``.
"""

import numpy as np

from .. import losses as ch5
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(5)

# The chapter's running example: class 2 of ten, and an output that gives it 0.6.
T = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
Y_WRONG = np.array([0.1, 0.05, 0.0, 0.0, 0.05, 0.7, 0.0, 0.1, 0.0, 0.0])


def _probabilities(n, c):
    """A seeded batch (n, c) of rows that sum to 1, like a softmax output."""
    e = np.exp(_rng.normal(size=(n, c)))
    return e / e.sum(axis=1, keepdims=True)


def _squares_cases():
    labels = _rng.integers(0, 4, size=5)
    return (
        Case("the chapter's y and one-hot t, (10,)", (Y, T)),
        Case("a batch (5, 4) of probabilities and one-hot rows",
             (_probabilities(5, 4), np.eye(4)[labels])),
        Case("a batch (3, 2) of regression outputs",
             (np.array([[1.5, -2.0], [0.0, 3.0], [2.0, 2.0]]),
              np.array([[1.0, -1.0], [0.5, 3.0], [2.0, 0.0]]))),
        Case("uint8 pixels, as MNIST stores them",
             (np.array([0, 200, 255, 10], dtype=np.uint8),
              np.array([200, 0, 250, 12], dtype=np.uint8))),
    )


def _as_float(y, t):
    return np.asarray(y, dtype=np.float64), np.asarray(t, dtype=np.float64)


def _sse(y, t):
    y, t = _as_float(y, t)
    return 0.5 * np.sum((y - t) ** 2)


def _mse(y, t):
    y, t = _as_float(y, t)
    return np.mean((y - t) ** 2)


def _wrapped(y, t):
    """The formula on the integer arrays themselves: uint8 wraps around modulo 256."""
    y, t = np.asarray(y), np.asarray(t)
    return 0.5 * np.sum((y - t) ** 2)


WRAP_HINT = ("Integer arrays wrap around: in uint8, 0 - 200 is 56, and 56 ** 2 is 64. "
             "Turn y and t into floats first, np.asarray(y, dtype=float), as the "
             "chapter's _same_shape does.")

register(Exercise(
    "sum_squares_error", 5,
    "sum_squares_error(y, t): 0.5 * sum((y - t) ** 2) over every element, a sum",
    ch5.sum_squares_error, _squares_cases(),
    mistakes=(
        (_wrapped, WRAP_HINT),
        (lambda y, t: 2 * _sse(y, t), "The factor 1/2 is missing: 0.5 * "
         "np.sum((y - t) ** 2). The half cancels the 2 of the derivative."),
        (_mse, "That is the mean squared error. The sum of squares adds up every "
         "squared difference, times 0.5, and grows with the batch."),
        (lambda y, t: 0.5 * np.sum(np.asarray(y, float) - np.asarray(t, float)) ** 2,
         "The square was taken after the sum: square each difference first, then "
         "add up, np.sum((y - t) ** 2). Misses of opposite signs must not cancel."),
        (lambda y, t: 0.5 * np.sum(np.abs(np.asarray(y, float) - np.asarray(t, float))),
         "That is half the sum of absolute differences: square them, (y - t) ** 2."),
    ),
    hint="0.5 * np.sum((y - t) ** 2): subtract, square each difference, add up "
         "everything, halve. Compute in floats."))

register(Exercise(
    "mean_squared_error", 5,
    "mean_squared_error(y, t): the mean of (y - t) ** 2 over every element",
    ch5.mean_squared_error, _squares_cases(),
    mistakes=(
        (lambda y, t: np.mean((np.asarray(y) - np.asarray(t)) ** 2), WRAP_HINT),
        (_sse, "That is half the sum of squares, the notes' \"mean_square_error\": "
         "a sum, which grows with the batch. The mean divides the sum of the "
         "squares by the number of elements: np.mean((y - t) ** 2)."),
        (lambda y, t: 0.5 * _mse(y, t), "The 1/2 belongs to the sum of squares. "
         "The mean squared error is np.mean((y - t) ** 2), without it."),
        (lambda y, t: np.sum((np.asarray(y, float) - np.asarray(t, float)) ** 2)
         / len(y),
         "That divides by the number of rows, len(y): the sum of each row's "
         "squares, averaged over the batch. The MSE averages over every element, "
         "rows and columns: divide by y.size, or take np.mean."),
        (lambda y, t: np.sqrt(_mse(y, t)), "That is the root of the mean squared "
         "error (RMSE): leave out the square root."),
    ),
    hint="np.mean((y - t) ** 2): the mean over every element, computed in floats."))


# --- predict: a batch's cross-entropy -------------------------------------------------

PREDICT_Y = np.array([[0.1, 0.8, 0.1], [0.5, 0.0, 0.5]])
PREDICT_T = np.array([1, 1])


def _true_probabilities():
    return PREDICT_Y[np.arange(2), PREDICT_T]


def _predicted_loss():
    """The box's snippet: cross_entropy_error of a batch of 2 with labels (1, 1)."""
    return ch5.cross_entropy_error(PREDICT_Y, PREDICT_T)


register(Exercise(
    "predict_cross_entropy", 5,
    "predict cross_entropy_error(y, t) for the box's batch of 2, to 2 decimals",
    _predicted_loss, (), predict=True, rtol=1e-3,
    mistakes=(
        (lambda: -np.sum(np.log(_true_probabilities() + 1e-7)),
         "That is the sum of the two samples' losses: cross_entropy_error takes the "
         "mean over the batch, the sum divided by N = 2."),
        (lambda: np.inf,
         "The second sample gives its true class 0, but the 1e-7 inside the log "
         "keeps it finite: -log(0 + 1e-7) is about 16.12."),
        (lambda: -np.log(0.8) / 2,
         "The second sample is not free: a probability of 0 for the true class is "
         "the worst case, and with the 1e-7 guard it costs -log(1e-7), about 16.12."),
        (lambda: -np.mean(np.log10(_true_probabilities() + 1e-7)),
         "np.log is the natural logarithm (base e), not log10."),
        (lambda: -np.log(0.8),
         "That is the first sample alone. The loss of a batch is the mean of both "
         "samples' losses."),
        (lambda: -np.mean(np.log(PREDICT_Y.max(axis=1) + 1e-7)),
         "That is the probability of each row's largest entry. The loss looks at "
         "the probability of the true class, t = 1 for both rows."),
    ),
    hint="The loss of one sample is -log(y[i, t[i]] + 1e-7): only the true class's "
         "probability counts. Then average over the 2 samples."))


# --- implement: cross_entropy_error ---------------------------------------------------

def _as_batch(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y, t = y.reshape(1, -1), t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    return y, t


def _picked(y, t):
    """The true class's probability, per row, as the book reads one-hot or labels."""
    y, t = _as_batch(y, t)
    if t.size == y.size:
        t = t.argmax(axis=1)
    return y[np.arange(y.shape[0]), t], y.shape[0]


def _summed(y, t):
    p, _ = _picked(y, t)
    return -np.sum(np.log(p + 1e-7))


def _one_hot_only(y, t):
    """t * log(y) always: a label is multiplied in as a number."""
    y, t = _as_batch(y, t)
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def _labels_only(y, t):
    """y[arange(N), t] always: a one-hot row is read as a list of labels."""
    y, t = _as_batch(y, t)
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]


def _divided_by_classes(y, t):
    """A single sample (C,) left as it is: y.shape[0] is then C, not the batch size."""
    y, t = np.asarray(y), np.asarray(t)
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def _mean_over_all(y, t):
    y, t = _as_batch(y, t)
    if t.size != y.size:
        t = np.eye(y.shape[1])[t]
    return -np.mean(t * np.log(y + 1e-7))


def _predicted_class(y, t):
    y, _ = _as_batch(y, t)
    return -np.mean(np.log(y.max(axis=1) + 1e-7))


register(Exercise(
    "cross_entropy_error", 5,
    "cross_entropy_error(y, t): mean of -log(y_true + 1e-7); one-hot or labels",
    ch5.cross_entropy_error,
    (
        Case("the chapter's y (10,) and one-hot t", (Y, T)),
        Case("one sample (10,) and its label, 2", (Y, np.array(2))),
        Case("a batch (2, 10) and labels (2,)",
             (np.stack([Y, Y_WRONG]), np.array([2, 2]))),
        Case("a batch (4, 3) and one-hot rows (4, 3)",
             (_probabilities(4, 3), np.eye(3)[[0, 2, 1, 2]])),
        Case("a batch (3, 3), as many samples as classes, and labels (3,)",
             (_probabilities(3, 3), np.array([2, 0, 2]))),
        Case("probability 0 for the true class, one-hot rows",
             (np.array([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]]),
              np.array([[1, 0, 0], [0, 0, 1]]))),
        Case("a batch (5, 4) of float32 probabilities and labels",
             (_probabilities(5, 4).astype(np.float32), np.array([3, 0, 1, 1, 2]))),
    ),
    rtol=1e-5,  # float32 inputs: the learner may compute in float32 or float64
    mistakes=(
        (_summed,
         "The losses of the batch were summed: divide the sum by the batch size N "
         "(y.shape[0] once a single sample is made a batch of one), so that the "
         "loss does not grow with the batch."),
        (_one_hot_only,
         "t holds labels (the class numbers) here, not one-hot rows: t * log(y) "
         "multiplies by the label. Pick each row's true class instead, "
         "y[np.arange(N), t], or turn the labels into one-hot rows first."),
        (_labels_only,
         "t holds one-hot rows here, and y[np.arange(N), t] read them as labels. A "
         "one-hot t has the shape of y: its labels are t.argmax(axis=1) (the book: "
         "if t.size == y.size: t = t.argmax(axis=1))."),
        (_divided_by_classes,
         "A single sample (C,) was divided by y.shape[0], which is C, the number "
         "of classes. Make a single sample a batch of one first, "
         "y.reshape(1, y.size), so that y.shape[0] is the batch size."),
        (_mean_over_all,
         "np.mean averaged over the classes too (N * C numbers). Sum every row's "
         "-log and divide by the batch size N only."),
        (_predicted_class,
         "That is the probability of each row's largest entry, the predicted "
         "class. The loss looks at the true class t."),
        (lambda y, t: _summed(y, t) / np.log(10) / len(_as_batch(y, t)[0]),
         "np.log is the natural logarithm (base e), not log10."),
    ),
    warning_hint="np.log(0) is -inf (and warns 'divide by zero'): a true class given "
                 "probability 0 must still give a finite loss. Add the book's tiny "
                 "delta inside the log, np.log(y + 1e-7), as dlbook does.",
    hint="Make a single sample a batch of one; read one-hot rows as labels with "
         "argmax; pick y[np.arange(N), t]; return -np.sum(np.log(picked + 1e-7)) / "
         "N."))

# The hints above in Korean (check(..., language="ko")), keyed by their English text.
_LOG10_KO = "np.log는 log10이 아니라 자연로그(밑이 e)다."
KOREAN = {
    WRAP_HINT:
        "정수 배열은 값이 한 바퀴 돈다. uint8에서 0 - 200은 56이고 56 ** 2는 64다. 이 "
        "장의 _same_shape처럼 먼저 y와 t를 부동소수점 수로 바꾸자: "
        "np.asarray(y, dtype=float).",
    "The factor 1/2 is missing: 0.5 * np.sum((y - t) ** 2). The half cancels the 2 of "
    "the derivative.":
        "계수 1/2이 빠졌다: 0.5 * np.sum((y - t) ** 2). 이 1/2은 미분에서 나오는 2를 "
        "없앤다.",
    "That is the mean squared error. The sum of squares adds up every squared "
    "difference, times 0.5, and grows with the batch.":
        "그것은 평균 제곱 오차다. 오차제곱합은 차의 제곱을 모두 더해 0.5를 곱한 것이고, "
        "배치가 커지면 함께 커진다.",
    "The square was taken after the sum: square each difference first, then add up, "
    "np.sum((y - t) ** 2). Misses of opposite signs must not cancel.":
        "합을 구한 뒤에 제곱했다. 차를 하나씩 먼저 제곱하고 그다음 더하자: "
        "np.sum((y - t) ** 2). 부호가 반대인 오차끼리 상쇄되면 안 된다.",
    "That is half the sum of absolute differences: square them, (y - t) ** 2.":
        "그것은 차의 절댓값을 더한 합의 절반이다. 차를 제곱하자: (y - t) ** 2.",
    "0.5 * np.sum((y - t) ** 2): subtract, square each difference, add up everything, "
    "halve. Compute in floats.":
        "0.5 * np.sum((y - t) ** 2): 빼고, 차를 하나씩 제곱하고, 모두 더하고, 절반으로 "
        "나눈다. 부동소수점 수로 계산하자.",
    "That is half the sum of squares, the notes' \"mean_square_error\": a sum, which "
    "grows with the batch. The mean divides the sum of the squares by the number of "
    "elements: np.mean((y - t) ** 2).":
        "그것은 오차제곱합(노트의 \"mean_square_error\")으로, 배치가 커지면 함께 커지는 "
        "합이다. 평균은 제곱의 합을 원소 수로 나눈다: np.mean((y - t) ** 2).",
    "The 1/2 belongs to the sum of squares. The mean squared error is "
    "np.mean((y - t) ** 2), without it.":
        "1/2은 오차제곱합의 것이다. 평균 제곱 오차는 1/2 없이 np.mean((y - t) ** 2)다.",
    "That divides by the number of rows, len(y): the sum of each row's squares, "
    "averaged over the batch. The MSE averages over every element, rows and columns: "
    "divide by y.size, or take np.mean.":
        "그것은 행 수 len(y)로 나눈 값, 곧 행마다 구한 제곱의 합을 배치에 대해 평균한 "
        "값이다. 평균 제곱 오차는 행과 열의 모든 원소에 대해 평균한다. y.size로 "
        "나누거나 np.mean을 쓰자.",
    "That is the root of the mean squared error (RMSE): leave out the square root.":
        "그것은 평균 제곱 오차의 제곱근(RMSE)이다. 제곱근을 빼자.",
    "np.mean((y - t) ** 2): the mean over every element, computed in floats.":
        "np.mean((y - t) ** 2): 모든 원소에 대한 평균을 부동소수점 수로 계산한다.",
    "That is the sum of the two samples' losses: cross_entropy_error takes the mean "
    "over the batch, the sum divided by N = 2.":
        "그것은 두 샘플의 손실을 더한 합이다. cross_entropy_error는 배치에 대한 평균, "
        "곧 합을 N = 2로 나눈 값을 구한다.",
    "The second sample gives its true class 0, but the 1e-7 inside the log keeps it "
    "finite: -log(0 + 1e-7) is about 16.12.":
        "두 번째 샘플은 정답 클래스에 0을 주지만, 로그 안의 1e-7 덕분에 값이 유한하다: "
        "-log(0 + 1e-7)은 약 16.12다.",
    "The second sample is not free: a probability of 0 for the true class is the worst "
    "case, and with the 1e-7 guard it costs -log(1e-7), about 16.12.":
        "두 번째 샘플도 손실을 낸다. 정답 클래스의 확률이 0인 것은 최악의 경우이고, "
        "1e-7을 더하면 -log(1e-7), 약 16.12가 된다.",
    "np.log is the natural logarithm (base e), not log10.": _LOG10_KO,
    "That is the first sample alone. The loss of a batch is the mean of both samples' "
    "losses.":
        "그것은 첫 번째 샘플 하나의 손실이다. 배치의 손실은 두 샘플 손실의 평균이다.",
    "That is the probability of each row's largest entry. The loss looks at the "
    "probability of the true class, t = 1 for both rows.":
        "그것은 행마다 가장 큰 원소의 확률이다. 손실은 정답 클래스(두 행 모두 t = 1)의 "
        "확률을 본다.",
    "The loss of one sample is -log(y[i, t[i]] + 1e-7): only the true class's "
    "probability counts. Then average over the 2 samples.":
        "샘플 하나의 손실은 -log(y[i, t[i]] + 1e-7)이다. 정답 클래스의 확률만 센다. "
        "그다음 샘플 2개에 대해 평균하자.",
    "The losses of the batch were summed: divide the sum by the batch size N "
    "(y.shape[0] once a single sample is made a batch of one), so that the loss does "
    "not grow with the batch.":
        "배치의 손실을 더하기만 했다. 손실이 배치와 함께 커지지 않도록 합을 배치 크기 "
        "N(샘플 하나를 배치 하나로 만든 뒤의 y.shape[0])으로 나누자.",
    "t holds labels (the class numbers) here, not one-hot rows: t * log(y) multiplies "
    "by the label. Pick each row's true class instead, y[np.arange(N), t], or turn the "
    "labels into one-hot rows first.":
        "여기서 t는 원-핫 행이 아니라 레이블(클래스 번호)을 담는다. t * log(y)는 "
        "레이블 값을 곱해 버린다. 대신 행마다 정답 클래스를 고르거나"
        "(y[np.arange(N), t]), 먼저 레이블을 원-핫 행으로 바꾸자.",
    "t holds one-hot rows here, and y[np.arange(N), t] read them as labels. A one-hot "
    "t has the shape of y: its labels are t.argmax(axis=1) (the book: if t.size == "
    "y.size: t = t.argmax(axis=1)).":
        "여기서 t는 원-핫 행을 담는데, y[np.arange(N), t]가 그것을 레이블로 읽었다. "
        "원-핫 t는 y와 형상이 같고, 그 레이블은 t.argmax(axis=1)이다(책의 코드: "
        "if t.size == y.size: t = t.argmax(axis=1)).",
    "A single sample (C,) was divided by y.shape[0], which is C, the number of "
    "classes. Make a single sample a batch of one first, y.reshape(1, y.size), so that "
    "y.shape[0] is the batch size.":
        "샘플 하나 (C,)를 y.shape[0], 곧 클래스 수 C로 나눴다. y.shape[0]이 배치 "
        "크기가 되도록 먼저 샘플 하나를 배치 하나로 만들자: y.reshape(1, y.size).",
    "np.mean averaged over the classes too (N * C numbers). Sum every row's -log and "
    "divide by the batch size N only.":
        "np.mean이 클래스에 대해서도 평균했다(수 N * C개). 행마다 구한 -log를 모두 "
        "더하고 배치 크기 N으로만 나누자.",
    "That is the probability of each row's largest entry, the predicted class. The "
    "loss looks at the true class t.":
        "그것은 행마다 가장 큰 원소, 곧 예측한 클래스의 확률이다. 손실은 정답 클래스 "
        "t를 본다.",
    "np.log(0) is -inf (and warns 'divide by zero'): a true class given probability 0 "
    "must still give a finite loss. Add the book's tiny delta inside the log, "
    "np.log(y + 1e-7), as dlbook does.":
        "np.log(0)은 -inf다('divide by zero' 경고도 낸다). 정답 클래스의 확률이 0이어도 "
        "손실은 유한해야 한다. dlbook처럼 책의 아주 작은 값 delta를 로그 안에 더하자: "
        "np.log(y + 1e-7).",
    "Make a single sample a batch of one; read one-hot rows as labels with argmax; "
    "pick y[np.arange(N), t]; return -np.sum(np.log(picked + 1e-7)) / N.":
        "샘플 하나는 배치 하나로 만들고, 원-핫 행은 argmax로 레이블로 읽고, "
        "y[np.arange(N), t]를 골라서 -np.sum(np.log(picked + 1e-7)) / N을 돌려주자.",
}
