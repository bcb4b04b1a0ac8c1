// The health card: the overall health in words, since when, and each health issue explained.
import { h, fill, notice } from "../../shell/dom.js";
import { term } from "../../shell/glossary.js";
import { dateTime, relative, toMillis } from "../../shell/format.js";

const LEVELS = "(tolerated|marginal|critical)";
const TOPICS = [
  [new RegExp(`^(ds_power|ds_modulation|us_modulation|snr)_${LEVELS}$`), (m) => [m[1], m[1], m[2]]],
  [new RegExp(`^us_power_${LEVELS}_(low|high)$`), (m) => [`us_power_${m[2]}`, "us_power", m[1]]],
  [/^uncorr_errors_(high|critical)$/, (m) => ["uncorr", "uncorr", m[1] === "high" ? "marginal" : "critical"]],
];
/** Issue level -> the shell's level class. */
const LEVEL_CLASS = { tolerated: "tolerated", marginal: "warning", critical: "critical" };
const HEALTH_WORDS = new Set(["good", "tolerated", "marginal", "critical"]);

/** Split an issue code into [meaning key, action key, level]; null for codes this page does not know. */
export function parseIssue(code) {
  for (const [pattern, parts] of TOPICS) {
    const match = pattern.exec(code);
    if (match) return parts(match);
  }
  return null;
}

/** A text with [key:words] glossary marks as nodes: plain text and term links. */
export function rich(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/\[([a-z0-9_]+):([^\]]+)\]/g)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    nodes.push(term(match[1], match[2]));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

function issueItem(code, t, thresholds) {
  const parts = parseIssue(code);
  const limits = thresholds?.errors?.uncorrectable_pct || {};
  if (!parts) {
    return h("li", { class: "dash-issue", dataset: { issue: code } },
      h("h3", {}, t("issue.unknown", { code })),
      h("p", {}, t("meaning.unknown")),
      h("p", {}, t("action.unknown")));
  }
  const [meaning, action, level] = parts;
  const levelClass = LEVEL_CLASS[level];
  return h("li", { class: `dash-issue ${levelClass}`, dataset: { issue: code } },
    h("h3", {}, h("span", { class: `level ${levelClass}` }, t(`level.${levelClass}`)), " ",
      t(`issue.${code}`, { warning: limits.warning ?? 1, critical: limits.critical ?? 3 })),
    h("p", {}, h("strong", {}, t("issues.meaning")), " ", rich(t(`meaning.${meaning}`))),
    h("p", {}, h("strong", {}, t("issues.action")), " ", rich(t(`action.${action}.${level}`))));
}

/** The run of rows at the end of the window with the current health: its first row's time. */
function runStart(rows, health) {
  let start = null;
  for (let i = rows.length - 1; i >= 0; i -= 1) {
    const row = rows[i];
    if (row.health === undefined) continue; // rows of other sources (connection monitor)
    if (row.health !== health) break;
    start = row.timestamp;
  }
  return start;
}

function sinceLine(t, health, event, rows) {
  const details = event?.details || {};
  if (event && details.current === health) {
    const parts = [t("since.event", { time: dateTime(event.timestamp), ago: relative(event.timestamp) })];
    if (HEALTH_WORDS.has(details.prev)) parts.push(t("since.before", { previous: t(`state.${details.prev}`) }));
    return h("p", { id: "dash-since" }, parts.join(" "));
  }
  const start = runStart(rows || [], health);
  if (start === null || toMillis(start) === null) return null;
  return h("p", { id: "dash-since" }, t("since.window", { time: dateTime(start), ago: relative(start) }));
}

/**
 * Draw the health part into `box`: summary is /api/channels' summary (null before the first poll),
 * event the newest health_change event, rows the loaded trend rows.
 */
export function drawHealth(box, t, { summary, event, rows, thresholds }) {
  if (!summary) {
    fill(box,
      h("p", { class: "dash-verdict" }, h("span", { id: "dash-health", class: "badge", dataset: { health: "waiting" } }, t("health.waiting"))),
      h("p", { class: "muted" }, t("verdict.waiting")));
    return;
  }
  const health = summary.health || "unknown";
  const known = HEALTH_WORDS.has(health);
  const issues = summary.health_issues || [];
  fill(box,
    h("p", { class: "dash-verdict" },
      h("span", { id: "dash-health", class: `badge ${health}`, dataset: { health } }, t(`health.${known ? health : "unknown"}`)),
      " ",
      h("span", {}, t(`verdict.${known ? health : "unknown"}`))),
    known ? sinceLine(t, health, event, rows) : null,
    issues.length
      ? h("ul", { id: "dash-issues", class: "dash-issues" }, issues.map((code) => issueItem(code, t, thresholds)))
      : h("div", { id: "dash-no-issues" }, notice("ok", t("issues.none"))));
}
