"""The sliders of chapters 1, 6 and 8 in a real browser, checked against dlbook itself.

``docs/javascripts/widgets.js`` fills each ``<div class="dlbook-widget">`` placeholder with
an interactive figure. For each of the three, in both editions:

- it renders, with its labels in the page's language, and starts where the static figure
  above it stands (AND; the descent path's start, rate and steps; the five paths'
  learning rates and steps, read from ``dlbook``'s own defaults);
- dragging a slider with the mouse, and moving one with the arrow keys after reaching it
  with Tab, changes the numbers; a slider reached by keyboard shows its focus;
- every number it shows (the truth table's sums and outputs, the final point of the
  descent, each optimizer's final point) equals what ``dlbook`` computes for the settings
  the sliders show, to 1e-9 relative (the unrounded ``data-value``), and the rounded text
  agrees with it;
- no console error, no uncaught exception, nothing asked of another host;
- it is drawn in Material's colours of each scheme: light and dark differ, and it is
  screenshotted in both (``test-artifacts/screenshots/widget-*.png``).

Without JavaScript the placeholder stays hidden and the static figure is still there.
"""

from __future__ import annotations

import inspect
import math
import re
from urllib.parse import urljoin, urlsplit

import numpy as np
import pytest

from dlbook.gradient import bowl, gradient_descent
from dlbook.optimizers import (
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    RMSProp,
    optimizer_path,
    path_optimizers,
)
from dlbook.perceptron import AND, GATE_INPUTS, NAND, NOR, OR, Perceptron
from dlbook.plotting.gradient import plot_descent_path
from dlbook.plotting.optimizers import plot_optimizer_paths

VIEWPORT = {"width": 1280, "height": 900}
TALL = {"width": 1280, "height": 1400}
EDITIONS = ["", "ko/"]
# widget -> (page, the static figure it follows, the slider moved by mouse, by keyboard)
WIDGETS = {
    "perceptron": ("perceptron/", "gate-boundaries", "b", "w2"),
    "descent": ("gradient-descent/", "learning-rates", "lr", "x1"),
    "optimizers": ("optimizers/", "optimizer-paths", "lr-Adam", "lr-SGD"),
}
OPTIMIZERS = {"SGD": SGD, "Momentum": Momentum, "AdaGrad": AdaGrad, "RMSProp": RMSProp,
              "Adam": Adam}
HANGUL = re.compile("[가-힣]")

# Runs in the page: what the widget shows, as numbers (unrounded and as text).
STATE = """root => {
  const num = e => ({value: Number(e.dataset.value), text: e.textContent});
  const sliders = {};
  for (const o of root.querySelectorAll("output[data-name]")) {
    sliders[o.dataset.name] = Number(o.dataset.value);
  }
  const state = {sliders, title: root.querySelector(".dlbook-widget__title").textContent};
  state.rows = [...root.querySelectorAll("tr[data-row]")].map(tr =>
    [...tr.querySelectorAll("td[data-value]")].map(num));
  state.notes = [...root.querySelectorAll(".dlbook-widget__note")].map(p => ({
    optimizer: p.dataset.optimizer || null,
    numbers: [...p.querySelectorAll("[data-value]")].map(num),
  }));
  return state;
}"""


def close(shown: dict, expected: float) -> bool:
    """The unrounded number equals ``expected`` to 1e-9, and its text to 6 digits."""
    value, text = shown["value"], float(shown["text"])
    return (math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-300)
            and math.isclose(text, expected, rel_tol=1e-5, abs_tol=1e-300))


