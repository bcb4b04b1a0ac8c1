// The import wizard: choose an .xlsx or .csv file, see what the server read from it (the column
// mapping and every row, duplicates and skipped rows marked), then import the new rows.
import { h, card, fill, field, notice, setFieldError } from "../../shell/dom.js";
import { count } from "../../shell/format.js";
import { dataTable } from "../../shell/table.js";
import { calendarDate, isAbort, send, uploadFile } from "./common.js";

const ROLES = ["date", "title", "description"];

/** The column a mapping value names ("A (Datum)"), whether the server gives an index or a letter. */
function columnLabel(preview, value) {
  if (value === null || value === undefined || value === "") return null;
  const columns = preview.columns || [];
  const index = typeof value === "number" ? value : columns.indexOf(String(value));
  const letter = index >= 0 && index < columns.length ? columns[index] : String(value);
  const header = index >= 0 ? (preview.sample_headers || [])[index] : null;
  return header ? `${letter} (${header})` : letter;
}

const SHOWN_CHARACTERS = 160;

function shorten(text) {
  if (!text) return null;
  return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text;
}

function rowState(row) {
  if (row.skipped) return "skipped";
  if (row.duplicate) return "duplicate";
  return "new";
}

function stateCell(t, row) {
  const state = rowState(row);
  const badge = h("span", { class: `level import-${state}`, dataset: { state } }, t(`import.state.${state}`));
  if (!row.reason) return badge;
  const key = `import.reason.${row.reason.replaceAll(" ", "_")}`;
  const reason = t(key) === key ? row.reason : t(key);
  return [badge, " ", h("span", { class: "muted" }, reason)];
}

/** Open the wizard in `container`. hooks: {onImported(text), onClose()}. */
export function showImport(container, ctx, hooks) {
  const { t } = ctx;
  const heading = h("h2", { id: "import-heading", tabindex: "-1" }, t("import.heading"));
  const fileInput = h("input", { type: "file", id: "import-file", name: "file", accept: ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  const previewButton = h("button", { type: "submit", class: "primary", id: "import-preview" }, t("import.preview"));
  const chooseForm = h("form", { class: "journal-import-choose", novalidate: true },
    field(t("import.file"), fileInput, { hint: t("import.file_hint") }),
    h("div", { class: "toolbar-row" }, previewButton,
      h("button", { type: "button", id: "import-cancel", onclick: hooks.onClose }, t("common.cancel"))));
  const result = h("div", { class: "journal-import-result", "aria-live": "polite" });
  const element = card(null, heading, h("p", { class: "muted" }, t("import.intro")), chooseForm, result);
  element.setAttribute("aria-labelledby", "import-heading");
  fill(container, element);
  heading.focus({ preventScroll: true });
  element.scrollIntoView({ block: "start", behavior: "instant" });

  chooseForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    setFieldError(fileInput, "");
    fill(result);
    const file = fileInput.files?.[0];
    if (!file) {
      setFieldError(fileInput, t("import.choose"));
      fileInput.focus();
      return;
    }
    previewButton.disabled = true;
    try {
      const preview = await uploadFile(ctx, "api/journal/import/preview", file, t("import.failed"));
      showPreview(preview);
    } catch (error) {
      if (isAbort(ctx, error)) return;
      setFieldError(fileInput, error.message);
      fileInput.focus();
    } finally {
      previewButton.disabled = false;
    }
  });

  function showPreview(preview) {
    const rows = preview.rows || [];
    const wanted = rows.filter((row) => rowState(row) === "new");
    const duplicates = rows.filter((row) => rowState(row) === "duplicate").length;
    const skipped = rows.filter((row) => rowState(row) === "skipped").length;
    const mapping = h("dl", { class: "journal-mapping", id: "import-mapping" }, ROLES.map((role) => h("div", { dataset: { role } },
      h("dt", {}, t(`import.role.${role}`)),
      h("dd", {}, columnLabel(preview, preview.mapping?.[role]) ?? h("span", { class: "muted" }, t("import.unmapped"))))));
    const counts = h("p", { class: "journal-import-counts", id: "import-counts" },
      t("import.counts", { total: count(preview.total ?? rows.length), fresh: count(wanted.length), duplicates: count(preview.duplicates ?? duplicates), skipped: count(preview.skipped ?? skipped) }));
    const tableSlot = h("div", { class: "journal-import-rows" });
    const table = dataTable(tableSlot, {
      columns: [
        { key: "idx", label: t("import.col.row"), sortable: false, numeric: true, render: (row) => count(row.idx) },
        { key: "state", label: t("import.col.state"), sortable: false, render: (row) => stateCell(t, row) },
        { key: "date", label: t("col.date"), sortable: false, render: (row) => (row.date ? calendarDate(row.date) : h("span", { class: "muted" }, row.raw_date || "—")) },
        { key: "title", label: t("col.title"), sortable: false, cellClass: () => "wrap" },
        { key: "description", label: t("field.description"), sortable: false, cellClass: () => "wrap journal-import-description", render: (row) => shorten(row.description) },
      ],
      rows,
      empty: t("import.no_rows"),
    });
    table.element.classList.add("journal-import-table");
    const confirmButton = h("button", { type: "button", class: "primary", id: "import-confirm", disabled: !wanted.length }, t(wanted.length === 1 ? "import.confirm_one" : "import.confirm", { count: wanted.length }));
    const status = h("div", { class: "journal-import-status" });
    confirmButton.addEventListener("click", async () => {
      confirmButton.disabled = true;
      try {
        const answer = await send(ctx, "POST", "api/journal/import/confirm", {
          rows: wanted.map((row) => ({ date: row.date, title: row.title, description: row.description ?? "" })),
        });
        const text = t("import.done", { imported: count(answer.imported), duplicates: count(duplicates + (answer.duplicates ?? 0)) });
        fill(result, notice("ok", text));
        fill(chooseForm.querySelector(".toolbar-row"), h("button", { type: "button", id: "import-close", onclick: hooks.onClose }, t("common.close")));
        await hooks.onImported(text);
      } catch (error) {
        if (isAbort(ctx, error)) return;
        fill(status, notice("error", t("common.error", { message: error.message })));
        confirmButton.disabled = false;
      }
    });
    fill(result, h("h3", {}, t("import.mapping")), mapping, counts, tableSlot, status,
      h("div", { class: "toolbar-row" }, confirmButton));
  }
}
