// The glossary's entries by section. Each key is the entry's anchor (id "term-<key>") and the
// value of ?term=; texts are in terms_en.js / terms_de.js as term.<key>.name / .full / .text.

/** Sections in page order, each with its entries in reading order. */
export const SECTIONS = [
  { section: "basics", keys: ["docsis", "docsis30", "docsis31", "cmts", "downstream", "upstream", "channel", "bonding", "frequency"] },
  { section: "signal", keys: ["scqam", "ofdm", "ofdma", "profile", "modulation", "qam", "power", "snr", "mer", "capacity"] },
  { section: "errors", keys: ["codewords", "correctable", "uncorrectable", "t3", "t4"] },
  { section: "connection", keys: ["latency", "jitter", "packet_loss", "outage", "traceroute"] },
  { section: "lan", keys: ["rtd", "grace", "importance"] },
  { section: "docsight", keys: ["health", "thresholds", "gaming_score", "event"] },
];

/** Every entry key. */
export const KEYS = SECTIONS.flatMap((entry) => entry.keys);
