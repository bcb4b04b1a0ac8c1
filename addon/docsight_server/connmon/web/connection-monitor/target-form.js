// The fields of a target (label, host, interval, probe method, TCP port) for creating and editing.
import { h, field } from "../../shell/dom.js";

const METHODS = ["auto", "icmp", "tcp"];

/** A number input's value: a number, the typed text when it is no number, or undefined when empty. */
function numberOf(input) {
  const text = input.value.trim();
  if (text === "") return input.validity?.badInput ? input.value : undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

/**
 * The fields for `target` ({} for a new one); ids start with `prefix`.
 * Returns {fields, inputs, values(), changes(target), reset()}.
 */
export function targetForm(ctx, target, prefix) {
  const t = ctx.t;
  const inputs = {
    label: h("input", { id: `${prefix}-label`, name: "label", type: "text", autocomplete: "off", maxlength: 200, value: target.label ?? "" }),
    host: h("input", { id: `${prefix}-host`, name: "host", type: "text", autocomplete: "off", spellcheck: "false", value: target.host ?? "", placeholder: "1.1.1.1" }),
    poll_interval_ms: h("input", { id: `${prefix}-interval`, name: "poll_interval_ms", type: "number", inputmode: "numeric", min: 1000, max: 3600000, step: 1000, value: target.poll_interval_ms ?? "" }),
    probe_method: h("select", { id: `${prefix}-method`, name: "probe_method" },
      METHODS.map((method) => h("option", { value: method, selected: (target.probe_method ?? "auto") === method }, t(`method.${method}`)))),
    tcp_port: h("input", { id: `${prefix}-port`, name: "tcp_port", type: "number", inputmode: "numeric", min: 1, max: 65535, value: target.tcp_port ?? "" }),
  };
  const fields = [
    field(t("form.label"), inputs.label, { hint: t("form.label_hint") }),
    field(t("form.host"), inputs.host, { hint: t("form.host_hint") }),
    field(t("form.interval"), inputs.poll_interval_ms, { hint: t("form.interval_hint") }),
    field(t("form.method"), inputs.probe_method, { hint: t("form.method_hint") }),
    field(t("form.port"), inputs.tcp_port, { hint: t("form.port_hint") }),
  ];

  /** Everything the form holds, as a create body (empty numbers left to the server's defaults). */
  function values() {
    const body = {
      label: inputs.label.value,
      host: inputs.host.value,
      probe_method: inputs.probe_method.value,
    };
    for (const name of ["poll_interval_ms", "tcp_port"]) {
      const value = numberOf(inputs[name]);
      if (value !== undefined) body[name] = value;
    }
    return body;
  }

  return {
    fields,
    inputs,
    values,
    /** Only what differs from `current` (the label always, so the body is never empty). */
    changes(current) {
      const all = values();
      const body = { label: all.label };
      for (const [name, value] of Object.entries(all)) {
        if (name !== "label" && value !== current[name]) body[name] = value;
      }
      return body;
    },
    reset() {
      inputs.label.value = "";
      inputs.host.value = "";
      inputs.poll_interval_ms.value = "";
      inputs.tcp_port.value = "";
      inputs.probe_method.value = "auto";
    },
  };
}
