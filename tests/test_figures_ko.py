"""Every figure in both editions: Korean words wherever the English figure has words.

Each figure of the book (``FIGURES``, and ``BENCHMARK_FIGURES`` drawn from the committed
benchmark results) is drawn in English and in Korean, with the Korean font the build uses
(Noto Sans KR from ``make install``), and rendered. Under ``-W error`` a Hangul syllable
that no font has is a failing test (matplotlib's "Glyph ... missing from font" warning);
matplotlib's log warnings (a font family it cannot find, a weight a font lacks, a glyph
that ``$...$`` math has not) fail the test too. The two figures hold the same texts in the
same order: the English one has no Hangul, each Korean text whose English twin has words
has Hangul, and no Korean text keeps an English word that is not a name.
"""

from __future__ import annotations

import functools
import inspect
import logging
import re

import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from benchmarks.report import load_results  # noqa: E402
from dlbook.plotting import (  # noqa: E402
    BENCHMARK_FIGURES,
    FIGURES,
    KoreanFigure,
    draw,
    korean_font,
    language,
    mnist,
    new_figure,
    render_png,
    say,
    use_korean_font,
)
from dlbook.plotting.mnist import plot_data_missing  # noqa: E402
from dlbook.plotting.perceptron import plot_gate_boundaries  # noqa: E402
from hooks.fonts import TTF  # noqa: E402  (the font the build draws Hangul with)

HANGUL = re.compile("[\uac00-\ud7a3]")
# Names that stay as they are in both editions: code objects, people, products, units.
NAMES = {
    "sigmoid", "tanh", "relu", "SGD", "Momentum", "AdaGrad", "RMSProp", "Adam",
    "Xavier", "He", "AND", "OR", "NAND", "NOR", "XOR", "MNIST", "Fashion", "PyTorch",
    "dlbook", "MLP", "CNN", "ReLU", "TwoLayerNet", "MultiLayerNet", "DataError", "python",
    "download", "mnist", "fashion", "lr", "log", "MiB", "CPU", "NumPy", "backward",
    "ConvReluPool", "FN", "OH", "OW", "PH", "PW",  # chapter 14: a layer, shapes' sizes
}
RESULTS = load_results()
# The machine's name in the benchmark results is a name too ("AMD EPYC").
NAMES |= set(re.findall(r"[A-Za-z]+", f"{RESULTS['machine']['cpu']} {RESULTS['date']}"))
ALL = [*FIGURES, *BENCHMARK_FIGURES]


def words(text: str) -> set[str]:
    """The English words of a text: not math (``$...$``), not identifiers, not names."""
    text = re.sub(r"\$[^$]*\$", " ", text)
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9_]*", text)
    return {t for t in tokens
            if len(t) > 1 and not re.search(r"[0-9_]", t) and t not in NAMES}


def function_of(name):
    return FIGURES[name] if name in FIGURES else BENCHMARK_FIGURES[name]


def takes_lang(name) -> bool:
    return "lang" in inspect.signature(function_of(name)).parameters


def drawn(name, lang):
    """The figure ``name`` in ``lang``, drawn (tick labels exist only once drawn).

    The Korean figure is rendered to PNG as the site's build renders it; the English
    one only laid out, which is enough to read its texts (the build draws it too).
    """
    args = (RESULTS,) if name in BENCHMARK_FIGURES else ()
    fig = draw(name, lang, *args)
    if lang == "en":
        fig.draw_without_rendering()
    else:
        render_png(fig)
    return fig


def texts(fig):
    """``(texts, tick_labels)``: the figure's texts in order, and its axes' tick labels.

    Tick labels are kept apart, one list per axis: an axis of numbers may get another
    number of ticks when the Korean labels around it take more room.
    """
    ticks, tick_ids = [], set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [tick.label1 for tick in axis.get_major_ticks()]
            labels += [tick.label1 for tick in axis.get_minor_ticks()]
            ticks.append([label.get_text() for label in labels])
            tick_ids |= {id(tick.label1) for tick in axis.get_major_ticks()}
            tick_ids |= {id(tick.label2) for tick in axis.get_major_ticks()}
            tick_ids |= {id(tick.label1) for tick in axis.get_minor_ticks()}
            tick_ids |= {id(tick.label2) for tick in axis.get_minor_ticks()}
    others = [t.get_text() for t in fig.findobj(Text) if id(t) not in tick_ids]
    return others, ticks


@pytest.fixture(scope="module", autouse=True)
def book_font():
    if not TTF.is_file():
        pytest.skip("Noto Sans KR (TrueType) is not installed: run `make install`")
    assert use_korean_font(TTF) == "Noto Sans KR"


