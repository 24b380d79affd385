"""Saving and loading trained weights as ``.npz`` files (chapter 9, "MNIST").

A weights file holds each parameter array under its name (``W1``, ``b1``, ...) and a
small JSON header (``meta``) saying how to rebuild the network: its activation and
whatever the trainer wanted to remember (data set, accuracy, command). ``np.load`` opens
it anywhere, no pickle involved. A save never destroys a good file, and a file that is
not a dlbook weights file is one clear ValueError.

A network with batch normalization (chapter 11, ``MultiLayerNetExtend(...,
use_batchnorm=True)``) also saves ``gamma1``, ``beta1``, ... and its ``buffers``, the
running averages ``running_mean1``, ``running_var1``, ... that inference normalizes
with: without them a loaded network would predict something else. Files without these
arrays, all those saved before chapter 11, load as they always did.

The book's CNN (chapter 13, ``SimpleConvNet``) is saved the same way, its ``meta``
recording its architecture (``"architecture": "SimpleConvNet"``, ``input_dim``,
``conv_param``, ``hidden_size``, ``output_size``) since the shapes of ``W1`` ...
``W3`` alone do not say its stride or padding. dlbook ships three such files beside
its sample network: ``CNN_WEIGHTS`` and, for the comparison on clothes,
``FASHION_CNN_WEIGHTS`` and ``FASHION_MLP_WEIGHTS``.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
from pathlib import Path

import numpy as np

from .conv import BOOK_CONV_PARAM, SimpleConvNet
from .networks import MultiLayerNet, MultiLayerNetExtend, activation_layer

__all__ = ["save_weights", "load_weights", "SAMPLE_WEIGHTS", "CNN_WEIGHTS",
           "FASHION_CNN_WEIGHTS", "FASHION_MLP_WEIGHTS"]

# --8<-- [start:SAMPLE_WEIGHTS]
SAMPLE_WEIGHTS = Path(__file__).parent / "data" / "sample_weight.npz"
"""dlbook's own pretrained 784-50-100-10 sigmoid network for MNIST (chapter 9)."""
# --8<-- [end:SAMPLE_WEIGHTS]


# --8<-- [start:CNN_WEIGHTS]
CNN_WEIGHTS = Path(__file__).parent / "data" / "cnn_weight.npz"
"""dlbook's trained ``SimpleConvNet`` for MNIST, the book's shape, float32 (chapter
13): ``python -m dlbook train --model cnn`` on all 60,000 training images
(``make cnn-weights``); its ``meta`` holds the recipe, its history and test accuracy."""

FASHION_CNN_WEIGHTS = Path(__file__).parent / "data" / "fashion_cnn_weight.npz"
"""The same ``SimpleConvNet`` recipe trained on all 60,000 Fashion-MNIST training
images (chapter 13, ``make fashion-weights``). The recipe is MNIST's, chosen on MNIST's
validation data: nothing was chosen on Fashion-MNIST, so its test accuracy is a fair
report."""

FASHION_MLP_WEIGHTS = Path(__file__).parent / "data" / "fashion_mlp_weight.npz"
"""The command line's ``mlp`` recipe (784-512-10 ReLU, chapter 9) trained on all
60,000 Fashion-MNIST training images, to compare the CNN with (chapter 13, ``make
fashion-weights``)."""
# --8<-- [end:CNN_WEIGHTS]


