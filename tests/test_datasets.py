"""Data sets: spirals, and the IDX loader / downloader against a local HTTP server.

The downloader is tested for real: each test starts an HTTP server on 127.0.0.1 that serves
small generated IDX files (and, on some paths, missing, damaged or flaky ones). Nothing here
touches the internet. The real MNIST files are only read when DLBOOK_DATA points at them.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from dlbook import datasets
from dlbook.datasets import (
    DataError,
    DatasetSpec,
    IdxFile,
    fetch,
    load_fashion_mnist,
    load_mnist,
    make_spirals,
    shuffle_dataset,
    split_validation,
)


def one_error(exc) -> bool:
    """True if ``exc`` prints as one traceback: no "During handling of the above
    exception, another exception occurred" or "... was the direct cause of ...".
    """
    return exc.__cause__ is None and (exc.__suppress_context__ or exc.__context__ is None)


# ---------------------------------------------------------------- spirals


def test_spirals_shapes_and_labels():
    x, t = make_spirals(50, 4, seed=1)
    assert x.shape == (200, 2) and t.shape == (200,)
    assert np.array_equal(np.bincount(t), [50, 50, 50, 50])
    assert np.all(np.hypot(x[:, 0], x[:, 1]) <= 1 + 1e-12)


def test_spirals_are_reproducible_and_seed_dependent():
    a, _ = make_spirals(seed=3)
    b, _ = make_spirals(seed=3)
    c, _ = make_spirals(seed=4)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_spirals_in_float32():
    x, _ = make_spirals(10, 2, dtype=np.float32)
    assert x.dtype == np.float32


# ---------------------------------------------------------------- tiny IDX files


def idx_bytes(array: np.ndarray, magic: int) -> bytes:
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def make_tiny_dataset(n_train=6, n_test=4, seed=0):
    """IDX contents for a 'tiny' data set of 28x28 images; returns (files, arrays)."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, (n_train, 28, 28)),
        "train_labels": rng.integers(0, 10, n_train),
        "test_images": rng.integers(0, 256, (n_test, 28, 28)),
        "test_labels": rng.integers(0, 10, n_test),
    }
    names = {
        "train_images": "train-images-idx3-ubyte.gz",
        "train_labels": "train-labels-idx1-ubyte.gz",
        "test_images": "t10k-images-idx3-ubyte.gz",
        "test_labels": "t10k-labels-idx1-ubyte.gz",
    }
    raw = {
        role: idx_bytes(a, 2051 if role.endswith("images") else 2049)
        for role, a in arrays.items()
    }
    files = {role: (names[role], raw[role]) for role in arrays}
    return files, arrays


TINY_FILES, TINY_ARRAYS = make_tiny_dataset()


def spec_for(mirrors, files=TINY_FILES, name="mnist"):
    return DatasetSpec(
        name=name,
        mirrors=tuple(mirrors),
        files={
            role: IdxFile(fname, hashlib.sha256(raw).hexdigest())
            for role, (fname, raw) in files.items()
        },
    )


