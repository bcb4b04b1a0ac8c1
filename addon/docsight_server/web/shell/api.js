// The API client every page uses. Paths are relative ("api/channels"), so they resolve against
// <base href>, which the server sets to the ingress prefix under Home Assistant.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

/** An absolute URL for an API path with query parameters (null and "" are left out). */
export function apiUrl(path, query) {
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(query || {})) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) value.forEach((item) => url.searchParams.append(name, item));
    else url.searchParams.set(name, String(value));
  }
  return url.toString();
}

async function parse(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  if (type.includes("json")) return response.json();
  return response.text();
}

/** Call the API; resolve with the parsed answer, reject with an ApiError carrying its message. */
export async function request(method, path, { query, body, signal } = {}) {
  const headers = { Accept: "application/json" };
  const init = { method, credentials: "same-origin", headers, signal };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(apiUrl(path, query), init);
  const parsed = await parse(response);
  if (response.status === 401) {
    location.assign(new URL("login", document.baseURI));
    throw new ApiError(401, "Sign-in needed", parsed);
  }
  if (!response.ok) {
    const message = parsed && typeof parsed === "object" && parsed.error ? parsed.error : `HTTP ${response.status}`;
    throw new ApiError(response.status, message, parsed);
  }
  return parsed;
}

/** An API client whose calls stop when `signal` aborts (the shell aborts on navigation). */
export function client(signal) {
  return {
    get: (path, query) => request("GET", path, { query, signal }),
    post: (path, body, query) => request("POST", path, { body, query, signal }),
    put: (path, body) => request("PUT", path, { body, signal }),
    patch: (path, body) => request("PATCH", path, { body, signal }),
    del: (path, query) => request("DELETE", path, { query, signal }),
    url: apiUrl,
  };
}
