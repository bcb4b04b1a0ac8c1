// What the Connection monitor page's parts share: ranges, API paths, error handling.
import { h, notice, setFieldError } from "../../shell/dom.js";

export const API = "api/connection-monitor";

/** The range picker's choices: key and span in seconds. */
export const RANGES = [
  { key: "1h", seconds: 3600 },
  { key: "6h", seconds: 6 * 3600 },
  { key: "24h", seconds: 24 * 3600 },
  { key: "7d", seconds: 7 * 86400 },
  { key: "30d", seconds: 30 * 86400 },
];
export const DEFAULT_RANGE = "24h";

/** Re-bucket the chart's samples to at most this many points (the server keeps the tier). */
export const MAX_POINTS = 1500;

/** The [start, end] epoch seconds of a range key ending now. */
export function windowOf(rangeKey, now = Date.now()) {
  const range = RANGES.find((r) => r.key === rangeKey) || RANGES.find((r) => r.key === DEFAULT_RANGE);
  const end = Math.floor(now / 1000);
  return { start: end - range.seconds, end };
}

/** True when an error only says the page was left (the request was aborted). */
export function aborted(ctx, error) {
  return ctx.signal.aborted || error?.name === "AbortError";
}

/** Run an API call; on failure (not an abort) show the server's message in `slot`. */
export async function guarded(ctx, slot, work) {
  try {
    if (slot) slot.replaceChildren();
    return await work();
  } catch (error) {
    if (aborted(ctx, error)) return undefined;
    if (slot) slot.replaceChildren(notice("error", ctx.t("common.error", { message: error.message })));
    return undefined;
  }
}

/**
 * Put a 400's message next to the field it names ("host must be …" goes to inputs.host);
 * a message naming no field goes to `general`. Returns the input that got it (or null).
 */
export function showFieldError(ctx, message, inputs, general) {
  const names = Object.keys(inputs);
  let name = names.find((key) => message.startsWith(`${key} `) || message.startsWith(`${key}:`));
  if (!name && /\bhost\b/i.test(message) && inputs.host) name = "host";
  if (name) {
    setFieldError(inputs[name], message);
    inputs[name].focus();
    return inputs[name];
  }
  general.replaceChildren(notice("error", ctx.t("common.error", { message })));
  return null;
}

/** Clear the error lines of a form's inputs and its general message. */
export function clearErrors(inputs, general) {
  for (const input of Object.values(inputs)) setFieldError(input, "");
  general.replaceChildren();
}

/** A modal dialog with a heading, a body and buttons; returns {dialog, open(), close()}. */
export function modal(root, title, body, buttons) {
  const id = `dlg-${Math.random().toString(36).slice(2, 8)}`;
  const dialog = h("dialog", { class: "cm-dialog", "aria-labelledby": id },
    h("h2", { id }, title), body, h("div", { class: "cm-dialog-actions" }, buttons));
  root.append(dialog);
  return {
    dialog,
    open() { dialog.showModal(); },
    close() { if (dialog.open) dialog.close(); },
  };
}

/** The local calendar day of a "YYYY-MM-DD" text, in words. */
export function dayText(day, language) {
  const [y, m, d] = String(day).split("-").map(Number);
  if (!y || !m || !d) return String(day);
  return new Intl.DateTimeFormat(language, { weekday: "short", year: "numeric", month: "short", day: "numeric" }).format(new Date(y, m - 1, d));
}

/** The probe method of a target in words ("ICMP", "TCP port 443", "automatic"). */
export function methodText(ctx, target) {
  if (target.probe_method === "tcp") return ctx.t("method.tcp_port", { port: target.tcp_port });
  return ctx.t(`method.${target.probe_method}`);
}
