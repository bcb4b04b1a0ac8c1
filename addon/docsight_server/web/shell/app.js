// The shell: navigation from the pages the server's features declare, hash routing
// (#/<slug>?<params>), language, the health badge and the live stream. Pages are modules
// under static/pages/<slug>/: page.js exports render(view, ctx); strings.js exports
// {en, de} with at least "title".

import { client } from "./api.js";
import { h, fill, notice, loading } from "./dom.js";
import { addStrings, initialLanguage, saveLanguage, scoped, setLanguage, t, language } from "./i18n.js";
import { openStream } from "./stream.js";
import shellStrings from "./strings.js";

const body = document.body;
const pages = JSON.parse(body.dataset.pages || "[]");
const view = document.getElementById("page");
const nav = document.getElementById("nav");
let current = null; // {slug, controller, cleanups}
let renderTurn = 0;

function parseHash() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  return { slug: path || pages[0]?.slug || "", params: new URLSearchParams(query) };
}

/** Go to a page with parameters (adds a history entry). */
export function navigate(slug, params = {}) {
  const query = new URLSearchParams(params).toString();
  location.hash = `#/${slug}${query ? `?${query}` : ""}`;
}

function replaceParams(slug, params) {
  const query = new URLSearchParams(params).toString();
  history.replaceState(null, "", `#/${slug}${query ? `?${query}` : ""}`);
}

function drawNav(active) {
  fill(nav, pages.map((page) => h("a", {
    href: `#/${page.slug}`,
    class: "tab",
    "aria-current": page.slug === active ? "page" : null,
  }, t(`${page.slug}.title`) === `${page.slug}.title` ? page.title : t(`${page.slug}.title`))));
  nav.querySelector('[aria-current="page"]')?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
}

async function loadStrings() {
  addStrings(shellStrings);
  await Promise.all(pages.map(async (page) => {
    const module = await import(`../pages/${page.slug}/strings.js`);
    addStrings(module.default, page.slug);
  }));
}

function finish(slug) {
  view.setAttribute("aria-busy", "false");
  view.dataset.ready = slug;
  // The bench reads this mark: the time from navigation to the page's first data drawn.
  performance.mark(`docsight:ready:${slug}`);
}

async function route() {
  const turn = ++renderTurn;
  const { slug, params } = parseHash();
  if (current) {
    current.controller.abort();
    for (const cleanup of current.cleanups.splice(0)) cleanup();
  }
  const controller = new AbortController();
  const cleanups = [];
  current = { slug, controller, cleanups };
  drawNav(slug);
  view.setAttribute("aria-busy", "true");
  delete view.dataset.ready;
  const page = pages.find((p) => p.slug === slug);
  if (!page) {
    fill(view, notice("error", t("app.not_found", { slug })));
    finish(slug);
    return;
  }
  const pageT = scoped(slug);
  document.title = `${pageT("title")} · DOCSight`;
  const root = h("div", { class: `page page-${slug}` });
  fill(view, loading(t("app.loading")));
  const ctx = {
    slug,
    params,
    t: pageT,
    api: client(controller.signal),
    signal: controller.signal,
    language: language(),
    session: { passwordSet: body.dataset.password === "1", signedIn: body.dataset.session === "1" },
    navigate,
    // After the user has left, a late page step must not touch the address or keep anything
    // running: its cleanups run at once.
    setParams: (next) => { if (!controller.signal.aborted) replaceParams(slug, next); },
    onCleanup: (fn) => { if (controller.signal.aborted) fn(); else cleanups.push(fn); },
    onStream: (type, fn) => ctx.onCleanup(openStream(type, fn)),
  };
  try {
    const module = await import(`../pages/${slug}/page.js`);
    if (turn !== renderTurn) return;
    if (module.styles) await addStylesheet(`static/pages/${slug}/page.css`);
    if (turn !== renderTurn) return;
    fill(view, root);
    await module.render(root, ctx);
  } catch (error) {
    if (controller.signal.aborted || turn !== renderTurn) return;
    fill(view, notice("error", t("app.page_failed", { message: error.message })),
      h("button", { type: "button", onclick: route }, t("app.retry")));
    view.setAttribute("aria-busy", "false");
    return;
  }
  if (turn === renderTurn) finish(slug);
}

const stylesheets = new Map();

/** Load a page's own stylesheet once (pages that export `styles = true`). */
function addStylesheet(href) {
  if (!stylesheets.has(href)) {
    stylesheets.set(href, new Promise((resolve) => {
      const link = h("link", { rel: "stylesheet", href, onload: resolve, onerror: resolve });
      document.head.append(link);
    }));
  }
  return stylesheets.get(href);
}

async function refreshHealth() {
  const badge = document.getElementById("health");
  try {
    const response = await fetch(new URL("health", document.baseURI), { credentials: "same-origin" });
    const health = await response.json();
    const state = health.docsis_health || "unknown";
    badge.textContent = t(`health.${state}`) === `health.${state}` ? state : t(`health.${state}`);
    badge.className = `badge ${state}`;
    badge.title = `DOCSight ${health.version}`;
  } catch {
    badge.textContent = t("health.unknown");
    badge.className = "badge";
  }
}

function applyLanguage(code) {
  setLanguage(code);
  const select = document.getElementById("lang");
  select.value = language();
  select.previousElementSibling.textContent = t("app.language");
  nav.setAttribute("aria-label", t("app.pages"));
  document.getElementById("logout-button").textContent = t("app.sign_out");
}

async function boot() {
  // Fetch the first page's module while the strings load: one round trip less before data.
  const first = parseHash().slug;
  if (pages.some((page) => page.slug === first)) import(`../pages/${first}/page.js`).catch(() => {});
  await loadStrings();
  applyLanguage(initialLanguage());
  document.getElementById("lang").addEventListener("change", (event) => {
    saveLanguage(event.target.value);
    applyLanguage(event.target.value);
    refreshHealth();
    route();
  });
  document.getElementById("logout").hidden = body.dataset.session !== "1";
  window.addEventListener("hashchange", route);
  refreshHealth();
  openStream("snapshot", refreshHealth);
  openStream("reconnected", refreshHealth);
  await route();
}

boot();
