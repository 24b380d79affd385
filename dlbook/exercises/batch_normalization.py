"""The exercises of chapter 11, "Batch normalization".

- ``predict_batch_of_one``: the training-mode output for a batch of a single sample;
- ``batchnorm_forward(x, gamma, beta)``: the training-mode forward pass as a function,
  ``x`` (N, D), ``gamma`` and ``beta`` (D,), ``eps`` = 1e-6;
- ``predict_running_mean``: the running mean after two training batches;
- ``BatchNormalization``: the layer class, training and inference modes and the
  backward pass (``dx``, ``dgamma``, ``dbeta``), for ``x`` (N, D).
"""

import numpy as np

from ..layers import BatchNormalization
from . import Case, Exercise, register

__all__: list = []

_EPS = 1e-6  # dlbook's, the book's 10e-7


def _batch_of_one():
    layer = BatchNormalization(np.array([2.0, 3.0]), np.array([0.5, -1.0]))
    return layer.forward(np.array([[7.0, -2.0]]), train_flg=True)


register(Exercise(
    "predict_batch_of_one", 11,
    "predict out = BatchNormalization(gamma=[2, 3], beta=[0.5, -1]).forward([[7, -2]], "
    "train_flg=True), a batch of one sample",
    _batch_of_one, (), predict=True,
    mistakes=(
        (lambda: np.array([[7.0, -2.0]]),
         "Batch normalization does change its input: each feature is centred on the "
         "batch's mean first. What is the mean of a batch of one sample?"),
        (lambda: np.array([[14.5, -7.0]]),
         "That is gamma * x + beta: x is first normalized by the batch's mean and "
         "variance, so gamma and beta scale and shift x - mu, not x."),
        (lambda: np.array([[2.5, 2.0]]),
         "x - mu is 0 here, not 1: the only sample is its own mean. What is gamma * "
         "0 + beta?"),
        (lambda: np.array([[0.0, 0.0]]),
         "The normalized xn is 0, but out is gamma * xn + beta: beta is still added."),
        (lambda: np.array([0.5, -1.0]),
         "The values are right, but out has x's shape, a batch of one: (1, 2)."),
    ),
    hint="Work it feature by feature: the mean of one sample, x - mu, the variance, "
         "then gamma * xn + beta."))


def _batchnorm_forward(x, gamma, beta):
    return BatchNormalization(gamma, beta, eps=_EPS).forward(x, train_flg=True)


def _forward_with(mean, var, sqrt_then_eps=False):
    def forward(x, gamma, beta):
        mu, v = mean(x), var(x)
        std = np.sqrt(v) + _EPS if sqrt_then_eps else np.sqrt(v + _EPS)
        return gamma * (x - mu) / std + beta
    return forward


def _axis0_mean(x):
    return x.mean(axis=0)


def _axis0_var(x):
    return x.var(axis=0)


_rng = np.random.default_rng(11)
_CHAPTER_X = np.random.default_rng(0).standard_normal((4, 3)) * [10.0, 1.0, 0.1] \
    + [5.0, 0.0, -3.0]
_NARROW = _rng.standard_normal((5, 2)) * [0.01, 2.0] + [1.0, -1.0]
_CONSTANT = np.column_stack([_rng.standard_normal(4), np.full(4, 3.0)])

