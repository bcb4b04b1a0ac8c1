// Small pieces the LAN page's modules share: badges, names and error handling.
import { h } from "../../shell/dom.js";

export const STATUSES = ["ONLINE", "DOWN"];
export const IMPORTANCE = ["VITAL", "FLOATING"];
const STATUS_LEVEL = { ONLINE: "good", DOWN: "critical" };

/** The status as a badge in its level's colour. */
export function statusBadge(t, status) {
  return h("span", { class: `level ${STATUS_LEVEL[status] || "info"}`, dataset: { status } }, t(`status.${status}`));
}

/** The importance as a badge (VITAL stands out, FLOATING is quiet). */
export function importanceBadge(t, importance) {
  return h("span", { class: `importance ${importance.toLowerCase()}`, dataset: { importance } }, t(`importance.${importance}`));
}

/** The name the device has without the user's own: a discovered name, else its IP, else its MAC. */
export function discoveredName(device) {
  const names = device.names || {};
  return names.host || names.bonjour || device.ip_addresses[0] || device.hw_address;
}

/** True when an error only says the page was left (the shell aborts its requests). */
export function isAbort(ctx, error) {
  return ctx.signal.aborted || error?.name === "AbortError";
}

/** Epoch seconds now. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
