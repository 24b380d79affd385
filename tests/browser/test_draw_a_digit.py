"""The "Draw a digit" page in a real browser: its JavaScript computes what dlbook computes.

On the page of each edition (``draw-a-digit/``, ``ko/draw-a-digit/``):

- MNIST test images (a seeded sample of 120 per edition, from ``DLBOOK_DATA``; skipped,
  saying so, only when the data is absent) go through the page's own preprocessing and
  the forward pass of both networks (``window.dlbookDigits``). The page's 28 x 28
  images equal ``dlbook.digits.preprocess_digit``'s to 1e-9; for every image and both
  networks its predicted digit is dlbook's (``softmax(net.predict(x))`` on the same
  preprocessed image) and its probabilities agree with dlbook's to 1e-5; the same holds
  for the images as MNIST has them, not preprocessed.
- A 7 drawn with mouse strokes: the pad's ink, preprocessed by Python, is the page's
  28 x 28 input; the answer the page shows, and each probability it prints, are
  dlbook's for that input, for the MLP and, chosen with the mouse, for the CNN.
- The keyboard: Tab reaches the pad; the arrow keys and Space draw a 1, read as dlbook
  reads it; Tab goes on to Clear, which Enter presses, and to the network choice, which
  the arrow keys change; every control shows its focus.
- Light and dark: the pad's ink and the bars take the scheme's colours (dark ink on a
  light page, light ink on a dark one); screenshots of both in ``test-artifacts/``.
- Without JavaScript the page says the pad needs it, and still shows all its code.

No test lets a console error, an uncaught exception or a request to another host pass.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import numpy as np
import pytest

import dlbook
from dlbook.activations import softmax
from dlbook.datasets import DataError, load_mnist
from dlbook.digits import preprocess_digit

EDITIONS = ["", "ko/"]
PAGE = "draw-a-digit/"
VIEWPORT = {"width": 1280, "height": 900}
N_IMAGES = 120
PAD = "[data-digits=pad]"


@pytest.fixture(scope="module")
def networks():
    mlp, _ = dlbook.load_weights(dlbook.SAMPLE_WEIGHTS)
    cnn, _ = dlbook.load_weights(dlbook.CNN_WEIGHTS)
    return {"mlp": mlp, "cnn": cnn}


def python_probabilities(networks, name, x):
    """dlbook's probabilities (N, 10) for 28 x 28 images x (N, 28, 28)."""
    x = np.asarray(x, dtype=np.float64)
    shape = (-1, 784) if name == "mlp" else (-1, 1, 28, 28)
    return softmax(networks[name].predict(x.reshape(shape)))


@pytest.fixture(scope="module")
def mnist_test():
    try:
        (_, _), (x_test, t_test) = load_mnist(flatten=False, download=False)
    except DataError as exc:
        pytest.skip(f"MNIST is not on this machine (set DLBOOK_DATA): {exc}")
    return x_test[:, 0].astype(np.float64), t_test


