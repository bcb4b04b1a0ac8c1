// The Incidents page: incidents filtered by status, creating one, and the one the user opens
// (#/incidents?incident=3): its details, entries, timeline, evidence checklist and PDF.
import { h, card, fill, notice, segmented } from "../../shell/dom.js";
import { count } from "../../shell/format.js";
import { dataTable } from "../../shell/table.js";
import { STATUSES, calendarDate, isAbort, statusBadge } from "../journal/common.js";
import { incidentForm } from "./form.js";
import { showIncident } from "./detail.js";

export const styles = true;

const FILTERS = ["all", ...STATUSES];

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const { t } = ctx;
  const asked = ctx.params.get("status");
  const state = {
    status: FILTERS.includes(asked) ? asked : "all",
    incident: Number(ctx.params.get("incident")) || null,
    incidents: [],
  };

  const heading = h("h2", { id: "incidents-heading", tabindex: "-1" }, t("heading"));
  const filter = segmented("incidents-status", FILTERS.map((value) => ({ value, label: t(`filter.${value}`) })), state.status, (value) => {
    state.status = value;
    saveParams();
    load().catch(showError);
  });
  filter.setAttribute("aria-label", t("filter.label"));
  const messages = h("div", { class: "incidents-messages", "aria-live": "polite" });
  const tableSlot = h("div", { class: "incidents-table" });
  const formSlot = h("div", { id: "incident-new", class: "incidents-panel" });
  const detail = h("div", { id: "incident-detail-slot", class: "incidents-panel" });
  const listCard = card(null,
    h("div", { class: "card-header" }, heading,
      h("button", { type: "button", class: "primary", id: "incident-create", onclick: () => openCreate() }, t("new_incident"))),
    h("p", { class: "muted incidents-intro" }, t("intro")),
    h("div", { class: "toolbar-row incidents-filter" }, filter),
    messages, tableSlot,
    h("p", { class: "muted incidents-hint" }, t("open_hint")));
  listCard.id = "incidents-list";
  listCard.setAttribute("aria-labelledby", "incidents-heading");
  root.append(listCard, formSlot, detail);

  const table = dataTable(tableSlot, {
    columns: [
      { key: "name", label: t("col.name"), render: (incident) => h("span", { class: incident.id === state.incident ? "incident-name open" : "incident-name" }, incident.name) },
      { key: "status", label: t("col.status"), render: (incident) => statusBadge(incident.status) },
      { key: "start_date", label: t("col.start"), render: (incident) => calendarDate(incident.start_date) },
      { key: "end_date", label: t("col.end"), render: (incident) => (incident.end_date ? calendarDate(incident.end_date) : h("span", { class: "muted" }, t("ongoing"))) },
      { key: "entry_count", label: t("col.entries"), numeric: true, render: (incident) => count(incident.entry_count ?? 0) },
    ],
    rows: [],
    empty: t("empty"),
    rowLabel: (incident) => t("row_label", { name: incident.name }),
    onRowClick: (incident) => openIncident(incident.id, true),
  });
  table.element.classList.add("incidents");

  function say(kind, text) {
    fill(messages, text ? notice(kind, text) : null);
  }

  function showError(error) {
    if (!isAbort(ctx, error)) say("error", t("common.error", { message: error.message }));
  }

  function saveParams() {
    const params = {};
    if (state.status !== "all") params.status = state.status;
    if (state.incident) params.incident = String(state.incident);
    ctx.setParams(params);
  }

  async function load() {
    state.incidents = await ctx.api.get("api/incidents", { status: state.status === "all" ? null : state.status });
    table.update(state.incidents);
    table.element.dataset.rows = String(state.incidents.length);
  }

  function openCreate() {
    const form = incidentForm(ctx, null, {
      onSaved: async (id) => {
        fill(formSlot);
        await load();
        await openIncident(id, true);
      },
      onCancel: () => { fill(formSlot); document.getElementById("incident-create")?.focus(); },
    });
    fill(formSlot, form.element);
    form.focus();
  }

  function closeIncident() {
    state.incident = null;
    fill(detail);
    saveParams();
    table.update(state.incidents);
    heading.focus();
  }

  async function openIncident(id, focus) {
    state.incident = id;
    saveParams();
    table.update(state.incidents);
    await showIncident(detail, ctx, id, {
      focus,
      onChanged: () => load().catch(showError),
      onDeleted: async (incident) => {
        closeIncident();
        await load();
        say("ok", t("deleted", { name: incident.name }));
      },
      onMissing: () => { state.incident = null; saveParams(); },
      onClose: closeIncident,
    });
  }

  try {
    await load();
  } catch (error) {
    showError(error);
    return;
  }
  if (state.incident) await openIncident(state.incident, false);
}
