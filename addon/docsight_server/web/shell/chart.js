// A time-series chart drawn as SVG: lines, min/max bands, threshold bands behind the lines,
// event markers, a tooltip, and zoom and pan (wheel, drag, pinch-free buttons, double-click).
//
// lineChart(container, {
//   series: [{label, points: [[millis, value|null], ...], band: [[millis, lo, hi], ...]}],
//   bands: [{from, to, level: "good"|"warning"|"critical"}],   // horizontal threshold bands
//   markers: [{at: millis, label, severity}],                  // vertical event markers
//   lines: [{value, label, tone}],                             // horizontal reference lines
//   unit: "dBmV", digits: 1, height: 220, label: "Accessible name", range: [from, to],
// })
// The <svg> carries data-points: the number of drawn points of the visible window.

import { h } from "./dom.js";
import { t, language } from "./i18n.js";
import { num } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const MARGIN = { top: 8, right: 12, bottom: 24, left: 44 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];

function svg(tag, attrs = {}) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return element;
}

/** Nice tick values (1, 2, 5 × 10^n) covering [lo, hi]. */
export function niceTicks(lo, hi, wanted = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / wanted;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/** Time ticks for [from, to] spaced at least `minGap` pixels apart over `width` pixels. */
export function timeTicks(from, to, width, minGap = 80) {
  const most = Math.max(1, Math.floor(width / minGap));
  const step = TIME_STEPS.find((s) => (to - from) / s <= most) ?? TIME_STEPS.at(-1);
  const offset = step >= DAY ? new Date(from).getTimezoneOffset() * MINUTE : 0;
  const ticks = [];
  for (let v = Math.ceil((from - offset) / step) * step + offset; v <= to; v += step) ticks.push(v);
  return { ticks, step };
}

function tickLabel(value, step, span) {
  let options = { hour: "2-digit", minute: "2-digit" };
  if (step >= DAY) options = { day: "2-digit", month: "2-digit" };
  else if (span > DAY) options = { day: "2-digit", month: "2-digit", hour: "2-digit" };
  return new Intl.DateTimeFormat(language(), options).format(value);
}

/** A y-axis label that fits the margin: "900K" / "1,2 Mio." for large values. */
function axisLabel(value, hi, lo) {
  if (Math.max(Math.abs(hi), Math.abs(lo)) >= 10_000) {
    return new Intl.NumberFormat(language(), { notation: "compact", maximumFractionDigits: 1 }).format(value);
  }
  return num(value, Math.abs(hi - lo) < 5 ? 1 : 0);
}

/** Index of the first point at or after `at` (points sorted by time). */
function lowerBound(points, at) {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid][0] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function visible(points, from, to) {
  const start = Math.max(0, lowerBound(points, from) - 1);
  const end = Math.min(points.length, lowerBound(points, to) + 1);
  return points.slice(start, end);
}

function extent(options, from, to) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const series of options.series) {
    if (series.hidden) continue;
    for (const [, v] of visible(series.points || [], from, to)) if (v !== null && v !== undefined) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    for (const [, a, b] of visible(series.band || [], from, to)) {
      if (a !== null && a !== undefined) lo = Math.min(lo, a);
      if (b !== null && b !== undefined) hi = Math.max(hi, b);
    }
  }
  for (const reference of options.lines || []) { lo = Math.min(lo, reference.value); hi = Math.max(hi, reference.value); }
  if (lo === Infinity) return [0, 1];
  if (options.yMin !== undefined) lo = Math.min(lo, options.yMin);
  if (options.yMax !== undefined) hi = Math.max(hi, options.yMax);
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(hi) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

function timeExtent(options) {
  if (options.range) return options.range;
  let from = Infinity;
  let to = -Infinity;
  for (const series of options.series) {
    const points = series.points?.length ? series.points : series.band || [];
    if (points.length) { from = Math.min(from, points[0][0]); to = Math.max(to, points.at(-1)[0]); }
  }
  if (from === Infinity) { to = Date.now(); from = to - DAY; }
  if (from === to) { from -= HOUR; to += HOUR; }
  return [from, to];
}

