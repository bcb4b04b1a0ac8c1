// One entry in a form: create it, or change it, delete it and manage its attachments. The
// server checks every field; its 400 answer is shown at the field it names.
import { h, card, fill, field, notice, loading, setFieldError } from "../../shell/dom.js";
import { isoDay } from "../../shell/format.js";
import { confirmDialog, fieldOf, iconSelect, isAbort, send } from "./common.js";
import { attachmentsSection } from "./attachments.js";

const FIELDS = ["date", "title", "description", "icon", "incident_id"];
let turn = 0;

/**
 * Show entry `id` (null: a new one) in `container`. hooks: {focus, incidents(), onSaved(id),
 * onDeleted(entry), onMissing(), onClose()}. Resolves once drawn.
 */
export async function showEditor(container, ctx, id, hooks) {
  const { t } = ctx;
  const mine = ++turn;
  let entry = null;
  if (id !== null) {
    fill(container, loading(t("app.loading")));
    try {
      entry = await ctx.api.get(`api/journal/${id}`);
    } catch (error) {
      if (isAbort(ctx, error) || mine !== turn) return;
      fill(container, card(null, notice("error", error.status === 404 ? t("entry_missing") : t("common.error", { message: error.message }))));
      if (error.status === 404) hooks.onMissing();
      return;
    }
    if (mine !== turn) return;
  }

  const inputs = {
    date: h("input", { type: "date", id: "entry-date", name: "date", value: entry?.date ?? isoDay() }),
    title: h("input", { type: "text", id: "entry-title", name: "title", autocomplete: "off", value: entry?.title ?? "" }),
    description: h("textarea", { id: "entry-description", name: "description", rows: 5 }),
    icon: iconSelect("entry-icon", entry?.icon ?? ""),
    incident_id: h("select", { id: "entry-incident", name: "incident_id" },
      h("option", { value: "" }, t("no_incident")),
      hooks.incidents().map((incident) => h("option", { value: String(incident.id), selected: incident.id === entry?.incident_id }, incident.name))),
  };
  inputs.description.value = entry?.description ?? "";
  const status = h("div", { class: "journal-form-status", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary", id: "entry-save" }, entry ? t("common.save") : t("common.create"));
  const deleteButton = entry ? h("button", { type: "button", class: "danger", id: "entry-delete" }, t("common.delete")) : null;
  const closeButton = h("button", { type: "button", id: "entry-close", onclick: hooks.onClose }, t("common.close"));
  const heading = h("h2", { id: "entry-heading", tabindex: "-1" }, entry ? t("edit_entry", { title: entry.title }) : t("new_entry"));
  const form = h("form", { class: "journal-form", novalidate: true },
    h("div", { class: "journal-form-row" },
      field(t("field.date"), inputs.date),
      field(t("field.icon"), inputs.icon),
      field(t("field.incident"), inputs.incident_id)),
    field(t("field.title"), inputs.title, { hint: t("field.title_hint") }),
    field(t("field.description"), inputs.description, { hint: t("field.description_hint") }),
    status,
    h("div", { class: "toolbar-row" }, submit, deleteButton, closeButton));

  function body() {
    return {
      date: inputs.date.value,
      title: inputs.title.value,
      description: inputs.description.value,
      icon: inputs.icon.value || null,
      incident_id: inputs.incident_id.value ? Number(inputs.incident_id.value) : null,
    };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const input of Object.values(inputs)) setFieldError(input, "");
    fill(status);
    submit.disabled = true;
    try {
      let savedId = entry?.id;
      if (entry) await send(ctx, "PUT", `api/journal/${entry.id}`, body());
      else savedId = (await send(ctx, "POST", "api/journal", body())).id;
      await hooks.onSaved(savedId);
      await showEditor(container, ctx, savedId, { ...hooks, focus: false });
      container.querySelector(".journal-form-status")?.replaceChildren(notice("ok", t("common.saved")));
      if (!entry) document.getElementById("entry-heading")?.focus();
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

  deleteButton?.addEventListener("click", async () => {
    const confirmed = await confirmDialog(container, ctx, {
      title: t("delete_title", { title: entry.title }),
      text: t("delete_text"),
      confirm: t("common.delete"),
    });
    if (!confirmed) return;
    try {
      await send(ctx, "DELETE", `api/journal/${entry.id}`);
      await hooks.onDeleted(entry);
    } catch (error) {
      if (!isAbort(ctx, error)) fill(status, notice("error", t("common.error", { message: error.message })));
    }
  });

  const formCard = card(null, heading, form);
  formCard.id = "journal-entry";
  formCard.dataset.entry = entry ? String(entry.id) : "new";
  formCard.setAttribute("aria-labelledby", "entry-heading");
  const parts = [formCard];
  if (entry) parts.push(attachmentsSection(ctx, entry, { onChanged: () => hooks.onSaved(entry.id) }));
  else parts.push(card(t("attachments"), h("p", { class: "muted" }, t("attachments_after_save"))));
  fill(container, h("div", { class: "grid journal-editor-grid" }, parts));
  if (hooks.focus) {
    heading.focus({ preventScroll: true });
    formCard.scrollIntoView({ block: "start", behavior: "instant" });
  }
}