class Server:
    """An HTTP server on 127.0.0.1 with a few kinds of mirror, counting requests.

    /good/<file>      the right gzip file
    /missing/<file>   404
    /corrupt/<file>   a valid gzip of the wrong bytes
    /truncated/<file> the first half of the right gzip file
    /flaky/<file>     500 on the first request for each file, then the right file
    /cut/<file>       a chunked response that stops halfway: the connection just closes
    /slow/<file>      the first half of the right file, then nothing until the server closes
    """

    def __init__(self, files):
        self.payload = {name: gzip.compress(raw, mtime=0) for name, raw in files.values()}
        self.requests: list[str] = []
        self.seen_flaky: set[str] = set()
        self.closing = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                server.requests.append(self.path)
                _, kind, name = self.path.split("/", 2)
                body = server.payload.get(name)
                if body is None or kind == "missing":
                    return self.send_error(404)
                if kind == "corrupt":
                    body = gzip.compress(b"not the file you want")
                elif kind == "truncated":
                    body = body[: len(body) // 2]
                elif kind == "flaky" and name not in server.seen_flaky:
                    server.seen_flaky.add(name)
                    return self.send_error(500)
                elif kind == "cut":
                    return self.send_cut(body)
                elif kind == "slow":
                    return self.send_slowly(body)
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def send_cut(self, body):
                """Chunked transfer encoding: one chunk of half the body, then close."""
                self.protocol_version = "HTTP/1.1"
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                half = body[: len(body) // 2]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))
                self.close_connection = True  # no final 0-length chunk: the read is cut

            def send_slowly(self, body):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                except OSError:
                    return
                server.closing.wait(60)  # the client is killed meanwhile

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self):
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server(TINY_FILES)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path, monkeypatch):
    """No DLBOOK_DATA and an empty cache, unless a test sets them."""
    monkeypatch.delenv("DLBOOK_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(datasets.sys, "platform", "linux")


def leftovers(folder: Path):
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def fast(**kw):
    return dict(retries=2, timeout=5.0, backoff=0.0, progress=False, **kw)


def test_download_falls_back_to_the_next_mirror_and_caches(server, tmp_path):
    spec = spec_for([server.base + "missing/", server.base + "good/"])
    paths = fetch(spec, **fast())
    cache = tmp_path / "cache" / "dlbook" / "mnist"
    assert {p.parent for p in paths.values()} == {cache}
    assert leftovers(cache) == sorted(name for name, _ in TINY_FILES.values())
    n_requests = len(server.requests)
    fetch(spec, **fast())  # second time: served from the cache
    assert len(server.requests) == n_requests


def test_load_mnist_reads_downloaded_files_in_the_books_shapes(server, monkeypatch):
    monkeypatch.setattr(datasets, "MNIST", spec_for([server.base + "good/"]))
    monkeypatch.setitem(datasets.DATASETS, "mnist", datasets.MNIST)
    (x, t), (x_test, t_test) = load_mnist()
    assert x.shape == (6, 784) and x.dtype == np.float32
    assert x.min() >= 0 and x.max() <= 1
    assert np.array_equal(x * 255, TINY_ARRAYS["train_images"].reshape(6, 784))
    assert np.array_equal(t, TINY_ARRAYS["train_labels"]) and t.dtype == np.int64
    assert x_test.shape == (4, 784) and t_test.shape == (4,)

    (x, t), _ = load_mnist(normalize=False, flatten=False, one_hot_label=True)
    assert x.shape == (6, 1, 28, 28) and x.dtype == np.uint8
    assert t.shape == (6, 10) and np.array_equal(t.argmax(axis=1), TINY_ARRAYS["train_labels"])


def test_retries_a_flaky_mirror(server, tmp_path):
    spec = spec_for([server.base + "flaky/"])
    fetch(spec, data_dir=tmp_path / "data", **fast())
    assert len(server.requests) == 8  # each of the 4 files: one 500, then the file


def test_a_wrong_download_never_stays_in_the_cache(server, tmp_path):
    spec = spec_for([server.base + "corrupt/", server.base + "truncated/"])
    with pytest.raises(DataError) as error:
        fetch(spec, data_dir=tmp_path / "data", **fast())
    message = str(error.value)
    assert "train-images-idx3-ubyte.gz" in message
    assert "wrong contents" in message and "not a complete gzip file" in message
    assert "DLBOOK_DATA" in message
    assert leftovers(tmp_path / "data") == []


def test_no_network_gives_one_clear_error(tmp_path, monkeypatch):
    closed = Server(TINY_FILES)
    base = closed.base
    closed.close()  # nothing listens there any more
    monkeypatch.setattr(datasets, "MNIST", spec_for([base + "good/"]))
    monkeypatch.setitem(datasets.DATASETS, "mnist", datasets.MNIST)
    pauses = []
    monkeypatch.setattr(datasets.time, "sleep", pauses.append)
    with pytest.raises(DataError, match="could not download mnist file") as error:
        load_mnist()
    assert "python -m dlbook download mnist" in str(error.value)
    assert "attempt 3" in str(error.value) and pauses == [1.0, 2.0]  # retried, backing off
    assert leftovers(tmp_path / "cache") == []


def test_download_false_reports_the_missing_file(tmp_path):
    with pytest.raises(DataError, match="train-images-idx3-ubyte.gz not found.*DLBOOK_DATA"):
        load_mnist(download=False)


def write_files(folder: Path, files=TINY_FILES, damage=None):
    folder.mkdir(parents=True, exist_ok=True)
    for role, (name, raw) in files.items():
        body = gzip.compress(raw)
        if damage and role in damage:
            body = damage[role](body)
        (folder / name).write_bytes(body)


def test_looks_in_data_dir_then_dlbook_data_then_cache(tmp_path, monkeypatch):
    other_files, other_arrays = make_tiny_dataset(seed=1)
    spec = spec_for([], files=TINY_FILES)
    write_files(tmp_path / "env" / "mnist")
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path / "env"))
    assert fetch(spec)["train_images"].parent == tmp_path / "env" / "mnist"
    write_files(tmp_path / "mine")  # files directly in the folder work too
    assert fetch(spec, data_dir=tmp_path / "mine")["train_images"].parent == tmp_path / "mine"


