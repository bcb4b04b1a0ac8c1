// The collectors card: each collector's state (last poll, next poll, failures, last error
// and its hint), kept current by the live stream, and "Poll now".

import { card, fill, h, notice } from "../../shell/dom.js";
import { dateTime, duration, relative } from "../../shell/format.js";
import { dataTable } from "../../shell/table.js";

function lastPoll(t, seconds) {
  if (!seconds) return t("common.never");
  return h("span", { title: dateTime(seconds) }, relative(seconds));
}

function errorCell(t, row) {
  if (!row.last_error) return h("span", { class: "muted" }, t("common.none"));
  return h("div", { class: "collector-error" },
    h("span", { class: "error-text" }, row.last_error),
    row.last_error_page ? h("span", { class: "muted" }, t("modem.page", { page: row.last_error_page })) : null,
    row.hint ? h("span", { class: "muted" }, row.hint) : null);
}

/** Build the card; returns {element, load()}. */
export function collectorsCard(ctx) {
  const { t } = ctx;
  const output = h("div", { id: "poll-result", "aria-live": "polite" });
  const pollButton = h("button", { type: "button", id: "poll-now", onclick: pollNow }, t("collectors.poll"));
  const refreshButton = h("button", { type: "button", class: "text", onclick: () => load().catch(show) }, t("common.refresh"));
  const tableHolder = h("div", { id: "collectors" });
  const element = card(null,
    h("div", { class: "card-header" }, h("h2", {}, t("collectors.title")), h("div", { class: "toolbar-row" }, refreshButton, pollButton)),
    h("p", { class: "muted" }, t("collectors.note")),
    tableHolder, output);
  const table = dataTable(tableHolder, {
    caption: t("collectors.caption"),
    empty: t("collectors.empty"),
    rows: [],
    columns: [
      { key: "name", label: t("collectors.name"), render: (row) => h("span", {}, row.name, row.primary ? h("span", { class: "level" }, t("collectors.primary")) : null) },
      { key: "enabled", label: t("collectors.enabled"), render: (row) => t(row.enabled ? "common.yes" : "common.no") },
      { key: "last_poll", label: t("collectors.last_poll"), render: (row) => lastPoll(t, row.last_poll) },
      { key: "next_poll_in", label: t("collectors.next_poll"), numeric: true, render: (row) => duration(row.next_poll_in) },
      { key: "effective_interval", label: t("collectors.interval"), numeric: true, render: (row) => duration(row.effective_interval) },
      { key: "consecutive_failures", label: t("collectors.failures"), numeric: true },
      { key: "last_error", label: t("collectors.last_error"), sortable: false, render: (row) => errorCell(t, row), cellClass: () => "wrap" },
    ],
  });

  function show(error) {
    if (ctx.signal.aborted) return;
    fill(output, notice("error", t("common.error", { message: error.message })));
  }

  async function load() {
    const rows = await ctx.api.get("api/collectors/status");
    table.update(Array.isArray(rows) ? rows : []);
  }

  async function pollNow() {
    pollButton.disabled = true;
    fill(output, h("p", { class: "muted", "aria-busy": "true" }, t("collectors.polling")));
    try {
      await ctx.api.post("api/poll");
      fill(output, notice("ok", t("collectors.polled")));
    } catch (error) {
      show(error);
    } finally {
      pollButton.disabled = false;
    }
    await load().catch(show);
  }

  ctx.onStream("collectors", (data) => {
    const rows = Array.isArray(data) ? data : data?.collectors;
    if (Array.isArray(rows)) table.update(rows);
  });

  return { element, load: () => load().catch(show) };
}
