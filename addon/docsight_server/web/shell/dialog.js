// A confirmation in a modal <dialog>: resolves true when the user confirms, false otherwise.
// Every page asks this way (events, journal, incidents, settings).
import { h } from "./dom.js";

let dialogCount = 0;

/** Ask a yes/no question in a modal dialog placed in `host`; resolve with the answer.
 * The dialog closes (answering no) when `signal` aborts, e.g. when the user leaves the page. */
export function confirmDialog(host, { title, text, confirm, cancel, signal }) {
  dialogCount += 1;
  const titleId = `confirm-title-${dialogCount}`;
  const textId = `confirm-text-${dialogCount}`;
  const cancelButton = h("button", { type: "submit", value: "cancel", autofocus: true }, cancel);
  const dialog = h("dialog", { class: "confirm-dialog", "aria-labelledby": titleId, "aria-describedby": textId },
    h("form", { method: "dialog" },
      h("h2", { id: titleId }, title),
      h("p", { id: textId }, text),
      h("div", { class: "toolbar-row dialog-actions" },
        cancelButton,
        h("button", { type: "submit", value: "confirm", class: "danger confirm" }, confirm))));
  host.append(dialog);
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const answer = dialog.returnValue === "confirm";
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    }, { once: true });
    signal?.addEventListener("abort", () => dialog.close(), { once: true });
    dialog.showModal();
    cancelButton.focus();
  });
}
