// Numbers, times and durations in the active language.
import { language } from "./i18n.js";

const DASH = "—";

/** Milliseconds since the epoch from an ISO text (UTC "Z") or epoch seconds. */
export function toMillis(value) {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return value * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** A number with a fixed count of decimals (a dash for none). */
export function num(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return new Intl.NumberFormat(language(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A whole number with thousands separators. */
export function count(value) {
  if (value === null || value === undefined) return DASH;
  return new Intl.NumberFormat(language()).format(value);
}

/** A value with its unit ("5.1 dBmV"). */
export function withUnit(value, unit, digits = 1) {
  const text = num(value, digits);
  return text === DASH ? text : `${text} ${unit}`;
}

/** Date and time, local, short. */
export function dateTime(value) {
  const millis = toMillis(value);
  if (millis === null) return DASH;
  return new Intl.DateTimeFormat(language(), { dateStyle: "short", timeStyle: "short" }).format(millis);
}

/** Date only, local. */
export function date(value) {
  const millis = toMillis(value);
  if (millis === null) return DASH;
  return new Intl.DateTimeFormat(language(), { dateStyle: "medium" }).format(millis);
}

/** Time of day, local. */
export function time(value) {
  const millis = toMillis(value);
  if (millis === null) return DASH;
  return new Intl.DateTimeFormat(language(), { timeStyle: "short" }).format(millis);
}

/** "5 min ago", "in 2 h" in the active language. */
export function relative(value, now = Date.now()) {
  const millis = toMillis(value);
  if (millis === null) return DASH;
  const seconds = Math.round((millis - now) / 1000);
  const units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
  const format = new Intl.RelativeTimeFormat(language(), { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === "second") return format.format(Math.round(seconds / size), unit);
  }
  return DASH;
}

const DURATION_UNITS = {
  en: { s: "s", min: "min", h: "h", d: "d" },
  de: { s: "s", min: "Min.", h: "Std.", d: "T." },
};

/** A duration in seconds as "1 h 5 min" / "40 s" ("1 Std. 5 Min." in German). */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return DASH;
  const unit = DURATION_UNITS[language()] || DURATION_UNITS.en;
  const s = Math.round(seconds);
  const two = (big, bigUnit, small, smallUnit) => `${big} ${bigUnit}${small ? ` ${small} ${smallUnit}` : ""}`;
  if (s < 60) return `${s} ${unit.s}`;
  if (s < 3600) return two(Math.floor(s / 60), unit.min, s % 60, unit.s);
  if (s < 86400) return two(Math.floor(s / 3600), unit.h, Math.floor((s % 3600) / 60), unit.min);
  return two(Math.floor(s / 86400), unit.d, Math.floor((s % 86400) / 3600), unit.h);
}

/** The local calendar day (YYYY-MM-DD) of a time, for date inputs. */
export function isoDay(value = Date.now() / 1000) {
  const d = new Date(toMillis(value) ?? value);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
