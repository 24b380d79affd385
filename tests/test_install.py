"""dlbook as a user installs it: a wheel, imported and drawing outside the repository.

The wheel is built from a copy of the package's sources (so nothing is written into the
checkout), installed into a folder of its own, and imported from a directory that is not
the repository, with no data set anywhere: ``import dlbook.plotting`` works there and
every figure of ``FIGURES`` is drawn (the MNIST figures as their "data missing" notice),
and every chapter's exercises are there to check.
Nothing may read a file outside the installed package. The wheel ships no Korean font: a
Korean figure is drawn with one the user names (here, the book's own Noto Sans KR file);
without one, it is refused with a message that says how to name one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hooks.fonts import TTF

ROOT = Path(__file__).resolve().parent.parent

DRAW_EVERYTHING = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import dlbook
    import dlbook.plotting
    from dlbook.plotting import FIGURES, draw, render_png, use_korean_font

    installed = Path(sys.argv[1]).resolve()
    assert Path(dlbook.__file__).resolve().is_relative_to(installed), dlbook.__file__
    assert dlbook.SAMPLE_WEIGHTS.is_file(), "the wheel lacks the sample weights"
    try:  # this machine may have a Korean font of its own, or not
        render_png(draw("activation-grads", "ko"))
    except ValueError as error:
        assert "use_korean_font(" in str(error), error
    if sys.argv[2:]:
        assert use_korean_font(sys.argv[2]) == "Noto Sans KR"
        png = render_png(draw("activation-grads", "ko"))
        assert png.startswith(bytes([0x89]) + b"PNG")
    for name, make in FIGURES.items():
        png = render_png(make())
        assert png.startswith(bytes([0x89]) + b"PNG"), name
    # The exercises and their checker come with the wheel: a notebook needs nothing more.
    import numpy as np
    from dlbook.exercises import check, exercises
    chapters = {chapter for _, chapter, _ in exercises()}
    assert chapters == set(range(1, max(chapters) + 1)), chapters
    assert check("relu", lambda x: np.maximum(x, 0))
    assert not check("relu", lambda x: x)
    print(len(FIGURES), "figures")
    """
)


def test_the_installed_wheel_draws_every_figure_outside_the_repository(tmp_path):
    pytest.importorskip("matplotlib")
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "dlbook", source / "dlbook",
                    ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    wheels = tmp_path / "wheels"
    # Built as `pip install .` builds it: in an isolated environment, from the registry.
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels),
                    str(source)], check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = wheels.glob("dlbook-*.whl")
    installed = tmp_path / "installed"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(installed), str(wheel)],
                   check=True, capture_output=True, cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        key: value for key, value in os.environ.items()
        if key not in ("DLBOOK_DATA", "PYTHONPATH")
    }
    env.update(PYTHONPATH=str(installed), PYTHONNOUSERSITE="1", MPLBACKEND="Agg",
               XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(tmp_path / "home"))
    font = [str(TTF)] if TTF.is_file() else []  # the book's font, from `make install`
    run = subprocess.run([sys.executable, "-W", "error", "-c", DRAW_EVERYTHING,
                          str(installed), *font],
                         cwd=elsewhere, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("figures")
