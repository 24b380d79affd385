"""MkDocs hook: draw every figure of the book at build time.

Each entry of ``dlbook.plotting.FIGURES`` is drawn with matplotlib's Agg canvas, in memory, and
added to the site as ``figures/<name>.png``; each entry of ``BENCHMARK_FIGURES`` likewise,
from the benchmark results of ``benchmarks/results.json`` (what ``make bench`` wrote), which
this hook loads and passes in. Nothing is written into ``docs/`` and no image is committed;
``mkdocs build --strict`` fails if a chapter links a figure that does not exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# MkDocs loads a hook by its path: make the repository's packages importable.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.report import load_results  # noqa: E402
from hooks import editions  # noqa: E402
from dlbook.plotting import BENCHMARK_FIGURES, FIGURES, render_png  # noqa: E402


def drawings():
    """``(name, draw)`` for every figure, each ``draw`` a function of no arguments."""
    yield from FIGURES.items()
    results = load_results()
    for name, draw in BENCHMARK_FIGURES.items():
        yield name, lambda draw=draw: draw(results)


# Each edition is built in the same process: the figures are drawn once.
_DRAWN: dict[str, bytes] = {}


@event_priority(editions.LATE)  # after mkdocs-static-i18n sorted the pages by language
def on_files(files: Files, config) -> Files:
    if not _DRAWN:
        _DRAWN.update((name, render_png(draw())) for name, draw in drawings())
    for name, png in _DRAWN.items():
        made = File.generated(config, f"figures/{name}.png", content=png)
        files.append(editions.place(made, config))
    return files
