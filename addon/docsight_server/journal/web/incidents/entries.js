// An incident's journal entries: each with a button to take it out, and a list of the entries
// not in any incident to assign (a link opens an entry on the Journal page).
import { h, card, fill, notice } from "../../shell/dom.js";
import { calendarDate, isAbort, send } from "../journal/common.js";

const UNASSIGNED_SHOWN = 100;

/** The entries card of `incident`. hooks: {onChanged()} (after an assignment changed). */
export function entriesCard(ctx, incident, entries, hooks) {
  const { t } = ctx;
  const status = h("div", { class: "incident-entries-status", "aria-live": "polite" });
  const list = h("ul", { class: "incident-entries", id: "incident-entries-list", dataset: { count: String(entries.length) } });
  const pickList = h("div", { class: "incident-pick" });
  const assignButton = h("button", { type: "button", id: "incident-assign", disabled: true }, t("assign_selected"));
  const picker = h("details", { class: "incident-picker", id: "incident-picker" },
    h("summary", {}, t("add_entries")),
    h("p", { class: "muted" }, t("add_entries_hint")),
    pickList,
    h("div", { class: "toolbar-row" }, assignButton));
  const element = card(t("entries"), status, list, picker);
  element.id = "incident-entries";

  const journalLink = (entry) => h("a", { href: `#/journal?entry=${entry.id}` }, entry.title);

  async function change(action) {
    fill(status);
    try {
      await action();
      await hooks.onChanged();
    } catch (error) {
      if (!isAbort(ctx, error)) fill(status, notice("error", t("common.error", { message: error.message })));
    }
  }

  if (!entries.length) fill(list, h("li", { class: "muted" }, t("no_entries")));
  else {
    fill(list, entries.map((entry) => h("li", { dataset: { id: String(entry.id) } },
      h("time", { datetime: entry.date, class: "muted" }, calendarDate(entry.date)),
      h("span", { class: "incident-entry-title" }, journalLink(entry)),
      h("button", {
        type: "button",
        class: "text incident-unassign",
        "aria-label": t("unassign_label", { title: entry.title }),
        onclick: () => change(() => send(ctx, "POST", "api/journal/unassign", { entry_ids: [entry.id] })),
      }, t("unassign")))));
  }

  let loaded = false;
  picker.addEventListener("toggle", async () => {
    if (!picker.open || loaded) return;
    loaded = true;
    fill(pickList, h("p", { class: "muted" }, t("app.loading")));
    try {
      const free = await ctx.api.get("api/journal", { incident_id: 0, limit: UNASSIGNED_SHOWN });
      if (!free.length) {
        fill(pickList, h("p", { class: "muted" }, t("no_unassigned")));
        return;
      }
      const boxes = free.map((entry) => h("input", { type: "checkbox", value: String(entry.id), id: `pick-${entry.id}` }));
      fill(pickList, h("ul", {}, free.map((entry, index) => h("li", {},
        boxes[index],
        h("label", { for: `pick-${entry.id}` }, h("span", { class: "muted" }, calendarDate(entry.date)), " ", entry.title)))));
      const chosen = () => boxes.filter((box) => box.checked).map((box) => Number(box.value));
      pickList.addEventListener("change", () => { assignButton.disabled = !chosen().length; });
      assignButton.addEventListener("click", () => change(() => send(ctx, "POST", `api/incidents/${incident.id}/assign`, { entry_ids: chosen() })));
    } catch (error) {
      loaded = false;
      if (!isAbort(ctx, error)) fill(pickList, notice("error", t("common.error", { message: error.message })));
    }
  });
  return element;
}
