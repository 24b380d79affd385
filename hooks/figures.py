"""MkDocs hook: draw every figure of the book at build time.

Each entry of ``dlbook.plotting.FIGURES`` is drawn with matplotlib's Agg canvas, in memory, and
added to the site as ``figures/<name>.png``. Nothing is written into ``docs/`` and no image is
committed; ``mkdocs build --strict`` fails if a chapter links a figure that does not exist.
"""

from __future__ import annotations

from mkdocs.structure.files import File, Files

from dlbook.plotting import FIGURES, render_png


def on_files(files: Files, config) -> Files:
    for name, draw in FIGURES.items():
        png = render_png(draw())
        files.append(File.generated(config, f"figures/{name}.png", content=png))
    return files
