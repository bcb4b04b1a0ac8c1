// The dashboard's smaller cards: latest events, connection monitor, LAN devices down, gaming score.
import { h, fill, notice } from "../../shell/dom.js";
import { dataTable } from "../../shell/table.js";
import { count, dateTime, num, relative } from "../../shell/format.js";
import { rich } from "./issues.js";

const SEVERITIES = new Set(["info", "warning", "critical"]);

function failed(t, error) {
  return notice("error", t("load_failed", { message: error.message }));
}

function link(href, text) {
  return h("p", { class: "dash-more" }, h("a", { href }, text));
}

/** The newest events: severity, time and message; a link to the events page. */
export function drawEvents(box, t, result) {
  if (result.error) { fill(box, failed(t, result.error)); return; }
  const events = result.value.events || [];
  fill(box,
    events.length
      ? h("ul", { class: "dash-events", id: "dash-events-list" }, events.map((event) => {
        const severity = SEVERITIES.has(event.severity) ? event.severity : "info";
        return h("li", { dataset: { severity } },
          h("span", { class: `level ${severity}` }, t(`level.${severity}`)),
          h("time", { datetime: event.timestamp, title: relative(event.timestamp), class: "muted" }, dateTime(event.timestamp)),
          h("span", { class: "dash-event-message" }, event.message));
      }))
      : h("p", { class: "muted" }, t("events.none")),
    link("#/events", t("events.all")));
}

/** Latency and loss per connection-monitor target ({} when the monitor is off). */
export function drawConnmon(box, t, result) {
  if (result.error) { fill(box, failed(t, result.error)); return; }
  const targets = Object.entries(result.value || {}).map(([id, target]) => ({ id, ...target }));
  if (!targets.length) {
    fill(box, h("p", { id: "dash-connmon-off" }, t("connmon.off")), link("#/connection-monitor", t("connmon.setup")));
    return;
  }
  fill(box, h("p", {}, rich(t("connmon.window"))));
  dataTable(box, {
    columns: [
      { key: "target", label: t("connmon.target"), value: (row) => row.label || row.host, render: (row) => h("span", { title: row.host }, row.label || row.host) },
      { key: "latency", label: t("connmon.latency"), numeric: true, value: (row) => row.avg_latency_ms, render: (row) => (row.avg_latency_ms === null || row.avg_latency_ms === undefined ? "—" : `${num(row.avg_latency_ms, 1)} ${t("unit.ms")}`) },
      {
        key: "loss", label: t("connmon.loss"), numeric: true, value: (row) => row.packet_loss_pct,
        render: (row) => (row.packet_loss_pct === null || row.packet_loss_pct === undefined ? "—" : `${num(row.packet_loss_pct, 1)} %`),
        cellClass: (row) => (row.packet_loss_pct > 0 ? "warning" : null),
      },
    ],
    rows: targets,
    empty: t("connmon.no_targets"),
    rowLabel: (row) => row.label || row.host,
  });
  box.append(link("#/connection-monitor", t("connmon.open")));
}

/** How many LAN devices are not ONLINE, and which. */
export function drawLan(box, t, result) {
  if (result.error) { fill(box, failed(t, result.error)); return; }
  const devices = result.value.devices || [];
  const down = devices.filter((device) => device.status !== "ONLINE");
  const parts = [];
  if (!devices.length) parts.push(h("p", { class: "muted" }, t("lan.none")));
  else if (!down.length) parts.push(notice("ok", t("lan.all_up", { count: count(devices.length) })));
  else {
    parts.push(h("p", { id: "dash-lan-count", dataset: { down: String(down.length) } },
      down.length === 1 ? t("lan.down_one") : t("lan.down_many", { count: count(down.length) })));
    parts.push(h("ul", { class: "dash-lan-down" }, down.map((device) =>
      h("li", {}, h("span", {}, device.display_name || device.hw_address || String(device.id)),
        device.last_status_change ? h("span", { class: "muted" }, ` · ${relative(device.last_status_change)}`) : null))));
  }
  if (result.value.monitoring_active === false) parts.push(h("p", { class: "muted" }, t("lan.frozen")));
  fill(box, parts, link("#/lan", t("lan.open")));
}

/** The gaming quality index: score, grade and the verdict per game genre. */
export function drawGaming(box, t, result) {
  if (result.error) { fill(box, failed(t, result.error)); return; }
  const score = result.value;
  if (!score.enabled) { fill(box, h("p", { class: "muted" }, t("gaming.off"))); return; }
  if (score.score === null || score.score === undefined) { fill(box, h("p", { class: "muted" }, t("gaming.none"))); return; }
  const level = (verdict) => ({ ok: "good", warn: "warning", bad: "critical" })[verdict] || "info";
  const gradeLevel = ["A", "B"].includes(score.grade) ? "good" : ["C", "D"].includes(score.grade) ? "warning" : "critical";
  fill(box,
    h("div", { class: `figure ${gradeLevel}`, id: "dash-gaming-score" },
      h("div", { class: "value" }, t("gaming.score", { score: score.score }), " ", h("span", { class: `level ${gradeLevel}` }, t("gaming.grade", { grade: score.grade })))),
    h("p", {}, t("gaming.genres")),
    h("ul", { class: "dash-genres" }, Object.entries(score.genres || {}).map(([genre, verdict]) =>
      h("li", {}, h("span", {}, t(`genre.${genre}`)), " ", h("span", { class: `level ${level(verdict)}` }, t(`verdict_genre.${verdict}`))))));
}
