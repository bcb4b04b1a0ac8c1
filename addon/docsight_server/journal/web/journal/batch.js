// What the user does with the selected entries at once: delete them (after a confirmation),
// assign them to an incident, or take them out of their incidents.
import { h, fill } from "../../shell/dom.js";
import { confirmDialog, isAbort, send } from "./common.js";

/**
 * The bar above the table. hooks: {selected: Set of ids, incidents(), host (for the dialog),
 * onDone(text), onError(error)}. Returns {element, update()}.
 */
export function batchBar(ctx, hooks) {
  const { t } = ctx;
  const countText = h("span", { class: "journal-selected", role: "status" });
  const deleteButton = h("button", { type: "button", class: "danger", id: "journal-batch-delete" }, t("batch.delete"));
  const assignSelect = h("select", { id: "journal-batch-incident", "aria-label": t("batch.assign_to") });
  const assignButton = h("button", { type: "button", id: "journal-batch-assign" }, t("batch.assign"));
  const unassignButton = h("button", { type: "button", id: "journal-batch-unassign" }, t("batch.unassign"));
  const element = h("div", { class: "toolbar-row journal-batch", role: "group", "aria-label": t("batch.label") },
    countText, deleteButton,
    h("span", { class: "journal-assign" }, assignSelect, assignButton),
    unassignButton);

  const ids = () => [...hooks.selected];
  // "1 entry" / "2 entries": the strings have a "_one" form for a single entry
  const counted = (key, vars) => t(vars.count === 1 ? `${key}_one` : key, vars);

  async function run(button, action) {
    button.disabled = true;
    try {
      await hooks.onDone(await action());
    } catch (error) {
      if (!isAbort(ctx, error)) hooks.onError(error);
    } finally {
      update();
    }
  }

  deleteButton.addEventListener("click", async () => {
    const chosen = ids();
    const confirmed = await confirmDialog(hooks.host, ctx, {
      title: counted("batch.delete_title", { count: chosen.length }),
      text: t("batch.delete_text"),
      confirm: t("batch.delete_confirm"),
    });
    if (!confirmed) return;
    await run(deleteButton, async () => {
      const answer = await send(ctx, "DELETE", "api/journal/batch", { ids: chosen });
      return counted("batch.deleted", { count: answer.deleted });
    });
  });

  assignButton.addEventListener("click", () => run(assignButton, async () => {
    const incident = hooks.incidents().find((item) => String(item.id) === assignSelect.value);
    const answer = await send(ctx, "POST", `api/incidents/${assignSelect.value}/assign`, { entry_ids: ids() });
    return counted("batch.assigned", { count: answer.updated, name: incident?.name ?? assignSelect.value });
  }));

  unassignButton.addEventListener("click", () => run(unassignButton, async () => {
    const answer = await send(ctx, "POST", "api/journal/unassign", { entry_ids: ids() });
    return counted("batch.unassigned", { count: answer.updated });
  }));

  function update() {
    const chosen = hooks.selected.size;
    const incidents = hooks.incidents();
    const kept = assignSelect.value;
    fill(assignSelect, incidents.map((incident) => h("option", { value: String(incident.id) }, incident.name)));
    if (incidents.some((incident) => String(incident.id) === kept)) assignSelect.value = kept;
    countText.textContent = chosen ? t("batch.count", { count: chosen }) : t("batch.none");
    deleteButton.disabled = !chosen;
    unassignButton.disabled = !chosen;
    assignButton.disabled = !chosen || !incidents.length;
    assignSelect.disabled = !incidents.length;
  }

  update();
  return { element, update };
}
