// The Connection monitor page: targets, one target's measurements over a range, traceroutes
// and pinned days. The hash query keeps the chosen target and range (#/connection-monitor?target=2&range=7d).
import { h, card, notice } from "../../shell/dom.js";
import { API, DEFAULT_RANGE, RANGES, aborted, guarded } from "./common.js";
import { targetsCard } from "./targets.js";
import { measurementsCard } from "./measurements.js";
import { tracesCard } from "./traces.js";
import { pinsCard } from "./pins.js";

export const styles = true;

/** How often the list's last-minute figures refresh (ms). */
const SUMMARY_EVERY_MS = 15_000;

function firstTarget(targets) {
  return (targets.find((target) => target.enabled) || targets[0])?.id ?? null;
}

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const t = ctx.t;
  const asked = ctx.params.get("range");
  const state = {
    targets: [],
    selected: Number(ctx.params.get("target")) || null,
    range: RANGES.some((r) => r.key === asked) ? asked : DEFAULT_RANGE,
    summary: {},
    config: null,
  };

  let targets;
  try {
    targets = await ctx.api.get(`${API}/targets`);
  } catch (error) {
    if (aborted(ctx, error)) return;
    root.append(card(t("title"), notice("error", t("common.error", { message: error.message })),
      h("button", { type: "button", onclick: () => { root.replaceChildren(); render(root, ctx); } }, t("app.retry"))));
    return;
  }
  state.targets = targets;
  if (!targets.some((target) => target.id === state.selected)) state.selected = firstTarget(targets);

  // the page works without these: no words about the probe, no "probing is off" warning
  const quiet = (promise) => promise.catch(() => null);
  const [capability, config, summary] = await Promise.all([
    quiet(ctx.api.get(`${API}/capability`)),
    quiet(ctx.api.get("api/config")),
    quiet(ctx.api.get(`${API}/summary`)),
  ]);
  state.config = config?.config ?? null;
  state.summary = summary || {};

  const keepParams = () => ctx.setParams({ ...(state.selected ? { target: state.selected } : {}), range: state.range });

  const hooks = {
    async reload(selectId) {
      state.targets = await ctx.api.get(`${API}/targets`);
      if (selectId) state.selected = selectId;
      if (!state.targets.some((target) => target.id === state.selected)) state.selected = firstTarget(state.targets);
      list.update();
      keepParams();
      await Promise.all([measure.load(), traces.load(), refreshSummary()]);
    },
    select(id) {
      if (id === state.selected) return;
      state.selected = id;
      keepParams();
      list.markSelected();
      measure.load();
      traces.load();
    },
    setRange(key) {
      state.range = key;
      keepParams();
      measure.load();
    },
    refresh() {
      refreshSummary();
      return measure.load();
    },
  };

  const list = targetsCard(ctx, state, hooks);
  list.setAbout(capability, state.config);
  const measure = measurementsCard(ctx, state, hooks);
  const traces = tracesCard(ctx, state);
  const pins = pinsCard(ctx);
  const pinsError = h("div", {});

  async function refreshSummary() {
    try {
      state.summary = (await ctx.api.get(`${API}/summary`)) || {};
      list.updateSummary();
    } catch (error) {
      if (!aborted(ctx, error)) state.summary = {};
    }
  }

  root.append(list.element, measure.element, h("div", { class: "grid cm-lower" }, traces.element, h("div", {}, pins.element, pinsError)));
  list.update();
  keepParams();
  await Promise.all([
    measure.load(),
    traces.load(),
    guarded(ctx, pinsError, () => pins.load()),
  ]);

  const timer = setInterval(refreshSummary, SUMMARY_EVERY_MS);
  ctx.onCleanup(() => clearInterval(timer));
}
