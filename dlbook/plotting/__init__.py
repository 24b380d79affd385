"""The book's figures, drawn by dlbook's own code with matplotlib (the ``plot`` extra).

One module per chapter draws that chapter's figures; each plotting function returns a
``matplotlib.figure.Figure`` and needs no display. ``FIGURES`` maps the name of every
figure (``figures/<name>.png`` on the site) to a function of no arguments that draws
it; the site's build hook (``hooks/figures.py``) renders them all, and the tests call
every one.

Import this package only when you want pictures: ``import dlbook`` never imports
matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable

# chapter 1 plotting import goes here.
from . import activations

# chapter 3 plotting import goes here.
# chapter 4 plotting import goes here.
from ._canvas import new_figure, render_png

__all__ = ["FIGURES", "new_figure", "render_png"]


def _collect(*modules) -> dict[str, Callable]:
    figures: dict[str, Callable] = {}
    for module in modules:
        for name, draw in module.FIGURES.items():
            if name in figures:
                raise ValueError(f"two figures are named {name!r}")
            figures[name] = draw
    return figures


# --8<-- [start:figures]
FIGURES = _collect(
    # chapter 1 plotting module goes here.
    activations,
    # chapter 3 plotting module goes here.
    # chapter 4 plotting module goes here.
)
# --8<-- [end:figures]
