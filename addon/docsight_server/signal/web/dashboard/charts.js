// The dashboard's history charts: DS power, SNR/MER, US power and new uncorrectable errors, drawn
// from /api/trends rows with warning/critical events as markers and the limits as bands.
import { h } from "../../shell/dom.js";
import { lineChart } from "../../shell/chart.js";
import { dateTime, toMillis } from "../../shell/format.js";

export const SPANS = { "1d": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };
const FAR = 10_000;

/** Threshold bands for a {good, warning, critical} power band: good inside, warning around, critical outside. */
export function powerBands(band) {
  if (!band) return [];
  const [gLo, gHi] = band.good;
  const [cLo, cHi] = band.critical;
  return [
    { from: -FAR, to: cLo, level: "critical" },
    { from: cLo, to: gLo, level: "warning" },
    { from: gLo, to: gHi, level: "good" },
    { from: gHi, to: cHi, level: "warning" },
    { from: cHi, to: FAR, level: "critical" },
  ];
}

/** Threshold bands for SNR/MER limits {good_min, warning_min, critical_min}. */
export function snrBands(limits) {
  if (!limits) return [];
  return [
    { from: -FAR, to: limits.critical_min, level: "critical" },
    { from: limits.critical_min, to: limits.good_min, level: "warning" },
    { from: limits.good_min, to: FAR, level: "good" },
  ];
}

/** [[millis, value]] of a field over the signal rows (rows of other sources have no such field). */
function points(rows, key) {
  const out = [];
  for (const row of rows) {
    if (!(key in row)) continue;
    out.push([toMillis(row.timestamp), row[key] ?? null]);
  }
  return out;
}

function band(rows, lowKey, highKey) {
  const out = [];
  for (const row of rows) {
    if (!(lowKey in row)) continue;
    out.push([toMillis(row.timestamp), row[lowKey] ?? null, row[highKey] ?? null]);
  }
  return out;
}

/** New uncorrectable codewords between consecutive polls (null after a counter reset or a gap). */
export function newErrors(rows) {
  const out = [];
  let previous = null;
  for (const row of rows) {
    if (!("ds_uncorrectable_errors" in row)) continue;
    const total = row.ds_uncorrectable_errors;
    if (previous !== null) {
      const fresh = total === null || previous === null || total < previous ? null : total - previous;
      out.push([toMillis(row.timestamp), fresh]);
    }
    previous = total;
  }
  return out;
}

/** Chart markers for the warning/critical events inside [from, to]. */
export function eventMarkers(events, from, to) {
  return events
    .map((event) => ({ at: toMillis(event.timestamp), severity: event.severity, label: `${dateTime(event.timestamp)} · ${event.message}` }))
    .filter((marker) => marker.at !== null && marker.at >= from && marker.at <= to);
}

const CHARTS = [
  { key: "ds-power", title: "charts.ds_power", unit: "unit.dbmv", digits: 1 },
  { key: "snr", title: "charts.snr", unit: "unit.db", digits: 1 },
  { key: "us-power", title: "charts.us_power", unit: "unit.dbmv", digits: 1 },
  { key: "errors", title: "charts.errors", unit: "", digits: 0 },
];

/** The four charts in `container`; draw(rows, events, rangeName, limits) (re)draws them all. */
export function createCharts(container, t) {
  const slots = CHARTS.map((spec) => {
    const box = h("div", { class: "dash-chart", dataset: { chart: spec.key } }, h("h3", {}, t(spec.title)));
    container.append(box);
    return { spec, box, chart: null };
  });

  function options(spec, rows, markers, range, limits, period) {
    const base = { markers, range, unit: spec.unit ? t(spec.unit) : "", digits: spec.digits, height: 200, label: t("charts.aria", { chart: t(spec.title), period }) };
    if (spec.key === "ds-power") {
      return { ...base, bands: powerBands(limits.dsPower), series: [{ label: t("charts.spread"), points: points(rows, "ds_power_avg"), band: band(rows, "ds_power_min", "ds_power_max"), tone: 0 }] };
    }
    if (spec.key === "snr") {
      return { ...base, bands: snrBands(limits.snr), series: [
        { label: t("charts.min"), points: points(rows, "ds_snr_min"), tone: 1 },
        { label: t("charts.avg"), points: points(rows, "ds_snr_avg"), tone: 0 },
      ] };
    }
    if (spec.key === "us-power") {
      return { ...base, bands: powerBands(limits.usPower), series: [{ label: t("charts.spread"), points: points(rows, "us_power_avg"), band: band(rows, "us_power_min", "us_power_max"), tone: 2 }] };
    }
    return { ...base, yMin: 0, series: [{ label: t("charts.new_errors"), points: newErrors(rows), tone: 4 }] };
  }

  return {
    /** Draw rows of the range `rangeName` ("1d", "7d", "30d") with the events as markers; returns whether any row has readings. */
    draw(rows, events, rangeName, limits, period) {
      const to = Date.now();
      const first = rows.length ? toMillis(rows[0].timestamp) : to;
      const range = [Math.min(to - SPANS[rangeName], first), Math.max(to, rows.length ? toMillis(rows.at(-1).timestamp) : to)];
      const markers = eventMarkers(events, range[0], range[1]);
      // without readings the axis is made up: limits shaded on it would say nothing
      const shaded = rows.some((row) => row.ds_power_avg !== null && row.ds_power_avg !== undefined) ? limits : {};
      for (const slot of slots) {
        const next = options(slot.spec, rows, markers, range, shaded, period);
        if (slot.chart) slot.chart.update(next);
        else slot.chart = lineChart(slot.box, next);
      }
      return shaded === limits;
    },
    /** The drawn svg of a chart (for tests and the page). */
    svg(key) {
      return slots.find((slot) => slot.spec.key === key)?.chart?.svg || null;
    },
    destroy() {
      for (const slot of slots) slot.chart?.destroy();
    },
  };
}
