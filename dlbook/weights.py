"""Saving and loading trained weights as ``.npz`` files (chapter 9, "MNIST").

A weights file holds each parameter array under its name (``W1``, ``b1``, ...) and a
small JSON header (``meta``) saying how to rebuild the network: its activation and
whatever the trainer wanted to remember (data set, accuracy, command). ``np.load`` opens
it anywhere, no pickle involved.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from .networks import MultiLayerNet

__all__ = ["save_weights", "load_weights", "SAMPLE_WEIGHTS"]

# --8<-- [start:SAMPLE_WEIGHTS]
SAMPLE_WEIGHTS = Path(__file__).parent / "data" / "sample_weight.npz"
"""dlbook's own pretrained 784-50-100-10 sigmoid network for MNIST (chapter 9)."""
# --8<-- [end:SAMPLE_WEIGHTS]


# --8<-- [start:save_weights]
def save_weights(path, net, *, activation: str, **meta) -> Path:
    """Write ``net.params`` and ``meta`` (with ``activation``) to the ``.npz`` ``path``.

    The arrays are stored as they are (shape and dtype); ``meta`` must be JSON-friendly.
    Returns the path written.
    """
    path = Path(path)
    header = json.dumps({"activation": activation, **meta}, sort_keys=True)
    with open(path, "wb") as f:  # a file object: np.savez adds no ".npz" of its own
        np.savez(f, meta=np.array(header), **net.params)
    return path


# --8<-- [end:save_weights]


# --8<-- [start:load_weights]
def load_weights(path):
    """Rebuild the network saved in ``path``; return ``(net, meta)``.

    ``net`` is a ``MultiLayerNet`` whose layer sizes are read from the shapes of ``W1``,
    ``W2``, ...; ``meta`` is the dict saved with it. Raises ``ValueError`` with a clear
    message if the file is missing, is not a weights file, or holds inconsistent shapes.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no weights file at {path}")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{path} is not a weights (.npz) file: {exc}") from exc
    if "meta" not in arrays or "W1" not in arrays:
        raise ValueError(
            f"{path} is not a dlbook weights file (no 'meta' or 'W1' inside)"
        )
    meta = json.loads(str(arrays.pop("meta")))
    n_layers = len([k for k in arrays if k.startswith("W")])
    sizes = [arrays["W1"].shape[0]]
    for i in range(1, n_layers + 1):
        W, b = arrays.get(f"W{i}"), arrays.get(f"b{i}")
        if (
            W is None
            or b is None
            or W.ndim != 2
            or W.shape[0] != sizes[-1]
            or b.shape != (W.shape[1],)
        ):
            raise ValueError(
                f"{path}: layer {i} has inconsistent shapes (W{i}: "
                f"{getattr(W, 'shape', None)}, b{i}: {getattr(b, 'shape', None)}, "
                f"previous layer's width {sizes[-1]})"
            )
        sizes.append(W.shape[1])
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
