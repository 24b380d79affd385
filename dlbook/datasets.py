"""Data sets for the chapters (chapter 5, "Loss functions", and chapter 9, "MNIST").

``make_spirals`` draws a small, seeded, two-dimensional classification problem that no
straight line can solve: the classes wind around each other as spiral arms. It needs no
download, so every chapter that trains a network can run anywhere in a second.

``split_validation`` carves a seeded validation set out of training data (chapter 10,
"Overfitting and validation"): choices are made on it, and the test set is used once,
at the end. ``shuffle_dataset`` (the book's name) shuffles samples and targets alike.

``load_mnist`` and ``load_fashion_mnist`` read the 28x28 grey-scale images of
handwritten digits and of clothes (their names: ``FASHION_CLASSES``), in the IDX
format their authors publish (four ``*-idx?-ubyte.gz`` files each). Files are looked
for, in this order, in

1. ``data_dir``, when you pass one;
2. the folder named by the environment variable ``DLBOOK_DATA``;
3. the user cache folder (``~/.cache/dlbook`` on Linux, see ``cache_dir()``);

each of which may hold the files in a sub-folder named after the data set (``mnist/``,
``fashion-mnist/``) or directly. A file found nowhere is downloaded into ``data_dir`` or
the cache, trying each mirror in turn, and kept only once its contents are verified.
Every file is checked against the SHA-256 of its *decompressed* bytes, which stays the
same however a mirror gzipped it.

Whatever goes wrong with the files is one ``DataError`` whose message says which file,
what happened (the underlying error included) and how to fix it: a folder that is a
file, a file that cannot be read, a damaged one, a download cut off halfway (the next
mirror is tried). A download stopped by Ctrl-C or by SIGTERM leaves no partial file.
"""

from __future__ import annotations

# --8<-- [start:imports]
import contextlib
import gzip
import hashlib
import http.client
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
# --8<-- [end:imports]

from ._progress import progress_bar

__all__ = [
    "make_spirals",
    "shuffle_dataset",
    "split_validation",
    "load_dataset",
    "load_mnist",
    "load_fashion_mnist",
    "fetch",
    "DataError",
    "FASHION_CLASSES",
]


# --8<-- [start:make_spirals]
def make_spirals(n_per_class=100, n_classes=3, noise=0.2, *, seed=0, dtype=np.float64):
    """Points on ``n_classes`` interleaved spiral arms in the plane.

    Returns ``(x, t)``: ``x`` of shape ``(N, 2)`` with ``N = n_per_class * n_classes``
    (radius from 0 to 1), and integer labels ``t`` of shape ``(N,)`` in
    ``[0, n_classes)``, grouped by class. ``noise`` is the standard deviation of the
    Gaussian jitter added to each point's angle. Same ``seed``, same points.
    """
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    t = np.repeat(np.arange(n_classes), n_per_class)
    angle = 4.0 * radius + t * (2 * np.pi / n_classes)
    angle = angle + noise * rng.standard_normal(angle.shape)
    x = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    return x.astype(dtype), t


# --8<-- [end:make_spirals]


# --8<-- [start:shuffle_dataset]
def _check_samples(caller: str, x, t):
    """``x`` and ``t`` as arrays with as many samples (rows) each, at least one."""
    x, t = np.asarray(x), np.asarray(t)
    if x.ndim == 0 or t.ndim == 0 or len(x) != len(t):
        raise ValueError(
            f"{caller}: x and t must hold as many samples each, got x of shape "
            f"{x.shape} and t of shape {t.shape}"
        )
    if len(x) == 0:
        raise ValueError(f"{caller}: x is empty (shape {x.shape}): no sample to use")
    return x, t


def shuffle_dataset(x, t, seed=None):
    """``(x, t)`` in a random order: new arrays, the same permutation for both.

    ``x``: (N, ...) samples (rows of pixels, or images (N, C, H, W)); ``t``: labels
    (N,) or one-hot targets (N, C). ``seed`` fixes the order (``None``: a fresh one
    each call, like the book's ``common/util.py``, which draws from NumPy's global
    generator). The caller's arrays are neither changed nor reordered. Refuses
    (ValueError) an ``x`` and a ``t`` of different lengths, and an empty ``x``.
    """
    x, t = _check_samples("shuffle_dataset", x, t)
    order = np.random.default_rng(seed).permutation(len(x))
    return x[order], t[order]  # indexing with an array makes copies
