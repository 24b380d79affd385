"""Saving and loading trained weights as ``.npz`` files (chapter 9, "MNIST").

A weights file holds each parameter array under its name (``W1``, ``b1``, ...) and a
small JSON header (``meta``) saying how to rebuild the network: its activation and
whatever the trainer wanted to remember (data set, accuracy, command). ``np.load`` opens
it anywhere, no pickle involved. A save never destroys a good file, and a file that is
not a dlbook weights file is one clear ValueError.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np

from .networks import MultiLayerNet, activation_layer

__all__ = ["save_weights", "load_weights", "SAMPLE_WEIGHTS"]

# --8<-- [start:SAMPLE_WEIGHTS]
SAMPLE_WEIGHTS = Path(__file__).parent / "data" / "sample_weight.npz"
"""dlbook's own pretrained 784-50-100-10 sigmoid network for MNIST (chapter 9)."""
# --8<-- [end:SAMPLE_WEIGHTS]


# --8<-- [start:layer_sizes]
def _layer_sizes(arrays, where: str) -> list[int]:
    """The layer sizes ``[D, H1, ..., C]`` of the arrays ``W1``, ``b1``, ..., ``Wn``,
    ``bn``: a ValueError (starting with ``where``) unless they make a ``MultiLayerNet``.

    They must be exactly those names, float arrays of one dtype, each ``W<i>`` a
    matrix whose rows match the previous layer's width, each ``b<i>`` one number per
    column of ``W<i>``. ``save_weights`` checks this before writing a file,
    ``load_weights`` after reading one.
    """
    arrays = {key: np.asarray(value) for key, value in arrays.items()}
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
def save_weights(path, net, *, activation: str, **meta) -> Path:
    """Write ``net.params`` and ``meta`` (with ``activation``) to the ``.npz`` ``path``.

    The arrays are stored as they are (shape and dtype); ``meta`` must be JSON-friendly.
    Returns the path written. The file is written under a temporary name in the same
    folder and renamed into place only once complete, so a save that fails (a full
    disk, say) leaves the previous file at ``path`` as it was. Refuses (ValueError),
    before writing anything: a folder that does not exist, a ``path`` that is a folder,
    an unknown ``activation``, ``meta`` that JSON cannot hold, and parameters that
    ``load_weights`` could not rebuild into a network (see ``_layer_sizes``).
    """
    path = _check_save_path(path)
    where = f"cannot save weights to {path}"
    activation_layer(activation)  # a ValueError for an unknown name
    _layer_sizes(net.params, where)
    try:
        header = json.dumps({"activation": activation, **meta}, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: meta must be JSON-friendly ({exc})") from None
    part = path.with_name(f".{path.name}.{os.urandom(4).hex()}.part")
    try:
        with open(part, "xb") as f:  # a file object: np.savez adds no ".npz" of its own
            np.savez(f, meta=np.array(header), **net.params)
        os.replace(part, path)  # the old file or the new one, never half of either
    finally:
        part.unlink(missing_ok=True)
    return path


# --8<-- [end:save_weights]


# --8<-- [start:load_weights]
def load_weights(path):
    """Rebuild the network saved in ``path``; return ``(net, meta)``.

    ``net`` is a ``MultiLayerNet`` whose layer sizes are read from the shapes of ``W1``,
    ``W2``, ...; ``meta`` is the dict saved with it. Raises one ``ValueError``, naming
    the file and what is wrong with it, if the file is missing, unreadable, empty, not
    an ``.npz`` archive, has no ``meta`` (a JSON object with an ``activation`` that
    ``activation_layer`` knows), or holds weights that make no network: names other
    than ``W1``, ``b1``, ..., non-float or mixed dtypes, inconsistent shapes.
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
    sizes = _layer_sizes(arrays, str(path))
    net = MultiLayerNet(
        sizes[0],
        sizes[1:-1],
        sizes[-1],
        activation=meta["activation"],
        dtype=arrays["W1"].dtype,
    )
    for key, value in arrays.items():
        net.params[key][...] = value  # in place: the layers hold these very arrays
    return net, meta


# --8<-- [end:load_weights]
