// Host role (CallingExtensions with iFrameOptions): the iframe, the SYNC loop on
// every load (real timers), SYNC_ACK, RESIZE_WIDGET, both SET_WIDGET_URL shapes,
// no SYNC processing of its own, and what reaches the host app's handlers.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { FakeWindow } from "./fake-window.mjs";
import { WIDGET_ORIGIN, hostPage, loadCallcore, settle, silenceConsole, until, wire } from "./support.mjs";

after(silenceConsole());
const callcore = await loadCallcore();
const { default: CallingExtensions, IFrameManager } = callcore;
const HOST_PAGE_ORIGIN = "https://host.example.com";

function host(options = {}, iFrameOptions = {}) {
  const log = [];
  const violations = [];
  const page = hostPage(
    CallingExtensions,
    {
      ...options,
      eventHandlers: {
        onReady: (data, envelope) => log.push(["onReady", data, envelope]),
        onInitialized: (data, envelope) => log.push(["onInitialized", data, envelope]),
        onResizeWidget: (data) => log.push(["onResizeWidget", data]),
        onSetWidgetUrl: (data, envelope) => log.push(["onSetWidgetUrl", data, envelope.iFrameUrl]),
        defaultEventHandler: (data, envelope) => log.push(["defaultEventHandler", envelope.type, data]),
        onViolation: (v) => violations.push(v),
        ...options.eventHandlers,
      },
    },
    iFrameOptions,
  );
  return { ...page, log, violations };
}

/** Loads the iframe and answers the SYNC the way a widget SDK does; returns the SYNC. */
async function synchronise(h, ackExtra = {}) {
  h.iframe.load();
  await settle();
  const sync = h.posted.at(-1).message;
  h.fromWidget({ ...sync, type: "SYNC_ACK", debugMode: undefined, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN, ...ackExtra });
  await settle();
  return sync;
}

test("the iframe: src, width, height, id and allow, in the emptied host element", async () => {
  const h = host();
  assert.equal(h.container.children.length, 1, "host element emptied, then the iframe");
  assert.equal(h.iframe.tagName, "IFRAME");
  assert.equal(h.iframe.id, "hubspot-calling-extension-iframe");
  assert.equal(h.iframe.src, "https://widget.example.com/phone.html?portal=1");
  assert.equal(h.iframe.width, "320px");
  assert.equal(h.iframe.height, 600);
  // speaker-selection: HubSpot added it after 0.9.7 (Firefox blocks choosing an audio output without it)
  assert.equal(h.iframe.allow, "microphone; autoplay; speaker-selection");
  await h.ext.ready;
  h.ext.destroy();
  assert.equal(h.container.children.length, 0, "destroy() removes it");
  assert.equal(h.window.listenerCount("message"), 0);
});