register(Exercise(
    "batchnorm_forward", 11,
    "batchnorm_forward(x, gamma, beta): training mode, each feature of x (N, D) "
    "normalized over the batch, eps = 1e-6, then gamma * xn + beta",
    _batchnorm_forward,
    (
        Case("the chapter's 4 samples of 3 features, gamma 1, beta 0",
             (_CHAPTER_X, np.ones(3), np.zeros(3))),
        Case("3 samples of 3 features (as many as the samples), gamma and beta",
             (_rng.standard_normal((3, 3)) * 2 + 1, np.array([1.0, 2.0, 0.5]),
              np.array([0.0, -1.0, 3.0]))),
        Case("a feature with a spread of 0.01",
             (_NARROW, np.array([1.5, -0.5]), np.array([0.1, 0.2]))),
        Case("a feature whose 4 values are all equal",
             (_CONSTANT, np.array([1.0, 2.0]), np.array([0.0, 0.5]))),
        Case("float32, 6 samples of 4 features",
             (_rng.standard_normal((6, 4)).astype(np.float32),
              np.full(4, 0.5, dtype=np.float32), np.ones(4, dtype=np.float32))),
    ),
    rtol=1e-5,
    mistakes=(
        (_forward_with(_axis0_mean, lambda x: x.var(axis=0, ddof=1)),
         "The variance divides by N - 1 (ddof=1): batch normalization divides by N, "
         "np.var(x, axis=0) or np.mean((x - mu) ** 2, axis=0)."),
        (_forward_with(lambda x: x.mean(axis=1, keepdims=True),
                       lambda x: x.var(axis=1, keepdims=True)),
         "The statistics were taken across each sample's features (axis=1). Batch "
         "normalization normalizes each feature over the batch: axis=0."),
        (_forward_with(lambda x: x.mean(), lambda x: x.var()),
         "One mean and one variance for the whole batch: each feature (column) has "
         "its own, x.mean(axis=0) and x.var(axis=0)."),
        (lambda x, gamma, beta: gamma * (x - x.mean(axis=0)) / x.std(axis=0) + beta,
         "eps is missing: divide by np.sqrt(var + 1e-6), which stays above 0 even "
         "for a feature whose values are all equal."),
        (_forward_with(_axis0_mean, _axis0_var, sqrt_then_eps=True),
         "eps goes inside the square root, sqrt(var + eps), not after it: the two "
         "differ for a feature of small variance."),
        (lambda x, gamma, beta: _forward_with(_axis0_mean, _axis0_var)(x, 1.0, 0.0),
         "The normalized xn is right; now scale and shift it: gamma * xn + beta."),
        (lambda x, gamma, beta: gamma * (x - x.mean(axis=0)) / (x.var(axis=0) + _EPS)
         + beta,
         "Divide by the standard deviation, np.sqrt(var + eps), not by the variance."),
    ),
    warning_hint="A feature whose values are all equal has variance 0, and 0 / 0 is "
                 "nan: add eps before the square root, np.sqrt(var + 1e-6).",
    hint="mu = x.mean(axis=0), var = np.mean((x - mu) ** 2, axis=0), xn = (x - mu) / "
         "np.sqrt(var + 1e-6), out = gamma * xn + beta."))


def _running_mean():
    layer = BatchNormalization(np.ones(2), np.zeros(2))  # momentum 0.9
    layer.forward(np.array([[8.0, 0.0], [12.0, 0.0]]), train_flg=True)
    layer.forward(np.array([[0.0, 5.0], [0.0, 15.0]]), train_flg=True)
    return layer.running_mean


register(Exercise(
    "predict_running_mean", 11,
    "predict layer.running_mean after two training forwards, of batches whose means "
    "are (10, 0) and (0, 10)",
    _running_mean, (), predict=True,
    mistakes=(
        (lambda: np.array([9.0, 1.0]),
         "The running mean starts at 0, not at the first batch's mean: after the "
         "first step it is 0.9 * 0 + 0.1 * (10, 0)."),
        (lambda: np.array([0.9, 9.0]),
         "The momentum weighs the old average, 0.9, and the new batch gets 1 - 0.9 = "
         "0.1: running_mean = 0.9 * running_mean + 0.1 * mu."),
        (lambda: np.array([5.0, 5.0]),
         "It is not the mean of the batches' means: an exponential moving average, "
         "running_mean = 0.9 * running_mean + 0.1 * mu, starting from 0."),
        (lambda: np.array([0.0, 10.0]),
         "That is the last batch's mean: the running mean is updated, not replaced, "
         "0.9 * running_mean + 0.1 * mu."),
        (lambda: np.array([1.0, 1.0]),
         "The first batch's share decays too: at the second step the running mean is "
         "multiplied by 0.9 before 0.1 * mu is added."),
    ),
    hint="Apply running_mean = 0.9 * running_mean + 0.1 * mu twice, from running_mean "
         "= (0, 0), with mu the mean of each batch over its samples."))


