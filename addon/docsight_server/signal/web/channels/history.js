// One channel's history: power, SNR/MER and error counters over a rolling window, with the
// threshold bands of the channel's modulation behind the lines.
import { h, fill, loading, notice } from "../../shell/dom.js";
import { channelBands, keyTerm, withTerm } from "./bands.js";
import { channelName } from "./columns.js";
import { DEFAULT_RANGE, chartCard, latest, metricSpecs, pointsOf, rangeSwitch, showError } from "./charts.js";

/** The muted line saying which profile rows the bands come from. */
export function bandsNote(ctx, profile, keys) {
  const shown = [...new Set(keys.filter(Boolean))];
  if (!profile || !shown.length) return h("p", { class: "muted bands-note" }, ctx.t("bands_none"));
  const links = shown.flatMap((key, i) => (i ? [" / ", keyTerm(key)] : [keyTerm(key)]));
  const text = ctx.t("bands_note", { profile: profile.name || profile.id });
  return h("p", { class: "muted bands-note" }, withTerm(text, h("span", {}, links)));
}

/** The history card: open(channel, direction) shows it, close() hides it. */
export function historyCard(ctx, profile) {
  const t = ctx.t;
  const { section, title, rangeArea, status, noteArea, grid } = chartCard(ctx, "history", () => close());
  const load = latest();
  let current = null; // {channel, direction, range}

  async function draw() {
    const { channel, direction, range } = current;
    ctx.setParams(range === DEFAULT_RANGE ? { channel: channel.selector } : { channel: channel.selector, range });
    const name = channelName(channel, t, ctx.language);
    const bands = channelBands(profile, direction, channel);
    fill(status, loading(t("app.loading")));
    try {
      const answer = await load(() => ctx.api.get("api/channel-history", { selector: channel.selector, direction, range }));
      if (!answer) return;
      const rows = answer.value;
      fill(status, rows.length ? null : notice("info", t("common.no_data")));
      fill(noteArea, bandsNote(ctx, profile, [bands.powerKey, bands.snrKey]));
      const rangeLabel = t(`range_${range}`);
      const seriesFor = (key) => [{ label: t(`series_${key}`), points: pointsOf(rows, key) }];
      const labelFor = (metric) => t("history_chart_label", { metric, name, range: rangeLabel });
      grid.draw(metricSpecs(ctx, direction, bands, seriesFor, labelFor));
      section.dataset.selector = channel.selector;
      section.dataset.range = range;
    } catch (error) {
      if (!ctx.signal.aborted) grid.draw([]); // no charts of an earlier choice under this title
      showError(status, error, ctx);
    }
  }

  /** Show a channel's history (resolves when its charts are drawn). */
  async function open(channel, direction, range = DEFAULT_RANGE) {
    current = { channel, direction, range };
    const name = channelName(channel, t, ctx.language);
    fill(title, t("history_title", { name, direction: t(direction === "ds" ? "downstream" : "upstream") }));
    fill(rangeArea, rangeSwitch("history-range", t, range, (next) => {
      current.range = next;
      draw();
    }));
    section.hidden = false;
    await draw();
  }

  function close() {
    current = null;
    ctx.setParams({});
    grid.destroy();
    fill(grid.element);
    section.hidden = true;
    delete section.dataset.selector;
  }

  return { element: section, open, close, current: () => current };
}
