// The Trends charts: which summary fields each draws and the threshold bands behind it.
import { toMillis } from "../../shell/format.js";
import {
  downstreamKey, dominant, maximumBands, minimumBands, rangeBands, upstreamKey,
} from "../channels/bands.js";
import { scaleCounts } from "../channels/charts.js";

/** The profile rows the bands come from: the modulation most channels of a direction use. */
export function bandKeys(profile, channels) {
  const ds = channels?.ds_channels || [];
  const us = channels?.us_channels || [];
  return {
    dsPower: dominant(ds.map((c) => downstreamKey(profile?.downstream_power, c.modulation, c.channel_family)))
      ?? downstreamKey(profile?.downstream_power, "256QAM", "sc_qam"),
    snr: dominant(ds.map((c) => downstreamKey(profile?.snr, c.modulation, c.channel_family)))
      ?? downstreamKey(profile?.snr, "256QAM", "sc_qam"),
    usPower: dominant(us.map((c) => upstreamKey(profile?.upstream_power, c.channel_family)))
      ?? upstreamKey(profile?.upstream_power, "sc_qam"),
  };
}

/**
 * Columns of the rows as chart points, one pass over the rows. Power and SNR of a direction
 * without channels (the summary says 0 then) are gaps, not zeros.
 */
export function columns(rows) {
  const out = {
    ds_power: [], ds_power_band: [], ds_snr: [], ds_snr_band: [], us_power: [], us_power_band: [],
    uncorr_pct: [], uncorrectable: [], correctable: [],
  };
  for (const row of rows) {
    const at = toMillis(row.timestamp);
    if (at === null) continue;
    const ds = row.ds_total !== 0;
    const us = row.us_total !== 0;
    out.ds_power.push([at, ds ? row.ds_power_avg ?? null : null]);
    out.ds_power_band.push([at, ds ? row.ds_power_min ?? null : null, ds ? row.ds_power_max ?? null : null]);
    out.ds_snr.push([at, ds ? row.ds_snr_avg ?? null : null]);
    out.ds_snr_band.push([at, ds ? row.ds_snr_min ?? null : null, ds ? row.ds_snr_max ?? null : null]);
    out.us_power.push([at, us ? row.us_power_avg ?? null : null]);
    out.us_power_band.push([at, us ? row.us_power_min ?? null : null, us ? row.us_power_max ?? null : null]);
    out.uncorr_pct.push([at, row.ds_uncorr_pct ?? null]);
    out.uncorrectable.push([at, row.ds_uncorrectable_errors ?? null]);
    out.correctable.push([at, row.ds_correctable_errors ?? null]);
  }
  return out;
}

/** Counts divided so the axis labels fit: {points, unit} (unit "" when unchanged). */
function scaled(points, t) {
  const series = [{ points }];
  const scale = scaleCounts(series);
  return { points: series[0].points, unit: scale ? t(scale.unit) : "" };
}

/** Chart options by chart key ("ds_power", "ds_snr", "us_power", "uncorr_pct", "uncorrectable", "correctable"). */
export function chartOptions(t, data, profile, keys) {
  const dbmv = t("unit.dbmv");
  const db = t("unit.db");
  const uncorrectable = scaled(data.uncorrectable, t);
  const correctable = scaled(data.correctable, t);
  return {
    ds_power: {
      series: [{ label: t("series_avg"), points: data.ds_power, band: data.ds_power_band }],
      bands: rangeBands(profile?.downstream_power?.[keys.dsPower]),
      unit: dbmv, digits: 1, height: 220, label: t("chart_ds_power"),
    },
    ds_snr: {
      series: [{ label: t("series_avg"), points: data.ds_snr, band: data.ds_snr_band }],
      bands: minimumBands(profile?.snr?.[keys.snr]),
      unit: db, digits: 1, height: 220, label: t("chart_ds_snr"),
    },
    us_power: {
      series: [{ label: t("series_avg"), points: data.us_power, band: data.us_power_band }],
      bands: rangeBands(profile?.upstream_power?.[keys.usPower]),
      unit: dbmv, digits: 1, height: 220, label: t("chart_us_power"),
    },
    uncorr_pct: {
      series: [{ label: t("series_uncorr_pct"), points: data.uncorr_pct }],
      bands: maximumBands(profile?.errors?.uncorrectable_pct),
      unit: t("unit_percent"), digits: 2, height: 180, label: t("chart_uncorr_pct"),
      // from 0 to past the warning limit, so the headroom shows
      yMin: 0, yMax: (profile?.errors?.uncorrectable_pct?.warning ?? 1) * 1.5,
    },
    uncorrectable: {
      series: [{ label: t("series_uncorrectable"), points: uncorrectable.points, tone: 4 }],
      unit: uncorrectable.unit, digits: uncorrectable.unit ? 1 : 0, height: 180,
      label: t("chart_uncorrectable"),
    },
    correctable: {
      series: [{ label: t("series_correctable"), points: correctable.points, tone: 2 }],
      unit: correctable.unit, digits: correctable.unit ? 1 : 0, height: 180,
      label: t("chart_correctable"),
    },
  };
}
