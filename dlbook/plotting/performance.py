"""The "Performance" page's figure, drawn from benchmark results it is given.

``make bench`` measures (see ``benchmarks/run.py``) and writes the results to
``benchmarks/results.json`` in the repository; nothing here measures or reads anything.
``plot_performance(results)`` draws the dict it is handed: the site's figures hook loads
the file and passes it in (``dlbook.plotting.BENCHMARK_FIGURES``), so an installed
dlbook, which has no results file, can still draw results of its own.
"""

from __future__ import annotations

import numpy as np

from ._canvas import new_figure
from .language import say

__all__ = ["plot_performance"]


# --8<-- [start:plot_performance]
def plot_performance(results: dict, *, lang="en"):
    """Four panels: epoch times against PyTorch, the book's TwoLayerNet against
    dlbook's, inference speed by batch size, and memory against the data's size.

    ``results`` is the dict ``make bench`` writes to ``benchmarks/results.json``;
    ``lang`` is the language of the words, "en" or "ko". Returns the Figure."""
    fig, axes = new_figure(2, 2, height=6.4, lang=lang)
    (epoch, two), (infer, memory) = axes

    labels = [f"{'-'.join(map(str, row['sizes']))}\n{row['optimizer'].split('(')[0]}"
              for row in results["mlp"]]
    where = np.arange(len(labels))
    dl = [row["dlbook"]["cpu_s"] for row in results["mlp"]]
    torch = [row["torch"]["cpu_s"] if row["torch"] else 0 for row in results["mlp"]]
    epoch.bar(where - 0.2, dl, 0.4, label="dlbook")
    epoch.bar(where + 0.2, torch, 0.4, label="PyTorch", color="tab:gray")
    for x, row in zip(where, results["mlp"]):
        if row["ratio"]:
            epoch.annotate(f"×{row['ratio']:.2f}", (x, max(dl[x], torch[x])),
                           ha="center", va="bottom", fontsize=8)
    # ×: dlbook's time / PyTorch's
    epoch.set(xticks=where,
              ylabel=say(lang, "seconds per epoch (CPU)", "에폭당 초 (CPU)"),
              title=say(lang, "MNIST epoch, batch 100, float32",
                        "MNIST 에폭, 배치 크기 100, float32"))
    epoch.set_xticklabels(labels, fontsize=7)
    epoch.margins(y=0.15)
    epoch.legend(fontsize=8, loc="upper left")

    t = results["two_layer_net"]
    keys = ["book", "dlbook_float64", "dlbook_float32"]
    seconds = [t[k]["cpu_s"] for k in keys]
    names = [say(lang, "book style\nfloat64", "책의 방식\nfloat64"), "dlbook\nfloat64",
             "dlbook\nfloat32"]
    bars = two.bar(names, seconds, color=["tab:gray", "tab:blue", "tab:blue"])
    ratios = [1.0, t["ratio_float64"], t["ratio_float32"]]
    two.bar_label(bars, [f"×{r:.2f}" for r in ratios], fontsize=8)
    two.set(ylabel=say(lang, "seconds (CPU)", "초 (CPU)"),
            title=say(lang, f"TwoLayerNet, {t['iterations']:,} steps",
                      f"TwoLayerNet, {t['iterations']:,}걸음"))
    two.tick_params(axis="x", labelsize=7)
    two.margins(y=0.15)

    rows = results["inference"]
    batches = [row["batch"] for row in rows]
    infer.loglog(batches, [row["images_per_s"] for row in rows], "o-", label="dlbook")
    if all(row.get("torch") for row in rows):
        infer.loglog(batches, [10000 / row["torch"]["cpu_s"] for row in rows], "s--",
                     color="tab:gray", label="PyTorch")
    infer.set(xlabel=say(lang, "batch size", "배치 크기"),
              ylabel=say(lang, "test images per second (CPU)",
                         "초당 시험 이미지 수 (CPU)"),
              title=say(lang, "Inference, 10,000 test images",
                        "추론, 시험 이미지 10,000장"))
    ticks = [t for t in (1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6, 3e6)
             if infer.get_ylim()[0] <= t <= infer.get_ylim()[1]]
    infer.set_yticks(ticks, [f"{t / 1000:,.0f}k" for t in ticks])
    infer.yaxis.set_minor_formatter("")
    infer.legend(fontsize=8)

    m = results["memory"]
    names = [say(lang, "data\n(float32)", "데이터\n(float32)"),
             say(lang, "peak while\nloading", "읽는 동안\n최대"),
             say(lang, "peak while\ntraining", "학습하는 동안\n최대")]
    sizes = [m[k] for k in ("dataset_float32_mb", "peak_rss_loading_mb",
                            "peak_rss_training_mb")]
    bars = memory.bar(names, sizes, color=["tab:gray", "tab:blue", "tab:blue"])
    memory.bar_label(bars, [f"{s:.0f} MiB" for s in sizes], fontsize=8)
    memory.set(ylabel="MiB", title=say(lang, "Memory of a training run",
                                       "학습 한 번에 쓰는 메모리"))
    memory.tick_params(axis="x", labelsize=7)
    memory.margins(y=0.15)

    machine = results["machine"]
    threads = results["threads"]
    fig.suptitle(f"{results['date']}, {machine['cpu']}, "
                 + say(lang, f"{threads} thread", f"스레드 {threads}개"), fontsize=9)
    return fig
# --8<-- [end:plot_performance]
