// Strings in English and German. Each page registers its own under its slug; a page's t() looks
// there first, then in the shell's shared strings, then falls back to English.

export const LANGUAGES = ["en", "de"];
const dictionaries = { en: new Map(), de: new Map() };
let current = "en";

/** Register a {en: {...}, de: {...}} table, its keys prefixed with `namespace.` when given. */
export function addStrings(table, namespace = "") {
  for (const lang of LANGUAGES) {
    for (const [key, value] of Object.entries(table[lang] || {})) {
      dictionaries[lang].set(namespace ? `${namespace}.${key}` : key, value);
    }
  }
}

/** The active language code. */
export function language() {
  return current;
}

/** Switch language (unknown codes fall back to English) and mark the document. */
export function setLanguage(code) {
  current = LANGUAGES.includes(code) ? code : "en";
  document.documentElement.lang = current;
}

/** Pick the language: ?lang= in the address (kept from then on), the saved choice, the browser's. */
export function initialLanguage() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked && LANGUAGES.includes(asked)) {
    saveLanguage(asked);
    return asked;
  }
  const saved = localStorage.getItem("docsight.lang");
  if (saved && LANGUAGES.includes(saved)) return saved;
  return (navigator.language || "en").toLowerCase().startsWith("de") ? "de" : "en";
}

/** Remember a language chosen in the toolbar. */
export function saveLanguage(code) {
  localStorage.setItem("docsight.lang", code);
}

function lookup(key) {
  return dictionaries[current].get(key) ?? dictionaries.en.get(key);
}

function fill(text, vars) {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** Translate a key, filling {name} placeholders from vars. */
export function t(key, vars) {
  return fill(lookup(key) ?? key, vars);
}

/** Return True when a string exists for this key. */
export function has(key) {
  return lookup(key) !== undefined;
}

/** A t() for one page: its own keys first, then the shared ones. */
export function scoped(namespace) {
  return (key, vars) => {
    const own = lookup(`${namespace}.${key}`);
    return fill(own ?? lookup(key) ?? key, vars);
  };
}
