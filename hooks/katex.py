"""KaTeX for the site's formulas, served by the site itself (no CDN, works offline).

KaTeX is taken from the npm registry as its published package tarball, pinned by version and
by the registry's sha512 integrity string (the check npm itself makes), so no Node.js is
needed. ``make`` runs ``python hooks/katex.py install`` once, which unpacks the few files the
site needs into ``.cache/katex-<version>/`` (not committed). The MkDocs build never touches
the network: this hook only copies those files into the site (``assets/katex/``) and fails
with a clear message if they are missing.

pymdownx.arithmatex (``generic: true``) leaves each formula in the page as ``\\(...\\)`` or
``\\[...\\]``; ``docs/javascripts/katex-init.js`` renders them with KaTeX in the browser.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

VERSION = "0.19.1"
TARBALL = f"https://registry.npmjs.org/katex/-/katex-{VERSION}.tgz"
INTEGRITY = (
    "sha512-jG8uKntjSEcm2EpQOh0XturpPuuC9r3Sq5HLHdsFdWZT27E672SF19QEi+of0/YeOy15lDgRhKvr5614uRrEfA=="
)
ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / ".cache" / f"katex-{VERSION}"
SITE_DIR = "assets/katex"
# What the site needs from the package's dist/ folder (woff2 fonts: every current browser).
WANTED = ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js", "fonts/")


def check_integrity(data: bytes, integrity: str) -> None:
    """Raise ValueError unless ``data`` matches an npm integrity string ``sha512-<base64>``."""
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"tarball integrity mismatch: got {algorithm}-{digest}, "
                         f"expected {integrity}")


def wanted(member: str) -> str | None:
    """The path under dist/ to keep for a tarball member, or None to skip it."""
    prefix = "package/dist/"
    if not member.startswith(prefix) or ".." in member:
        return None
    rel = member[len(prefix):]
    if rel.startswith("fonts/"):
        return rel if rel.endswith(".woff2") else None
    return rel if rel in WANTED else None


def install_tarball(dest: Path, url: str, integrity: str, wanted, marker: str, *,
                    timeout: float = 60.0) -> Path:
    """Download an npm tarball, verify it, and unpack into ``dest`` what ``wanted`` keeps.

    ``wanted(member)`` names the path under ``dest`` for a tarball member, or None to
    skip it; ``marker`` is a file that must be there at the end. Nothing is done if
    ``dest/marker`` exists already. The folder appears whole, or not at all.
    """
    if (dest / marker).is_file():
        return dest
    with urllib.request.urlopen(url, timeout=timeout) as response:
        data = response.read()
    check_integrity(data, integrity)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}."))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar.getmembers():
                rel = wanted(member.name)
                if rel is None or not member.isfile():
                    continue
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
        if not (staging / marker).is_file():
            raise ValueError(f"{url} holds no {marker}")
        staging.rename(dest)  # appears whole, or not at all
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def install(dest: Path = ASSETS, url: str = TARBALL, integrity: str = INTEGRITY,
            timeout: float = 60.0) -> Path:
    """Download, verify and unpack KaTeX into ``dest`` (skipped if already there)."""
    return install_tarball(dest, url, integrity, wanted, "katex.min.js", timeout=timeout)


def on_files(files, config):
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    if not (ASSETS / "katex.min.js").is_file():
        raise PluginError(
            f"KaTeX {VERSION} is not installed in {ASSETS}: run `make install` "
            "(or `python hooks/katex.py install`) once, with access to the npm registry."
        )
    for path in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
        rel = path.relative_to(ASSETS).as_posix()
        files.append(File.generated(config, f"{SITE_DIR}/{rel}", abs_src_path=str(path)))
    return files


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python hooks/katex.py install")
    print(f"KaTeX {VERSION} in {install()}")
