// One settings key as a form field: its input type from the value (checkbox, number with the
// server's limits, password for secrets, a select for a fixed set of choices), read-only when
// add-on options or the environment fix it, and the value to post when the user changed it.

import { h } from "../../shell/dom.js";

/** The value GET /api/config shows for a stored secret (eight bullets). */
export const MASK = "\u2022".repeat(8);

// How each key is edited (type, secret, range, longest text) comes from the server's own
// declarations: GET /api/config's `fields`.
const LONG_TEXT = new Set(["report_customer_address", "trusted_proxies"]);
// Keys with a fixed set of values: [value, string key of its label].
const CHOICES = {
  language: [["en", "choice.lang_en"], ["de", "choice.lang_de"]],
  notify_min_severity: [["info", "level.info"], ["warning", "level.warning"], ["critical", "level.critical"]],
  connection_monitor_probe_method: [["auto", "choice.probe_auto"], ["icmp", "choice.probe_icmp"], ["tcp", "choice.probe_tcp"]],
};

// Groups in page order; a key goes to the first group whose test it passes.
const GROUPS = [
  ["modem", (key) => key.startsWith("modem_")],
  ["polling", (key) => ["poll_interval", "history_days"].includes(key)],
  ["analysis", (key) => ["health_hysteresis", "gaming_quality_enabled", "segment_utilization_enabled"].includes(key)],
  ["contract", (key) => ["isp_name", "booked_download", "booked_upload"].includes(key)],
  ["general", (key) => ["demo_mode", "language", "timezone", "public_url"].includes(key)],
  ["access", (key) => ["admin_password", "trusted_proxies", "metrics_public", "metrics_require_token"].includes(key)],
  ["mqtt", (key) => key.startsWith("mqtt_")],
  ["notify", (key) => key.startsWith("notify_")],
  ["connection_monitor", (key) => key.startsWith("connection_monitor_")],
  ["lan", (key) => key.startsWith("lan_")],
  ["speedtest", (key) => key.startsWith("speedtest_")],
  ["weather", (key) => key.startsWith("weather_")],
  ["bqm", (key) => key.startsWith("bqm_")],
  ["bnetz", (key) => key.startsWith("bnetz_")],
  ["backup", (key) => key.startsWith("backup_")],
  ["report", (key) => key.startsWith("report_")],
];

/** The group ids in the order the page shows them ("other" last). */
export const GROUP_ORDER = [...GROUPS.map(([id]) => id), "other"];

/** The group a key belongs to. */
export function groupOf(key) {
  const found = GROUPS.find(([, test]) => test(key));
  return found ? found[0] : "other";
}

/** True for a key whose value the server masks. */
export function isSecret(spec, value) {
  return Boolean(spec?.secret) || value === MASK;
}

function lookup(t, prefix, key) {
  const text = t(`${prefix}.${key}`);
  return text === `${prefix}.${key}` ? null : text;
}

/** The readable label of a key in the active language, else the key itself. */
export function labelOf(t, key) {
  return lookup(t, "label", key) ?? key;
}

/** Why a key is read-only ("options" or "environment"), in words. */
export function lockedReason(t, key, source) {
  if (source === "environment") return t("locked.environment", { name: key.toUpperCase() });
  if (source === "options") return t("locked.options", { name: key });
  return t("locked.other", { source });
}

let timeZones = null;

function timeZoneList() {
  if (!timeZones) {
    const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    timeZones = h("datalist", { id: "settings-time-zones" }, zones.map((zone) => h("option", { value: zone })));
  }
  return timeZones;
}

function selectInput(id, value, choices) {
  const known = choices.some(([choice]) => choice === value);
  const all = known || value === "" ? choices : [[value, value], ...choices];
  return h("select", { id }, all.map(([choice, text]) => h("option", { value: choice, selected: choice === value }, text)));
}

function textInput(key, id, value, spec) {
  const maxlength = spec?.max_length ?? null;
  if (LONG_TEXT.has(key)) return h("textarea", { id, rows: key === "trusted_proxies" ? 2 : 3, maxlength }, String(value));
  const attrs = { id, type: spec?.url ? "url" : "text", value: String(value), autocomplete: "off", spellcheck: "false", maxlength };
  if (key === "timezone") attrs.list = "settings-time-zones";
  if (key === "bqm_collect_time" && /^\d{2}:\d{2}$/.test(String(value))) attrs.type = "time";
  if (key.endsWith("_latitude") || key.endsWith("_longitude")) attrs.inputmode = "decimal";
  return h("input", attrs);
}

