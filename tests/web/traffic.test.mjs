// onTraffic: every envelope the instance posts or receives from its peer, in
// wire order, with the core's findings about that envelope.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { FakeWindow } from "./fake-window.mjs";
import {
  HOST_ORIGIN,
  hostMessageId,
  hostPage,
  loadCallcore,
  settle,
  silenceConsole,
  syncEnvelope,
  widgetPage,
  WIDGET_ORIGIN,
} from "./support.mjs";

after(silenceConsole());
const { default: CallingExtensions } = await loadCallcore();

test("widget: a record per envelope either way, in order, with origin, time and violations", async () => {
  const records = [];
  let ext;
  const page = widgetPage(CallingExtensions, {
    allowedHostOrigins: [HOST_ORIGIN],
    eventHandlers: {
      onReady: () => ext.initialized({ isLoggedIn: true }),
      onDialNumber() {},
      onTraffic: (record) => records.push(record),
    },
  });
  ext = page.ext;
  await ext.ready;
  const before = Date.now();
  const sync = syncEnvelope();
  page.fromHost(sync);
  const dial = { type: "DIAL_NUMBER", data: { phoneNumber: "12" }, messageId: hostMessageId() };
  page.fromHost(dial);
  ext.outgoingCall({ externalCallId: 7 });
  await settle();
  assert.deepEqual(records.map((r) => [r.direction, r.envelope.type, r.origin]), [
    ["inbound", "SYNC", HOST_ORIGIN],
    ["outbound", "SYNC_ACK", HOST_ORIGIN],
    ["outbound", "INITIALIZED", HOST_ORIGIN],
    ["inbound", "DIAL_NUMBER", HOST_ORIGIN],
    ["outbound", "OUTGOING_CALL_STARTED", HOST_ORIGIN],
  ]);
  for (const r of records) {
    assert.deepEqual(Object.keys(r), ["direction", "origin", "envelope", "violations", "time"]);
    assert.ok(r.time >= before && r.time <= Date.now());
    assert.ok(Array.isArray(r.violations));
  }
  assert.deepEqual(records[0].envelope, sync);
  assert.deepEqual(records[3].envelope, dial);
  // the outbound records hold exactly what was posted
  assert.deepEqual(records.filter((r) => r.direction === "outbound").map((r) => r.envelope), page.messages());
  assert.deepEqual(records[0].violations, []);
  assert.deepEqual(records[3].violations.map((v) => [v.code, v.field]), [["FIELD_FORMAT", "data.phoneNumber"]]);
  assert.ok(records[4].violations.length >= 1);
  assert.ok(records[4].violations.every((v) => v.type === "OUTGOING_CALL_STARTED" && v.direction === "outbound"));
  assert.ok(records[4].violations.some((v) => v.code === "FIELD_TYPE" && v.field === "data.externalCallId"));
});

test("widget: a message from the parent at the wrong origin is recorded with why it was dropped; other windows are not", async () => {
  const records = [];
  const page = widgetPage(CallingExtensions, {
    allowedHostOrigins: [HOST_ORIGIN],
    eventHandlers: { onReady() {}, onTraffic: (record) => records.push(record) },
  });
  await page.ext.ready;
  page.fromHost(syncEnvelope({ hostUrl: "https://evil.example" }), { origin: "https://evil.example" });
  page.fromHost(syncEnvelope(), { source: new FakeWindow() });
  await settle();
  assert.deepEqual(records.map((r) => [r.direction, r.envelope.type, r.origin, r.violations.map((v) => [v.code, v.outcome])]), [
    ["inbound", "SYNC", "https://evil.example", [["ORIGIN_NOT_ALLOWED", "dropped"]]],
  ]);
});

test("strict: a refused message is not traffic (it never went out)", async () => {
  const records = [];
  const page = widgetPage(CallingExtensions, {
    policy: "strict",
    allowedHostOrigins: [HOST_ORIGIN],
    eventHandlers: { onReady() {}, onViolation() {}, onTraffic: (record) => records.push(record) },
  });
  await page.ext.ready;
  page.fromHost(syncEnvelope());
  page.ext.initialized({ isLoggedIn: true });
  page.ext.callEnded({ externalCallId: "unknown" });
  await settle();
  assert.deepEqual(records.map((r) => r.envelope.type), ["SYNC", "SYNC_ACK", "INITIALIZED"]);
});

test("host: SYNCs, the SYNC_ACK and what follows are recorded too", async () => {
  const records = [];
  const h = hostPage(CallingExtensions, { eventHandlers: { onReady() {}, onTraffic: (record) => records.push(record) } });
  await h.ext.ready;
  h.iframe.load();
  await settle();
  const sync = h.posted[0].message;
  h.fromWidget({ ...sync, type: "SYNC_ACK", debugMode: undefined, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN });
  h.fromWidget({ type: "INITIALIZED", data: { isLoggedIn: true }, messageId: "1600000000000_1" });
  await settle();
  assert.deepEqual(records.map((r) => [r.direction, r.envelope.type, r.origin]), [
    ["outbound", "SYNC", WIDGET_ORIGIN],
    ["inbound", "SYNC_ACK", WIDGET_ORIGIN],
    ["inbound", "INITIALIZED", WIDGET_ORIGIN],
  ]);
  h.ext.destroy();
});