# --8<-- [end:shuffle_dataset]


# --8<-- [start:split_validation]
def split_validation(x, t, validation_rate=0.2, *, seed=0):
    """Carve a validation set out of training data: ``(x_train, t_train), (x_val,
    t_val)``.

    ``x``: (N, ...) samples; ``t``: labels (N,) or one-hot targets (N, C). The samples
    are shuffled with ``seed`` (``shuffle_dataset``), then the first
    ``round(N * validation_rate)`` become the validation set and the rest the training
    set: every sample lands in exactly one of the two, both in a random order, and
    the same seed gives the same split. The caller's arrays are neither changed nor
    reordered. The validation set is for choices (epochs, learning rate, weight
    decay); the test set stays untouched until the end.

    Refuses (ValueError): a ``validation_rate`` that is not a number strictly between
    0 and 1, a split that would leave either side empty, and an ``x`` and a ``t`` of
    different lengths.
    """
    rate = validation_rate
    number = isinstance(rate, (int, float, np.floating)) and not isinstance(rate, bool)
    if not (number and 0 < rate < 1):  # also refuses nan
        raise ValueError(
            f"split_validation: validation_rate must be a number between 0 and 1 "
            f"(both excluded), got {rate!r}"
        )
    x, t = _check_samples("split_validation", x, t)
    n_val = round(len(x) * rate)  # round, not int(): 100 * 0.29 is 28.999999999999996
    if not 0 < n_val < len(x):
        raise ValueError(
            f"split_validation: a validation_rate of {rate} of {len(x)} samples gives "
            f"{n_val} for validation and {len(x) - n_val} for training; each side "
            "needs at least one"
        )
    x, t = shuffle_dataset(x, t, seed)
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])
# --8<-- [end:split_validation]


# --8<-- [start:DataError]
class DataError(RuntimeError):
    """A data file is missing, damaged or not what it claims to be.

    The message says which file, what is wrong, and how to fix it.
    """
# --8<-- [end:DataError]


# --8<-- [start:specs]
@dataclass(frozen=True)
class IdxFile:
    """One IDX file of a data set: its name, the SHA-256 of its decompressed bytes."""

    name: str
    sha256: str


@dataclass(frozen=True)
class DatasetSpec:
    """Where a data set's four IDX files come from and what they must contain."""

    name: str  # also the sub-folder name: "mnist", "fashion-mnist"
    mirrors: tuple[str, ...]  # base URLs, tried in order; file names are appended
    files: dict[str, IdxFile] = field(default_factory=dict)  # role -> file


MNIST = DatasetSpec(
    name="mnist",
    mirrors=(
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ),
    files={
        "train_images": IdxFile(
            "train-images-idx3-ubyte.gz",
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ),
        "train_labels": IdxFile(
            "train-labels-idx1-ubyte.gz",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ),
        "test_images": IdxFile(
            "t10k-images-idx3-ubyte.gz",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ),
        "test_labels": IdxFile(
            "t10k-labels-idx1-ubyte.gz",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        ),
    },
)

FASHION_MNIST = DatasetSpec(
    name="fashion-mnist",
    mirrors=(
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist"
        "/master/data/fashion/",
    ),
    files={
        "train_images": IdxFile(
            "train-images-idx3-ubyte.gz",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        ),
        "train_labels": IdxFile(
            "train-labels-idx1-ubyte.gz",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ),
        "test_images": IdxFile(
            "t10k-images-idx3-ubyte.gz",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ),
        "test_labels": IdxFile(
            "t10k-labels-idx1-ubyte.gz",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        ),
    },
)

# The data sets by name, the one table the loaders and ``python -m dlbook`` read.
DATASETS = {spec.name: spec for spec in (MNIST, FASHION_MNIST)}

