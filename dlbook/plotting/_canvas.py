"""Shared drawing helpers for dlbook.plotting (private: not shown in the book).

Figures are made with ``matplotlib.figure.Figure`` directly, never through pyplot, so
drawing needs no display and leaves no global state behind.
"""

from __future__ import annotations

import io

try:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import weight_dict
    from matplotlib.text import Text
except ImportError as exc:  # pragma: no cover - only without the extra
    raise ImportError(
        "dlbook.plotting needs matplotlib: pip install 'dlbook[plot]'"
    ) from exc

from .language import check_lang, korean_font


# --8<-- [start:korean_figure]
class KoreanFigure(Figure):
    """A Figure whose texts draw Hangul with a Korean font, and the rest as usual.

    The font is ``korean_font()``, looked up when the figure is made. Each time the
    figure is drawn, every text in it of regular weight gets that font after its own
    font family: Latin letters, digits and symbols are drawn exactly as in an English
    figure, and each Hangul syllable, which DejaVu Sans lacks, falls back to the Korean
    font. Bold text keeps its own font alone (the book's Korean font is regular only):
    a bold Hangul syllable is missing, and matplotlib warns about it.
    """

    def __init__(self, *args, **kwargs):
        self.korean_font = korean_font()
        super().__init__(*args, **kwargs)

    def draw(self, renderer):
        # Only now do all texts exist: tick labels, for one, are made while drawing.
        for text in self.findobj(Text):
            families = text.get_fontfamily()
            weight = text.get_fontweight()
            regular = weight_dict.get(weight, weight) == weight_dict["regular"]
            if regular and self.korean_font not in families:
                text.set_fontfamily([*families, self.korean_font])
        super().draw(renderer)
# --8<-- [end:korean_figure]


# --8<-- [start:new_figure]
WIDTH = 6.4  # inches: one column of the book at 100 dpi is 640 px.


def new_figure(nrows: int = 1, ncols: int = 1, *, height: float = 4.0, lang: str = "en",
               **subplot_kw):
    """Return ``(fig, axes)``: a Figure of the book's width, an ``nrows x ncols`` grid.

    ``axes`` is a single Axes for a 1x1 grid, else a 2-D array of Axes (squeeze=False).
    ``lang`` is the language of the figure's words, "en" or "ko"; a Korean figure is a
    ``KoreanFigure``, which draws Hangul with a Korean font.
    """
    kind = KoreanFigure if check_lang(lang) == "ko" else Figure
    fig = kind(figsize=(WIDTH, height), layout="constrained")
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
