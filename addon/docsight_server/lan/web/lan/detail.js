// One LAN device opened from the inventory: its facts, its settings form (name, importance,
// grace period), forgetting it, and its status history and round-trip delay (activity.js).
import { h, card, fill, notice, loading, field, setFieldError, segmented } from "../../shell/dom.js";
import { dateTime, duration } from "../../shell/format.js";
import { term } from "../../shell/glossary.js";
import { IMPORTANCE, discoveredName, importanceBadge, isAbort, statusBadge } from "./common.js";
import { showActivity } from "./activity.js";

export const PERIODS = ["24h", "7d"];
const FIELDS = ["display_name", "importance", "down_grace_s"];
let turn = 0;

/**
 * Show device `id` in `container`. hooks: {focus, period, onPeriod(period), onChanged(device),
 * onClose(), onMissing(), onForgotten(device)}. Resolves once everything is drawn.
 */
export async function showDevice(container, ctx, id, hooks) {
  const { t } = ctx;
  const mine = ++turn;
  fill(container, loading(t("app.loading")));
  let device;
  let statistics;
  try {
    [device, statistics] = await Promise.all([ctx.api.get(`api/lan/devices/${id}`), ctx.api.get("api/lan/rtd")]);
  } catch (error) {
    if (isAbort(ctx, error) || mine !== turn) return;
    const text = error.status === 404 ? t("not_found") : t("common.error", { message: error.message });
    fill(container, card(null, notice("error", text)));
    if (error.status === 404) hooks.onMissing();
    return;
  }
  if (mine !== turn) return;
  const baseline = statistics.rtd.find((item) => item.device_id === device.id) || null;

  const heading = h("h2", { id: "lan-device-heading", tabindex: "-1" });
  const badges = h("span", { class: "lan-badges" });
  const facts = h("dl", { class: "lan-facts" });
  const dialog = forgetDialog(ctx, () => device, hooks);
  const actions = h("div", { class: "toolbar-row" },
    h("button", { type: "button", class: "danger", onclick: () => dialog.open() }, t("forget")),
    h("button", { type: "button", onclick: hooks.onClose }, t("close")));
  const periodControl = segmented("lan-period", PERIODS.map((value) => ({ value, label: t(`range.${value}`) })), hooks.period, (value) => {
    hooks.onPeriod(value);
    loadActivity(value);
  });
  periodControl.setAttribute("aria-label", t("window"));
  const header = card(null,
    h("div", { class: "card-header" }, h("div", { class: "lan-device-title" }, heading, badges), actions),
    facts,
    h("div", { class: "toolbar-row lan-period" }, h("span", { class: "muted", "aria-hidden": "true" }, t("window")), periodControl),
    dialog.element);
  header.id = "lan-device";
  header.dataset.device = String(device.id);
  header.setAttribute("aria-labelledby", "lan-device-heading");

  function drawHeader() {
    fill(heading, device.display_name);
    fill(badges, statusBadge(t, device.status), " ", importanceBadge(t, device.importance));
    fill(facts, factList(t, device));
  }

  const historyCard = card(t("history"));
  historyCard.id = "lan-history";
  const historyBody = h("div", { class: "lan-history-body" });
  historyCard.append(historyBody);
  const rtdCard = card(null, h("h2", {}, term("rtd", t("rtd"))), h("p", { class: "muted" }, t("rtd_intro")));
  rtdCard.id = "lan-rtd";
  const rtdBody = h("div", { class: "lan-rtd-body" });
  rtdCard.append(rtdBody);

  const settings = settingsCard(ctx, device, async (patch) => {
    const updated = await ctx.api.patch(`api/lan/devices/${device.id}`, patch);
    device = updated;
    drawHeader();
    hooks.onChanged(updated);
    return updated;
  });

  drawHeader();
  fill(container, header, h("div", { class: "grid lan-detail-grid" }, settings, historyCard), rtdCard);
  if (hooks.focus) {
    heading.focus({ preventScroll: true });
    header.scrollIntoView({ block: "start", behavior: "instant" });
  }

  async function loadActivity(period) {
    await showActivity(ctx, { history: historyBody, rtd: rtdBody }, device, period, baseline);
  }
  await loadActivity(hooks.period);
}

function factList(t, device) {
  const item = (label, ...value) => h("div", {}, h("dt", {}, label), h("dd", {}, ...value));
  const names = Object.entries(device.names || {}).map(([source, name]) => `${name} (${source})`).join(", ");
  return [
    item(t("fact.status"), statusBadge(t, device.status), " ", h("span", { class: "muted" }, t("fact.since", { time: dateTime(device.last_status_change) }))),
    item(t("fact.ips"), device.ip_addresses.join(", ") || "—"),
    item(t("fact.mac"), h("code", {}, device.hw_address)),
    item(t("fact.vendor"), device.vendor || t("fact.unknown_vendor")),
    names ? item(t("fact.names"), names) : null,
    item(t("fact.first_seen"), dateTime(device.first_seen_on)),
    item(t("fact.last_seen"), dateTime(device.last_seen)),
    item(term("grace", t("fact.grace")), h("span", { dataset: { seconds: device.grace_period } }, duration(device.grace_period))),
  ];
}

