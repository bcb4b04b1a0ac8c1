// Pieces the journal and incidents pages share: error handling, requests with a body or a file,
// the confirmation dialog, icons, incident statuses and which form field a server error names.
import { ApiError, apiUrl, request } from "../../shell/api.js";
import { h } from "../../shell/dom.js";
import { confirmDialog as askConfirm } from "../../shell/dialog.js";
import { language, t as translate } from "../../shell/i18n.js";
import { num } from "../../shell/format.js";

/** Icons an entry or incident may carry: stored as the symbol, named in words beside it. */
export const ICONS = {
  "📡": "signal", "📉": "drop", "🐢": "slow", "🔌": "connection", "🔄": "restart", "📺": "streaming",
  "🎮": "gaming", "📋": "log", "📞": "call", "✉": "letter", "🔧": "technician", "✅": "fixed", "📈": "better",
};
export const STATUSES = ["open", "resolved", "escalated"];
const STATUS_LEVEL = { open: "warning", escalated: "critical", resolved: "good" };

/** True when an error only says the page was left (the shell aborts its requests). */
export function isAbort(ctx, error) {
  return ctx.signal.aborted || error?.name === "AbortError";
}

/** A JSON request with any method; DELETE may carry a body here (batch delete). */
export function send(ctx, method, path, body) {
  return request(method, path, { body, signal: ctx.signal });
}

/** POST `file` as the multipart field "file"; rejects with an ApiError carrying the server's message. */
export async function uploadFile(ctx, path, file, tooLargeText) {
  const form = new FormData();
  form.append("file", file, file.name);
  let response;
  try {
    response = await fetch(apiUrl(path), {
      method: "POST", body: form, credentials: "same-origin", headers: { Accept: "application/json" }, signal: ctx.signal,
    });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    // A server that refuses a body before reading it may close the connection mid-upload.
    throw new ApiError(0, tooLargeText, null);
  }
  const type = response.headers.get("content-type") || "";
  const parsed = type.includes("json") ? await response.json() : null;
  if (response.status === 401) {
    location.assign(new URL("login", document.baseURI));
    throw new ApiError(401, "Sign-in needed", parsed);
  }
  if (!response.ok) throw new ApiError(response.status, parsed?.error || `HTTP ${response.status}`, parsed);
  return parsed;
}

/** The form field a 400 message names ("title must be ..."), or null. */
export function fieldOf(message, names) {
  const text = String(message || "");
  return names.find((name) => text.startsWith(name)) ?? names.find((name) => text.includes(name)) ?? null;
}

// The icon and status words live in the Journal page's strings; the Incidents page (same
// feature, so always loaded with it) reads them there too.

/** The icon's symbol and word ("📞 call"); the stored text itself when it is not one of ours. */
export function iconName(icon) {
  if (!icon) return "";
  return ICONS[icon] ? `${icon} ${translate(`journal.icon.${ICONS[icon]}`)}` : icon;
}

/** A select of the icons (the current one kept even when it is not one of ours). */
export function iconSelect(id, current) {
  const symbols = Object.keys(ICONS);
  if (current && !symbols.includes(current)) symbols.push(current);
  return h("select", { id, name: "icon" },
    h("option", { value: "" }, translate("journal.icon.none")),
    symbols.map((symbol) => h("option", { value: symbol, selected: symbol === current }, iconName(symbol))));
}

/** The word for an incident status. */
export function statusName(status) {
  const key = `journal.status.${status}`;
  const word = translate(key);
  return word === key ? String(status) : word;
}

/** An incident's status as a coloured badge. */
export function statusBadge(status) {
  return h("span", { class: `level ${STATUS_LEVEL[status] || "info"}`, dataset: { status } }, statusName(status));
}

/** Ask a yes/no question in a modal dialog placed in `host`; resolve true when confirmed. */
export function confirmDialog(host, ctx, { title, text, confirm }) {
  return askConfirm(host, { title, text, confirm, cancel: ctx.t("common.cancel"), signal: ctx.signal });
}

/** A file size in bytes as "12 KB" / "1.2 MB". */
export function fileSize(bytes) {
  if (bytes === null || bytes === undefined) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${num(bytes / (1024 * 1024), 1)} MB`;
}

/** A local calendar date (YYYY-MM-DD, as entries and incidents keep them) in the active language. */
export function calendarDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  if (!match) return text || "—";
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(language(), { dateStyle: "medium" }).format(day);
}
