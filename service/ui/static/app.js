// The analyst page: sends the article (or the quotes) to the service's own API and
// shows the answer. User text only ever reaches the page as text (textContent,
// text nodes, attribute values): never as HTML.
"use strict";

(() => {
  const FALLBACK_LABELS = ["pro_negotiation", "territorial_red_line", "nato_opposition"];
  const PRETTY = {
    pro_negotiation: "pro-negotiation",
    territorial_red_line: "territorial red line",
    nato_opposition: "NATO opposition",
  };
  const PALETTE = ["#1a7f4b", "#b3261e", "#1f4fb3", "#8a5a00", "#6b2fa0", "#00707a"];
  const TINTS = ["#d5f0df", "#fadcd8", "#dbe6fb", "#f6e7c8", "#ecdff7", "#d3eef0"];
  const MAX_QUOTES_PER_REQUEST = 256; // the API's limit for POST /classify
  const TOKEN_KEY = "stance-api-token";

  const $ = (id) => document.getElementById(id);
  const state = {
    mode: "article",
    labels: FALLBACK_LABELS.slice(),
    models: null, // POST /model's answer, once known: thresholds per model
    article: null, // {text, answer} of the last article analysed
    lines: null, // {model, results: [{text, labels, scores}]}
    busy: false,
  };

  // ---------- small helpers ----------

  // An element with attributes and children; strings become text nodes (never HTML).
  function el(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of [].concat(children)) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  const pretty = (label) => PRETTY[label] || label.replaceAll("_", " ");
  const colour = (label) => PALETTE[Math.max(state.labels.indexOf(label), 0) % PALETTE.length];
  const tint = (label) => TINTS[Math.max(state.labels.indexOf(label), 0) % TINTS.length];
  const percent = (p) => `${(100 * p).toFixed(1)}%`;

  // Offsets from the API count Unicode code points (Python), not UTF-16 units (JS).
  const codePoints = (text) => Array.from(text);

  function setLabels(labels) {
    if (Array.isArray(labels) && labels.length) state.labels = labels.slice();
    renderLegend();
  }

  // ---------- the API ----------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // Routes are relative to the page (/ui/ -> /), so the page works behind a path prefix.
  const apiUrl = (route) => new URL(`../${route}`, new URL(".", window.location.href));

  function authHeaders() {
    const token = $("token").value.trim();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  async function api(route, body) {
    let response;
    try {
      response = await fetch(apiUrl(route), {
        method: "POST",
        headers: { "content-type": "application/json", ...authHeaders() },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, `Could not reach the service (${error.message}).`);
    }
    const text = await response.text();
    let payload = null;
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
    if (!response.ok) {
      if (response.status === 401) $("token-needed").hidden = false;
      throw new ApiError(response.status, errorMessage(payload, text || response.statusText));
    }
    $("token-needed").hidden = true;
    return payload;
  }

  // The API's message: {"error": ...}, with pydantic's details ("text: String should have ...") if any.
  function errorMessage(payload, fallback) {
    if (!payload || typeof payload !== "object") return fallback;
    if (Array.isArray(payload.detail) && payload.detail.length) {
      return payload.detail
        .map((d) => `${[].concat(d.loc || []).join(".")}: ${d.msg || JSON.stringify(d)}`)
        .join("; ");
    }
    const message = payload.error || payload.detail;
    if (!message) return fallback;
    return typeof message === "string" ? message : JSON.stringify(message);
  }

  async function describeModels() {
    try {
      state.models = (await api("model", {})).models;
      $("token-needed").hidden = true;
      const first = Object.values(state.models)[0];
      if (first) setLabels(first.labels);
      for (const option of $("model").options) {
        const served = state.models[option.value];
        if (served) option.textContent = `${option.value} (${served.tag.split(":").pop()})`;
      }
    } catch {
      // 401 shows the token notice; anything else: the page works without the thresholds
    }
  }

  // ---------- states: busy, error ----------

  function setBusy(busy, text = "Analyzing…") {
    state.busy = busy;
    $("spinner").hidden = !busy;
    $("spinner-text").textContent = text;
    $("analyze").disabled = busy;
    document.querySelector("main").setAttribute("aria-busy", busy ? "true" : "false");
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = false;
  }

  function clearError() {
    $("error").textContent = "";
    $("error").hidden = true;
  }

  function failed(error, what) {
    const prefix = error.status ? `The service refused the ${what} (HTTP ${error.status}): ` : "";
    showError(prefix + error.message);
    if (error.status === 401) $("token").focus();
  }

  // ---------- chips and legend ----------

  function labelChip(label) {
    const chip = el("span", { class: "chip label-chip", text: pretty(label) });
    chip.style.backgroundColor = colour(label);
    return chip;
  }

  // A column heading for a label: a dot of its colour and its name (wraps in narrow tables).
  function labelHeading(label) {
    const dot = el("span", { class: "dot" });
    dot.style.backgroundColor = colour(label);
    return el("span", { class: "label-heading" }, [dot, pretty(label)]);
  }

  function chipsFor(item, id) {
    const chips = el("span", { class: "chips", id });
    chips.append(
      el("span", {
        class: item.speaker ? "chip speaker-chip" : "chip speaker-chip unknown",
        text: item.speaker || "speaker unknown",
      }),
    );
    if (item.kind && item.kind !== "direct") chips.append(el("span", { class: "chip kind-chip", text: item.kind }));
    if (item.labels.length) item.labels.forEach((label) => chips.append(labelChip(label)));
    else chips.append(el("span", { class: "chip none-chip", text: "no stance" }));
    return chips;
  }

  function renderLegend() {
    const legend = $("legend");
    legend.replaceChildren(el("span", { class: "legend-title", text: "Stances:" }));
    for (const label of state.labels) {
      const swatch = el("span", { class: "swatch" });
      swatch.style.backgroundColor = tint(label);
      swatch.style.borderColor = colour(label);
      legend.append(el("span", { class: "legend-item" }, [swatch, pretty(label)]));
    }
    legend.append(el("span", { class: "legend-item" }, [el("span", { class: "swatch none" }), "no stance"]));
    legend.append(
      el("span", { class: "legend-item", id: "legend-indirect", hidden: true }, [
        el("span", { class: "swatch indirect" }),
        "reported speech (dashed)",
      ]),
    );
  }

  function paintMark(mark, labels, reported) {
    if (!labels.length) {
      mark.classList.add("no-stance");
      return;
    }
    mark.style.borderBottomColor = colour(labels[0]);
    if (reported) return; // reported speech: a dashed line of its first stance's colour, no fill
    const tints = labels.map(tint);
    if (tints.length === 1) mark.style.backgroundColor = tints[0];
    else {
      const step = 100 / tints.length;
      const stops = tints.map((c, i) => `${c} ${i * step}% ${(i + 1) * step}%`).join(", ");
      mark.style.backgroundImage = `linear-gradient(to bottom, ${stops})`;
    }
  }

  // ---------- article mode ----------

  function quoteMark(quote) {
    const labels = quote.labels || [];
    const mark = el("mark", {
      class: quote.kind === "indirect" ? "quote indirect" : "quote",
      tabindex: "0",
      role: "button",
      "data-quote": quote.index,
      "data-speaker": quote.speaker || "",
      "data-labels": labels.join(","),
      "data-kind": quote.kind || null,
      "aria-describedby": `chips-${quote.index}`,
      "aria-pressed": "false",
      title: quote.kind === "indirect" ? "Reported speech: why these stances?" : "Why these stances?",
    });
    paintMark(mark, labels, quote.kind === "indirect");
    return mark;
  }

  // The article as text, each quote a <mark>. A quote inside another (a direct quote within
  // reported speech) is marked inside it; one that crosses another's edge is left unmarked.
  function renderArticle(text, answer) {
    const chars = codePoints(text);
    const quotes = answer.quotes
      .map((quote, index) => ({ ...quote, index }))
      .filter((quote) => quote.start >= 0 && quote.start < quote.end && quote.end <= chars.length)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    let next = 0;
    const fill = (container, from, to) => {
      let position = from;
      while (next < quotes.length && quotes[next].start < to) {
        const quote = quotes[next++];
        if (quote.start < position || quote.end > to) continue; // crosses an edge: not marked
        container.append(document.createTextNode(chars.slice(position, quote.start).join("")));
        const mark = quoteMark(quote);
        fill(mark, quote.start, quote.end);
        container.append(mark, chipsFor({ ...quote, labels: quote.labels || [] }, `chips-${quote.index}`));
        position = quote.end;
      }
      container.append(document.createTextNode(chars.slice(position, to).join("")));
    };
    const view = $("article-view");
    view.replaceChildren();
    fill(view, 0, chars.length);
    $("legend-indirect").hidden = !answer.quotes.some((quote) => quote.kind === "indirect");
  }

  function renderSpeakers(answer) {
    const table = $("speakers");
    const head = el("tr", {}, [el("th", { scope: "col", text: "Speaker" }), el("th", { scope: "col", text: "Quotes" })]);
    for (const label of state.labels) {
      const th = el("th", { scope: "col", class: "num" }, [labelHeading(label)]);
      head.append(th);
    }
    table.tHead.replaceChildren(head);
    const body = table.tBodies[0];
    body.replaceChildren();
    const speakers = Object.entries(answer.speakers || {});
    for (const [name, summary] of speakers) {
      const row = el("tr", { "data-speaker-row": true, "data-speaker": name, tabindex: "0" }, [
        el("th", { scope: "row", text: name }),
        el("td", { class: "num", "data-count": "quotes", text: String(summary.quotes) }),
      ]);
      for (const label of state.labels) {
        const count = (summary.stances || {})[label] ?? 0;
        row.append(el("td", { class: count ? "num" : "num zero", "data-count": label, text: String(count) }));
      }
      body.append(row);
    }
    if (!speakers.length) {
      body.append(el("tr", {}, [el("td", { colspan: 2 + state.labels.length, text: "No named speakers." })]));
    }
    const unknown = answer.quotes.filter((q) => !q.speaker).length;
    $("unattributed").textContent = `${answer.quotes.length} quote${answer.quotes.length === 1 ? "" : "s"} found` +
      (unknown ? `; ${unknown} without a named speaker (not in the table).` : ".");
  }

  // Hovering or focusing a speaker's row highlights that speaker's quotes.
  function highlightSpeaker(name) {
    for (const mark of document.querySelectorAll("#article-view mark[data-quote]")) {
      mark.classList.toggle("dimmed", name !== null && mark.dataset.speaker !== name);
    }
  }

  async function analyzeArticle() {
    const text = $("article").value;
    const model = $("model").value;
    const answer = await api("classify_article", { text, model });
    setLabels(answer.quotes.length ? Object.keys(answer.quotes[0].scores) : state.labels);
    state.article = { text, model, answer };
    $("article-model").textContent = answer.model;
    renderArticle(text, answer);
    renderSpeakers(answer);
    $("explanation").hidden = true;
    $("results-article").hidden = false;
    $("downloads").hidden = false;
  }

  // ---------- quote-per-line mode ----------

  async function analyzeLines() {
    const texts = $("lines").value.split("\n").map((line) => line.trim()).filter(Boolean);
    const model = $("model").value;
    const results = [];
    let tag = "";
    // An empty list goes to the API too, so its own message explains what is wrong.
    for (let i = 0; i === 0 || i < texts.length; i += MAX_QUOTES_PER_REQUEST) {
      const chunk = texts.slice(i, i + MAX_QUOTES_PER_REQUEST);
      if (texts.length > MAX_QUOTES_PER_REQUEST) {
        setBusy(true, `Classifying quotes ${i + 1}–${i + chunk.length} of ${texts.length}…`);
      }
      const answer = await api("classify", { quotes: chunk.map((text) => ({ text })), model });
      tag = answer.model;
      answer.results.forEach((result, j) => results.push({ text: chunk[j], ...result }));
    }
    if (results.length) setLabels(Object.keys(results[0].scores));
    state.lines = { model: tag, kind: model, results };
    renderLines();
    $("line-explanation").hidden = true;
    $("results-lines").hidden = false;
    $("downloads").hidden = false;
  }

  function renderLines() {
    const table = $("line-table");
    const head = el("tr", {}, [el("th", { scope: "col", text: "#" }), el("th", { scope: "col", text: "Quote" }),
      el("th", { scope: "col", text: "Stances" })]);
    for (const label of state.labels) head.append(el("th", { scope: "col", class: "num" }, [labelHeading(label)]));
    table.tHead.replaceChildren(head);
    const body = table.tBodies[0];
    body.replaceChildren();
    state.lines.results.forEach((result, i) => {
      const stances = el("td", { class: "chips-cell" });
      if (result.labels.length) result.labels.forEach((label) => stances.append(labelChip(label)));
      else stances.append(el("span", { class: "chip none-chip", text: "no stance" }));
      const row = el("tr", {
        "data-line": i,
        "data-labels": result.labels.join(","),
        tabindex: "0",
        role: "button",
        title: "Why these stances?",
      }, [el("td", { class: "num", text: String(i + 1) }), el("td", { class: "quote-text", text: result.text }), stances]);
      for (const label of state.labels) {
        const score = result.scores[label];
        const cell = el("td", { class: "num score", "data-score": label, text: score.toFixed(3) });
        if (result.labels.includes(label)) cell.classList.add("over");
        row.append(cell);
      }
      body.append(row);
    });
    $("lines-model").textContent = state.lines.model;
  }

  // ---------- explanations ----------

  function threshold(model, label) {
    const served = state.models && state.models[model];
    return served && served.thresholds ? served.thresholds[label] : undefined;
  }

  function renderExplanation(panel, answer, model, speaker) {
    panel.replaceChildren();
    const chars = codePoints(answer.text);
    panel.append(el("h2", { text: "Why these stances" }));
    panel.append(el("p", { class: "explained-by" }, [
      speaker ? `${speaker}, ` : "", `${answer.model}, ${answer.method} (change in ${answer.unit} when a word is removed)`,
    ]));
    const quote = el("blockquote", { class: "explained-quote" });
    panel.append(quote);
    const picker = el("div", { class: "label-picker", role: "group", "aria-label": "Show the words for" });
    panel.append(picker);
    const rows = el("div", { class: "probabilities" });
    panel.append(rows);
    const words = el("div", { class: "words" });
    panel.append(words);

    const showLabel = (label) => {
      for (const button of picker.querySelectorAll("button")) {
        button.setAttribute("aria-pressed", button.dataset.label === label ? "true" : "false");
      }
      const contributions = answer.contributions[label] || [];
      const biggest = Math.max(1e-9, ...contributions.map((w) => Math.abs(w.contribution)));
      // The quote, each word shaded by how much it pushes this label up (colour) or down (grey).
      quote.replaceChildren();
      const byStart = new Map(contributions.map((w) => [w.start, w]));
      let position = 0;
      for (const start of [...byStart.keys()].sort((a, b) => a - b)) {
        const word = byStart.get(start);
        if (word.start < position) continue;
        quote.append(document.createTextNode(chars.slice(position, word.start).join("")));
        const span = el("span", { class: word.contribution >= 0 ? "word up" : "word down",
          title: `${word.contribution >= 0 ? "+" : ""}${word.contribution.toFixed(2)}` });
        span.textContent = chars.slice(word.start, word.end).join("");
        const strength = Math.abs(word.contribution) / biggest;
        span.style.backgroundColor = word.contribution >= 0
          ? `color-mix(in srgb, ${colour(label)} ${Math.round(45 * strength)}%, transparent)`
          : `color-mix(in srgb, #555 ${Math.round(30 * strength)}%, transparent)`;
        quote.append(span);
        position = word.end;
      }
      quote.append(document.createTextNode(chars.slice(position).join("")));
      // The strongest words, as bars left (down) and right (up) of a centre line.
      words.replaceChildren(el("h3", { text: `Words that moved “${pretty(label)}” most` }));
      const list = el("ol", { class: "word-bars" });
      for (const word of contributions.slice(0, 8)) {
        const bar = el("span", { class: word.contribution >= 0 ? "bar up" : "bar down" });
        bar.style.width = `${(50 * Math.abs(word.contribution)) / biggest}%`;
        if (word.contribution >= 0) bar.style.backgroundColor = colour(label);
        list.append(el("li", {}, [
          el("span", { class: "word-name", text: word.word }),
          el("span", { class: "track" }, [bar]),
          el("span", { class: "num", text: `${word.contribution >= 0 ? "+" : "−"}${Math.abs(word.contribution).toFixed(2)}` }),
        ]));
      }
      words.append(list);
    };

    for (const label of state.labels) {
      const p = answer.scores[label] ?? 0;
      const taken = answer.labels.includes(label);
      const t = threshold(model, label);
      const track = el("span", { class: "prob-track" });
      const fill = el("span", { class: "prob-fill" });
      fill.style.width = percent(p);
      fill.style.backgroundColor = colour(label);
      track.append(fill);
      if (t !== undefined) {
        const tick = el("span", { class: "threshold", title: `threshold ${t.toFixed(2)}` });
        tick.style.left = percent(t);
        track.append(tick);
      }
      rows.append(el("div", { class: taken ? "prob-row taken" : "prob-row" }, [
        el("span", { class: "prob-label", text: pretty(label) }),
        track,
        el("span", { class: "num", text: `${percent(p)}${taken ? " ✓" : ""}` }),
      ]));
      const button = el("button", { type: "button", "data-label": label, "aria-pressed": "false" }, [pretty(label)]);
      button.addEventListener("click", () => showLabel(label));
      picker.append(button);
    }
    const strongest = state.labels.slice().sort((a, b) => (answer.scores[b] ?? 0) - (answer.scores[a] ?? 0))[0];
    showLabel(answer.labels[0] || strongest);
    panel.hidden = false;
  }

  async function explainText(text, model, panel, speaker) {
    if (state.busy) return;
    clearError();
    setBusy(true, "Explaining…");
    panel.hidden = false;
    panel.replaceChildren(el("p", { class: "hint", text: "Explaining…" }));
    try {
      renderExplanation(panel, await api("explain", { text, model }), model, speaker);
      panel.scrollIntoView({ block: "nearest" });
    } catch (error) {
      panel.hidden = true;
      failed(error, "explanation");
    } finally {
      setBusy(false);
    }
  }

  function explainMark(mark) {
    const { answer, model } = state.article;
    const quote = answer.quotes[Number(mark.dataset.quote)];
    for (const other of document.querySelectorAll("mark[data-quote][aria-pressed='true']")) {
      other.setAttribute("aria-pressed", "false");
    }
    mark.setAttribute("aria-pressed", "true");
    explainText(quote.text, model, $("explanation"), quote.speaker);
  }

  function explainLine(row) {
    const result = state.lines.results[Number(row.dataset.line)];
    for (const other of document.querySelectorAll("#line-table tr[aria-pressed='true']")) {
      other.setAttribute("aria-pressed", "false");
    }
    row.setAttribute("aria-pressed", "true");
    explainText(result.text, state.lines.kind, $("line-explanation"), null);
  }

  // ---------- downloads ----------

  // A CSV cell; cells a spreadsheet would run as a formula get a leading apostrophe.
  function csvCell(value) {
    let text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }

  const csvLine = (cells) => `${cells.map(csvCell).join(",")}\r\n`;

  function download(name, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  function currentResults() {
    return state.mode === "article" ? state.article && state.article.answer : state.lines;
  }

  function downloadCsv() {
    const labels = state.labels;
    if (state.mode === "article" && state.article) {
      const { answer } = state.article;
      const kinds = answer.quotes.some((q) => q.kind);
      let csv = csvLine(["quote", "start", "end", "speaker", "speaker_as_written", "cue", ...(kinds ? ["kind"] : []),
        "labels", ...labels.map((l) => `score_${l}`), "text", "model"]);
      answer.quotes.forEach((q, i) => {
        csv += csvLine([i + 1, q.start, q.end, q.speaker, q.speaker_as_written, q.cue, ...(kinds ? [q.kind] : []),
          q.labels.join(";"), ...labels.map((l) => q.scores[l]), q.text, answer.model]);
      });
      download("stance-article.csv", "text/csv;charset=utf-8", csv);
    } else if (state.mode === "lines" && state.lines) {
      let csv = csvLine(["line", "labels", ...labels.map((l) => `score_${l}`), "text", "model"]);
      state.lines.results.forEach((r, i) => {
        csv += csvLine([i + 1, r.labels.join(";"), ...labels.map((l) => r.scores[l]), r.text, state.lines.model]);
      });
      download("stance-quotes.csv", "text/csv;charset=utf-8", csv);
    }
  }

  function downloadJson() {
    const results = currentResults();
    if (!results) return;
    const name = state.mode === "article" ? "stance-article.json" : "stance-quotes.json";
    const content = state.mode === "article" ? results : { model: results.model, results: results.results };
    download(name, "application/json", `${JSON.stringify(content, null, 2)}\n`);
  }

  // ---------- modes, wiring ----------

  function setMode(mode) {
    state.mode = mode;
    const tabs = { article: $("tab-article"), lines: $("tab-lines") };
    for (const [name, tab] of Object.entries(tabs)) {
      const selected = name === mode;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      $(tab.getAttribute("aria-controls")).hidden = !selected;
    }
    $("results-article").hidden = mode !== "article" || !state.article;
    $("results-lines").hidden = mode !== "lines" || !state.lines;
    $("downloads").hidden = !currentResults();
    clearError();
  }

  async function analyze() {
    if (state.busy) return;
    clearError();
    setBusy(true);
    try {
      if (state.mode === "article") await analyzeArticle();
      else await analyzeLines();
    } catch (error) {
      $(state.mode === "article" ? "results-article" : "results-lines").hidden = true;
      $("downloads").hidden = true;
      if (state.mode === "article") state.article = null;
      else state.lines = null;
      failed(error, state.mode === "article" ? "article" : "quotes");
    } finally {
      setBusy(false);
    }
  }

  const activates = (event) => event.key === "Enter" || event.key === " ";

  function wire() {
    $("token").value = sessionStorage.getItem(TOKEN_KEY) || "";
    const tokenChanged = () => {
      sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
      describeModels();
    };
    $("token").addEventListener("change", tokenChanged);
    $("settings").addEventListener("submit", (event) => {
      event.preventDefault(); // Enter in the token field: keep it, nothing is sent anywhere
      tokenChanged();
    });
    $("analyze").addEventListener("click", analyze);
    for (const id of ["article", "lines"]) {
      $(id).addEventListener("keydown", (event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) analyze();
      });
    }
    $("article-file").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (file) $("article").value = await file.text();
    });
    $("tab-article").addEventListener("click", () => setMode("article"));
    $("tab-lines").addEventListener("click", () => setMode("lines"));
    document.querySelector(".tabs").addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const next = state.mode === "article" ? "lines" : "article";
      setMode(next);
      $(`tab-${next}`).focus();
    });
    const view = $("article-view");
    view.addEventListener("click", (event) => {
      const mark = event.target.closest("mark[data-quote]");
      if (mark) explainMark(mark);
    });
    view.addEventListener("keydown", (event) => {
      const mark = event.target.closest("mark[data-quote]");
      if (mark && activates(event)) {
        event.preventDefault();
        explainMark(mark);
      }
    });
    const lines = $("line-table");
    lines.addEventListener("click", (event) => {
      const row = event.target.closest("tr[data-line]");
      if (row) explainLine(row);
    });
    lines.addEventListener("keydown", (event) => {
      const row = event.target.closest("tr[data-line]");
      if (row && activates(event)) {
        event.preventDefault();
        explainLine(row);
      }
    });
    const speakers = $("speakers");
    for (const [type, leaving] of [["mouseover", false], ["focusin", false], ["mouseout", true], ["focusout", true]]) {
      speakers.addEventListener(type, (event) => {
        const row = event.target.closest("tr[data-speaker-row]");
        if (row) highlightSpeaker(leaving ? null : row.dataset.speaker);
      });
    }
    $("download-csv").addEventListener("click", downloadCsv);
    $("download-json").addEventListener("click", downloadJson);
    renderLegend();
    describeModels();
  }

  wire();
})();
