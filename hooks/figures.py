"""MkDocs hook: draw every figure of the book at build time, in English and in Korean.

Each entry of ``dlbook.plotting.FIGURES`` is drawn with matplotlib's Agg canvas, in memory,
and each entry of ``BENCHMARK_FIGURES`` likewise, from the benchmark results of
``benchmarks/results.json`` (what ``make bench`` wrote), which this hook loads and passes in.
``render(lang)`` draws them all in one language ("en" or "ko", through
``dlbook.plotting.draw``) and keeps the PNG bytes: a second call in the same process, as
when a plugin builds the site once per language with this same module, draws nothing.
``figure_files(config, lang)`` turns them into files of the site, ``figures/<name>.png``,
which the Korean edition has at ``ko/figures/<name>.png`` (``hooks/editions.py``): a
Korean page's ``figures/x.png`` is the Korean drawing.

Korean figures draw Hangul with Noto Sans KR, the TrueType file ``make install`` puts in
``.cache/`` (``hooks/fonts.py``); it is not served, since readers see PNG images. Nothing
is written into ``docs/`` and no image is committed; ``mkdocs build --strict`` fails if a
chapter links a figure that does not exist.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# MkDocs loads a hook by its path: make the repository's packages importable.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.report import load_results  # noqa: E402
from dlbook.plotting import (  # noqa: E402
    BENCHMARK_FIGURES,
    FIGURES,
    check_lang,
    draw,
    render_png,
    use_korean_font,
)
from hooks import editions, fonts  # noqa: E402  (fonts: where the TrueType font is)


def drawings(lang: str = "en"):
    """``(name, make)`` for every figure, each ``make()`` drawing it in ``lang``."""
    for name in FIGURES:
        yield name, functools.partial(draw, name, lang)
    results = load_results()
    for name in BENCHMARK_FIGURES:
        yield name, functools.partial(draw, name, lang, results)


def use_book_font() -> None:
    """Draw Hangul with the Noto Sans KR file ``make install`` downloaded."""
    if not fonts.TTF.is_file():
        raise PluginError(
            f"Noto Sans KR (TrueType) {fonts.TTF_VERSION} is not installed in "
            f"{fonts.TTF_ASSETS}: run `make install` (or `python hooks/fonts.py install`) "
            "once, with access to the npm registry."
        )
    use_korean_font(fonts.TTF)


@functools.cache
def render(lang: str = "en") -> dict[str, bytes]:
    """Every figure in ``lang`` as PNG bytes, by name; drawn once per process."""
    if check_lang(lang) == "ko":
        use_book_font()
    return {name: render_png(make()) for name, make in drawings(lang)}


def figure_files(config, lang: str = "en") -> list[File]:
    """The figures in ``lang`` as generated files of the site, ``figures/<name>.png``,
    placed in the edition of ``lang`` (Korean: at ``ko/figures/<name>.png``)."""
    return [
        editions.place(File.generated(config, f"figures/{name}.png", content=png), config, lang)
        for name, png in render(lang).items()
    ]


@event_priority(editions.LATE)  # after mkdocs-static-i18n sorted the pages by language
def on_files(files: Files, config) -> Files:
    for file in figure_files(config, editions.language(config)):
        files.append(file)
    return files