def test_truncated_local_file_names_the_file_and_the_fix(tmp_path):
    write_files(tmp_path / "data" / "mnist", damage={"test_labels": lambda b: b[:10]})
    spec = spec_for([])
    with pytest.raises(DataError, match=r"t10k-labels-idx1-ubyte\.gz: not a complete gzip"):
        fetch(spec, data_dir=tmp_path / "data", download=False)


def test_wrong_checksum_local_file(tmp_path):
    other_files, _ = make_tiny_dataset(seed=5)
    write_files(tmp_path / "data" / "mnist", files=other_files)
    with pytest.raises(DataError, match="wrong contents.*expected"):
        fetch(spec_for([]), data_dir=tmp_path / "data", download=False)


def test_wrong_magic_number_is_reported(tmp_path, monkeypatch):
    files = dict(TINY_FILES)
    name, raw = files["test_labels"]
    files["test_labels"] = (name, (2051).to_bytes(4, "big") + raw[4:])  # image magic
    write_files(tmp_path / "data" / "mnist", files=files)
    monkeypatch.setattr(datasets, "MNIST", spec_for([], files=files))
    monkeypatch.setitem(datasets.DATASETS, "mnist", datasets.MNIST)
    with pytest.raises(DataError, match="wrong magic number 2051 .expected 2049"):
        load_mnist(data_dir=tmp_path / "data", download=False)


def test_progress_bar_is_drawn_only_when_asked(server, tmp_path, capsys):
    pytest.importorskip("tqdm")
    fetch(spec_for([server.base + "good/"]), data_dir=tmp_path / "a", **fast())
    assert capsys.readouterr().err == ""
    fetch(spec_for([server.base + "good/"]), data_dir=tmp_path / "b",
          retries=1, timeout=5.0, backoff=0.0, progress=True)
    assert "train-images-idx3-ubyte.gz" in capsys.readouterr().err


# ---------------------------------------------------------------- the real files

REAL = os.environ.get("DLBOOK_DATA")
needs_real_data = pytest.mark.skipif(
    not (REAL and Path(REAL, "mnist").is_dir()),
    reason="set DLBOOK_DATA to a folder holding mnist/ and fashion-mnist/ to read the real files",
)


@needs_real_data
def test_real_mnist_has_the_books_shapes_and_first_label(monkeypatch):
    monkeypatch.setenv("DLBOOK_DATA", REAL)
    (x, t), (x_test, t_test) = load_mnist(download=False)
    assert x.shape == (60000, 784) and x_test.shape == (10000, 784)
    assert t.shape == (60000,) and t_test.shape == (10000,)
    assert t[0] == 5
    assert x.dtype == np.float32 and 0 <= x.min() and x.max() == 1


@needs_real_data
def test_real_fashion_mnist_loads(monkeypatch):
    monkeypatch.setenv("DLBOOK_DATA", REAL)
    (x, t), (x_test, t_test) = load_fashion_mnist(flatten=False, download=False)
    assert x.shape == (60000, 1, 28, 28) and x_test.shape == (10000, 1, 28, 28)
    assert np.array_equal(np.bincount(t), [6000] * 10)


def test_fashion_classes_are_the_ten_labels_in_order():
    assert len(datasets.FASHION_CLASSES) == 10
    assert datasets.FASHION_CLASSES[0] == "T-shirt/top"
    assert datasets.FASHION_CLASSES[9] == "Ankle boot"


# ---------------------------------------------------------------- a learner's mistakes