IMAGE_MAGIC = 2051  # IDX: unsigned bytes, 3 dimensions (count, rows, columns)
LABEL_MAGIC = 2049  # IDX: unsigned bytes, 1 dimension (count)
# --8<-- [end:specs]


# --8<-- [start:cache_dir]
def cache_dir() -> Path:
    """The user cache folder for downloads: ``$XDG_CACHE_HOME/dlbook`` or its platform's
    equivalent (``~/.cache/dlbook``, ``~/Library/Caches/dlbook``, ``%LOCALAPPDATA%``).
    """
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(base) / "dlbook" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "dlbook"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dlbook"
# --8<-- [end:cache_dir]


# --8<-- [start:fix_hint]
def _fix_hint(spec: DatasetSpec) -> str:
    return (
        f"To fix it, put the four files "
        f"({', '.join(f.name for f in spec.files.values())}) in a folder "
        f"<DIR>/{spec.name}/ and set DLBOOK_DATA=<DIR>, pass data_dir=<DIR>, or run "
        f"`python -m dlbook download {spec.name}` on a machine with internet access."
    )
# --8<-- [end:fix_hint]


# --8<-- [start:read_verified]
def _read_verified(path: Path, idx: IdxFile, spec: DatasetSpec) -> bytes:
    """Decompress ``path``, check its SHA-256, return the IDX bytes (or DataError).

    Each DataError is raised ``from None``: its message holds the cause, and the
    learner reads one error, not two chained tracebacks.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:  # a permission, say: the file may be fine
        raise DataError(
            f"{path}: cannot read it ({exc.strerror or exc}). Check that it is a file "
            "you may read. " + _fix_hint(spec)
        ) from None
    try:
        data = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            f"{path}: not a complete gzip file ({exc}); it may be truncated or "
            "damaged. "
            "Delete it and download it again. " + _fix_hint(spec)
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != idx.sha256:
        raise DataError(
            f"{path}: wrong contents (SHA-256 of the decompressed data is {digest}, "
            f"expected {idx.sha256}); it is not the {spec.name} file {idx.name}. "
            "Delete it and download it again. " + _fix_hint(spec)
        )
    return data
# --8<-- [end:read_verified]


# --8<-- [start:parse_idx]
def _parse_idx(data: bytes, path: Path, magic: int, spec: DatasetSpec) -> np.ndarray:
    """IDX bytes as a uint8 array: ``(N, 28, 28)`` for images, ``(N,)`` for labels."""
    ndim = 3 if magic == IMAGE_MAGIC else 1
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataError(f"{path}: too short to be an IDX file. " + _fix_hint(spec))
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        kind = "images" if magic == IMAGE_MAGIC else "labels"
        raise DataError(
            f"{path}: wrong magic number {found} (expected {magic} for IDX {kind}); "
            "this is not the file its name says. " + _fix_hint(spec)
        )
    shape = tuple(
        int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)
    )
    body = np.frombuffer(data, dtype=np.uint8, offset=header)
    if body.size != int(np.prod(shape)):
        raise DataError(
            f"{path}: header says {shape} but the file holds {body.size} values. "
            + _fix_hint(spec)
        )
    return body.reshape(shape)
# --8<-- [end:parse_idx]


# --8<-- [start:candidates]
def _candidates(spec: DatasetSpec, idx: IdxFile, data_dir) -> list[Path]:
    """The paths to look at for ``idx``, in order; a DataError if a folder is a file."""
    roots = [("data_dir", Path(data_dir))] if data_dir is not None else []
    if os.environ.get("DLBOOK_DATA"):
        roots.append(("DLBOOK_DATA", Path(os.environ["DLBOOK_DATA"])))
    roots.append(("the cache folder", cache_dir()))
    for what, root in roots:
        if root.exists() and not root.is_dir():
            raise DataError(
                f"{what} {root} is a file, not a folder. " + _fix_hint(spec)
            )
    return [
        p for _, root in roots for p in (root / spec.name / idx.name, root / idx.name)
    ]
# --8<-- [end:candidates]


# --8<-- [start:download]
def _download(url: str, target: Path, timeout: float, progress) -> None:
    """Stream ``url`` into ``target`` (a temporary file the caller owns and removes).

    Raises what ``urllib`` and ``http.client`` raise: ``URLError``, ``OSError``,
    ``TimeoutError``, or ``http.client.IncompleteRead`` for a response cut halfway.
    """
    with urllib.request.urlopen(url, timeout=timeout) as response:
        total = response.headers.get("Content-Length")
        bar = progress_bar(progress, total=int(total) if total else None, unit="B",
                           unit_scale=True, desc=target.name, leave=False)
        try:
            with open(target, "wb") as out:
                while chunk := response.read(1 << 16):
                    out.write(chunk)
                    if bar is not None:
                        bar.update(len(chunk))
        finally:
            if bar is not None:
                bar.close()
# --8<-- [end:download]


# --8<-- [start:sigterm_unwinds]
class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that ``finally`` blocks run."""


