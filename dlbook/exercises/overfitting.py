"""The exercises of chapter 10, "Overfitting and validation".

- ``weight_decay(params, weight_decay_lambda)``: the penalty ``λ/2 · ΣW²`` over the
  weights ``W1``, ``W2``, ... of a parameter dict (biases ``b1``, ... excluded), a
  float;
- ``add_weight_decay(grads, params, weight_decay_lambda)``: find the bug; the
  gradients with ``λW`` added to each weight's, in a new dict;
- ``Dropout``: the layer class, inverted dropout as dlbook's (``forward(x,
  train_flg)``, ``backward(dout)``);
- ``split_validation(x, t, validation_rate, seed)``: shuffled, seeded, every sample
  once, the caller's arrays untouched;
- ``predict_early_stopping``: the epochs ``train(..., patience=3)`` runs on a scripted
  validation curve, and the epoch whose parameters it keeps.
"""

import numpy as np

from .. import datasets, layers
from ..networks import MultiLayerNet
from ..optimizers import SGD
from ..training import train
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(10)


def _net_of(params, weight_decay_lambda):
    """A MultiLayerNet holding ``params`` (``W1``, ``b1``, ...), of their sizes."""
    n = len([key for key in params if key.startswith("W")])
    sizes = [params["W1"].shape[0]]
    sizes += [params[f"W{i}"].shape[1] for i in range(1, n + 1)]
    net = MultiLayerNet(sizes[0], sizes[1:-1], sizes[-1],
                        weight_decay_lambda=weight_decay_lambda,
                        dtype=params["W1"].dtype)
    for key, value in params.items():
        net.params[key][...] = value  # the layers hold these very arrays
    return net


def _weight_decay(params, weight_decay_lambda):
    return _net_of(params, weight_decay_lambda).weight_decay()


def _params(sizes, seed, dtype=np.float64):
    rng = np.random.default_rng(seed)
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = rng.normal(size=(n_in, n_out)).astype(dtype)
        params[f"b{i}"] = rng.normal(size=n_out).astype(dtype)  # not 0: not decayed
    return params


_WEIGHT_CASES = (
    Case("a network 2-3-2, λ = 0.1", (_params([2, 3, 2], 0), 0.1)),
    Case("a network 4-5-5-3, λ = 0.5", (_params([4, 5, 5, 3], 1), 0.5)),
    Case("a network with one layer 3-2, λ = 2", (_params([3, 2], 2), 2.0)),
    Case("λ = 0: no decay", (_params([4, 5, 3], 3), 0.0)),
    Case("float32 parameters, λ = 0.01",
         (_params([6, 4, 2], 4, dtype=np.float32), 0.01)),
)

register(Exercise(
    "weight_decay", 10,
    "weight_decay(params, weight_decay_lambda): λ/2 times the sum of the squares of "
    "every weight W1, W2, ... (not the biases), a float",
    _weight_decay, _WEIGHT_CASES, rtol=1e-5,
    mistakes=(
        (lambda p, lam: 0.5 * lam * sum(np.sum(v ** 2) for v in p.values()),
         "The biases b1, b2, ... are not decayed: sum over the keys that start with "
         "'W' only (a bias moves a threshold, it does not amplify an input)."),
        (lambda p, lam: lam * sum(np.sum(p[k] ** 2) for k in p if k[0] == "W"),
         "The penalty is λ/2 · ΣW², with the 1/2: it makes the gradient exactly λW."),
        (lambda p, lam: 0.5 * lam * sum(np.sum(np.abs(p[k])) for k in p if k[0] == "W"),
         "That is the sum of the absolute values (L1). Weight decay squares each "
         "weight: np.sum(W ** 2)."),
        (lambda p, lam: 0.5 * lam * sum(np.sum(p[k]) ** 2 for k in p if k[0] == "W"),
         "np.sum(W) ** 2 squares the sum; square each weight first, then add: "
         "np.sum(W ** 2)."),
        (lambda p, lam: 0.5 * lam * np.sum(p["W1"] ** 2),
         "Every weight matrix is decayed, W1, W2, W3, ...: add up the sums of all of "
         "them."),
        (lambda p, lam: 0.5 * lam * sum(np.mean(p[k] ** 2) for k in p if k[0] == "W"),
         "np.mean divides by the number of weights: the penalty is a sum, np.sum(W ** "
         "2)."),
    ),
    hint="Loop over the keys of params that start with 'W', add up np.sum(W ** 2) for "
         "each, and multiply the total by 0.5 * weight_decay_lambda."))


