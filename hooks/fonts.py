"""A font with Hangul, served by the site itself: the Korean terms are never empty boxes.

Many machines (most Linux desktops, headless Chromium, CI) have no font with Hangul, and
draw every Korean syllable of the book as a box. The site therefore serves Noto Sans KR
(SIL Open Font License), taken from the npm registry as its published package tarball
(``@fontsource/noto-sans-kr``), pinned by version and by the registry's sha512 integrity
string, exactly as ``hooks/katex.py`` takes KaTeX. ``make`` runs ``python hooks/fonts.py
install`` once, which keeps only what the site needs (the Korean subset, regular and bold,
as woff2, and the license) in ``.cache/noto-sans-kr-<version>/``, not committed. The build
never touches the network: this hook copies those files into the site (``assets/fonts/``).

``docs/stylesheets/hangul.css`` declares the font for the Hangul code points only
(``unicode-range``) and puts it first in the theme's font stack: Hangul is drawn with it,
and everything else falls through to the reader's own sans-serif font.

The Korean figures need the same font in a form matplotlib reads, and matplotlib reads no
woff2. ``install`` therefore also takes the regular weight as one TrueType file (with its
license) from a second pinned, integrity-checked tarball, ``@expo-google-fonts/noto-sans-kr``,
into ``.cache/noto-sans-kr-ttf-<version>/``. Only the figures hook reads it
(``hooks/figures.py``, through ``dlbook.plotting.use_korean_font``); it is not served to
readers, who see the figures as PNG images.
"""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs loads a hook by its path: make the hooks package importable.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from hooks import katex  # noqa: E402  (the npm download and its integrity check)

PACKAGE = "noto-sans-kr"
VERSION = "5.3.0"
TARBALL = f"https://registry.npmjs.org/@fontsource/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
INTEGRITY = (
    "sha512-/JnpTjaCOXW7xUoqOyCVYSr05VOkDy5Yla9O+WAEiS7u+yYLsmHoqj6v1W0bf91G8G3XA2+NnRS3CX2Tf/FVZg=="
)
ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / ".cache" / f"{PACKAGE}-{VERSION}"
SITE_DIR = "assets/fonts"
# The Korean subset of the regular and the bold weight, and the font's license.
WANTED = {
    "package/LICENSE": "LICENSE",
    f"package/files/{PACKAGE}-korean-400-normal.woff2": f"{PACKAGE}-korean-400.woff2",
    f"package/files/{PACKAGE}-korean-700-normal.woff2": f"{PACKAGE}-korean-700.woff2",
}
MARKER = f"{PACKAGE}-korean-400.woff2"

# For the figures: the regular weight as TrueType (6 MB of the 27.6 MB tarball).
TTF_VERSION = "0.4.3"
TTF_TARBALL = (f"https://registry.npmjs.org/@expo-google-fonts/{PACKAGE}/-/"
               f"{PACKAGE}-{TTF_VERSION}.tgz")
TTF_INTEGRITY = (
    "sha512-EVS/uJPcf1TgJtjmQmrFr0oGdcl7ml09CSu0E/AyGzR0UfzdR2pBbzWWPsnuzZiGUl643ODYwYiXK5+B+fLjhQ=="
)
TTF_ASSETS = ROOT / ".cache" / f"{PACKAGE}-ttf-{TTF_VERSION}"
TTF_NAME = "NotoSansKR_400Regular.ttf"
TTF_WANTED = {
    "package/LICENSE_FONT": "LICENSE",
    f"package/400Regular/{TTF_NAME}": TTF_NAME,
}
TTF = TTF_ASSETS / TTF_NAME  # what the Korean figures are drawn with


def wanted(member: str) -> str | None:
    """The name to keep a tarball member under, or None to skip it."""
    return WANTED.get(member)


def wanted_ttf(member: str) -> str | None:
    """The name to keep a member of the TrueType tarball under, or None to skip it."""
    return TTF_WANTED.get(member)


def install(dest: Path = ASSETS, url: str = TARBALL, integrity: str = INTEGRITY,
            timeout: float = 60.0) -> Path:
    """Download, verify and unpack the site's font files into ``dest`` (skipped if there)."""
    return katex.install_tarball(dest, url, integrity, wanted, MARKER, timeout=timeout)


def install_ttf(dest: Path = TTF_ASSETS, url: str = TTF_TARBALL,
                integrity: str = TTF_INTEGRITY, timeout: float = 60.0) -> Path:
    """Download, verify and unpack the figures' TrueType font into ``dest`` (skipped if
    there)."""
    return katex.install_tarball(dest, url, integrity, wanted_ttf, TTF_NAME,
                                 timeout=timeout)


def on_files(files, config):
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    if not (ASSETS / MARKER).is_file():
        raise PluginError(
            f"Noto Sans KR {VERSION} is not installed in {ASSETS}: run `make install` "
            "(or `python hooks/fonts.py install`) once, with access to the npm registry."
        )
    for path in sorted(p for p in ASSETS.iterdir() if p.is_file()):
        files.append(
            File.generated(config, f"{SITE_DIR}/{path.name}", abs_src_path=str(path))
        )
    return files


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python hooks/fonts.py install")
    print(f"Noto Sans KR {VERSION} in {install()}")
    print(f"Noto Sans KR (TrueType, for the figures) {TTF_VERSION} in {install_ttf()}")
