"use strict";
// DOCSight ingress UI: every URL is relative so it works under the ingress prefix.

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error(body?.error || `HTTP ${response.status}`);
  return body;
}

function cell(row, text) { const td = document.createElement("td"); td.textContent = text ?? "—"; row.append(td); return td; }
function when(value) { return value ? new Date(typeof value === "number" ? value * 1000 : value).toLocaleString() : "never"; }

async function loadHealth() {
  const health = await api("health");
  const badge = document.getElementById("health");
  badge.textContent = health.docsis_health;
  badge.className = `badge ${health.docsis_health}`;
  document.getElementById("version").textContent = `v${health.version}`;
}

async function loadCollectors() {
  const rows = await api("api/collectors/status");
  const body = document.querySelector("#collectors tbody");
  body.replaceChildren();
  for (const c of rows) {
    const tr = document.createElement("tr");
    cell(tr, c.name); cell(tr, c.enabled ? "yes" : "no"); cell(tr, c.last_poll ? when(c.last_poll) : "never");
    cell(tr, `${c.next_poll_in} s`); cell(tr, String(c.consecutive_failures));
    const error = cell(tr, c.last_error);
    if (c.hint) { const hint = document.createElement("div"); hint.className = "muted"; hint.textContent = c.hint; error.append(hint); }
    body.append(tr);
  }
  document.getElementById("collectors-empty").hidden = rows.length > 0;
}

async function loadTokens() {
  const { tokens } = await api("api/tokens");
  const body = document.querySelector("#tokens tbody");
  body.replaceChildren();
  for (const t of tokens) {
    const tr = document.createElement("tr");
    cell(tr, t.name); cell(tr, t.token_prefix); cell(tr, when(t.created_at)); cell(tr, when(t.last_used_at));
    cell(tr, t.revoked ? "revoked" : "active");
    const action = cell(tr, "");
    if (!t.revoked) {
      const button = document.createElement("button");
      button.textContent = "Revoke";
      button.onclick = async () => { await api(`api/tokens/${t.id}`, { method: "DELETE" }).catch(showTokenError); loadTokens(); };
      action.append(button);
    }
    body.append(tr);
  }
}

function captureSummary(capture) {
  const recorded = `${capture.requests} requests recorded`;
  if (!capture.ok) return `${recorded}; the modem could not be read: ${capture.error || "unknown error"}`;
  return `${recorded}; ${capture.ds_channels} downstream and ${capture.us_channels} upstream channels read.`;
}

async function captureModemPages() {
  const out = document.getElementById("capture-result");
  const file = document.getElementById("capture-file");
  const button = document.getElementById("capture");
  out.className = "muted"; out.textContent = "Capturing…"; file.hidden = true; button.disabled = true;
  try {
    const capture = await api("api/modem/capture", { method: "POST" });
    out.textContent = captureSummary(capture);
    if (!capture.ok) out.className = "error";
    file.href = `api/modem/captures/${encodeURIComponent(capture.name)}`;
    file.download = capture.name; file.hidden = false;
  } catch (error) { out.className = "error"; out.textContent = `Capture failed: ${error.message}`; }
  finally { button.disabled = false; }
}

function showTokenError(error) { const p = document.getElementById("token-error"); p.textContent = error.message; p.hidden = false; }

async function loadSettings() {
  const { config, locked } = await api("api/config");
  const body = document.querySelector("#settings tbody");
  body.replaceChildren();
  for (const [key, value] of Object.entries(config)) {
    const tr = document.createElement("tr");
    cell(tr, key); cell(tr, String(value)); cell(tr, locked[key] || "");
    body.append(tr);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("logout").hidden = document.body.dataset.session !== "1";
  document.getElementById("token-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    document.getElementById("token-error").hidden = true;
    const name = document.getElementById("token-name").value;
    try {
      const created = await api("api/tokens", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name }) });
      const shown = document.getElementById("token-new");
      shown.textContent = `New token (copy it now, it is not shown again): ${created.token}`;
      shown.hidden = false;
      loadTokens();
    } catch (error) { showTokenError(error); }
  });
  document.getElementById("poll").addEventListener("click", async () => {
    const out = document.getElementById("poll-result");
    out.textContent = "Polling…";
    try { await api("api/poll", { method: "POST" }); out.textContent = "Done."; }
    catch (error) { out.textContent = error.message; }
    loadCollectors(); loadHealth();
  });
  document.getElementById("capture").addEventListener("click", captureModemPages);
  const refresh = () => Promise.all([loadHealth(), loadCollectors()]).catch(() => {});
  refresh(); loadTokens().catch(showTokenError); loadSettings().catch(() => {});
  setInterval(refresh, 15000);
});
