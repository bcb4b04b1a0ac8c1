// The Dashboard: is the line OK, and since when not? Health in words with each issue explained,
// key figures against their limits, charts of the last 24 h / 7 d / 30 d with event markers,
// the latest events, the connection monitor, LAN devices down and the gaming score.
import { h, fill, notice, segmented } from "../../shell/dom.js";
import { drawHealth } from "./issues.js";
import { drawFigures, dominant, dsFamilies } from "./figures.js";
import { createCharts, SPANS } from "./charts.js";
import { drawConnmon, drawEvents, drawGaming, drawLan } from "./panels.js";
// the shell modules the parts above use, named here so the browser fetches them in the same round
import "../../shell/chart.js";
import "../../shell/format.js";
import "../../shell/glossary.js";
import "../../shell/table.js";

export const styles = true;

const RANGES = [["1d", "range.24h"], ["7d", "range.7d"], ["30d", "range.30d"]];
const MARKER_LIMIT = 500;
const LATEST_EVENTS = 8;
const CONNMON_REFRESH_MS = 30_000;

/** A promise's outcome as {value} or {error}, so one failing request spoils only its own card. */
function settle(promise) {
  return promise.then((value) => ({ value }), (error) => ({ error }));
}

function section(id, title, ...children) {
  return h("section", { class: "card", id }, h("h2", {}, title), ...children);
}