@contextlib.contextmanager
def _sigterm_unwinds():
    """While inside, SIGTERM unwinds the stack (running ``finally`` blocks, which
    remove partial files), then ends the process by SIGTERM as it would have anyway.

    By default SIGTERM ends a Python process at once, cleaning nothing up. Only done in
    the main thread (the only one that can set a handler) and only if SIGTERM has its
    default action: a program with its own handler keeps it.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def unwind(signum, frame):
        raise _Terminated

    signal.signal(signal.SIGTERM, unwind)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.raise_signal(signal.SIGTERM)  # ends the process: the default action
        raise  # only if the signal could not be delivered
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
# --8<-- [end:sigterm_unwinds]


# --8<-- [start:download_verified]
def _download_verified(
    spec: DatasetSpec,
    idx: IdxFile,
    folder: Path,
    *,
    retries: int,
    timeout: float,
    backoff: float,
    progress,
) -> Path:
    """Download one file from the first mirror that serves the right bytes.

    The file is written to a temporary name in ``folder`` and renamed into place only
    after its checksum matches, so an interrupted or wrong download never stays behind:
    not after an error, not after Ctrl-C, not after SIGTERM (``_sigterm_unwinds``).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot make the folder {folder} ({exc.strerror or exc}). "
            + _fix_hint(spec)
        ) from None
    final = folder / idx.name
    # One name per process and thread, known before the file exists: whenever the
    # download stops, ``finally`` knows what to remove.
    tmp = folder / f".{idx.name}.{os.getpid()}-{threading.get_ident()}.part"
    failures = []
    with _sigterm_unwinds():
        for mirror in spec.mirrors:
            url = mirror + idx.name
            for attempt in range(1, retries + 1):
                try:
                    _download(url, tmp, timeout, progress)
                    _read_verified(tmp, idx, spec)
                    os.replace(tmp, final)
                    return final
                except DataError as exc:  # wrong bytes from this mirror: try the next
                    failures.append(f"{url}: {str(exc).split('. To fix it')[0]}")
                    break
                except (
                    urllib.error.URLError,  # no connection, HTTP errors (a subclass)
                    http.client.HTTPException,  # IncompleteRead: a response cut short
                    OSError,
                    TimeoutError,
                ) as exc:
                    failures.append(f"{url} (attempt {attempt}): {exc}")
                    if attempt < retries:
                        time.sleep(backoff * attempt)
                finally:
                    tmp.unlink(missing_ok=True)
    raise DataError(
        f"could not download {spec.name} file {idx.name}: every mirror failed.\n  "
        + "\n  ".join(failures)
        + "\n"
        + _fix_hint(spec)
    )
# --8<-- [end:download_verified]


# --8<-- [start:locate]
def _locate(spec: DatasetSpec, role: str, data_dir, download: bool, **options):
    """Return ``(path, idx_bytes)`` of one verified file, downloading it if allowed."""
    idx = spec.files[role]
    found = next((p for p in _candidates(spec, idx, data_dir) if p.is_file()), None)
    if found is None:
        if not download:
            raise DataError(
                f"{spec.name} file {idx.name} not found. " + _fix_hint(spec)
            )
        folder = (Path(data_dir) if data_dir is not None else cache_dir()) / spec.name
        found = _download_verified(spec, idx, folder, **options)
    return found, _read_verified(found, idx, spec)
