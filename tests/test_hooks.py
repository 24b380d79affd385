"""The site's build hooks: KaTeX and the fonts are installed safely and served; every
figure becomes a PNG, in English and in Korean."""

from __future__ import annotations

import base64
import hashlib
import http.server
import importlib.util
import io
import tarfile
import threading

import pytest

from hooks.book import ROOT


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


katex = load_hook("katex")
fonts = load_hook("fonts")


def fake_katex_tarball() -> bytes:
    """A tarball laid out like the npm package, with files the site wants and some it doesn't."""
    members = {
        "package/dist/katex.min.js": b"// katex",
        "package/dist/katex.min.css": b"/* css */",
        "package/dist/contrib/auto-render.min.js": b"// auto-render",
        "package/dist/fonts/KaTeX_Main-Regular.woff2": b"woff2",
        "package/dist/fonts/KaTeX_Main-Regular.ttf": b"ttf",
        "package/dist/katex.js": b"// unminified",
        "package/README.md": b"readme",
    }
    return tarball_of(members)


def tarball_of(members: dict[str, bytes]) -> bytes:
    """A gzipped tarball holding ``members`` (name -> bytes), as npm serves packages."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def registry():
    """A stand-in for the npm registry on 127.0.0.1, serving one tarball."""
    tarball = fake_katex_tarball()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(tarball)))
            self.end_headers()
            self.wfile.write(tarball)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/katex.tgz", tarball
    httpd.shutdown()
    httpd.server_close()


def test_install_keeps_only_what_the_site_needs(registry, tmp_path):
    url, tarball = registry
    dest = katex.install(tmp_path / "katex", url=url, integrity=integrity_of(tarball))
    kept = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert kept == [
        "contrib/auto-render.min.js",
        "fonts/KaTeX_Main-Regular.woff2",
        "katex.min.css",
        "katex.min.js",
    ]


def test_install_refuses_a_tarball_with_the_wrong_integrity(registry, tmp_path):
    url, _ = registry
    with pytest.raises(ValueError, match="integrity mismatch"):
        katex.install(tmp_path / "katex", url=url, integrity=integrity_of(b"other"))
    assert list(tmp_path.iterdir()) == []  # nothing half-unpacked is left behind


def test_member_filter_rejects_paths_outside_dist():
    assert katex.wanted("package/dist/katex.min.js") == "katex.min.js"
    assert katex.wanted("package/dist/../../etc/passwd") is None
    assert katex.wanted("package/package.json") is None


def test_pinned_version_and_integrity_agree():
    assert katex.VERSION in katex.TARBALL
    assert katex.INTEGRITY.startswith("sha512-")
    assert fonts.VERSION in fonts.TARBALL and fonts.INTEGRITY.startswith("sha512-")


def test_the_font_keeps_the_korean_subset_and_its_license_only():
    assert fonts.wanted("package/files/noto-sans-kr-korean-400-normal.woff2") == (
        "noto-sans-kr-korean-400.woff2"
    )
    assert fonts.wanted("package/LICENSE") == "LICENSE"
    assert fonts.wanted("package/files/noto-sans-kr-latin-400-normal.woff2") is None
    assert fonts.wanted("package/files/noto-sans-kr-korean-400-normal.woff") is None


def test_the_font_is_installed_from_a_verified_tarball(tmp_path):
    members = {
        "package/LICENSE": b"OFL",
        "package/files/noto-sans-kr-korean-400-normal.woff2": b"regular",
        "package/files/noto-sans-kr-korean-700-normal.woff2": b"bold",
        "package/files/noto-sans-kr-latin-400-normal.woff2": b"not wanted",
    }
    tarball = tarball_of(members)
    source = tmp_path / "font.tgz"
    source.write_bytes(tarball)
    dest = fonts.install(tmp_path / "font", url=source.as_uri(), integrity=integrity_of(tarball))
    assert sorted(p.name for p in dest.iterdir()) == [
        "LICENSE", "noto-sans-kr-korean-400.woff2", "noto-sans-kr-korean-700.woff2"]
    with pytest.raises(ValueError, match="integrity mismatch"):
        fonts.install(tmp_path / "other", url=source.as_uri(), integrity=integrity_of(b"x"))


def test_the_figures_font_is_a_pinned_truetype_file_and_its_license():
    assert fonts.TTF_VERSION in fonts.TTF_TARBALL
    assert fonts.TTF_INTEGRITY.startswith("sha512-")
    assert fonts.TTF == fonts.TTF_ASSETS / "NotoSansKR_400Regular.ttf"
    assert fonts.wanted_ttf("package/400Regular/NotoSansKR_400Regular.ttf") == (
        "NotoSansKR_400Regular.ttf")
    assert fonts.wanted_ttf("package/LICENSE_FONT") == "LICENSE"
    assert fonts.wanted_ttf("package/700Bold/NotoSansKR_700Bold.ttf") is None
    assert fonts.wanted_ttf("package/index.js") is None


def test_the_figures_font_is_installed_from_a_verified_tarball(tmp_path):
    members = {
        "package/LICENSE_FONT": b"OFL",
        "package/400Regular/NotoSansKR_400Regular.ttf": b"regular",
        "package/700Bold/NotoSansKR_700Bold.ttf": b"not wanted",
    }
    tarball = tarball_of(members)
    source = tmp_path / "font.tgz"
    source.write_bytes(tarball)
    dest = fonts.install_ttf(tmp_path / "ttf", url=source.as_uri(),
                             integrity=integrity_of(tarball))
    assert sorted(p.name for p in dest.iterdir()) == ["LICENSE", "NotoSansKR_400Regular.ttf"]
    with pytest.raises(ValueError, match="integrity mismatch"):
        fonts.install_ttf(tmp_path / "other", url=source.as_uri(),
                          integrity=integrity_of(b"x"))


@pytest.fixture
def figures_hook(monkeypatch):
    """The figures hook, drawing two tiny stand-in figures and counting the drawings."""
    pytest.importorskip("matplotlib")
    hook = load_hook("figures")
    drawn = []

    def drawings(lang="en"):
        from dlbook.plotting import new_figure, say

        def make(name):
            drawn.append((name, lang))
            fig, ax = new_figure(height=1.0, lang=lang)
            ax.set_title(say(lang, "epoch", "에폭"))
            return fig

        for name in ("one", "two"):
            yield name, lambda name=name: make(name)

    monkeypatch.setattr(hook, "drawings", drawings)
    yield hook, drawn
    hook.render.cache_clear()


def test_the_figures_hook_draws_each_language_once(figures_hook):
    from mkdocs.config import load_config

    hook, drawn = figures_hook
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = "test"  # as in a build event: File.generated asks
    english = hook.figure_files(config, "en")
    assert [f.src_uri for f in english] == ["figures/one.png", "figures/two.png"]
    assert hook.figure_files(config, "en")[0].content_bytes == english[0].content_bytes
    assert drawn == [("one", "en"), ("two", "en")], "a second call draws nothing"
    with pytest.raises(ValueError, match="'en' or 'ko'"):
        hook.render("fr")
    if not fonts.TTF.is_file():
        pytest.skip("Noto Sans KR (TrueType) is not installed: run `make install`")
    korean = hook.figure_files(config, "ko")
    # a Korean page's figures/one.png, which the Korean edition has under ko/
    assert [f.src_uri for f in korean] == ["figures/one.png", "figures/two.png"]
    assert [f.dest_uri for f in korean] == ["ko/figures/one.png", "ko/figures/two.png"]
    assert korean[0].content_bytes.startswith(b"\x89PNG\r\n\x1a\n")
    assert korean[0].content_bytes != english[0].content_bytes
    hook.figure_files(config, "ko")
    assert drawn[2:] == [("one", "ko"), ("two", "ko")]


def test_korean_figures_without_the_font_fail_the_build_clearly(figures_hook, tmp_path,
                                                                monkeypatch):
    from mkdocs.exceptions import PluginError

    hook, _ = figures_hook
    monkeypatch.setattr(hook.fonts, "TTF", tmp_path / "missing.ttf")
    with pytest.raises(PluginError, match="run `make install`"):
        hook.render("ko")


# That the built site serves KaTeX, the fonts and every figure of both editions, drawn by
# these hooks in the build itself, is checked on the site: tests/test_site.py.