# --8<-- [start:layer_sizes]
def _layer_sizes(arrays, where: str) -> list[int]:
    """The layer sizes ``[D, H1, ..., C]`` of the arrays ``W1``, ``b1``, ..., ``Wn``,
    ``bn``: a ValueError (starting with ``where``) unless they make a ``MultiLayerNet``.

    They must be exactly those names, float arrays of one dtype, each ``W<i>`` a
    matrix whose rows match the previous layer's width, each ``b<i>`` one number per
    column of ``W<i>``. ``save_weights`` checks this before writing a file,
    ``load_weights`` after reading one.
    """
    arrays = {key: np.asarray(value) for key, value in arrays.items()
              if not key.startswith(BATCHNORM_PREFIXES)}  # see _batchnorm_arrays
    if "W1" not in arrays:
        raise ValueError(f"{where}: no 'W1' (the first layer's weights)")
    n_layers = len([key for key in arrays if key.startswith("W")])
    names = {f"{kind}{i}" for i in range(1, n_layers + 1) for kind in "Wb"}
    if set(arrays) - names:
        raise ValueError(
            f"{where}: unexpected arrays {sorted(set(arrays) - names)}; a network's "
            "weights are W1, b1, ..., Wn, bn"
        )
    dtypes = sorted({str(a.dtype) for a in arrays.values()})
    if any(np.dtype(d).kind != "f" for d in dtypes):
        raise ValueError(f"{where}: the weights must be float arrays, got {dtypes}")
    if len(dtypes) > 1:
        raise ValueError(f"{where}: the weights must share one dtype, got {dtypes}")
    sizes = []
    for i in range(1, n_layers + 1):
        W, b = arrays.get(f"W{i}"), arrays.get(f"b{i}")
        if (
            W is None
            or b is None
            or W.ndim != 2
            or (sizes and W.shape[0] != sizes[-1])
            or b.shape != (W.shape[1],)
        ):
            previous = f", previous layer's width {sizes[-1]}" if sizes else ""
            raise ValueError(
                f"{where}: layer {i} has inconsistent shapes (W{i}: "
                f"{getattr(W, 'shape', None)}, b{i}: {getattr(b, 'shape', None)}"
                f"{previous})"
            )
        if not sizes:
            sizes.append(W.shape[0])  # the inputs
        sizes.append(W.shape[1])
    return sizes
# --8<-- [end:layer_sizes]


# --8<-- [start:batchnorm_arrays]
# The names of batch normalization's arrays, each followed by the hidden layer's number:
# its parameters, then its buffers (the running averages).
BATCHNORM_PARAMS = ("gamma", "beta")
BATCHNORM_BUFFERS = ("running_mean", "running_var")
BATCHNORM_PREFIXES = BATCHNORM_PARAMS + BATCHNORM_BUFFERS


def _shapes(arrays) -> str:
    """``"gamma1 (100,), beta1 (100,)"``: names and shapes (of arrays, or shapes
    themselves), for an error message."""
    listed = ", ".join(f"{key} {a if isinstance(a, tuple) else tuple(np.shape(a))}"
                       for key, a in arrays.items())
    return listed or "none"


def _batchnorm_arrays(arrays, sizes, where: str):
    """The batch-normalization arrays among ``arrays``, as ``(params, buffers)``.

    ``sizes`` are the layer sizes ``[D, H1, ..., C]`` from ``_layer_sizes``. Either
    there are none (two empty dicts: a network without batch normalization), or
    ``gamma<i>`` and ``beta<i>`` of shape (H_i,) for every hidden layer i, and then
    either no buffers (never trained) or ``running_mean<i>`` and ``running_var<i>``
    of shape (H_i,) for every one. All in the weights' dtype. Anything else is a
    ValueError (starting with ``where``) naming the arrays expected and those got.
    """
    params = {k: np.asarray(a) for k, a in arrays.items()
              if k.startswith(BATCHNORM_PARAMS)}
    buffers = {k: np.asarray(a) for k, a in arrays.items()
               if k.startswith(BATCHNORM_BUFFERS)}
    if not params and not buffers:
        return params, buffers
    hidden = sizes[1:-1]

    def expected(kinds):
        return {f"{kind}{i}": (h,) for i, h in enumerate(hidden, start=1)
                for kind in kinds}

    for what, kinds, got in (("parameters", BATCHNORM_PARAMS, params),
                             ("running averages", BATCHNORM_BUFFERS, buffers)):
        if what == "running averages" and not got:
            break  # a network never trained: no running averages yet
        want = expected(kinds)
        if {k: a.shape for k, a in got.items()} != want:
            listed = ", ".join(f"{key} {shape}" for key, shape in want.items())
            raise ValueError(
                f"{where}: batch normalization's {what} do not match the network's "
                f"hidden layers {hidden}: expected {listed}; got {_shapes(got)}"
            )
    dtype = np.asarray(arrays["W1"]).dtype
    odd = sorted({str(a.dtype) for a in (*params.values(), *buffers.values())
                  if a.dtype != dtype})
    if odd:
        raise ValueError(f"{where}: batch normalization's arrays must have the "
                         f"weights' dtype {dtype}, got {odd}")
    return params, buffers