def _add_weight_decay(grads, params, weight_decay_lambda):
    # MultiLayerNet.backward's rule: λW added to each decayed weight's gradient
    net = _net_of(params, weight_decay_lambda)
    new = dict(grads)
    for key, W in net.decayed_weights().items():
        new[key] = grads[key] + weight_decay_lambda * W
    return new


def _grads_unchanged(submission, grads, params, weight_decay_lambda):
    """The run adapter: the learner's new gradients, and whether the caller's are
    still what they were (1) or were written into (0)."""
    before = {key: value.copy() for key, value in grads.items()}
    new = submission(grads, params, weight_decay_lambda)
    unchanged = all(np.array_equal(grads[key], before[key]) for key in before)
    if not isinstance(new, dict):
        return new
    return {**new, "grads unchanged": int(unchanged)}


def _buggy_add_weight_decay(grads, params, weight_decay_lambda):  # the box's
    for key in grads:
        grads[key] += weight_decay_lambda * params[key]
    return grads


def _in_place_weights_only(grads, params, weight_decay_lambda):
    for key in grads:
        if key.startswith("W"):
            grads[key] += weight_decay_lambda * params[key]
    return grads


def _copied_but_biases_too(grads, params, weight_decay_lambda):
    return {key: grads[key] + weight_decay_lambda * params[key] for key in grads}


def _grad_case(label, sizes, seed, lam, dtype=np.float64):
    params = _params(sizes, seed, dtype)
    grads = _params(sizes, seed + 100, dtype)
    return Case(label, (grads, params, lam))


register(Exercise(
    "add_weight_decay", 10,
    "add_weight_decay(grads, params, weight_decay_lambda): find the bug; a new dict "
    "of gradients, λW added to each weight's, the biases' unchanged, grads untouched",
    _add_weight_decay,
    (
        _grad_case("a network 2-3-2, λ = 0.1", [2, 3, 2], 0, 0.1),
        _grad_case("a network 4-5-5-3, λ = 0.5", [4, 5, 5, 3], 1, 0.5),
        _grad_case("λ = 0: no decay", [3, 2], 2, 0.0),
        _grad_case("float32 parameters, λ = 0.01", [6, 4, 2], 3, 0.01, np.float32),
    ),
    run=_grads_unchanged, rtol=1e-5,
    mistakes=(
        (_buggy_add_weight_decay,
         "Two bugs, as in the box: the biases are decayed too (only the keys that "
         "start with 'W' are), and += writes into the caller's gradients. Build a new "
         "dict: new[key] = grads[key] + weight_decay_lambda * params[key] for the "
         "weights, new[key] = grads[key] for the biases."),
        (_in_place_weights_only,
         "The biases are right now, but += still writes into the arrays of the "
         "caller's grads (the network's gradients): compute grads[key] + "
         "weight_decay_lambda * params[key], a new array, into a new dict."),
        (_copied_but_biases_too,
         "Nothing is written in place any more, but the biases are still decayed: "
         "add λW only to the keys that start with 'W'."),
    ),
    hint="Make a new dict; for each key, the weights' (keys 'W1', 'W2', ...) gradient "
         "is grads[key] + weight_decay_lambda * params[key], the biases' is "
         "grads[key] as it is. Don't use += on the caller's arrays."))


def _run_dropout(layer_class, dropout_ratio, seed, x, dout):
    """Make the layer, train forward, backward, then an inference forward."""
    layer = layer_class(dropout_ratio, seed=seed)
    out = layer.forward(x, train_flg=True)
    dx = layer.backward(dout)
    out_test = layer.forward(x, train_flg=False)
    return {"out": out, "dx": dx, "out_test": out_test}