def check_against_dlbook(widget: str, state: dict) -> list[str]:
    """Every number the widget shows compared with dlbook's; the mismatches."""
    s = state["sliders"]
    wrong = []
    if widget == "perceptron":
        p = Perceptron([s["w1"], s["w2"]], s["b"])
        sums, outputs = p.weighted_sum(GATE_INPUTS), p(GATE_INPUTS)
        assert len(state["rows"]) == 4
        for (x1, x2), a, y, (a_cell, y_cell) in zip(GATE_INPUTS, sums, outputs,
                                                      state["rows"]):
            if not (math.isclose(a_cell["value"], a, rel_tol=1e-9, abs_tol=1e-300)
                    and abs(float(a_cell["text"]) - a) <= 5e-7):
                wrong.append(f"w.x + b at ({x1}, {x2}): {a_cell} but dlbook {a!r}")
            if (y_cell["value"], y_cell["text"]) != (y, str(y)):
                wrong.append(f"output at ({x1}, {x2}): {y_cell} but dlbook {y}")
    elif widget == "descent":
        start, lr, steps = [s["x0"], s["x1"]], s["lr"], int(s["steps"])
        (note,) = state["notes"]
        exact = gradient_descent(exact_bowl, start, lr=lr, step_num=steps)
        for shown, expected in zip(note["numbers"], [*exact, exact_bowl(exact)]):
            if not close(shown, expected):
                wrong.append(f"final point: {note['numbers']} but dlbook {exact} "
                             "(squares as products)")
        x = gradient_descent(bowl, start, lr=lr, step_num=steps)
        runaway = np.hypot(*x) > np.hypot(*start)
        scale = 1e-9 * max(1.0, *np.abs(start))
        shown = [n["value"] for n in note["numbers"][:2]]
        if not (runaway or np.allclose(shown, x, rtol=1e-9, atol=scale)):
            wrong.append(f"final point: {shown} but dlbook {x}")
    else:
        assert [n["optimizer"] for n in state["notes"]] == list(OPTIMIZERS)
        for note in state["notes"]:
            name = note["optimizer"]
            optimizer = OPTIMIZERS[name](lr=s[f"lr-{name}"])
            end = optimizer_path(optimizer, steps=int(s["steps"]))[-1]
            for shown, expected in zip(note["numbers"], [*end, np.hypot(*end)]):
                if not close(shown, expected):
                    wrong.append(f"{name}: {note['numbers']} but dlbook {end}")
    return wrong


def exact_bowl(x):
    """``bowl`` with its squares as products: the exactly rounded ``x * x`` the widget
    computes. ``bowl``'s ``x[0] ** 2`` is the C library's ``pow``, which is one bit off
    for about 1 number in 1,300 (glibc); where rounding dominates the central
    difference (near the minimum, and in a walk that runs away) that bit shows.
    """
    return x[0] * x[0] + x[1] * x[1]


def default_settings(widget: str) -> dict:
    """The settings of the static figure each widget starts from, read from dlbook."""
    if widget == "perceptron":
        return {"w1": AND.w[0], "w2": AND.w[1], "b": AND.b}
    if widget == "descent":
        defaults = inspect.signature(plot_descent_path).parameters
        (x0, x1) = defaults["init_x"].default
        return {"lr": defaults["lr"].default, "x0": x0, "x1": x1,
                "steps": defaults["step_num"].default}
    settings = {f"lr-{name}": opt.lr for name, opt in path_optimizers().items()}
    settings["steps"] = inspect.signature(plot_optimizer_paths).parameters["steps"].default
    return settings


def open_page(browser, url: str, scheme: str = "light", javascript: bool = True,
              viewport=VIEWPORT):
    """A fresh context and page; returns (context, page, problems, outside)."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme,
                                  java_script_enabled=javascript)
    problems, outside = [], []

    def guard(route):
        request = route.request.url
        if request.startswith(("data:", "blob:")) or urlsplit(request).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(request)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, problems, outside


def drag(page, slider, fraction: float):
    """Drag the slider's thumb with the mouse to ``fraction`` of its track."""
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    position = (float(slider.input_value()) - float(slider.get_attribute("min"))) / (
        float(slider.get_attribute("max")) - float(slider.get_attribute("min")))
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 8 + position * (box["width"] - 16), y)
    page.mouse.down()
    page.mouse.move(box["x"] + 8 + fraction * (box["width"] - 16), y, steps=8)
    page.mouse.up()


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("widget", list(WIDGETS))
def test_the_widget_moves_and_shows_dlbooks_numbers(browser, base_url, widget, edition):
    path, figure, by_mouse, by_keys = WIDGETS[widget]
    context, page, problems, outside = open_page(browser, urljoin(base_url, edition + path))
    root = page.locator(f".dlbook-widget[data-widget='{widget}']")
    page.wait_for_selector(f".dlbook-widget[data-widget='{widget}'][data-ready]",
                           timeout=10000)
    assert root.locator("svg.dlbook-widget__plot").count() >= 1
    # right after the static figure it animates
    before = root.evaluate("""e => { let p = e.previousElementSibling;
        while (p && !p.querySelector("img")) p = p.previousElementSibling;
        return p ? p.querySelector("img").getAttribute("src") : null; }""")
    assert before and before.endswith(f"figures/{figure}.png"), before

    state = root.evaluate(STATE)
    assert bool(HANGUL.search(state["title"])) == (edition == "ko/"), state["title"]
    expected = default_settings(widget)
    assert {k: state["sliders"][k] for k in expected} == pytest.approx(expected)
    assert check_against_dlbook(widget, state) == []

    # the mouse: drag one slider's thumb most of the way along its track
    slider = root.locator(f"input[data-name='{by_mouse}']")
    drag(page, slider, 0.8)
    dragged = root.evaluate(STATE)
    assert dragged["sliders"][by_mouse] != state["sliders"][by_mouse]
    assert dragged["rows"] != state["rows"] or dragged["notes"] != state["notes"]
    assert check_against_dlbook(widget, dragged) == []

    # the keyboard: reach another slider with Tab, then three steps with the arrow keys
    slider = root.locator(f"input[data-name='{by_keys}']")
    slider.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert slider.evaluate("e => e === document.activeElement && e.matches(':focus-visible')")
    outline = slider.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    moved = root.evaluate(STATE)
    assert moved["sliders"][by_keys] < dragged["sliders"][by_keys]
    assert moved["rows"] != dragged["rows"] or moved["notes"] != dragged["notes"]
    assert check_against_dlbook(widget, moved) == []
    page.keyboard.press("End")  # the largest value
    last = root.evaluate(STATE)
    assert last["sliders"][by_keys] == float(slider.get_attribute("aria-valuetext"))
    assert check_against_dlbook(widget, last) == []

    assert problems == [] and outside == []
    context.close()


