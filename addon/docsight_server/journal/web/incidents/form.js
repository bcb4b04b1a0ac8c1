// Creating or changing an incident: name, description, status, start and end date, icon. The
// server checks every field; its 400 answer is shown at the field it names.
import { h, card, fill, field, notice, setFieldError } from "../../shell/dom.js";
import { isoDay } from "../../shell/format.js";
import { STATUSES, fieldOf, iconSelect, isAbort, send, statusName } from "../journal/common.js";

const FIELDS = ["name", "description", "status", "start_date", "end_date", "icon"];

/**
 * The form for `incident` (null: a new one). hooks: {onSaved(id), onCancel()}.
 * Returns {element, focus()}.
 */
export function incidentForm(ctx, incident, hooks) {
  const { t } = ctx;
  const prefix = incident ? "incident-edit" : "incident-new";
  const inputs = {
    name: h("input", { type: "text", id: `${prefix}-name`, name: "name", autocomplete: "off", value: incident?.name ?? "" }),
    description: h("textarea", { id: `${prefix}-description`, name: "description", rows: 4 }),
    status: h("select", { id: `${prefix}-status`, name: "status" },
      STATUSES.map((status) => h("option", { value: status, selected: status === (incident?.status ?? "open") }, statusName(status)))),
    start_date: h("input", { type: "date", id: `${prefix}-start`, name: "start_date", value: incident ? incident.start_date ?? "" : isoDay() }),
    end_date: h("input", { type: "date", id: `${prefix}-end`, name: "end_date", value: incident?.end_date ?? "" }),
    icon: iconSelect(`${prefix}-icon`, incident?.icon ?? ""),
  };
  inputs.description.value = incident?.description ?? "";
  const heading = h("h2", { id: `${prefix}-heading`, tabindex: "-1" }, incident ? t("edit_incident", { name: incident.name }) : t("new_incident"));
  const status = h("div", { class: "incident-form-status", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary", id: `${prefix}-save` }, incident ? t("common.save") : t("common.create"));
  const form = h("form", { class: "incident-form", novalidate: true },
    field(t("field.name"), inputs.name, { hint: t("field.name_hint") }),
    field(t("field.description"), inputs.description, { hint: t("field.description_hint") }),
    h("div", { class: "incident-form-row" },
      field(t("field.status"), inputs.status),
      field(t("field.start"), inputs.start_date),
      field(t("field.end"), inputs.end_date, { hint: t("field.end_hint") }),
      field(t("field.icon"), inputs.icon)),
    status,
    h("div", { class: "toolbar-row" }, submit, h("button", { type: "button", onclick: hooks.onCancel }, t("common.cancel"))));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const input of Object.values(inputs)) setFieldError(input, "");
    fill(status);
    const body = {
      name: inputs.name.value,
      description: inputs.description.value,
      status: inputs.status.value,
      start_date: inputs.start_date.value || null,
      end_date: inputs.end_date.value || null,
      icon: inputs.icon.value || null,
    };
    submit.disabled = true;
    try {
      let id = incident?.id;
      if (incident) await send(ctx, "PUT", `api/incidents/${incident.id}`, body);
      else id = (await send(ctx, "POST", "api/incidents", body)).id;
      await hooks.onSaved(id);
    } catch (error) {
      if (isAbort(ctx, error)) return;
      const name = error.status === 400 ? fieldOf(error.message, FIELDS) : null;
      if (name) {
        setFieldError(inputs[name], error.message);
        inputs[name].focus();
      } else {
        fill(status, notice("error", t("common.error", { message: error.message })));
      }
    } finally {
      submit.disabled = false;
    }
  });

  const element = card(null, heading, form);
  element.id = incident ? "incident-edit" : "incident-form";
  element.setAttribute("aria-labelledby", `${prefix}-heading`);
  return {
    element,
    focus() {
      heading.focus({ preventScroll: true });
      element.scrollIntoView({ block: "start", behavior: "instant" });
    },
  };
}
