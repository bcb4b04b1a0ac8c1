// The Events page: the event log a page at a time, filtered by type, severity and state, with
// acknowledging (one or all), a CSV export of the same filter and live updates from the stream.
import { h, fill, field, notice } from "../../shell/dom.js";
import { count } from "../../shell/format.js";
import { confirmDialog } from "../../shell/dialog.js";
import { drawRows } from "./rows.js";
import { SEVERITIES, TYPE_GROUPS, isKnownType, severityName, typeName } from "./types.js";

export const styles = true;

const PER_PAGE = 50;
const STATES = ["0", "1"];

function readParams(params) {
  const page = Number.parseInt(params.get("page") || "1", 10);
  const severity = params.get("severity") || "";
  const acknowledged = params.get("acknowledged") || "";
  return {
    type: params.get("type") || "",
    severity: SEVERITIES.includes(severity) ? severity : "",
    acknowledged: STATES.includes(acknowledged) ? acknowledged : "",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const { t } = ctx;
  const state = readParams(ctx.params);
  const data = {
    events: [],
    total: 0,
    unacknowledged: 0,
    loaded: false,
    expanded: new Set(),
    fresh: new Set(),
    busy: new Set(),
    types: new Set(state.type ? [state.type] : []),
    focusAfter: null,
  };
  let turn = 0;

  // ---- controls -------------------------------------------------------------------------
  const heading = h("h2", { tabindex: "-1" }, t("title"));
  const openBadge = h("span", { class: "badge open-count", role: "status" });
  const csvLink = h("a", { class: "button csv-link", download: "" }, t("common.download_csv"));
  const ackAllButton = h("button", { type: "button", class: "danger ack-all", onclick: () => acknowledgeAll() }, t("ack_all"));
  const typeSelect = h("select", { id: "events-type", onchange: () => changeFilter("type", typeSelect.value) });
  const severitySelect = h("select", { id: "events-severity", onchange: () => changeFilter("severity", severitySelect.value) },
    h("option", { value: "" }, t("all_severities")),
    SEVERITIES.map((severity) => h("option", { value: severity }, severityName(t, severity))));
  const stateSelect = h("select", { id: "events-state", onchange: () => changeFilter("acknowledged", stateSelect.value) },
    h("option", { value: "" }, t("state_all")),
    h("option", { value: "0" }, t("state_open")),
    h("option", { value: "1" }, t("state_acknowledged")));
  severitySelect.value = state.severity;
  stateSelect.value = state.acknowledged;
  const status = h("div", { class: "events-status", role: "status", "aria-live": "polite" });
  const errorBox = h("div", { class: "events-error" });
  const tableBox = h("div", { class: "events-table-box" });
  const previous = h("button", { type: "button", class: "previous", onclick: () => goTo(state.page - 1) }, t("previous"));
  const next = h("button", { type: "button", class: "next", onclick: () => goTo(state.page + 1) }, t("next"));
  const rangeText = h("span", { class: "range" });
  const pager = h("nav", { class: "pager toolbar-row", "aria-label": t("pager_label") }, previous, rangeText, next);

  root.append(h("section", { class: "card events-card" },
    h("div", { class: "card-header" }, h("div", { class: "toolbar-row" }, heading, openBadge),
      h("div", { class: "toolbar-row" }, csvLink, ackAllButton)),
    h("p", { class: "muted intro" }, t("intro")),
    h("div", { class: "toolbar-row filters" },
      field(t("filter_type"), typeSelect),
      field(t("filter_severity"), severitySelect),
      field(t("filter_state"), stateSelect)),
    status, errorBox, tableBox, pager));

  // ---- drawing --------------------------------------------------------------------------
  function filterQuery() {
    return {
      event_type: state.type || null,
      severity: state.severity || null,
      acknowledged: state.acknowledged || null,
    };
  }

  function fillTypes() {
    for (const event of data.events) data.types.add(event.event_type);
    const other = [...data.types].filter((type) => !isKnownType(type)).sort();
    const groups = TYPE_GROUPS.map((entry) => h("optgroup", { label: t(`group.${entry.group}`) },
      entry.types.map((type) => h("option", { value: type }, typeName(t, type)))));
    if (other.length) {
      groups.push(h("optgroup", { label: t("group.other") }, other.map((type) => h("option", { value: type }, typeName(t, type)))));
    }
    fill(typeSelect, h("option", { value: "" }, t("all_types")), groups);
    typeSelect.value = state.type;
  }

  function lastPage() {
    return Math.max(1, Math.ceil(data.total / PER_PAGE));
  }

  function drawCounts() {
    const vars = { count: count(data.unacknowledged), severity: severityName(t, state.severity) };
    openBadge.textContent = t(state.severity ? "open_count_severity" : "open_count", vars);
    openBadge.dataset.count = String(data.unacknowledged);
    csvLink.href = ctx.api.url("api/events/export.csv", filterQuery());
    const first = data.total ? (state.page - 1) * PER_PAGE + 1 : 0;
    const last = Math.min(data.total, first + data.events.length - 1);
    rangeText.textContent = data.total ? t("range", { first: count(first), last: count(last), total: count(data.total) }) : t("range_none");
    const focused = document.activeElement;
    previous.disabled = state.page <= 1;
    next.disabled = state.page >= lastPage();
    if (focused === previous && previous.disabled) next.focus();
    if (focused === next && next.disabled) previous.focus();
  }

  function draw() {
    fillTypes();
    drawCounts();
    drawRows(tableBox, ctx, {
      events: data.events,
      expanded: data.expanded,
      fresh: data.fresh,
      busy: data.busy,
      onToggle: toggleDetails,
      onAcknowledge: acknowledge,
    });
    if (data.focusAfter !== null) {
      const target = data.focusAfter && tableBox.querySelector(`[data-focus="${data.focusAfter}"]`);
      (target || heading).focus();
      data.focusAfter = null;
    }
  }

  function say(...content) {
    fill(status, content.length ? h("p", { class: "notice info" }, content) : null);
  }

  function showError(error) {
    if (ctx.signal.aborted) return true;
    fill(errorBox, notice("error", t("common.error", { message: error.message })));
    return false;
  }

  // ---- loading --------------------------------------------------------------------------
  async function load() {
    const mine = ++turn;
    tableBox.setAttribute("aria-busy", "true");
    try {
      const answer = await ctx.api.get("api/events", { ...filterQuery(), page: state.page, per_page: PER_PAGE });
      if (mine !== turn) return;
      data.events = Array.isArray(answer.events) ? answer.events : [];
      data.total = Number.isFinite(answer.total) ? answer.total : data.events.length;
      data.unacknowledged = answer.unacknowledged_count ?? 0;
      data.loaded = true;
      if (state.page > lastPage() && data.total > 0) {
        state.page = lastPage();
        saveParams();
        await load();
        return;
      }
      fill(errorBox);
      draw();
    } catch (error) {
      if (mine === turn) showError(error);
    } finally {
      if (mine === turn) tableBox.removeAttribute("aria-busy");
    }
  }

  function saveParams() {
    const params = {};
    if (state.type) params.type = state.type;
    if (state.severity) params.severity = state.severity;
    if (state.acknowledged) params.acknowledged = state.acknowledged;
    if (state.page > 1) params.page = String(state.page);
    ctx.setParams(params);
  }

  function changeFilter(name, value) {
    state[name] = value;
    state.page = 1;
    data.fresh.clear();
    say();
    saveParams();
    load();
  }

  function goTo(page) {
    state.page = Math.min(Math.max(1, page), lastPage());
    data.fresh.clear();
    say();
    saveParams();
    load();
  }

  // ---- actions --------------------------------------------------------------------------
  function toggleDetails(event) {
    if (data.expanded.has(event.id)) data.expanded.delete(event.id);
    else data.expanded.add(event.id);
    draw();
  }

  function focusAfterAcknowledging(event) {
    const open = data.events.filter((item) => !Number(item.acknowledged));
    const index = open.findIndex((item) => item.id === event.id);
    const neighbour = open[index + 1] || open[index - 1];
    return neighbour ? `ack-${neighbour.id}` : "";
  }

  async function acknowledge(event) {
    if (data.busy.has(event.id)) return;
    data.busy.add(event.id);
    try {
      await ctx.api.post(`api/events/${event.id}/acknowledge`);
      data.focusAfter = focusAfterAcknowledging(event);
      event.acknowledged = 1;
      say(t("acknowledged_one", { type: typeName(t, event.event_type) }));
      await load();
    } catch (error) {
      showError(error);
    } finally {
      data.busy.delete(event.id);
    }
  }

  async function acknowledgeAll() {
    let open;
    try {
      open = (await ctx.api.get("api/events/count")).count;
    } catch (error) {
      showError(error);
      return;
    }
    if (!open) {
      say(t("nothing_open"));
      return;
    }
    const confirmed = await confirmDialog(root, {
      title: t("ack_all_title"),
      text: t("ack_all_text", { count: count(open) }),
      confirm: t("ack_all_confirm"),
      cancel: t("common.cancel"),
      signal: ctx.signal,
    });
    if (!confirmed || ctx.signal.aborted) return;
    ackAllButton.disabled = true;
    try {
      const answer = await ctx.api.post("api/events/acknowledge-all");
      say(t("acknowledged_all", { count: count(answer.count ?? 0) }));
      await load();
    } catch (error) {
      showError(error);
    } finally {
      ackAllButton.disabled = false;
    }
  }

  // ---- live updates ---------------------------------------------------------------------
  function matches(event) {
    return (!state.type || event.event_type === state.type)
      && (!state.severity || event.severity === state.severity)
      && (!state.acknowledged || String(Number(event.acknowledged) ? 1 : 0) === state.acknowledged);
  }

  ctx.onStream("event", (event) => {
    if (!data.loaded || !event || typeof event !== "object" || event.id === undefined) return;
    if (data.events.some((item) => item.id === event.id)) return;
    data.types.add(event.event_type);
    if (!Number(event.acknowledged) && (!state.severity || event.severity === state.severity)) data.unacknowledged += 1;
    if (matches(event)) {
      data.total += 1;
      if (state.page === 1) {
        data.events = [event, ...data.events].slice(0, PER_PAGE);
        data.fresh.add(event.id);
      } else {
        say(t("new_elsewhere"), " ", h("button", { type: "button", class: "text", onclick: () => goTo(1) }, t("show_newest")));
      }
    }
    draw();
  });

  ctx.onStream("events_acknowledged", (change) => {
    if (!data.loaded || !change || typeof change !== "object") return;
    const ids = new Set(Array.isArray(change.ids) ? change.ids : []);
    for (const event of data.events) {
      if (change.all || ids.has(event.id)) event.acknowledged = 1;
    }
    draw();
    load();
  });

  fillTypes();
  await load();
}
