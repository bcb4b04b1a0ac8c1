// A small element builder and the building blocks every page shares (cards, notices, forms).

/**
 * Create an element: h("button", {class: "primary", onclick: fn}, "Save").
 * Attributes starting with "on" become listeners; `dataset` and `style` take objects;
 * false, null and undefined attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const element = tag.startsWith("svg:")
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "style" && typeof value === "object") Object.assign(element.style, value);
    else if (name === "text") element.textContent = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replace an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A card with an optional heading (h2) and an id for tests and links. */
export function card(title, ...children) {
  return h("section", { class: "card" }, title ? h("h2", {}, title) : null, ...children);
}

/** A notice line: kind is "info", "error", "warning" or "ok". */
export function notice(kind, text) {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/** A placeholder shown while a part of the page loads. */
export function loading(text) {
  return h("p", { class: "muted loading", "aria-busy": "true" }, text);
}

/** A labelled form field; `hint` and `error` lines sit under the input. */
export function field(label, input, { hint, error, id } = {}) {
  const inputId = input.id || id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = inputId;
  const errorLine = h("p", { class: "field-error", id: `${inputId}-error`, role: "alert", hidden: !error }, error || "");
  const hintLine = hint ? h("p", { class: "field-hint", id: `${inputId}-hint` }, hint) : null;
  const describedBy = [hintLine ? `${inputId}-hint` : "", `${inputId}-error`].filter(Boolean).join(" ");
  input.setAttribute("aria-describedby", describedBy);
  return h("div", { class: "field" }, h("label", { for: inputId }, label), input, hintLine, errorLine);
}

/** Show or clear the error line of a field made by field(). */
export function setFieldError(input, message) {
  const line = document.getElementById(`${input.id}-error`);
  if (!line) return;
  line.textContent = message || "";
  line.hidden = !message;
  input.toggleAttribute("aria-invalid", Boolean(message));
}

/** A segmented control (radio buttons styled as one row of buttons). */
export function segmented(name, options, value, onChange) {
  const group = h("div", { class: "segmented", role: "radiogroup" });
  for (const option of options) {
    const id = `${name}-${option.value}`;
    const input = h("input", { type: "radio", name, id, value: option.value, checked: option.value === value });
    input.addEventListener("change", () => onChange(option.value));
    group.append(input, h("label", { for: id }, option.label));
  }
  return group;
}

/** Save a text as a file the browser downloads. */
export function download(url, filename) {
  const link = h("a", { href: url, download: filename || "" });
  document.body.append(link);
  link.click();
  link.remove();
}
