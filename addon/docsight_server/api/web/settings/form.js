// The settings form: one card per group, a save bar that posts only the changed keys, the
// server's refusal shown next to the field it names (the other edits stay in the form).

import { card, fill, h, notice, setFieldError } from "../../shell/dom.js";
import { GROUP_ORDER, groupOf, keyOfError, settingField } from "./fields.js";

/**
 * The form. `extras[groupId](fields)` adds elements to a group's card (the modem tools).
 * Returns {element, draw(answer), fields: Map key -> field}.
 */
export function settingsForm(ctx, { choices = {}, extras = {} } = {}) {
  const { t } = ctx;
  const fields = new Map();
  let last = null; // the GET /api/config answer drawn last
  const groups = h("div", { class: "settings-groups", id: "settings-groups" });
  const status = h("div", { class: "save-status", id: "settings-status" });
  const pendingLine = h("span", { class: "muted", id: "settings-pending", "aria-live": "polite" });
  const saveButton = h("button", { type: "submit", class: "primary", id: "settings-save", disabled: true }, t("common.save"));
  const discardButton = h("button", { type: "button", class: "text", id: "settings-discard", disabled: true, onclick: discard }, t("discard"));
  const bar = h("div", { class: "save-bar", role: "group", "aria-label": t("save_bar") }, status, pendingLine, discardButton, saveButton);
  const form = h("form", { class: "settings-form", novalidate: true, "aria-label": t("form_label"), onsubmit: submit }, groups, bar);
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);

  function changes() {
    const result = {};
    for (const field of fields.values()) {
      const value = field.pending();
      if (value !== undefined) result[field.key] = value;
    }
    return result;
  }

  function countPending() {
    const count = Object.keys(changes()).length;
    pendingLine.textContent = count ? t(count === 1 ? "pending_one" : "pending_other", { count }) : "";
    saveButton.disabled = count === 0;
    discardButton.disabled = count === 0;
    // The bar stays in view while there is something to save or to read.
    bar.classList.toggle("floating", count > 0 || status.childElementCount > 0);
    return count;
  }

  function onEdit(event) {
    const key = event.target?.dataset?.key;
    if (key && fields.has(key)) setFieldError(fields.get(key).input, "");
    if (status.querySelector(".notice.ok, .notice.info")) fill(status);
    countPending();
  }

  function draw(answer) {
    last = answer;
    fields.clear();
    const byGroup = new Map(GROUP_ORDER.map((id) => [id, []]));
    for (const [key, value] of Object.entries(answer.config || {})) {
      const field = settingField(t, key, value, answer.locked?.[key], { choices: choices[key], spec: answer.fields?.[key] });
      fields.set(key, field);
      byGroup.get(groupOf(key)).push(field);
    }
    const cards = [];
    for (const [id, members] of byGroup) {
      if (!members.length) continue;
      const section = card(t(`group.${id}`), members.map((field) => field.element), extras[id] ? extras[id](fields) : null);
      section.id = `group-${id}`;
      section.classList.add("settings-group");
      cards.push(section);
    }
    fill(groups, cards);
    countPending();
  }

  function discard() {
    fill(status);
    if (last) draw(last);
    countPending();
  }

  function showRefusal(error) {
    const key = keyOfError(error.message, [...fields.keys()]);
    const field = key ? fields.get(key) : null;
    if (field) {
      setFieldError(field.input, error.message);
      field.element.scrollIntoView({ block: "center" });
      field.input.focus({ preventScroll: true });
      fill(status, notice("error", t("not_saved_field", { message: error.message, label: field.element.querySelector("label").textContent })));
    } else {
      fill(status, notice("error", t("not_saved", { message: error.message })));
    }
  }

  async function submit(event) {
    event.preventDefault();
    for (const field of fields.values()) setFieldError(field.input, "");
    const body = changes();
    if (!Object.keys(body).length) {
      fill(status, notice("info", t("nothing_changed")));
      countPending();
      return;
    }
    saveButton.disabled = true;
    fill(status, h("span", { class: "muted" }, t("saving")));
    try {
      const saved = await ctx.api.post("api/config", body);
      const fresh = await ctx.api.get("api/config");
      draw(fresh);
      const overridden = saved.overridden || [];
      fill(status, notice(overridden.length ? "warning" : "ok",
        overridden.length ? t("saved_overridden", { keys: overridden.join(", ") }) : t("common.saved")));
      countPending();
    } catch (error) {
      if (ctx.signal.aborted) return;
      if (error.status === 400) showRefusal(error);
      else fill(status, notice("error", t("not_saved", { message: error.message })));
      countPending();
    }
  }

  return { element: form, draw, fields };
}
