// The LAN devices page: the inventory (sortable, filtered by status) and, for the device the
// user opens, its details, settings, status history and round-trip delay (detail.js).
import { h, card, fill, notice, segmented } from "../../shell/dom.js";
import { dataTable } from "../../shell/table.js";
import { dateTime, toMillis } from "../../shell/format.js";
import { STATUSES, importanceBadge, isAbort, statusBadge } from "./common.js";
import { PERIODS, showDevice } from "./detail.js";

export const styles = true;

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const { t } = ctx;
  const asked = (ctx.params.get("status") || "").toUpperCase();
  const state = {
    devices: [],
    monitoring: true,
    filter: STATUSES.includes(asked) ? asked : "all",
    device: Number(ctx.params.get("device")) || null,
    period: PERIODS.includes(ctx.params.get("period")) ? ctx.params.get("period") : "7d",
  };

  const filterSlot = h("div", { class: "toolbar-row lan-filter" });
  const summary = h("p", { class: "muted lan-summary" });
  const messages = h("div", { class: "lan-messages" });
  const tableSlot = h("div", { class: "lan-inventory-table" });
  const inventory = card(null,
    h("div", { class: "card-header" }, h("h2", { id: "lan-devices-heading" }, t("devices")), filterSlot),
    summary, messages, tableSlot,
    h("p", { class: "muted lan-hint" }, t("open_hint")));
  inventory.id = "lan-inventory";
  inventory.setAttribute("aria-labelledby", "lan-devices-heading");
  const detail = h("div", { class: "lan-detail", id: "lan-detail" });
  root.append(inventory, detail);

  const tableOptions = {
    columns: columns(t, () => state.device),
    rows: [],
    sort: { key: "name", descending: false },
    empty: t("empty"),
    caption: null,
    rowLabel: (device) => t("row_label", { name: device.display_name, status: t(`status.${device.status}`) }),
    onRowClick: (device) => openDevice(device.id, true),
  };
  const table = dataTable(tableSlot, tableOptions);
  table.element.classList.add("lan-devices");

  function syncParams() {
    const params = {};
    if (state.filter !== "all") params.status = state.filter;
    if (state.device) params.device = state.device;
    if (state.device && state.period !== "7d") params.period = state.period;
    ctx.setParams(params);
  }

  function drawFilter() {
    const counts = { all: state.devices.length };
    for (const status of STATUSES) counts[status] = state.devices.filter((d) => d.status === status).length;
    const options = ["all", ...STATUSES].map((value) => ({
      value,
      label: t(value === "all" ? "filter.all" : `filter.${value}`, { count: counts[value] }),
    }));
    const group = segmented("lan-status", options, state.filter, (value) => {
      state.filter = value;
      syncParams();
      drawTable();
    });
    group.setAttribute("aria-label", t("filter.label"));
    fill(filterSlot, group);
    fill(summary, t("summary", {
      total: counts.all,
      online: counts.ONLINE,
      down: counts.DOWN,
      vital: state.devices.filter((d) => d.importance === "VITAL").length,
    }));
  }

  function drawTable() {
    const rows = state.filter === "all" ? state.devices : state.devices.filter((d) => d.status === state.filter);
    tableOptions.empty = state.devices.length ? t("empty_filter") : t("empty");
    table.update(rows);
    table.element.dataset.rows = String(rows.length);
  }

  function draw() {
    drawFilter();
    drawTable();
  }

  async function loadDevices() {
    const answer = await ctx.api.get("api/lan/devices");
    state.devices = answer.devices;
    state.monitoring = answer.monitoring_active;
    fill(messages, state.monitoring ? null : notice("warning", t("monitoring_off")));
    draw();
  }

  function replaceDevice(device) {
    state.devices = state.devices.map((d) => (d.id === device.id ? device : d));
    draw();
  }

  function closeDevice() {
    state.device = null;
    fill(detail);
    syncParams();
    drawTable();
    document.getElementById("lan-devices-heading")?.focus();
  }

  async function openDevice(id, focus) {
    state.device = id;
    syncParams();
    drawTable();
    await showDevice(detail, ctx, id, {
      focus,
      period: state.period,
      onPeriod: (period) => { state.period = period; syncParams(); },
      onChanged: replaceDevice,
      onClose: closeDevice,
      onMissing: () => { state.device = null; syncParams(); drawTable(); },
      onForgotten: (device) => {
        state.devices = state.devices.filter((d) => d.id !== device.id);
        state.device = null;
        fill(detail);
        syncParams();
        fill(messages, notice("ok", t("forgotten", { name: device.display_name })));
        draw();
        document.getElementById("lan-devices-heading")?.focus();
      },
    });
  }

  // New, down, up and IP-change events of LAN devices: show the inventory as it is now.
  ctx.onStream("event", (event) => {
    if (!String(event?.event_type || "").startsWith("lan_")) return;
    loadDevices().catch(() => {});
  });

  document.getElementById("lan-devices-heading").tabIndex = -1;
  try {
    await loadDevices();
  } catch (error) {
    if (isAbort(ctx, error)) return;
    fill(messages, notice("error", t("common.error", { message: error.message })));
    return;
  }
  if (state.device) await openDevice(state.device, false);
}

function columns(t, openId) {
  const name = (d) => h("span", { class: d.id === openId() ? "lan-name open" : "lan-name" }, d.display_name);
  return [
    { key: "name", label: t("col.name"), value: (d) => d.display_name, render: name },
    { key: "vendor", label: t("col.vendor"), value: (d) => d.vendor },
    {
      key: "ips",
      label: t("col.ips"),
      value: (d) => d.ip_addresses[0] ?? null,
      render: (d) => (d.ip_addresses.length ? d.ip_addresses.join(", ") : null),
    },
    { key: "mac", label: t("col.mac"), value: (d) => d.hw_address, render: (d) => h("code", {}, d.hw_address) },
    { key: "status", label: t("col.status"), value: (d) => d.status, render: (d) => statusBadge(t, d.status) },
    { key: "importance", label: t("col.importance"), value: (d) => d.importance, render: (d) => importanceBadge(t, d.importance) },
    { key: "first_seen", label: t("col.first_seen"), value: (d) => toMillis(d.first_seen_on), render: (d) => dateTime(d.first_seen_on) },
    { key: "last_seen", label: t("col.last_seen"), value: (d) => toMillis(d.last_seen), render: (d) => dateTime(d.last_seen) },
  ];
}
