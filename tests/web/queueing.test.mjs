// The constructor is synchronous; whatever the app calls and whatever arrives
// before the WebAssembly core is ready is kept, in order. Calls made before the
// handshake go out after it, after what onReady sent, and nothing overtakes them.
// (Own file, so the first test runs before this process ever loaded the core.)
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  HOST_ORIGIN,
  hostMessageId,
  hostPage,
  loadCallcore,
  settle,
  silenceConsole,
  syncEnvelope,
  widgetPage,
} from "./support.mjs";

after(silenceConsole());
const { default: CallingExtensions } = await loadCallcore();

const DIAL = { phoneNumber: "+442073238299", portalId: 123456, ownerId: 777 };
const OUTGOING = { externalCallId: "call-1", toNumber: "+442073238299", fromNumber: "+18884827768" };

function widget(extraHandlers = {}, options = {}) {
  const seen = [];
  const violations = [];
  let ext;
  const page = widgetPage(CallingExtensions, {
    allowedHostOrigins: [HOST_ORIGIN],
    ...options,
    eventHandlers: {
      onReady: (data) => {
        seen.push(["onReady", data.portalId]);
        ext.initialized({ isLoggedIn: true });
      },
      onDialNumber: (data) => seen.push(["onDialNumber", data.phoneNumber]),
      onViolation: (v) => violations.push(v),
      ...extraHandlers,
    },
  });
  ext = page.ext;
  return { page, ext, seen, violations };
}

test("before the core has loaded: calls and message events are kept and replayed in order", async () => {
  const { page, ext, seen } = widget();
  assert.equal(ext.getState(), null, "the core is not loaded yet");
  ext.userLoggedIn(); // before the handshake
  page.fromHost(syncEnvelope({ portalId: 123456 }));
  page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: hostMessageId() });
  ext.outgoingCall(OUTGOING); // after the handshake (in the app's order of events)
  assert.deepEqual(page.posted, [], "nothing can be sent before the core decides");
  await ext.ready;
  await settle();
  assert.deepEqual(page.types(), ["SYNC_ACK", "INITIALIZED", "LOGGED_IN", "OUTGOING_CALL_STARTED"]);
  assert.deepEqual(seen, [["onReady", 123456], ["onDialNumber", "+442073238299"]]);
  assert.deepEqual(page.messages()[3].data, OUTGOING);
  assert.deepEqual(new Set(page.posted.map((p) => p.targetOrigin)), new Set([HOST_ORIGIN]));
});

test("the constructor returns before the core is ready, every time", async () => {
  const { ext } = widget();
  assert.equal(ext.getState(), null);
  assert.ok(ext.ready instanceof Promise);
  await ext.ready;
  assert.equal(ext.getState().phase, "unsynced");
});

test("calls made before the handshake go out after it, in order, after what onReady sent", async () => {
  const { page, ext, violations } = widget();
  await ext.ready;
  ext.userLoggedIn();
  ext.userAvailable();
  ext.callAnswered();
  ext.callData({ n: 1 });
  await settle(20);
  assert.deepEqual(page.posted, [], "held back until the handshake");
  assert.equal(ext.getState().queued, 4);
  assert.deepEqual(violations.map((v) => [v.code, v.outcome]), Array(4).fill(["NOT_READY", "queued"]));
  page.fromHost(syncEnvelope());
  await settle();
  assert.deepEqual(page.types(), ["SYNC_ACK", "INITIALIZED", "LOGGED_IN", "USER_AVAILABLE", "CALL_ANSWERED", "CALL_DATA"]);
  const messages = page.messages();
  assert.ok(Object.hasOwn(messages[4], "data") && messages[4].data === undefined, "callAnswered() keeps data: undefined");
  assert.ok(!Object.hasOwn(messages[2], "data"));
  const stamps = messages.slice(1).map((m) => Number(m.messageId.split("_")[1]));
  assert.deepEqual([...stamps].sort((a, b) => a - b), stamps, "messageIds increase in wire order");
  assert.equal(ext.getState().queued, 0);
});

test("a call made right after the handshake does not overtake the queued ones", async () => {
  const { page, ext } = widget();
  await ext.ready;
  ext.userLoggedIn(); // queued
  page.fromHost(syncEnvelope());
  ext.outgoingCall(OUTGOING); // same task as the SYNC event, before any timer could run
  await settle();
  assert.deepEqual(page.types(), ["SYNC_ACK", "INITIALIZED", "LOGGED_IN", "OUTGOING_CALL_STARTED"]);
});