class Tab:
    """The page in a fresh context, with what went wrong while it ran."""

    def __init__(self, browser, url, scheme="light", javascript=True):
        self.problems, self.outside = [], []
        self.context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme,
                                           java_script_enabled=javascript)
        self.context.route("**/*", self.guard)
        self.page = page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status}: {r.url}"))
        response = page.goto(url, wait_until="load")
        assert response.status == 200, url
        if javascript:
            page.wait_for_function("window.dlbookDigits && window.dlbookDigits.ready")
            page.evaluate("dlbookDigits.ready")

    def guard(self, route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def state(self):
        """What the page shows now: its state, the answer and the printed numbers."""
        # the page redraws at the next animation frame after an event: let one pass
        self.page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        state = self.page.evaluate("dlbookDigits.state()")
        state["shown"] = self.page.inner_text("[data-digits=answer]")
        state["numbers"] = [float(n) for n in self.page.eval_on_selector_all(
            ".dlbook-digits__number", "ns => ns.map(n => n.textContent)")]
        return state

    def close(self):
        problems = self.problems + [f"asked another host: {u}" for u in self.outside]
        self.context.close()
        assert problems == [], problems


def check_answer(state, networks):
    """The page's 28 x 28 input is preprocess_digit of its ink, and the answer and
    the numbers it shows are dlbook's for that input."""
    ink = np.array(state["ink"]).reshape(state["height"], state["width"])
    x = np.array(state["input"]).reshape(28, 28)
    assert np.abs(preprocess_digit(ink) - x).max() <= 1e-9
    probabilities = python_probabilities(networks, state["network"], x)[0]
    assert state["answer"] == int(probabilities.argmax())
    assert state["shown"] == str(int(probabilities.argmax()))
    assert np.abs(np.array(state["probabilities"]) - probabilities).max() <= 1e-5
    # printed with four decimals
    assert np.abs(np.array(state["numbers"]) - probabilities).max() <= 0.5e-4 + 1e-9
    return int(probabilities.argmax())


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_page_computes_what_dlbook_computes_on_mnist(
    browser, base_url, edition, networks, mnist_test
):
    x_test, _ = mnist_test
    seed = EDITIONS.index(edition)
    pick = np.random.default_rng(seed).choice(len(x_test), N_IMAGES, replace=False)
    images = x_test[pick]
    tab = Tab(browser, urljoin(base_url, edition + PAGE))
    page_said = tab.page.evaluate("""(images) => images.map((image) => {
        const x = dlbookDigits.preprocess(image, 28, 28);
        const out = { x };
        for (const name of ["mlp", "cnn"]) {
          out[name] = dlbookDigits.predict(name, x);
          out[name + "_raw"] = dlbookDigits.predict(name, image);
        }
        return out;
    })""", images.reshape(N_IMAGES, -1).tolist())
    tab.close()
    assert len(page_said) == N_IMAGES
    prepared = np.array([preprocess_digit(image) for image in images])
    page_x = np.array([said["x"] for said in page_said]).reshape(N_IMAGES, 28, 28)
    assert np.abs(page_x - prepared).max() <= 1e-9
    print(f"largest difference of the 28 x 28 images: {np.abs(page_x - prepared).max():.1e}")
    for name in ("mlp", "cnn"):
        for key, x in ((name, prepared), (name + "_raw", images)):
            expected = python_probabilities(networks, name, x)
            got = np.array([said[key]["probabilities"] for said in page_said])
            predicted = np.array([said[key]["predicted"] for said in page_said])
            assert np.array_equal(predicted, expected.argmax(axis=1)), key
            assert np.abs(got - expected).max() <= 1e-5, key
            print(f"{key}: largest difference of the probabilities "
                  f"{np.abs(got - expected).max():.1e}")


def draw(page, strokes):
    """Draw ``strokes`` (lists of (x, y) in [0, 1] of the pad) with the mouse."""
    box = page.locator(PAD).bounding_box()
    for stroke in strokes:
        points = [(box["x"] + x * box["width"], box["y"] + y * box["height"])
                  for x, y in stroke]
        page.mouse.move(*points[0])
        page.mouse.down()
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            for t in np.linspace(0, 1, 12)[1:]:
                page.mouse.move(x0 + t * (x1 - x0), y0 + t * (y1 - y0))
        page.mouse.up()


SEVEN = [[(0.25, 0.2), (0.72, 0.2), (0.45, 0.85)]]


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_digit_drawn_with_the_mouse_is_read_as_dlbook_reads_it(
    browser, base_url, edition, networks
):
    tab = Tab(browser, urljoin(base_url, edition + PAGE))
    page = tab.page
    blank = tab.state()
    assert blank["input"] is None and blank["answer"] is None
    draw(page, SEVEN)
    state = tab.state()
    assert state["strokes"] == 1 and state["network"] == "mlp"
    answers = {"mlp": check_answer(state, networks)}
    units = page.locator("[data-digits=units]")
    assert units.count() == 2  # the MLP's two hidden layers
    page.click("[data-digits=network-cnn]")
    state = tab.state()
    assert state["network"] == "cnn"
    answers["cnn"] = check_answer(state, networks)
    assert page.locator("[data-digits=map]").count() == 30  # the CNN's feature maps
    assert answers == {"mlp": 7, "cnn": 7}, "a plain 7 is read as a 7"
    page.click("[data-digits=clear]")
    assert tab.state()["input"] is None
    tab.close()


def focused(page):
    return page.evaluate("""() => {
        const e = document.activeElement;
        return e && e.dataset ? (e.dataset.digits || e.tagName) : null;
    }""")


def outline(page):
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_keyboard_draws_and_works_every_control(browser, base_url, edition, networks):
    tab = Tab(browser, urljoin(base_url, edition + PAGE))
    page = tab.page
    for _ in range(300):  # Tab through the page until the pad has the focus
        page.keyboard.press("Tab")
        if focused(page) == "pad":
            break
    assert focused(page) == "pad", "Tab reaches the drawing pad"
    assert outline(page) != "none", "the pad shows its focus"
    assert page.inner_text("[data-digits=pen]") != ""
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")  # the pen goes down
    for _ in range(9):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")  # and up
    state = tab.state()
    assert state["strokes"] == 1
    assert check_answer(state, networks) == 1, "a straight down stroke is a 1"
    page.keyboard.press("Tab")
    assert focused(page) == "clear" and outline(page) != "none"
    page.keyboard.press("Tab")
    assert focused(page) == "network-mlp" and outline(page) != "none"
    page.keyboard.press("ArrowDown")
    state = tab.state()
    assert state["network"] == "cnn"
    assert check_answer(state, networks) == 1
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "clear"
    page.keyboard.press("Enter")
    state = tab.state()
    assert state["input"] is None and state["strokes"] == 0
    tab.close()


def ink_colour(page):
    """The mean colour of the pad's inked pixels, (r, g, b)."""
    return page.evaluate("""() => {
        const pad = document.querySelector("[data-digits=pad]");
        const data = pad.getContext("2d").getImageData(0, 0, pad.width, pad.height).data;
        const sum = [0, 0, 0];
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 255) {
            sum[0] += data[i]; sum[1] += data[i + 1]; sum[2] += data[i + 2]; n++;
          }
        }
        return sum.map((s) => s / n);
    }""")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("scheme, body", [("light", "default"), ("dark", "slate")])
def test_the_widget_takes_the_colours_of_both_schemes(
    browser, base_url, artifacts, networks, edition, scheme, body
):
    tab = Tab(browser, urljoin(base_url, edition + PAGE), scheme=scheme)
    page = tab.page
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == body
    draw(page, SEVEN)
    check_answer(tab.state(), networks)
    brightness = float(np.mean(ink_colour(page)))
    assert brightness < 100 if scheme == "light" else brightness > 155, brightness
    widget = page.locator("#dlbook-digit-pad")
    widget.scroll_into_view_if_needed()
    name = f"draw-a-digit{'-ko' if edition else ''}-{scheme}"
    widget.screenshot(path=str(artifacts / f"{name}.png"))
    page.click("[data-digits=network-cnn]")
    tab.state()
    widget.screenshot(path=str(artifacts / f"{name}-cnn.png"))
    tab.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_without_javascript_the_page_says_so_and_reads_on(browser, base_url, edition):
    tab = Tab(browser, urljoin(base_url, edition + PAGE), javascript=False)
    page = tab.page
    note = page.locator(".dlbook-digits__nojs")
    assert note.is_visible() and "JavaScript" in note.inner_text()
    code = page.inner_text("article")
    assert "def preprocess_digit(image)" in code and "def resize_area" in code
    tab.close()
