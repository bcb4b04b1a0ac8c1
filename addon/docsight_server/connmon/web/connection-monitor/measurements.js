// The measurements card of one target: resolution, statistics, latency and loss charts with
// outage markers, the outages table and the export links, over the chosen range.
import { h, card, loading, notice, segmented } from "../../shell/dom.js";
import { lineChart } from "../../shell/chart.js";
import { dataTable } from "../../shell/table.js";
import { count, dateTime, duration, num } from "../../shell/format.js";
import { API, MAX_POINTS, RANGES, aborted, windowOf } from "./common.js";
import { exportLinks } from "./export.js";

/**
 * Draw the card. `state` holds targets, selected, range; `hooks.select(id)` and
 * `hooks.setRange(key)` change them (the page then calls load()).
 */
export function measurementsCard(ctx, state, hooks) {
  const t = ctx.t;
  const picker = h("select", { id: "cm-target", onchange: (event) => hooks.select(Number(event.target.value)) });
  const range = segmented("cm-range", RANGES.map((r) => ({ value: r.key, label: t(`range_${r.key}`) })), state.range,
    (key) => hooks.setRange(key));
  range.setAttribute("aria-label", t("measure.range"));
  const refresh = h("button", { type: "button", id: "cm-refresh", onclick: () => hooks.refresh() }, t("common.refresh"));
  const toolbar = h("div", { class: "toolbar-row cm-toolbar" },
    h("label", { for: "cm-target" }, t("measure.target")), picker, range, refresh);
  const resolution = h("p", { class: "cm-resolution muted", id: "cm-resolution", "aria-live": "polite" });
  const message = h("div", { class: "cm-message" });
  const figures = h("div", { class: "figures cm-figures", id: "cm-stats" });
  const latencySlot = h("div", { class: "cm-chart", id: "cm-latency-chart" });
  const lossSlot = h("div", { class: "cm-chart", id: "cm-loss-chart" });
  const outageSlot = h("div", { id: "cm-outages" });
  const exportSlot = h("div", { id: "cm-export" });
  let latencyChart = null;
  let lossChart = null;
  let turn = 0;

  const outageTable = dataTable(outageSlot, {
    columns: [
      { key: "start", label: t("outages.start"), render: (row) => dateTime(row.start) },
      { key: "end", label: t("outages.end"), value: (row) => row.end ?? Infinity, render: (row) => (row.end === null ? h("span", { class: "level critical" }, t("outages.ongoing")) : dateTime(row.end)) },
      { key: "duration_seconds", label: t("outages.duration"), numeric: true, render: (row) => duration(row.duration_seconds) },
      { key: "timeout_count", label: t("outages.timeouts"), numeric: true, render: (row) => count(row.timeout_count) },
    ],
    rows: [],
    sort: { key: "start", descending: true },
    empty: t("outages.none"),
    onRowClick: (row) => zoomTo(row),
    rowLabel: (row) => t("outages.show", { start: dateTime(row.start) }),
  });

  const detail = h("div", { class: "cm-detail" }, resolution, figures,
    h("h3", {}, t("measure.latency")), latencySlot,
    h("h3", {}, t("measure.loss")), lossSlot,
    h("h3", {}, t("outages.title")), h("p", { class: "muted cm-note" }, t("outages.note")), outageSlot,
    h("h3", {}, t("export.title")), exportSlot);
  const element = card(null,
    h("div", { class: "card-header" }, h("h2", { id: "cm-measure-title" }, t("measure.title"))),
    toolbar, message, detail);
  element.id = "cm-measurements";

  function zoomTo(outage) {
    const from = outage.start * 1000 - 10 * 60_000;
    const to = (outage.end ?? outage.start + outage.duration_seconds) * 1000 + 10 * 60_000;
    latencyChart?.setView(from, to);
    lossChart?.setView(from, to);
    latencySlot.scrollIntoView?.({ block: "nearest" });
  }

  function fillPicker() {
    picker.replaceChildren(...state.targets.map((target) =>
      h("option", { value: target.id, selected: target.id === state.selected }, target.label)));
    picker.disabled = !state.targets.length;
  }

  /** Load and draw the selected target over the chosen range. */
  async function load() {
    const mine = ++turn;
    fillPicker();
    range.querySelectorAll("input").forEach((input) => { input.checked = input.value === state.range; });
    const target = state.targets.find((item) => item.id === state.selected);
    message.replaceChildren();
    toolbar.hidden = detail.hidden = !target;
    if (!target) {
      message.replaceChildren(notice("info", t("measure.no_target")));
      return;
    }
    const { start, end } = windowOf(state.range);
    resolution.replaceChildren(loading(t("app.loading")));
    refresh.disabled = true;
    try {
      const [answer, stats, outages] = await Promise.all([
        ctx.api.get(`${API}/samples/${target.id}`, { start, end, max_points: MAX_POINTS }),
        ctx.api.get(`${API}/stats`, { start, end }),
        ctx.api.get(`${API}/outages/${target.id}`, { start, end }),
      ]);
      if (mine !== turn) return;
      const samples = answer.samples || [];
      latencySlot.dataset.start = lossSlot.dataset.start = String(start);
      latencySlot.dataset.end = lossSlot.dataset.end = String(end);
      latencySlot.dataset.target = lossSlot.dataset.target = String(target.id);
      drawResolution(answer.meta, samples.length);
      drawStats(stats[String(target.id)]);
      if (!samples.length) message.replaceChildren(notice("info", t("common.no_data")));
      drawCharts(samples, answer.meta, outages, start, end, target);
      outageTable.update(outages);
      exportSlot.replaceChildren(exportLinks(ctx, target, start, end));
    } catch (error) {
      if (aborted(ctx, error) || mine !== turn) return;
      resolution.replaceChildren();
      message.replaceChildren(notice("error", t("common.error", { message: error.message })));
    } finally {
      if (mine === turn) refresh.disabled = false;
    }
  }

  function drawResolution(meta, points) {
    const words = [t(`resolution.${meta.resolution}`)];
    if (meta.bucket_seconds && meta.bucket_seconds !== tierSeconds(meta.resolution)) {
      words.push(t("resolution.combined", { width: duration(meta.bucket_seconds) }));
    }
    if (meta.mixed) words.push(t("resolution.mixed", { tiers: meta.tiers_used.map((tier) => t(`resolution.short_${tier}`)).join(", ") }));
    resolution.dataset.resolution = meta.resolution;
    resolution.dataset.bucketSeconds = String(meta.bucket_seconds ?? "");
    resolution.replaceChildren(h("strong", {}, t("resolution.title")), " ", words.join(" · "),
      " · ", t("resolution.points", { count: count(points) }));
  }

  function drawStats(stats) {
    const s = stats || {};
    const loss = s.packet_loss_pct;
    const warnAt = state.config?.connection_monitor_loss_warning_pct ?? 2;
    const lossLevel = loss === null || loss === undefined ? "" : loss >= warnAt ? "warning" : loss === 0 ? "good" : "";
    const ms = (value) => (value === null || value === undefined ? "—" : `${num(value, value < 10 ? 2 : 1)} ${t("unit.ms")}`);
    const figure = (key, label, value, extra, level = "") => h("div", { class: `figure ${level}`, dataset: { stat: key } },
      h("div", { class: "label" }, label), h("div", { class: "value" }, value), extra ? h("div", { class: "limit" }, extra) : null);
    figures.replaceChildren(
      figure("avg", t("stats.avg"), ms(s.avg_latency_ms)),
      figure("min", t("stats.min"), ms(s.min_latency_ms)),
      figure("max", t("stats.max"), ms(s.max_latency_ms)),
      figure("p95", t("stats.p95"), ms(s.p95_latency_ms)),
      figure("loss", t("stats.loss"), loss === null || loss === undefined ? "—" : `${num(loss, 2)} %`,
        t("stats.loss_limit", { pct: num(warnAt, 1) }), lossLevel),
      figure("count", t("stats.samples"), count(s.sample_count ?? 0),
        t("stats.answered", { count: count(s.latency_count ?? 0) })));
  }

  function drawCharts(samples, meta, outages, start, end, target) {
    const bucketed = samples.some((sample) => sample.bucket_seconds);
    const at = (sample) => sample.timestamp * 1000;
    const first = samples.length ? at(samples[0]) : null;
    const last = samples.length ? at(samples.at(-1)) : null;
    const span = start === null ? undefined
      : [Math.min(start * 1000, first ?? Infinity), Math.max(end * 1000, last ?? -Infinity)];
    const markers = outages.flatMap((outage) => [
      { at: outage.start * 1000, severity: "critical", label: t("outages.marker", { duration: duration(outage.duration_seconds), count: outage.timeout_count }) },
      ...(outage.end === null ? [] : [{ at: outage.end * 1000, severity: "info", label: t("outages.marker_end") }]),
    ]);
    const name = target ? target.label : "";
    const latency = {
      series: [{
        label: bucketed ? t("measure.avg_latency") : t("measure.latency_series"),
        points: samples.map((sample) => [at(sample), sample.latency_ms]),
        band: bucketed ? samples.map((sample) => [at(sample), sample.min_latency_ms, sample.max_latency_ms]) : undefined,
        tone: 0,
      }],
      markers,
      unit: t("unit.ms"),
      digits: 2,
      height: 220,
      yMin: 0,
      label: t("measure.latency_chart", { target: name }),
      range: span,
    };
    const loss = {
      series: [{ label: t("measure.loss_series"), points: samples.map((sample) => [at(sample), sample.packet_loss_pct]), tone: 4 }],
      markers,
      unit: "%",
      digits: 1,
      height: 160,
      yMin: 0,
      yMax: 1,
      label: t("measure.loss_chart", { target: name }),
      range: span,
    };
    latencySlot.dataset.resolution = lossSlot.dataset.resolution = meta.resolution;
    if (latencyChart) latencyChart.update(latency); else latencyChart = lineChart(latencySlot, latency);
    if (lossChart) lossChart.update(loss); else lossChart = lineChart(lossSlot, loss);
  }

  ctx.onCleanup(() => { latencyChart?.destroy(); lossChart?.destroy(); });
  fillPicker();
  return { element, load };
}

function tierSeconds(resolution) {
  return { "1min": 60, "5min": 300, "1hr": 3600 }[resolution] ?? null;
}
