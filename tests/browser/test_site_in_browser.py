"""The built site in a real browser: Debian's Chromium, driven by Playwright, on 127.0.0.1.

For every page of the site:

- it loads with no console error, no uncaught exception and no failed request, and asks
  nothing of any host but 127.0.0.1 (other requests are recorded and aborted);
- every formula is drawn by KaTeX: no ``.katex-error``, no formula left as TeX, and no raw
  ``\\(``, ``\\[`` or ``$$`` left in the text outside code;
- every image has loaded (``naturalWidth > 0``);
- every code block has its copy button;
- its "Download notebook" link, when it has one (every chapter and lab must), returns a
  notebook: JSON with ``nbformat`` 4 and cells.

Every page means both editions: the Korean one is under ``ko/``, page for page.

And for the site as a whole: searching "softmax" lists the activation-functions chapter, and
searching 퍼셉트론 on a Korean page lists the Korean chapter 1 (each edition searches its own
pages); the language switcher goes to the same page in the other edition; Hangul is drawn
with the site's own font, on an English and on a Korean page; the light/dark toggle switches
the scheme; an unknown address gets the 404 page, in both languages; chapters have
previous/next links. Screenshots of four pages (two English, two Korean), in the light and in
the dark scheme, are saved in ``test-artifacts/screenshots/`` (ignored by git) for a reviewer
to look at.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from hooks.book import chapters, load_mkdocs_config

CONFIG = load_mkdocs_config()
ENGLISH_CHAPTERS = [c.src_uri.removesuffix(".md") + "/" for c in chapters(CONFIG["nav"])]
KOREAN = "ko/"
CHAPTER_URLS = ENGLISH_CHAPTERS + [KOREAN + url for url in ENGLISH_CHAPTERS]
VIEWPORT = {"width": 1280, "height": 900}
ALL_RENDERED = """[...document.querySelectorAll('.arithmatex')]
  .every(m => m.querySelector('.katex'))"""

# Runs in the page: what a reader would see wrong with its formulas, images and code blocks.
INSPECT = """() => {
  const article = document.querySelector("article.md-content__inner") || document.body;
  const math = [...article.querySelectorAll(".arithmatex")];
  const unrendered = math.filter(m => !m.querySelector(".katex"))
    .map(m => m.textContent.trim().slice(0, 60));
  const katexErrors = [...document.querySelectorAll(".katex-error")]
    .map(e => e.textContent.trim().slice(0, 60));
  const prose = article.cloneNode(true);
  prose.querySelectorAll("pre, code, .katex, script, style, textarea").forEach(e => e.remove());
  const text = prose.textContent;
  const rawTex = ["\\\\(", "\\\\[", "$$"].filter(d => text.includes(d));
  const brokenImages = [...document.images]
    .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.currentSrc || i.src);
  const blocks = article.querySelectorAll("div.highlight pre > code").length;
  const copyButtons = article.querySelectorAll(
    "div.highlight button[data-md-type='copy'], div.highlight button.md-clipboard").length;
  const download = document.querySelector('a[data-dlbook="download-notebook"]');
  return {
    unrendered, katexErrors, rawTex, brokenImages, blocks, copyButtons,
    formulas: article.querySelectorAll(".katex").length,
    download: download ? download.href : null,
    scheme: document.body.getAttribute("data-md-color-scheme"),
    prev: !!document.querySelector(".md-footer__link--prev"),
    next: !!document.querySelector(".md-footer__link--next"),
  };
}"""


def site_pages(site_dir) -> list[str]:
    """Every page of the built site, as a path under the site's address ("", "activations/")."""
    pages = []
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.parent.relative_to(site_dir).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


