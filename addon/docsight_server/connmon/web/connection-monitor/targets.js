// The targets card: the list (with the last minute's figures), enable/disable, create, edit, delete.
import { h, card, notice } from "../../shell/dom.js";
import { dataTable } from "../../shell/table.js";
import { duration, num } from "../../shell/format.js";
import { API, aborted, clearErrors, methodText, modal, showFieldError } from "./common.js";
import { targetForm } from "./target-form.js";

/**
 * Draw the targets card. `state` holds targets, selected, summary; `hooks.reload(selectId)`
 * reloads the targets (and selects one), `hooks.select(id)` shows one target's measurements.
 */
export function targetsCard(ctx, state, hooks) {
  const t = ctx.t;
  const status = h("div", { class: "cm-status", "aria-live": "polite" });
  const about = h("div", { class: "cm-about" });
  const tableSlot = h("div", { id: "cm-targets" });
  const liveCells = new Map(); // target id -> {latency, loss}

  const dialogs = h("div", { class: "cm-dialogs" });
  const editDialog = editor(ctx, dialogs, hooks, status);
  const deleteDialog = remover(ctx, dialogs, hooks, status);

  const columns = [
    { key: "label", label: t("targets.label"), render: (row) => [
      h("span", { class: "cm-target-label", dataset: { target: row.id } }, row.label),
      row.is_demo ? h("span", { class: "level info cm-demo" }, t("targets.demo")) : null] },
    { key: "host", label: t("targets.host"), render: (row) => (row.host ? h("code", {}, row.host) : h("span", { class: "muted" }, t("targets.no_host"))) },
    { key: "enabled", label: t("targets.state"), value: (row) => (row.enabled ? 1 : 0), render: (row) => stateBadge(ctx, row) },
    { key: "method", label: t("targets.method"), value: (row) => row.probe_method, render: (row) => methodText(ctx, row) },
    { key: "interval", label: t("targets.interval"), numeric: true, value: (row) => row.poll_interval_ms, render: (row) => duration(row.poll_interval_ms / 1000) },
    { key: "latency", label: t("targets.live_latency"), numeric: true, sortable: false, render: (row) => live(row, "latency") },
    { key: "loss", label: t("targets.live_loss"), numeric: true, sortable: false, render: (row) => live(row, "loss") },
    { key: "actions", label: t("targets.actions"), sortable: false, render: (row) => actions(row) },
  ];

  function live(row, kind) {
    const cell = h("span", { class: "cm-live", dataset: { target: row.id, kind } });
    const cells = liveCells.get(row.id) || {};
    cells[kind] = cell;
    liveCells.set(row.id, cells);
    fillLive(row.id);
    return cell;
  }

  function fillLive(id) {
    const cells = liveCells.get(id);
    const entry = state.summary?.[String(id)];
    if (!cells) return;
    if (cells.latency) cells.latency.textContent = entry?.sample_count ? `${num(entry.avg_latency_ms, 1)} ${t("unit.ms")}` : "—";
    if (cells.loss) cells.loss.textContent = entry?.sample_count ? `${num(entry.packet_loss_pct, 1)} %` : "—";
  }

  function actions(row) {
    return h("div", { class: "cm-actions" },
      rowButton(t(row.enabled ? "targets.disable" : "targets.enable"),
        t(row.enabled ? "targets.disable_named" : "targets.enable_named", { label: row.label }), "text", () => toggle(row)),
      rowButton(t("common.edit"), t("targets.edit_named", { label: row.label }), "text", () => editDialog.open(row)),
      rowButton(t("common.delete"), t("targets.delete_named", { label: row.label }), "text danger", () => deleteDialog.open(row)));
  }

  async function toggle(row) {
    status.replaceChildren();
    try {
      await ctx.api.put(`${API}/targets/${row.id}`, { enabled: !row.enabled });
      await hooks.reload();
      status.replaceChildren(notice("ok", t(row.enabled ? "targets.disabled_done" : "targets.enabled_done", { label: row.label })));
    } catch (error) {
      if (!aborted(ctx, error)) status.replaceChildren(notice("error", t("common.error", { message: error.message })));
    }
  }

  const table = dataTable(tableSlot, {
    columns,
    rows: state.targets,
    empty: t("targets.empty"),
    onRowClick: (row) => hooks.select(row.id),
    rowLabel: (row) => t("targets.show_named", { label: row.label }),
  });

  const create = createForm(ctx, hooks, status);
  const element = card(null,
    h("div", { class: "card-header" }, h("h2", {}, t("targets.title"))),
    about, status, h("p", { class: "muted cm-note" }, t("targets.caption")), tableSlot, create, dialogs);
  element.id = "cm-targets-card";

  return {
    element,
    /** Redraw the list from state.targets. */
    update() {
      liveCells.clear();
      table.update(state.targets);
      markSelected();
    },
    /** Refresh the last minute's figures in place (keeps focus and sort). */
    updateSummary() { for (const id of liveCells.keys()) fillLive(id); },
    /** Show the probe method and whether probing is on. */
    setAbout(capability, config) { about.replaceChildren(...aboutLines(ctx, capability, config)); },
    markSelected,
  };

  function markSelected() {
    for (const label of tableSlot.querySelectorAll(".cm-target-label")) {
      const row = label.closest("tr");
      row.dataset.target = label.dataset.target;
      row.classList.toggle("cm-selected", Number(label.dataset.target) === state.selected);
      if (Number(label.dataset.target) === state.selected) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    }
  }
}

