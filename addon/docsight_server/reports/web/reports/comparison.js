// Before/after: two periods (local dates) compared by GET /api/comparison: the averages side
// by side with their change, the verdict in words and both periods' SNR in one chart.
import { h, card, fill, field, notice, setFieldError } from "../../shell/dom.js";
import { lineChart } from "../../shell/chart.js";
import { count, isoDay, num, toMillis } from "../../shell/format.js";
import { dataTable } from "../../shell/table.js";
import { daysAgo, localMidnightUtc } from "./window.js";

const PERIOD_FIELDS = ["from_a", "to_a", "from_b", "to_b"];
const VERDICT_KIND = { improved: "ok", degraded: "error", unchanged: "info" };

function signed(value, digits) {
  if (value === null || value === undefined) return "—";
  const text = num(value, digits);
  return value > 0 ? `+${text}` : text;
}

/** The comparison card. hooks: {onCompared(query | null)}: the comparison's query for the PDF. */
export function comparisonCard(ctx, hooks) {
  const { t } = ctx;
  const inputs = {
    from_a: h("input", { type: "date", id: "compare-from-a", name: "from_a", value: daysAgo(13) }),
    to_a: h("input", { type: "date", id: "compare-to-a", name: "to_a", value: daysAgo(7) }),
    from_b: h("input", { type: "date", id: "compare-from-b", name: "from_b", value: daysAgo(6) }),
    to_b: h("input", { type: "date", id: "compare-to-b", name: "to_b", value: isoDay() }),
  };
  const button = h("button", { type: "submit", class: "primary", id: "compare-run" }, t("compare.run"));
  const include = h("input", { type: "checkbox", id: "compare-include", checked: true, disabled: true });
  const result = h("div", { class: "reports-comparison-result", "aria-live": "polite" });
  const form = h("form", { class: "reports-comparison-form", novalidate: true },
    h("fieldset", {}, h("legend", {}, t("compare.period_a")),
      field(t("field.from"), inputs.from_a), field(t("field.to"), inputs.to_a)),
    h("fieldset", {}, h("legend", {}, t("compare.period_b")),
      field(t("field.from"), inputs.from_b), field(t("field.to"), inputs.to_b)),
    h("div", { class: "toolbar-row reports-compare-actions" }, button,
      h("span", { class: "reports-include" }, include, h("label", { for: "compare-include" }, t("compare.include")))));
  const element = card(t("compare.heading"), h("p", { class: "muted" }, t("compare.intro")), form, result);
  element.id = "reports-comparison";
  let query = null;
  let chart = null;
  ctx.onCleanup(() => chart?.destroy());

  include.addEventListener("change", () => hooks.onCompared(include.checked ? query : null));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const input of Object.values(inputs)) setFieldError(input, "");
    fill(result);
    const asked = {
      from_a: localMidnightUtc(inputs.from_a.value), to_a: localMidnightUtc(inputs.to_a.value, 1),
      from_b: localMidnightUtc(inputs.from_b.value), to_b: localMidnightUtc(inputs.to_b.value, 1),
    };
    button.disabled = true;
    try {
      const answer = await ctx.api.get("api/comparison", asked);
      query = asked;
      include.disabled = false;
      hooks.onCompared(include.checked ? query : null);
      drawResult(answer);
    } catch (error) {
      if (ctx.signal.aborted) return;
      query = null;
      include.disabled = true;
      hooks.onCompared(null);
      const name = error.status === 400 ? PERIOD_FIELDS.find((key) => String(error.message).startsWith(key) || error.body?.field === key) : null;
      if (name) {
        setFieldError(inputs[name], error.message);
        inputs[name].focus();
      } else {
        fill(result, notice("error", t("common.error", { message: error.message })));
      }
    } finally {
      button.disabled = false;
    }
  });

  function drawResult(answer) {
    const a = answer.period_a;
    const b = answer.period_b;
    const delta = answer.delta || {};
    const rows = [
      { key: "snapshots", a: count(a.snapshots), b: count(b.snapshots), change: signed((b.snapshots ?? 0) - (a.snapshots ?? 0), 0) },
      { key: "ds_power", a: num(a.avg?.ds_power, 2), b: num(b.avg?.ds_power, 2), change: signed(delta.ds_power, 2), unit: "dBmV" },
      { key: "ds_snr", a: num(a.avg?.ds_snr, 2), b: num(b.avg?.ds_snr, 2), change: signed(delta.ds_snr, 2), unit: "dB" },
      { key: "us_power", a: num(a.avg?.us_power, 2), b: num(b.avg?.us_power, 2), change: signed(delta.us_power, 2), unit: "dBmV" },
      { key: "uncorr_errors", a: count(a.total?.uncorr_errors), b: count(b.total?.uncorr_errors), change: signed(delta.uncorr_errors, 0) },
    ];
    const tableSlot = h("div", {});
    dataTable(tableSlot, {
      columns: [
        { key: "metric", label: t("compare.metric"), sortable: false, render: (row) => (row.unit ? `${t(`compare.row.${row.key}`)} (${row.unit})` : t(`compare.row.${row.key}`)) },
        { key: "a", label: t("compare.period_a"), sortable: false, numeric: true },
        { key: "b", label: t("compare.period_b"), sortable: false, numeric: true },
        { key: "change", label: t("compare.change"), sortable: false, numeric: true },
      ],
      rows,
    }).element.classList.add("reports-comparison-table");
    const verdict = delta.verdict || "unchanged";
    const words = h("p", { class: `notice ${VERDICT_KIND[verdict] || "info"} reports-verdict`, id: "compare-verdict", dataset: { verdict }, role: "status" },
      h("strong", {}, t(`verdict.${verdict}`)), " ", t(`verdict.${verdict}_text`));
    const slot = h("div", { class: "reports-comparison-chart" });
    fill(result, words, tableSlot, slot);
    const series = [a, b].map((period, index) => ({
      label: t(index ? "compare.snr_b" : "compare.snr_a"),
      points: (period.timeseries || []).map((sample) => [toMillis(sample.timestamp), sample.ds_snr_avg ?? null]).filter(([at]) => at !== null),
    }));
    chart?.destroy();
    chart = null;
    if (series.some((item) => item.points.length)) {
      chart = lineChart(slot, { series, unit: "dB", digits: 1, height: 200, label: t("compare.chart_label") });
    } else {
      fill(slot, h("p", { class: "muted" }, t("common.no_data")));
    }
  }

  return element;
}
