// Download links for a target's samples over the range: CSV at a chosen resolution, raw ping log.
import { h } from "../../shell/dom.js";
import { API } from "./common.js";

const RESOLUTIONS = ["raw", "1min", "5min", "1hr"];

/** The export row for `target` between start and end (epoch seconds). */
export function exportLinks(ctx, target, start, end) {
  const t = ctx.t;
  const url = (format, resolution) => ctx.api.url(`${API}/export/${target.id}`, { format, resolution, start, end });
  const choice = h("select", { id: "cm-export-resolution" },
    RESOLUTIONS.map((resolution) => h("option", { value: resolution }, t(`resolution.${resolution}`))));
  const csv = h("a", { class: "button", id: "cm-export-csv", href: url("csv", "raw"), download: "" }, t("common.download_csv"));
  choice.addEventListener("change", () => { csv.href = url("csv", choice.value); });
  const pinglog = h("a", { class: "button", id: "cm-export-pinglog", href: url("pinglog", "raw"), download: "" }, t("export.pinglog"));
  return h("div", {},
    h("p", { class: "muted cm-note" }, t("export.note")),
    h("div", { class: "toolbar-row" },
      h("label", { for: "cm-export-resolution" }, t("export.resolution")), choice, csv, pinglog));
}
