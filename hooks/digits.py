"""MkDocs hook: the shipped MNIST networks, exported for the "Draw a digit" page.

The page (``docs/draw-a-digit.md``, its script ``docs/javascripts/draw-a-digit.js``)
runs the forward pass of dlbook's two trained networks in the reader's browser, in
plain JavaScript: chapter 9's MLP (``dlbook.SAMPLE_WEIGHTS``) and chapter 13's CNN
(``dlbook.CNN_WEIGHTS``). At every build this hook reads each ``.npz`` file with
``dlbook.load_weights`` (so a file dlbook cannot rebuild fails the build) and writes
two files into the site, which both editions load (``hooks/editions.py``):

- ``assets/digits/<name>.json``: what the network is (``architecture``, ``activation``,
  its layer sizes, the CNN's ``conv_param``), its test accuracy from the file's
  ``meta``, and for each parameter, in the network's order (``W1``, ``b1``, ...), its
  ``shape`` and where its numbers start in the ``.bin`` file (``offset``, in numbers);
- ``assets/digits/<name>.bin``: every parameter's numbers one after the other, C order
  (row by row), little-endian, in the weights' own dtype (``"dtype"``: float32 for both
  shipped files, which the page reads into a ``Float32Array``), so the page computes
  with exactly the numbers Python computes with.

Nothing is written into ``docs/`` and nothing is committed; ``export`` is a function of
the weights file alone, which ``tests/test_digits.py`` checks against ``load_weights``.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import numpy as np
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# MkDocs loads a hook by its path: make the repository's packages importable.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dlbook.weights import CNN_WEIGHTS, SAMPLE_WEIGHTS, load_weights  # noqa: E402
from hooks import editions  # noqa: E402

SITE_DIR = "assets/digits"
# The page's names for the networks, and the files they come from.
NETWORKS = {"mlp": SAMPLE_WEIGHTS, "cnn": CNN_WEIGHTS}
# The dtypes the page can read, by the JavaScript array that reads them.
DTYPES = {"float32": "<f4", "float64": "<f8"}


def export(path) -> tuple[dict, bytes]:
    """The network saved in ``path`` as ``(description, numbers)`` for the page.

    ``description`` is a JSON-friendly dict (see the module docstring); ``numbers``
    the bytes of every parameter, little-endian, one after the other in the order of
    ``description["params"]``. Raises ValueError for a file ``load_weights`` refuses,
    and for weights of a dtype the page cannot read (not float32 or float64).
    """
    net, meta = load_weights(path)
    dtype = str(next(iter(net.params.values())).dtype)
    if dtype not in DTYPES:
        raise ValueError(f"{path}: the page reads float32 or float64 weights, "
                         f"got {dtype}")
    params, chunks, offset = [], [], 0
    for name, value in net.params.items():
        params.append({"name": name, "shape": list(value.shape), "offset": offset})
        chunks.append(np.ascontiguousarray(value, dtype=DTYPES[dtype]).tobytes())
        offset += value.size
    architecture = meta.get("architecture", "MultiLayerNet")
    description = {
        "architecture": architecture,
        "activation": meta["activation"],
        "dtype": dtype,
        "params": params,
        "size": offset,
        "test_accuracy": meta.get("test_accuracy"),
        "source": Path(path).name,
    }
    if architecture == "SimpleConvNet":
        description.update({key: meta[key] for key in ("input_dim", "conv_param")})
    else:
        W = [p["shape"] for p in params if p["name"].startswith("W")]
        description["sizes"] = [W[0][0]] + [shape[1] for shape in W]
    return description, b"".join(chunks)


@functools.cache
def exported() -> dict[str, tuple[bytes, bytes]]:
    """Each network of ``NETWORKS`` as ``(json bytes, bin bytes)``, once per process."""
    out = {}
    for name, path in NETWORKS.items():
        description, numbers = export(path)
        description = {"name": name, "bin": f"{name}.bin", **description}
        out[name] = (json.dumps(description, indent=1).encode("utf-8"), numbers)
    return out


def digit_files(config, lang: str = "en") -> list[File]:
    """The exported networks as generated files of the site, for the edition of
    ``lang``: ``assets/digits/mlp.json``, ``mlp.bin``, ``cnn.json``, ``cnn.bin``.

    Both editions share them at the site's root, where the page's script is (a
    Korean page loads ``javascripts/draw-a-digit.js`` from the root too, and the
    script finds the files beside itself): the Korean build writes the same bytes
    again rather than a second copy under ``ko/``."""
    made = []
    for name, (description, numbers) in exported().items():
        for suffix, content in ((".json", description), (".bin", numbers)):
            file = File.generated(config, f"{SITE_DIR}/{name}{suffix}", content=content)
            made.append(editions.place(file, config, lang, shared=True))
    return made


@event_priority(editions.LATE)  # after mkdocs-static-i18n sorted the pages by language
def on_files(files: Files, config) -> Files:
    for file in digit_files(config, editions.language(config)):
        files.append(file)
    return files