# --8<-- [end:locate]


# --8<-- [start:fetch]
def fetch(
    spec: DatasetSpec = MNIST,
    data_dir=None,
    *,
    download: bool = True,
    retries: int = 3,
    timeout: float = 30.0,
    backoff: float = 1.0,
    progress=None,
) -> dict[str, Path]:
    """Make sure a data set's four files are present and verified; return their paths.

    ``spec``: ``MNIST`` or ``FASHION_MNIST``. Returns ``{"train_images": Path,
    "train_labels": ..., "test_images": ..., "test_labels": ...}``. Raises ``DataError``
    (saying which file, what is wrong and how to fix it) for a damaged file, or for a
    missing one when ``download`` is False or every mirror fails. ``progress``: show a
    progress bar (needs tqdm); by default only when stderr is a terminal.
    """
    options = dict(retries=retries, timeout=timeout, backoff=backoff, progress=progress)
    return {
        role: _locate(spec, role, data_dir, download, **options)[0]
        for role in spec.files
    }
# --8<-- [end:fetch]


# --8<-- [start:load]
def load_dataset(
    name, normalize=True, flatten=True, one_hot_label=False, *, data_dir=None,
    download=True,
):
    """The data set ``name`` (a key of ``DATASETS``): ``(x_train, t_train), (x_test,
    t_test)``, in the shapes ``load_mnist`` describes. Raises ``ValueError`` for an
    unknown name and ``DataError`` when the files cannot be had.
    """
    if name not in DATASETS:
        raise ValueError(
            f"unknown data set {name!r}; choose from {', '.join(DATASETS)}"
        )
    spec = DATASETS[name]
    arrays = {}
    for role in spec.files:
        path, data = _locate(
            spec,
            role,
            data_dir,
            download,
            retries=3,
            timeout=30.0,
            backoff=1.0,
            progress=None,
        )
        magic = IMAGE_MAGIC if role.endswith("images") else LABEL_MAGIC
        arrays[role] = _parse_idx(data, path, magic, spec)
    result = []
    for split in ("train", "test"):
        x, t = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if len(x) != len(t):
            raise DataError(f"{spec.name} {split}: {len(x)} images but {len(t)} labels")
        x = x.reshape(len(x), -1) if flatten else x.reshape(len(x), 1, 28, 28)
        x = x.astype(np.float32) / np.float32(255) if normalize else x.copy()
        t = np.eye(10, dtype=np.float32)[t] if one_hot_label else t.astype(np.int64)
        result.append((x, t))
    return tuple(result)
# --8<-- [end:load]


# --8<-- [start:load_mnist]
def load_mnist(
    normalize=True, flatten=True, one_hot_label=False, *, data_dir=None, download=True
):
    """MNIST handwritten digits: ``(x_train, t_train), (x_test, t_test)``.

    ``x``: ``(60000, 784)`` and ``(10000, 784)`` images, or ``(N, 1, 28, 28)`` with
    ``flatten=False``; float32 in [0, 1] with ``normalize=True``, else uint8 in [0,
    255].
    ``t``: int64 labels ``(N,)`` in 0-9, or float32 one-hot ``(N, 10)`` with
    ``one_hot_label=True``. Files: see the module docstring; raises ``DataError``.
    """
    return load_dataset("mnist", normalize, flatten, one_hot_label, data_dir=data_dir,
                        download=download)


# --8<-- [end:load_mnist]


# --8<-- [start:load_fashion_mnist]
def load_fashion_mnist(
    normalize=True, flatten=True, one_hot_label=False, *, data_dir=None, download=True
):
    """Fashion-MNIST (10 kinds of clothing), in exactly the shapes of ``load_mnist``.

    Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt,
    7 Sneaker, 8 Bag, 9 Ankle boot.
    """
    return load_dataset("fashion-mnist", normalize, flatten, one_hot_label,
                        data_dir=data_dir, download=download)


# --8<-- [end:load_fashion_mnist]


# --8<-- [start:FASHION_CLASSES]
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
# --8<-- [end:FASHION_CLASSES]
