// Pieces the channel history and the comparison share: metric charts, the range switch, and
// loading that ignores answers that came too late.
import { h, fill, notice, segmented } from "../../shell/dom.js";
import { lineChart } from "../../shell/chart.js";
import { toMillis } from "../../shell/format.js";

/** The rolling windows the channel charts offer (the API's `range`), with their shared labels. */
export const RANGES = [
  { value: "1d", label: "range.24h" },
  { value: "7d", label: "range.7d" },
  { value: "30d", label: "range.30d" },
];
export const DEFAULT_RANGE = "7d";

/** A range switch named `name` (ids must be unique on the page). */
export function rangeSwitch(name, t, value, onChange) {
  const group = segmented(name, RANGES.map((r) => ({ value: r.value, label: t(r.label) })), value, onChange);
  group.setAttribute("aria-label", t("range_label"));
  return group;
}

/** [millis, value] points of one field of API points (timestamps ISO or epoch seconds). */
export function pointsOf(rows, key) {
  const points = [];
  for (const row of rows) {
    const at = toMillis(row.timestamp);
    if (at !== null) points.push([at, row[key] ?? null]);
  }
  return points;
}

const COUNT_SCALES = [
  { factor: 1e6, unit: "unit_million" },
  { factor: 1e3, unit: "unit_thousand" },
];

/** Divide large counts (so the axis labels fit) and return the scale used, or null. */
export function scaleCounts(seriesList) {
  let most = 0;
  for (const series of seriesList) for (const [, v] of series.points) if (v !== null) most = Math.max(most, Math.abs(v));
  const scale = COUNT_SCALES.find((s) => most >= s.factor * 100) ?? null;
  if (scale) {
    for (const series of seriesList) series.points = series.points.map(([at, v]) => [at, v === null ? null : v / scale.factor]);
  }
  return scale;
}

/**
 * The charts of one direction's metrics: power and, downstream, SNR/MER and both error
 * counters. `seriesFor(key)` gives the series of a metric, `labelFor(metric)` a chart's name.
 */
export function metricSpecs(ctx, direction, bands, seriesFor, labelFor) {
  const t = ctx.t;
  const dbmv = t("unit.dbmv");
  const db = t("unit.db");
  const measured = (key, unit, extra) => ({
    key,
    title: `${t(`metric_${key}`)} (${unit})`,
    chart: { series: seriesFor(key), unit, digits: 1, height: 200, label: labelFor(t(`metric_${key}`)), ...extra },
  });
  const counted = (key) => {
    const series = seriesFor(key);
    const scale = scaleCounts(series);
    const unit = scale ? t(scale.unit) : "";
    return {
      key,
      title: scale ? `${t(`metric_${key}`)} (${unit})` : t(`metric_${key}`),
      chart: { series, unit, digits: scale ? 1 : 0, height: 200, label: labelFor(t(`metric_${key}`)) },
    };
  };
  const specs = [measured("power", dbmv, { bands: bands.power })];
  if (direction === "ds") {
    specs.push(measured("snr", db, { bands: bands.snr }), counted("uncorrectable_errors"), counted("correctable_errors"));
  }
  return specs;
}

/**
 * A set of charts, each under an h3 inside a `.metric` block with data-metric=<key>;
 * draw(specs) replaces them; destroy() frees them.
 */
export function chartGrid(container) {
  let charts = [];
  const grid = h("div", { class: "metric-grid" });
  container.append(grid);
  return {
    element: grid,
    draw(specs) {
      for (const chart of charts) chart.destroy();
      charts = [];
      fill(grid);
      for (const spec of specs) {
        const block = h("div", { class: "metric", dataset: { metric: spec.key } }, h("h3", {}, spec.title));
        if (spec.note) block.append(h("p", { class: "muted note" }, spec.note));
        grid.append(block);
        charts.push(lineChart(block, spec.chart));
      }
    },
    destroy() {
      for (const chart of charts) chart.destroy();
      charts = [];
    },
  };
}

/**
 * The frame of a chart card (`name` "history" or "compare"): heading, Close, range switch,
 * status line, bands note and the chart grid, hidden until shown; `onClose` runs on Close.
 */
export function chartCard(ctx, name, onClose) {
  const title = h("h2", { id: `${name}-title` });
  const closeButton = h("button", { type: "button", class: "text", onclick: onClose }, ctx.t("common.close"));
  const rangeArea = h("div", { class: "toolbar-row" });
  const status = h("div", { class: "status", "aria-live": "polite" });
  const noteArea = h("div");
  const section = h("section", { class: `card ${name}`, id: `channel-${name}`, "aria-labelledby": `${name}-title`, hidden: true },
    h("div", { class: "card-header" }, title, closeButton), rangeArea, status, noteArea);
  const grid = chartGrid(section);
  ctx.onCleanup(() => grid.destroy());
  return { section, title, rangeArea, status, noteArea, grid };
}

/** True when an error only says that the user left the page. */
export function leftPage(error, ctx) {
  return ctx.signal.aborted || error?.name === "AbortError";
}

/** Show an API error in `area` (the server's message); nothing when the page was left. */
export function showError(area, error, ctx) {
  if (leftPage(error, ctx)) return;
  fill(area, notice("error", ctx.t("common.error", { message: error.message })));
}

/**
 * A loader that keeps only the newest call: it resolves {value} for the newest call and null for
 * one overtaken by a later call (its error is dropped too).
 */
export function latest() {
  let turn = 0;
  return async (load) => {
    const mine = ++turn;
    try {
      const value = await load();
      return mine === turn ? { value } : null;
    } catch (error) {
      if (mine !== turn) return null;
      throw error;
    }
  };
}
