"""The book's figures, drawn by dlbook's own code with matplotlib (the ``plot`` extra).

One module per chapter draws that chapter's figures; each plotting function returns a
``matplotlib.figure.Figure`` and needs no display. Drawing is all they do: what a
figure shows is computed by the modules of ``dlbook`` itself (``dlbook.training``,
``dlbook.optimizers`` ...), which need no matplotlib. ``FIGURES`` maps the name of every
figure (``figures/<name>.png`` on the site) to a function of no arguments that draws
it; ``BENCHMARK_FIGURES`` maps the figures drawn from benchmark results to a function
of the results dict. The site's build hook (``hooks/figures.py``) renders them all,
and the tests call every one.

Import this package only when you want pictures: ``import dlbook`` never imports
matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable

from . import perceptron
from . import activations

from . import shapes
from . import forward_pass
from . import losses
from . import gradient
from . import backprop
from . import optimizers
from . import mnist
from . import performance
from ._canvas import new_figure, render_png

__all__ = ["FIGURES", "BENCHMARK_FIGURES", "new_figure", "render_png"]


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
    forward_pass,
    losses,
    gradient,
    backprop,
    optimizers,
    mnist,
)

# Drawn from the results of ``make bench`` (a dict), which the caller loads and passes.
BENCHMARK_FIGURES = {"performance": performance.plot_performance}
# --8<-- [end:figures]
