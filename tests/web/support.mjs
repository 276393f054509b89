// Shared helpers for the tests/web suites (not a test file itself).
import { createRequire } from "node:module";
import { installHostPage, installWidgetPage } from "./fake-window.mjs";

const require = createRequire(import.meta.url);

export const HOST_ORIGIN = "https://app.hubspot.com";
export const WIDGET_HREF = "https://widget.example.com/phone.html";
export const WIDGET_ORIGIN = "https://widget.example.com";

/** The built ESM bundle (what `import ... from "callcore"` gives). */
export function loadCallcore() {
  return import("../../web/dist/callcore.mjs");
}

/**
 * The reference SDK's CommonJS dist. Its UMD wrapper reads `self`, which
 * Node lacks; everything else it touches (window, document) is read when an
 * instance is built, so the fake page installed at that time is the one used.
 */
export function loadReference() {
  if (typeof globalThis.self === "undefined") globalThis.self = globalThis;
  return require("@hubspot/calling-extensions-sdk");
}

/** Runs `fn` with console.debug/log/warn/error captured (the reference logs every message). */
export function quietly(fn) {
  const saved = {};
  const captured = { debug: [], log: [], warn: [], error: [] };
  for (const level of Object.keys(captured)) {
    saved[level] = console[level];
    console[level] = (...args) => captured[level].push(args);
  }
  const restore = () => Object.assign(console, saved);
  try {
    const result = fn(captured);
    if (result && typeof result.then === "function") return result.finally(restore).then(() => captured);
    restore();
    return captured;
  } catch (error) {
    restore();
    throw error;
  }
}

/** Silences console output for the whole test file (the core warns about every finding). */
export function silenceConsole() {
  const levels = ["debug", "log", "warn", "error"];
  const saved = Object.fromEntries(levels.map((l) => [l, console[l]]));
  for (const l of levels) console[l] = () => {};
  return () => Object.assign(console, saved);
}

/** Waits for pending timers (setTimeout 0) and microtasks. */
export const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits, a few milliseconds at a time, until `condition()` holds; fails after
 * `ms`. For what a core timer does: a timer can fire a millisecond before
 * Date.now() says it is due, and the core then waits once more.
 */
export async function until(condition, what, ms = 5000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`still waiting after ${ms} ms: ${what}`);
    await settle(5);
  }
}

/**
 * A serialisation that keeps what JSON loses: keys whose value is undefined,
 * key order, and the difference between a number and a numeric string.
 */
export function wire(value, { withoutMessageIds = false } = {}) {
  return JSON.stringify(value, function replacer(key, v) {
    if (withoutMessageIds && key === "messageId" && typeof v === "string") return "<messageId>";
    if (v === undefined) return "<undefined>";
    return v;
  });
}

let hostMessageCounter = 0;
/** A messageId the way a host would make one (never starting with the widget's instanceId). */
export function hostMessageId() {
  hostMessageCounter += 1;
  return `1600000000000_${1600000000000 + hostMessageCounter}`;
}

/** A SYNC as the real host sends it (the SDK's host sends only type, hostUrl, messageId). */
export function syncEnvelope(extra = {}) {
  return { type: "SYNC", hostUrl: HOST_ORIGIN, messageId: hostMessageId(), ...extra };
}

/**
 * A widget page (fake window whose parent records posts) with one instance of
 * `Impl` (callcore's or the reference's CallingExtensions) in it.
 */
export function widgetPage(Impl, options = {}, page = {}) {
  const fake = installWidgetPage({
    href: WIDGET_HREF,
    referrer: `${HOST_ORIGIN}/calling-integration-sdk/1`,
    parentHref: `${HOST_ORIGIN}/contacts/1`,
    ...page,
  });
  const ext = new Impl(options);
  const fromHost = { origin: page.hostOrigin || HOST_ORIGIN, source: fake.parent };
  return {
    ...fake,
    ext,
    /** What the widget posted to its parent: [{message, targetOrigin}]. */
    posted: fake.parent.posted,
    messages: () => fake.parent.posted.map((p) => p.message),
    types: () => fake.parent.posted.map((p) => p.message.type),
    /** A message event from the host window and origin (or as overridden). */
    fromHost(data, overrides = {}) {
      fake.window.receive(data, { ...fromHost, ...overrides });
    },
  };
}

/** A host page with a #container element; `Impl` is constructed with iFrameOptions. */
export function hostPage(Impl, options = {}, iFrameOptions = {}) {
  const fake = installHostPage({ href: "https://host.example.com/crm/calls" });
  const ext = new Impl({
    ...options,
    iFrameOptions: {
      src: `${WIDGET_HREF}?portal=1`,
      width: "320px",
      height: 600,
      hostElementSelector: "#container",
      ...iFrameOptions,
    },
  });
  const iframe = fake.container.children[0];
  return {
    ...fake,
    ext,
    iframe,
    widgetWindow: iframe && iframe.contentWindow,
    /** What the host posted into the iframe: [{message, targetOrigin}]. */
    posted: iframe ? iframe.contentWindow.posted : [],
    fromWidget(data, overrides = {}) {
      fake.window.receive(data, { origin: WIDGET_ORIGIN, source: iframe.contentWindow, ...overrides });
    },
  };
}
