// The Trends page: the summary over a day, a week or 30 days up to a chosen day (the API's
// legacy views: /api/trends?range=day|week|month&date=YYYY-MM-DD, one request per view), with
// the threshold bands behind the lines. #/trends?view=month&date=2026-03-01 reopens a view.
import { card, field, fill, h, loading, notice, segmented, setFieldError } from "../../shell/dom.js";
import { lineChart } from "../../shell/chart.js";
import { count, date as formatDate } from "../../shell/format.js";
import { term } from "../../shell/glossary.js";
import { keyTerm, withTerm } from "../channels/bands.js";
import { latest, leftPage } from "../channels/charts.js";
import { bandKeys, chartOptions, columns } from "./specs.js";

export const styles = true;

const VIEWS = ["day", "week", "month"];
const DEFAULT_VIEW = "week";
const DAYS = { day: 1, week: 7, month: 30 };
const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** Today's local calendar day as YYYY-MM-DD. */
function todayText() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function localDay(text) {
  const [year, month, day] = text.split("-").map(Number);
  return new Date(year, month - 1, day).getTime() / 1000;
}

/** A chart block: heading, optional muted note, and the chart's box (data-chart=<key>). */
function block(key, heading, note) {
  const box = h("div", { class: "chart-box", dataset: { chart: key } });
  return { element: h("div", { class: "trend-chart" }, heading, note, box), box };
}

function bandsLine(t, profile, key, textKey) {
  if (!profile || !key) return h("p", { class: "muted bands-note" }, t("bands_none"));
  return h("p", { class: "muted bands-note" }, withTerm(t(textKey, { profile: profile.name || profile.id }), keyTerm(key)));
}

function errorsLine(t, profile) {
  const limits = profile?.errors?.uncorrectable_pct;
  if (!limits) return h("p", { class: "muted bands-note" }, t("bands_none"));
  return h("p", { class: "muted bands-note" }, t("bands_errors", {
    warning: limits.warning, critical: limits.critical, profile: profile.name || profile.id,
  }));
}