test("strict: a DIAL_NUMBER right after the handshake sees the queued login (not refused as logged out)", async () => {
  const { page, ext, seen, violations } = widget(
    {
      onReady: () => ext.initialized({ isLoggedIn: false }),
      onDialNumber: (data) => {
        seen.push(["onDialNumber", data.phoneNumber]);
        ext.outgoingCall(OUTGOING);
      },
    },
    { policy: "strict" },
  );
  await ext.ready;
  ext.userLoggedIn();
  page.fromHost(syncEnvelope());
  page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: hostMessageId() });
  await settle();
  assert.deepEqual(page.types(), ["SYNC_ACK", "INITIALIZED", "LOGGED_IN", "OUTGOING_CALL_STARTED"]);
  assert.deepEqual(seen, [["onDialNumber", "+442073238299"]]);
  assert.deepEqual(violations.map((v) => v.code), ["NOT_READY"]);
});

test("strict, before the core loads: SYNC then DIAL_NUMBER; onReady's INITIALIZED is seen before the dial", async () => {
  const { page, ext, seen, violations } = widget(
    { onDialNumber: (data) => { seen.push(["onDialNumber", data.phoneNumber]); ext.outgoingCall(OUTGOING); } },
    { policy: "strict" },
  );
  page.fromHost(syncEnvelope({ portalId: 1 }));
  page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: hostMessageId() });
  await ext.ready;
  await settle();
  assert.deepEqual(seen, [["onReady", 1], ["onDialNumber", "+442073238299"]]);
  assert.deepEqual(page.types(), ["SYNC_ACK", "INITIALIZED", "OUTGOING_CALL_STARTED"]);
  assert.deepEqual(violations, []);
});

test("the queue is bounded (limits.maxQueued): the excess is refused and reported", async () => {
  const { page, ext, violations } = widget({}, { limits: { maxQueued: 2 } });
  for (let i = 0; i < 4; i++) ext.callData({ i });
  await ext.ready;
  page.fromHost(syncEnvelope());
  await settle();
  assert.deepEqual(page.types(), ["SYNC_ACK", "INITIALIZED", "CALL_DATA", "CALL_DATA"]);
  assert.deepEqual(page.messages().slice(2).map((m) => m.data.i), [0, 1]);
  assert.deepEqual(violations.map((v) => v.code), ["NOT_READY", "NOT_READY", "QUEUE_FULL", "QUEUE_FULL"]);
  assert.deepEqual(violations.slice(2).map((v) => v.outcome), ["refused", "refused"]);
});

test("destroy() before the core loads: nothing is sent later and the listener is gone", async () => {
  const { page, ext } = widget();
  ext.userLoggedIn();
  page.fromHost(syncEnvelope());
  ext.destroy();
  assert.equal(page.window.listenerCount("message"), 0);
  await ext.ready;
  await settle(20);
  assert.deepEqual(page.posted, []);
});

test("host role: an iframe load before the core is ready still starts the SYNC loop", async () => {
  const host = hostPage(CallingExtensions, { eventHandlers: { onReady() {} } });
  host.iframe.load();
  assert.deepEqual(host.posted, []);
  await host.ext.ready;
  await settle();
  assert.deepEqual(host.posted.map((p) => p.message.type), ["SYNC"]);
  host.ext.destroy();
});

test("a handler that throws does not hold back what was already asked for; its exception still surfaces", async () => {
  let ext;
  const page = widgetPage(CallingExtensions, {
    allowedHostOrigins: [HOST_ORIGIN],
    eventHandlers: {
      onReady: () => {
        ext.initialized({ isLoggedIn: true });
        throw new Error("app bug in onReady");
      },
      onViolation() {},
    },
  });
  ext = page.ext;
  await ext.ready;
  ext.userLoggedIn(); // queued
  assert.throws(() => page.fromHost(syncEnvelope()), /app bug in onReady/, "out of the message listener, as the reference's");
  // INITIALIZED (sent from onReady before it threw) and the queue went out at once
  assert.deepEqual(page.types(), ["SYNC_ACK", "INITIALIZED", "LOGGED_IN"]);
  ext.callData({ after: true });
  assert.deepEqual(page.types(), ["SYNC_ACK", "INITIALIZED", "LOGGED_IN", "CALL_DATA"]);
});

test("a throwing onViolation or onTraffic does not stop the message either", async () => {
  const page = widgetPage(CallingExtensions, {
    allowedHostOrigins: [HOST_ORIGIN],
    eventHandlers: {
      onReady() {},
      onViolation: () => {
        throw new Error("violation logger broke");
      },
      onTraffic: () => {
        throw new Error("traffic logger broke");
      },
    },
  });
  await page.ext.ready;
  assert.throws(() => page.fromHost(syncEnvelope()), /traffic logger broke/);
  assert.deepEqual(page.types(), ["SYNC_ACK"]);
  assert.throws(() => page.ext.callEnded({ externalCallId: 5 }), /logger broke/);
  assert.deepEqual(page.types(), ["SYNC_ACK", "CALL_ENDED"]);
});
