// A LAN device's activity over a period: its status history (a table, newest first) and its
// round-trip delay chart (median line in a min–max band, the weekly baseline behind it, and the
// status changes as markers).
import { h, fill, notice, loading } from "../../shell/dom.js";
import { dataTable } from "../../shell/table.js";
import { lineChart } from "../../shell/chart.js";
import { count, dateTime, num, toMillis } from "../../shell/format.js";
import { isAbort, nowSeconds } from "./common.js";

const SPAN = { "24h": 86400, "7d": 7 * 86400 };
const HISTORY_LEVEL = { CREATED: "info", UP: "good", DOWN: "critical", IP_CHANGE: "warning" };
const MARKER = { CREATED: "info", UP: "info", DOWN: "critical", IP_CHANGE: "warning" };
// Per page visit (ctx): the newest request's turn and the drawn chart, destroyed on leaving.
const visits = new WeakMap();

function visitOf(ctx) {
  let visit = visits.get(ctx);
  if (!visit) {
    visit = { turn: 0, chart: null };
    visits.set(ctx, visit);
    ctx.onCleanup(() => visit.chart?.destroy());
  }
  return visit;
}

/** Load and draw the history and RTD of `device` for `period` ("24h" | "7d") into slots. */
export async function showActivity(ctx, slots, device, period, baseline) {
  const { t } = ctx;
  const visit = visitOf(ctx);
  const mine = ++visit.turn;
  const to = nowSeconds();
  const query = { from: to - (SPAN[period] || SPAN["7d"]), to };
  for (const slot of [slots.history, slots.rtd]) Object.assign(slot.dataset, { from: query.from, to: query.to });
  fill(slots.history, loading(t("app.loading")));
  fill(slots.rtd, loading(t("app.loading")));
  let history;
  let rtd;
  try {
    [history, rtd] = await Promise.all([
      ctx.api.get(`api/lan/devices/${device.id}/history`, query),
      ctx.api.get(`api/lan/devices/${device.id}/rtd`, query),
    ]);
  } catch (error) {
    if (isAbort(ctx, error) || mine !== visit.turn) return;
    const line = notice("error", t("common.error", { message: error.message }));
    fill(slots.history, line);
    fill(slots.rtd, line.cloneNode(true));
    return;
  }
  if (mine !== visit.turn) return;
  drawHistory(t, slots.history, history.history);
  visit.chart?.destroy();
  visit.chart = drawRtd(ctx, slots.rtd, device, rtd, history.history, baseline);
}

function ipList(addresses) {
  return addresses && addresses.length ? addresses.join(", ") : "—";
}

function drawHistory(t, slot, entries) {
  fill(slot);
  if (!entries.length) {
    slot.append(h("p", { class: "muted" }, t("history_empty")));
    return;
  }
  const table = dataTable(slot, {
    columns: [
      { key: "time", label: t("history.time"), value: (e) => toMillis(e.timestamp), render: (e) => dateTime(e.timestamp) },
      {
        key: "type",
        label: t("history.event"),
        value: (e) => e.type,
        render: (e) => h("span", { class: `level ${HISTORY_LEVEL[e.type] || "info"}`, dataset: { type: e.type } }, t(`history.${e.type}`)),
      },
      {
        key: "details",
        label: t("history.details"),
        sortable: false,
        render: (e) => (e.details ? `${ipList(e.details.old_ip)} → ${ipList(e.details.new_ip)}` : null),
      },
    ],
    rows: entries,
    sort: { key: "time", descending: true },
  });
  table.element.classList.add("lan-history-table");
  table.element.dataset.rows = String(entries.length);
}

/** The median points and min–max band, broken (null) where buckets are missing. */
function withGaps(samples, bucketMillis) {
  const points = [];
  const band = [];
  let previous = null;
  for (const sample of samples) {
    const at = toMillis(sample.timestamp);
    if (previous !== null && at - previous > bucketMillis * 1.5) {
      points.push([previous + bucketMillis, null]);
      band.push([previous + bucketMillis, null, null]);
    }
    points.push([at, sample.median]);
    band.push([at, sample.min, sample.max]);
    previous = at;
  }
  return { points, band };
}

/** Draw the RTD card; returns its chart (null when there are no samples). */
function drawRtd(ctx, slot, device, answer, entries, baseline) {
  const { t } = ctx;
  fill(slot);
  const samples = answer.rtd;
  const range = [toMillis(answer.from), toMillis(answer.to)];
  const summary = h("div", { class: "lan-rtd-summary" });
  if (baseline && baseline.avg_median !== null) {
    summary.append(h("p", {}, t("rtd_summary", {
      median: num(baseline.avg_median, 2), min: num(baseline.avg_min, 2), max: num(baseline.avg_max, 2),
    })));
    if (baseline.latest_median !== null) {
      summary.append(h("p", { class: "muted" }, t("rtd_latest", {
        median: num(baseline.latest_median, 2),
        lost: count(baseline.latest_lost_packet_count),
        sent: count(baseline.latest_sent_packet_count),
      })));
    }
  } else {
    summary.append(h("p", { class: "muted" }, t("rtd_no_baseline")));
  }
  if (!samples.length) {
    slot.append(notice("info", t("rtd_empty")), summary);
    return null;
  }
  const { points, band } = withGaps(samples, answer.bucket_s * 1000);
  const series = [{ label: t("rtd_median"), points, band, tone: 0 }];
  const lines = [];
  if (baseline && baseline.avg_min !== null && baseline.avg_max !== null) {
    series.push({
      label: t("rtd_baseline"),
      band: [[range[0], baseline.avg_min, baseline.avg_max], [range[1], baseline.avg_min, baseline.avg_max]],
      tone: 2,
    });
  }
  if (baseline && baseline.avg_median !== null) {
    lines.push({ value: baseline.avg_median, label: t("rtd_baseline"), tone: 2 });
  }
  const markers = entries
    .filter((e) => e.type !== "CREATED" || toMillis(e.timestamp) > range[0])
    .map((e) => ({ at: toMillis(e.timestamp), label: `${t(`history.${e.type}`)} · ${dateTime(e.timestamp)}`, severity: MARKER[e.type] }));
  const holder = h("div", { class: "lan-rtd-chart" });
  slot.append(holder);
  const chart = lineChart(holder, {
    series,
    lines,
    markers,
    unit: t("unit.ms"),
    digits: 2,
    height: 240,
    yMin: 0,
    label: t("rtd_chart", { name: device.display_name }),
    range,
  });
  chart.svg.dataset.device = String(device.id);
  const sent = samples.reduce((sum, s) => sum + s.sent_packet_count, 0);
  const lost = samples.reduce((sum, s) => sum + s.lost_packet_count, 0);
  summary.append(h("p", { class: "muted" }, t("rtd_loss", {
    lost: count(lost), sent: count(sent), pct: num(sent ? (lost / sent) * 100 : 0, 1),
  })));
  slot.append(summary);
  return chart;
}