def test_a_download_cut_halfway_tries_the_next_mirror(server, tmp_path):
    # http.client raises IncompleteRead, which is no OSError: it used to escape raw.
    spec = spec_for([server.base + "cut/", server.base + "good/"])
    paths = fetch(spec, data_dir=tmp_path / "data", **fast())
    assert {p.parent for p in paths.values()} == {tmp_path / "data" / "mnist"}
    assert any(r.startswith("/cut/") for r in server.requests)
    assert leftovers(tmp_path / "data") == sorted(name for name, _ in TINY_FILES.values())


def test_a_download_cut_halfway_everywhere_is_one_clear_error(server, tmp_path):
    spec = spec_for([server.base + "cut/"])
    with pytest.raises(DataError, match=r"(?s)every mirror failed.*cut/train-images.*IncompleteRead"):
        fetch(spec, data_dir=tmp_path / "data", **fast())
    assert leftovers(tmp_path / "data") == []


def test_a_data_dir_that_is_a_file_is_a_clear_error(server, tmp_path):
    not_a_folder = tmp_path / "data.txt"
    not_a_folder.write_text("my notes")
    spec = spec_for([server.base + "good/"])
    for download in (True, False):
        with pytest.raises(DataError, match=r"data\.txt is a file, not a folder"):
            fetch(spec, data_dir=not_a_folder, **fast(download=download))
    assert not_a_folder.read_text() == "my notes"


