"""Networks built from layers (chapters 7, "Backpropagation", and 8, "Optimizers").

A network here is an ordered list of layers ending in a loss layer. ``Network`` holds
what every such network does (predict, loss, accuracy, both kinds of gradient);
``TwoLayerNet`` and ``MultiLayerNet`` only decide which parameters and layers to build.

Parameters live in ``net.params`` (a dict of arrays: ``W1``, ``b1``, ``W2`` ...). Each
layer owns its own (``Affine.params == {"W": ..., "b": ...}``) and the network's dict
holds the *same* arrays under the book's names, so update them in place
(``params[key] -= ...``, as every optimizer in ``dlbook.optimizers`` does); rebinding
``params[key]`` to a new array would leave the layers behind. ``Network.gradient``
collects each layer's ``grads`` under the key of its parameter, whatever the layer.

``hidden_activations`` passes random inputs through a fresh deep network, to show what
the initial weights (``init_std``) do to each hidden layer.
"""

from __future__ import annotations

import numpy as np

from .gradient import numerical_gradient
from .layers import Affine, Relu, Sigmoid, SoftmaxWithLoss, Tanh
from .losses import target_labels

__all__ = [
    "Network",
    "TwoLayerNet",
    "MultiLayerNet",
    "activation_layer",
    "init_std",
    "hidden_activations",
]


# --8<-- [start:activation_layer]
def activation_layer(name: str):
    """A new activation layer by name: ``"relu"``, ``"sigmoid"`` or ``"tanh"``.

    Refuses (ValueError) any other name, and anything that is not a string.
    """
    layers = {"relu": Relu, "sigmoid": Sigmoid, "tanh": Tanh}
    if not isinstance(name, str) or name not in layers:
        raise ValueError(f"activation must be one of {sorted(layers)}, got {name!r}")
    return layers[name]()
# --8<-- [end:activation_layer]


# --8<-- [start:Network]
class Network:
    """Layers applied in order, then a loss layer: the part every network here shares.

    Subclasses fill ``params`` (name -> array), ``layers`` (name -> layer, in order) and
    ``last_layer`` (a loss layer such as ``SoftmaxWithLoss``). Each array of ``params``
    must be one that a layer holds in its own ``params`` (the very array, not a copy):
    that is how ``gradient`` knows which layer's gradient belongs to which key, for any
    kind of layer and any names.
    """

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.layers: dict[str, object] = {}
        self.last_layer = SoftmaxWithLoss()
        self._owners = None  # params key -> (layer, the layer's name for it)

    def predict(self, x):
        """Scores (N, C) for inputs (N, D): all layers but the loss layer."""
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        """Loss (a float) for inputs (N, D), labels (N,) or one-hot targets (N, C).

        The loss layer checks ``t`` (``SoftmaxWithLoss``: with ``target_labels``).
        """
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        """Fraction of the N samples whose highest score is the true class.

        ``t``: labels (N,) or one-hot (N, C). Refuses (ValueError) what
        ``target_labels`` refuses: an empty batch, labels (N, 1) or a single label
        (1,) (they would broadcast against the N predictions), labels outside [0, C).
        """
        scores = self.predict(x)
        t = target_labels(t, scores.shape, "accuracy")
        return float(np.mean(scores.argmax(axis=1) == t))

    def numerical_gradient(self, x, t):
        """Gradient of the loss for every parameter, by central differences (slow).

        Returns a dict like ``params``. Each parameter is nudged in place and restored.
        """
        def loss_at(_):
            return self.loss(x, t)

        return {key: numerical_gradient(loss_at, p) for key, p in self.params.items()}

    def loss_and_gradient(self, x, t):
        """The loss (a float) and its gradient for every parameter, by backpropagation.

        One forward pass, then ``backward`` through the loss layer and every layer in
        reverse order. The gradients come back as a dict keyed like ``params``, each
        read from the layer that owns the parameter.
        """
        loss = self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        owners = self.owners()
        return loss, {key: layer.grads[name] for key, (layer, name) in owners.items()}

    def gradient(self, x, t):
        """Gradient of the loss for every parameter, by backpropagation.

        Returns a dict keyed like ``params`` (``W1``, ``b1``, ...): the gradients of
        ``loss_and_gradient`` without the loss.
        """
        return self.loss_and_gradient(x, t)[1]

    def owners(self):
        """``{key: (layer, name)}``: for each key of ``params``, the layer that holds
        that very array and its own name for it (``params["W2"]`` is
        ``layers["Affine2"].params["W"]``). Found once, by identity, and remembered.

        Raises ``ValueError`` if some array of ``params`` is held by no layer.
        """
        known = getattr(self, "_owners", None)  # None too if __init__ was skipped
        if known is None or known.keys() != self.params.keys():
            held = {
                id(array): (layer, name)
                for layer in self.layers.values()
                for name, array in getattr(layer, "params", {}).items()
            }
            missing = [key for key, p in self.params.items() if id(p) not in held]
            if missing:
                raise ValueError(
                    f"params {missing} are held by no layer of {type(self).__name__}: "
                    "give each layer the very arrays of params, not copies"
                )
            self._owners = {key: held[id(p)] for key, p in self.params.items()}
        return self._owners

    def __repr__(self):
        shapes = ", ".join(f"{k}: {v.shape}" for k, v in self.params.items())
        return f"{type(self).__name__}({shapes})"
