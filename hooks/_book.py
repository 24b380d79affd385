"""Helpers shared by the tests (``conftest.py``) and the site's hooks: not a hook itself.

``expand_includes`` expands the ``--8<--`` lines of a code block with the pymdownx.snippets
preprocessor, configured exactly as ``mkdocs.yml`` configures it for the site. The tests run
each chapter's code through it, and ``hooks/notebooks.py`` builds each chapter's notebook
through it, so the page, the tests and the notebook all hold the same code.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; its ``!relative`` tag means the folder that holds the file."""


_MkDocsLoader.add_constructor("!relative", lambda loader, node: str(ROOT))


def load_mkdocs_config() -> dict:
    """mkdocs.yml as a dict (plain YAML plus the ``!relative`` tag)."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _MkDocsLoader)


def _snippets_config() -> dict:
    for entry in load_mkdocs_config()["markdown_extensions"]:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            return entry["pymdownx.snippets"]
    raise RuntimeError("mkdocs.yml does not configure pymdownx.snippets")


SNIPPETS_CONFIG = _snippets_config()


def expand_includes(text: str) -> str:
    """Expand every ``--8<--`` line of ``text`` as the site build does (same extension, settings)."""
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": SNIPPETS_CONFIG},
    )
    lines = md.preprocessors["snippet"].run(text.split("\n"))
    return "\n".join(lines)


CHAPTER_TITLE = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>.+)$")


def chapters(nav: list) -> list[tuple[int, str, str]]:
    """``(number, title, src_uri)`` of each page of ``nav`` titled "N. ...", in order."""
    found = []

    def walk(entries):
        for entry in entries or []:
            if not isinstance(entry, dict):
                continue
            for title, target in entry.items():
                if isinstance(target, list):
                    walk(target)
                elif isinstance(target, str) and (match := CHAPTER_TITLE.match(str(title))):
                    found.append((int(match["number"]), match["title"], target))

    walk(nav)
    return found


def build_site(dest: Path) -> Path:
    """Build the site into ``dest`` as ``make build`` does (``mkdocs build --strict``)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if run.returncode:
        problems = [
            line for line in run.stderr.splitlines()
            if not line.startswith("INFO") and "IPKernelApp" not in line
        ]
        raise RuntimeError("mkdocs build --strict failed:\n" + "\n".join(problems))
    return dest


def site_for_tests(tmp_path_factory) -> Path:
    """The built site the tests look at: ``$DLBOOK_SITE`` when set, else a fresh strict build."""
    import os

    given = os.environ.get("DLBOOK_SITE")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            raise FileNotFoundError(f"DLBOOK_SITE={given} holds no built site")
        return site
    return build_site(tmp_path_factory.mktemp("site"))