/** The chart cards and their blocks, keyed like chartOptions(). */
function chartCards(t, profile, keys) {
  const explain = () => h("p", { class: "muted note" }, t("band_explain"));
  const dsPower = block("ds_power", null, bandsLine(t, profile, keys.dsPower, "bands_ds"));
  const dsSnr = block("ds_snr", null, bandsLine(t, profile, keys.snr, "bands_ds"));
  const usPower = block("us_power", null, bandsLine(t, profile, keys.usPower, "bands_us"));
  const uncorrHeading = h("h3", {}, term("uncorrectable", t("heading_uncorr_pct")));
  const uncorrPct = block("uncorr_pct", uncorrHeading, errorsLine(t, profile));
  const uncorrectableHeading = h("h3");
  const uncorrectable = block("uncorrectable", uncorrectableHeading, null);
  const correctableHeading = h("h3");
  const correctable = block("correctable", correctableHeading, null);
  const cardOf = (id, title, ...children) => h("section", { class: `card trend-card ${id}`, id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, title), ...children);
  return {
    cards: [
      cardOf("trend-ds-power", [term("downstream", t("downstream")), " · ", term("power", t("power"))], explain(), dsPower.element),
      cardOf("trend-ds-snr", [term("downstream", t("downstream")), " · ", term("snr", t("snr"))], explain(), dsSnr.element),
      cardOf("trend-us-power", [term("upstream", t("upstream")), " · ", term("power", t("power"))], explain(), usPower.element),
      h("section", { class: "card trend-card errors", id: "trend-errors", "aria-labelledby": "trend-errors-title" },
        h("h2", { id: "trend-errors-title" }, t("errors")),
        h("div", { class: "errors-grid" }, uncorrPct.element, uncorrectable.element, correctable.element)),
    ],
    boxes: {
      ds_power: dsPower.box, ds_snr: dsSnr.box, us_power: usPower.box,
      uncorr_pct: uncorrPct.box, uncorrectable: uncorrectable.box, correctable: correctable.box,
    },
    counterHeadings: { uncorrectable: uncorrectableHeading, correctable: correctableHeading },
  };
}

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const t = ctx.t;
  const today = todayText();
  let view = VIEWS.includes(ctx.params.get("view")) ? ctx.params.get("view") : DEFAULT_VIEW;
  let day = DAY_TEXT.test(ctx.params.get("date") || "") ? ctx.params.get("date") : today;
  const load = latest();
  const status = h("div", { class: "status", "aria-live": "polite" });
  const summary = h("p", { class: "muted summary", id: "trends-summary" });
  const dateInput = h("input", { type: "date", id: "trends-date", value: day, max: today, required: true });
  const todayButton = h("button", { type: "button", class: "text", onclick: () => pick(today) }, t("today"));
  const views = segmented("trends-view", VIEWS.map((value) => ({ value, label: t(`range.${value}`) })), view, (next) => {
    view = next;
    refresh();
  });
  views.setAttribute("aria-label", t("view_label"));
  root.append(card(t("title"),
    h("div", { class: "toolbar-row trend-controls" }, views, field(t("date_label"), dateInput), todayButton),
    summary, status));
  fill(status, loading(t("app.loading")));

  const optional = (promise) => promise.catch((error) => (leftPage(error, ctx) ? Promise.reject(error) : null));
  const extras = Promise.all([optional(ctx.api.get("api/thresholds")), optional(ctx.api.get("api/channels"))]);
  extras.catch(() => {}); // awaited below, unless the user leaves first
  let rows = [];
  try {
    const answer = await load(() => ctx.api.get("api/trends", { range: view, date: day === today ? null : day, fields: "scalars" }));
    rows = answer?.value ?? [];
  } catch (error) {
    if (leftPage(error, ctx)) return;
    fill(status, notice("error", t("common.error", { message: error.message })));
  }
  let profile;
  let channels;
  try {
    [profile, channels] = await extras;
  } catch {
    return; // the user left the page
  }
  const keys = bandKeys(profile, channels);
  const layout = chartCards(t, profile, keys);
  root.append(h("div", { class: "trend-grid" }, layout.cards));
  const charts = {};

  /** Draw the rows into the charts. */
  function draw(data) {
    const options = chartOptions(t, columns(data), profile, keys);
    for (const key of Object.keys(options)) {
      if (charts[key]) charts[key].update(options[key]);
      else charts[key] = lineChart(layout.boxes[key], options[key]);
    }
    for (const [key, heading] of Object.entries(layout.counterHeadings)) {
      const unit = options[key].unit;
      heading.textContent = unit ? t(`heading_${key}_scaled`, { unit }) : t(`heading_${key}`);
    }
    const end = formatDate(localDay(day));
    summary.textContent = view === "day"
      ? t("summary_day", { end, count: count(data.length) })
      : t("summary_days", { days: DAYS[view], end, count: count(data.length) });
    root.dataset.view = view;
    root.dataset.date = day;
    root.dataset.rows = String(data.length);
  }

  function show(data) {
    if (!status.querySelector(".error")) fill(status, data.length ? null : notice("info", t("common.no_data")));
    ctx.setParams(day === today ? { view } : { view, date: day });
    draw(data);
  }

  async function refresh() {
    fill(status, loading(t("app.loading")));
    try {
      const answer = await load(() => ctx.api.get("api/trends", { range: view, date: day === today ? null : day, fields: "scalars" }));
      if (!answer) return;
      fill(status);
      show(answer.value);
    } catch (error) {
      if (leftPage(error, ctx)) return;
      if (error.status === 400) {
        fill(status);
        setFieldError(dateInput, error.message);
      } else {
        fill(status, notice("error", t("common.error", { message: error.message })));
      }
    }
  }

  function pick(value) {
    dateInput.value = value;
    setFieldError(dateInput, "");
    day = value;
    refresh();
  }

  dateInput.addEventListener("change", () => {
    if (!DAY_TEXT.test(dateInput.value)) {
      setFieldError(dateInput, t("date_invalid"));
      return;
    }
    pick(dateInput.value);
  });
  ctx.onCleanup(() => Object.values(charts).forEach((chart) => chart.destroy()));
  show(rows);
}
