"""The benchmark results as the "Performance" page prints them (not part of the package).

``make bench`` (``benchmarks/run.py``) measures and writes ``benchmarks/results.json``;
``load_results`` reads it and ``report`` turns it into the page's plain-text tables
(``make bench`` prints the same ones and rewrites the page's outputs from them). The
figure is drawn by ``dlbook.plotting.performance.plot_performance`` from the same dict.
"""

from __future__ import annotations

import json
from pathlib import Path

# The file ``make bench`` writes, beside this module.
RESULTS = Path(__file__).resolve().parent / "results.json"


# --8<-- [start:load_results]
def load_results(path=None) -> dict:
    """The benchmark results as a dict (``benchmarks/results.json`` by default)."""
    path = RESULTS if path is None else Path(path)
    return json.loads(path.read_text(encoding="utf-8"))
# --8<-- [end:load_results]


# --8<-- [start:report]
# The targets of issue 14 for the book's CNN: a ratio of the ``cnn`` section, how it is
# bounded, and what it is called in the tables. ``benchmarks.run.targets`` reads them.
CNN_TARGETS = {
    "step_dlbook_pytorch": ("<=", 0.6, "CNN training step, dlbook / PyTorch"),
    "step_book_dlbook": (">=", 10, "CNN training step, book / dlbook"),
    "inference_dlbook_pytorch": ("<=", 0.5, "CNN inference, dlbook / PyTorch"),
}


def met(measured, op, bound) -> bool:
    """Whether ``measured`` keeps the bound: ``op`` is "<=" or ">="."""
    return bool(measured <= bound if op == "<=" else measured >= bound)


def report(results: dict, section: str | None = None) -> str:
    """The results as plain-text tables: one ``section`` or, by default, all of them.

    Sections: ``machine``, ``mlp``, ``two_layer_net``, ``gradient``, ``inference``,
    ``memory``, ``recipes``, ``cli``, ``regularization``, ``cnn``, ``targets``. Times
    are CPU seconds unless marked "wall".
    """
    sections = {
        "machine": _machine,
        "mlp": _mlp,
        "two_layer_net": _two_layer_net,
        "gradient": _gradient,
        "inference": _inference,
        "memory": _memory,
        "recipes": _recipes,
        "cli": _cli,
        "regularization": _regularization,
        "cnn": _cnn,
        "targets": _targets,
    }
    if section is not None:
        return sections[section](results)
    return "\n\n".join(write(results) for write in sections.values())