class _BooksDropout:
    """The original book's: kept units unscaled in training, (1 - p) at inference."""

    def __init__(self, dropout_ratio=0.5, *, seed=None):
        self.dropout_ratio, self.rng, self.mask = dropout_ratio, \
            np.random.default_rng(seed), None

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = self.rng.random(x.shape) >= self.dropout_ratio
            return x * self.mask
        return x * (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask


class _UnscaledDropout(_BooksDropout):
    def forward(self, x, train_flg=True):
        return super().forward(x, train_flg) if train_flg else x


class _NewMaskInBackward(layers.Dropout):
    def backward(self, dout):
        mask = self.rng.random(dout.shape) >= self.dropout_ratio
        return dout * mask * self.scale


class _BackwardUnscaled(layers.Dropout):
    def backward(self, dout):
        return dout * self.mask


class _AlwaysDrops(layers.Dropout):
    def forward(self, x, train_flg=True):
        return super().forward(x, True)  # drops at inference too


class _KeepsWithRatio(layers.Dropout):
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.train_flg = True
        self.mask = self.rng.random(x.shape) < self.dropout_ratio
        return x * self.mask * self.scale


def _dropout_case(label, ratio, seed, shape, dtype=np.float64):
    rng = np.random.default_rng(seed + 50)
    return Case(label, (ratio, seed, rng.normal(size=shape).astype(dtype),
                        rng.normal(size=shape).astype(dtype)))


register(Exercise(
    "Dropout", 10,
    "class Dropout(dropout_ratio, *, seed): inverted dropout, forward(x, train_flg) "
    "and backward(dout), the mask drawn as dlbook draws it",
    layers.Dropout,
    (
        _dropout_case("ratio 0.5 on a batch (2, 6)", 0.5, 0, (2, 6)),
        _dropout_case("ratio 0.3 on a batch (3, 5)", 0.3, 4, (3, 5)),
        _dropout_case("ratio 0: nothing dropped", 0.0, 1, (2, 3)),
        _dropout_case("ratio 0.8 on a batch (4, 10)", 0.8, 2, (4, 10)),
        _dropout_case("float32, ratio 0.2, (3, 4)", 0.2, 3, (3, 4), np.float32),
    ),
    run=_run_dropout, rtol=1e-5,
    mistakes=(
        (_BooksDropout,
         "That is the original book's dropout: kept units unscaled in training and "
         "every output times (1 - dropout_ratio) at inference. dlbook's is inverted: "
         "divide the kept units by (1 - dropout_ratio) in training (forward and "
         "backward), and return x unchanged at inference."),
        (_UnscaledDropout,
         "The kept units must be divided by (1 - dropout_ratio) in training, so that "
         "each output's expectation is x, what inference gives."),
        (_NewMaskInBackward,
         "backward drew a new mask: the gradient must go back through the units "
         "forward kept. Store the mask in forward (self.mask) and reuse it."),
        (_BackwardUnscaled,
         "backward must scale like forward: dx = dout * self.mask / (1 - "
         "dropout_ratio), the slope of out = x * mask / (1 - dropout_ratio)."),
        (_AlwaysDrops,
         "At inference (train_flg=False) nothing is dropped: return x itself."),
        (_KeepsWithRatio,
         "The mask is inverted: a unit is kept with probability 1 - dropout_ratio, "
         "mask = self.rng.random(x.shape) >= dropout_ratio."),
    ),
    hint="In __init__ keep self.rng = np.random.default_rng(seed). forward in "
         "training: self.mask = self.rng.random(x.shape) >= dropout_ratio, return x * "
         "self.mask / (1 - dropout_ratio); at inference return x. backward: dout * "
         "self.mask / (1 - dropout_ratio)."))


def _run_split(function, x, t, validation_rate, seed):
    (x_train, t_train), (x_val, t_val) = function(x, t, validation_rate, seed=seed)
    return {"x_train": x_train, "t_train": t_train, "x_val": x_val, "t_val": t_val}


def _split_int(x, t, rate, *, seed=0):
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = int(len(x) * rate)
    x, t = x[order], t[order]
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])


def _split_unshuffled(x, t, rate, *, seed=0):
    n_val = round(len(x) * rate)
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])


def _split_at_the_end(x, t, rate, *, seed=0):
    n_val = round(len(x) * rate)
    x, t = datasets.shuffle_dataset(x, t, seed)
    return (x[:-n_val], t[:-n_val]), (x[-n_val:], t[-n_val:])