def test_dlbook_data_that_is_a_file_is_a_clear_error(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "data.txt"
    not_a_folder.write_text("my notes")
    monkeypatch.setenv("DLBOOK_DATA", str(not_a_folder))
    with pytest.raises(DataError, match=r"DLBOOK_DATA.*data\.txt is a file, not a folder"):
        load_mnist(download=False)


def test_a_folder_that_cannot_be_made_is_a_clear_error(server, tmp_path):
    (tmp_path / "data.txt").write_text("my notes")
    spec = spec_for([server.base + "good/"])
    with pytest.raises(DataError, match=r"cannot make the folder .*data\.txt/sub/mnist"):
        fetch(spec, data_dir=tmp_path / "data.txt" / "sub", **fast())


def test_an_unreadable_file_is_not_called_damaged(tmp_path, monkeypatch):
    write_files(tmp_path / "data" / "mnist")
    read_bytes = Path.read_bytes

    def denied(path):
        if path.name == "train-images-idx3-ubyte.gz":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(DataError) as error:
        fetch(spec_for([]), data_dir=tmp_path / "data", download=False)
    message = str(error.value)
    assert "cannot read" in message and "Permission denied" in message
    assert "truncated" not in message and "Delete it" not in message


def test_a_truncated_file_is_one_error_with_its_cause_in_the_message(tmp_path):
    write_files(tmp_path / "data" / "mnist", damage={"test_labels": lambda b: b[:10]})
    with pytest.raises(DataError) as error:
        fetch(spec_for([]), data_dir=tmp_path / "data", download=False)
    # No "The above exception was the direct cause of ...": one traceback, one message.
    assert one_error(error.value)
    assert "not a complete gzip file (" in str(error.value)


KILLED_DOWNLOAD = """
import sys
from dlbook import datasets
spec = datasets.DatasetSpec("mnist", (sys.argv[1],), {
    "train_images": datasets.IdxFile("train-images-idx3-ubyte.gz", "0" * 64)})
datasets.fetch(spec, data_dir=sys.argv[2], retries=1, timeout=60.0, backoff=0.0,
               progress=False)
"""


def test_a_download_killed_by_sigterm_leaves_no_part_file(server, tmp_path):
    if os.name != "posix":
        pytest.skip("needs POSIX signals")
    folder = tmp_path / "data"
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_DOWNLOAD, server.base + "slow/", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not server.requests:  # wait until the download is under way
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the download never started"
            time.sleep(0.02)
        time.sleep(0.2)  # the first half of the file is on its way into the .part file
        assert list(folder.rglob("*.part")), "no .part file to clean up"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == -signal.SIGTERM, err  # killed by it, as without dlbook
    assert "Traceback" not in err
    assert leftovers(folder) == []


# ---------------------------------------------------------------- validation split


def numbered(n=100):
    """Samples that say who they are: row i of x is (i, -i), t[i] is i."""
    i = np.arange(n)
    return np.column_stack([i, -i]).astype(np.float64), i


def test_split_validation_is_reproducible_disjoint_and_complete():
    x, t = numbered(100)
    (x_train, t_train), (x_val, t_val) = split_validation(x, t, 0.2, seed=3)
    assert len(t_train) == 80 and len(t_val) == 20
    assert set(t_train).isdisjoint(t_val)
    assert sorted([*t_train, *t_val]) == list(range(100))
    assert np.array_equal(x_train[:, 0], t_train) and np.array_equal(x_val[:, 0], t_val)
    (_, again), (_, again_val) = split_validation(x, t, 0.2, seed=3)
    assert np.array_equal(again, t_train) and np.array_equal(again_val, t_val)
    (_, other), _ = split_validation(x, t, 0.2, seed=4)
    assert not np.array_equal(other, t_train)


def test_split_validation_rounds_the_size_of_the_validation_set():
    # int(100 * 0.29) would be 28: the product is 28.999999999999996.
    x, t = numbered(100)
    _, (x_val, _) = split_validation(x, t, 0.29)
    assert len(x_val) == 29


def test_split_validation_keeps_one_hot_targets_with_their_samples():
    x, labels = numbered(30)
    t = np.eye(30)[labels]  # one-hot, one class per sample
    (x_train, t_train), (x_val, t_val) = split_validation(x, t, 0.5)
    assert t_train.shape == (15, 30) and t_val.shape == (15, 30)
    assert np.array_equal(t_val.argmax(axis=1), x_val[:, 0])
    assert np.array_equal(t_train.argmax(axis=1), x_train[:, 0])


def test_split_validation_takes_images_of_any_shape():
    x = np.random.default_rng(0).random((10, 1, 28, 28)).astype(np.float32)
    (x_train, _), (x_val, _) = split_validation(x, np.arange(10), 0.3)
    assert x_train.shape == (7, 1, 28, 28) and x_val.shape == (3, 1, 28, 28)
    assert x_train.dtype == np.float32


def test_split_validation_leaves_the_callers_arrays_as_they_were():
    x, t = numbered(50)
    x_before, t_before = x.copy(), t.copy()
    (x_train, t_train), (x_val, t_val) = split_validation(x, t)
    assert np.array_equal(x, x_before) and np.array_equal(t, t_before)  # not reordered
    x_train[...] = 0  # the parts are new arrays: changing them changes nothing else
    t_val[...] = 0
    assert np.array_equal(x, x_before) and np.array_equal(t, t_before)


@pytest.mark.parametrize("rate", [0, 1, 0.0, 1.0, -0.1, 1.5, float("nan"), True, "0.2"])
def test_split_validation_refuses_a_rate_outside_0_and_1(rate):
    x, t = numbered(10)
    with pytest.raises(ValueError, match="validation_rate must be a number between 0 "
                                         rf"and 1 .*got {re.escape(repr(rate))}"):
        split_validation(x, t, rate)


@pytest.mark.parametrize(
    ("rate", "message"),
    [(0.1, "gives 0 for validation and 3 for training"),
     (0.9, "gives 3 for validation and 0 for training")],
)
def test_split_validation_refuses_a_split_that_leaves_a_side_empty(rate, message):
    x, t = numbered(3)
    with pytest.raises(ValueError, match=message):
        split_validation(x, t, rate)


def test_split_validation_refuses_samples_and_targets_of_different_lengths():
    x, t = numbered(10)
    with pytest.raises(ValueError, match=r"x of shape \(10, 2\) and t of shape \(9,\)"):
        split_validation(x, t[:9])


def test_shuffle_dataset_moves_samples_and_targets_together():
    x, t = numbered(20)
    x_shuffled, t_shuffled = shuffle_dataset(x, t, seed=0)
    assert np.array_equal(x_shuffled[:, 0], t_shuffled)
    assert sorted(t_shuffled) == list(range(20)) and not np.array_equal(t_shuffled, t)
    assert np.array_equal(t, np.arange(20))  # the caller's order is kept
    assert np.array_equal(shuffle_dataset(x, t, seed=0)[1], t_shuffled)


def test_shuffle_dataset_without_a_seed_draws_a_fresh_order():
    x, t = numbered(50)
    orders = {tuple(shuffle_dataset(x, t)[1]) for _ in range(3)}
    assert len(orders) > 1


def test_shuffle_dataset_refuses_samples_and_targets_of_different_lengths():
    x, t = numbered(4)
    with pytest.raises(ValueError, match="shuffle_dataset: .*as many samples"):
        shuffle_dataset(x, t[:3])
