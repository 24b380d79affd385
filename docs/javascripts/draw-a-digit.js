// The "Draw a digit" page: a drawing pad, and dlbook's two MNIST networks run on it.
//
// Plain JavaScript, no library. What it computes is what dlbook computes in Python:
// - preprocess() is dlbook.digits.preprocess_digit, step for step (bounding box, area
//   resize to 20 pixels, a move that puts the centre of mass at row 14, column 14);
// - the forward passes are chapter 9's MultiLayerNet (sigmoid hidden layers) and
//   chapter 13's SimpleConvNet (conv, ReLU, 2 x 2 max pooling, affine, ReLU, affine),
//   with the weights hooks/digits.py exports from the .npz files at every build.
// JavaScript numbers are float64, as NumPy's are here: the browser test
// (tests/browser/test_draw_a_digit.py) checks that both give the same probabilities.
// On every other page this script does nothing.
(function () {
  "use strict";

  const SCRIPT = document.currentScript;
  const MNIST_SIZE = 28;
  const DIGIT_BOX = 20;
  const PAD = 280; // the drawing pad, in canvas pixels: ten per MNIST pixel
  const STROKE = 20; // the pen's width on the pad
  const STEP = 10; // how far one arrow key moves the pen

  // --- Preprocessing: dlbook.digits ------------------------------------------------

  // The (nOut, nIn) matrix that resizes nIn pixels to nOut by averaging over areas.
  function areaWeights(nIn, nOut) {
    const step = nIn / nOut;
    const weights = new Float64Array(nOut * nIn);
    for (let o = 0; o < nOut; o++) {
      const start = o * step;
      for (let i = 0; i < nIn; i++) {
        const overlap = Math.min(start + step, i + 1) - Math.max(start, i);
        weights[o * nIn + i] = Math.max(overlap, 0) / step;
      }
    }
    return weights;
  }

  // rows (h, H) @ image (H, W) @ columns (w, W).T: an (h, w) image.
  function mix(rows, image, columns, H, W, h, w) {
    const half = new Float64Array(h * W); // rows @ image
    for (let r = 0; r < h; r++) {
      for (let k = 0; k < H; k++) {
        const weight = rows[r * H + k];
        if (weight === 0) continue;
        for (let c = 0; c < W; c++) half[r * W + c] += weight * image[k * W + c];
      }
    }
    const out = new Float64Array(h * w); // half @ columns.T
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let sum = 0;
        for (let k = 0; k < W; k++) sum += half[r * W + k] * columns[c * W + k];
        out[r * w + c] = sum;
      }
    }
    return out;
  }

  function resizeArea(image, H, W, h, w) {
    return mix(areaWeights(H, h), image, areaWeights(W, w), H, W, h, w);
  }

  function centerOfMass(image, H, W) {
    let mass = 0, row = 0, column = 0;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const v = image[r * W + c];
        mass += v;
        row += r * v;
        column += c * v;
      }
    }
    if (!(mass > 0)) throw new Error("center_of_mass: the image has no ink");
    return [row / mass, column / mass];
  }

  // The (nOut, nIn) matrix that moves nIn pixels down by offset (>= 0), a fraction of a
  // pixel shared between the two pixels it falls between.
  function shiftWeights(offset, nIn, nOut) {
    const whole = Math.floor(offset);
    const fraction = offset - whole;
    const weights = new Float64Array(nOut * nIn);
    for (let i = 0; i < nIn; i++) {
      weights[(whole + i) * nIn + i] = 1 - fraction;
      if (fraction > 0) weights[(whole + i + 1) * nIn + i] = fraction;
    }
    return weights;
  }

  // A drawing (H * W numbers in [0, 1], row by row) as a 28 x 28 MNIST image, or null
  // when nothing is drawn.
  function preprocess(pixels, H, W) {
    let top = H, bottom = -1, left = W, right = -1;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        if (pixels[r * W + c] > 0) {
          if (r < top) top = r;
          if (r > bottom) bottom = r;
          if (c < left) left = c;
          if (c > right) right = c;
        }
      }
    }
    if (bottom < 0) return null;
    const boxH = bottom - top + 1, boxW = right - left + 1;
    const box = new Float64Array(boxH * boxW);
    for (let r = 0; r < boxH; r++) {
      for (let c = 0; c < boxW; c++) box[r * boxW + c] = pixels[(top + r) * W + left + c];
    }
    const longer = Math.max(boxH, boxW);
    const h = Math.max(1, Math.floor((boxH * DIGIT_BOX) / longer + 0.5));
    const w = Math.max(1, Math.floor((boxW * DIGIT_BOX) / longer + 0.5));
    const digit = resizeArea(box, boxH, boxW, h, w);
    const middle = MNIST_SIZE / 2;
    const [row, column] = centerOfMass(digit, h, w);
    const down = Math.min(Math.max(middle - row, 0), MNIST_SIZE - h);
    const across = Math.min(Math.max(middle - column, 0), MNIST_SIZE - w);
    const out = mix(shiftWeights(down, h, MNIST_SIZE), digit,
      shiftWeights(across, w, MNIST_SIZE), h, w, MNIST_SIZE, MNIST_SIZE);
    for (let i = 0; i < out.length; i++) out[i] = Math.min(Math.max(out[i], 0), 1);
    return out;
  }

  // --- The networks ---------------------------------------------------------------

  async function loadNetwork(base, name) {
    const meta = await (await fetch(new URL(name + ".json", base))).json();
    const buffer = await (await fetch(new URL(meta.bin, base))).arrayBuffer();
    const Kind = meta.dtype === "float64" ? Float64Array : Float32Array;
    const all = new Kind(buffer);
    if (all.length !== meta.size) {
      throw new Error(`${meta.bin}: ${all.length} numbers, expected ${meta.size}`);
    }
    const params = {};
    for (const p of meta.params) {
      const count = p.shape.reduce((a, b) => a * b, 1);
      params[p.name] = { shape: p.shape, data: all.subarray(p.offset, p.offset + count) };
    }
    return { meta, params };
  }

  // x (D,) @ W (D, M) + b (M,)
  function affine(x, W, b) {
    const [D, M] = W.shape;
    const out = Float64Array.from(b.data);
    for (let i = 0; i < D; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const row = i * M;
      for (let j = 0; j < M; j++) out[j] += xi * W.data[row + j];
    }
    return out;
  }

  // dlbook.activations.sigmoid: exp only sees -|x|.
  function sigmoid(x) {
    return x.map((v) => {
      const e = Math.exp(-Math.abs(v));
      return v >= 0 ? 1 / (1 + e) : e / (1 + e);
    });
  }

  function relu(x) {
    return x.map((v) => (v > 0 ? v : 0));
  }

  function softmax(scores) {
    const top = Math.max(...scores);
    const e = scores.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  }

  const ACTIVATIONS = { sigmoid, relu };

  // Chapter 9's MultiLayerNet: hidden layers Affine -> activation, then Affine.
  function forwardMLP(net, x) {
    const act = ACTIVATIONS[net.meta.activation];
    const layers = net.meta.sizes.length - 1;
    const hidden = [];
    let z = x;
    for (let l = 1; l < layers; l++) {
      z = act(affine(z, net.params["W" + l], net.params["b" + l]));
      hidden.push(z);
    }
    const scores = affine(z, net.params["W" + layers], net.params["b" + layers]);
    return { scores, hidden };
  }

  // Chapter 13's SimpleConvNet on one image (1, H, W): conv -> ReLU -> 2 x 2 max pool
  // -> Affine -> ReLU -> Affine. The pooled maps are flattened (FN, PH, PW), as
  // dlbook's first Affine layer flattens them.
  function forwardCNN(net, x) {
    const W1 = net.params.W1, b1 = net.params.b1;
    const [FN, C, FH, FW] = W1.shape;
    const [, H, W] = net.meta.input_dim;
    const { stride, pad } = net.meta.conv_param;
    if (C !== 1 || pad !== 0) throw new Error("the page's CNN takes one channel, no pad");
    const OH = (H - FH) / stride + 1, OW = (W - FW) / stride + 1;
    const PH = OH / 2, PW = OW / 2;
    const conv = new Float64Array(OH * OW);
    const pooled = new Float64Array(FN * PH * PW);
    for (let f = 0; f < FN; f++) {
      for (let r = 0; r < OH; r++) {
        for (let c = 0; c < OW; c++) {
          let sum = b1.data[f];
          for (let i = 0; i < FH; i++) {
            for (let j = 0; j < FW; j++) {
              sum += W1.data[(f * FH + i) * FW + j] * x[(r * stride + i) * W + c * stride + j];
            }
          }
          conv[r * OW + c] = sum > 0 ? sum : 0;
        }
      }
      for (let p = 0; p < PH; p++) {
        for (let q = 0; q < PW; q++) {
          const at = 2 * p * OW + 2 * q;
          pooled[(f * PH + p) * PW + q] = Math.max(
            conv[at], conv[at + 1], conv[at + OW], conv[at + OW + 1]);
        }
      }
    }
    const hidden = relu(affine(pooled, net.params.W2, net.params.b2));
    const scores = affine(hidden, net.params.W3, net.params.b3);
    return { scores, maps: pooled, mapShape: [FN, PH, PW], hidden: [hidden] };
  }

  // --- The page's words, in its language -------------------------------------------

  const WORDS = {
    en: {
      pad: "Drawing pad. Draw a digit with the mouse, a finger or a pen; or with the " +
        "keyboard: the arrow keys move the pen, Space puts it down or lifts it.",
      clear: "Clear",
      network: "Network",
      mlp: "MLP (chapter 9)",
      cnn: "CNN (chapter 13)",
      input: "What the network sees (28 × 28)",
      probabilities: "Probabilities",
      answer: "The network reads",
      nothing: "Draw a digit in the pad.",
      hiddenMLP: (sizes) => `Hidden layers: ${sizes.join(" and ")} sigmoid neurons`,
      hiddenCNN: (fn, ph) => `${fn} feature maps after pooling (${ph} × ${ph}), ` +
        "and the 100 ReLU neurons of the hidden Affine layer",
      loading: "Loading the networks…",
      failed: "The networks could not be loaded: ",
      penUp: "pen up",
      penDown: "pen down",
    },
    ko: {
      pad: "그림판. 마우스나 손가락, 펜으로 숫자를 그려 보세요. 키보드로도 그릴 수 " +
        "있습니다: 화살표 키로 펜을 움직이고, 스페이스 키로 펜을 내리거나 듭니다.",
      clear: "지우기",
      network: "신경망",
      mlp: "MLP (9장)",
      cnn: "CNN (13장)",
      input: "신경망이 보는 입력 (28 × 28)",
      probabilities: "확률",
      answer: "신경망이 읽은 숫자",
      nothing: "그림판에 숫자를 그려 보세요.",
      hiddenMLP: (sizes) => `은닉층: 시그모이드 뉴런 ${sizes.join("개와 ")}개`,
      hiddenCNN: (fn, ph) => `풀링을 거친 특징 맵 ${fn}개 (${ph} × ${ph}), ` +
        "그리고 은닉 Affine 계층의 ReLU 뉴런 100개",
      loading: "신경망을 불러오는 중…",
      failed: "신경망을 불러오지 못했습니다: ",
      penUp: "펜 들림",
      penDown: "펜 내림",
    },
  };

  // --- The widget -------------------------------------------------------------------

  function element(tag, attributes, ...children) {
    const e = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === "text") e.textContent = value;
      else e.setAttribute(key, value);
    }
    e.append(...children);
    return e;
  }

  // A colour of the theme (a Material CSS variable), made opaque.
  function themeColor(name, fallback) {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    const probe = document.createElement("canvas").getContext("2d");
    probe.fillStyle = fallback;
    probe.fillStyle = value || fallback;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    return { r, g, b, css: `rgb(${r}, ${g}, ${b})` };
  }

  // Values in [0, high] as cells of a grid, from the background colour to the ink's.
  function drawGrid(canvas, values, rows, columns, high, scale) {
    canvas.width = columns * scale;
    canvas.height = rows * scale;
    const ctx = canvas.getContext("2d");
    const ink = themeColor("--md-default-fg-color", "#000");
    const paper = themeColor("--md-default-bg-color", "#fff");
    const image = ctx.createImageData(columns, rows);
    for (let i = 0; i < rows * columns; i++) {
      const t = i < values.length && high > 0 ? Math.min(values[i] / high, 1) : 0;
      image.data[4 * i] = paper.r + t * (ink.r - paper.r);
      image.data[4 * i + 1] = paper.g + t * (ink.g - paper.g);
      image.data[4 * i + 2] = paper.b + t * (ink.b - paper.b);
      image.data[4 * i + 3] = 255;
    }
    const small = document.createElement("canvas");
    small.width = columns;
    small.height = rows;
    small.getContext("2d").putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  }

  function maximum(values) {
    let top = 0;
    for (const v of values) if (v > top) top = v;
    return top;
  }

  function build(root, words, networks) {
    const strokes = []; // each a list of [x, y] points on the pad
    const pen = { x: PAD / 2, y: PAD / 2, down: false, visible: false };
    let drawing = null; // the stroke the pointer is drawing
    let last = null; // what the page shows: { input, network, probabilities, answer }

    const pad = element("canvas", {
      class: "dlbook-digits__pad", width: PAD, height: PAD, tabindex: "0",
      role: "application", "aria-label": words.pad, "data-digits": "pad",
    });
    const cursor = element("canvas", {
      class: "dlbook-digits__cursor", width: PAD, height: PAD, "aria-hidden": "true",
    });
    const clear = element("button", {
      type: "button", class: "md-button dlbook-digits__clear", "data-digits": "clear",
      text: words.clear,
    });
    const choice = element("fieldset", { class: "dlbook-digits__choice" },
      element("legend", { text: words.network }));
    for (const name of ["mlp", "cnn"]) {
      const input = element("input", {
        type: "radio", name: "dlbook-digits-network", value: name,
        "data-digits": "network-" + name,
      });
      if (name === "mlp") input.checked = true;
      choice.append(element("label", {}, input, " " + words[name]));
    }
    const penState = element("span", {
      class: "dlbook-digits__pen", "aria-live": "polite", "data-digits": "pen",
    });
    const seen = element("canvas", {
      class: "dlbook-digits__input", "data-digits": "input", role: "img",
      "aria-label": words.input,
    });
    const answer = element("output", {
      class: "dlbook-digits__answer", "data-digits": "answer", "aria-live": "polite",
    });
    const bars = element("div", { class: "dlbook-digits__bars", "data-digits": "bars" });
    const rows = [];
    for (let d = 0; d < 10; d++) {
      const fill = element("span", { class: "dlbook-digits__fill" });
      const number = element("span", { class: "dlbook-digits__number", text: "0.0000" });
      const row = element("div", { class: "dlbook-digits__bar", "data-digit": String(d) },
        element("span", { class: "dlbook-digits__digit", text: String(d) }),
        element("span", { class: "dlbook-digits__track" }, fill), number);
      rows.push({ row, fill, number });
      bars.append(row);
    }
    const hiddenTitle = element("p", { class: "dlbook-digits__caption" });
    const hiddenBox = element("div", { class: "dlbook-digits__hidden",
      "data-digits": "hidden" });

    root.replaceChildren(
      element("div", { class: "dlbook-digits__left" },
        element("div", { class: "dlbook-digits__stack" }, pad, cursor),
        element("div", { class: "dlbook-digits__controls" }, clear, penState),
        choice),
      element("div", { class: "dlbook-digits__right" },
        element("p", { class: "dlbook-digits__caption", text: words.input }), seen,
        element("p", { class: "dlbook-digits__caption" },
          words.answer + ": ", answer),
        element("p", { class: "dlbook-digits__caption", text: words.probabilities }),
        bars),
      element("div", { class: "dlbook-digits__below" }, hiddenTitle, hiddenBox));
    root.classList.add("dlbook-digits--ready");

    function network() {
      return choice.querySelector("input:checked").value;
    }

    function paint() {
      const ctx = pad.getContext("2d");
      ctx.clearRect(0, 0, PAD, PAD);
      ctx.strokeStyle = themeColor("--md-default-fg-color", "#000").css;
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = STROKE;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      for (const stroke of strokes) {
        ctx.beginPath();
        ctx.moveTo(stroke[0][0], stroke[0][1]);
        if (stroke.length === 1) ctx.lineTo(stroke[0][0] + 0.01, stroke[0][1]);
        for (const [x, y] of stroke.slice(1)) ctx.lineTo(x, y);
        ctx.stroke();
      }
      const over = cursor.getContext("2d");
      over.clearRect(0, 0, PAD, PAD);
      if (pen.visible) {
        over.strokeStyle = themeColor("--md-accent-fg-color", "#526cfe").css;
        over.fillStyle = over.strokeStyle;
        over.lineWidth = 2;
        over.beginPath();
        over.arc(pen.x, pen.y, STROKE / 2 + 2, 0, 2 * Math.PI);
        if (pen.down) over.fill();
        else over.stroke();
      }
      penState.textContent = pen.visible ? (pen.down ? words.penDown : words.penUp) : "";
    }

    // The ink of the pad: its alpha channel, H * W numbers in [0, 1].
    function ink() {
      const data = pad.getContext("2d").getImageData(0, 0, PAD, PAD).data;
      const out = new Float64Array(PAD * PAD);
      for (let i = 0; i < out.length; i++) out[i] = data[4 * i + 3] / 255;
      return out;
    }

    function show() {
      const input = preprocess(ink(), PAD, PAD);
      const name = network();
      drawGrid(seen, input || [], MNIST_SIZE, MNIST_SIZE, 1, 4);
      hiddenBox.replaceChildren();
      answer.classList.toggle("dlbook-digits__answer--empty", !input);
      if (!input) {
        last = { input: null, network: name, probabilities: null, answer: null };
        answer.textContent = words.nothing;
        for (const { row, fill, number } of rows) {
          fill.style.width = "0%";
          number.textContent = "0.0000";
          row.classList.remove("dlbook-digits__bar--top");
        }
        hiddenTitle.textContent = "";
        return;
      }
      const result = predict(name, input);
      last = { input: Array.from(input), network: name,
        probabilities: result.probabilities, answer: result.predicted };
      answer.textContent = String(result.predicted);
      result.probabilities.forEach((p, d) => {
        rows[d].fill.style.width = (100 * p).toFixed(2) + "%";
        rows[d].number.textContent = p.toFixed(4);
        rows[d].row.classList.toggle("dlbook-digits__bar--top", d === result.predicted);
      });
      if (name === "mlp") {
        hiddenTitle.textContent = words.hiddenMLP(result.hidden.map((h) => h.length));
        for (const h of result.hidden) {
          const columns = 10;
          const grid = element("canvas", { class: "dlbook-digits__units",
            "data-digits": "units" });
          drawGrid(grid, h, Math.ceil(h.length / columns), columns, 1, 14);
          hiddenBox.append(grid);
        }
      } else {
        const [FN, PH, PW] = result.mapShape;
        hiddenTitle.textContent = words.hiddenCNN(FN, PH);
        const top = maximum(result.maps);
        const maps = element("div", { class: "dlbook-digits__maps" });
        for (let f = 0; f < FN; f++) {
          const map = element("canvas", { class: "dlbook-digits__map",
            "data-digits": "map" });
          drawGrid(map, result.maps.subarray(f * PH * PW, (f + 1) * PH * PW), PH, PW,
            top, 4);
          maps.append(map);
        }
        const h = result.hidden[0];
        const grid = element("canvas", { class: "dlbook-digits__units",
          "data-digits": "units" });
        drawGrid(grid, h, 10, 10, maximum(h), 14);
        hiddenBox.append(maps, grid);
      }
    }

    let pending = false;
    function update() {
      paint();
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        show();
      });
    }

    function padPoint(event) {
      const box = pad.getBoundingClientRect();
      return [((event.clientX - box.left) * PAD) / box.width,
        ((event.clientY - box.top) * PAD) / box.height];
    }

    pad.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      pad.setPointerCapture(event.pointerId);
      drawing = [padPoint(event)];
      strokes.push(drawing);
      update();
    });
    pad.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      drawing.push(padPoint(event));
      update();
    });
    for (const type of ["pointerup", "pointercancel"]) {
      pad.addEventListener(type, () => {
        drawing = null;
        update();
      });
    }

    pad.addEventListener("focus", () => {
      pen.visible = true;
      paint();
    });
    pad.addEventListener("blur", () => {
      pen.visible = false;
      pen.down = false;
      paint();
    });
    const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1],
      ArrowDown: [0, 1] };
    pad.addEventListener("keydown", (event) => {
      if (event.key in MOVES) {
        const [dx, dy] = MOVES[event.key];
        pen.x = Math.min(Math.max(pen.x + dx * STEP, 0), PAD);
        pen.y = Math.min(Math.max(pen.y + dy * STEP, 0), PAD);
        if (pen.down) strokes[strokes.length - 1].push([pen.x, pen.y]);
      } else if (event.key === " ") {
        pen.down = !pen.down;
        if (pen.down) strokes.push([[pen.x, pen.y]]);
      } else if (event.key === "Escape") {
        pen.down = false;
      } else {
        return;
      }
      event.preventDefault();
      update();
    });
    clear.addEventListener("click", () => {
      strokes.length = 0;
      pen.down = false;
      update();
    });
    choice.addEventListener("change", update);
    // The theme's colours changed (the light/dark toggle): draw again in the new ones.
    new MutationObserver(update).observe(document.body,
      { attributes: true, attributeFilter: ["data-md-color-scheme"] });

    function predict(name, input) {
      const net = networks[name];
      if (!net) throw new Error(`no network ${name}: choose mlp or cnn`);
      const x = Float64Array.from(input);
      const out = name === "cnn" ? forwardCNN(net, x) : forwardMLP(net, x);
      const probabilities = Array.from(softmax(out.scores));
      const predicted = probabilities.indexOf(Math.max(...probabilities));
      return { ...out, scores: Array.from(out.scores), probabilities, predicted };
    }

    update();
    return {
      predict,
      state() {
        return { ...last, ink: Array.from(ink()), height: PAD, width: PAD,
          strokes: strokes.length };
      },
    };
  }

  const api = {
    MNIST_SIZE,
    DIGIT_BOX,
    preprocess(pixels, height, width) {
      const out = preprocess(pixels, height, width);
      return out && Array.from(out);
    },
  };
  window.dlbookDigits = api;

  const root = document.getElementById("dlbook-digit-pad");
  if (!root) return;
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  const words = WORDS[lang] || WORDS.en;
  root.setAttribute("aria-busy", "true");
  const status = element("p", { class: "dlbook-digits__status", text: words.loading });
  root.replaceChildren(status);
  const base = new URL("../assets/digits/", SCRIPT ? SCRIPT.src : location.href);
  api.ready = Promise.all([loadNetwork(base, "mlp"), loadNetwork(base, "cnn")])
    .then(([mlp, cnn]) => {
      const widget = build(root, words, { mlp, cnn });
      api.predict = widget.predict;
      api.state = widget.state;
      api.networks = { mlp: mlp.meta, cnn: cnn.meta };
      root.removeAttribute("aria-busy");
      return true;
    })
    .catch((error) => {
      status.textContent = words.failed + error.message;
      root.removeAttribute("aria-busy");
      throw error;
    });
})();
