// The entries table: a checkbox per row for the batch actions, the date, the title (opens the
// entry, after its icon), its incident and attachment count, in the server's order (newest date first).
import { h } from "../../shell/dom.js";
import { count } from "../../shell/format.js";
import { dataTable } from "../../shell/table.js";
import { calendarDate, iconName } from "./common.js";

/**
 * Draw the table into `container`. hooks: {selected: Set of ids, incidentName(id), onOpen(entry),
 * onSelection()}. Returns {update(entries, openId)}.
 */
export function entriesTable(container, ctx, hooks) {
  const { t } = ctx;
  let entries = [];
  let openId = null;
  const selectAll = h("input", { type: "checkbox", id: "journal-select-all", "aria-label": t("select_all") });
  selectAll.addEventListener("change", () => {
    for (const entry of entries) {
      if (selectAll.checked) hooks.selected.add(entry.id);
      else hooks.selected.delete(entry.id);
    }
    draw();
    hooks.onSelection();
  });

  function checkbox(entry) {
    const box = h("input", {
      type: "checkbox",
      class: "journal-select",
      "aria-label": t("select_entry", { title: entry.title, date: calendarDate(entry.date) }),
      checked: hooks.selected.has(entry.id),
      dataset: { id: String(entry.id) },
    });
    box.addEventListener("change", () => {
      if (box.checked) hooks.selected.add(entry.id);
      else hooks.selected.delete(entry.id);
      syncSelectAll();
      hooks.onSelection();
    });
    return box;
  }

  function titleCell(entry) {
    const icon = entry.icon ? h("span", { class: "entry-icon", role: "img", "aria-label": iconName(entry.icon), title: iconName(entry.icon) }, entry.icon) : null;
    return h("div", { class: "journal-title-line" }, icon, h("button", {
      type: "button",
      class: entry.id === openId ? "text journal-open open" : "text journal-open",
      "aria-label": t("open_entry", { title: entry.title }),
      dataset: { id: String(entry.id) },
      onclick: () => hooks.onOpen(entry),
    }, entry.title));
  }

  const columns = [
    { key: "select", label: [selectAll, h("label", { for: "journal-select-all", class: "journal-phone-only" }, t("select_all_short"))], sortable: false, cellClass: () => "journal-check", render: checkbox },
    { key: "date", label: t("col.date"), sortable: false, cellClass: () => "journal-date", render: (entry) => h("time", { datetime: entry.date }, calendarDate(entry.date)) },
    { key: "title", label: t("col.title"), sortable: false, render: titleCell, cellClass: () => "wrap journal-title" },
    { key: "incident", label: t("col.incident"), sortable: false, cellClass: () => "journal-incident", render: (entry) => (entry.incident_id ? hooks.incidentName(entry.incident_id) ?? `#${entry.incident_id}` : h("span", { class: "muted" }, t("no_incident"))) },
    {
      key: "attachments", label: t("col.attachments"), sortable: false, numeric: true, cellClass: (entry) => (entry.attachment_count ? "journal-attachment-count" : "journal-attachment-count none"),
      render: (entry) => [h("span", { class: "count" }, count(entry.attachment_count ?? 0)), h("span", { class: "journal-phone-only" }, ` ${t("col.attachments")}`)],
    },
  ];
  const table = dataTable(container, { columns, rows: [], empty: t("empty"), caption: null });
  table.element.classList.add("journal-entries");

  function syncSelectAll() {
    const chosen = entries.filter((entry) => hooks.selected.has(entry.id)).length;
    selectAll.checked = entries.length > 0 && chosen === entries.length;
    selectAll.indeterminate = chosen > 0 && chosen < entries.length;
    selectAll.disabled = !entries.length;
  }

  function draw() {
    table.update(entries);
    table.element.dataset.rows = String(entries.length);
    syncSelectAll();
  }

  return {
    update(next, open) {
      entries = next;
      openId = open;
      draw();
    },
  };
}
