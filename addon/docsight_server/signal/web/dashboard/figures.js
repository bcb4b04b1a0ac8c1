// Key figures of the current summary against the threshold profile (/api/thresholds).
import { h, fill } from "../../shell/dom.js";
import { term } from "../../shell/glossary.js";
import { num } from "../../shell/format.js";

const RANK = { good: 0, tolerated: 1, warning: 2, critical: 3 };
const DEFAULT_DS_ROW = "256QAM";

/** good / tolerated / warning / critical for a power against a {good, warning, critical} band (as the analysis rates channels). */
export function powerLevel(value, band) {
  if (value === null || value === undefined || !band) return null;
  const inside = ([lo, hi]) => value >= lo && value <= hi;
  if (inside(band.good)) return "good";
  if (!inside(band.critical)) return "critical";
  if (!inside(band.warning)) return "warning";
  return "tolerated";
}

/** The level of an SNR/MER against {good_min, warning_min, critical_min}. */
export function snrLevel(value, limits) {
  if (value === null || value === undefined || !limits) return null;
  if (value >= limits.good_min) return "good";
  if (value < limits.critical_min) return "critical";
  if (value < limits.warning_min) return "warning";
  return "tolerated";
}

function worst(levels) {
  return levels.filter(Boolean).sort((a, b) => RANK[b] - RANK[a])[0] || null;
}

/** The threshold row name of a downstream family ("ofdm", else its modulation, else 256QAM). */
export function dsRowName(thresholds, family, modulation) {
  if (family === "ofdm") return "ofdm";
  return thresholds?.downstream_power?.[modulation] ? modulation : DEFAULT_DS_ROW;
}

/**
 * The downstream families of a summary: [{family, row, count, power:{min,avg,max}, snr:{min}}];
 * without signal_families the summary's own figures as one SC-QAM family.
 */
export function dsFamilies(summary, thresholds) {
  const families = summary?.signal_families?.downstream?.families;
  if (families && Object.keys(families).length) {
    return Object.values(families).map((f) => ({
      family: f.family,
      count: f.count || 0,
      row: dsRowName(thresholds, f.family, f.modulation?.value),
      power: f.power?.available ? f.power : {},
      snr: (f.family === "ofdm" ? f.mer : f.snr)?.available ? (f.family === "ofdm" ? f.mer : f.snr) : {},
    }));
  }
  return [{
    family: "sc_qam", count: 1, row: DEFAULT_DS_ROW,
    power: { min: summary?.ds_power_min, avg: summary?.ds_power_avg, max: summary?.ds_power_max },
    snr: { min: summary?.ds_snr_min },
  }];
}

function usFamilies(summary, thresholds) {
  const families = summary?.signal_families?.upstream?.families;
  const rowOf = (family) => (thresholds?.upstream_power?.[family] ? family : "sc_qam");
  if (families && Object.keys(families).length) {
    return Object.values(families).map((f) => ({ family: f.family, count: f.count || 0, row: rowOf(f.family), power: f.power?.available ? f.power : {} }));
  }
  return [{ family: "sc_qam", count: 1, row: "sc_qam", power: { min: summary?.us_power_min, max: summary?.us_power_max } }];
}

/** The family with the most channels (the one the chart limits follow). */
export function dominant(families) {
  return families.slice().sort((a, b) => (a.family === "sc_qam" ? -1 : 0) - (b.family === "sc_qam" ? -1 : 0) || b.count - a.count)[0];
}

function digits(value) {
  return Number.isInteger(value) ? 0 : 1;
}

function rowLabel(t, row) {
  return h("span", { class: "dash-row" }, row === "ofdm" || row === "ofdma" || row === "sc_qam" ? t(`family.${row}`) : row);
}

function figure({ id, label, glossary, value, limit, level, extra }, t) {
  return h("div", { class: `figure ${level || ""}`.trim(), id, dataset: { level: level || "" } },
    h("div", { class: "label dash-figure-label" }, term(glossary, label), level ? h("span", { class: `level ${level}` }, t(`level.${level}`)) : null),
    h("div", { class: "value" }, value),
    extra ? h("div", { class: "limit" }, extra) : null,
    limit ? h("div", { class: "limit" }, limit) : null);
}

