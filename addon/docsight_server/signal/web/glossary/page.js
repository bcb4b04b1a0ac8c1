// The Glossary page: every DOCSIS and network term the UI shows, by section, with an A–Z index
// and a search box. #/glossary?term=<key> scrolls to that entry, focuses and highlights it.
import { h, fill, field, notice } from "../../shell/dom.js";
import { KEYS, SECTIONS } from "./entries.js";

export const styles = true;

/** [[key|text]] in an entry's text links to the entry `key`. */
const LINK = /\[\[([a-z0-9_]+)\|([^\]]+)\]\]/g;

/** Lower case without accents, for searching ("Dämpfung" finds "dampfung"). */
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Draw the page into `root`. */
export async function render(root, ctx) {
  const { t } = ctx;
  const entries = new Map(); // key -> {element, haystack, indexItem}
  const sectionCards = [];

  const optional = (key) => {
    const text = t(key);
    return text === key ? "" : text;
  };
  const name = (key) => t(`term.${key}.name`);

  function termLink(key, text) {
    return h("a", { href: `#/glossary?term=${encodeURIComponent(key)}`, class: "term", dataset: { term: key } }, text);
  }

  /** An entry's text with its [[key|text]] references as links. */
  function richText(text) {
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(LINK)) {
      parts.push(text.slice(last, match.index));
      parts.push(KEYS.includes(match[1]) ? termLink(match[1], match[2]) : match[2]);
      last = match.index + match[0].length;
    }
    parts.push(text.slice(last));
    return parts;
  }

  function entryElement(key) {
    const full = optional(`term.${key}.full`);
    const text = t(`term.${key}.text`);
    const element = h("article", {
      class: "glossary-entry",
      id: `term-${key}`,
      tabindex: "-1",
      "aria-labelledby": `term-${key}-name`,
      dataset: { term: key },
    },
    h("h3", { id: `term-${key}-name` }, name(key), full ? h("span", { class: "full" }, ` · ${full}`) : null),
    h("p", {}, richText(text)));
    entries.set(key, { element, haystack: fold([key, name(key), full, text.replace(LINK, "$2")].join(" ")) });
    return element;
  }

  // ---- the head card: intro, search, index -------------------------------------------------
  const search = h("input", { type: "search", id: "glossary-search", autocomplete: "off", spellcheck: "false" });
  const countLine = h("p", { class: "muted glossary-count", role: "status", "aria-live": "polite" });
  const messages = h("div", { class: "glossary-messages" });
  const sorted = [...KEYS].sort((a, b) => name(a).localeCompare(name(b), ctx.language, { sensitivity: "base" }));
  const indexItems = new Map(sorted.map((key) => [key, h("li", {}, termLink(key, name(key)))]));
  const index = h("nav", { class: "glossary-index", "aria-label": t("index_label") }, h("ul", {}, [...indexItems.values()]));

  root.append(h("section", { class: "card glossary-head" },
    h("h2", {}, t("title")),
    h("p", { class: "muted" }, t("intro")),
    h("div", { class: "glossary-search" }, field(t("search_label"), search)),
    countLine, messages, index));

  for (const { section, keys } of SECTIONS) {
    const card = h("section", { class: "card glossary-section", dataset: { section } },
      h("h2", {}, t(`section.${section}`)),
      h("div", { class: "glossary-entries" }, keys.map(entryElement)));
    sectionCards.push(card);
    root.append(card);
  }

  // ---- search ------------------------------------------------------------------------------
  function applyFilter(query) {
    const folded = fold(query.trim());
    let shown = 0;
    for (const [key, entry] of entries) {
      const match = !folded || entry.haystack.includes(folded);
      entry.element.hidden = !match;
      indexItems.get(key).hidden = !match;
      if (match) shown += 1;
    }
    for (const card of sectionCards) {
      card.hidden = !card.querySelector(".glossary-entry:not([hidden])");
    }
    countLine.textContent = folded
      ? t("count_filtered", { shown, count: entries.size })
      : t("count", { count: entries.size });
    fill(messages, folded && !shown ? notice("info", t("no_match", { query: query.trim() })) : null);
  }

  search.addEventListener("input", () => applyFilter(search.value));

  // ---- going to an entry ---------------------------------------------------------------------
  function select(key, { updateParams = true } = {}) {
    const entry = entries.get(key);
    if (!entry) {
      fill(messages, notice("warning", t("unknown_term", { term: key })));
      return;
    }
    if (entry.element.hidden) {
      search.value = "";
      applyFilter("");
    }
    for (const other of entries.values()) other.element.classList.remove("highlight");
    entry.element.classList.add("highlight");
    entry.element.focus({ preventScroll: true });
    entry.element.scrollIntoView({ block: "start" });
    if (updateParams) ctx.setParams({ term: key });
  }

  root.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[data-term]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    select(link.dataset.term);
  });

  applyFilter("");
  const wanted = ctx.params.get("term");
  if (wanted) select(wanted, { updateParams: false });
}