/** Limits the charts shade: the rows of the dominant downstream family and of SC-QAM upstream. */
function chartLimits(summary, thresholds) {
  if (!thresholds) return { row: null };
  const ds = dominant(dsFamilies(summary, thresholds));
  const usRow = summary?.signal_families?.upstream?.families?.sc_qam || !summary?.signal_families?.upstream?.families?.ofdma ? "sc_qam" : "ofdma";
  return {
    row: ds.row,
    dsPower: thresholds.downstream_power?.[ds.row],
    snr: thresholds.snr?.[ds.row],
    usPower: thresholds.upstream_power?.[usRow],
  };
}

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const { t, api, signal } = ctx;
  const get = (path, query) => settle(api.get(path, query));
  const aborted = (result) => result.error && signal.aborted;
  let range = SPANS[ctx.params.get("range")] ? ctx.params.get("range") : "1d";
  const state = { summary: null, thresholds: null, event: null, rows: [], markerEvents: [] };

  // layout: health, figures, charts, then the smaller cards
  const healthBox = h("div", { class: "dash-health-box" });
  const figuresBox = h("div");
  const chartNote = h("p", { class: "muted dash-chart-note" });
  const chartError = h("div");
  const chartGrid = h("div", { class: "dash-charts" });
  const picker = segmented("dash-range", RANGES.map(([value, key]) => ({ value, label: t(key) })), range, (next) => loadRange(next));
  picker.setAttribute("aria-label", t("charts.period"));
  const chartsCard = h("section", { class: "card", id: "dash-charts", dataset: { range } },
    h("div", { class: "card-header" }, h("h2", {}, t("card.charts")), picker),
    chartNote, chartError, chartGrid);
  const eventsBox = h("div");
  const connmonBox = h("div");
  const lanBox = h("div");
  const gamingBox = h("div");
  root.append(
    section("dash-health-card", t("card.health"), healthBox),
    section("dash-figures-card", t("figures.heading"), figuresBox),
    chartsCard,
    h("div", { class: "dash-bottom" },
      section("dash-events", t("card.events"), eventsBox),
      section("dash-connmon", t("card.connmon"), connmonBox),
      h("div", { class: "dash-stack" },
        section("dash-lan", t("card.lan"), lanBox),
        section("dash-gaming", t("card.gaming"), gamingBox))));
  const charts = createCharts(chartGrid, t);
  ctx.onCleanup(() => charts.destroy());

  function drawTop() {
    drawHealth(healthBox, t, state);
    drawFigures(figuresBox, t, state.summary, state.thresholds);
  }

  function drawCharts() {
    const limits = chartLimits(state.summary, state.thresholds);
    const period = t(RANGES.find(([value]) => value === range)[1]);
    const readings = charts.draw(state.rows, state.markerEvents, range, limits, period);
    chartNote.textContent = readings && limits.row ? t("charts.limits", { row: limits.row === "ofdm" ? t("family.ofdm") : limits.row }) : t("charts.markers");
    fill(chartError, readings ? null : notice("info", t("common.no_data")));
    chartsCard.dataset.loaded = range;
  }

  function setMarkers(warnings, criticals) {
    const found = [warnings, criticals].filter((result) => !result.error).flatMap((result) => result.value.events || []);
    state.markerEvents = found.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  }

  function showChartError(error) {
    fill(chartError, notice("error", t("load_failed", { message: error.message })));
  }

  let turn = 0;
  async function loadRange(next) {
    range = next;
    const mine = ++turn;
    chartsCard.dataset.range = next;
    chartsCard.setAttribute("aria-busy", "true");
    ctx.setParams({ range: next });
    const result = await get("api/trends", { range: next, fields: "scalars" });
    if (mine !== turn || aborted(result)) return;
    chartsCard.removeAttribute("aria-busy");
    if (result.error) { showChartError(result.error); return; }
    state.rows = result.value;
    drawCharts();
    drawHealth(healthBox, t, state);
  }

  // the first view: every request at once
  const [channels, thresholds, trends, warnings, criticals, latest, healthEvent, connmon, lan, gaming] = await Promise.all([
    get("api/channels"),
    get("api/thresholds"),
    get("api/trends", { range, fields: "scalars" }),
    get("api/events", { severity: "warning", limit: MARKER_LIMIT }),
    get("api/events", { severity: "critical", limit: MARKER_LIMIT }),
    get("api/events", { limit: LATEST_EVENTS, exclude_operational: "true" }),
    get("api/events", { event_type: "health_change", limit: 1 }),
    get("api/connection-monitor/summary"),
    get("api/lan/devices"),
    get("api/gaming-score"),
  ]);
  if (signal.aborted) return;
  state.summary = channels.error ? null : channels.value.summary;
  state.thresholds = thresholds.error ? null : thresholds.value;
  state.event = healthEvent.error ? null : (healthEvent.value.events || [])[0] || null;
  state.rows = trends.error ? [] : trends.value;
  setMarkers(warnings, criticals);
  if (channels.error) fill(healthBox, notice("error", t("load_failed", { message: channels.error.message })));
  else drawHealth(healthBox, t, state);
  drawFigures(figuresBox, t, state.summary, state.thresholds);
  if (thresholds.error) figuresBox.prepend(notice("error", t("load_failed", { message: thresholds.error.message })));
  if (trends.error) showChartError(trends.error);
  else drawCharts();
  drawEvents(eventsBox, t, latest);
  drawConnmon(connmonBox, t, connmon);
  drawLan(lanBox, t, lan);
  drawGaming(gamingBox, t, gaming);

  // live updates: a new snapshot refreshes health, figures, charts and score; an event the lists
  ctx.onStream("snapshot", async (data) => {
    const [fresh, event, score] = await Promise.all([
      data?.summary ? { value: { summary: data.summary } } : get("api/channels"),
      get("api/events", { event_type: "health_change", limit: 1 }),
      get("api/gaming-score"),
    ]);
    if (signal.aborted) return;
    if (!fresh.error) state.summary = fresh.value.summary;
    if (!event.error) state.event = (event.value.events || [])[0] || null;
    drawTop();
    drawGaming(gamingBox, t, score);
    loadRange(range);
  });
  ctx.onStream("event", async () => {
    const [newest, warn, crit] = await Promise.all([
      get("api/events", { limit: LATEST_EVENTS, exclude_operational: "true" }),
      get("api/events", { severity: "warning", limit: MARKER_LIMIT }),
      get("api/events", { severity: "critical", limit: MARKER_LIMIT }),
    ]);
    if (signal.aborted) return;
    drawEvents(eventsBox, t, newest);
    setMarkers(warn, crit);
    if (chartsCard.dataset.loaded) drawCharts();
  });
  const timer = setInterval(async () => {
    const result = await get("api/connection-monitor/summary");
    if (!signal.aborted) drawConnmon(connmonBox, t, result);
  }, CONNMON_REFRESH_MS);
  ctx.onCleanup(() => clearInterval(timer));
}
