// The traceroute card: run one now (with progress), the stored traces and one trace's hops.
import { h, card, notice } from "../../shell/dom.js";
import { dataTable } from "../../shell/table.js";
import { count, dateTime, num } from "../../shell/format.js";
import { API, aborted } from "./common.js";

const TRACE_LIST = 20;

/** Draw the card; `state` holds targets and selected. Returns {element, load()}. */
export function tracesCard(ctx, state) {
  const t = ctx.t;
  const intro = h("p", { class: "muted cm-note" });
  const run = h("button", { type: "button", class: "primary", id: "cm-trace-run", onclick: () => runTrace() }, t("trace.run"));
  const progress = h("div", { class: "cm-progress", id: "cm-trace-progress", hidden: true, role: "status" },
    h("progress", { "aria-label": t("trace.running_short") }), h("span", { class: "cm-progress-text" }));
  const message = h("div", { class: "cm-message", id: "cm-trace-message" });
  const resultTitle = h("h3", { id: "cm-hops-title", hidden: true });
  const resultMeta = h("p", { class: "muted cm-note", hidden: true });
  const hopsSlot = h("div", { id: "cm-hops", hidden: true });
  const listSlot = h("div", { id: "cm-traces" });
  let turn = 0;

  const hops = dataTable(hopsSlot, {
    columns: [
      { key: "hop_index", label: t("trace.hop"), numeric: true },
      { key: "hop_ip", label: t("trace.address"), render: (row) => (row.hop_ip ? h("code", {}, row.hop_ip) : h("span", { class: "muted" }, t("trace.silent"))) },
      { key: "hop_host", label: t("trace.name"), render: (row) => row.hop_host || "—" },
      { key: "latency_ms", label: t("trace.latency"), numeric: true, render: (row) => (row.latency_ms === null ? "—" : `${num(row.latency_ms, 2)} ${t("unit.ms")}`) },
      { key: "probes_responded", label: t("trace.answers"), numeric: true, render: (row) => count(row.probes_responded) },
    ],
    rows: [],
    sort: { key: "hop_index", descending: false },
    empty: t("trace.no_hops"),
  });

  const traces = dataTable(listSlot, {
    columns: [
      { key: "timestamp", label: t("trace.time"), value: (row) => Date.parse(row.timestamp), render: (row) => dateTime(row.timestamp) },
      { key: "trigger_reason", label: t("trace.reason"), render: (row) => t(`trace.reason_${row.trigger_reason}`) },
      { key: "reached_target", label: t("trace.reached"), render: (row) => (row.reached_target ? h("span", { class: "level good" }, t("common.yes")) : t("common.no")) },
      { key: "hop_count", label: t("trace.hops"), numeric: true },
      { key: "route_fingerprint", label: t("trace.route"), sortable: false, render: (row) => h("code", { title: row.route_fingerprint }, row.route_fingerprint.slice(0, 10)) },
    ],
    rows: [],
    sort: { key: "timestamp", descending: true },
    empty: t("trace.none"),
    onRowClick: (row) => open(row.id),
    rowLabel: (row) => t("trace.show", { time: dateTime(row.timestamp) }),
  });

  const element = card(null,
    h("div", { class: "card-header" }, h("h2", {}, t("trace.title"))),
    intro, h("div", { class: "toolbar-row" }, run), progress, message,
    resultTitle, resultMeta, hopsSlot,
    h("h3", {}, t("trace.stored")), listSlot);
  element.id = "cm-traceroute";

  function target() {
    return state.targets.find((item) => item.id === state.selected);
  }

  function showHops(trace, heading) {
    resultTitle.textContent = heading;
    resultMeta.textContent = t(trace.reached_target ? "trace.reached_yes" : "trace.reached_no", { hops: trace.hop_count });
    resultTitle.hidden = resultMeta.hidden = hopsSlot.hidden = false;
    hopsSlot.dataset.trace = String(trace.trace_id ?? trace.id);
    hops.update(trace.hops || []);
  }

  function hideHops() {
    resultTitle.hidden = resultMeta.hidden = hopsSlot.hidden = true;
    hops.update([]);
  }

  async function runTrace() {
    const chosen = target();
    if (!chosen) return;
    const mine = ++turn;
    run.disabled = true;
    message.replaceChildren();
    progress.querySelector(".cm-progress-text").textContent = t("trace.running", { host: chosen.host });
    progress.hidden = false;
    element.setAttribute("aria-busy", "true");
    try {
      const trace = await ctx.api.post(`${API}/traceroute/${chosen.id}`);
      if (mine !== turn) return;
      showHops(trace, t("trace.result", { time: dateTime(trace.timestamp) }));
      await loadList(chosen, mine);
    } catch (error) {
      if (aborted(ctx, error) || mine !== turn) return;
      message.replaceChildren(notice("error", t("trace.failed", { message: error.message })));
    } finally {
      if (mine === turn) {
        progress.hidden = true;
        element.removeAttribute("aria-busy");
        setRunnable(chosen);
      }
    }
  }

  async function open(traceId) {
    const mine = turn;
    message.replaceChildren();
    try {
      const trace = await ctx.api.get(`${API}/trace/${traceId}`);
      if (mine !== turn) return;
      showHops(trace, t("trace.stored_result", { time: dateTime(trace.timestamp) }));
      resultTitle.scrollIntoView?.({ block: "nearest" });
    } catch (error) {
      if (!aborted(ctx, error)) message.replaceChildren(notice("error", t("common.error", { message: error.message })));
    }
  }

  async function loadList(chosen, mine) {
    const list = await ctx.api.get(`${API}/traces/${chosen.id}`, { limit: TRACE_LIST });
    if (mine === turn) traces.update(list);
  }

  function setRunnable(chosen) {
    const reason = !chosen ? "trace.pick" : chosen.is_demo ? "trace.demo" : !chosen.host ? "trace.no_host" : null;
    run.disabled = Boolean(reason);
    intro.textContent = reason ? t(reason) : t("trace.intro", { host: chosen.host });
  }

  /** Show the selected target's traces (and forget the hops of another target). */
  async function load() {
    const mine = ++turn;
    const chosen = target();
    progress.hidden = true;
    element.removeAttribute("aria-busy");
    message.replaceChildren();
    hideHops();
    setRunnable(chosen);
    if (!chosen) { traces.update([]); return; }
    try {
      await loadList(chosen, mine);
    } catch (error) {
      if (!aborted(ctx, error) && mine === turn) message.replaceChildren(notice("error", t("common.error", { message: error.message })));
    }
  }

  return { element, load };
}
