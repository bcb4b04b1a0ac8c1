// One incident opened from the list: its facts and actions (edit, PDF, delete), its entries
// (assign and unassign), its timeline and its evidence checklist.
import { h, card, fill, notice, loading } from "../../shell/dom.js";
import { evidenceList } from "../../shell/evidence.js";
import { calendarDate, confirmDialog, iconName, isAbort, statusBadge } from "../journal/common.js";
import { incidentForm } from "./form.js";
import { entriesCard } from "./entries.js";
import { timelineCard } from "./timeline.js";

let turn = 0;

function deleteText(t, entryCount) {
  if (entryCount === 0) return t("delete_text_none");
  return entryCount === 1 ? t("delete_text_one") : t("delete_text", { count: entryCount });
}

function facts(t, incident, entryCount) {
  const item = (label, ...value) => h("div", {}, h("dt", {}, label), h("dd", {}, ...value));
  return h("dl", { class: "incident-facts" },
    item(t("col.status"), statusBadge(incident.status)),
    item(t("col.start"), incident.start_date ? calendarDate(incident.start_date) : t("no_start")),
    item(t("col.end"), incident.end_date ? calendarDate(incident.end_date) : t("ongoing")),
    item(t("col.entries"), String(entryCount)),
    incident.icon ? item(t("field.icon"), iconName(incident.icon)) : null);
}

/**
 * Show incident `id` in `container`. hooks: {focus, onChanged(), onDeleted(incident), onMissing(),
 * onClose()}. Resolves once the details, timeline and checklist are drawn.
 */
export async function showIncident(container, ctx, id, hooks) {
  const { t } = ctx;
  const mine = ++turn;
  fill(container, loading(t("app.loading")));
  let answer;
  try {
    answer = await ctx.api.get(`api/incidents/${id}/timeline`);
  } catch (error) {
    if (isAbort(ctx, error) || mine !== turn) return;
    fill(container, card(null, notice("error", error.status === 404 ? t("missing") : t("common.error", { message: error.message }))));
    if (error.status === 404) hooks.onMissing();
    return;
  }
  if (mine !== turn) return;
  const incident = answer.incident;
  const reload = async () => {
    await showIncident(container, ctx, id, { ...hooks, focus: false });
    hooks.onChanged();
  };

  const heading = h("h2", { id: "incident-heading", tabindex: "-1" }, incident.name);
  const editSlot = h("div", { class: "incident-edit-slot" });
  const status = h("div", { class: "incident-status", "aria-live": "polite" });
  const pdfLink = h("a", {
    class: "button", id: "incident-pdf", download: "",
    href: ctx.api.url(`api/incidents/${incident.id}/report`, { lang: ctx.language }),
  }, t("download_pdf"));
  const editButton = h("button", { type: "button", id: "incident-edit-open" }, t("common.edit"));
  const deleteButton = h("button", { type: "button", class: "danger", id: "incident-delete" }, t("common.delete"));
  const header = card(null,
    h("div", { class: "card-header" }, heading,
      h("div", { class: "toolbar-row" }, pdfLink, editButton, deleteButton,
        h("button", { type: "button", id: "incident-close", onclick: hooks.onClose }, t("common.close")))),
    facts(t, incident, (answer.entries || []).length),
    incident.description ? h("p", { class: "incident-description" }, incident.description) : null,
    status, editSlot);
  header.id = "incident-detail";
  header.dataset.incident = String(incident.id);
  header.setAttribute("aria-labelledby", "incident-heading");

  editButton.addEventListener("click", () => {
    const form = incidentForm(ctx, incident, {
      onSaved: reload,
      onCancel: () => { fill(editSlot); editButton.focus(); },
    });
    fill(editSlot, form.element);
    form.focus();
  });

  deleteButton.addEventListener("click", async () => {
    const confirmed = await confirmDialog(container, ctx, {
      title: t("delete_title", { name: incident.name }),
      text: deleteText(t, (answer.entries || []).length),
      confirm: t("common.delete"),
    });
    if (!confirmed) return;
    try {
      await ctx.api.del(`api/incidents/${incident.id}`);
      await hooks.onDeleted(incident);
    } catch (error) {
      if (!isAbort(ctx, error)) fill(status, notice("error", t("common.error", { message: error.message })));
    }
  });

  const evidence = card(t("evidence"));
  evidence.id = "incident-evidence";
  const entries = entriesCard(ctx, incident, answer.entries || [], { onChanged: reload });
  const timeline = timelineCard(ctx, incident, answer);
  fill(container, header, h("div", { class: "grid incident-grid" }, entries, evidence), timeline);
  if (hooks.focus) {
    heading.focus({ preventScroll: true });
    header.scrollIntoView({ block: "start", behavior: "instant" });
  }
  await loadEvidence(ctx, evidence, incident);
}

async function loadEvidence(ctx, target, incident) {
  const { t } = ctx;
  if (!incident.start_date) {
    target.append(notice("info", t("evidence_needs_start")));
    return;
  }
  const body = h("div", {}, loading(t("app.loading")));
  target.append(body);
  try {
    fill(body, evidenceList(await ctx.api.get("api/evidence/checklist", { incident_id: incident.id })));
  } catch (error) {
    if (!isAbort(ctx, error)) fill(body, notice("error", t("common.error", { message: error.message })));
  }
}