def _table(rows, left=1):
    """Rows of cells as aligned columns: the first ``left`` ones left, others right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i < left else cell.rjust(w)
                  for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
        for row in rows
    )


def _name(row):
    return "-".join(map(str, row["sizes"])) + " " + row["optimizer"].split("(")[0]


def _machine(r):
    m, s, blas = r["machine"], r["software"], r["blas"]
    libraries = ", ".join(
        f"{lib['internal_api']} {lib['version']} ({lib['architecture']} kernels)"
        for lib in blas["threadpoolctl"]
    ) or blas["numpy"]
    torch = f"PyTorch {s['torch']} with {blas['torch']['blas']}" if s["torch"] else (
        "no PyTorch")
    return (
        f"{r['date']}: {m['cpu']}, {m['cores']} cores, load average "
        f"{m['load_average_start'][0]:.1f} at the start\n"
        f"NumPy {s['numpy']} with {libraries}\n"
        f"{torch}; Python {s['python']}\n"
        f"{r['threads']} thread each; medians of {r['repetitions']} runs; CPU time"
    )


def _mlp(r):
    rows = [["network, optimizer", "dlbook", "PyTorch", "ratio", "6NP GFLOP/s",
             "matmul", "fraction"]]
    for row in r["mlp"]:
        torch = row["torch"] is not None
        rows.append([
            _name(row),
            f"{row['dlbook']['cpu_s']:.3f} s",
            f"{row['torch']['cpu_s']:.3f} s" if torch else "n/a",
            f"{row['ratio']:.2f}" if torch else "n/a",
            f"{row['rate']['nominal_gflops']:.1f}",
            f"{row['matmul']['gflops']:.1f}",
            f"{row['rate']['fraction']:.2f}",
        ])
    accuracy = [["network, optimizer", "epochs", "test acc dlbook", "PyTorch",
                 "done fraction"]]
    for row in r["mlp"]:
        accuracy.append([
            _name(row),
            str(row["epochs_trained"]),
            f"{row['dlbook_test_acc']:.4f}",
            f"{row['torch_test_acc']:.4f}" if row["torch"] else "n/a",
            f"{row['rate']['done_fraction']:.2f}",
        ])
    return _table(rows) + "\n" + _table(accuracy)


def _two_layer_net(r):
    two = r["two_layer_net"]
    rows = [[f"{two['iterations']:,} iterations", "time", "ratio", "test acc"]]
    ratios = {"book": 1.0, "dlbook_float64": two["ratio_float64"],
              "dlbook_float32": two["ratio_float32"]}
    labels = {"book": "book style, float64", "dlbook_float64": "dlbook, float64",
              "dlbook_float32": "dlbook, float32"}
    for key, label in labels.items():
        rows.append([label, f"{two[key]['cpu_s']:.2f} s", f"{ratios[key]:.2f}",
                     f"{two['test_acc'][key]:.4f}"])
    return (
        f"TwoLayerNet {'-'.join(map(str, two['sizes']))}, batch 100, SGD\n"
        + _table(rows)
        + "\nlargest difference of a weight, book style and dlbook float64: "
        + f"{two['max_weight_difference']:.0e}"
    )


def _gradient(r):
    g = r["gradient"]
    return (
        f"TwoLayerNet {'-'.join(map(str, g['sizes']))}, {g['params']:,} parameters, "
        f"batch of {g['batch']}, float64\n"
        + _table([
            ["numerical gradient", f"{g['numerical']['cpu_s']:.2f} s"],
            ["backpropagation", f"{g['backprop']['cpu_s'] * 1e3:.2f} ms"],
            ["speed-up", f"{g['speedup']:,.0f} x"],
        ])
    )


def _inference(r):
    rows = [["batch", "dlbook", "images/s", "PyTorch", "images/s"]]
    for row in r["inference"]:
        torch = row.get("torch")
        rows.append([
            str(row["batch"]),
            f"{row['dlbook']['cpu_s']:.3f} s",
            f"{row['images_per_s']:,.0f}",
            f"{torch['cpu_s']:.3f} s" if torch else "n/a",
            f"{10_000 / torch['cpu_s']:,.0f}" if torch else "n/a",
        ])
    return "10,000 test images, 784-100-10, float32\n" + _table(rows, left=0)


def _memory(r):
    m = r["memory"]
    return _table([
        ["MNIST as float32 arrays", f"{m['dataset_float32_mb']:.0f} MiB"],
        ["Python, NumPy and dlbook", f"{m['baseline_rss_mb']:.0f} MiB"],
        ["peak while loading", f"{m['peak_rss_loading_mb']:.0f} MiB"],
        ["peak while training", f"{m['peak_rss_training_mb']:.0f} MiB"],
        ["training's own arrays", f"{m['training_allocations_peak_mb']:.1f} MiB"],
    ])


def _recipes(r):
    search = r.get("recipes")
    if not search:
        return "choosing the recipes: not measured"
    lines = [f"chosen on validation: {search['n_train']:,} training images, "
             f"{search['n_val']:,} for validation (seed {search['seed']}); no test"]
    for name, recipe in search["recipes"].items():
        sizes = "-".join(map(str, [784, *recipe["hidden"], 10]))
        n = max(len(trial["val_acc"]) for trial in recipe["trials"])
        lines.append(f"{name}: {sizes}, Adam, batch 100; validation accuracy after "
                     "epoch")
        rows = [["lr", "decay", *map(str, range(1, n + 1))]]
        chosen = recipe["chosen"]
        for trial in recipe["trials"]:
            cells = [f"{a:.4f}" for a in trial["val_acc"]]
            if (trial["lr"], trial["lr_decay"]) == (chosen["lr"], chosen["lr_decay"]):
                cells[chosen["epochs"] - 1] += "*"
            rows.append([f"{trial['lr']:g}", f"{trial['lr_decay']:g}", *cells])
        lines.append(_table(rows, left=2))
        lines.append(f"best {chosen['best_val_acc']:.4f}, one standard error "
                     f"{chosen['standard_error']:.4f}; fewest epochs within it (*): lr "
                     f"{chosen['lr']:g}, decay {chosen['lr_decay']:g}, "
                     f"{chosen['epochs']} epochs")
    return "\n".join(lines)


def _cli(r):
    if not r["cli"]:
        return "command line: not measured"
    lines = []
    for run in r["cli"].values():
        lines.append(run["command"].strip())
        last = run["epochs"][-1].split("val acc ")  # "epoch   5  loss ... val acc 0.98 ..."
        checked = (f"validation {float(last[1].split()[0]):.4f}, " if len(last) == 2
                   else "no validation, ")
        lines.append(f"    {len(run['epochs'])} epochs: {checked}test {run['test_acc']:.4f}, "
                     f"{run['training_wall_s']:.1f} s of training (wall)")
    return "\n".join(lines)


def _regularization(r):
    reg = r.get("regularization")
    if not reg:
        return "dropout and batch normalization: not measured"
    labels = {"plain": "no dropout, no batch norm", "dropout": "dropout",
              "batchnorm": "batch normalization", "both": "both"}
    rows = [["per training step", "time", "ratio"]]
    for name, variant in reg["variants"].items():
        rows.append([labels.get(name, name), f"{variant['step_ms']:.2f} ms",
                     f"{variant['ratio']:.2f}"])
    return (
        f"{'-'.join(map(str, reg['sizes']))}, {reg['dtype']}, batch {reg['batch']}, "
        f"{reg['optimizer'].split('(')[0]}, dropout ratio {reg['dropout_ratio']}\n"
        + _table(rows)
    )


def _cnn(r):
    cnn = r.get("cnn")
    if not cnn:
        return "the book's CNN: not measured"
    labels = {"dlbook": "dlbook", "dlbook plain": "dlbook, im2col layers",
              "pytorch": "PyTorch", "book": "the book's code"}
    rows = [["SimpleConvNet", "dtype", "training step",
             f"inference, {cnn['inference_images']:,} images"]]
    for name, ms in cnn["step_ms"].items():
        seconds = cnn["inference_s"].get(name)
        rows.append([labels.get(name, name), cnn["dtypes"][name], f"{ms:.1f} ms",
                     f"{seconds:.2f} s" if seconds is not None else "not timed"])
    lines = [f"batch {cnn['batch']}, {cnn['optimizer'].split('(')[0]}; medians of "
             f"{cnn['rounds']} rounds (inference {cnn['inference_rounds']}), turns "
             "rotating", _table(rows)]
    parts = cnn.get("parts")
    if parts:
        ms, rate = parts["ms"], parts["gflops"]
        lines.append(
            f"dlbook's step, part by part: the filters' products (K = {parts['K']}) "
            f"{ms['conv_products']:.1f} ms ({rate['conv_products']:.0f} GFLOP/s), the "
            f"Affine products {ms['affine_products']:.1f} ms "
            f"({rate['affine_products']:.0f} GFLOP/s), Adam's update of "
            f"{parts['params']:,} parameters {ms['adam_update']:.1f} ms")
    for key, (op, bound, label) in CNN_TARGETS.items():
        ratio = cnn["ratio"].get(key)
        if ratio is None:
            lines.append(f"{label}: not measured")
        else:
            verdict = "met" if met(ratio, op, bound) else "missed"
            lines.append(f"{label}: {ratio:.2f} (target {op} {bound}: {verdict})")
    return "\n".join(lines)


def _targets(r):
    rows = [["target", "measured", "bound", "met"]]
    for t in r["targets"]:
        rows.append([t["target"], f"{t['measured']:.4g}", t["bound"],
                     "yes" if t["met"] else "NO"])
    missed = [f"NO, {t['target']}: {t['limit']}"
              for t in r["targets"] if not t["met"]]
    return "\n".join([_table(rows), *missed])
# --8<-- [end:report]
