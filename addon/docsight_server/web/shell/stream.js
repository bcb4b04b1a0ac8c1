// One shared connection to the live stream (/api/stream, server-sent events) for every page.

let source = null;
const listeners = new Map(); // type -> Set of callbacks

function ensureSource() {
  if (source) return;
  source = new EventSource(new URL("api/stream", document.baseURI), { withCredentials: true });
  for (const type of listeners.keys()) attach(type);
}

function attach(type) {
  source.addEventListener(type, (event) => {
    let data = null;
    try { data = JSON.parse(event.data); } catch { data = event.data; }
    for (const callback of listeners.get(type) || []) callback(data);
  });
}

/** Call `callback(data)` for each stream event of `type`; returns a function that stops it. */
export function openStream(type, callback) {
  if (!listeners.has(type)) {
    listeners.set(type, new Set());
    if (source) attach(type);
  }
  listeners.get(type).add(callback);
  ensureSource();
  return () => listeners.get(type)?.delete(callback);
}
