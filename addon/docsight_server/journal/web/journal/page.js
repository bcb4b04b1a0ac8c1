// The Journal page: entries a page at a time (search, incident filter), several at once
// (delete, assign, unassign), one in the editor with its attachments, exports and the import
// wizard. The hash keeps the filter, the page and the open entry (#/journal?q=..&incident=0&entry=5).
import { h, card, fill, field, notice } from "../../shell/dom.js";
import { count } from "../../shell/format.js";
import { isAbort } from "./common.js";
import { entriesTable } from "./entries.js";
import { batchBar } from "./batch.js";
import { showEditor } from "./editor.js";
import { showImport } from "./importer.js";

export const styles = true;

const PER_PAGE = 50;
const SEARCH_DELAY_MS = 300;
const EXPORTS = [["csv", "export.csv"], ["json", "export.json"], ["md", "export.md"]];

function readParams(params) {
  const offset = Number.parseInt(params.get("offset") || "0", 10);
  const incident = params.get("incident") || "all";
  const entry = params.get("entry");
  return {
    search: params.get("q") || "",
    incident: incident === "all" || /^\d+$/.test(incident) ? incident : "all",
    offset: Number.isFinite(offset) && offset > 0 ? offset - (offset % PER_PAGE) : 0,
    entry: entry === "new" ? "new" : Number(entry) || null,
  };
}

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const { t } = ctx;
  const state = readParams(ctx.params);
  const data = { entries: [], incidents: [], selected: new Set() };
  let turn = 0;

  const heading = h("h2", { id: "journal-heading", tabindex: "-1" }, t("heading"));
  const searchInput = h("input", { type: "search", id: "journal-search", name: "search", autocomplete: "off", value: state.search });
  const incidentSelect = h("select", { id: "journal-incident", name: "incident" });
  const messages = h("div", { class: "journal-messages", "aria-live": "polite" });
  const tableSlot = h("div", { class: "journal-table" });
  const previous = h("button", { type: "button", class: "previous", onclick: () => goTo(state.offset - PER_PAGE) }, t("previous"));
  const next = h("button", { type: "button", class: "next", onclick: () => goTo(state.offset + PER_PAGE) }, t("next"));
  const rangeText = h("span", { class: "range" });
  const exportLinks = EXPORTS.map(([format, key]) => h("a", { class: "button", id: `journal-export-${format}`, download: "" }, t(key)));
  const editor = h("div", { id: "journal-editor", class: "journal-panel" });
  const importer = h("div", { id: "journal-import", class: "journal-panel" });

  const table = entriesTable(tableSlot, ctx, {
    selected: data.selected,
    incidentName: (id) => data.incidents.find((incident) => incident.id === id)?.name ?? null,
    onOpen: (entry) => openEditor(entry.id, true),
    onSelection: () => batch.update(),
  });
  const batch = batchBar(ctx, {
    selected: data.selected,
    incidents: () => data.incidents,
    host: root,
    onDone: async (text) => { data.selected.clear(); await load(); say("ok", text); },
    onError: (error) => say("error", t("common.error", { message: error.message })),
  });

  const listCard = card(null,
    h("div", { class: "card-header" }, heading,
      h("div", { class: "toolbar-row" },
        h("button", { type: "button", class: "primary", id: "journal-new", onclick: () => openEditor("new", true) }, t("new_entry")),
        h("button", { type: "button", id: "journal-import-open", onclick: () => openImport() }, t("import.open")))),
    h("p", { class: "muted journal-intro" }, t("intro")),
    h("div", { class: "toolbar-row journal-filters" },
      field(t("search"), searchInput, { hint: t("search_hint") }),
      field(t("filter_incident"), incidentSelect)),
    messages, batch.element, tableSlot,
    h("nav", { class: "pager toolbar-row", "aria-label": t("pager_label") }, previous, rangeText, next),
    h("div", { class: "toolbar-row journal-exports" }, h("span", { class: "muted" }, t("export.label")), exportLinks));
  listCard.id = "journal-list";
  listCard.setAttribute("aria-labelledby", "journal-heading");
  root.append(listCard, importer, editor);

  function say(kind, text) {
    fill(messages, text ? notice(kind, text) : null);
  }

  function saveParams() {
    const params = {};
    if (state.search) params.q = state.search;
    if (state.incident !== "all") params.incident = state.incident;
    if (state.offset) params.offset = String(state.offset);
    if (state.entry) params.entry = String(state.entry);
    ctx.setParams(params);
  }

  function filterQuery() {
    return { search: state.search || null, incident_id: state.incident === "all" ? null : state.incident };
  }

  function drawIncidentFilter() {
    fill(incidentSelect,
      h("option", { value: "all" }, t("filter_all")),
      h("option", { value: "0" }, t("filter_unassigned")),
      data.incidents.map((incident) => h("option", { value: String(incident.id) }, incident.name)));
    if (state.incident !== "all" && state.incident !== "0" && !data.incidents.some((i) => String(i.id) === state.incident)) state.incident = "all";
    incidentSelect.value = state.incident;
  }

  function drawPager() {
    const first = data.entries.length ? state.offset + 1 : 0;
    const last = state.offset + data.entries.length;
    rangeText.textContent = data.entries.length ? t("range", { first: count(first), last: count(last) }) : t("range_none");
    previous.disabled = state.offset <= 0;
    next.disabled = data.entries.length < PER_PAGE;
    const incident = state.incident === "all" ? null : state.incident;
    for (const [index, [format]] of EXPORTS.entries()) {
      exportLinks[index].href = ctx.api.url("api/journal/export", { format, incident_id: incident });
    }
  }

  async function loadIncidents() {
    data.incidents = await ctx.api.get("api/incidents");
    drawIncidentFilter();
  }

  async function load() {
    const mine = ++turn;
    tableSlot.setAttribute("aria-busy", "true");
    try {
      const entries = await ctx.api.get("api/journal", { ...filterQuery(), limit: PER_PAGE, offset: state.offset });
      if (mine !== turn) return;
      if (!entries.length && state.offset > 0) {
        state.offset = Math.max(0, state.offset - PER_PAGE);
        saveParams();
        await load();
        return;
      }
      data.entries = entries;
      const shown = new Set(entries.map((entry) => entry.id));
      for (const id of [...data.selected]) if (!shown.has(id)) data.selected.delete(id);
      table.update(entries, state.entry);
      drawPager();
      batch.update();
    } finally {
      if (mine === turn) tableSlot.removeAttribute("aria-busy");
    }
  }

  async function reload() {
    try {
      await Promise.all([loadIncidents(), load()]);
      // the entries may have come first: draw their incident names and the assign choices now
      table.update(data.entries, state.entry);
      batch.update();
    } catch (error) {
      if (!isAbort(ctx, error)) say("error", t("common.error", { message: error.message }));
    }
  }

  function goTo(offset) {
    state.offset = Math.max(0, offset);
    data.selected.clear();
    saveParams();
    say();
    load().catch((error) => { if (!isAbort(ctx, error)) say("error", t("common.error", { message: error.message })); });
  }

  let searchTimer = null;
  ctx.onCleanup(() => clearTimeout(searchTimer));
  searchInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.search = searchInput.value.trim(); goTo(0); }, SEARCH_DELAY_MS);
  });
  incidentSelect.addEventListener("change", () => { state.incident = incidentSelect.value; goTo(0); });

  function closeEditor() {
    state.entry = null;
    fill(editor);
    saveParams();
    table.update(data.entries, null);
    heading.focus();
  }

  async function openEditor(id, focus) {
    fill(importer);
    state.entry = id;
    saveParams();
    table.update(data.entries, id);
    await showEditor(editor, ctx, id === "new" ? null : id, {
      focus,
      incidents: () => data.incidents,
      onSaved: async (savedId) => {
        state.entry = savedId;
        saveParams();
        await load();
      },
      onDeleted: async (entry) => {
        state.entry = null;
        fill(editor);
        saveParams();
        await load();
        say("ok", t("deleted", { title: entry.title }));
        heading.focus();
      },
      onMissing: () => { state.entry = null; saveParams(); },
      onClose: closeEditor,
    });
  }

  function openImport() {
    if (state.entry) closeEditor();
    showImport(importer, ctx, {
      onImported: async (text) => { await load(); say("ok", text); },
      onClose: () => { fill(importer); document.getElementById("journal-import-open")?.focus(); },
    });
  }

  await reload();
  if (state.entry) await openEditor(state.entry, false);
}
