// The modem card's tools: the driver's default address under the type picker, "Detect"
// (which driver answers at the address), "Test modem" (log in with the form's values) and
// "Capture modem pages" (a redacted recording for a bug report, then its download link).

import { fill, h, notice, setFieldError } from "../../shell/dom.js";

/** The choices of the modem-type select: [key, name] sorted by name. */
export function driverChoices(drivers) {
  return drivers
    .map((driver) => [driver.key, driver.name || driver.key])
    .sort((a, b) => a[1].localeCompare(b[1]));
}

/** Return the function that builds the modem card's tools from the form's fields. */
export function modemTools(ctx, drivers) {
  const { t } = ctx;
  const byKey = new Map(drivers.map((driver) => [driver.key, driver]));

  return (fields) => {
    const type = fields.get("modem_type");
    const url = fields.get("modem_url");
    const user = fields.get("modem_user");
    const password = fields.get("modem_password");
    if (!type || !url) return null;
    const output = h("div", { class: "modem-result", id: "modem-result", "aria-live": "polite" });
    let shownDefault = byKey.get(type.input.value)?.default_url || "";

    function describeDriver() {
      if (type.locked || !type.hint) return;
      const driver = byKey.get(type.input.value);
      const parts = [];
      if (driver?.default_url) parts.push(t("modem.default_url", { url: driver.default_url }));
      if (driver?.default_user) parts.push(t("modem.default_user", { user: driver.default_user }));
      if (driver?.models) parts.push(driver.models);
      type.hint.textContent = parts.join(" · ");
    }

    type.input.addEventListener("change", () => {
      const driver = byKey.get(type.input.value);
      // Follow the driver's default address unless the user typed an address of their own.
      if (driver?.default_url && !url.locked && (url.input.value === "" || url.input.value === shownDefault)) {
        url.input.value = driver.default_url;
        url.input.dispatchEvent(new Event("input", { bubbles: true }));
      }
      shownDefault = driver?.default_url || "";
      describeDriver();
    });
    describeDriver();

    function body() {
      return {
        modem_type: type.input.value,
        modem_url: url.input.value.trim(),
        modem_user: user ? user.current() : "",
        modem_password: password ? password.current() : "",
      };
    }

    async function run(busyText, action) {
      const buttons = [detect, test, capture];
      buttons.forEach((b) => { b.disabled = true; });
      fill(output, h("p", { class: "muted", "aria-busy": "true" }, busyText));
      try {
        await action();
      } catch (error) {
        if (ctx.signal.aborted) return;
        fill(output, notice("error", t("common.error", { message: error.message })));
      } finally {
        buttons.forEach((b) => { b.disabled = false; });
      }
    }

    async function onDetect() {
      setFieldError(url.input, "");
      const address = url.input.value.trim();
      if (!address) {
        setFieldError(url.input, t("modem.address_needed"));
        url.input.focus();
        return;
      }
      await run(t("modem.detecting"), async () => {
        let answer;
        try {
          answer = await ctx.api.post("api/drivers/probe", { url: address });
        } catch (error) {
          if (error.status !== 400) throw error;
          setFieldError(url.input, error.message);
          fill(output);
          return;
        }
        if (!answer.success) {
          fill(output, notice("warning", t("modem.not_found", { url: address })));
          return;
        }
        const match = answer.matches?.[0];
        const name = match?.name || byKey.get(answer.modem_type)?.name || answer.modem_type;
        if (!type.locked) {
          type.input.value = answer.modem_type;
          type.input.dispatchEvent(new Event("change", { bubbles: true }));
        }
        if (!url.locked && answer.modem_url && answer.modem_url !== url.input.value) {
          url.input.value = answer.modem_url;
          url.input.dispatchEvent(new Event("input", { bubbles: true }));
        }
        shownDefault = byKey.get(answer.modem_type)?.default_url || "";
        const others = (answer.matches || []).slice(1).map((m) => m.name).join(", ");
        fill(output,
          notice("ok", t(type.locked ? "modem.found_locked" : "modem.found", { name, url: answer.modem_url || address })),
          others ? h("p", { class: "muted" }, t("modem.also_matched", { names: others })) : null);
      });
    }

    async function onTest() {
      await run(t("modem.testing"), async () => {
        const answer = await ctx.api.post("api/test-modem", body());
        if (answer.success) {
          fill(output, notice("ok", t("modem.test_ok", { model: answer.model })));
          return;
        }
        fill(output,
          notice("error", t("modem.test_failed", { message: answer.error || answer.error_kind || "" })),
          answer.page ? h("p", { class: "muted" }, t("modem.page", { page: answer.page })) : null,
          answer.hint ? h("p", { class: "modem-hint" }, answer.hint) : null);
      });
    }

    async function onCapture() {
      await run(t("modem.capturing"), async () => {
        const answer = await ctx.api.post("api/modem/capture", body());
        const summary = answer.ok
          ? t("modem.capture_ok", { requests: answer.requests, ds: answer.ds_channels, us: answer.us_channels })
          : t("modem.capture_failed", { requests: answer.requests, message: answer.error || "" });
        const link = h("a", {
          class: "button",
          id: "capture-download",
          href: ctx.api.url(`api/modem/captures/${encodeURIComponent(answer.name)}`),
          download: answer.name,
        }, t("modem.capture_download", { name: answer.name }));
        fill(output, notice(answer.ok ? "ok" : "warning", summary), h("p", {}, link),
          h("p", { class: "muted" }, t("modem.capture_note")));
      });
    }

    const detect = h("button", { type: "button", id: "modem-detect", onclick: onDetect }, t("modem.detect"));
    const test = h("button", { type: "button", id: "modem-test", onclick: onTest }, t("modem.test"));
    const capture = h("button", { type: "button", id: "modem-capture", onclick: onCapture }, t("modem.capture"));
    return h("div", { class: "modem-tools" },
      h("h3", {}, t("modem.tools")),
      h("p", { class: "muted" }, t("modem.tools_note")),
      h("div", { class: "toolbar-row" }, detect, test, capture),
      output);
  };
}