def _split_two_orders(x, t, rate, *, seed=0):
    rng = np.random.default_rng(seed)
    n_val = round(len(x) * rate)
    x, t = x[rng.permutation(len(x))], t[rng.permutation(len(t))]
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])


def _split_swapped(x, t, rate, *, seed=0):
    train_part, val_part = datasets.split_validation(x, t, rate, seed=seed)
    return val_part, train_part


register(Exercise(
    "split_validation", 10,
    "split_validation(x, t, validation_rate, *, seed): ((x_train, t_train), (x_val, "
    "t_val)), shuffled with default_rng(seed).permutation, round(N * rate) for "
    "validation",
    datasets.split_validation,
    (
        Case("the chapter's 10 samples, rate 0.3, seed 0",
             (np.arange(20).reshape(10, 2), np.arange(10), 0.3, 0)),
        Case("100 samples, rate 0.29 (29 for validation), seed 1",
             (_rng.normal(size=(100, 3)), np.arange(100), 0.29, 1)),
        Case("images (6, 1, 2, 2) with one-hot labels, rate 0.5, seed 2",
             (_rng.normal(size=(6, 1, 2, 2)), np.eye(3)[[0, 1, 2, 0, 1, 2]], 0.5, 2)),
        Case("uint8 pixels (8, 4), rate 0.25, seed 3",
             (_rng.integers(0, 256, (8, 4)).astype(np.uint8), np.arange(8), 0.25, 3)),
    ),
    run=_run_split,
    mistakes=(
        (_split_int,
         "int() truncates: 100 * 0.29 is 28.999999999999996 in floating point, and "
         "int gives 28. Use round(len(x) * validation_rate)."),
        (_split_unshuffled,
         "The samples were not shuffled: the validation set is simply the first "
         "ones. Shuffle first with order = np.random.default_rng(seed)"
         ".permutation(len(x)), x[order] and t[order]."),
        (_split_at_the_end,
         "The validation samples are the first round(N * rate) of the shuffled order, "
         "not the last: x[:n_val] for validation, x[n_val:] for training."),
        (_split_two_orders,
         "x and t were shuffled with two different permutations: each image lost its "
         "label. Draw one order and index both with it."),
        (_split_swapped,
         "The two halves are swapped: return (x_train, t_train) first, then (x_val, "
         "t_val)."),
    ),
    hint="order = np.random.default_rng(seed).permutation(len(x)); x and t indexed "
         "with order (new arrays); n_val = round(len(x) * validation_rate); the first "
         "n_val are the validation set, the rest the training set. Don't shuffle x or "
         "t in place (np.random.shuffle would change the caller's arrays)."))


# --8<-- [start:ScriptedNet]
VAL_LOSSES = [0.90, 0.72, 0.65, 0.61, 0.62, 0.61, 0.64, 0.60, 0.66, 0.70, 0.71, 0.75]


class ScriptedNet:
    """A network that learns nothing: its validation loss after epoch k is
    ``val_losses[k - 1]``, read by ``train``'s early stopping."""

    def __init__(self, val_losses):
        self.params = {"w": np.zeros(1)}
        self.val_losses = iter(val_losses)

    def loss_and_gradient(self, x, t):  # a training step: a gradient of 0
        return 0.0, {"w": np.zeros(1)}

    def predict(self, x):  # two classes, always the same scores
        return np.zeros((len(x), 2))

    def loss(self, x, t):  # the validation loss, once per epoch: the next one
        return next(self.val_losses)
# --8<-- [end:ScriptedNet]


def _early_stopping():
    x, t = np.zeros((4, 1)), np.zeros(4, dtype=np.int64)
    history = train(ScriptedNet(VAL_LOSSES), SGD(lr=0.1), x, t, epochs=12,
                    batch_size=4, validation=(x, t), patience=3)
    return (len(history.val_loss), history.best_epoch)


