// The Reports page: choose a window and the customer details, download the PDF report, read
// and copy the complaint letter, see the evidence checklist of the window and, optionally,
// compare two periods (the comparison can go into the PDF).
import { h, card, fill, notice, loading } from "../../shell/dom.js";
import { evidenceList } from "../../shell/evidence.js";
import { comparisonCard } from "./comparison.js";
import { windowForm } from "./window.js";

export const styles = true;

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const { t } = ctx;
  // Without the settings the form starts empty; the page works all the same.
  const settings = await ctx.api.get("api/config").catch(() => null);
  const form = windowForm(ctx, settings?.config ?? {}, () => update());
  let comparison = null;
  let applied = null; // the query the letter was written for; the PDF link uses the same
  let turn = 0;

  const status = h("div", { class: "reports-status", "aria-live": "polite" });
  const applyButton = h("button", { type: "submit", class: "primary", id: "report-apply" }, t("apply"));
  const pdfLink = h("a", { class: "button", id: "report-pdf", download: "" }, t("download_pdf"));
  const settingsForm = h("form", { class: "reports-settings", novalidate: true }, form.element, status,
    h("div", { class: "toolbar-row" }, applyButton, pdfLink));
  const heading = h("h2", { id: "reports-heading" }, t("heading"));
  const reportCard = card(null, heading, h("p", { class: "muted" }, t("intro")), settingsForm);
  reportCard.id = "reports-window";
  reportCard.setAttribute("aria-labelledby", "reports-heading");

  const letter = h("textarea", { id: "complaint-text", readonly: true, rows: 16, "aria-describedby": "complaint-note" });
  const copyButton = h("button", { type: "button", id: "complaint-copy" }, t("letter.copy"));
  const copyStatus = h("span", { class: "muted reports-copy-status", role: "status" });
  const letterBody = h("div", { class: "reports-letter-body" });
  const letterCard = card(null,
    h("h2", {}, h("label", { for: "complaint-text" }, t("letter.heading"))),
    h("p", { class: "muted", id: "complaint-note" }, t("letter.intro")),
    letterBody, letter,
    h("div", { class: "toolbar-row" }, copyButton, copyStatus));
  letterCard.id = "reports-complaint";
  const evidence = h("div", {});
  const evidenceCard = card(t("evidence"), evidence);
  evidenceCard.id = "reports-evidence";
  const compare = comparisonCard(ctx, { onCompared: (query) => { comparison = query; drawPdfLink(); } });

  root.append(reportCard, h("div", { class: "grid reports-grid" }, letterCard, evidenceCard), compare);

  function drawPdfLink() {
    if (applied) {
      const query = { ...applied };
      for (const [name, value] of Object.entries(comparison || {})) query[`comparison_${name}`] = value;
      pdfLink.href = ctx.api.url("api/report", query);
      pdfLink.removeAttribute("aria-disabled");
    } else {
      pdfLink.removeAttribute("href");
      pdfLink.setAttribute("aria-disabled", "true");
    }
  }

  function update() {
    if (!applied) return;
    applied = null;
    drawPdfLink();
    fill(status, notice("info", t("changed")));
  }

  async function apply() {
    const mine = ++turn;
    form.clear();
    fill(status);
    letter.setAttribute("aria-busy", "true");
    const query = { ...form.query(), ...form.extras() };
    try {
      const answer = await ctx.api.get("api/complaint", query);
      if (mine !== turn) return;
      applied = query;
      letter.value = answer.text;
      letterCard.dataset.from = answer.window?.from ?? "";
      letterCard.dataset.to = answer.window?.to ?? "";
      drawPdfLink();
      await loadEvidence(mine, answer.window);
    } catch (error) {
      if (ctx.signal.aborted || mine !== turn) return;
      applied = null;
      drawPdfLink();
      if (error.status === 400 && form.showError(error)) {
        fill(status, notice("error", t("window_error")));
      } else {
        fill(status, notice("error", t("common.error", { message: error.message })));
      }
    } finally {
      if (mine === turn) letter.removeAttribute("aria-busy");
    }
  }

  async function loadEvidence(mine, window) {
    fill(evidence, loading(t("app.loading")));
    try {
      const checklist = await ctx.api.get("api/evidence/checklist", { from: window.from, to: window.to });
      if (mine === turn) fill(evidence, evidenceList(checklist));
    } catch (error) {
      if (!ctx.signal.aborted && mine === turn) fill(evidence, notice("error", t("common.error", { message: error.message })));
    }
  }

  settingsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });

  copyButton.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(letter.value);
      copyStatus.textContent = t("letter.copied");
    } catch {
      // No clipboard access (an insecure origin, or the browser refused): select the text instead.
      letter.focus();
      letter.select();
      copyStatus.textContent = t("letter.selected");
    }
  });

  settingsForm.addEventListener("input", update);
  settingsForm.addEventListener("change", update);
  await apply();
}