/** A power figure: the worst family level, and the limit of the family that gave it. */
function powerFigure(t, families, section, stat, pick, value) {
  let chosen = null;
  for (const family of families) {
    const level = powerLevel(family.power[stat], section?.[family.row]);
    if (!level) continue;
    const better = !chosen || RANK[level] > RANK[chosen.level] || (RANK[level] === RANK[chosen.level] && pick(family.power[stat], chosen.value));
    if (better) chosen = { level, row: family.row, value: family.power[stat] };
  }
  const band = chosen ? section?.[chosen.row] : null;
  const limit = band ? [t("figure.range", { lo: num(band.good[0], digits(band.good[0])), hi: num(band.good[1], digits(band.good[1])), unit: t("unit.dbmv") }), " · ", rowLabel(t, chosen.row)] : null;
  return { value: value === null || value === undefined ? "—" : `${num(value, 1)} ${t("unit.dbmv")}`, level: chosen?.level, limit };
}

/** Draw the key figures into `box`. */
export function drawFigures(box, t, summary, thresholds) {
  if (!summary) { fill(box, h("p", { class: "muted" }, t("health.waiting"))); return; }
  const ds = dsFamilies(summary, thresholds);
  const us = usFamilies(summary, thresholds);
  const dsPower = thresholds?.downstream_power;
  const lower = (a, b) => a < b;
  const higher = (a, b) => a > b;
  const items = [
    { id: "fig-ds-power-min", label: t("figure.ds_power_min"), glossary: "power", ...powerFigure(t, ds, dsPower, "min", lower, summary.ds_power_min) },
    { id: "fig-ds-power-avg", label: t("figure.ds_power_avg"), glossary: "power", ...powerFigure(t, ds, dsPower, "avg", () => false, summary.ds_power_avg) },
    { id: "fig-ds-power-max", label: t("figure.ds_power_max"), glossary: "power", ...powerFigure(t, ds, dsPower, "max", higher, summary.ds_power_max) },
  ];
  // SNR/MER: the family whose minimum is rated worst gives the colour and the limit shown
  let snr = null;
  for (const family of ds) {
    const limits = thresholds?.snr?.[family.row];
    const level = snrLevel(family.snr.min, limits);
    if (level && (!snr || RANK[level] > RANK[snr.level] || (RANK[level] === RANK[snr.level] && family.snr.min < snr.value))) {
      snr = { level, limits, row: family.row, value: family.snr.min };
    }
  }
  items.push({
    id: "fig-snr-min", label: t("figure.snr_min"), glossary: "snr",
    value: summary.ds_snr_min === null || summary.ds_snr_min === undefined ? "—" : `${num(summary.ds_snr_min, 1)} ${t("unit.db")}`,
    level: snr?.level,
    limit: snr ? [t("figure.at_least", { min: num(snr.limits.good_min, digits(snr.limits.good_min)), unit: t("unit.db") }), " · ", rowLabel(t, snr.row)] : null,
  });
  const usMin = powerFigure(t, us, thresholds?.upstream_power, "min", lower, summary.us_power_min);
  const usMax = powerFigure(t, us, thresholds?.upstream_power, "max", higher, summary.us_power_max);
  const usWorse = RANK[usMax.level] > RANK[usMin.level] ? usMax : usMin;
  items.push({
    id: "fig-us-power", label: t("figure.us_power"), glossary: "upstream",
    value: summary.us_power_avg === null || summary.us_power_avg === undefined ? "—" : `${num(summary.us_power_avg, 1)} ${t("unit.dbmv")}`,
    level: usWorse.level, limit: usWorse.limit,
    extra: t("figure.spread", { min: num(summary.us_power_min, 1), max: num(summary.us_power_max, 1) }),
  });
  const pct = thresholds?.errors?.uncorrectable_pct || { warning: 1, critical: 3 };
  const ratio = summary.ds_uncorr_pct;
  const ratioLevel = ratio === null || ratio === undefined ? null : ratio >= pct.critical ? "critical" : ratio >= pct.warning ? "warning" : "good";
  items.push({
    id: "fig-uncorr", label: t("figure.uncorr"), glossary: "uncorrectable",
    value: ratio === null || ratio === undefined ? "—" : `${num(ratio, 2)} %`,
    level: ratioLevel,
    limit: summary.errors_supported === false ? t("figure.no_errors") : t("figure.below", { max: num(pct.warning, digits(pct.warning)) }),
  });
  fill(box,
    h("div", { class: "figures", id: "dash-figures" }, items.map((item) => figure(item, t))),
    thresholds?.name ? h("p", { class: "muted dash-profile" }, t("figures.profile", { name: thresholds.name })) : null);
}