test("iFrameOptions must name src, width, height and an existing host element", () => {
  for (const missing of ["src", "width", "height", "hostElementSelector"]) {
    assert.throws(() => host({}, { [missing]: undefined }), /src, width, height and hostElementSelector/, missing);
  }
  assert.throws(() => host({}, { hostElementSelector: "#nowhere" }), /#nowhere/);
  assert.throws(() => IFrameManager.createIFrame({ src: "https://w.example/" }, () => {}), /hostElementSelector/);
});

test("SYNC on iframe load, then every 100 ms with a fresh messageId, until SYNC_ACK", async () => {
  const h = host();
  await h.ext.ready;
  assert.deepEqual(h.posted, [], "nothing before the iframe loads");
  const start = Date.now();
  h.iframe.load();
  await settle(350);
  const syncs = h.posted.map((p) => p.message);
  assert.ok(syncs.length >= 2 && syncs.length <= 5, `${syncs.length} SYNCs in ~350 ms`);
  for (const { targetOrigin, message } of h.posted) {
    assert.equal(targetOrigin, WIDGET_ORIGIN);
    assert.deepEqual(Object.keys(message), ["type", "hostUrl", "messageId"]);
    assert.equal(message.type, "SYNC");
    assert.equal(message.hostUrl, HOST_PAGE_ORIGIN);
    assert.match(message.messageId, new RegExp(`^${h.ext.iFrameManager.instanceId}_\\d{13}$`));
  }
  assert.equal(new Set(syncs.map((s) => s.messageId)).size, syncs.length, "fresh ids");
  const stamps = syncs.map((s) => Number(s.messageId.split("_")[1]));
  assert.ok(stamps[0] - start < 50, "the first SYNC right at the load");
  for (let i = 1; i < stamps.length; i++) {
    const gap = stamps[i] - stamps[i - 1];
    assert.ok(gap >= 95 && gap < 300, `retry gap ${gap} ms`); // 100 ms, give or take a busy machine
  }
  // any SYNC of this cycle may be answered
  h.fromWidget({ ...syncs[0], type: "SYNC_ACK", debugMode: true, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN });
  const count = h.posted.length;
  await settle(250);
  assert.equal(h.posted.length, count, "no SYNC after the SYNC_ACK");
  assert.deepEqual(h.log, [["onReady", {}, { type: "READY", data: {} }]]);
  assert.equal(h.ext.getState().widgetVersion, "0.9.7");
  h.ext.destroy();
});

test("every iframe load restarts the handshake; a SYNC_ACK of an earlier load is an orphan", async () => {
  const h = host();
  await h.ext.ready;
  const first = await synchronise(h);
  h.posted.length = 0;
  h.iframe.load(); // the widget reloaded
  await settle();
  assert.deepEqual(h.posted.map((p) => p.message.type), ["SYNC"]);
  h.fromWidget({ ...first, type: "SYNC_ACK", debugMode: undefined, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN });
  await until(() => h.posted.length >= 2, "still synchronising: the next SYNC on the core's timer");
  assert.ok(h.violations.some((v) => v.code === "ORPHAN_REPLY"));
  const latest = h.posted.at(-1).message;
  h.fromWidget({ ...latest, type: "SYNC_ACK", debugMode: undefined, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN });
  await settle();
  assert.equal(h.log.filter(([name]) => name === "onReady").length, 2);
  h.ext.destroy();
});

test("syncFields are appended to every SYNC after type, hostUrl, messageId", async () => {
  const syncFields = { portalId: 123456, userId: 42, ownerId: 777, iframeLocation: "widget", usesCallingWindow: false };
  const h = host({ syncFields });
  await h.ext.ready;
  h.iframe.load();
  await settle();
  const sync = h.posted[0].message;
  assert.deepEqual(Object.keys(sync), ["type", "hostUrl", "messageId", ...Object.keys(syncFields)]);
  assert.deepEqual({ ...sync, messageId: 0 }, { type: "SYNC", hostUrl: HOST_PAGE_ORIGIN, messageId: 0, ...syncFields });
  h.ext.destroy();
});

test("a SYNC_ACK from another origin or another window does not complete the handshake", async () => {
  const h = host();
  await h.ext.ready;
  h.iframe.load();
  await settle();
  const sync = h.posted[0].message;
  const ack = { ...sync, type: "SYNC_ACK", debugMode: undefined, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN };
  h.fromWidget(ack, { origin: "https://evil.example" });
  h.fromWidget(ack, { source: new FakeWindow() });
  await settle();
  assert.deepEqual(h.log, []);
  assert.equal(h.ext.getState().phase, "unsynced");
  assert.deepEqual(h.violations.map((v) => v.code), ["ORIGIN_MISMATCH", "SOURCE_NOT_PEER"]);
  h.ext.destroy();
});

test("no SYNC_ACK within 30 s of the load: SYNC_ACK_FAILED to the app, and the loop stops", async () => {
  const h = host();
  await h.ext.ready;
  h.iframe.load();
  await settle();
  const realNow = Date.now;
  Date.now = () => realNow() + 30500; // the page clock jumps past the limit
  try {
    await until(() => h.log.length > 0, "the core's timer gives up");
  } finally {
    Date.now = realNow;
  }
  const count = h.posted.length;
  await settle(250);
  assert.equal(h.posted.length, count, "no more SYNCs");
  assert.deepEqual(h.log, [["defaultEventHandler", "SYNC_ACK_FAILED", undefined]]);
  assert.deepEqual(h.violations.map((v) => [v.code, v.direction]), [["SYNC_ACK_FAILED", "local"]]);
  h.ext.destroy();
});

test("RESIZE_WIDGET sizes the iframe through updateIFrameSize: numbers become px, strings pass, missing sides stay", async () => {
  const h = host();
  await h.ext.ready;
  await synchronise(h);
  const sizes = [];
  const update = h.ext.iFrameManager.updateIFrameSize;
  h.ext.iFrameManager.updateIFrameSize = function (sizeInfo) {
    sizes.push(sizeInfo);
    return update.call(this, sizeInfo);
  };
  const size = () => ({ width: h.iframe.getAttribute("width"), height: h.iframe.getAttribute("height") });
  h.fromWidget({ type: "RESIZE_WIDGET", data: { width: 400, height: 650 }, messageId: "1600000000000_1" });
  assert.deepEqual(size(), { width: "400px", height: "650px" });
  h.fromWidget({ type: "RESIZE_WIDGET", data: { height: "80vh" }, messageId: "1600000000000_2" });
  assert.deepEqual(size(), { width: "400px", height: "80vh" });
  h.fromWidget({ type: "RESIZE_WIDGET", data: { width: 0, height: null }, messageId: "1600000000000_3" });
  assert.deepEqual(size(), { width: "400px", height: "80vh" });
  assert.deepEqual(sizes, [{ width: "400px", height: "650px" }, { width: null, height: "80vh" }], "the app's wrapper saw each resize");
  assert.deepEqual(h.log.filter(([n]) => n === "onResizeWidget").map(([, d]) => d), [
    { width: 400, height: 650 },
    { height: "80vh" },
    { width: 0, height: null },
  ]);
  h.ext.destroy();
});

test("SET_WIDGET_URL in both shapes (data.iFrameUrl and legacy top-level) moves the destination", async () => {
  const h = host();
  await h.ext.ready;
  await synchronise(h);
  h.posted.length = 0;
  h.fromWidget({ type: "SET_WIDGET_URL", data: { iFrameUrl: "https://eu.widget.example.com/phone?x=1" }, messageId: "1600000000000_1" });
  h.ext.sendMessage({ type: "VISIBILITY_CHANGED", data: { isMinimized: false, isHidden: true } });
  h.fromWidget(
    { type: "SET_WIDGET_URL", iFrameUrl: "https://us.widget.example.com:8443/phone", messageId: "1600000000000_2" },
    { origin: "https://eu.widget.example.com" },
  );
  h.ext.sendMessage({ type: "VISIBILITY_CHANGED", data: { isMinimized: true, isHidden: false } });
  await settle();
  assert.deepEqual(h.posted.map((p) => [p.message.type, p.targetOrigin]), [
    ["VISIBILITY_CHANGED", "https://eu.widget.example.com"],
    ["VISIBILITY_CHANGED", "https://us.widget.example.com:8443"],
  ]);
  assert.equal(h.ext.getState().destination, "https://us.widget.example.com:8443");
  assert.deepEqual(h.log.filter(([n]) => n === "onSetWidgetUrl"), [
    ["onSetWidgetUrl", { iFrameUrl: "https://eu.widget.example.com/phone?x=1" }, undefined],
    ["onSetWidgetUrl", undefined, "https://us.widget.example.com:8443/phone"],
  ]);
  // it is not a new READY
  assert.equal(h.log.filter(([n]) => n === "onReady").length, 1);
  // the next iframe load SYNCs the new origin
  h.iframe.load();
  await settle();
  assert.equal(h.posted.at(-1).message.type, "SYNC");
  assert.equal(h.posted.at(-1).targetOrigin, "https://us.widget.example.com:8443");
  h.ext.destroy();
});

test("SET_WIDGET_URL to a refused URL: destination kept, SET_WIDGET_URL_FAILED to the widget", async () => {
  const h = host();
  await h.ext.ready;
  await synchronise(h);
  h.posted.length = 0;
  h.fromWidget({ type: "SET_WIDGET_URL", data: { iFrameUrl: "http://plain.example/phone" }, messageId: "1600000000000_1" });
  h.fromWidget({ type: "SET_WIDGET_URL", iFrameUrl: "javascript:alert(1)", messageId: "1600000000000_2" });
  await settle();
  assert.deepEqual(h.posted.map((p) => [p.message.type, p.targetOrigin]), [
    ["SET_WIDGET_URL_FAILED", WIDGET_ORIGIN],
    ["SET_WIDGET_URL_FAILED", WIDGET_ORIGIN],
  ]);
  assert.equal(h.ext.getState().destination, WIDGET_ORIGIN);
  assert.deepEqual(h.violations.map((v) => v.outcome), ["refused", "refused"]);
  h.ext.destroy();
});

test("a SYNC posted to the host is ignored: no SYNC_ACK, no READY, destination unchanged", async () => {
  const h = host();
  await h.ext.ready;
  const evil = new FakeWindow({ href: "https://evil.example/" });
  h.window.receive({ type: "SYNC", hostUrl: "https://evil.example", messageId: "1600000000000_1" }, { origin: "https://evil.example", source: evil });
  h.fromWidget({ type: "SYNC", hostUrl: WIDGET_ORIGIN, messageId: "1600000000000_2" });
  await settle();
  assert.deepEqual(evil.posted, []);
  assert.deepEqual(h.posted, []);
  assert.deepEqual(h.log, []);
  assert.equal(h.ext.getState().destination, WIDGET_ORIGIN);
  assert.ok(h.violations.some((v) => v.code === "SYNC_ON_HOST"));
  h.ext.destroy();
});

test("widget→host events reach the host app's handlers (else defaultEventHandler), never answered with ERROR", async () => {
  const h = host();
  await h.ext.ready;
  await synchronise(h);
  h.posted.length = 0;
  const events = [
    { type: "INITIALIZED", data: { isLoggedIn: true, isAvailable: false }, messageId: "1600000000000_1" },
    { type: "LOGGED_OUT", messageId: "1600000000000_2" },
    { type: "CALL_ANSWERED", data: undefined, messageId: "1600000000000_3" },
    { type: "ERROR", data: { message: "widget error" }, messageId: "1600000000000_4" },
  ];
  for (const e of events) h.fromWidget(e);
  await settle();
  assert.deepEqual(h.posted, [], "no ERROR/UNKNOWN_MESSAGE_TYPE for widget events");
  assert.deepEqual(h.log.slice(1).map((entry) => wire(entry)), [
    wire(["onInitialized", events[0].data, events[0]]),
    wire(["defaultEventHandler", "LOGGED_OUT", undefined]),
    wire(["defaultEventHandler", "CALL_ANSWERED", undefined]),
    wire(["defaultEventHandler", "ERROR", { message: "widget error" }]),
  ]);
  h.ext.destroy();
});

test("host sends: sendMessage(type, data) with the host's messageId; before the handshake they wait", async () => {
  const h = host();
  await h.ext.ready;
  h.ext.sendMessage({ type: "DIAL_NUMBER", data: { phoneNumber: "+442073238299" } });
  h.iframe.load();
  await settle();
  assert.deepEqual(h.posted.map((p) => p.message.type), ["SYNC"], "DIAL_NUMBER waits for the handshake");
  const sync = h.posted[0].message;
  h.fromWidget({ ...sync, type: "SYNC_ACK", debugMode: undefined, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN });
  await settle();
  const dial = h.posted.at(-1);
  assert.equal(dial.targetOrigin, WIDGET_ORIGIN);
  assert.deepEqual(Object.keys(dial.message), ["type", "data", "messageId"]);
  assert.match(dial.message.messageId, new RegExp(`^${h.ext.iFrameManager.instanceId}_\\d{13}$`));
  h.ext.destroy();
});

test("destroy() stops the SYNC loop", async () => {
  const h = host();
  await h.ext.ready;
  h.iframe.load();
  await settle();
  h.ext.destroy();
  const count = h.posted.length;
  await settle(250);
  assert.equal(h.posted.length, count);
});

test("each widget→host type reaches its host handler as (data, envelope)", async () => {
  const catalog = (await callcore.loadCore()).catalog();
  const widgetTypes = catalog.messages.filter((m) => m.direction === "widget-to-host" && m.hostHandler && !m.removed);
  assert.ok(widgetTypes.length >= 17, `${widgetTypes.length} types`);
  const seen = [];
  const handlers = Object.fromEntries(widgetTypes.map((m) => [m.hostHandler, (data, envelope) => seen.push([m.hostHandler, data, envelope])]));
  const h = host({ eventHandlers: handlers });
  await h.ext.ready;
  await synchronise(h);
  const sent = [];
  widgetTypes.forEach((m, i) => {
    const envelope = { type: m.type, data: { externalCallId: `c${i}`, n: i }, messageId: `1600000000000_${i + 10}` };
    if (m.payload === "none") delete envelope.data;
    if (m.type === "SET_WIDGET_URL") envelope.data = { iFrameUrl: `${WIDGET_ORIGIN}/moved` };
    sent.push([m.hostHandler, envelope]);
    h.fromWidget(envelope);
  });
  await settle();
  assert.deepEqual(seen.map(([name]) => name), sent.map(([name]) => name));
  seen.forEach(([, data, envelope], i) => {
    assert.deepEqual(envelope, sent[i][1]);
    assert.equal(data, envelope.data);
  });
  // the reference's host-side names for them: onInitialized, onOutgoingCall, ...
  assert.ok(widgetTypes.some((m) => m.type === "INITIALIZED" && m.hostHandler === "onInitialized"));
  assert.ok(widgetTypes.some((m) => m.type === "OUTGOING_CALL_STARTED" && m.hostHandler === "onOutgoingCall"));
  h.ext.destroy();
});

test(
  "allowedWidgetOrigins entries are origins however written (a trailing slash)",
  async () => {
    // The list holds the iframe's own origin too: a host talks only to origins it allows.
    const h = host({ allowedWidgetOrigins: ["https://widget.example.com/", "https://eu.widget.example.com/"] });
    await h.ext.ready;
    await synchronise(h);
    h.fromWidget({ type: "SET_WIDGET_URL", data: { iFrameUrl: "https://eu.widget.example.com/phone" }, messageId: "1600000000000_1" });
    await settle();
    const destination = h.ext.getState().destination;
    h.ext.destroy();
    assert.deepEqual(h.violations.filter((v) => v.outcome === "refused").map((v) => v.code), []);
    assert.equal(destination, "https://eu.widget.example.com");
  },
);
