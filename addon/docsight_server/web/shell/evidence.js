// The evidence checklist (GET /api/evidence/checklist) drawn as a list: what the user has to
// show the provider for a window, each item present, stale, missing or optional. Used by the
// Incidents and Reports pages; its strings are registered here under "evidence.".
import { h } from "./dom.js";
import { count, dateTime } from "./format.js";
import { addStrings, t } from "./i18n.js";

const STATUS_CLASS = {
  present: "good",
  stale: "warning",
  missing: "critical",
  optional: "info",
  not_applicable: "quiet",
  unavailable: "quiet",
};
const SUMMARY_ORDER = ["present", "stale", "missing", "optional", "not_applicable"];
// Where an item's action.view leads in this UI (upstream's views without a page here are left out).
const VIEW_PAGES = { "connection-monitor": "connection-monitor", events: "events", journal: "journal", correlation: "trends" };

function pageOf(item) {
  const slug = VIEW_PAGES[item.action?.view];
  const pages = JSON.parse(document.body.dataset.pages || "[]");
  return slug && pages.some((page) => page.slug === slug) ? slug : null;
}

addStrings({
  en: {
    "status.present": "present",
    "status.stale": "stale",
    "status.missing": "missing",
    "status.optional": "optional",
    "status.not_applicable": "not applicable",
    "status.unavailable": "unavailable",
    summary: "{present} present, {stale} stale, {missing} missing, {optional} optional",
    count: "{count} records",
    last: "latest {time}",
    demo: "demo data",
    "item.signal": "Signal measurements",
    "item.signal.hint": "Modem readings (power, SNR, errors) in the window.",
    "item.speedtest": "Speed tests",
    "item.speedtest.hint": "Measured download and upload speeds.",
    "item.latency": "Latency and packet loss",
    "item.latency.hint": "Connection monitor or BQM measurements.",
    "item.events": "Events",
    "item.events.hint": "Health changes, dropouts and restarts the add-on noticed.",
    "item.journal": "Journal entries",
    "item.journal.hint": "Your own notes of what went wrong and when.",
    "item.bnetz": "BNetzA measurement",
    "item.bnetz.hint": "A measurement protocol of the Bundesnetzagentur's broadband test.",
    "item.comparison": "Before/after comparison",
    "item.comparison.hint": "Compare a period before and after a repair.",
    "item.review": "Review",
    "item.review.hint": "Read the report through before you send it.",
    "item.report": "Report",
    "item.report.hint": "The PDF report for your provider.",
  },
  de: {
    "status.present": "vorhanden",
    "status.stale": "veraltet",
    "status.missing": "fehlt",
    "status.optional": "optional",
    "status.not_applicable": "nicht zutreffend",
    "status.unavailable": "nicht verfügbar",
    summary: "{present} vorhanden, {stale} veraltet, {missing} fehlen, {optional} optional",
    count: "{count} Datensätze",
    last: "zuletzt {time}",
    demo: "Demodaten",
    "item.signal": "Signalmessungen",
    "item.signal.hint": "Messwerte des Modems (Pegel, SNR, Fehler) im Zeitraum.",
    "item.speedtest": "Geschwindigkeitstests",
    "item.speedtest.hint": "Gemessene Download- und Upload-Geschwindigkeiten.",
    "item.latency": "Latenz und Paketverlust",
    "item.latency.hint": "Messungen des Verbindungsmonitors oder von BQM.",
    "item.events": "Ereignisse",
    "item.events.hint": "Zustandswechsel, Abbrüche und Neustarts, die das Add-on bemerkt hat.",
    "item.journal": "Tagebucheinträge",
    "item.journal.hint": "Deine eigenen Notizen, was wann schiefging.",
    "item.bnetz": "BNetzA-Messung",
    "item.bnetz.hint": "Ein Messprotokoll der Breitbandmessung der Bundesnetzagentur.",
    "item.comparison": "Vorher-nachher-Vergleich",
    "item.comparison.hint": "Vergleiche einen Zeitraum vor und nach einer Reparatur.",
    "item.review": "Durchsicht",
    "item.review.hint": "Lies den Bericht durch, bevor du ihn abschickst.",
    "item.report": "Bericht",
    "item.report.hint": "Der PDF-Bericht für deinen Anbieter.",
  },
}, "evidence");

function word(key, fallback) {
  const text = t(`evidence.${key}`);
  return text === `evidence.${key}` ? fallback : text;
}

function linked(item, label) {
  const slug = pageOf(item);
  return slug ? h("a", { href: `#/${slug}` }, label) : label;
}

function itemRow(item) {
  const status = String(item.status || "unavailable");
  const details = [
    item.count ? t("evidence.count", { count: count(item.count) }) : null,
    item.last_ts ? t("evidence.last", { time: dateTime(item.last_ts) }) : null,
    item.demo && item.count ? t("evidence.demo") : null,
  ].filter(Boolean).join(" · ");
  return h("li", { class: "evidence-item", dataset: { key: item.key, status } },
    h("span", { class: `level evidence-status ${STATUS_CLASS[status] || "quiet"}` }, word(`status.${status}`, status)),
    h("span", { class: "evidence-text" },
      h("span", { class: "evidence-label" }, linked(item, word(`item.${item.key}`, String(item.key).replaceAll("_", " ")))),
      h("span", { class: "muted evidence-hint" }, word(`item.${item.key}.hint`, "")),
      details ? h("span", { class: "muted evidence-details" }, details) : null));
}

/** The checklist answer as a summary line and a list (a `div.evidence`). */
export function evidenceList(checklist) {
  const summary = checklist.summary || {};
  const counts = Object.fromEntries(SUMMARY_ORDER.map((status) => [status, count(summary[status] ?? 0)]));
  return h("div", { class: "evidence" },
    h("p", { class: "evidence-summary" }, t("evidence.summary", counts)),
    h("ul", { class: "evidence-list" }, (checklist.items || []).map(itemRow)));
}
