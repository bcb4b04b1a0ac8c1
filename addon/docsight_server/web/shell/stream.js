// One shared connection to the live stream (/api/stream, server-sent events) for every page.
// The browser retries a dropped connection by itself, but gives up for good after an error
// answer (a 502 from ingress while the add-on restarts): then it is reopened here, with a
// growing pause. Each reconnection's `hello` reaches the "reconnected" listeners, so pages
// can fetch what they missed.

const MAX_PAUSE_MS = 60_000;
let source = null;
let pause = 1000;
let connectedBefore = false;
let retry = null; // the pending reconnection, if any
const listeners = new Map(); // type -> Set of callbacks

function notify(type, data) {
  for (const callback of listeners.get(type) || []) callback(data);
}

function attach(type) {
  source.addEventListener(type, (event) => {
    let data = null;
    try { data = JSON.parse(event.data); } catch { data = event.data; }
    notify(type, data);
  });
}

function connect() {
  source = new EventSource(new URL("api/stream", document.baseURI), { withCredentials: true });
  for (const type of listeners.keys()) if (type !== "reconnected") attach(type);
  source.addEventListener("hello", () => {
    pause = 1000;
    if (connectedBefore) notify("reconnected", null);
    connectedBefore = true;
  });
  source.addEventListener("error", () => {
    if (source.readyState !== EventSource.CLOSED) return;
    source = null;
    retry = setTimeout(() => { retry = null; connect(); }, pause);
    pause = Math.min(pause * 2, MAX_PAUSE_MS);
  });
}

/** Call `callback(data)` for each stream event of `type`; returns a function that stops it. */
export function openStream(type, callback) {
  if (!listeners.has(type)) {
    listeners.set(type, new Set());
    if (source && type !== "reconnected") attach(type);
  }
  listeners.get(type).add(callback);
  if (!source && !retry) connect();
  return () => listeners.get(type)?.delete(callback);
}
