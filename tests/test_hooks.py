"""The site's build hooks: TeX becomes MathML, every figure becomes a generated PNG file."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mathml = load_hook("mathml")


class FakePage:
    class file:
        src_uri = "chapter.md"


def test_inline_tex_becomes_inline_mathml():
    html = '<p>so <span class="arithmatex">\\(\\frac{1}{1 + e^{-x}}\\)</span> is</p>'
    out = mathml.on_page_content(html, FakePage, None, None)
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in out
    assert "<mfrac>" in out
    assert "\\(" not in out and "\\frac" not in out


def test_display_tex_becomes_block_mathml():
    html = '<div class="arithmatex">\\[\nh(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}\n\\]</div>'
    out = mathml.on_page_content(html, FakePage, None, None)
    assert 'display="block"' in out
    assert "<mtable>" in out
    assert "\\begin" not in out


def test_html_escaped_tex_is_unescaped_before_conversion():
    # arithmatex escapes "<" in the page; the formula must still read "x < 0".
    out = mathml.to_mathml("x &lt; 0", display=False)
    assert "<mo>&#x0003C;</mo>" in out


def test_an_unknown_command_fails_instead_of_leaving_raw_tex():
    with pytest.raises(ValueError, match=r"chapter\.md.*\\nosuchcommand"):
        mathml.to_mathml(r"\nosuchcommand{x}", display=False, where="chapter.md")


def test_figure_hook_adds_every_figure_as_a_generated_png():
    pytest.importorskip("matplotlib")
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from dlbook.plotting import FIGURES

    # Run the build's own "files" event, in which MkDocs calls hooks/figures.py.
    config = load_config(str(ROOT / "mkdocs.yml"))
    files = config.plugins.on_files(Files([]), config=config)
    by_uri = {f.src_uri: f for f in files}
    assert set(by_uri) == {f"figures/{name}.png" for name in FIGURES}
    for f in by_uri.values():
        assert f.content_bytes.startswith(b"\x89PNG\r\n\x1a\n")
