// An event's details as a small key/value list: labels from strings.js ("detail.<key>"), times,
// durations and percentages formatted for the reader, lists of records as a small table.
import { h } from "../../shell/dom.js";
import { dateTime, duration } from "../../shell/format.js";

const DASH = "—";
/** Keys whose numbers are epoch seconds. */
const TIME_KEYS = new Set(["outage_start", "outage_end", "last_seen", "bucket_start"]);
/** Keys whose numbers are lengths of time in seconds. */
const DURATION_KEYS = new Set(["duration_seconds", "prior_uptime", "window_seconds"]);
/** Keys whose numbers are percentages. */
const PERCENT_KEYS = new Set(["packet_loss_pct", "threshold_pct", "packet_loss_percentage"]);
/** Keys whose numbers are milliseconds. */
const MILLISECOND_KEYS = new Set(["latency"]);
/** Keys whose numbers are identifiers (no thousands separators). */
const ID_KEYS = /(^|_)id$|^channel$/;
const MAX_DEPTH = 3;

/** The label of a details key: the written one, else the key in words. */
export function detailLabel(t, key) {
  const name = `detail.${key}`;
  const text = t(name);
  return text === name ? String(key).replaceAll("_", " ") : text;
}

function numberText(key, value, language) {
  if (TIME_KEYS.has(key)) return dateTime(value);
  if (DURATION_KEYS.has(key)) return duration(value);
  if (ID_KEYS.test(key)) return String(value);
  const text = new Intl.NumberFormat(language, { maximumFractionDigits: 3 }).format(value);
  if (PERCENT_KEYS.has(key)) return `${text} %`;
  if (MILLISECOND_KEYS.has(key)) return `${text} ms`;
  return text;
}

function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A details value as text or a node (nested records become lists or tables). */
function valueNode(key, value, ctx, depth) {
  if (value === null || value === undefined || value === "") return DASH;
  if (typeof value === "boolean") return ctx.t(value ? "common.yes" : "common.no");
  if (typeof value === "number") return numberText(key, value, ctx.language);
  if (Array.isArray(value)) {
    if (!value.length) return DASH;
    if (value.every(isRecord) && depth < MAX_DEPTH) return recordTable(value, ctx, depth + 1);
    return value.map((item) => (isRecord(item) || Array.isArray(item) ? JSON.stringify(item) : valueText(key, item, ctx))).join(", ");
  }
  if (isRecord(value)) {
    return depth < MAX_DEPTH ? detailsList(value, ctx, depth + 1) : JSON.stringify(value);
  }
  return String(value);
}

function valueText(key, value, ctx) {
  const node = valueNode(key, value, ctx, MAX_DEPTH);
  return typeof node === "string" ? node : String(value);
}

/** Records (e.g. the affected channels) as a small table, one column per key. */
function recordTable(records, ctx, depth) {
  const keys = [];
  for (const record of records) {
    for (const key of Object.keys(record)) if (!keys.includes(key)) keys.push(key);
  }
  return h("div", { class: "table-wrap" },
    h("table", { class: "data details-table" },
      h("thead", {}, h("tr", {}, keys.map((key) => h("th", { scope: "col" }, detailLabel(ctx.t, key))))),
      h("tbody", {}, records.map((record) => h("tr", {},
        keys.map((key) => h("td", {}, valueNode(key, record[key], ctx, depth))))))));
}

/** A record as a definition list (dt label, dd value). */
export function detailsList(details, ctx, depth = 0) {
  const entries = Object.entries(details || {});
  if (!entries.length) return h("p", { class: "muted" }, ctx.t("no_details"));
  return h("dl", { class: "details-list" }, entries.flatMap(([key, value]) => [
    h("dt", {}, detailLabel(ctx.t, key)),
    h("dd", {}, valueNode(key, value, ctx, depth)),
  ]));
}

/** Return true when an event has details worth showing. */
export function hasDetails(event) {
  return isRecord(event.details) && Object.keys(event.details).length > 0;
}
