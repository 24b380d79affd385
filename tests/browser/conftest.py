"""Fixtures of the real-browser test: the built site served on 127.0.0.1, and Chromium.

The browser tests run only when asked for by path (``make test-browser`` runs
``pytest tests/browser``); a plain ``pytest`` (``make test``) leaves them out, since they need
Debian's Chromium and a built site.

- The site is ``$DLBOOK_SITE`` when set (``make test-browser`` builds it into ``site/``), or
  else built here with ``mkdocs build --strict`` into a temporary folder.
- It is served under the path of ``site_url`` (``/dlbook/``), as GitHub Pages serves it, so
  the 404 page, whose links are absolute, works as it will there.
- Chromium is the system's (``/usr/bin/chromium``, or ``$CHROMIUM``), driven by Playwright;
  no browser is downloaded. Every request to a host other than 127.0.0.1 is recorded and
  aborted, so nothing leaves the machine and the tests can say what tried to.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hooks.book import ROOT, site_for_tests
from hooks.pdf import SiteHandler, serve

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


def pytest_ignore_collect(collection_path, config):
    """Collect these tests only when the command line names this folder or a file in it."""
    for arg in config.args:
        target = Path(arg.split("::", 1)[0]).resolve()
        if target == HERE or HERE in target.parents:
            return None
    return True


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return site_for_tests(tmp_path_factory)


class NotFoundPage(SiteHandler):
    """The site's server (hooks/pdf.py), with the site's 404 page, status 404, for anything
    that is not there."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    """The address of the site's home page, on 127.0.0.1."""
    with serve(site_dir, NotFoundPage) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's `chromium` "
                    "(apt-get install chromium), or set CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (``test-artifacts/``, ignored by git) for a reviewer to look at."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
