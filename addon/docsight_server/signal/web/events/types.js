// The event types DOCSight writes, grouped for the type filter. Their names are in strings.js
// ("type.<event_type>"); a type the server sends that is not listed here shows under "other".

/** Known event types by group, in the order the filter lists them. */
export const TYPE_GROUPS = [
  {
    group: "signal",
    types: ["health_change", "snr_change", "power_change", "modulation_change", "channel_change", "error_spike"],
  },
  {
    group: "modem",
    types: ["device_reboot", "modem_restart_detected", "device_sw_update", "device_ip_change"],
  },
  {
    group: "connection",
    types: ["cm_target_unreachable", "cm_target_recovered", "cm_packet_loss_warning"],
  },
  {
    group: "lan",
    types: [
      "lan_device_down", "lan_device_up", "lan_device_new", "lan_device_ip_change",
      "lan_rtd_issue_detected", "lan_rtd_issue_resolved",
    ],
  },
  {
    group: "monitoring",
    types: ["monitoring_started", "monitoring_stopped"],
  },
];

/** Severities from the most to the least urgent. */
export const SEVERITIES = ["critical", "warning", "info"];

const KNOWN = new Set(TYPE_GROUPS.flatMap((entry) => entry.types));

/** Return true when the event type is one of the listed ones. */
export function isKnownType(type) {
  return KNOWN.has(type);
}

/** The readable name of an event type (the raw type when no name is written for it). */
export function typeName(t, type) {
  const key = `type.${type}`;
  const name = t(key);
  return name === key ? String(type).replaceAll("_", " ") : name;
}

/** The readable name of a severity (the raw word when unknown). */
export function severityName(t, severity) {
  const key = `level.${severity}`;
  const name = t(key);
  return name === key ? String(severity) : name;
}
