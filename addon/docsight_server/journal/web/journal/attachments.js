// An entry's attachments: the list with download links, deleting one, uploading a file
// (the server checks type and size; its 413 or 400 message is shown here).
import { h, card, fill, field, notice, setFieldError } from "../../shell/dom.js";
import { dateTime } from "../../shell/format.js";
import { confirmDialog, fileSize, isAbort, send, uploadFile } from "./common.js";

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,.png,.jpg,.jpeg,.gif,.webp,.pdf,.txt";

/** The attachments card of `entry` (as GET /api/journal/{id} gives it). hooks: {onChanged()}. */
export function attachmentsSection(ctx, entry, hooks) {
  const { t } = ctx;
  let attachments = entry.attachments || [];
  const list = h("ul", { class: "journal-attachments", id: "journal-attachments" });
  const status = h("div", { class: "journal-attachment-status", "aria-live": "polite" });
  const fileInput = h("input", { type: "file", id: "attachment-file", name: "file", accept: ACCEPT });
  const uploadButton = h("button", { type: "submit", id: "attachment-upload" }, t("attachment.upload"));
  const form = h("form", { class: "journal-upload", novalidate: true },
    field(t("attachment.file"), fileInput, { hint: t("attachment.hint") }),
    h("div", { class: "toolbar-row" }, uploadButton));
  const element = card(t("attachments"), list, status, form);
  element.id = "journal-entry-attachments";

  function draw() {
    if (!attachments.length) {
      fill(list, h("li", { class: "muted" }, t("attachment.none")));
      list.dataset.count = "0";
      return;
    }
    list.dataset.count = String(attachments.length);
    fill(list, attachments.map((attachment) => h("li", { dataset: { id: String(attachment.id) } },
      h("a", { href: ctx.api.url(`api/attachments/${attachment.id}`), download: attachment.filename, class: "attachment-link" }, attachment.filename),
      h("span", { class: "muted" }, [attachment.size !== undefined ? fileSize(attachment.size) : null, dateTime(attachment.created_at)].filter(Boolean).join(" · ")),
      h("button", {
        type: "button",
        class: "text danger attachment-delete",
        "aria-label": t("attachment.delete_label", { name: attachment.filename }),
        onclick: () => remove(attachment),
      }, t("common.delete")))));
  }

  async function refresh() {
    const fresh = await ctx.api.get(`api/journal/${entry.id}`);
    attachments = fresh.attachments || [];
    draw();
    await hooks.onChanged();
  }

  async function remove(attachment) {
    const confirmed = await confirmDialog(element, ctx, {
      title: t("attachment.delete_title", { name: attachment.filename }),
      text: t("attachment.delete_text"),
      confirm: t("common.delete"),
    });
    if (!confirmed) return;
    try {
      await send(ctx, "DELETE", `api/attachments/${attachment.id}`);
      await refresh();
      fill(status, notice("ok", t("attachment.deleted", { name: attachment.filename })));
    } catch (error) {
      if (!isAbort(ctx, error)) fill(status, notice("error", t("common.error", { message: error.message })));
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setFieldError(fileInput, "");
    fill(status);
    const file = fileInput.files?.[0];
    if (!file) {
      setFieldError(fileInput, t("attachment.choose"));
      fileInput.focus();
      return;
    }
    uploadButton.disabled = true;
    try {
      await uploadFile(ctx, `api/journal/${entry.id}/attachments`, file, t("attachment.failed"));
      fileInput.value = "";
      await refresh();
      fill(status, notice("ok", t("attachment.uploaded", { name: file.name })));
    } catch (error) {
      if (isAbort(ctx, error)) return;
      const text = error.status === 413 ? t("attachment.too_large", { message: error.message }) : error.message;
      setFieldError(fileInput, text);
      fileInput.focus();
    } finally {
      uploadButton.disabled = false;
    }
  });

  draw();
  return element;
}
