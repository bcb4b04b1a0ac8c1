// The pinned days card: days whose raw samples outlive retention; pin a day, unpin one.
import { h, card, field, notice, setFieldError } from "../../shell/dom.js";
import { dataTable } from "../../shell/table.js";
import { dateTime, isoDay } from "../../shell/format.js";
import { API, aborted, clearErrors, dayText } from "./common.js";

/** Draw the card; returns {element, load()}. */
export function pinsCard(ctx) {
  const t = ctx.t;
  const status = h("div", { class: "cm-message", "aria-live": "polite" });
  const listSlot = h("div", { id: "cm-pins" });
  const pins = dataTable(listSlot, {
    columns: [
      { key: "date", label: t("pins.day"), render: (row) => dayText(row.date, ctx.language) },
      { key: "label", label: t("pins.label"), render: (row) => row.label || "—" },
      { key: "created_at", label: t("pins.pinned_at"), render: (row) => dateTime(row.created_at) },
      { key: "actions", label: t("targets.actions"), sortable: false, render: (row) => h("button", {
        type: "button",
        class: "text danger",
        "aria-label": t("pins.unpin_named", { day: dayText(row.date, ctx.language) }),
        onclick: () => unpin(row),
      }, t("pins.unpin")) },
    ],
    rows: [],
    sort: { key: "date", descending: true },
    empty: t("pins.none"),
  });

  const inputs = {
    date: h("input", { id: "cm-pin-date", name: "date", type: "date", max: isoDay(Date.now() / 1000), value: isoDay(Date.now() / 1000) }),
    label: h("input", { id: "cm-pin-label", name: "label", type: "text", maxlength: 100, autocomplete: "off" }),
  };
  const general = h("div", { class: "cm-form-message" });
  const submit = h("button", { type: "submit", class: "primary" }, t("pins.pin"));
  const form = h("form", { class: "cm-pin-form", novalidate: true, "aria-labelledby": "cm-pin-title" },
    h("h3", { id: "cm-pin-title" }, t("pins.add_title")),
    h("div", { class: "cm-form-grid" },
      field(t("pins.day"), inputs.date, { hint: t("pins.day_hint") }),
      field(t("pins.label_optional"), inputs.label)),
    general, h("div", { class: "toolbar-row" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(inputs, general);
    status.replaceChildren();
    submit.disabled = true;
    const day = inputs.date.value;
    try {
      const body = { date: day };
      if (inputs.label.value.trim()) body.label = inputs.label.value;
      await ctx.api.post(`${API}/pinned-days`, body);
      inputs.label.value = "";
      await load();
      status.replaceChildren(notice("ok", t("pins.pinned", { day: dayText(day, ctx.language) })));
    } catch (error) {
      if (aborted(ctx, error)) return;
      if (error.status === 400) {
        // every 400 is about the day ("Future dates cannot be pinned") unless it names the label
        const input = error.message.startsWith("label") ? inputs.label : inputs.date;
        setFieldError(input, error.message);
        input.focus();
      }
      else general.replaceChildren(notice("error", t("common.error", { message: error.message })));
    } finally {
      submit.disabled = false;
    }
  });

  async function unpin(row) {
    status.replaceChildren();
    try {
      await ctx.api.del(`${API}/pinned-days/${row.date}`);
      await load();
      status.replaceChildren(notice("ok", t("pins.unpinned", { day: dayText(row.date, ctx.language) })));
    } catch (error) {
      if (!aborted(ctx, error)) status.replaceChildren(notice("error", t("common.error", { message: error.message })));
    }
  }

  async function load() {
    pins.update(await ctx.api.get(`${API}/pinned-days`));
  }

  const element = card(null,
    h("div", { class: "card-header" }, h("h2", {}, t("pins.title"))),
    h("p", { class: "muted cm-note" }, t("pins.intro")), status, listSlot, form);
  element.id = "cm-pinned";
  return { element, load };
}
