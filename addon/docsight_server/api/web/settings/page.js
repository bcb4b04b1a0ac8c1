// The Settings page: every setting of GET /api/config as a grouped form (read-only where add-on
// options or the environment fix it), the modem tools, the collectors and the API tokens.

import { h, notice } from "../../shell/dom.js";
import { collectorsCard } from "./collectors.js";
import { settingsForm } from "./form.js";
import { driverChoices, modemTools } from "./modem.js";
import { tokensCard } from "./tokens.js";

export const styles = true;

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const { t } = ctx;
  let answer;
  let drivers = [];
  try {
    const [config, driverList] = await Promise.all([
      ctx.api.get("api/config"),
      ctx.api.get("api/drivers").catch((error) => {
        if (!ctx.signal.aborted) root.append(notice("warning", t("drivers_failed", { message: error.message })));
        return { drivers: [] };
      }),
    ]);
    answer = config;
    drivers = driverList?.drivers || [];
  } catch (error) {
    if (ctx.signal.aborted) return;
    root.append(notice("error", t("common.error", { message: error.message })));
    return;
  }

  const intro = h("div", { class: "settings-notices" });
  if (!ctx.session.passwordSet) intro.append(notice("warning", t("no_password")));
  if (answer.demo_mode) intro.append(notice("info", t("demo_note")));
  if (Object.keys(answer.locked || {}).length) intro.append(h("p", { class: "muted" }, t("locked_note")));
  if (intro.childElementCount) root.append(intro);

  const choices = drivers.length ? { modem_type: driverChoices(drivers) } : {};
  const form = settingsForm(ctx, { choices, extras: { modem: modemTools(ctx, drivers) } });
  form.draw(answer);
  const collectors = collectorsCard(ctx);
  const tokens = tokensCard(ctx);
  root.append(form.element, collectors.element, tokens.element);
  await Promise.all([collectors.load(), tokens.load()]);
}
