// A tiny stand-in for the browser objects the glue touches: a window with
// addEventListener/removeEventListener, location and a parent that records
// postMessage; a document with referrer, querySelector and createElement for
// the host's iframe. Installed as globalThis.window / globalThis.document.

/** An event target that also records what is posted to it. */
export class FakeTarget {
  constructor() {
    this.listeners = new Map();
  }

  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(listener);
  }

  removeEventListener(type, listener) {
    const set = this.listeners.get(type);
    if (set) set.delete(listener);
  }

  listenerCount(type) {
    const set = this.listeners.get(type);
    return set ? set.size : 0;
  }

  dispatchEvent(event) {
    for (const listener of [...(this.listeners.get(event.type) || [])]) listener.call(this, event);
  }
}

/** A window: the peer side records every postMessage as {message, targetOrigin}. */
export class FakeWindow extends FakeTarget {
  constructor({ href = "https://widget.example.com/phone.html", name = "window" } = {}) {
    super();
    this.name = name;
    const url = new URL(href);
    this.location = { href: url.href, origin: url.origin, protocol: url.protocol, host: url.host };
    this.posted = [];
    this.parent = this;
  }

  setTimeout(fn, ms, ...args) {
    return globalThis.setTimeout(fn, ms, ...args);
  }

  clearTimeout(id) {
    globalThis.clearTimeout(id);
  }

  postMessage(message, targetOrigin) {
    if (targetOrigin === undefined) throw new TypeError("postMessage needs a targetOrigin");
    this.posted.push({ message, targetOrigin });
  }

  /** Delivers a message event to this window's listeners, as the browser would. */
  receive(data, { origin, source }) {
    this.dispatchEvent({ type: "message", data, origin, source });
  }
}

/** The few element features the host role uses: attributes, style, children, load events. */
export class FakeElement extends FakeTarget {
  constructor(tagName, ownerDocument) {
    super();
    this.tagName = tagName.toUpperCase();
    this.ownerDocument = ownerDocument;
    this.attributes = {};
    this.style = {};
    this.children = [];
    this.parentNode = null;
    this.id = "";
    this.src = "";
    this.width = "";
    this.height = "";
    this.allow = "";
    this.contentWindow = this.tagName === "IFRAME" ? new FakeWindow({ href: "https://blank.invalid/", name: "iframe" }) : null;
  }

  /** Links resolve against the page, as the reference SDK's origin helper expects. */
  set href(value) {
    const url = new URL(value, globalThis.window.location.href);
    this.linkHref = url.href;
    this.protocol = url.protocol;
    this.host = url.host;
  }

  get href() {
    return this.linkHref;
  }

  setAttribute(name, value) {
    this.attributes[name] = String(value);
    if (name in this && typeof this[name] === "string") this[name] = String(value);
  }

  getAttribute(name) {
    if (name in this.attributes) return this.attributes[name];
    return null;
  }

  appendChild(child) {
    child.parentNode = this;
    this.children.push(child);
    return child;
  }

  removeChild(child) {
    this.children = this.children.filter((c) => c !== child);
    child.parentNode = null;
    return child;
  }

  set innerHTML(value) {
    if (value !== "") throw new Error("the fake element only supports emptying innerHTML");
    for (const child of this.children) child.parentNode = null;
    this.children = [];
  }

  get innerHTML() {
    return this.children.map((c) => `<${c.tagName.toLowerCase()}>`).join("");
  }

  querySelector(selector) {
    for (const child of this.children) {
      if (matches(child, selector)) return child;
      const inner = child.querySelector(selector);
      if (inner) return inner;
    }
    return null;
  }

  /** Fires the iframe's `load` event (the browser does on every navigation). */
  load() {
    const event = { type: "load", target: this };
    if (typeof this.onload === "function") this.onload(event);
    this.dispatchEvent(event);
  }
}

function matches(element, selector) {
  if (selector.startsWith("#")) return element.id === selector.slice(1);
  return element.tagName === selector.toUpperCase();
}

export class FakeDocument {
  constructor({ referrer = "" } = {}) {
    this.referrer = referrer;
    this.body = new FakeElement("body", this);
    this.created = [];
  }

  querySelector(selector) {
    return this.body.querySelector(selector);
  }

  createElement(tagName) {
    const element = new FakeElement(tagName, this);
    this.created.push(element);
    return element;
  }
}

/**
 * Installs a widget page: globalThis.window is the widget's window, its
 * parent a separate FakeWindow (the host) that records what the widget posts.
 */
export function installWidgetPage({
  href = "https://widget.example.com/phone.html",
  referrer = "https://app.hubspot.com/calling-integration-sdk",
  parentHref = "https://app.hubspot.com/",
} = {}) {
  const window = new FakeWindow({ href, name: "widget" });
  const parent = new FakeWindow({ href: parentHref, name: "host" });
  window.parent = parent;
  const document = new FakeDocument({ referrer });
  globalThis.window = window;
  globalThis.document = document;
  return { window, parent, document };
}

/** Installs a host page with a `#container` element for the widget iframe. */
export function installHostPage({ href = "https://host.example.com/crm" } = {}) {
  const window = new FakeWindow({ href, name: "host" });
  const document = new FakeDocument({ referrer: "" });
  const container = document.createElement("div");
  container.id = "container";
  // something to be emptied, as the SDK empties the host element
  container.appendChild(document.createElement("span"));
  document.body.appendChild(container);
  document.created.length = 0;
  globalThis.window = window;
  globalThis.document = document;
  return { window, document, container };
}

export function uninstall() {
  delete globalThis.window;
  delete globalThis.document;
}