def test_the_descent_widget_shows_the_runaway_walk(browser, base_url):
    # The chapter's eta = 10: the numerical gradient stops the walk dead near 1e13.
    context, page, problems, _ = open_page(browser, urljoin(base_url, "gradient-descent/"))
    root = page.locator(".dlbook-widget[data-widget='descent'][data-ready]")
    root.locator("button", has_text=re.compile(r"^10$")).click()
    slider = root.locator("input[data-name='steps']")
    slider.focus()
    page.keyboard.press("End")
    state = root.evaluate(STATE)
    assert state["sliders"]["lr"] == 10 and state["sliders"]["steps"] == 100
    assert check_against_dlbook("descent", state) == []
    x = gradient_descent(bowl, [-3.0, 4.0], lr=10.0, step_num=100)
    shown = [n["value"] for n in state["notes"][0]["numbers"][:2]]
    assert shown == x.tolist()  # bit for bit: (-2.58983747e+13, -1.29524862e+12)
    assert problems == []
    context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_perceptron_buttons_set_dlbooks_gates(browser, base_url, edition):
    context, page, problems, _ = open_page(browser, urljoin(base_url, edition + "perceptron/"))
    root = page.locator(".dlbook-widget[data-widget='perceptron'][data-ready]")
    for gate in (OR, NAND, NOR, AND):
        root.locator("button", has_text=re.compile(f"^{gate.name}$")).click()
        state = root.evaluate(STATE)
        assert state["sliders"] == {"w1": gate.w[0], "w2": gate.w[1], "b": gate.b}
        assert [y["value"] for _, y in state["rows"]] == gate(GATE_INPUTS).tolist()
        assert check_against_dlbook("perceptron", state) == []
    assert problems == []
    context.close()


def colours(page, widget: str) -> dict:
    return page.evaluate("""w => {
        const root = document.querySelector(`.dlbook-widget[data-widget='${w}']`);
        const fill = s => { const e = root.querySelector(s);
                            return e ? getComputedStyle(e).fill : null; };
        const stroke = s => { const e = root.querySelector(s);
                              return e ? getComputedStyle(e).stroke : null; };
        return {
          background: getComputedStyle(root.querySelector("svg")).backgroundColor,
          text: getComputedStyle(root).color,
          path: stroke(".dlbook-widget__path line, .dlbook-widget__boundary"),
          minimum: fill(".dlbook-widget__minimum, .dlbook-widget__on"),
        };
    }""", widget)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("widget", list(WIDGETS))