register(Exercise(
    "predict_early_stopping", 10,
    "predict (epochs run, best_epoch) of train(..., epochs=12, patience=3) on the "
    "validation losses VAL_LOSSES",
    _early_stopping, (), output="int", predict=True,
    mistakes=(
        (lambda: (11, 8), "A loss equal to the lowest so far is not an improvement: "
         "the 0.61 of epoch 6 only ties epoch 4's, so it does not reset the count."),
        (lambda: (12, 8), "Early stopping cannot see the future: it stops once "
         "patience epochs in a row have not gone below the lowest loss so far, so "
         "the 0.60 of epoch 8 is never reached."),
        (lambda: (7, 8), "The run stops before epoch 8: its 0.60 is never measured. "
         "The best epoch is the lowest loss among the epochs run."),
        (lambda: (7, 3), "Epochs are counted from 1: the first loss, 0.90, is "
         "epoch 1."),
        (lambda: (6, 3), "Epochs are counted from 1: the first loss, 0.90, is "
         "epoch 1."),
        (lambda: (8, 4), "patience=3 stops after 3 epochs without an improvement, "
         "not 4: count them after the best epoch."),
        (lambda: (6, 4), "patience=3 waits 3 whole epochs without an improvement "
         "after the best one before it stops."),
    ),
    hint="Keep the lowest loss so far and its epoch (counted from 1); after each "
         "epoch, stop once the current epoch minus the best one reaches 3."))


# --- Korean ---------------------------------------------------------------------------

