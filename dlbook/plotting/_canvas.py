"""Shared drawing helpers for dlbook.plotting (private: not shown in the book).

Figures are made with ``matplotlib.figure.Figure`` directly, never through pyplot, so
drawing needs no display and leaves no global state behind.
"""

from __future__ import annotations

import io

try:
    from matplotlib.figure import Figure
except ImportError as exc:  # pragma: no cover - only without the extra
    raise ImportError(
        "dlbook.plotting needs matplotlib: pip install 'dlbook[plot]'"
    ) from exc

# --8<-- [start:new_figure]
WIDTH = 6.4  # inches: one column of the book at 100 dpi is 640 px.


def new_figure(nrows: int = 1, ncols: int = 1, *, height: float = 4.0, **subplot_kw):
    """Return ``(fig, axes)``: a Figure of the book's width, an ``nrows x ncols`` grid.

    ``axes`` is a single Axes for a 1x1 grid, else a 2-D array of Axes (squeeze=False).
    """
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    if nrows == ncols == 1:
        return fig, fig.add_subplot(**subplot_kw)
    return fig, fig.subplots(nrows, ncols, squeeze=False, subplot_kw=subplot_kw or None)
# --8<-- [end:new_figure]


# --8<-- [start:render_png]
def render_png(fig, *, dpi: int = 100) -> bytes:
    """Render a Figure to PNG bytes in memory (Agg), without writing a file."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
# --8<-- [end:render_png]