def test_the_widget_in_light_and_dark(browser, base_url, artifacts, widget, edition):
    seen = {}
    for scheme, body in [("light", "default"), ("dark", "slate")]:
        path = WIDGETS[widget][0]
        context, page, problems, _ = open_page(browser, urljoin(base_url, edition + path),
                                               scheme, viewport=TALL)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == body
        root = page.locator(f".dlbook-widget[data-widget='{widget}'][data-ready]")
        # below the theme's sticky header, which would cover the top of the screenshot
        root.evaluate("e => window.scrollBy(0, e.getBoundingClientRect().top - 80)")
        seen[scheme] = found = colours(page, widget)
        assert len(set(found.values())) == len(found), found  # all different
        name = f"widget-{widget}-{edition.strip('/') or 'en'}-{scheme}.png"
        root.screenshot(path=str(artifacts / name))
        assert problems == []
        context.close()
    assert seen["light"]["background"] != seen["dark"]["background"]
    assert seen["light"]["text"] != seen["dark"]["text"]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("widget", list(WIDGETS))
def test_without_javascript_the_static_figure_stands_alone(browser, base_url, widget,
                                                          edition):
    path, figure, _, _ = WIDGETS[widget]
    context, page, _, outside = open_page(browser, urljoin(base_url, edition + path),
                                          javascript=False)
    placeholder = page.locator(f".dlbook-widget[data-widget='{widget}']")
    assert placeholder.count() == 1 and placeholder.is_hidden()
    assert placeholder.inner_html() == ""
    image = page.locator(f"article img[src$='figures/{figure}.png']")
    assert image.count() == 1 and image.is_visible()
    image.scroll_into_view_if_needed()
    assert image.evaluate("i => i.complete && i.naturalWidth > 0")
    assert outside == []
    context.close()


SET = """(root, settings) => {
  for (const [name, position] of Object.entries(settings)) {
    const input = root.querySelector(`input[data-name='${name}']`);
    input.value = String(position);
    input.dispatchEvent(new Event("input", {bubbles: true}));
  }
}"""


def largest_difference(widget: str, state: dict) -> float:
    """The largest relative difference between the widget's numbers and dlbook's."""
    s = state["sliders"]
    if widget == "perceptron":
        p = Perceptron([s["w1"], s["w2"]], s["b"])
        pairs = [(a["value"], e) for (a, _), e in zip(state["rows"], p.weighted_sum(
            GATE_INPUTS))]
    elif widget == "descent":
        x = gradient_descent(exact_bowl, [s["x0"], s["x1"]], lr=s["lr"],
                             step_num=int(s["steps"]))
        pairs = list(zip([n["value"] for n in state["notes"][0]["numbers"]],
                         [x[0], x[1], exact_bowl(x)]))
    else:
        pairs = []
        for note in state["notes"]:
            name = note["optimizer"]
            end = optimizer_path(OPTIMIZERS[name](lr=s[f"lr-{name}"]),
                                 steps=int(s["steps"]))[-1]
            pairs += zip([n["value"] for n in note["numbers"]], [*end, np.hypot(*end)])
    return max(abs(a - e) / abs(e) if e else abs(a) for a, e in pairs)


@pytest.mark.parametrize("widget", list(WIDGETS))
def test_random_settings_give_dlbooks_numbers(browser, base_url, widget):
    # Forty seeded random positions of every slider at once, each compared with dlbook.
    rng = np.random.default_rng(16)
    context, page, problems, _ = open_page(browser, urljoin(base_url, WIDGETS[widget][0]))
    root = page.locator(f".dlbook-widget[data-widget='{widget}'][data-ready]")
    ranges = root.evaluate("""root => [...root.querySelectorAll("input[type=range]")]
        .map(e => [e.dataset.name, Number(e.min), Number(e.max), Number(e.step)])""")
    worst, wrong, converging = 0.0, [], 0
    for _ in range(40):
        settings = {}
        for name, low, high, step in ranges:
            k = int(rng.integers(0, round((high - low) / step) + 1))
            settings[name] = float(round(low + k * step, 10))
        root.evaluate(SET, settings)
        state = root.evaluate(STATE)
        wrong += check_against_dlbook(widget, state)
        worst = max(worst, largest_difference(widget, state))
        if widget == "descent":
            s = state["sliders"]
            x = gradient_descent(bowl, [s["x0"], s["x1"]], lr=s["lr"],
                                 step_num=int(s["steps"]))
            converging += bool(np.hypot(*x) <= np.hypot(s["x0"], s["x1"]))
    print(f"{widget}: largest relative difference from dlbook {worst:.1e}")
    if widget == "descent":  # compared with dlbook's own bowl too, as it is
        assert converging >= 10, converging
    assert wrong == []
    assert problems == []
    context.close()