class Visit:
    """One page opened in a fresh tab, with everything that went wrong while it loaded."""

    def __init__(self, context, url: str, local: str):
        self.problems: list[str] = []
        self.outside: list[str] = []
        self.page = page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))
        page.on("requestfailed", lambda r: r.url.startswith(local) and self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.url.startswith(local) and r.status >= 400
                and r.url != url and self.problems.append(f"HTTP {r.status}: {r.url}"))
        self.response = page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        try:  # KaTeX runs when the theme's document$ fires: give it a moment to finish
            page.wait_for_function(ALL_RENDERED, timeout=5000)
        except PlaywrightTimeout:
            pass  # INSPECT reports each formula left unrendered

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def context(browser, base_url):
    """A browser context whose every request outside 127.0.0.1 is recorded and aborted."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    context.outside = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            context.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield context
    context.close()


def test_every_page_loads_cleanly_with_its_formulas_images_and_notebook(
    site_dir, base_url, context
):
    pages = site_pages(site_dir)
    assert len(pages) >= len(CHAPTER_URLS) + 10
    english = [p for p in pages if not p.startswith(KOREAN)]
    assert sorted(KOREAN + p for p in english) == sorted(p for p in pages if p.startswith(KOREAN))
    report: dict[str, list[str]] = {}
    notebooks, timings = {}, {}
    local = urljoin(base_url, "/")
    for path in pages:
        url = urljoin(base_url, path)
        start = time.perf_counter()
        context.outside.clear()
        visit = Visit(context, url, local)
        found = visit.page.evaluate(INSPECT)
        problems = list(visit.problems)
        if visit.response is None or visit.response.status != 200:
            problems.append(f"status {visit.response and visit.response.status}")
        problems += [f"asked another host: {u}" for u in context.outside]
        problems += [f"formula not rendered: {t!r}" for t in found["unrendered"]]
        problems += [f"KaTeX error: {t!r}" for t in found["katexErrors"]]
        problems += [f"raw TeX left in the text: {d}" for d in found["rawTex"]]
        problems += [f"image not loaded: {src}" for src in found["brokenImages"]]
        if found["copyButtons"] < found["blocks"]:
            problems.append(f"{found['blocks']} code blocks, {found['copyButtons']} copy buttons")
        if found["download"]:
            reply = visit.page.request.get(found["download"])
            try:
                nb = json.loads(reply.body())
            except ValueError:
                nb = {}
            if reply.status != 200 or nb.get("nbformat") != 4 or not nb.get("cells"):
                problems.append(f"Download notebook gives no notebook: {found['download']}")
            notebooks[path] = len(nb.get("cells", []))
        if path in CHAPTER_URLS:
            if not found["download"]:
                problems.append("a chapter without a Download notebook link")
            if not (found["prev"] and found["next"]):
                problems.append("a chapter without previous/next links")
        visit.close()
        timings[path] = round(time.perf_counter() - start, 2)
        if problems:
            report[path] = problems
    print("seconds per page:", timings)
    assert report == {}, json.dumps(report, indent=2, ensure_ascii=False)
    assert set(CHAPTER_URLS) <= set(notebooks), "every chapter offers its notebook"


@pytest.mark.parametrize("missing, link, home", [
    ("no-such-chapter/", "text=the chapter map", ""),
    # GitHub Pages serves the root's 404.html for a missing Korean address too
    ("ko/no-such-chapter/", "text=한국어판 장 목록", KOREAN),
])
def test_an_unknown_address_gets_the_404_page(base_url, context, missing, link, home):
    context.outside.clear()
    visit = Visit(context, urljoin(base_url, missing), base_url)
    assert visit.response.status == 404
    text = visit.page.inner_text("article")
    assert "Page not found" in text and "페이지를 찾을 수 없습니다" in text
    # Chromium reports the 404 status of the page itself; nothing else may go wrong.
    others = [p for p in visit.problems if "404" not in p]
    assert others == [] and context.outside == []
    visit.page.click(link)
    visit.page.wait_for_load_state("load")
    assert visit.page.url == urljoin(base_url, home)
    visit.close()


def search(page, query: str) -> list[str]:
    """Type ``query`` into the search box; the addresses of the results."""
    page.click("input.md-search__input")
    page.keyboard.type(query)
    # Typing Hangul fires no keyup in Chromium, and the theme searches on keyup.
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")


@pytest.mark.parametrize("edition, query, chapter", [
    ("", "softmax", "activations/"),
    (KOREAN, "softmax", "activations/"),
    (KOREAN, "퍼셉트론", "perceptron/"),
    (KOREAN, "오차역전파법", "backpropagation/"),
])
def test_search_finds_a_chapter_of_its_own_edition_offline(
    base_url, context, edition, query, chapter
):
    visit = Visit(context, urljoin(base_url, edition), base_url)
    hrefs = search(visit.page, query)
    home = urljoin(base_url, edition)
    assert any(h.startswith(urljoin(home, chapter)) for h in hrefs), hrefs
    # each edition lists its own pages only
    korean = [h for h in hrefs if h.startswith(urljoin(base_url, KOREAN))]
    assert korean == (hrefs if edition else []), hrefs
    assert visit.problems == [] and context.outside == []
    visit.close()


@pytest.mark.parametrize("start, language, arrive", [
    ("perceptron/", "한국어", "ko/perceptron/"),
    ("ko/losses/", "English", "losses/"),
    ("ko/reference/activations/", "English", "reference/activations/"),
])
def test_the_language_switcher_goes_to_the_same_page(base_url, context, start, language, arrive):
    visit = Visit(context, urljoin(base_url, start), base_url)
    page = visit.page
    page.hover(".md-header__option .md-select")
    page.click(f".md-select__link:has-text('{language}')")
    page.wait_for_load_state("load")
    assert page.url == urljoin(base_url, arrive)
    visit.close()


def fonts_drawing(page, selector: str) -> list[dict]:
    """The fonts Chromium drew the text of ``selector`` with: family, custom or not, glyphs."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return fonts