/** A button inside a clickable row: its click and keys do not reach the row. */
function rowButton(text, name, kind, action) {
  return h("button", {
    type: "button",
    class: kind,
    "aria-label": name,
    onclick: (event) => { event.stopPropagation(); action(); },
    onkeydown: (event) => event.stopPropagation(),
  }, text);
}

function stateBadge(ctx, row) {
  const key = row.enabled ? "targets.enabled" : "targets.disabled";
  return h("span", { class: `badge ${row.enabled ? "good" : ""}`, dataset: { state: row.enabled ? "enabled" : "disabled" } }, ctx.t(key));
}

/** The probe method in words, and a warning when probing is switched off. */
function aboutLines(ctx, capability, config) {
  const t = ctx.t;
  const lines = [];
  if (capability) {
    const method = capability.method === "icmp" ? t("capability.icmp") : t("capability.tcp");
    lines.push(h("p", { class: "cm-capability", dataset: { method: capability.method } }, method,
      capability.reason ? h("span", { class: "muted" }, ` ${t("capability.reason", { reason: capability.reason })}` ) : null));
    if (capability.hint) lines.push(h("p", { class: "muted cm-hint" }, t("capability.hint", { hint: capability.hint })));
  }
  if (config && config.connection_monitor_enabled === false) {
    // "notice warning" fails axe's contrast check in the light scheme (shell colours), so: info
    lines.push(h("p", { class: "notice info cm-probing-off", role: "status" }, t("targets.probing_off"), " ",
      h("a", { href: "#/settings" }, t("targets.to_settings"))));
  }
  return lines;
}

/** The "Add a target" form under the list. */
function createForm(ctx, hooks, status) {
  const t = ctx.t;
  const form = targetForm(ctx, {}, "cm-new");
  const general = h("div", { class: "cm-form-message" });
  const submit = h("button", { type: "submit", class: "primary" }, t("targets.add"));
  const element = h("form", { class: "cm-create", novalidate: true, "aria-labelledby": "cm-create-title" },
    h("h3", { id: "cm-create-title" }, t("targets.add_title")),
    h("div", { class: "cm-form-grid" }, form.fields), general, h("div", { class: "toolbar-row" }, submit));
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form.inputs, general);
    submit.disabled = true;
    try {
      const created = await ctx.api.post(`${API}/targets`, form.values());
      const label = form.inputs.label.value.trim();
      form.reset();
      await hooks.reload(created.id);
      status.replaceChildren(notice("ok", t("targets.created", { label })));
    } catch (error) {
      if (aborted(ctx, error)) return;
      if (error.status === 400) showFieldError(ctx, error.message, form.inputs, general);
      else general.replaceChildren(notice("error", t("common.error", { message: error.message })));
    } finally {
      submit.disabled = false;
    }
  });
  return element;
}

/** The edit dialog (one for the page, filled per target). */
function editor(ctx, container, hooks, status) {
  const t = ctx.t;
  const slot = h("div", { class: "cm-form-grid" });
  const general = h("div", { class: "cm-form-message" });
  const save = h("button", { type: "submit", class: "primary", form: "cm-edit-form" }, t("common.save"));
  const cancel = h("button", { type: "button", onclick: () => dialog.close() }, t("common.cancel"));
  const formElement = h("form", { id: "cm-edit-form", novalidate: true }, slot, general);
  const dialog = modal(container, t("targets.edit_title"), formElement, [cancel, save]);
  let current = null;
  let form = null;
  formElement.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form.inputs, general);
    save.disabled = true;
    try {
      await ctx.api.put(`${API}/targets/${current.id}`, form.changes(current));
      dialog.close();
      await hooks.reload(current.id);
      status.replaceChildren(notice("ok", t("targets.saved", { label: form.inputs.label.value.trim() })));
    } catch (error) {
      if (aborted(ctx, error)) return;
      if (error.status === 400) showFieldError(ctx, error.message, form.inputs, general);
      else general.replaceChildren(notice("error", t("common.error", { message: error.message })));
    } finally {
      save.disabled = false;
    }
  });
  return {
    open(target) {
      current = target;
      form = targetForm(ctx, target, "cm-edit");
      slot.replaceChildren(...form.fields);
      general.replaceChildren();
      dialog.open();
      form.inputs.label.focus();
    },
  };
}

/** The delete confirmation dialog. */
function remover(ctx, container, hooks, status) {
  const t = ctx.t;
  const text = h("p", {});
  const general = h("div", { class: "cm-form-message" });
  const confirm = h("button", { type: "button", class: "danger", id: "cm-delete-confirm" }, t("common.delete"));
  const cancel = h("button", { type: "button", onclick: () => dialog.close() }, t("common.cancel"));
  const dialog = modal(container, t("targets.delete_title"), h("div", {}, text, general), [cancel, confirm]);
  dialog.dialog.id = "cm-delete-dialog";
  let current = null;
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    general.replaceChildren();
    try {
      await ctx.api.del(`${API}/targets/${current.id}`);
      dialog.close();
      await hooks.reload();
      status.replaceChildren(notice("ok", t("targets.deleted", { label: current.label })));
    } catch (error) {
      if (!aborted(ctx, error)) general.replaceChildren(notice("error", t("common.error", { message: error.message })));
    } finally {
      confirm.disabled = false;
    }
  });
  return {
    open(target) {
      current = target;
      text.textContent = t("targets.delete_text", { label: target.label });
      general.replaceChildren();
      dialog.open();
      cancel.focus();
    },
  };
}