def _run_layer(layer_class, gamma, beta, x, dout, x_test):
    """Make the layer, train forward, backward, then an inference forward."""
    layer = layer_class(gamma, beta)
    out = layer.forward(x, train_flg=True)
    dx = layer.backward(dout)
    answer = {"out": out, "dx": dx, "dgamma": getattr(layer, "dgamma", None),
              "dbeta": getattr(layer, "dbeta", None),
              "running_mean": getattr(layer, "running_mean", None),
              "running_var": getattr(layer, "running_var", None)}
    answer["out_test"] = layer.forward(x_test, train_flg=False)
    return answer


class _UnbiasedVar(BatchNormalization):
    def _normalize_batch(self, x):
        n = len(x)
        # the book's statistics, with np.var(ddof=1) instead: the whole forward moves
        self.xc = x - x.mean(axis=0)
        var = np.sum(self.xc ** 2, axis=0) / (n - 1)
        self.std = np.sqrt(var + self.eps)
        self.xn = self.xc / self.std
        if self.running_mean is None:
            self.running_mean = np.zeros_like(self.gamma)
            self.running_var = np.zeros_like(self.gamma)
        self.running_mean = 0.9 * self.running_mean + 0.1 * x.mean(axis=0)
        self.running_var = 0.9 * self.running_var + 0.1 * var
        return self.xn


class _ConstantStatistics(BatchNormalization):
    def backward(self, dout):
        BatchNormalization.backward(self, dout)  # sets dgamma and dbeta
        return dout * self.gamma / self.std


class _NoMeanBranch(BatchNormalization):
    def backward(self, dout):
        BatchNormalization.backward(self, dout)
        n = len(dout)
        dxn = dout * self.gamma
        dxc = dxn / self.std
        dstd = -np.sum(dxn * self.xc, axis=0) / (self.std * self.std)
        dxc = dxc + (2 / n) * self.xc * dstd / (2 * self.std)
        return dxc  # without dmu / n


class _DgammaWithXc(BatchNormalization):
    def backward(self, dout):
        dx = BatchNormalization.backward(self, dout)
        self.dgamma = np.sum(dout * self.xc, axis=0)
        return dx


class _NotSummed(BatchNormalization):
    def backward(self, dout):
        dx = BatchNormalization.backward(self, dout)
        self.dgamma, self.dbeta = dout * self.xn, dout
        return dx


class _BatchStatisticsAtInference(BatchNormalization):
    def forward(self, x, train_flg=True):
        if train_flg:
            return BatchNormalization.forward(self, x, True)
        xc = x - x.mean(axis=0)
        return self.gamma * xc / np.sqrt(np.mean(xc ** 2, axis=0) + self.eps) \
            + self.beta


class _MomentumSwapped(BatchNormalization):
    def _normalize_batch(self, x):
        old_mean, old_var = (np.zeros_like(self.gamma) if self.running_mean is None
                             else self.running_mean.copy(),
                             np.zeros_like(self.gamma) if self.running_var is None
                             else self.running_var.copy())
        xn = BatchNormalization._normalize_batch(self, x)
        mu, var = x.mean(axis=0), np.mean(self.xc ** 2, axis=0)
        self.running_mean = 0.1 * old_mean + 0.9 * mu
        self.running_var = 0.1 * old_var + 0.9 * var
        return xn


class _StartsAtTheBatch(BatchNormalization):
    def _normalize_batch(self, x):
        xn = BatchNormalization._normalize_batch(self, x)
        self.running_mean = x.mean(axis=0)
        self.running_var = np.mean(self.xc ** 2, axis=0)
        return xn


