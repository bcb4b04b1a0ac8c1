// An incident's timeline: a chart of the modem's SNR over the incident's window with the
// journal entries as markers, and a chronological list by day of the entries, the modem's
// health changes, the events and the speed tests (from GET /api/incidents/{id}/timeline).
import { h, card, fill, notice } from "../../shell/dom.js";
import { lineChart } from "../../shell/chart.js";
import { count, num, time, toMillis } from "../../shell/format.js";
import { t as translate } from "../../shell/i18n.js";
import { calendarDate } from "../journal/common.js";

const MOST_ITEMS = 300;
let drawnChart = null;
const DAY_MS = 86_400_000;

/** Local midnight (millis) of a YYYY-MM-DD date, plus `hours`. */
function localDay(text, hours = 0) {
  const [year, month, day] = String(text).split("-").map(Number);
  return new Date(year, month - 1, day, hours).getTime();
}

function localDateKey(millis) {
  const d = new Date(millis);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function healthName(health) {
  const key = `health.${health}`;
  const word = translate(key);
  return word === key ? String(health) : word;
}

function eventName(type) {
  const key = `events.type.${type}`;
  const word = translate(key);
  return word === key ? String(type).replaceAll("_", " ") : word;
}

// LAN devices and the add-on's own start and stop say nothing about the line; the modem rows
// already show every health change.
const QUIET_EVENTS = /^(lan_|monitoring_|health_change$)/;

/** Everything worth a line, oldest first: entries, health changes, events, speed tests. */
function items(t, answer) {
  const found = (answer.entries || []).map((entry) => ({
    at: localDay(entry.date), day: entry.date, kind: "journal", text: entry.title, tone: "info",
  }));
  let lastHealth = null;
  for (const row of answer.timeline || []) {
    const at = toMillis(row.timestamp);
    if (at === null) continue;
    const base = { at, day: localDateKey(at), time: time(row.timestamp) };
    if (row.source === "modem" && row.health && row.health !== lastHealth) {
      const text = lastHealth === null
        ? t("timeline.health_first", { health: healthName(row.health) })
        : t("timeline.health_change", { from: healthName(lastHealth), to: healthName(row.health) });
      found.push({ ...base, kind: "health", text, tone: row.health === "good" ? "good" : row.health === "critical" ? "critical" : "warning" });
      lastHealth = row.health;
    } else if (row.source === "event" && !QUIET_EVENTS.test(String(row.event_type))) {
      found.push({ ...base, kind: "event", text: eventName(row.event_type), detail: row.message, tone: row.severity === "critical" ? "critical" : row.severity === "warning" ? "warning" : "info" });
    } else if (row.source === "speedtest") {
      found.push({ ...base, kind: "speedtest", text: t("timeline.speedtest", { down: num(row.download_mbps, 0), up: num(row.upload_mbps, 0) }), tone: "info" });
    }
  }
  // Stable: a day's entries (at midnight) come before what was measured that day.
  return found.sort((a, b) => a.at - b.at);
}

function drawList(t, list) {
  const shown = list.slice(0, MOST_ITEMS);
  const days = new Map();
  for (const item of shown) {
    if (!days.has(item.day)) days.set(item.day, []);
    days.get(item.day).push(item);
  }
  const blocks = [...days.entries()].map(([day, dayItems]) => h("li", { class: "timeline-day" },
    h("h3", {}, calendarDate(day)),
    h("ul", {}, dayItems.map((item) => h("li", { class: `timeline-item ${item.kind}`, dataset: { kind: item.kind } },
      h("span", { class: "timeline-time muted" }, item.time ?? t("timeline.journal")),
      h("span", { class: `level ${item.tone}` }, t(`timeline.kind.${item.kind}`)),
      h("span", { class: "timeline-text" }, item.text, item.detail ? h("span", { class: "muted timeline-detail" }, item.detail) : null))))));
  return [
    h("div", { class: "timeline-scroll", tabindex: "0", role: "region", "aria-label": t("timeline.list_label") },
      h("ol", { class: "timeline", id: "incident-timeline-list", dataset: { items: String(list.length) } }, blocks)),
    list.length > MOST_ITEMS ? h("p", { class: "muted" }, t("timeline.more", { shown: count(MOST_ITEMS), total: count(list.length) })) : null,
  ];
}

function windowOf(answer, incident, rows) {
  const given = [toMillis(answer.window?.from), toMillis(answer.window?.to)];
  if (given[0] !== null && given[1] !== null && given[1] > given[0]) return given;
  if (incident.start_date) {
    const end = incident.end_date ? localDay(incident.end_date) + DAY_MS : Date.now();
    return [localDay(incident.start_date), Math.max(end, localDay(incident.start_date) + DAY_MS)];
  }
  const times = rows.map((row) => toMillis(row.timestamp)).filter((at) => at !== null);
  return times.length ? [Math.min(...times), Math.max(...times)] : null;
}

/** The timeline card of an incident, from the timeline answer. */
export function timelineCard(ctx, incident, answer) {
  const { t } = ctx;
  const element = card(t("timeline.heading"));
  element.id = "incident-timeline";
  const rows = answer.timeline || [];
  const snr = rows.filter((row) => row.source === "modem").map((row) => [toMillis(row.timestamp), row.ds_snr_avg ?? null]).filter(([at]) => at !== null);
  const range = windowOf(answer, incident, rows);
  if (answer.window?.truncated) element.append(notice("info", t("timeline.truncated")));
  if (snr.length && range) {
    element.append(h("p", { class: "muted" }, t("timeline.chart_intro")));
    const slot = h("div", { class: "incident-chart" });
    element.append(slot);
    drawnChart?.destroy();
    const chart = lineChart(slot, {
      series: [{ label: t("timeline.snr"), points: snr }],
      markers: (answer.entries || []).map((entry) => ({ at: localDay(entry.date, 12), label: `${calendarDate(entry.date)}: ${entry.title}`, severity: "info" })),
      unit: t("unit.db"),
      digits: 1,
      height: 220,
      range,
      label: t("timeline.chart_label", { name: incident.name }),
    });
    drawnChart = chart;
    ctx.onCleanup(() => chart.destroy());
  }
  const list = items(t, answer);
  const body = h("div", { class: "incident-timeline-body" });
  element.append(body);
  if (!list.length) fill(body, h("p", { class: "muted" }, t("timeline.empty")));
  else fill(body, drawList(t, list));
  return element;
}