@pytest.mark.parametrize("path", ["perceptron/", "ko/perceptron/", "ko/mnist/"])
def test_hangul_is_drawn_with_the_sites_own_font(base_url, context, path):
    # An English page's Korean terms, and a Korean page's text, on a machine that may have
    # no CJK font at all: the font the site serves draws every syllable, and Latin text
    # keeps the reader's font.
    visit = Visit(context, urljoin(base_url, path), base_url)
    page = visit.page
    page.evaluate("""() => {
        const term = [...document.querySelectorAll("article strong")]
            .find(e => /[가-힣]/.test(e.textContent) && /[A-Za-z]/.test(e.textContent));
        term.setAttribute("data-test", "term");
        const probe = document.createElement("span");
        probe.id = "hangul-probe";
        probe.textContent = "퍼셉트론가중치편향";  // no spaces: every glyph is Hangul
        document.querySelector("article p").append(probe);
    }""")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_function(
        "[...document.fonts].some(f => f.family.includes('dlbook Hangul')"
        " && f.status === 'loaded')", timeout=10000)
    probe = fonts_drawing(page, "#hangul-probe")
    assert [f["isCustomFont"] for f in probe] == [True], probe
    assert probe[0]["glyphCount"] == 9, probe
    term = fonts_drawing(page, "[data-test=term]")
    custom = [f for f in term if f["isCustomFont"]]
    system = [f for f in term if not f["isCustomFont"]]
    assert custom and system, f"Hangul in the site's font, Latin in the reader's: {term}"
    assert visit.problems == [] and context.outside == []
    visit.close()


def test_the_toggle_switches_between_light_and_dark(base_url, context):
    visit = Visit(context, base_url, base_url)
    page = visit.page
    body = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(body) == "default"
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"{body} === 'slate'", timeout=5000)
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"{body} === 'default'", timeout=5000)
    visit.close()


@pytest.mark.parametrize("scheme, body", [("light", "default"), ("dark", "slate")])
@pytest.mark.parametrize("path, name", [
    ("activations/", "activations"),
    ("labs/train-your-own-classifier/", "lab"),
    ("ko/activations/", "ko-activations"),
    ("ko/labs/train-your-own-classifier/", "ko-lab"),
])
def test_screenshots_in_both_schemes(browser, base_url, artifacts, scheme, body, path, name):
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    context.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname
                  == "127.0.0.1" or r.request.url.startswith("data:") else r.abort())
    page = context.new_page()
    page.goto(urljoin(base_url, path), wait_until="load")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == body
    page.screenshot(path=str(artifacts / f"{name}-{scheme}.png"))
    admonition = page.locator(".admonition.pitfall").first
    if admonition.count():
        admonition.scroll_into_view_if_needed()
        admonition.screenshot(path=str(artifacts / f"{name}-pitfall-{scheme}.png"))
    figure = page.locator("article img").first
    if figure.count():
        figure.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"{name}-figure-{scheme}.png"))
    context.close()