def _layer_case(label, n, d, seed, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return Case(label, tuple(a.astype(dtype) for a in (
        rng.standard_normal(d), rng.standard_normal(d),
        rng.standard_normal((n, d)) * 2 + 1, rng.standard_normal((n, d)),
        rng.standard_normal((3, d)))))


register(Exercise(
    "BatchNormalization", 11,
    "class BatchNormalization(gamma, beta, momentum=0.9): forward(x, train_flg) for x "
    "(N, D), running averages from 0, eps = 1e-6; backward(dout) sets dgamma, dbeta",
    BatchNormalization,
    (
        _layer_case("a batch of 5 samples of 3 features", 5, 3, 1),
        _layer_case("a batch of 4 samples of 4 features (a square batch)", 4, 4, 2),
        _layer_case("a batch of 8 samples of 2 features", 8, 2, 3),
        _layer_case("float32, 6 samples of 5 features", 6, 5, 4, np.float32),
    ),
    run=_run_layer, rtol=1e-4,
    mistakes=(
        (_UnbiasedVar,
         "The variance divides by N - 1 (ddof=1): batch normalization divides by N, "
         "np.mean(xc ** 2, axis=0)."),
        (_ConstantStatistics,
         "dx = dout * gamma / std treats mu and var as constants, but every sample "
         "moves them: follow the graph back through var and mu too (the chapter's "
         "six steps), or use dx = (dxn - mean(dxn) - xn * mean(dxn * xn)) / std."),
        (_NoMeanBranch,
         "The path through mu is missing: x reaches the loss directly through xc "
         "and also through mu = mean(x), so dx = dxc - mean(dxc) over the batch."),
        (_DgammaWithXc,
         "out = gamma * xn + beta: dgamma sums dout * xn, the normalized input, not "
         "dout * xc."),
        (_NotSummed,
         "gamma and beta are shared by the N samples: their gradients are sums over "
         "the batch, np.sum(dout * xn, axis=0) and np.sum(dout, axis=0), of shape "
         "(D,)."),
        (_BatchStatisticsAtInference,
         "At inference (train_flg=False) normalize with the running averages, not "
         "the batch's statistics: (x - running_mean) / np.sqrt(running_var + eps)."),
        (_MomentumSwapped,
         "The momentum weighs the old average: running_mean = 0.9 * running_mean + "
         "0.1 * mu (and likewise running_var)."),
        (_StartsAtTheBatch,
         "The running averages start at zeros, dlbook's (and the book's) start, and "
         "move by 0.1 * (mu - running_mean) per training batch; they are not set to "
         "the first batch's statistics."),
    ),
    hint="forward in training: mu, var (divided by N) over axis 0, xn = (x - mu) / "
         "sqrt(var + eps), the running averages 0.9 * old + 0.1 * new from zeros; at "
         "inference the running averages instead. backward: dbeta = sum(dout), "
         "dgamma = sum(dout * xn), and dx through xn, var and mu (axis 0)."))


# --- Korean ---------------------------------------------------------------------------

KOREAN = {
    "Batch normalization does change its input: each feature is centred on the "
    "batch's mean first. What is the mean of a batch of one sample?":
        "배치 정규화는 입력을 바꾼다: 먼저 특징마다 배치의 평균을 빼서 가운데로 옮긴다. "
        "샘플 하나짜리 배치의 평균은 무엇인가?",
    "That is gamma * x + beta: x is first normalized by the batch's mean and "
    "variance, so gamma and beta scale and shift x - mu, not x.":
        "그것은 gamma * x + beta다: x는 먼저 배치의 평균과 분산으로 정규화되므로, "
        "gamma와 beta가 늘이고 옮기는 것은 x가 아니라 x - mu다.",
    "x - mu is 0 here, not 1: the only sample is its own mean. What is gamma * "
    "0 + beta?":
        "여기서 x - mu는 1이 아니라 0이다: 하나뿐인 샘플은 그 자신이 평균이다. "
        "gamma * 0 + beta는 무엇인가?",
    "The normalized xn is 0, but out is gamma * xn + beta: beta is still added.":
        "정규화된 xn은 0이지만 out은 gamma * xn + beta다: beta는 여전히 더해진다.",
    "The values are right, but out has x's shape, a batch of one: (1, 2).":
        "값은 맞지만 out은 x의 형상, 곧 샘플 하나짜리 배치의 형상 (1, 2)다.",
    "Work it feature by feature: the mean of one sample, x - mu, the variance, "
    "then gamma * xn + beta.":
        "특징 하나씩 계산하자: 샘플 하나의 평균, x - mu, 분산, 그다음 "
        "gamma * xn + beta.",
    "The variance divides by N - 1 (ddof=1): batch normalization divides by N, "
    "np.var(x, axis=0) or np.mean((x - mu) ** 2, axis=0).":
        "분산을 N - 1로 나누었다(ddof=1): 배치 정규화는 N으로 나눈다, "
        "np.var(x, axis=0) 또는 np.mean((x - mu) ** 2, axis=0).",
    "The statistics were taken across each sample's features (axis=1). Batch "
    "normalization normalizes each feature over the batch: axis=0.":
        "통계를 샘플마다 그 특징들에 걸쳐(axis=1) 구했다. 배치 정규화는 특징마다 배치에 "
        "걸쳐 정규화한다: axis=0.",
    "One mean and one variance for the whole batch: each feature (column) has "
    "its own, x.mean(axis=0) and x.var(axis=0).":
        "배치 전체에 평균 하나, 분산 하나를 썼다: 특징(열)마다 제 것이 있다, "
        "x.mean(axis=0)과 x.var(axis=0).",
    "eps is missing: divide by np.sqrt(var + 1e-6), which stays above 0 even "
    "for a feature whose values are all equal.":
        "eps가 빠졌다: np.sqrt(var + 1e-6)으로 나누자. 이 값은 값이 모두 같은 특징에서도 "
        "0보다 크다.",
    "eps goes inside the square root, sqrt(var + eps), not after it: the two "
    "differ for a feature of small variance.":
        "eps는 제곱근 뒤가 아니라 안에 들어간다, sqrt(var + eps): 분산이 작은 특징에서는 "
        "둘이 다르다.",
    "The normalized xn is right; now scale and shift it: gamma * xn + beta.":
        "정규화된 xn은 맞다. 이제 그것을 늘이고 옮기자: gamma * xn + beta.",
    "Divide by the standard deviation, np.sqrt(var + eps), not by the variance.":
        "분산이 아니라 표준편차 np.sqrt(var + eps)로 나눈다.",
    "A feature whose values are all equal has variance 0, and 0 / 0 is "
    "nan: add eps before the square root, np.sqrt(var + 1e-6).":
        "값이 모두 같은 특징은 분산이 0이고, 0 / 0은 nan이다: 제곱근을 구하기 전에 eps를 "
        "더하자, np.sqrt(var + 1e-6).",
    "mu = x.mean(axis=0), var = np.mean((x - mu) ** 2, axis=0), xn = (x - mu) / "
    "np.sqrt(var + 1e-6), out = gamma * xn + beta.":
        "mu = x.mean(axis=0), var = np.mean((x - mu) ** 2, axis=0), "
        "xn = (x - mu) / np.sqrt(var + 1e-6), out = gamma * xn + beta로 계산한다.",
    "The running mean starts at 0, not at the first batch's mean: after the "
    "first step it is 0.9 * 0 + 0.1 * (10, 0).":
        "이동 평균은 첫 배치의 평균이 아니라 0에서 시작한다: 첫 단계 뒤에는 "
        "0.9 * 0 + 0.1 * (10, 0)이다.",
    "The momentum weighs the old average, 0.9, and the new batch gets 1 - 0.9 = "
    "0.1: running_mean = 0.9 * running_mean + 0.1 * mu.":
        "모멘텀 0.9는 이전 평균에 곱하는 가중치이고, 새 배치는 1 - 0.9 = 0.1을 받는다: "
        "running_mean = 0.9 * running_mean + 0.1 * mu.",
    "It is not the mean of the batches' means: an exponential moving average, "
    "running_mean = 0.9 * running_mean + 0.1 * mu, starting from 0.":
        "배치 평균들의 평균이 아니다: 0에서 시작하는 지수이동평균, "
        "running_mean = 0.9 * running_mean + 0.1 * mu다.",
    "That is the last batch's mean: the running mean is updated, not replaced, "
    "0.9 * running_mean + 0.1 * mu.":
        "그것은 마지막 배치의 평균이다: 이동 평균은 새 값으로 바뀌는 것이 아니라 갱신된다, "
        "0.9 * running_mean + 0.1 * mu.",
    "The first batch's share decays too: at the second step the running mean is "
    "multiplied by 0.9 before 0.1 * mu is added.":
        "첫 배치의 몫도 줄어든다: 두 번째 단계에서는 0.1 * mu를 더하기 전에 이동 평균에 "
        "0.9를 곱한다.",
    "Apply running_mean = 0.9 * running_mean + 0.1 * mu twice, from running_mean "
    "= (0, 0), with mu the mean of each batch over its samples.":
        "running_mean = (0, 0)에서 시작해 running_mean = 0.9 * running_mean + "
        "0.1 * mu를 두 번 적용한다. mu는 배치마다 그 샘플들에 걸친 평균이다.",
    "The variance divides by N - 1 (ddof=1): batch normalization divides by N, "
    "np.mean(xc ** 2, axis=0).":
        "분산을 N - 1로 나누었다(ddof=1): 배치 정규화는 N으로 나눈다, "
        "np.mean(xc ** 2, axis=0).",
    "dx = dout * gamma / std treats mu and var as constants, but every sample "
    "moves them: follow the graph back through var and mu too (the chapter's "
    "six steps), or use dx = (dxn - mean(dxn) - xn * mean(dxn * xn)) / std.":
        "dx = dout * gamma / std는 mu와 var를 상수로 다루지만, 샘플 하나하나가 그 값을 "
        "움직인다: var와 mu를 거치는 길로도 그래프를 거슬러 가거나(이 장의 여섯 단계), "
        "dx = (dxn - mean(dxn) - xn * mean(dxn * xn)) / std를 쓰자.",
    "The path through mu is missing: x reaches the loss directly through xc "
    "and also through mu = mean(x), so dx = dxc - mean(dxc) over the batch.":
        "mu를 거치는 길이 빠졌다: x는 xc를 거쳐 손실에 곧바로 닿고 mu = mean(x)를 "
        "거쳐서도 닿으므로, 배치에 걸쳐 dx = dxc - mean(dxc)다.",
    "out = gamma * xn + beta: dgamma sums dout * xn, the normalized input, not "
    "dout * xc.":
        "out = gamma * xn + beta이므로 dgamma는 dout * xc가 아니라 "
        "dout * xn(xn은 정규화된 입력)을 더한 것이다.",
    "gamma and beta are shared by the N samples: their gradients are sums over "
    "the batch, np.sum(dout * xn, axis=0) and np.sum(dout, axis=0), of shape "
    "(D,).":
        "gamma와 beta는 샘플 N개가 함께 쓴다: 그 기울기는 배치에 걸친 합, "
        "np.sum(dout * xn, axis=0)과 np.sum(dout, axis=0)이고 형상은 (D,)다.",
    "At inference (train_flg=False) normalize with the running averages, not "
    "the batch's statistics: (x - running_mean) / np.sqrt(running_var + eps).":
        "추론 때(train_flg=False)는 배치의 통계가 아니라 이동 평균으로 정규화한다: "
        "(x - running_mean) / np.sqrt(running_var + eps).",
    "The momentum weighs the old average: running_mean = 0.9 * running_mean + "
    "0.1 * mu (and likewise running_var).":
        "모멘텀은 이전 평균에 곱하는 가중치다: running_mean = 0.9 * running_mean + "
        "0.1 * mu(running_var도 마찬가지다).",
    "The running averages start at zeros, dlbook's (and the book's) start, and "
    "move by 0.1 * (mu - running_mean) per training batch; they are not set to "
    "the first batch's statistics.":
        "이동 평균은 dlbook(그리고 원래 책)처럼 0에서 시작해, 학습 배치마다 "
        "0.1 * (mu - running_mean)만큼 움직인다. 첫 배치의 통계로 정해지는 것이 아니다.",
    "forward in training: mu, var (divided by N) over axis 0, xn = (x - mu) / "
    "sqrt(var + eps), the running averages 0.9 * old + 0.1 * new from zeros; at "
    "inference the running averages instead. backward: dbeta = sum(dout), "
    "dgamma = sum(dout * xn), and dx through xn, var and mu (axis 0).":
        "학습 때 forward: 축 0에 걸친 mu와 var(N으로 나눈다), "
        "xn = (x - mu) / sqrt(var + eps), 0에서 시작하는 이동 평균 "
        "0.9 * old + 0.1 * new. 추론 때는 그 대신 이동 평균을 쓴다. backward: "
        "dbeta = sum(dout), dgamma = sum(dout * xn), 그리고 dx는 xn, var, mu를 "
        "거쳐 구한다(축 0).",
}