/** The settings form: every changed field goes in one PATCH; a 400 is shown at its field. */
function settingsCard(ctx, device, save) {
  const { t } = ctx;
  let current = device;
  const nameInput = h("input", { type: "text", name: "display_name", autocomplete: "off", value: current.user_data?.name ?? "", placeholder: discoveredName(current) });
  const importanceInput = h("select", { name: "importance" },
    IMPORTANCE.map((value) => h("option", { value, selected: value === current.importance }, t(`importance_option.${value}`))));
  const graceInput = h("input", { type: "text", inputmode: "numeric", name: "down_grace_s", autocomplete: "off", value: current.down_grace_s ?? "" });
  const inputs = { display_name: nameInput, importance: importanceInput, down_grace_s: graceInput };
  const status = h("div", { class: "lan-form-status", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary" }, t("common.save"));
  const graceHint = current.down_grace_s === null
    ? t("grace_hint_default", { seconds: current.grace_period })
    : t("grace_hint");
  const form = h("form", { class: "lan-settings", novalidate: true },
    field(t("name"), nameInput, { hint: t("name_hint", { name: discoveredName(current) }) }),
    field([term("importance", t("importance"))], importanceInput, { hint: t("importance_hint") }),
    field([term("grace", t("grace"))], graceInput, { hint: graceHint }),
    status,
    h("div", { class: "toolbar-row" }, submit));

  function changes() {
    const patch = {};
    const name = nameInput.value.trim();
    if (name !== (current.user_data?.name ?? "")) patch.display_name = name || null;
    if (importanceInput.value !== current.importance) patch.importance = importanceInput.value;
    const text = graceInput.value.trim();
    // Anything that is not a number goes to the server as typed: its answer says what is wrong.
    const grace = text === "" ? null : Number.isFinite(Number(text)) ? Number(text) : text;
    if (grace !== current.down_grace_s) patch.down_grace_s = grace;
    return patch;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const input of Object.values(inputs)) setFieldError(input, "");
    fill(status);
    const patch = changes();
    if (!Object.keys(patch).length) {
      fill(status, notice("info", t("no_changes")));
      return;
    }
    submit.disabled = true;
    try {
      current = await save(patch);
      nameInput.value = current.user_data?.name ?? "";
      graceInput.value = current.down_grace_s ?? "";
      fill(status, notice("ok", t("common.saved")));
    } catch (error) {
      if (isAbort(ctx, error)) return;
      const key = FIELDS.find((name) => error.message.startsWith(name)) ?? Object.keys(patch).find((name) => error.message.includes(name));
      if (error.status === 400 && key) {
        setFieldError(inputs[key], error.message);
        inputs[key].focus();
      } else {
        fill(status, notice("error", t("common.error", { message: error.message })));
      }
    } finally {
      submit.disabled = false;
    }
  });

  const element = card(t("settings"), form);
  element.id = "lan-settings";
  return element;
}

/** The "forget this device?" dialog: {element, open()}; DELETE only after the user confirms. */
function forgetDialog(ctx, getDevice, hooks) {
  const { t } = ctx;
  const title = h("h2", { id: "lan-forget-title" });
  const errorSlot = h("div");
  const confirm = h("button", { type: "button", class: "danger", value: "forget" }, t("forget_confirm"));
  const cancel = h("button", { type: "button" }, t("common.cancel"));
  const element = h("dialog", { id: "lan-forget", "aria-labelledby": "lan-forget-title" },
    title,
    h("p", {}, t("forget_text")),
    errorSlot,
    h("div", { class: "toolbar-row lan-dialog-actions" }, cancel, confirm));
  cancel.addEventListener("click", () => element.close());
  confirm.addEventListener("click", async () => {
    const device = getDevice();
    confirm.disabled = true;
    try {
      await ctx.api.del(`api/lan/devices/${device.id}`);
      element.close();
      hooks.onForgotten(device);
    } catch (error) {
      if (isAbort(ctx, error)) return;
      fill(errorSlot, notice("error", t("common.error", { message: error.message })));
    } finally {
      confirm.disabled = false;
    }
  });
  return {
    element,
    open() {
      fill(title, t("forget_title", { name: getDevice().display_name }));
      fill(errorSlot);
      element.showModal();
      cancel.focus();
    },
  };
}