# --8<-- [end:batchnorm_arrays]


# --8<-- [start:conv_net_file]
CONV_NET = "SimpleConvNet"  # the "architecture" in the meta of a CNN's file
CONV_NET_ARRAYS = ("W1", "b1", "W2", "b2", "W3", "b3")


def _conv_net_meta(net, meta, where: str) -> dict:
    """What the file of the SimpleConvNet ``net`` records of it in its ``meta``.

    ``{"architecture": "SimpleConvNet", "input_dim": [C, H, W], "conv_param":
    {...}, "hidden_size": ..., "output_size": ...}``, read from the shapes of its
    parameters and from its first layer (stride and pad). The size of its images is
    ``meta["input_dim"]`` if given, else the network's own ``input_dim``; a network
    without one (the book's own class) is taken to have square images, worked out
    from the shapes (the first ``Affine`` takes FN * PH * PW inputs, and PH = PW).
    ``_conv_net`` then checks that this rebuilds ``net``.
    """
    FN, C, FS, _ = net.params["W1"].shape
    first = next(iter(net.layers.values()))  # ConvReluPool1, or Conv1 (fast=False)
    stride, pad = int(first.stride), int(first.pad)
    hidden_size, output_size = net.params["W3"].shape
    input_dim = meta.get("input_dim", getattr(net, "input_dim", None))
    if input_dim is None:  # square images: PH = PW, and OH = 2 PH before pooling
        side = math.isqrt(len(net.params["W2"]) // FN)
        if FN * side * side != len(net.params["W2"]):
            raise ValueError(f"{where}: {net!r} does not take square images: say "
                             "which, input_dim=(C, H, W)")
        size = (2 * side - 1) * stride + FS - 2 * pad
        input_dim = (C, size, size)
    conv_param = {"filter_num": FN, "filter_size": FS, "pad": pad, "stride": stride}
    return {"architecture": CONV_NET, "input_dim": [int(n) for n in input_dim],
            "conv_param": {key: int(value) for key, value in conv_param.items()},
            "hidden_size": int(hidden_size), "output_size": int(output_size)}


def _conv_net(meta, arrays, where: str):
    """The ``SimpleConvNet`` that ``meta`` describes, holding ``arrays``.

    ``meta`` must have the keys ``_conv_net_meta`` writes and the activation
    ``"relu"``; ``arrays`` must be exactly
    W1, b1, W2, b2, W3, b3, float arrays of one dtype (the network's), each of the
    shape the network of ``meta`` has. Anything else is a ValueError starting with
    ``where`` that names what was expected and what was got. ``save_weights`` calls
    it before writing a CNN's file, ``load_weights`` after reading one.
    """
    keys = ("input_dim", "conv_param", "hidden_size", "output_size")
    missing = [key for key in keys if key not in meta]
    if missing:
        raise ValueError(f"{where}: its 'meta' says {CONV_NET} but has no {missing}")
    if meta.get("activation") != "relu":
        raise ValueError(f"{where}: a {CONV_NET}'s activation is relu, its 'meta' "
                         f"says {meta.get('activation')!r}")
    arrays = {key: np.asarray(value) for key, value in arrays.items()}
    if sorted(arrays) != sorted(CONV_NET_ARRAYS):
        raise ValueError(f"{where}: a {CONV_NET}'s arrays are "
                         f"{', '.join(CONV_NET_ARRAYS)}; got {sorted(arrays)}")
    dtypes = sorted({str(a.dtype) for a in arrays.values()})
    if len(dtypes) > 1 or np.dtype(dtypes[0]).kind != "f":
        raise ValueError(f"{where}: the weights must be float arrays of one dtype, "
                         f"got {dtypes}")
    try:
        conv_param = {**BOOK_CONV_PARAM, **meta["conv_param"]}
        net = SimpleConvNet(tuple(meta["input_dim"]), conv_param, meta["hidden_size"],
                            meta["output_size"], dtype=dtypes[0])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: its 'meta' describes no {CONV_NET}: "
                         f"{exc}") from None
    expected = {key: net.params[key].shape for key in CONV_NET_ARRAYS}
    got = {key: arrays[key].shape for key in CONV_NET_ARRAYS}
    if got != expected:
        raise ValueError(
            f"{where}: the arrays do not fit the {CONV_NET} of its 'meta' "
            f"(input_dim {list(meta['input_dim'])}): expected {_shapes(expected)}; "
            f"got {_shapes(got)}")
    for key in CONV_NET_ARRAYS:
        net.params[key][...] = arrays[key]  # in place: the layers hold these arrays
    return net
