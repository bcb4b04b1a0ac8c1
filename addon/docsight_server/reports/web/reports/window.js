// The report's settings form: the window (last N days, or from/to local dates), the customer
// details (prefilled from the settings, not saved here) and the language.
import { h, field, segmented, setFieldError } from "../../shell/dom.js";
import { isoDay } from "../../shell/format.js";

const DAY_S = 86_400;
export const DEFAULT_DAYS = 7;

/** Local midnight of a YYYY-MM-DD date (plus `days`) as ISO 8601 UTC ("…Z"); null when empty. */
export function localMidnightUtc(text, days = 0) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  if (!match) return text ? text : null;
  const moment = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return `${moment.toISOString().slice(0, 16)}:00Z`;
}

/** The local date `daysAgo` days before today (YYYY-MM-DD). */
export function daysAgo(days) {
  return isoDay(Date.now() / 1000 - days * DAY_S);
}

/**
 * The form's fields. `customer` holds the saved report_customer_* values.
 * Returns {element, query(), customer(), lang(), showError(error) -> bool, clear()}.
 */
export function windowForm(ctx, customer, onChange) {
  const { t } = ctx;
  let mode = "days";
  const inputs = {
    days: h("input", { type: "number", id: "report-days", name: "days", min: 1, max: 90, step: 1, inputmode: "numeric", value: String(DEFAULT_DAYS) }),
    from: h("input", { type: "date", id: "report-from", name: "from", value: daysAgo(DEFAULT_DAYS) }),
    to: h("input", { type: "date", id: "report-to", name: "to", value: isoDay() }),
    name: h("input", { type: "text", id: "report-name", name: "name", autocomplete: "name", value: customer.report_customer_name || "" }),
    number: h("input", { type: "text", id: "report-number", name: "number", autocomplete: "off", value: customer.report_customer_number || "" }),
    address: h("textarea", { id: "report-address", name: "address", rows: 3, autocomplete: "street-address" }),
    lang: h("select", { id: "report-lang", name: "lang" },
      ["en", "de"].map((code) => h("option", { value: code, selected: code === ctx.language }, t(`lang.${code}`)))),
  };
  inputs.address.value = customer.report_customer_address || "";
  const daysField = field(t("field.days"), inputs.days, { hint: t("field.days_hint") });
  const rangeFields = h("div", { class: "reports-range", hidden: true },
    field(t("field.from"), inputs.from),
    field(t("field.to"), inputs.to, { hint: t("field.to_hint") }));
  const modeControl = segmented("report-mode", [
    { value: "days", label: t("mode.days") },
    { value: "range", label: t("mode.range") },
  ], mode, (value) => {
    mode = value;
    daysField.hidden = mode !== "days";
    rangeFields.hidden = mode !== "range";
    onChange();
  });
  modeControl.setAttribute("aria-label", t("mode.label"));
  const element = h("div", { class: "reports-form" },
    h("fieldset", { class: "reports-window" },
      h("legend", {}, t("window")),
      modeControl,
      h("div", { class: "reports-window-fields" }, daysField, rangeFields)),
    h("fieldset", { class: "reports-customer" },
      h("legend", {}, t("customer")),
      h("p", { class: "muted" }, t("customer_hint"), " ", h("a", { href: "#/settings" }, t("customer_settings"))),
      h("div", { class: "reports-customer-fields" },
        field(t("field.name"), inputs.name),
        field(t("field.number"), inputs.number)),
      field(t("field.address"), inputs.address)),
    field(t("field.lang"), inputs.lang));

  return {
    element,
    inputs,
    /** The window part of the query: {days} or {from, to} (UTC "Z" of the local dates' bounds). */
    query() {
      if (mode === "days") return { days: inputs.days.value.trim() };
      return { from: localMidnightUtc(inputs.from.value), to: localMidnightUtc(inputs.to.value, 1) };
    },
    /** Customer fields and language, as the report and letter routes take them. */
    extras() {
      return { lang: inputs.lang.value, name: inputs.name.value.trim(), number: inputs.number.value.trim(), address: inputs.address.value.trim() };
    },
    /** Show a window error at its field; false when it names none of ours. */
    showError(error) {
      const name = error.body?.field;
      const input = name === "days" ? inputs.days : name === "from" ? inputs.from : name === "to" ? inputs.to : null;
      if (!input) return false;
      setFieldError(input, error.message);
      return true;
    },
    clear() {
      for (const name of ["days", "from", "to"]) setFieldError(inputs[name], "");
    },
  };
}
