"""The book's figures, drawn by dlbook's own code with matplotlib (the ``plot`` extra).

One module per chapter draws that chapter's figures; each plotting function returns a
``matplotlib.figure.Figure`` and needs no display. Drawing is all they do: what a
figure shows is computed by the modules of ``dlbook`` itself (``dlbook.training``,
``dlbook.optimizers`` ...), which need no matplotlib. ``FIGURES`` maps the name of every
figure (``figures/<name>.png`` on the site) to a function that draws it with no
arguments; ``BENCHMARK_FIGURES`` maps the figures drawn from benchmark results to a
function of the results dict. The site's build hook (``hooks/figures.py``) renders them
all, and the tests call every one.

Each edition of the book has its figures: a function that puts words on its figure
takes ``lang="en"`` (the default) or ``lang="ko"``, and draws the same figure with
Korean words (``dlbook.plotting.language``); a figure without words takes no ``lang``.
``draw(name, lang)`` draws any figure of the book in either language. For Korean
figures on your own machine, matplotlib needs a font with Hangul: one of
``language.KOREAN_FAMILIES`` installed, or ``use_korean_font("NanumGothic")`` or
``use_korean_font("/path/to/font.ttf")`` once before drawing.

Import this package only when you want pictures: ``import dlbook`` never imports
matplotlib.
"""

from __future__ import annotations

import inspect
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
from . import overfitting
from . import performance
from . import batchnorm
from . import convolution
from . import cnn
from . import fast_cnn
from ._canvas import KoreanFigure, new_figure, render_png
from .language import check_lang, korean_font, say, use_korean_font

__all__ = [
    "FIGURES",
    "BENCHMARK_FIGURES",
    "draw",
    "new_figure",
    "render_png",
    "KoreanFigure",
    "check_lang",
    "say",
    "use_korean_font",
    "korean_font",
]


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
    overfitting,
    batchnorm,
    convolution,
    cnn,
    fast_cnn,
)

# Drawn from the results of ``make bench`` (a dict), which the caller loads and passes.
BENCHMARK_FIGURES = {"performance": performance.plot_performance}
# --8<-- [end:figures]


# --8<-- [start:draw]
def draw(name: str, lang: str = "en", *args):
    """Draw the book's figure ``name`` with its words in ``lang``; return the Figure.

    ``name`` is a key of ``FIGURES``, or of ``BENCHMARK_FIGURES`` with the results dict
    in ``args``; ``lang`` is "en" or "ko" (anything else is a ValueError). A figure
    whose function takes no ``lang`` has no words: it is the same in both languages.
    """
    check_lang(lang)
    function = FIGURES[name] if name in FIGURES else BENCHMARK_FIGURES[name]
    if "lang" in inspect.signature(function).parameters:
        return function(*args, lang=lang)
    return function(*args)
# --8<-- [end:draw]