# --8<-- [end:conv_net_file]


# --8<-- [start:check_save_path]
def _check_save_path(path) -> Path:
    """``path`` as a Path; a ValueError unless a file can be saved there.

    Its folder must exist and be writable, and ``path`` must not be a folder itself.
    The command line calls this before training, so that a typo costs seconds, not a
    training run.
    """
    path = Path(path)
    where = f"cannot save weights to {path}"
    if not path.parent.is_dir():
        raise ValueError(f"{where}: there is no folder {path.parent}")
    if path.is_dir():
        raise ValueError(f"{where}: it is a folder")
    if not os.access(path.parent, os.W_OK):
        raise ValueError(f"{where}: the folder {path.parent} is not writable")
    return path
# --8<-- [end:check_save_path]


# --8<-- [start:save_weights]
def save_weights(path, net, *, activation: str | None = None, **meta) -> Path:
    """Write ``net.params`` and ``meta`` (with ``activation``) to the ``.npz`` ``path``.

    The arrays are stored as they are (shape and dtype); ``meta`` must be JSON-friendly.
    Returns the path written. The file is written under a temporary name in the same
    folder and renamed into place only once complete, so a save that fails (a full
    disk, say) leaves the previous file at ``path`` as it was. Refuses (ValueError),
    before writing anything: a folder that does not exist, a ``path`` that is a folder,
    an unknown ``activation``, ``meta`` that JSON cannot hold, and parameters that
    ``load_weights`` could not rebuild into a network (see ``_layer_sizes`` and
    ``_batchnorm_arrays``).

    A network with batch normalization saves its ``buffers`` too (the running
    averages, ``running_mean1`` ...), so that the loaded network predicts what this
    one predicts. Dropout, the identity at inference, is not saved.

    A ``SimpleConvNet`` (chapter 13) needs no ``activation`` (it is ReLU); its
    ``meta`` records its architecture (``_conv_net_meta``), checked by
    ``_conv_net`` to rebuild this very network. Any other network must name its
    ``activation``.
    """
    path = _check_save_path(path)
    where = f"cannot save weights to {path}"
    if isinstance(net, SimpleConvNet):
        if activation not in (None, "relu"):
            raise ValueError(f"{where}: a {CONV_NET}'s activation is relu, got "
                             f"{activation!r}")
        activation, meta = "relu", {**meta, **_conv_net_meta(net, meta, where)}
        arrays = dict(net.params)
        _conv_net({"activation": activation, **meta}, arrays, where)  # as loaded
    else:
        if activation is None:
            raise ValueError(f"{where}: say which activation {type(net).__name__}'s "
                             "hidden layers use (activation='relu', say)")
        activation_layer(activation)  # a ValueError for an unknown name
        buffers = dict(getattr(net, "buffers", {}))  # {} for a network without them
        arrays = {**net.params, **buffers}
        _batchnorm_arrays(arrays, _layer_sizes(arrays, where), where)
    try:
        header = json.dumps({"activation": activation, **meta}, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: meta must be JSON-friendly ({exc})") from None
    part = path.with_name(f".{path.name}.{os.urandom(4).hex()}.part")
    try:
        with open(part, "xb") as f:  # a file object: np.savez adds no ".npz" of its own
            np.savez(f, meta=np.array(header), **arrays)
        os.replace(part, path)  # the old file or the new one, never half of either
    finally:
        part.unlink(missing_ok=True)
    return path


# --8<-- [end:save_weights]


# --8<-- [start:load_weights]
def load_weights(path):
    """Rebuild the network saved in ``path``; return ``(net, meta)``.

    ``net`` is a ``MultiLayerNet`` whose layer sizes are read from the shapes of ``W1``,
    ``W2``, ...; ``meta`` is the dict saved with it. A file with ``gamma1``, ``beta1``,
    ... gives a ``MultiLayerNetExtend(..., use_batchnorm=True)`` instead, with the
    running averages of the file (``running_mean1``, ...) in its batch normalization
    layers, so it predicts, in inference mode, what the saved network predicted (a
    file without them gives layers never trained, which refuse inference until a
    training forward). Raises one ``ValueError``, naming the file and what is wrong
    with it, if the file is missing, unreadable, empty, not an ``.npz`` archive, has
    no ``meta`` (a JSON object with an ``activation`` that ``activation_layer``
    knows), or holds weights that make no network: names other than ``W1``, ``b1``,
    ..., non-float or mixed dtypes, inconsistent shapes, batch-normalization arrays
    that do not match the hidden layers (expected and got named).

    A file whose ``meta`` says ``"architecture": "SimpleConvNet"`` gives the book's
    CNN (chapter 13), in the dtype of its arrays, rebuilt and checked by ``_conv_net``
    (a ValueError, likewise, for what does not fit); another architecture is refused.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no weights file at {path}")
    try:
        with open(path, "rb") as f:
            content = f.read()
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not content:
        raise ValueError(f"{path} is empty: it is not a weights file")
    if not zipfile.is_zipfile(io.BytesIO(content)):  # an .npz file is a zip archive
        raise ValueError(f"{path} is not a weights (.npz) file")
    try:
        with np.load(io.BytesIO(content), allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{path} is not a weights (.npz) file: {exc}") from None
    if "meta" not in arrays:
        raise ValueError(f"{path} is not a dlbook weights file: no 'meta' inside")
    meta = arrays.pop("meta")
    try:
        meta = json.loads(str(meta)) if np.asarray(meta).dtype.kind == "U" else None
    except json.JSONDecodeError:
        meta = None
    if not isinstance(meta, dict):
        raise ValueError(f"{path}: its 'meta' is not a JSON object")
    if "activation" not in meta:
        raise ValueError(f"{path}: its 'meta' has no 'activation'")
    try:
        activation_layer(meta["activation"])
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    architecture = meta.get("architecture", "MultiLayerNet")  # none before chapter 13
    if architecture == CONV_NET:
        return _conv_net(meta, arrays, str(path)), meta
    if architecture != "MultiLayerNet":
        raise ValueError(f"{path}: its 'meta' names the architecture {architecture!r}; "
                         f"dlbook rebuilds MultiLayerNet and {CONV_NET}")
    sizes = _layer_sizes(arrays, str(path))
    norms, buffers = _batchnorm_arrays(arrays, sizes, str(path))
    build = dict(activation=meta["activation"], dtype=arrays["W1"].dtype)
    if norms:  # Affine -> BatchNormalization -> activation in every hidden layer
        net = MultiLayerNetExtend(sizes[0], sizes[1:-1], sizes[-1], use_batchnorm=True,
                                  **build)
    else:
        net = MultiLayerNet(sizes[0], sizes[1:-1], sizes[-1], **build)
    for key, value in arrays.items():
        if key in net.params:
            net.params[key][...] = value  # in place: the layers hold these very arrays
    for i in range(1, len(sizes) - 1) if buffers else ():
        layer = net.layers[f"BatchNorm{i}"]
        layer.running_mean = buffers[f"running_mean{i}"].copy()
        layer.running_var = buffers[f"running_var{i}"].copy()
    return net, meta


# --8<-- [end:load_weights]