KOREAN = {
    "The biases b1, b2, ... are not decayed: sum over the keys that start with "
    "'W' only (a bias moves a threshold, it does not amplify an input).":
        "편향 b1, b2, ...에는 가중치 감소를 적용하지 않는다: 'W'로 시작하는 키만 더하자"
        "(편향은 임계값을 옮길 뿐 입력을 키우지 않는다).",
    "The penalty is λ/2 · ΣW², with the 1/2: it makes the gradient exactly λW.":
        "벌칙은 1/2이 붙은 λ/2 · ΣW²다: 그 1/2 덕분에 기울기가 정확히 λW가 된다.",
    "That is the sum of the absolute values (L1). Weight decay squares each "
    "weight: np.sum(W ** 2).":
        "그것은 절댓값의 합(L1)이다. 가중치 감소는 가중치 하나하나를 제곱한다: "
        "np.sum(W ** 2).",
    "np.sum(W) ** 2 squares the sum; square each weight first, then add: "
    "np.sum(W ** 2).":
        "np.sum(W) ** 2는 합을 제곱한다. 가중치마다 먼저 제곱하고 그다음 더하자: "
        "np.sum(W ** 2).",
    "Every weight matrix is decayed, W1, W2, W3, ...: add up the sums of all of "
    "them.":
        "가중치 행렬 W1, W2, W3, ... 모두에 가중치 감소를 적용한다: 그 모두의 합을 "
        "더하자.",
    "np.mean divides by the number of weights: the penalty is a sum, np.sum(W ** "
    "2).":
        "np.mean은 가중치의 개수로 나눈다: 벌칙은 합이다, np.sum(W ** 2).",
    "Loop over the keys of params that start with 'W', add up np.sum(W ** 2) for "
    "each, and multiply the total by 0.5 * weight_decay_lambda.":
        "params에서 'W'로 시작하는 키를 돌며 각각의 np.sum(W ** 2)를 더하고, 그 합에 "
        "0.5 * weight_decay_lambda를 곱한다.",
    "Two bugs, as in the box: the biases are decayed too (only the keys that "
    "start with 'W' are), and += writes into the caller's gradients. Build a new "
    "dict: new[key] = grads[key] + weight_decay_lambda * params[key] for the "
    "weights, new[key] = grads[key] for the biases.":
        "상자의 코드처럼 버그가 둘이다: 편향에도 가중치 감소가 적용되고('W'로 시작하는 "
        "키에만 적용해야 한다), +=가 호출한 쪽의 기울기에 써 넣는다. 새 딕셔너리를 "
        "만들자: 가중치는 new[key] = grads[key] + weight_decay_lambda * params[key], "
        "편향은 new[key] = grads[key].",
    "The biases are right now, but += still writes into the arrays of the "
    "caller's grads (the network's gradients): compute grads[key] + "
    "weight_decay_lambda * params[key], a new array, into a new dict.":
        "이제 편향은 맞지만, +=가 여전히 호출한 쪽 grads의 배열(신경망의 기울기)에 써 "
        "넣는다: 새 배열 grads[key] + weight_decay_lambda * params[key]를 계산해 새 "
        "딕셔너리에 담자.",
    "Nothing is written in place any more, but the biases are still decayed: "
    "add λW only to the keys that start with 'W'.":
        "이제 제자리에서 써 넣는 곳은 없지만, 편향에 여전히 가중치 감소가 적용된다: "
        "λW는 'W'로 시작하는 키에만 더한다.",
    "Make a new dict; for each key, the weights' (keys 'W1', 'W2', ...) gradient "
    "is grads[key] + weight_decay_lambda * params[key], the biases' is "
    "grads[key] as it is. Don't use += on the caller's arrays.":
        "새 딕셔너리를 만든다. 키마다 가중치(키 'W1', 'W2', ...)의 기울기는 "
        "grads[key] + weight_decay_lambda * params[key]이고, 편향의 기울기는 "
        "grads[key] 그대로다. 호출한 쪽의 배열에 +=를 쓰지 않는다.",
    "That is the original book's dropout: kept units unscaled in training and "
    "every output times (1 - dropout_ratio) at inference. dlbook's is inverted: "
    "divide the kept units by (1 - dropout_ratio) in training (forward and "
    "backward), and return x unchanged at inference.":
        "그것은 원래 책의 드롭아웃이다: 학습 때는 남긴 뉴런의 크기를 그대로 두고, 추론 "
        "때 모든 출력에 (1 - dropout_ratio)를 곱한다. dlbook의 것은 역 드롭아웃이다: "
        "학습 때(순전파와 역전파 모두) 남긴 뉴런을 (1 - dropout_ratio)로 나누고, 추론 "
        "때는 x를 그대로 돌려준다.",
    "The kept units must be divided by (1 - dropout_ratio) in training, so that "
    "each output's expectation is x, what inference gives.":
        "학습 때 남긴 뉴런은 (1 - dropout_ratio)로 나누어야 한다. 그래야 각 출력의 "
        "기댓값이 추론이 내는 값 x가 된다.",
    "backward drew a new mask: the gradient must go back through the units "
    "forward kept. Store the mask in forward (self.mask) and reuse it.":
        "backward가 마스크를 새로 뽑았다: 기울기는 forward가 남긴 뉴런을 거쳐 되돌아가야 "
        "한다. forward에서 마스크를 저장하고(self.mask) 그것을 다시 쓰자.",
    "backward must scale like forward: dx = dout * self.mask / (1 - "
    "dropout_ratio), the slope of out = x * mask / (1 - dropout_ratio).":
        "backward도 forward처럼 크기를 맞춰야 한다: "
        "dx = dout * self.mask / (1 - dropout_ratio), "
        "곧 out = x * mask / (1 - dropout_ratio)의 기울기다.",
    "At inference (train_flg=False) nothing is dropped: return x itself.":
        "추론 때(train_flg=False)는 아무것도 버리지 않는다: x 자체를 돌려준다.",
    "The mask is inverted: a unit is kept with probability 1 - dropout_ratio, "
    "mask = self.rng.random(x.shape) >= dropout_ratio.":
        "마스크가 뒤집혔다: 뉴런은 1 - dropout_ratio의 확률로 남는다, "
        "mask = self.rng.random(x.shape) >= dropout_ratio.",
    "In __init__ keep self.rng = np.random.default_rng(seed). forward in "
    "training: self.mask = self.rng.random(x.shape) >= dropout_ratio, return x * "
    "self.mask / (1 - dropout_ratio); at inference return x. backward: dout * "
    "self.mask / (1 - dropout_ratio).":
        "__init__에서 self.rng = np.random.default_rng(seed)를 둔다. 학습 때 forward는 "
        "self.mask = self.rng.random(x.shape) >= dropout_ratio로 하고 "
        "x * self.mask / (1 - dropout_ratio)를 돌려준다. 추론 때는 x를 돌려준다. "
        "backward는 dout * self.mask / (1 - dropout_ratio).",
    "int() truncates: 100 * 0.29 is 28.999999999999996 in floating point, and "
    "int gives 28. Use round(len(x) * validation_rate).":
        "int()는 소수점 아래를 버린다: 부동소수점에서 100 * 0.29는 28.999999999999996"
        "이고 int는 28을 준다. round(len(x) * validation_rate)를 쓰자.",
    "The samples were not shuffled: the validation set is simply the first "
    "ones. Shuffle first with order = np.random.default_rng(seed)"
    ".permutation(len(x)), x[order] and t[order].":
        "샘플을 섞지 않았다: 검증 데이터가 그냥 앞쪽 샘플들이다. 먼저 "
        "order = np.random.default_rng(seed).permutation(len(x))로 x[order]와 "
        "t[order]를 만들어 섞자.",
    "The validation samples are the first round(N * rate) of the shuffled order, "
    "not the last: x[:n_val] for validation, x[n_val:] for training.":
        "검증 샘플은 섞은 순서의 맨 뒤가 아니라 맨 앞 round(N * rate)개다: 검증 "
        "데이터는 x[:n_val], 훈련 데이터는 x[n_val:].",
    "x and t were shuffled with two different permutations: each image lost its "
    "label. Draw one order and index both with it.":
        "x와 t를 서로 다른 두 순열로 섞었다: 이미지마다 제 레이블을 잃었다. 순서를 하나만 "
        "뽑아 둘 다 그것으로 인덱싱하자.",
    "The two halves are swapped: return (x_train, t_train) first, then (x_val, "
    "t_val).":
        "두 부분이 뒤바뀌었다: (x_train, t_train)을 먼저, 그다음 (x_val, t_val)을 "
        "돌려준다.",
    "order = np.random.default_rng(seed).permutation(len(x)); x and t indexed "
    "with order (new arrays); n_val = round(len(x) * validation_rate); the first "
    "n_val are the validation set, the rest the training set. Don't shuffle x or "
    "t in place (np.random.shuffle would change the caller's arrays).":
        "order = np.random.default_rng(seed).permutation(len(x))로 하고, x와 t를 "
        "order로 인덱싱한다(새 배열이다). n_val = round(len(x) * validation_rate)이고, "
        "앞의 n_val개가 검증 데이터, 나머지가 훈련 데이터다. x나 t를 제자리에서 섞지 "
        "않는다(np.random.shuffle은 호출한 쪽의 배열을 바꾼다).",
    "A loss equal to the lowest so far is not an improvement: "
    "the 0.61 of epoch 6 only ties epoch 4's, so it does not reset the count.":
        "지금까지의 최저 손실과 같은 손실은 개선이 아니다: 에폭 6의 0.61은 에폭 4의 "
        "값과 같을 뿐이므로 세던 횟수를 0으로 되돌리지 않는다.",
    "Early stopping cannot see the future: it stops once "
    "patience epochs in a row have not gone below the lowest loss so far, so "
    "the 0.60 of epoch 8 is never reached.":
        "조기 종료는 미래를 보지 못한다: 에폭 patience개가 잇달아 지금까지의 최저 "
        "손실 밑으로 내려가지 못하면 멈추므로, 에폭 8의 0.60에는 끝내 닿지 않는다.",
    "The run stops before epoch 8: its 0.60 is never measured. "
    "The best epoch is the lowest loss among the epochs run.":
        "학습은 에폭 8 전에 멈춘다: 그 0.60은 재지 않는다. 가장 좋은 에폭은 실제로 "
        "돈 에폭들 가운데 손실이 가장 낮은 에폭이다.",
    "Epochs are counted from 1: the first loss, 0.90, is "
    "epoch 1.":
        "에폭은 1부터 센다: 첫 손실 0.90이 에폭 1이다.",
    "patience=3 stops after 3 epochs without an improvement, "
    "not 4: count them after the best epoch.":
        "patience=3은 4번이 아니라 개선 없는 에폭 3번 뒤에 멈춘다: 가장 좋은 에폭 "
        "다음부터 세자.",
    "patience=3 waits 3 whole epochs without an improvement "
    "after the best one before it stops.":
        "patience=3은 가장 좋은 에폭 뒤로 개선 없는 에폭을 꼬박 3번 기다린 다음에 "
        "멈춘다.",
    "Keep the lowest loss so far and its epoch (counted from 1); after each "
    "epoch, stop once the current epoch minus the best one reaches 3.":
        "지금까지의 최저 손실과 그 에폭(1부터 센다)을 기억해 둔다. 에폭이 끝날 때마다 "
        "지금 에폭에서 가장 좋은 에폭을 뺀 값이 3에 이르면 멈춘다.",
}