# --8<-- [end:Network]


# --8<-- [start:TwoLayerNet]
class TwoLayerNet(Network):
    """Affine, activation, Affine, SoftmaxWithLoss: the book's first trained network.

    Shapes: ``W1`` (input_size, hidden_size), ``b1`` (hidden_size,), ``W2``
    (hidden_size, output_size), ``b2`` (output_size,). Weights start as
    ``weight_init_std`` times standard normal draws from
    ``np.random.default_rng(seed)``; biases start at zero. ``dtype``: that of every
    parameter, float64 by default (the gradient check needs it); pass ``np.float32``
    to train on ``load_mnist``'s float32 images (``train`` refuses a mix of dtypes).
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, *,
                 activation="relu", seed=None, dtype=np.float64):
        super().__init__()
        rng = np.random.default_rng(seed)
        W1 = weight_init_std * rng.standard_normal((input_size, hidden_size))
        W2 = weight_init_std * rng.standard_normal((hidden_size, output_size))
        p = self.params
        p["W1"], p["b1"] = W1.astype(dtype), np.zeros(hidden_size, dtype=dtype)
        p["W2"], p["b2"] = W2.astype(dtype), np.zeros(output_size, dtype=dtype)
        # The first layer's input is the data: no need for its gradient (see Affine).
        self.layers["Affine1"] = Affine(p["W1"], p["b1"], input_grad=False)
        self.layers["Activation1"] = activation_layer(activation)
        self.layers["Affine2"] = Affine(p["W2"], p["b2"])
# --8<-- [end:TwoLayerNet]


# --8<-- [start:MultiLayerNet]
class MultiLayerNet(Network):
    """Any number of hidden layers: (Affine -> activation) per hidden size, then Affine.

    ``hidden_sizes``: e.g. ``[100, 100]``. ``weight_init``: ``"he"`` (std ``sqrt(2 /
    n_in)``, for ReLU), ``"xavier"`` (std ``sqrt(1 / n_in)``, for sigmoid and tanh), or
    a number used as the std of every layer. ``W<i>`` has shape (n_in, n_out) of the
    i-th Affine layer. ``dtype``: that of every parameter, float64 by default; pass
    ``np.float32`` for ``load_mnist``'s float32 images, which makes training about
    twice as fast (``train`` refuses data of another dtype than the network's).
    Refuses (ValueError) an unknown ``activation`` or ``weight_init``.
    """

    def __init__(self, input_size, hidden_sizes, output_size, activation="relu",
                 weight_init="he", *, seed=None, dtype=np.float64):
        super().__init__()
        rng = np.random.default_rng(seed)
        sizes = [input_size, *hidden_sizes, output_size]
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            std = init_std(weight_init, n_in)
            W = (std * rng.standard_normal((n_in, n_out))).astype(dtype)
            b = np.zeros(n_out, dtype=dtype)
            self.params[f"W{i}"], self.params[f"b{i}"] = W, b
            # Only the first layer's input is the data, whose gradient nobody needs.
            self.layers[f"Affine{i}"] = Affine(W, b, input_grad=i > 1)
            if i < len(sizes) - 1:
                self.layers[f"Activation{i}"] = activation_layer(activation)
# --8<-- [end:MultiLayerNet]


# --8<-- [start:init_std]
def init_std(weight_init, n_in: int) -> float:
    """Std of a layer's initial weights when each neuron has ``n_in`` inputs."""
    if weight_init == "he":
        return float(np.sqrt(2.0 / n_in))
    if weight_init == "xavier":
        return float(np.sqrt(1.0 / n_in))
    is_std = isinstance(weight_init, (int, float)) and not isinstance(weight_init, bool)
    if is_std and weight_init > 0:
        return float(weight_init)
    raise ValueError(
        f"weight_init must be 'he', 'xavier' or a positive std, got {weight_init!r}"
    )
# --8<-- [end:init_std]


# --8<-- [start:hidden_activations]
def hidden_activations(activation, weight_init, *, n_layers=5, n_units=100,
                       n_samples=1000, seed=0):
    """Outputs of each hidden layer of a fresh ``MultiLayerNet`` for random inputs.

    The net has ``n_layers`` hidden layers of ``n_units`` each; the inputs are
    ``n_samples`` standard normal vectors. Returns a list of ``n_layers`` arrays of
    shape (n_samples, n_units).
    """
    x = np.random.default_rng(seed).standard_normal((n_samples, n_units))
    net = MultiLayerNet(n_units, [n_units] * n_layers, n_units, activation=activation,
                        weight_init=weight_init, seed=seed + 1)  # not x's draws
    outputs = []
    for name, layer in net.layers.items():
        if len(outputs) == n_layers:
            break  # the last Affine layer is the output layer, not a hidden one
        x = layer.forward(x)
        if name.startswith("Activation"):
            outputs.append(x)
    return outputs
# --8<-- [end:hidden_activations]
