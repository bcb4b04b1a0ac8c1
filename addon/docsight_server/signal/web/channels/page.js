// The Channels page: the current downstream and upstream channels, one channel's history (a row
// click; #/channels?channel=<selector> reopens it) and a comparison of up to six channels.
import { card, fill, h, notice } from "../../shell/dom.js";
import { term } from "../../shell/glossary.js";
import { dataTable } from "../../shell/table.js";
import { DEFAULT_RANGE, RANGES, leftPage } from "./charts.js";
import { channelColumns, channelName } from "./columns.js";
import { MAX_COMPARE, compareCard } from "./compare.js";
import { withTerm } from "./bands.js";
import { historyCard } from "./history.js";

export const styles = true;

const DIRECTIONS = ["ds", "us"];
const WORDS = { ds: "downstream", us: "upstream" };

/** A table card for one direction, with its compare selection. */
function directionCard(ctx, direction, rows, { openRow, compare }) {
  const t = ctx.t;
  const selected = new Map(); // selector -> channel
  const titleId = `${direction}-title`;
  const countLine = h("span", { class: "muted channel-count" });
  const message = h("div", { class: "compare-message", "aria-live": "polite" });
  const compareButton = h("button", {
    type: "button",
    class: "primary compare-button",
    onclick: () => compare(direction, [...selected.values()]),
  });
  const clearButton = h("button", {
    type: "button",
    class: "text",
    onclick: () => {
      selected.clear();
      table.update(current);
      changed();
    },
  }, t("compare_clear"));
  let current = rows;

  function changed() {
    compareButton.textContent = t("compare_button", { count: selected.size });
    compareButton.disabled = selected.size < 2;
    clearButton.hidden = selected.size === 0;
    if (selected.size < MAX_COMPARE) fill(message);
  }

  const selection = {
    has: (row) => selected.has(row.selector),
    toggle(row, input) {
      if (!input.checked) {
        selected.delete(row.selector);
      } else if (selected.size >= MAX_COMPARE) {
        input.checked = false;
        fill(message, notice("warning", t("compare_limit", { max: MAX_COMPARE })));
        return;
      } else {
        selected.set(row.selector, row);
      }
      changed();
    },
  };

  const section = h("section", { class: "card channels", id: `${direction}-channels`, "aria-labelledby": titleId },
    h("div", { class: "card-header" },
      h("h2", { id: titleId }, term(WORDS[direction], t(WORDS[direction])), " ", countLine),
      h("div", { class: "toolbar-row" }, clearButton, compareButton)),
    h("p", { class: "muted hint" }, t("compare_hint", { max: MAX_COMPARE })),
    message);
  const table = dataTable(section, {
    columns: channelColumns(direction, t, ctx.language, selection),
    rows,
    sort: { key: "channel_id", descending: false },
    empty: t("no_channels"),
    caption: t(`caption_${direction}`),
    onRowClick: (row) => openRow(direction, row),
    rowLabel: (row) => t("row_label", { name: channelName(row, t, ctx.language) }),
  });
  table.element.dataset.direction = direction;
  if (direction === "ds") section.append(h("p", { class: "muted note" }, withTerm(t("errors_note"), term("codewords", t("codewords")))));

  function update(next) {
    current = next;
    for (const [selector] of selected) {
      const row = next.find((channel) => channel.selector === selector);
      if (row) selected.set(selector, row);
      else selected.delete(selector);
    }
    countLine.textContent = t("channel_count", { count: next.length });
    table.update(next);
    changed();
  }

  countLine.textContent = t("channel_count", { count: rows.length });
  changed();
  return { element: section, update };
}

function find(data, selector) {
  for (const direction of DIRECTIONS) {
    const channel = data[`${direction}_channels`].find((row) => row.selector === selector);
    if (channel) return { direction, channel };
  }
  return null;
}

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const t = ctx.t;
  let data;
  let profile;
  try {
    [data, profile] = await Promise.all([
      ctx.api.get("api/channels"),
      ctx.api.get("api/thresholds").catch((error) => (leftPage(error, ctx) ? Promise.reject(error) : null)),
    ]);
  } catch (error) {
    if (leftPage(error, ctx)) return;
    root.append(card(t("title"), notice("error", t("common.error", { message: error.message }))));
    return;
  }
  const status = h("div", { class: "page-status", "aria-live": "polite" });
  const history = historyCard(ctx, profile);
  const comparison = compareCard(ctx, profile);
  const reveal = (element) => element.scrollIntoView?.({ block: "nearest" });
  const openRow = (direction, row) => {
    const drawn = history.open(row, direction);
    reveal(history.element);
    return drawn;
  };
  const compare = (direction, channels) => {
    const drawn = comparison.show(direction, channels);
    reveal(comparison.element);
    return drawn;
  };
  const cards = Object.fromEntries(DIRECTIONS.map((direction) =>
    [direction, directionCard(ctx, direction, data[`${direction}_channels`], { openRow, compare })]));
  if (!profile) status.append(notice("warning", t("bands_none")));
  root.append(status, cards.ds.element, cards.us.element, history.element, comparison.element);

  ctx.onStream("snapshot", async () => {
    try {
      const next = await ctx.api.get("api/channels");
      for (const direction of DIRECTIONS) cards[direction].update(next[`${direction}_channels`]);
    } catch (error) {
      if (!leftPage(error, ctx)) fill(status, notice("error", t("common.error", { message: error.message })));
    }
  });

  const wanted = ctx.params.get("channel");
  if (wanted) {
    const found = find(data, wanted);
    const range = RANGES.some((r) => r.value === ctx.params.get("range")) ? ctx.params.get("range") : DEFAULT_RANGE;
    if (found) {
      const drawn = history.open(found.channel, found.direction, range);
      reveal(history.element);
      await drawn;
    }
    else status.append(notice("warning", t("not_in_lineup")));
  }
}
