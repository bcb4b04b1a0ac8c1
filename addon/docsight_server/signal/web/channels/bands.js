// Threshold bands for charts, from the active profile (/api/thresholds), and the modulation key
// whose row applies to a channel. The Trends page imports this module too.
import { term } from "../../shell/glossary.js";

/** Far beyond any reading: the outer critical bands reach this far (the chart clips them). */
const FAR = 1e6;

function normalized(modulation) {
  return String(modulation ?? "").toUpperCase().replace(/[-_\s]/g, "");
}

function fallback(section, preferred) {
  if (!section) return null;
  if (section[preferred]) return preferred;
  return Object.keys(section)[0] ?? null;
}

/** The profile row for a downstream channel: "ofdm" for OFDM, else its QAM (256QAM by default). */
export function downstreamKey(section, modulation, family) {
  if (!section) return null;
  if (family === "ofdm" && section.ofdm) return "ofdm";
  const key = normalized(modulation);
  if (section[key]) return key;
  if ((key === "OFDM" || key === "OFDMA") && section["4096QAM"]) return "4096QAM";
  return fallback(section, "256QAM");
}

/** The profile row for an upstream channel: "ofdma" for OFDMA, else "sc_qam". */
export function upstreamKey(section, family) {
  if (!section) return null;
  if (family === "ofdma" && section.ofdma) return "ofdma";
  return fallback(section, "sc_qam");
}

function pushBand(bands, from, to, level) {
  if (typeof from === "number" && typeof to === "number" && to > from) bands.push({ from, to, level });
}

/**
 * Bands from nested [min, max] ranges {good, warning, critical}: inside good is good, between
 * good and warning tolerated, between warning and critical warning, outside critical critical.
 */
export function rangeBands(row) {
  if (!row?.good || !row?.warning || !row?.critical) return [];
  const [g0, g1] = row.good;
  const [w0, w1] = row.warning;
  const [c0, c1] = row.critical;
  const bands = [];
  pushBand(bands, -FAR, c0, "critical");
  pushBand(bands, c0, w0, "warning");
  pushBand(bands, w0, g0, "tolerated");
  pushBand(bands, g0, g1, "good");
  pushBand(bands, g1, w1, "tolerated");
  pushBand(bands, w1, c1, "warning");
  pushBand(bands, c1, FAR, "critical");
  return bands;
}

/** Bands from minimums {good_min, warning_min, critical_min} (SNR/MER: higher is better). */
export function minimumBands(row) {
  if (!row || typeof row.good_min !== "number") return [];
  const bands = [];
  pushBand(bands, -FAR, row.critical_min, "critical");
  pushBand(bands, row.critical_min, row.warning_min, "warning");
  pushBand(bands, row.warning_min, row.good_min, "tolerated");
  pushBand(bands, row.good_min, FAR, "good");
  return bands;
}

/** Bands from maximums {warning, critical} (a share of errors: lower is better). */
export function maximumBands(row) {
  if (!row || typeof row.warning !== "number") return [];
  const bands = [];
  pushBand(bands, -FAR, row.warning, "good");
  pushBand(bands, row.warning, row.critical, "warning");
  pushBand(bands, row.critical, FAR, "critical");
  return bands;
}

/** Power and SNR bands for one channel: {powerKey, power, snrKey, snr}. */
export function channelBands(profile, direction, channel) {
  if (!profile) return { powerKey: null, power: [], snrKey: null, snr: [] };
  if (direction === "us") {
    const powerKey = upstreamKey(profile.upstream_power, channel.channel_family);
    return { powerKey, power: rangeBands(profile.upstream_power?.[powerKey]), snrKey: null, snr: [] };
  }
  const powerKey = downstreamKey(profile.downstream_power, channel.modulation, channel.channel_family);
  const snrKey = downstreamKey(profile.snr, channel.modulation, channel.channel_family);
  return {
    powerKey,
    power: rangeBands(profile.downstream_power?.[powerKey]),
    snrKey,
    snr: minimumBands(profile.snr?.[snrKey]),
  };
}

/** The key most channels use (ties: the first seen); null without channels. */
export function dominant(keys) {
  const counts = new Map();
  for (const key of keys) if (key) counts.set(key, (counts.get(key) || 0) + 1);
  let best = null;
  for (const [key, n] of counts) if (best === null || n > counts.get(best)) best = key;
  return best;
}

/** A readable name for a profile key ("sc_qam" -> "SC-QAM", "ofdm" -> "OFDM"). */
export function keyName(key) {
  if (!key) return "";
  if (key === "sc_qam") return "SC-QAM";
  return key.toUpperCase();
}

const KEY_TERMS = { ofdm: "ofdm", ofdma: "ofdma", sc_qam: "scqam" };

/** A link to the glossary entry of a profile key ("256QAM" -> qam, "ofdm" -> ofdm). */
export function keyTerm(key) {
  return term(KEY_TERMS[key] ?? "qam", keyName(key));
}

/** A translated text whose "{term}" placeholder becomes the given node (a link). */
export function withTerm(text, node) {
  const [before, after = ""] = text.split("{term}");
  return [before, node, after];
}
