// API tokens: create one with a name (its value is shown once, with a Copy button), list them,
// revoke one after a confirmation dialog.

import { confirmDialog } from "../../shell/dialog.js";
import { card, field, fill, h, notice, setFieldError } from "../../shell/dom.js";
import { dateTime } from "../../shell/format.js";
import { dataTable } from "../../shell/table.js";

/** Copy a text to the clipboard; else select it in its input for the user to copy. */
async function copyText(input) {
  try {
    if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.focus();
    input.select();
    return false;
  }
}

/** Build the card; returns {element, load()}. */
export function tokensCard(ctx) {
  const { t } = ctx;
  const output = h("div", { id: "tokens-result", "aria-live": "polite" });
  const created = h("div", { id: "token-new", hidden: true });
  const nameInput = h("input", { type: "text", id: "token-name", maxlength: "100", autocomplete: "off", required: true });
  const createButton = h("button", { type: "submit", class: "primary", id: "token-create" }, t("common.create"));
  const form = h("form", { class: "token-form", novalidate: true, onsubmit: create },
    field(t("tokens.name"), nameInput, { hint: t("tokens.name_hint") }), h("div", { class: "toolbar-row" }, createButton));
  const tableHolder = h("div", { id: "tokens" });
  const element = card(t("tokens.title"), h("p", { class: "muted" }, t("tokens.note")), form, created, output, tableHolder);

  const table = dataTable(tableHolder, {
    caption: t("tokens.caption"),
    empty: t("tokens.empty"),
    rows: [],
    sort: { key: "created_at", descending: true },
    columns: [
      { key: "name", label: t("tokens.name") },
      { key: "token_prefix", label: t("tokens.prefix"), render: (row) => h("code", {}, `${row.token_prefix}…`) },
      { key: "kind", label: t("tokens.kind"), render: (row) => (t(`tokens.kind_${row.kind}`) === `tokens.kind_${row.kind}` ? row.kind : t(`tokens.kind_${row.kind}`)) },
      { key: "created_at", label: t("tokens.created"), render: (row) => dateTime(row.created_at) },
      { key: "last_used_at", label: t("tokens.last_used"), render: (row) => (row.last_used_at ? dateTime(row.last_used_at) : t("common.never")) },
      {
        key: "revoked",
        label: t("tokens.state"),
        render: (row) => h("span", { class: `level ${row.revoked ? "critical" : "good"}` }, t(row.revoked ? "tokens.revoked" : "tokens.active")),
      },
      {
        key: "actions",
        label: t("tokens.actions"),
        sortable: false,
        render: (row) => (row.revoked ? "" : h("button", {
          type: "button",
          class: "danger",
          dataset: { token: String(row.id) },
          "aria-label": t("tokens.revoke_named", { name: row.name }),
          onclick: () => revoke(row),
        }, t("tokens.revoke"))),
      },
    ],
  });

  function show(error) {
    if (ctx.signal.aborted) return;
    fill(output, notice("error", t("common.error", { message: error.message })));
  }

  async function load() {
    const answer = await ctx.api.get("api/tokens");
    table.update(answer?.tokens || []);
  }

  function showCreated(answer) {
    const value = h("input", { type: "text", id: "token-value", readonly: true, value: answer.token, class: "token-value" });
    const copied = h("span", { class: "muted", "aria-live": "polite" });
    const copy = h("button", {
      type: "button",
      id: "token-copy",
      onclick: async () => { copied.textContent = (await copyText(value)) ? t("tokens.copied") : t("tokens.copy_manually"); },
    }, t("tokens.copy"));
    created.hidden = false;
    fill(created,
      notice("ok", t("tokens.created_once", { name: answer.name })),
      field(t("tokens.value"), value),
      h("div", { class: "toolbar-row" }, copy, copied,
        h("button", { type: "button", class: "text", onclick: () => { created.hidden = true; fill(created); } }, t("tokens.hide"))));
  }

  async function create(event) {
    event.preventDefault();
    setFieldError(nameInput, "");
    fill(output);
    const name = nameInput.value.trim();
    if (!name) {
      setFieldError(nameInput, t("tokens.name_needed"));
      nameInput.focus();
      return;
    }
    createButton.disabled = true;
    try {
      const answer = await ctx.api.post("api/tokens", { name });
      nameInput.value = "";
      showCreated(answer);
      await load();
    } catch (error) {
      if (ctx.signal.aborted) return;
      if (error.status === 400) setFieldError(nameInput, error.message);
      else show(error);
    } finally {
      createButton.disabled = false;
    }
  }

  async function revoke(row) {
    const yes = await confirmDialog(element, {
      title: t("tokens.revoke_title"),
      text: t("tokens.revoke_text", { name: row.name }),
      confirm: t("tokens.revoke"),
      cancel: t("common.cancel"),
      signal: ctx.signal,
    });
    if (!yes) return;
    try {
      await ctx.api.del(`api/tokens/${row.id}`);
      fill(output, notice("ok", t("tokens.revoked_done", { name: row.name })));
    } catch (error) {
      show(error);
    }
    await load().catch(show);
  }

  return { element, load: () => load().catch(show) };
}
