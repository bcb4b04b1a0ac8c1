// A sortable table: dataTable(container, {columns, rows, sort, empty, onRowClick, caption}).
// A column is {key, label, value(row) for sorting, render(row) -> text | Node, numeric,
// cellClass(row), help (a Node beside the header, e.g. a glossary link: a link cannot sit
// inside the sort button)}. Rows with onRowClick are reachable by keyboard (Enter/Space).

import { h } from "./dom.js";

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Draw the table; returns {update(rows), element}. */
export function dataTable(container, options) {
  let rows = options.rows || [];
  let sort = options.sort || null; // {key, descending}
  const wrap = h("div", { class: "table-wrap" });
  const table = h("table", { class: "data" });
  wrap.append(table);
  container.append(wrap);

  function valueOf(column, row) {
    return column.value ? column.value(row) : row[column.key];
  }

  function header() {
    return h("thead", {}, h("tr", {}, options.columns.map((column) => {
      const active = sort && sort.key === column.key;
      const state = active ? (sort.descending ? "descending" : "ascending") : "none";
      const label = column.sortable === false ? column.label : h("button", {
        type: "button",
        class: "sort",
        onclick: () => { sort = { key: column.key, descending: active ? !sort.descending : false }; draw(); },
      }, column.label, h("span", { class: "sort-mark", "aria-hidden": "true" }, active ? (sort.descending ? " ▼" : " ▲") : ""));
      const help = column.help ? h("span", { class: "th-help" }, " ", column.help) : null;
      return h("th", { scope: "col", class: column.numeric ? "num" : null, "aria-sort": column.sortable === false ? null : state }, label, help);
    })));
  }

  function body() {
    let shown = rows;
    if (sort) {
      const column = options.columns.find((c) => c.key === sort.key);
      shown = rows.slice().sort((a, b) => compare(valueOf(column, a), valueOf(column, b)) * (sort.descending ? -1 : 1));
    }
    if (!shown.length) return h("tbody", {}, h("tr", {}, h("td", { colspan: options.columns.length, class: "muted empty" }, options.empty || "")));
    return h("tbody", {}, shown.map((row) => {
      const cells = options.columns.map((column) => {
        const content = column.render ? column.render(row) : valueOf(column, row);
        const classes = [column.numeric ? "num" : "", column.cellClass ? column.cellClass(row) : ""].filter(Boolean).join(" ");
        return h("td", { class: classes || null }, content === null || content === undefined ? "—" : content);
      });
      if (!options.onRowClick) return h("tr", {}, cells);
      const open = () => options.onRowClick(row);
      return h("tr", {
        class: "clickable",
        tabindex: "0",
        "aria-label": options.rowLabel ? options.rowLabel(row) : null,
        onclick: open,
        onkeydown: (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); } },
      }, cells);
    }));
  }

  function draw() {
    table.replaceChildren(...[options.caption ? h("caption", {}, options.caption) : null, header(), body()].filter(Boolean));
  }

  draw();
  return {
    element: wrap,
    update(next) { rows = next; draw(); },
  };
}