function numberInput(id, value, spec) {
  const decimals = spec?.type === "number" || !Number.isInteger(value);
  return h("input", {
    id,
    type: "number",
    value: String(value),
    min: spec?.minimum ?? null,
    max: spec?.maximum ?? null,
    step: decimals ? "any" : "1",
    inputmode: decimals ? "decimal" : "numeric",
  });
}

function describe(input, hintLine, errorLine) {
  input.setAttribute("aria-describedby", [hintLine?.id, errorLine.id].filter(Boolean).join(" "));
}

/**
 * Build the field of one key. `spec` is its entry in GET /api/config's `fields` (type, secret,
 * range, longest text); `choices` overrides the select options ([value, text] pairs,
 * e.g. the modem drivers). Returns {key, kind, input, element, hint, locked, pending(), reset()}:
 * pending() is the value to post, or undefined when unchanged.
 */
export function settingField(t, key, value, lockedBy, { choices, spec } = {}) {
  const id = `set-${key}`;
  const locked = Boolean(lockedBy);
  const secret = isSecret(spec, value);
  const stored = secret && value !== "";
  const label = labelOf(t, key);
  const hintText = locked ? lockedReason(t, key, lockedBy) : lookup(t, "hint", key);
  let kind = "text";
  let input;
  if (typeof value === "boolean") {
    kind = "bool";
    input = h("input", { id, type: "checkbox", checked: value });
  } else if (typeof value === "number") {
    kind = "number";
    input = numberInput(id, value, spec);
  } else if (value !== null && typeof value === "object") {
    kind = "other"; // no setting has a list or table value yet: shown, never posted
    input = h("input", { id, type: "text", value: JSON.stringify(value), readonly: true });
  } else if (secret) {
    kind = "secret";
    input = h("input", {
      id, type: "password", value: "", autocomplete: "new-password",
      placeholder: stored ? t("secret.stored") : t("secret.empty"),
    });
  } else if (choices || CHOICES[key]) {
    kind = "select";
    input = selectInput(id, String(value), choices || CHOICES[key].map(([choice, text]) => [choice, t(text)]));
  } else {
    input = textInput(key, id, value, spec);
  }
  input.name = key;
  input.dataset.key = key;
  if (locked) {
    input.disabled = true;
    input.dataset.locked = lockedBy;
  }
  const hint = hintText || key === "modem_type"
    ? h("p", { class: `field-hint${locked ? " locked-reason" : ""}`, id: `${id}-hint` }, hintText || "")
    : null;
  const errorLine = h("p", { class: "field-error", id: `${id}-error`, role: "alert", hidden: true });
  describe(input, hint, errorLine);
  const labelElement = h("label", { for: id }, label);
  let clear = null;
  if (stored && !locked) {
    clear = h("input", { type: "checkbox", id: `${id}-clear`, onchange: () => { input.disabled = clear.checked; if (clear.checked) input.value = ""; } });
  }
  const element = kind === "bool"
    ? h("div", { class: "field check", dataset: { field: key } }, h("div", { class: "check-row" }, input, labelElement), hint, errorLine)
    : h("div", { class: "field", dataset: { field: key } }, labelElement, input,
      clear ? h("div", { class: "check-row secret-clear" }, clear, h("label", { for: clear.id }, t("secret.clear"))) : null,
      hint, errorLine);
  if (key === "timezone") element.append(timeZoneList());

  function pending() {
    if (locked || kind === "other") return undefined;
    if (kind === "bool") return input.checked !== value ? input.checked : undefined;
    if (kind === "secret") {
      if (clear?.checked) return "";
      return input.value !== "" ? input.value : undefined;
    }
    if (kind === "number") {
      const raw = input.value.trim();
      if (raw === "") return ""; // empty or unreadable: the server says what it needs
      const number = Number(raw);
      if (!Number.isFinite(number)) return raw;
      return number === value ? undefined : number;
    }
    return input.value !== String(value) ? input.value : undefined;
  }

  /** The value a modem test sends: what the user typed, else the mask (the stored one). */
  function current() {
    if (kind === "secret") {
      if (clear?.checked) return "";
      return input.value !== "" ? input.value : (stored ? MASK : "");
    }
    if (kind === "bool") return input.checked;
    return input.value;
  }

  return { key, kind, input, element, hint, locked, pending, current };
}

/** The key a server error names: its first word, else any key the message mentions. */
export function keyOfError(message, keys) {
  const first = /^([a-z][a-z0-9_]*)\b/.exec(message || "");
  if (first && keys.includes(first[1])) return first[1];
  const longestFirst = [...keys].sort((a, b) => b.length - a.length);
  return longestFirst.find((key) => new RegExp(`(^|[^a-z0-9_])${key}([^a-z0-9_]|$)`).test(message || "")) ?? null;
}