@pytest.fixture(scope="module", autouse=True)
def mnist_read_once():
    """Read each data set once for all the figures here (each figure reads it again)."""
    with pytest.MonkeyPatch.context() as patch:
        for loader in ("load_mnist", "load_fashion_mnist"):
            patch.setattr(mnist, loader, functools.cache(getattr(mnist, loader)))
        yield


@pytest.fixture
def no_matplotlib_warnings(caplog):
    caplog.set_level(logging.WARNING, logger="matplotlib")
    yield
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not logged, logged


@pytest.mark.parametrize("name", ALL)
def test_the_korean_figure_says_in_korean_what_the_english_one_says(
        name, no_matplotlib_warnings):
    english, korean = drawn(name, "en"), drawn(name, "ko")
    (en_texts, en_ticks), (ko_texts, ko_ticks) = texts(english), texts(korean)
    assert not any(HANGUL.search(t) for t in en_texts + sum(en_ticks, []))
    assert len(en_texts) == len(ko_texts), (en_texts, ko_texts)
    pairs = list(zip(en_texts, ko_texts))
    for en_axis, ko_axis in zip(en_ticks, ko_ticks, strict=True):
        if any(words(label) for label in en_axis):  # words on the ticks: categories
            assert len(en_axis) == len(ko_axis), (en_axis, ko_axis)
            pairs += zip(en_axis, ko_axis)
    untranslated = [(en, ko) for en, ko in pairs if words(en) and not HANGUL.search(ko)]
    assert not untranslated, untranslated
    english_left = [(ko, words(ko)) for _, ko in pairs if words(ko)]
    assert not english_left, english_left
    if takes_lang(name):  # a figure with a language has words in it
        assert any(words(en) for en, _ in pairs), f"{name} takes lang but has no words"
    else:
        assert not any(words(en) for en, _ in pairs), f"{name} has words but no lang"
        assert type(korean) is Figure, "a figure without words is the same in both"


@pytest.mark.parametrize("name", ALL)
def test_draw_refuses_a_language_the_book_has_not(name):
    with pytest.raises(ValueError, match="lang must be 'en' or 'ko', got 'fr'"):
        draw(name, "fr")


def test_the_figure_functions_refuse_a_language_the_book_has_not():
    with pytest.raises(ValueError, match="'en' or 'ko'"):
        say("kr", "epoch", "에폭")
    with pytest.raises(ValueError, match="'en' or 'ko'"):
        new_figure(lang="EN")
    with pytest.raises(ValueError, match="'en' or 'ko'"):
        plot_gate_boundaries(lang="korean")
    with pytest.raises(ValueError, match="'en' or 'ko'"):
        plot_data_missing(lang=None)


def test_say_gives_the_text_of_the_language():
    assert say("en", "epoch", "에폭") == "epoch"
    assert say("ko", "epoch", "에폭") == "에폭"


def test_a_korean_figure_falls_back_to_the_korean_font_after_each_texts_own():
    fig = plot_data_missing("MNIST", lang="ko")
    assert isinstance(fig, KoreanFigure)
    render_png(fig)
    families = {tuple(t.get_fontfamily()) for t in fig.findobj(Text) if t.get_text()}
    # Latin stays in DejaVu Sans (sans-serif) and DejaVu Sans Mono (the command).
    assert {("sans-serif", "Noto Sans KR"), ("monospace", "Noto Sans KR")} <= families


def test_a_hangul_syllable_without_a_font_is_a_warning():
    fig, ax = new_figure()  # English: no Korean font to fall back to
    ax.set_title("에폭")
    with pytest.warns(UserWarning, match="missing from font"):
        render_png(fig)


def test_the_korean_font_is_chosen_by_family_or_by_file(tmp_path, monkeypatch):
    assert use_korean_font("Noto Sans KR") == korean_font() == "Noto Sans KR"
    with pytest.raises(ValueError, match="does not exist"):
        use_korean_font(tmp_path / "NanumGothic.ttf")
    with pytest.raises(ValueError, match="knows no font family 'No Such Gothic'"):
        use_korean_font("No Such Gothic")
    with pytest.raises(ValueError, match="has no Hangul"):
        use_korean_font("DejaVu Sans")
    monkeypatch.setattr(language, "KOREAN_FAMILIES", ("No Such Gothic",))
    with pytest.raises(ValueError, match=r"no Korean font found.*use_korean_font\("):
        use_korean_font()
    assert korean_font() == "Noto Sans KR", "a refused font leaves the choice as it was"
