// The columns of the downstream and upstream channel tables.
import { h } from "../../shell/dom.js";
import { count, num } from "../../shell/format.js";
import { help, term } from "../../shell/glossary.js";

const PLAIN_FREQUENCY = /^\s*(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*$/;

/** A channel's frequency for people: "602 MHz", "135–325 MHz"; other texts as the modem wrote them. */
export function frequencyText(frequency, t, language) {
  const match = PLAIN_FREQUENCY.exec(String(frequency ?? ""));
  if (!match) return frequency ? String(frequency) : "—";
  const format = new Intl.NumberFormat(language, { maximumFractionDigits: 3 });
  const from = format.format(Number(match[1]));
  const value = match[2] ? `${from}–${format.format(Number(match[2]))}` : from;
  return t("frequency_value", { value });
}

/** The first number of a frequency text, for sorting. */
export function frequencyValue(frequency) {
  const value = Number.parseFloat(String(frequency ?? ""));
  return Number.isNaN(value) ? null : value;
}

/** A short name for a channel in labels and legends: "Ch 5 · 602 MHz". */
export function channelName(channel, t, language) {
  return t("channel_name", { id: channel.channel_id, frequency: frequencyText(channel.frequency, t, language) });
}

/** The family name of a channel ("SC-QAM", "OFDM", "OFDMA"). */
export function familyName(family, t) {
  const key = `family.${family}`;
  return t(key) === key ? t("family.unknown") : t(key);
}

/** The health detail ("power critical low + snr warning") in the page's language. */
export function detailText(detail, t) {
  if (!detail) return "";
  return detail.split(" + ").map((part) => {
    const [dimension, level, side] = part.trim().split(/\s+/);
    const dimensionKey = `dimension.${dimension}`;
    const levelKey = `level.${level}`;
    if (t(dimensionKey) === dimensionKey || t(levelKey) === levelKey) return part;
    const sideText = side && t(`side.${side}`) !== `side.${side}` ? ` (${t(`side.${side}`)})` : "";
    return `${t(dimensionKey)}: ${t(levelKey)}${sideText}`;
  }).join(", ");
}

function notGood(level) {
  return level && level !== "good" ? level : "";
}

function healthCell(row, t) {
  const detail = detailText(row.health_detail, t);
  return h("span", { class: "health-cell" },
    h("span", { class: `level ${row.health}` }, t(`level.${row.health}`)),
    detail ? h("span", { class: "muted detail" }, detail) : null);
}

/**
 * Columns for one direction. `selection` is {has(row), toggle(row, input)}: the compare
 * checkboxes. A sortable column links to the glossary with a "?" beside its heading (a link
 * cannot sit inside the sort button); headings naming two terms link each and do not sort.
 */
export function channelColumns(direction, t, language, selection) {
  const downstream = direction === "ds";
  const checkbox = {
    key: "compare",
    label: h("span", {}, t("col_compare")),
    sortable: false,
    render: (row) => h("input", {
      type: "checkbox",
      class: "compare-box",
      checked: selection.has(row),
      "aria-label": t("compare_channel", { name: channelName(row, t, language) }),
      dataset: { selector: row.selector },
      onclick: (event) => event.stopPropagation(),
      onkeydown: (event) => event.stopPropagation(),
      onchange: (event) => selection.toggle(row, event.target),
    }),
  };
  // The values people check first (power, SNR/MER, health) come right after the channel, so
  // a phone shows them without scrolling the table sideways.
  const columns = [
    checkbox,
    { key: "channel_id", label: t("col_channel"), numeric: true },
    {
      key: "power",
      label: `${t("col_power")} (${t("unit.dbmv")})`,
      help: help("power", t("about", { term: t("col_power") })),
      numeric: true,
      cellClass: (row) => notGood(row.power_health),
      render: (row) => num(row.power, 1),
    },
  ];
  if (downstream) {
    columns.push(
      {
        key: "snr",
        label: h("span", {}, term("snr", t("abbr.snr")), " / ", term("mer", t("abbr.mer")), ` (${t("unit.db")})`),
        numeric: true,
        sortable: false,
        cellClass: (row) => notGood(row.snr_health),
        render: (row) => num(row.snr, 1),
      },
    );
  }
  columns.push(
    {
      key: "health",
      label: t("col_health"),
      value: (row) => ["good", "tolerated", "warning", "critical"].indexOf(row.health),
      cellClass: (row) => row.health,
      render: (row) => healthCell(row, t),
    },
    {
      key: "modulation",
      label: t("col_modulation"),
      help: help("modulation", t("about", { term: t("col_modulation") })),
      cellClass: (row) => notGood(row.modulation_health),
      render: (row) => (row.profile_modulation ? `${row.modulation} (${row.profile_modulation})` : row.modulation),
    },
    {
      key: "frequency",
      label: t("col_frequency"),
      numeric: true,
      value: (row) => frequencyValue(row.frequency),
      render: (row) => frequencyText(row.frequency, t, language),
    },
    {
      key: "family",
      label: h("span", {}, downstream
        ? [term("scqam", t("family.sc_qam")), " / ", term("ofdm", t("family.ofdm"))]
        : [term("scqam", t("family.sc_qam")), " / ", term("ofdma", t("family.ofdma"))]),
      sortable: false,
      render: (row) => t("family_cell", { family: familyName(row.channel_family, t), version: row.docsis_version }),
    },
  );
  if (downstream) {
    columns.push(
      {
        key: "correctable_errors",
        label: t("col_correctable"),
        help: help("correctable", t("about", { term: t("col_correctable") })),
        numeric: true,
        render: (row) => count(row.correctable_errors),
      },
      {
        key: "uncorrectable_errors",
        label: t("col_uncorrectable"),
        help: help("uncorrectable", t("about", { term: t("col_uncorrectable") })),
        numeric: true,
        render: (row) => count(row.uncorrectable_errors),
      },
    );
  }
  return columns;
}
