// Interactive figures: sliders that move a picture, on chapters 1, 6 and 8.
//
// A page asks for one with an empty placeholder right after the static figure it animates,
//   <div class="dlbook-widget" data-widget="perceptron"></div>
// and this script fills it in (the CSS hides it while it is empty, so a page read without
// JavaScript shows the static figure and its prose only). Labels follow the page's
// language (<html lang>). No library: SVG drawn by hand, plain <input type="range">.
//
// Each widget computes what the chapter's Python computes, with the same formulas in the
// same order and JavaScript's float64 numbers, so the numbers it shows are dlbook's
// (tests/browser/test_widgets.py moves the sliders and compares them with dlbook):
// - perceptron: dlbook.perceptron.Perceptron, a = x @ w + b, y = 1 if a > 0 else 0;
// - descent: dlbook.gradient.gradient_descent(bowl, ...) with numerical_gradient (h = 1e-4).
//   One difference: bowl's x[0] ** 2 is the C library's pow(), which (glibc, measured) is
//   1 bit away from the exactly rounded square x * x for about 1 number in 1,300. That
//   last bit matters where rounding dominates the central difference: near the minimum
//   (differences below 1e-11) and in a walk that runs away (differences that grow with
//   it). The widget squares exactly: what gradient_descent gives with x[0] * x[0];
// - optimizers: dlbook.optimizers.optimizer_path with SGD, Momentum, AdaGrad, RMSProp, Adam.
// Every number shown also sits, unrounded, in a data-value attribute.
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";

  function korean() {
    return (document.documentElement.lang || "").toLowerCase().startsWith("ko");
  }

  function say(en, ko) {
    return korean() ? ko : en;
  }

  // An HTML element: el("div", {class: "x"}, child, "text", ...).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    node.append(...children);
    return node;
  }

  // An SVG element, same arguments as el.
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    node.append(...children);
    return node;
  }

  // A number for a reader: 6 significant digits ("-0.0345877", "1.23457e+13").
  function show(v) {
    if (!Number.isFinite(v)) return String(v);
    if (v === 0) return "0";
    const text = v.toPrecision(6);
    if (!text.includes("e")) return String(Number(text));
    const [mantissa, exponent] = text.split("e");
    return `${Number(mantissa)}e${exponent}`;
  }

  // A number in a cell: shown rounded, kept whole in data-value for the tests.
  function numberCell(tag, value, text) {
    const node = el(tag, { "data-value": String(value) }, text === undefined ? show(value)
      : text);
    return node;
  }

  let serial = 0;

  // A labelled slider with its live value. values: the list of values it steps through
  // (a range input over their indices), or {min, max, step}. Returns {row, input, value()}.
  function slider(name, label, spec, initial, onChange) {
    const id = `dlbook-widget-${++serial}`;
    const list = Array.isArray(spec) ? spec : null;
    const input = el("input", { type: "range", id, "data-name": name });
    if (list) {
      input.min = "0";
      input.max = String(list.length - 1);
      input.step = "1";
      input.value = String(list.indexOf(initial));
    } else {
      input.min = String(spec.min);
      input.max = String(spec.max);
      input.step = String(spec.step);
      input.value = String(initial);
    }
    const output = el("output", { for: id, "data-name": name });
    const value = () => (list ? list[Number(input.value)] : Number(input.value));
    const refresh = () => {
      const v = value();
      output.textContent = String(v);
      output.setAttribute("data-value", String(v));
      input.setAttribute("aria-valuetext", String(v));
    };
    refresh();
    input.addEventListener("input", () => {
      refresh();
      onChange();
    });
    const row = el("div", { class: "dlbook-widget__slider" },
      el("label", { for: id }, label), input, output);
    return {
      row, input, value,
      set(v) {
        input.value = String(list ? list.indexOf(v) : v);
        refresh();
      },
    };
  }

  function button(text, onClick) {
    const node = el("button", { type: "button", class: "dlbook-widget__button" }, text);
    node.addEventListener("click", onClick);
    return node;
  }

  // Maps the box [x0, x1] x [y0, y1] of the plane onto a width x height picture.
  function frame(xlim, ylim, width) {
    const height = width * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0]);
    return {
      width, height,
      x: (v) => (v - xlim[0]) / (xlim[1] - xlim[0]) * width,
      y: (v) => (ylim[1] - v) / (ylim[1] - ylim[0]) * height,
    };
  }

  function picture(f, label) {
    return svg("svg", {
      viewBox: `0 0 ${f.width} ${f.height}`, role: "img", "aria-label": label,
      class: "dlbook-widget__plot",
    });
  }

  function star(f, x, y, size) {
    const points = [];
    for (let k = 0; k < 10; k++) {
      const r = k % 2 ? size * 0.45 : size;
      const angle = Math.PI / 2 + k * Math.PI / 5;
      points.push(`${f.x(x) + r * Math.cos(angle)},${f.y(y) - r * Math.sin(angle)}`);
    }
    return svg("polygon", { points: points.join(" "), class: "dlbook-widget__minimum" });
  }

  // The part of the segment p-q inside the box [x0, x1] x [y0, y1] (Liang-Barsky), or
  // null. A runaway walk reaches 1e13 and beyond: SVG cannot take such coordinates.
  function clipSegment([px, py], [qx, qy], [x0, x1], [y0, y1]) {
    let t0 = 0;
    let t1 = 1;
    const dx = qx - px;
    const dy = qy - py;
    for (const [p, q] of [[-dx, px - x0], [dx, x1 - px], [-dy, py - y0], [dy, y1 - py]]) {
      if (p === 0) {
        if (q < 0) return null;
      } else {
        const t = q / p;
        if (p < 0) t0 = Math.max(t0, t);
        else t1 = Math.min(t1, t);
      }
    }
    if (t0 > t1 || !Number.isFinite(t0) || !Number.isFinite(t1)) return null;
    return [[px + t0 * dx, py + t0 * dy], [px + t1 * dx, py + t1 * dy]];
  }

  // The walk through points, drawn where it crosses the picture.
  function pathOf(f, points) {
    const group = svg("g", { class: "dlbook-widget__path" });
    const pixels = points.map(([a, b]) => [f.x(a), f.y(b)]);
    const xbox = [-10, f.width + 10];
    const ybox = [-10, f.height + 10];
    for (let i = 1; i < pixels.length; i++) {
      const part = clipSegment(pixels[i - 1], pixels[i], xbox, ybox);
      if (part) {
        group.append(svg("line", { x1: part[0][0], y1: part[0][1], x2: part[1][0],
          y2: part[1][1] }));
      }
    }
    for (const [x, y] of pixels) {
      if (x >= xbox[0] && x <= xbox[1] && y >= ybox[0] && y <= ybox[1]) {
        group.append(svg("circle", { cx: x, cy: y, r: 2.2 }));
      }
    }
    return group;
  }

  // --- chapter 1: a perceptron ---------------------------------------------------------
  const GATE_INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]];
  // dlbook/perceptron.py's gates: w1, w2, b
  const GATES = {
    AND: [1, 1, -1.5], OR: [1, 1, -0.5], NAND: [-1, -1, 1.5], NOR: [-1, -1, 0.5],
  };

  // Perceptron.weighted_sum and forward: a = x @ w + b, y = step_function(a).
  function perceptron(w1, w2, b) {
    return GATE_INPUTS.map(([x1, x2]) => {
      const a = (x1 * w1 + x2 * w2) + b;
      return { x1, x2, a, y: a > 0 ? 1 : 0 };
    });
  }

  // The part of the polygon where w1 x1 + w2 x2 + b > 0 (Sutherland-Hodgman, one edge).
  function clipHalfPlane(polygon, w1, w2, b) {
    const side = ([p, q]) => w1 * p + w2 * q + b;
    const out = [];
    for (let i = 0; i < polygon.length; i++) {
      const p = polygon[i];
      const q = polygon[(i + 1) % polygon.length];
      const sp = side(p);
      const sq = side(q);
      if (sp > 0) out.push(p);
      if ((sp > 0) !== (sq > 0) && sp !== sq) {
        const t = sp / (sp - sq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
    return out;
  }

  // The boundary as text, "x1 + x2 - 1.5 = 0" (dlbook/plotting/perceptron.py's label).
  function boundaryLabel(w1, w2, b) {
    let text = "";
    for (const [coef, name] of [[w1, "x1"], [w2, "x2"], [b, ""]]) {
      if (coef === 0) continue;
      const size = name && Math.abs(coef) === 1 ? "" : String(Math.abs(coef));
      text += ` ${coef < 0 ? "-" : "+"} ${size}${name}`;
    }
    if (!text) return "0 = 0";
    return `${text[1] === "+" ? text.slice(3) : "-" + text.slice(3)} = 0`;
  }

  function perceptronWidget(root) {
    const lim = [-0.5, 1.5];
    const f = frame(lim, lim, 300);
    const plot = picture(f, say(
      "The input plane: the decision line of the perceptron and the four inputs",
      "입력 평면: 퍼셉트론의 결정 경계와 네 입력"));
    const grid = svg("g", { class: "dlbook-widget__grid" });
    for (const v of [0, 1]) {
      grid.append(svg("line", { x1: f.x(v), x2: f.x(v), y1: 0, y2: f.height }));
      grid.append(svg("line", { x1: 0, x2: f.width, y1: f.y(v), y2: f.y(v) }));
      grid.append(svg("text", { x: f.x(v) + 3, y: f.height - 4 }, String(v)));
      grid.append(svg("text", { x: 3, y: f.y(v) - 3 }, String(v)));
    }
    grid.append(svg("text", { x: f.width - 18, y: f.height - 4 }, "x1"));
    grid.append(svg("text", { x: 3, y: 12 }, "x2"));
    const region = svg("polygon", { class: "dlbook-widget__region" });
    const line = svg("line", { class: "dlbook-widget__boundary" });
    const dots = svg("g", {});
    plot.append(region, grid, line, dots);

    const body = el("tbody", {});
    const table = el("table", { class: "dlbook-widget__table" },
      el("thead", {}, el("tr", {}, el("th", {}, "x1"), el("th", {}, "x2"),
        el("th", {}, "w1·x1 + w2·x2 + b"), el("th", {}, say("output y", "출력 y")))),
      body);
    const equation = el("p", { class: "dlbook-widget__note", "aria-live": "polite" });

    const range = { min: -2, max: 2, step: 0.1 };
    const sliders = {};
    const update = () => {
      const [w1, w2, b] = ["w1", "w2", "b"].map((k) => sliders[k].value());
      const rows = perceptron(w1, w2, b);
      const square = [[lim[0], lim[0]], [lim[1], lim[0]], [lim[1], lim[1]], [lim[0], lim[1]]];
      region.setAttribute("points", clipHalfPlane(square, w1, w2, b)
        .map(([p, q]) => `${f.x(p)},${f.y(q)}`).join(" "));
      let ends = null;
      if (w2 !== 0) {
        ends = lim.map((p) => [p, -(w1 * p + b) / w2]);
      } else if (w1 !== 0) {
        ends = lim.map((q) => [-b / w1, q]);
      }
      line.style.display = ends ? "" : "none";
      if (ends) {
        line.setAttribute("x1", f.x(ends[0][0]));
        line.setAttribute("y1", f.y(ends[0][1]));
        line.setAttribute("x2", f.x(ends[1][0]));
        line.setAttribute("y2", f.y(ends[1][1]));
      }
      dots.replaceChildren(...rows.map((r) => svg("circle", {
        cx: f.x(r.x1), cy: f.y(r.x2), r: 8,
        class: r.y ? "dlbook-widget__on" : "dlbook-widget__off",
      })));
      body.replaceChildren(...rows.map((r) => el("tr", { "data-row": `${r.x1}${r.x2}` },
        el("td", {}, String(r.x1)), el("td", {}, String(r.x2)),
        numberCell("td", r.a, String(Number(r.a.toFixed(6)))),
        numberCell("td", r.y, String(r.y)))));
      const fires = rows.filter((r) => r.y).map((r) => `(${r.x1}, ${r.x2})`);
      equation.textContent = ends ? say(
        `The line ${boundaryLabel(w1, w2, b)}; output 1 for ` +
        `${fires.length ? fires.join(", ") : "no input"}.`,
        `경계 ${boundaryLabel(w1, w2, b)}, 출력이 1인 입력: ` +
        `${fires.length ? fires.join(", ") : "없음"}.`)
        : say("w1 = w2 = 0: no line, the same output for every input.",
          "w1 = w2 = 0: 경계가 없고, 모든 입력의 출력이 같다.");
    };
    const [w1, w2, b] = GATES.AND;
    sliders.w1 = slider("w1", "w1", range, w1, update);
    sliders.w2 = slider("w2", "w2", range, w2, update);
    sliders.b = slider("b", "b", range, b, update);
    const presets = el("div", { class: "dlbook-widget__presets" },
      el("span", {}, say("Set to", "게이트로 맞추기")),
      ...Object.entries(GATES).map(([name, [p, q, r]]) => button(name, () => {
        sliders.w1.set(p);
        sliders.w2.set(q);
        sliders.b.set(r);
        update();
      })));
    root.append(
      el("p", { class: "dlbook-widget__title" }, say("Try it: a perceptron you set by hand",
        "직접 해 보기: 손으로 정하는 퍼셉트론")),
      el("div", { class: "dlbook-widget__body" }, plot,
        el("div", { class: "dlbook-widget__controls" },
          sliders.w1.row, sliders.w2.row, sliders.b.row, presets, table, equation)));
    update();
  }

  // --- chapter 6: gradient descent on the bowl -----------------------------------------
  // dlbook.gradient.bowl: x[0]**2 + x[1]**2
  function bowl(x) {
    return x[0] * x[0] + x[1] * x[1];
  }

  // dlbook.gradient.numerical_gradient: central differences, one element at a time.
  function numericalGradient(f, x, h = 1e-4) {
    const grad = x.map(() => 0);
    for (let i = 0; i < x.length; i++) {
      const original = x[i];
      x[i] = original + h;
      const fPlus = f(x);
      x[i] = original - h;
      const fMinus = f(x);
      x[i] = original;
      grad[i] = (fPlus - fMinus) / (2 * h);
    }
    return grad;
  }

  // dlbook.gradient.gradient_descent(f, init_x, lr, step_num, path=True)[1]
  function gradientDescent(f, initX, lr, stepNum) {
    const x = initX.slice();
    const visited = [x.slice()];
    for (let s = 0; s < stepNum; s++) {
      const grad = numericalGradient(f, x);
      for (let i = 0; i < x.length; i++) x[i] -= lr * grad[i];
      visited.push(x.slice());
    }
    return visited;
  }

  const LEARNING_RATES = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5,
    0.6, 0.7, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.2, 1.5, 2, 5, 10];

  function descentWidget(root) {
    const lim = [-5.5, 5.5];
    const f = frame(lim, lim, 320);
    const plot = picture(f, say("Gradient descent on x0² + x1²: the path from the start",
      "x0² + x1²에서 경사 하강법: 출발점부터의 경로"));
    const back = svg("g", { class: "dlbook-widget__grid" });
    for (const r of [1, 2, 3, 4, 5]) {
      back.append(svg("circle", { cx: f.x(0), cy: f.y(0), r: f.x(r) - f.x(0),
        class: "dlbook-widget__contour" }));
    }
    back.append(svg("line", { x1: f.x(0), x2: f.x(0), y1: 0, y2: f.height }));
    back.append(svg("line", { x1: 0, x2: f.width, y1: f.y(0), y2: f.y(0) }));
    back.append(svg("text", { x: f.width - 18, y: f.y(0) - 4 }, "x0"));
    back.append(svg("text", { x: f.x(0) + 4, y: 12 }, "x1"));
    const drawn = svg("g", {});
    plot.append(back, star(f, 0, 0, 7), drawn);
    const result = el("p", { class: "dlbook-widget__note", "aria-live": "polite" });

    const sliders = {};
    const update = () => {
      const lr = sliders.lr.value();
      const start = [sliders.x0.value(), sliders.x1.value()];
      const steps = sliders.steps.value();
      const path = gradientDescent(bowl, start, lr, steps);
      const [a, b] = path[path.length - 1];
      drawn.replaceChildren(pathOf(f, path),
        svg("circle", { cx: f.x(start[0]), cy: f.y(start[1]), r: 4.5,
          class: "dlbook-widget__start" }));
      const away = Math.hypot(a, b) > Math.hypot(...start);
      const outside = path.some(([p, q]) => Math.max(Math.abs(p), Math.abs(q)) > lim[1]);
      result.replaceChildren(
        say(`After ${steps} steps: x = (`, `${steps}걸음 뒤: x = (`),
        numberCell("span", a), ", ", numberCell("span", b),
        "), f(x) = ", numberCell("span", bowl([a, b])), ". ",
        away ? say("Every step overshoots the minimum: the walk flies apart.",
          "걸음마다 최솟값을 지나쳐서 점점 멀어진다.")
          : say(`Each step multiplies x by about ${show(1 - 2 * lr)}.`,
            `한 걸음마다 x에 곱해지는 수: 약 ${show(1 - 2 * lr)}.`),
        outside ? say(" (The path leaves the picture.)", " (경로가 그림 밖으로 나간다.)")
          : "");
      result.setAttribute("data-steps", String(steps));
    };
    sliders.lr = slider("lr", say("learning rate η", "학습률 η"), LEARNING_RATES, 0.1,
      update);
    const coordinate = { min: -5, max: 5, step: 0.1 };
    sliders.x0 = slider("x0", say("start x0", "출발점 x0"), coordinate, -3, update);
    sliders.x1 = slider("x1", say("start x1", "출발점 x1"), coordinate, 4, update);
    sliders.steps = slider("steps", say("steps", "걸음 수"), { min: 1, max: 100, step: 1 },
      20, update);
    const presets = el("div", { class: "dlbook-widget__presets" },
      el("span", {}, say("Set η to", "η 고르기")),
      ...[0.01, 0.1, 0.9, 1.05, 10].map((lr) => button(String(lr), () => {
        sliders.lr.set(lr);
        update();
      })));
    root.append(
      el("p", { class: "dlbook-widget__title" }, say(
        "Try it: gradient descent with your own learning rate and start",
        "직접 해 보기: 학습률과 출발점을 바꿔 가며 경사 하강법")),
      el("div", { class: "dlbook-widget__body" }, plot,
        el("div", { class: "dlbook-widget__controls" }, sliders.lr.row, presets,
          sliders.x0.row, sliders.x1.row, sliders.steps.row, result)));
    update();
  }

  // --- chapter 8: five optimizers in the valley ----------------------------------------
  // dlbook.optimizers.valley_gradient: (x / 10, 2 y)
  function valleyGradient([x, y]) {
    return [x / 10, 2 * y];
  }

  const TINY = 2.2250738585072014e-308; // np.finfo(np.float64).tiny
  const FLUSH_EVERY = 100;

  function flush(a) {
    for (let i = 0; i < a.length; i++) if (Math.abs(a[i]) < TINY) a[i] = 0;
  }

  // One update(params, grads) of each dlbook optimizer, on a point p, in place.
  const OPTIMIZERS = {
    SGD: (lr) => (p, g) => {
      for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
    },
    Momentum: (lr, momentum = 0.9) => {
      const v = [0, 0];
      let t = 0;
      return (p, g) => {
        t += 1;
        for (let i = 0; i < p.length; i++) {
          v[i] *= momentum;
          v[i] -= lr * g[i];
          p[i] += v[i];
        }
        if (t % FLUSH_EVERY === 0) flush(v);
      };
    },
    AdaGrad: (lr, eps = 1e-7) => {
      const h = [0, 0];
      return (p, g) => {
        for (let i = 0; i < p.length; i++) {
          h[i] += g[i] * g[i];
          p[i] -= lr * g[i] / (Math.sqrt(h[i]) + eps);
        }
      };
    },
    RMSProp: (lr, decayRate = 0.99, eps = 1e-7) => {
      const h = [0, 0];
      let t = 0;
      return (p, g) => {
        t += 1;
        for (let i = 0; i < p.length; i++) {
          h[i] *= decayRate;
          h[i] += (1 - decayRate) * g[i] * g[i];
          p[i] -= lr * g[i] / (Math.sqrt(h[i]) + eps);
        }
        if (t % FLUSH_EVERY === 0) flush(h);
      };
    },
    Adam: (lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) => {
      const m = [0, 0];
      const v = [0, 0];
      let t = 0;
      return (p, g) => {
        t += 1;
        for (let i = 0; i < p.length; i++) {
          m[i] *= beta1;
          m[i] += (1 - beta1) * g[i];
          v[i] *= beta2;
          v[i] += (1 - beta2) * g[i] * g[i];
          const step = (m[i] / (1 - beta1 ** t)) * lr;
          const denom = Math.sqrt(v[i] / (1 - beta2 ** t)) + eps;
          p[i] -= step / denom;
        }
        if (t % FLUSH_EVERY === 0) {
          flush(m);
          flush(v);
        }
      };
    },
  };
  // dlbook.optimizers.path_optimizers: the chapter's learning rates on the valley
  const PATH_LEARNING_RATES = { SGD: 0.95, Momentum: 0.1, AdaGrad: 1.5, RMSProp: 0.1,
    Adam: 0.3 };

  // dlbook.optimizers.optimizer_path(optimizer, start=(-7, 2), steps)
  function optimizerPath(update, start, steps) {
    const p = start.slice();
    const path = [p.slice()];
    for (let s = 0; s < steps; s++) {
      update(p, valleyGradient(p));
      path.push(p.slice());
    }
    return path;
  }

  function optimizersWidget(root) {
    const xlim = [-8, 3];
    const ylim = [-2.5, 2.5];
    const panels = [];
    const steps = slider("steps", say("steps (all five)", "걸음 수 (다섯 모두)"),
      { min: 1, max: 100, step: 1 }, 30, () => panels.forEach((p) => p.update()));
    const grid = el("div", { class: "dlbook-widget__panels" });
    for (const [name, lr0] of Object.entries(PATH_LEARNING_RATES)) {
      const f = frame(xlim, ylim, 330);
      const plot = picture(f, say(`The path of ${name} across the valley x²/20 + y²`,
        `골짜기 x²/20 + y²를 지나는 ${name}의 경로`));
      const back = svg("g", { class: "dlbook-widget__grid" });
      for (const level of [0.05, 0.2, 0.5, 1, 2, 3.45, 5]) {
        back.append(svg("ellipse", { cx: f.x(0), cy: f.y(0),
          rx: f.x(Math.sqrt(20 * level)) - f.x(0), ry: f.y(0) - f.y(Math.sqrt(level)),
          class: "dlbook-widget__contour" }));
      }
      const drawn = svg("g", {});
      plot.append(back, star(f, 0, 0, 6), drawn);
      const result = el("p", { class: "dlbook-widget__note", "data-optimizer": name });
      const panel = { name };
      panel.lr = slider(`lr-${name}`, say("learning rate", "학습률"),
        { min: 0.01, max: 2, step: 0.01 }, lr0, () => panel.update());
      panel.update = () => {
        const lr = panel.lr.value();
        const n = steps.value();
        const path = optimizerPath(OPTIMIZERS[name](lr), [-7, 2], n);
        const [x, y] = path[path.length - 1];
        drawn.replaceChildren(pathOf(f, path));
        result.replaceChildren(say(`after ${n} steps: (`, `${n}걸음 뒤: (`),
          numberCell("span", x), ", ", numberCell("span", y), say("), distance ",
            "), 거리 "), numberCell("span", Math.hypot(x, y)));
      };
      grid.append(el("figure", { class: "dlbook-widget__panel", "data-optimizer": name },
        el("figcaption", {}, name), plot, panel.lr.row, result));
      panels.push(panel);
    }
    root.append(
      el("p", { class: "dlbook-widget__title" }, say(
        "Try it: the five optimizers with your own learning rates, from (-7, 2)",
        "직접 해 보기: 학습률을 바꿔 가며 다섯 옵티마이저를 (-7, 2)에서 출발시키기")),
      steps.row, grid);
    panels.forEach((p) => p.update());
  }

  const WIDGETS = {
    perceptron: perceptronWidget,
    descent: descentWidget,
    optimizers: optimizersWidget,
  };

  function fill() {
    for (const root of document.querySelectorAll(".dlbook-widget[data-widget]")) {
      const make = WIDGETS[root.dataset.widget];
      if (!make || root.dataset.ready) continue;
      root.replaceChildren();
      make(root);
      root.dataset.ready = "true";
    }
  }

  // Material emits document$ on every page load (instant navigation too); without it
  // (another theme), fill the page once it is parsed.
  if (typeof document$ !== "undefined") {
    document$.subscribe(fill);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
