// Comparing up to six channels of one direction: one chart per metric, one line per channel.
import { h, fill, loading, notice } from "../../shell/dom.js";
import { channelBands } from "./bands.js";
import { channelName } from "./columns.js";
import { DEFAULT_RANGE, chartCard, latest, metricSpecs, pointsOf, rangeSwitch, showError } from "./charts.js";
import { bandsNote } from "./history.js";

/** The most channels one comparison shows (the chart has six colours). */
export const MAX_COMPARE = 6;

/** The bands when every compared channel uses the same profile row, else none. */
function sharedBands(profile, direction, channels) {
  const all = channels.map((channel) => channelBands(profile, direction, channel));
  const same = (key) => all.every((bands) => bands[key] === all[0][key]);
  return {
    powerKey: same("powerKey") ? all[0].powerKey : null,
    power: same("powerKey") ? all[0].power : [],
    snrKey: same("snrKey") ? all[0].snrKey : null,
    snr: same("snrKey") ? all[0].snr : [],
  };
}

/** The comparison card: show(direction, channels) draws it, close() hides it. */
export function compareCard(ctx, profile) {
  const t = ctx.t;
  const { section, title, rangeArea, status, noteArea, grid } = chartCard(ctx, "compare", () => close());
  const load = latest();
  let current = null;

  async function draw() {
    const { direction, channels, range } = current;
    fill(status, loading(t("app.loading")));
    try {
      const selectors = channels.map((channel) => channel.selector).join(",");
      const answer = await load(() => ctx.api.get("api/channel-compare", { selectors, direction, range }));
      if (!answer) return;
      const empty = channels.every((channel) => !(answer.value[channel.selector] || []).length);
      fill(status, empty ? notice("info", t("common.no_data")) : null);
      const bands = sharedBands(profile, direction, channels);
      fill(noteArea, bands.powerKey ? bandsNote(ctx, profile, [bands.powerKey, bands.snrKey]) : h("p", { class: "muted bands-note" }, t("bands_mixed")));
      const names = channels.map((channel) => channelName(channel, t, ctx.language));
      const seriesFor = (key) => channels.map((channel, index) => ({
        label: names[index],
        tone: index,
        points: pointsOf(answer.value[channel.selector] || [], key),
      }));
      const labelFor = (metric) => t("compare_chart_label", { metric, names: names.join(", ") });
      grid.draw(metricSpecs(ctx, direction, bands, seriesFor, labelFor));
      section.dataset.direction = direction;
      section.dataset.selectors = selectors;
    } catch (error) {
      if (!ctx.signal.aborted) grid.draw([]); // no charts of an earlier choice under this title
      showError(status, error, ctx);
    }
  }

  /** Compare `channels` (of one direction); resolves when the charts are drawn. */
  async function show(direction, channels, range = current?.range ?? DEFAULT_RANGE) {
    current = { direction, channels, range };
    fill(title, t("compare_title", { count: channels.length, direction: t(direction === "ds" ? "downstream" : "upstream") }));
    fill(rangeArea, rangeSwitch("compare-range", t, range, (next) => {
      current.range = next;
      draw();
    }));
    section.hidden = false;
    await draw();
  }

  function close() {
    current = null;
    grid.destroy();
    fill(grid.element);
    section.hidden = true;
  }

  return { element: section, show, close };
}
