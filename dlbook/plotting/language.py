"""The language of a figure's words, and the font that draws them in Korean.

Every figure with words is drawn in English or in Korean, one edition each: its function
takes ``lang="en"`` or ``lang="ko"``, and each piece of text is written once in both
languages at the place it is used, ``say(lang, "epoch", "에폭")``. Names of code objects
(``sigmoid``, ``SGD``, ``x``) stay as they are in both.

matplotlib draws text with DejaVu Sans, which has no Hangul. A Korean figure keeps
DejaVu Sans for Latin letters, digits and symbols, so that they look as in the English
figure, and falls back to a Korean font for each Hangul syllable (see
``dlbook.plotting.KoreanFigure``). Which Korean font: the one ``use_korean_font`` chose,
or else the first of ``KOREAN_FAMILIES`` installed on this machine. Without one, a
Korean figure refuses to be made, with a message that says what to do; the book's own
build points ``use_korean_font`` at the Noto Sans KR file it downloads.
"""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

__all__ = ["LANGUAGES", "KOREAN_FAMILIES", "check_lang", "say", "use_korean_font",
           "korean_font"]

# --8<-- [start:say]
LANGUAGES = ("en", "ko")  # the book's two editions


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of ``LANGUAGES``; refuse anything else."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'en' or 'ko', got {lang!r}")
    return lang


def say(lang: str, en, ko):
    """A figure's words in ``lang``: ``en`` if it is "en", ``ko`` if it is "ko".

    Both texts (strings, or tuples of them) stand side by side where the figure uses
    them, so the code reads the same in both editions and no text can lack its
    translation. Any other ``lang`` is refused with a ValueError.
    """
    return en if check_lang(lang) == "en" else ko
# --8<-- [end:say]


# --8<-- [start:use_korean_font]
# Fonts with Hangul that Linux, Windows and macOS machines commonly have.
KOREAN_FAMILIES = ("Noto Sans KR", "Noto Sans CJK KR", "NanumGothic", "Malgun Gothic",
                   "AppleGothic", "Apple SD Gothic Neo")
FONT_FILES = (".ttf", ".otf", ".ttc")
_chosen: str | None = None  # the family use_korean_font chose


def _has_hangul(path) -> bool:
    return FT2Font(str(path)).get_char_index(ord("한")) != 0


def _installed(family: str) -> Path | None:
    """The file of ``family`` if matplotlib knows the font, else None."""
    for entry in font_manager.fontManager.ttflist:
        if entry.name == family:
            return Path(entry.fname)
    return None


def use_korean_font(font: str | os.PathLike | None = None) -> str:
    """Choose the font the Korean figures draw Hangul with; return its family name.

    ``font`` is the family name of a font installed on this machine
    (``"NanumGothic"``), or the path of a font file (``.ttf``, ``.otf``, ``.ttc``),
    which is registered with matplotlib first. With ``None``, the first family of
    ``KOREAN_FAMILIES`` that matplotlib knows is chosen. The choice holds for every
    Korean figure made afterwards in this Python process.

    Raises ValueError for a family matplotlib does not know (a font installed after
    matplotlib built its font list appears once that list is rebuilt), a file that does
    not exist, a font without Hangul, or, with ``None``, when no family of
    ``KOREAN_FAMILIES`` is installed.
    """
    global _chosen
    if font is None:
        found = [family for family in KOREAN_FAMILIES if _installed(family)]
        if not found:
            raise ValueError(
                f"no Korean font found (tried {', '.join(KOREAN_FAMILIES)}): install "
                "one, or pass a font file: dlbook.plotting.use_korean_font("
                "'/path/to/NotoSansKR-Regular.ttf')")
        font = found[0]
    if isinstance(font, os.PathLike) or str(font).lower().endswith(FONT_FILES):
        path = Path(font)
        if not path.is_file():
            raise ValueError(f"font file {str(path)!r} does not exist")
        font_manager.fontManager.addfont(str(path))
        family = FT2Font(str(path)).family_name
    else:
        family, path = str(font), _installed(str(font))
        if path is None:
            raise ValueError(f"matplotlib knows no font family {family!r}; pass a "
                             "font file's path instead")
    if not _has_hangul(path):
        raise ValueError(f"the font {family!r} ({path}) has no Hangul")
    _chosen = family
    return family


def korean_font() -> str:
    """The family name Hangul is drawn with: ``use_korean_font``'s choice, or found."""
    return _chosen if _chosen is not None else use_korean_font()
# --8<-- [end:use_korean_font]