function pathOf(points, x, y) {
  let d = "";
  let pen = false;
  for (const [at, value] of points) {
    if (value === null || value === undefined) { pen = false; continue; }
    d += `${pen ? "L" : "M"}${x(at).toFixed(1)},${y(value).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function bandOf(band, x, y) {
  const runs = [];
  let run = [];
  for (const point of band) {
    if (point[1] === null || point[2] === null || point[1] === undefined || point[2] === undefined) { if (run.length) runs.push(run); run = []; continue; }
    run.push(point);
  }
  if (run.length) runs.push(run);
  return runs.map((r) => {
    const top = r.map(([at, , hi], i) => `${i ? "L" : "M"}${x(at).toFixed(1)},${y(hi).toFixed(1)}`).join("");
    const bottom = r.slice().reverse().map(([at, lo]) => `L${x(at).toFixed(1)},${y(lo).toFixed(1)}`).join("");
    return `${top}${bottom}Z`;
  }).join("");
}

/** Draw a chart into `container`; returns {update(options), svg}. */
export function lineChart(container, initial) {
  let options = initial;
  let full = timeExtent(options);
  let view = full.slice();
  const figure = h("figure", { class: "chart" });
  const plot = h("div", { class: "chart-plot" });
  const tooltip = h("div", { class: "chart-tooltip", hidden: true, role: "presentation" });
  const legend = h("div", { class: "chart-legend" });
  const tools = h("div", { class: "chart-tools" },
    h("button", { type: "button", class: "icon", "aria-label": t("chart.zoom_in"), title: t("chart.zoom_in"), onclick: () => zoom(0.5) }, "+"),
    h("button", { type: "button", class: "icon", "aria-label": t("chart.zoom_out"), title: t("chart.zoom_out"), onclick: () => zoom(2) }, "−"),
    h("button", { type: "button", class: "icon", "aria-label": t("chart.reset"), title: t("chart.reset"), onclick: () => { view = full.slice(); draw(); } }, "⟲"));
  const root = svg("svg", { role: "img", class: "chart-svg" });
  const title = svg("title");
  root.append(title);
  plot.append(root, tooltip);
  figure.append(tools, plot, legend);
  container.append(figure);
  let scales = null;
  let drawnWidth = 0;

  function zoom(factor, centre = (view[0] + view[1]) / 2) {
    const span = Math.max(MINUTE * 10, (view[1] - view[0]) * factor);
    const share = (centre - view[0]) / (view[1] - view[0]);
    let from = centre - span * share;
    let to = from + span;
    if (to - from >= full[1] - full[0]) { view = full.slice(); draw(); return; }
    if (from < full[0]) { to += full[0] - from; from = full[0]; }
    if (to > full[1]) { from -= to - full[1]; to = full[1]; }
    view = [from, to];
    draw();
  }

  function pan(millis) {
    const span = view[1] - view[0];
    const from = Math.min(Math.max(full[0], view[0] + millis), full[1] - span);
    view = [from, from + span];
    draw();
  }

  function draw() {
    drawnWidth = plot.clientWidth;
    const width = Math.max(200, plot.clientWidth || container.clientWidth || 600);
    const height = options.height || 220;
    root.setAttribute("viewBox", `0 0 ${width} ${height}`);
    root.setAttribute("width", width);
    root.setAttribute("height", height);
    title.textContent = options.label || "";
    root.setAttribute("aria-label", options.label || "");
    for (const child of [...root.children]) if (child !== title) child.remove();
    const [from, to] = view;
    const [lo, hi] = extent(options, from, to);
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = height - MARGIN.top - MARGIN.bottom;
    const x = (at) => MARGIN.left + ((at - from) / (to - from)) * innerW;
    const y = (v) => MARGIN.top + (1 - (v - lo) / (hi - lo)) * innerH;
    scales = { x, from, to, innerW };
    const clipId = `clip-${Math.random().toString(36).slice(2, 8)}`;
    const clip = svg("clipPath", { id: clipId });
    clip.append(svg("rect", { x: MARGIN.left, y: MARGIN.top, width: innerW, height: innerH }));
    root.append(clip);
    const layer = svg("g", { "clip-path": `url(#${clipId})` });
    for (const band of options.bands || []) {
      const top = y(Math.min(hi, band.to));
      const bottom = y(Math.max(lo, band.from));
      if (bottom > top) layer.append(svg("rect", { class: `threshold ${band.level}`, x: MARGIN.left, y: top, width: innerW, height: bottom - top }));
    }
    const grid = svg("g", { class: "grid" });
    for (const value of niceTicks(lo, hi, Math.max(2, Math.floor(innerH / 40)))) {
      grid.append(svg("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(value), y2: y(value) }));
      const label = svg("text", { x: MARGIN.left - 6, y: y(value) + 4, "text-anchor": "end", class: "axis" });
      label.textContent = axisLabel(value, hi, lo);
      grid.append(label);
    }
    const { ticks, step } = timeTicks(from, to, innerW);
    for (const at of ticks) {
      const label = svg("text", { x: x(at), y: height - 6, "text-anchor": "middle", class: "axis" });
      label.textContent = tickLabel(at, step, to - from);
      grid.append(label);
    }
    root.append(grid, layer);
    let drawn = 0;
    options.series.forEach((series, index) => {
      if (series.hidden) return;
      const tone = `s${series.tone ?? index}`;
      if (series.band?.length) layer.append(svg("path", { class: `band ${tone}`, d: bandOf(visible(series.band, from, to), x, y) }));
      if (series.points?.length) {
        const shown = visible(series.points, from, to);
        drawn += shown.filter(([at, v]) => v !== null && v !== undefined && at >= from && at <= to).length;
        layer.append(svg("path", { class: `line ${tone}`, d: pathOf(shown, x, y) }));
      }
    });
    for (const reference of options.lines || []) {
      if (reference.value < lo || reference.value > hi) continue;
      const line = svg("line", { class: `reference s${reference.tone ?? 0}`, x1: MARGIN.left, x2: MARGIN.left + innerW, y1: y(reference.value), y2: y(reference.value) });
      const label = svg("title");
      label.textContent = reference.label || "";
      line.append(label);
      layer.append(line);
    }
    for (const marker of options.markers || []) {
      if (marker.at < from || marker.at > to) continue;
      const line = svg("line", { class: `marker ${marker.severity || "info"}`, x1: x(marker.at), x2: x(marker.at), y1: MARGIN.top, y2: MARGIN.top + innerH });
      const label = svg("title");
      label.textContent = marker.label || "";
      line.append(label);
      layer.append(line);
    }
    root.append(svg("line", { class: "cursor", x1: -10, x2: -10, y1: MARGIN.top, y2: MARGIN.top + innerH }));
    root.dataset.points = String(drawn);
    root.dataset.from = String(Math.round(from));
    root.dataset.to = String(Math.round(to));
    figure.dataset.zoomed = String(from > full[0] || to < full[1]);
    drawLegend();
  }

  function drawLegend() {
    legend.replaceChildren(...options.series.map((series, index) =>
      h("button", {
        type: "button",
        class: `legend-item s${series.tone ?? index}`,
        "aria-pressed": String(!series.hidden),
        onclick: () => { series.hidden = !series.hidden; draw(); },
      }, h("span", { class: "swatch", "aria-hidden": "true" }), series.label)));
  }

  function nearest(points, at) {
    const i = lowerBound(points, at);
    const candidates = [points[i - 1], points[i]].filter(Boolean);
    return candidates.sort((a, b) => Math.abs(a[0] - at) - Math.abs(b[0] - at))[0];
  }

  function showTooltip(event) {
    if (!scales) return;
    const box = root.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * Number(root.getAttribute("width"));
    const at = scales.from + ((px - MARGIN.left) / scales.innerW) * (scales.to - scales.from);
    if (at < scales.from || at > scales.to) { hideTooltip(); return; }
    const rows = [];
    let when = null;
    options.series.forEach((series, index) => {
      if (series.hidden || !series.points?.length) return;
      const point = nearest(series.points, at);
      if (!point) return;
      when = when ?? point[0];
      rows.push(h("div", { class: `s${series.tone ?? index}` }, h("span", { class: "swatch" }), `${series.label}: ${num(point[1], options.digits ?? 1)}${options.unit ? ` ${options.unit}` : ""}`));
    });
    if (when === null) { hideTooltip(); return; }
    const cursor = root.querySelector(".cursor");
    cursor.setAttribute("x1", scales.x(when));
    cursor.setAttribute("x2", scales.x(when));
    tooltip.replaceChildren(h("div", { class: "muted" }, new Intl.DateTimeFormat(language(), { dateStyle: "short", timeStyle: "short" }).format(when)), ...rows);
    tooltip.hidden = false;
    const left = Math.min(box.width - tooltip.offsetWidth - 4, Math.max(4, event.clientX - box.left + 12));
    tooltip.style.left = `${left}px`;
  }

  function hideTooltip() {
    tooltip.hidden = true;
    root.querySelector(".cursor")?.setAttribute("x1", -10);
    root.querySelector(".cursor")?.setAttribute("x2", -10);
  }

  let dragFrom = null;
  root.addEventListener("pointerdown", (event) => { dragFrom = event.clientX; root.setPointerCapture(event.pointerId); });
  root.addEventListener("pointerup", () => { dragFrom = null; });
  root.addEventListener("pointermove", (event) => {
    if (dragFrom !== null && event.buttons) {
      const box = root.getBoundingClientRect();
      const moved = event.clientX - dragFrom;
      dragFrom = event.clientX;
      pan((-moved / box.width) * (view[1] - view[0]) * (Number(root.getAttribute("width")) / scales.innerW));
      return;
    }
    showTooltip(event);
  });
  root.addEventListener("pointerleave", hideTooltip);
  // Ctrl/Cmd + wheel zooms; a sideways wheel pans; a plain wheel scrolls the page as usual.
  root.addEventListener("wheel", (event) => {
    if (!scales) return;
    const box = root.getBoundingClientRect();
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      const px = ((event.clientX - box.left) / box.width) * Number(root.getAttribute("width"));
      const centre = scales.from + ((px - MARGIN.left) / scales.innerW) * (scales.to - scales.from);
      zoom(event.deltaY > 0 ? 1.25 : 0.8, centre);
    } else if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      event.preventDefault();
      pan((event.deltaX / box.width) * (view[1] - view[0]));
    }
  }, { passive: false });
  root.addEventListener("dblclick", () => { view = full.slice(); draw(); });

  const observer = new ResizeObserver(() => {
    if (plot.clientWidth && plot.clientWidth !== drawnWidth) { drawnWidth = plot.clientWidth; draw(); }
  });
  observer.observe(plot);
  draw();

  return {
    svg: root,
    /** Replace the data (keeps the zoom when the time range is unchanged). */
    update(next) {
      options = next;
      const nextFull = timeExtent(options);
      if (nextFull[0] !== full[0] || nextFull[1] !== full[1]) { full = nextFull; view = full.slice(); }
      draw();
    },
    /** Show [from, to] (millis) within the data's range. */
    setView(from, to) { view = [Math.max(full[0], from), Math.min(full[1], to)]; draw(); },
    destroy() { observer.disconnect(); figure.remove(); },
  };
}
