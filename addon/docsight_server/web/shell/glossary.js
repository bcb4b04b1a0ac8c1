// Links from a term on any page to its entry on the glossary page.
import { h } from "./dom.js";

/** A link to the glossary entry `key` (e.g. "mer"), showing `text`. */
export function term(key, text) {
  return h("a", { href: `#/glossary?term=${encodeURIComponent(key)}`, class: "term" }, text);
}

/** A small "?" link to the glossary entry `key`, named `label` for screen readers. */
export function help(key, label) {
  return h("a", {
    href: `#/glossary?term=${encodeURIComponent(key)}`,
    class: "term help-link",
    "aria-label": label,
    title: label,
  }, "?");
}
