"""A layer type that ``networks.py`` has never heard of plugs into ``Network`` as it is.

``Scale`` multiplies its input by a learned vector ``s``, one factor per feature. It keeps
the layer contract (``forward`` / ``backward``) and owns its parameter (``params`` and
``grads`` by its own name, ``"s"``). The network below names its parameters as it likes
(``"W_in"``, ``"scale"``, ...): ``Network`` finds every gradient under the key of its
parameter, every optimizer trains it, and the gradient check passes, with no edit to
``dlbook/networks.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlbook.gradient import relative_error
from dlbook.layers import Affine, Tanh
from dlbook.networks import Network
from dlbook.optimizers import SGD, AdaGrad, Adam, Momentum, RMSProp


class Scale:
    """``out = x * s``: a learned factor per feature. ``x`` (N, D), ``s`` (D,)."""

    def __init__(self, s):
        self.s = s
        self.x = None
        self.ds = None

    def forward(self, x):
        self.x = x
        return x * self.s

    def backward(self, dout):
        self.ds = (dout * self.x).sum(axis=0)
        return dout * self.s

    @property
    def params(self):
        return {"s": self.s}

    @property
    def grads(self):
        return {"s": self.ds}


class ScaledNet(Network):
    """Affine, Scale, Tanh, Affine, softmax: parameter names of its own choosing."""

    def __init__(self, sizes=(3, 5, 4), seed=0):
        super().__init__()
        rng = np.random.default_rng(seed)
        d, h, c = sizes
        p = self.params
        p["W_in"], p["b_in"] = rng.standard_normal((d, h)), np.zeros(h)
        p["scale"] = 1.0 + 0.1 * rng.standard_normal(h)
        p["W_out"], p["b_out"] = rng.standard_normal((h, c)), np.zeros(c)
        self.layers["hidden"] = Affine(p["W_in"], p["b_in"])
        self.layers["scale"] = Scale(p["scale"])
        self.layers["tanh"] = Tanh()
        self.layers["out"] = Affine(p["W_out"], p["b_out"])


def data(seed=1, n=8, d=3, c=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.integers(0, c, size=n)


def test_gradients_come_back_under_the_networks_own_keys():
    net = ScaledNet()
    x, t = data()
    grads = net.gradient(x, t)
    assert list(grads) == ["W_in", "b_in", "scale", "W_out", "b_out"]
    for key, g in grads.items():
        assert g.shape == net.params[key].shape, key
    assert grads["scale"] is net.layers["scale"].ds


def test_gradcheck_of_a_network_with_a_new_layer_type():
    net = ScaledNet()
    x, t = data()
    numeric = net.numerical_gradient(x, t)
    backprop = net.gradient(x, t)
    for key in net.params:
        error = relative_error(backprop[key], numeric[key])
        assert error < 1e-7, f"{key}: relative error {error:.1e}"


def test_loss_and_gradient_returns_the_loss_of_its_forward_pass():
    net = ScaledNet()
    x, t = data()
    loss, grads = net.loss_and_gradient(x, t)
    assert isinstance(loss, float)
    assert loss == net.loss(x, t)
    assert grads.keys() == net.params.keys()


@pytest.mark.parametrize(
    "optimizer",
    [SGD(lr=0.1), Momentum(lr=0.05), AdaGrad(lr=0.1), RMSProp(lr=0.01), Adam(lr=0.02)],
    ids=lambda o: type(o).__name__,
)
def test_every_optimizer_trains_the_new_layer(optimizer):
    net = ScaledNet()
    x, t = data()
    scale_before = net.params["scale"].copy()
    start = net.loss(x, t)
    for _ in range(100):
        _, grads = net.loss_and_gradient(x, t)
        optimizer.update(net.params, grads)
    assert net.loss(x, t) < 0.5 * start
    assert not np.allclose(net.params["scale"], scale_before), "scale never moved"
    assert net.layers["scale"].s is net.params["scale"], "the layer lost its array"


def test_a_parameter_no_layer_holds_is_a_clear_error():
    net = ScaledNet()
    net.params["scale"] = net.params["scale"].copy()  # a copy: no layer holds it
    x, t = data()
    with pytest.raises(ValueError, match=r"\['scale'\] are held by no layer"):
        net.gradient(x, t)
