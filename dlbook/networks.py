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

Training and inference modes (chapters 10 and 11): ``predict(x, train_flg=False)`` and
``loss(x, t, train_flg=False)`` run in inference mode unless asked otherwise, while
``loss_and_gradient`` and ``gradient`` (one training step's passes) and
``numerical_gradient`` (which checks them) run in training mode. Only the layers that
behave differently (``takes_train_flg``: ``Dropout``, ``BatchNormalization``) see the
mode; for the others the two modes are the same computation. ``MultiLayerNet`` adds
weight decay (``weight_decay_lambda``); ``MultiLayerNetExtend``, the book's extended
network, adds batch normalization and dropout to it.
"""

from __future__ import annotations

import numpy as np

from .gradient import numerical_gradient
from .layers import (
    Affine,
    BatchNormalization,
    Dropout,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
)
from .losses import target_labels

__all__ = [
    "Network",
    "TwoLayerNet",
    "MultiLayerNet",
    "activation_layer",
    "init_std",
    "hidden_activations",
    "MultiLayerNetExtend",  # chapters 10 and 11
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

    ``train_flg`` (the book's name) is the mode: False, inference, unless a method says
    otherwise. It reaches only the layers that declare ``takes_train_flg`` (dropout and
    batch normalization, chapters 10 and 11), which refuse (ValueError) a mode that is
    not True or False; for every other layer both modes compute the same.
    """

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.layers: dict[str, object] = {}
        self.last_layer = SoftmaxWithLoss()
        self._owners = None  # params key -> (layer, the layer's name for it)

    def predict(self, x, train_flg=False):
        """Scores (N, C) for inputs (N, D): all layers but the loss layer.

        Inference mode unless ``train_flg=True``.
        """
        for layer in self.layers.values():
            if getattr(layer, "takes_train_flg", False):  # dropout, batch norm
                x = layer.forward(x, train_flg)
            else:
                x = layer.forward(x)
        return x

    def loss(self, x, t, train_flg=False):
        """Loss (a float) for inputs (N, D), labels (N,) or one-hot targets (N, C).

        Inference mode unless ``train_flg=True``. The loss layer checks ``t``
        (``SoftmaxWithLoss``: with ``target_labels``).
        """
        return self.last_layer.forward(self.predict(x, train_flg), t)

    def accuracy(self, x, t):
        """Fraction of the N samples whose highest score is the true class.

        ``t``: labels (N,) or one-hot (N, C). Refuses (ValueError) what
        ``target_labels`` refuses: an empty batch, a single label (1,) for N > 1 (it
        would broadcast against the N predictions), labels outside [0, C).
        """
        scores = self.predict(x)
        t = target_labels(t, scores.shape, "accuracy")
        return float(np.mean(scores.argmax(axis=1) == t))

    def numerical_gradient(self, x, t):
        """Gradient of the loss for every parameter, by central differences (slow).

        Returns a dict like ``params``. Each parameter is nudged in place and restored.
        The loss is taken in training mode, the mode of the gradient it checks.
        """
        def loss_at(_):
            return self._training_loss(x, t)

        return {key: numerical_gradient(loss_at, p) for key, p in self.params.items()}

    def loss_and_gradient(self, x, t):
        """The loss (a float) and its gradient for every parameter, by backpropagation.

        One training step's two passes: ``loss`` in training mode, then ``backward``.
        """
        loss = self._training_loss(x, t)
        return loss, self.backward()

    def _training_loss(self, x, t):
        """``loss(x, t)`` in training mode. A network with no layer that takes a mode
        computes the same in both and is asked plainly, ``loss(x, t)``: so a subclass
        that overrides ``loss(x, t)`` (chapter 6 counts its calls) keeps working."""
        layers = self.layers.values()
        if any(getattr(layer, "takes_train_flg", False) for layer in layers):
            return self.loss(x, t, train_flg=True)
        return self.loss(x, t)

    def backward(self):
        """The gradient of the last loss computed, for every parameter.

        ``backward`` through the loss layer and every layer in reverse order; the
        gradients come back as a dict keyed like ``params``, each read from the layer
        that owns the parameter. Before any ``loss``, the layers refuse (ValueError).
        """
        dout = self.last_layer.backward(1.0)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        owners = self.owners()
        return {key: layer.grads[name] for key, (layer, name) in owners.items()}

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
    ``weight_decay_lambda`` (λ, the book's name; chapter 10): weight decay, which adds
    ``λ/2 · ΣW²`` over the Affine layers' weights (not the biases) to the loss and
    ``λW`` to those weights' gradients; 0 by default, which changes nothing.
    Refuses (ValueError) an unknown ``activation`` or ``weight_init``, and a negative
    ``weight_decay_lambda``.
    """

    def __init__(self, input_size, hidden_sizes, output_size, activation="relu",
                 weight_init="he", *, weight_decay_lambda=0.0, seed=None,
                 dtype=np.float64):
        super().__init__()
        if not 0 <= weight_decay_lambda < np.inf:  # a negative λ rewards large weights
            raise ValueError("weight_decay_lambda must be a number of at least 0, got "
                             f"{weight_decay_lambda!r}")
        self.weight_decay_lambda = float(weight_decay_lambda)
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

    # --8<-- [start:weight_decay]
    def decayed_weights(self):
        """``{key: W}``: the weights that weight decay shrinks, those of the Affine
        layers (``W1``, ``W2``, ...), found through the layers that own them."""
        return {key: self.params[key] for key, (layer, name) in self.owners().items()
                if isinstance(layer, Affine) and name == "W"}

    def weight_decay(self):
        """The penalty ``λ/2 · ΣW²`` (a float), summed over ``decayed_weights``."""
        if self.weight_decay_lambda == 0:
            return 0.0  # no sums to compute: the loss stays exactly the data's loss
        total = sum(float(np.sum(W * W)) for W in self.decayed_weights().values())
        return 0.5 * self.weight_decay_lambda * total

    def loss(self, x, t, train_flg=False):
        """The data's loss (``Network.loss``) plus the penalty ``weight_decay()``."""
        return super().loss(x, t, train_flg) + self.weight_decay()

    def backward(self):
        """``Network.backward``'s gradients, plus ``λW``, the penalty's, for each W."""
        grads = super().backward()
        if self.weight_decay_lambda != 0:
            for key, W in self.decayed_weights().items():
                grads[key] = grads[key] + self.weight_decay_lambda * W  # a new array
        return grads
    # --8<-- [end:weight_decay]
# --8<-- [end:MultiLayerNet]


# --8<-- [start:MultiLayerNetExtend]
# The book's weight_init_std names the activation an initialization suits; dlbook's
# weight_init names the initialization (a number, the std itself, passes unchanged).
BOOK_WEIGHT_INIT = {"relu": "he", "he": "he", "sigmoid": "xavier", "xavier": "xavier"}


class MultiLayerNetExtend(MultiLayerNet):
    """``MultiLayerNet`` with batch normalization and dropout (chapters 10 and 11), in
    the book's name and call.

    Each hidden layer is, in the book's order, Affine -> BatchNormalization (with
    ``use_batchnorm``) -> activation -> Dropout (with ``use_dropout``), then a last
    Affine layer; ``params``: ``W1``, ``b1``, ... as in ``MultiLayerNet`` and, with
    batch normalization, ``gamma1``, ``beta1``, ... (ones and zeros at the start).
    The book's arguments: ``hidden_size_list`` (the hidden sizes), ``weight_init_std``
    (``"relu"`` or ``"he"`` for He's std, ``"sigmoid"`` or ``"xavier"`` for Xavier's,
    or a number), ``weight_decay_lambda``, ``dropout_ration`` (the book's spelling;
    ``dropout_ratio=`` is accepted as a keyword too, not both). ``seed`` (an int or
    None) fixes the initial weights, the same as ``MultiLayerNet``'s with that seed,
    and the dropout masks, drawn from a generator of their own. ``dtype``: that of
    every parameter.

    Modes as in ``Network``: ``predict``, ``loss`` and ``accuracy`` in inference mode
    by default, ``gradient`` and ``loss_and_gradient`` in training mode (dropout drops
    units, batch normalization uses the batch's statistics and updates its running
    averages). ``buffers`` gives the running averages. With both switches off this is
    the book's ``MultiLayerNet`` too, with the book's arguments.
    """

    def __init__(self, input_size, hidden_size_list, output_size, activation="relu",
                 weight_init_std="relu", weight_decay_lambda=0, use_dropout=False,
                 dropout_ration=0.5, use_batchnorm=False, *, dropout_ratio=None,
                 seed=None, dtype=np.float64):
        if dropout_ratio is not None and dropout_ration != 0.5:
            raise ValueError(
                "pass dropout_ratio or the book's dropout_ration, not both (got "
                f"{dropout_ratio!r} and {dropout_ration!r})"
            )
        ratio = dropout_ration if dropout_ratio is None else dropout_ratio
        weight_init = weight_init_std
        if isinstance(weight_init_std, str):
            weight_init = BOOK_WEIGHT_INIT.get(weight_init_std.lower(), weight_init_std)
        super().__init__(input_size, hidden_size_list, output_size, activation,
                         weight_init, weight_decay_lambda=weight_decay_lambda,
                         seed=seed, dtype=dtype)
        self.use_dropout, self.use_batchnorm = use_dropout, use_batchnorm
        masks = np.random.default_rng(None if seed is None else [seed, 1])
        layers = {}  # MultiLayerNet's layers, with the new ones around each activation
        for name, layer in self.layers.items():
            if not name.startswith("Activation"):  # an Affine layer
                layers[name] = layer
                continue
            i = name.removeprefix("Activation")  # the hidden layer's number
            if use_batchnorm:  # between the Affine layer and its activation
                n = len(self.params[f"b{i}"])  # the Affine layer's outputs
                gamma, beta = np.ones(n, dtype=dtype), np.zeros(n, dtype=dtype)
                self.params[f"gamma{i}"], self.params[f"beta{i}"] = gamma, beta
                layers[f"BatchNorm{i}"] = BatchNormalization(gamma, beta)
            layers[name] = layer
            if use_dropout:  # after the activation
                layers[f"Dropout{i}"] = Dropout(ratio, seed=masks)
        self.layers = layers

    @property
    def buffers(self):
        """``{"running_mean1": ..., "running_var1": ..., ...}``: each batch
        normalization layer's running averages, the very arrays it uses (after its
        first training forward; empty without batch normalization). Not parameters,
        yet they decide what inference predicts."""
        buffers = {}
        for name, layer in self.layers.items():
            if isinstance(layer, BatchNormalization) and layer.running_mean is not None:
                i = name.removeprefix("BatchNorm")
                buffers[f"running_mean{i}"] = layer.running_mean
                buffers[f"running_var{i}"] = layer.running_var
        return buffers

    def numerical_gradient(self, x, t):
        """``Network.numerical_gradient``, in training mode, leaving the running
        averages as they were (its thousands of forward passes would replace them).

        Refuses (ValueError) a network with dropout: each loss would draw a new mask,
        and the differences would measure the masks, not the slope.
        """
        if any(isinstance(layer, Dropout) and layer.dropout_ratio > 0
               for layer in self.layers.values()):
            raise ValueError(
                "numerical_gradient with dropout on: every loss draws a new mask, so "
                "the differences would measure the masks; check the gradient with "
                "use_dropout=False"
            )
        norms = [layer for layer in self.layers.values()
                 if isinstance(layer, BatchNormalization)]
        saved = [None if n.running_mean is None
                 else (n.running_mean.copy(), n.running_var.copy()) for n in norms]
        try:
            return super().numerical_gradient(x, t)
        finally:
            for layer, averages in zip(norms, saved):
                if averages is None:  # there were none: there are none again
                    layer.running_mean = layer.running_var = None
                else:  # in place: they stay the very arrays buffers gave out
                    layer.running_mean[...], layer.running_var[...] = averages
# --8<-- [end:MultiLayerNetExtend]


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
