"""Peak memory of loading MNIST and of a training run, measured in a fresh process.

``python -m benchmarks.memory`` prints one JSON object. Linux only: the peak resident
set size ("VmHWM" in ``/proc/self/status``) is read after loading the data, reset
(``/proc/self/clear_refs``), and read again after two epochs of 784-100-10 training
with Adam, so the second peak is the training run's alone (data included, since it
stays resident). ``tracemalloc`` counts what NumPy allocates during training beyond
the data.
"""

from __future__ import annotations

import json
import os
import re
import time
import tracemalloc
from pathlib import Path

MB = 2**20  # a mebibyte (MiB): the report and the figure say MiB


def status_mb(field):
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1)) * 1024 / MB


def reset_peak():
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS


def main():
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import numpy as np

    from dlbook import Adam, MultiLayerNet, load_mnist, train

    baseline = status_mb("VmRSS")
    (x, t), (x_test, t_test) = load_mnist()
    data_mb = sum(a.nbytes for a in (x, t, x_test, t_test)) / MB
    load_peak = status_mb("VmHWM")
    after_load = status_mb("VmRSS")

    reset_peak()
    net = MultiLayerNet(784, [100], 10, seed=0, dtype=np.float32)
    tracemalloc.start()
    start = time.process_time()
    train(net, Adam(), x, t, epochs=2, x_test=x_test, t_test=t_test, progress=False)
    seconds = time.process_time() - start
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({
        "dataset_float32_mb": (x.nbytes + x_test.nbytes) / MB,
        "arrays_mb": data_mb,
        "baseline_rss_mb": baseline,
        "rss_after_load_mb": after_load,
        "peak_rss_loading_mb": load_peak,
        "peak_rss_training_mb": status_mb("VmHWM"),
        "training_allocations_peak_mb": traced_peak / MB,
        "training": "784-100-10 float32, Adam, 2 epochs, batch 100, with evaluation",
        "training_cpu_s_with_tracemalloc": seconds,
    }))


if __name__ == "__main__":
    main()
