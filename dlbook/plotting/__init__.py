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

from . import perceptron
from . import activations

from . import shapes
from . import network
from . import losses
from . import gradient
from . import backprop
from . import optimizers
from . import mnist
from . import performance
from ._canvas import new_figure, render_png

__all__ = ["FIGURES", "new_figure", "render_png"]


# --8<-- [start:figures]
def _collect(*modules) -> dict[str, Callable]:
    """Merge the chapters' ``FIGURES`` into one dict (figure names must be unique)."""
    figures: dict[str, Callable] = {}
    for module in modules:
        for name, draw in module.FIGURES.items():
            if name in figures:
                raise ValueError(f"two figures are named {name!r}")
            figures[name] = draw
    return figures


FIGURES = _collect(
    perceptron,
    activations,
    shapes,
    network,
    losses,
    gradient,
    backprop,
    optimizers,
    mnist,
    performance,
)
# --8<-- [end:figures]
