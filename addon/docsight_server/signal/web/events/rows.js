// The events table: one row per event (time, severity, type, message, state) and, under it, a
// row with the details that its "Details" button opens.
import { h } from "../../shell/dom.js";
import { dateTime, toMillis } from "../../shell/format.js";
import { detailsList, hasDetails } from "./details.js";
import { severityName, typeName } from "./types.js";

const COLUMNS = ["time", "severity", "type", "message", "state"];

function timeCell(event, ctx, fresh) {
  const millis = toMillis(event.timestamp);
  const iso = millis === null ? "" : new Date(millis).toISOString();
  return h("td", { class: "event-time" },
    h("time", { datetime: iso || null }, dateTime(event.timestamp)),
    fresh ? h("span", { class: "badge fresh-badge" }, ctx.t("new")) : null);
}

function messageCell(event, ctx, expanded, onToggle) {
  const detailsId = `event-details-${event.id}`;
  const toggle = hasDetails(event)
    ? h("button", {
      type: "button",
      class: "text details-toggle",
      "aria-expanded": expanded ? "true" : "false",
      "aria-controls": detailsId,
      dataset: { focus: `details-${event.id}` },
      onclick: () => onToggle(event),
    }, expanded ? ctx.t("hide_details") : ctx.t("show_details"))
    : null;
  return h("td", { class: "wrap event-message" }, h("span", {}, event.message || "—"), toggle);
}

function stateCell(event, ctx, onAcknowledge, busy) {
  if (Number(event.acknowledged)) {
    return h("td", { class: "event-state" }, h("span", { class: "muted" }, ctx.t("acknowledged")));
  }
  const label = ctx.t("acknowledge_label", { type: typeName(ctx.t, event.event_type), time: dateTime(event.timestamp) });
  return h("td", { class: "event-state" }, h("button", {
    type: "button",
    class: "acknowledge",
    "aria-label": label,
    disabled: busy,
    dataset: { focus: `ack-${event.id}` },
    onclick: () => onAcknowledge(event),
  }, ctx.t("acknowledge")));
}

/**
 * Draw the events into `container`.
 * view = {events, expanded: Set of ids, fresh: Set of ids, busy: Set of ids, onToggle, onAcknowledge}
 */
export function drawRows(container, ctx, view) {
  const header = h("thead", {}, h("tr", {}, COLUMNS.map((name) => h("th", { scope: "col" }, ctx.t(`column.${name}`)))));
  const rows = [];
  for (const event of view.events) {
    const expanded = view.expanded.has(event.id);
    const fresh = view.fresh.has(event.id);
    rows.push(h("tr", {
      class: ["event-row", `severity-${event.severity}`, fresh ? "fresh" : "", Number(event.acknowledged) ? "done" : ""].filter(Boolean).join(" "),
      dataset: { id: String(event.id), type: event.event_type, severity: event.severity, acknowledged: String(Number(event.acknowledged) ? 1 : 0) },
    },
    timeCell(event, ctx, fresh),
    h("td", { class: "event-severity" }, h("span", { class: `level ${event.severity}` }, severityName(ctx.t, event.severity))),
    h("td", { class: "event-type", title: event.event_type }, typeName(ctx.t, event.event_type)),
    messageCell(event, ctx, expanded, view.onToggle),
    stateCell(event, ctx, view.onAcknowledge, view.busy.has(event.id))));
    if (hasDetails(event)) {
      rows.push(h("tr", { class: "details-row", id: `event-details-${event.id}`, hidden: !expanded },
        h("td", { colspan: COLUMNS.length }, expanded ? detailsList(event.details, ctx) : null)));
    }
  }
  if (!view.events.length) {
    rows.push(h("tr", {}, h("td", { colspan: COLUMNS.length, class: "muted empty" }, ctx.t("empty"))));
  }
  const table = h("table", { class: "data events-table" },
    h("caption", { class: "visually-hidden" }, ctx.t("table_caption")), header, h("tbody", {}, rows));
  const focused = document.activeElement?.dataset?.focus;
  const inside = focused && container.contains(document.activeElement);
  container.replaceChildren(h("div", { class: "table-wrap" }, table));
  if (inside) container.querySelector(`[data-focus="${focused}"]`)?.focus();
  return table;
}
