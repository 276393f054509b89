// policy (off | warn | strict), the widget's origin and source rules, and allowedHostOrigins.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { FakeWindow } from "./fake-window.mjs";
import {
  HOST_ORIGIN,
  hostMessageId,
  loadCallcore,
  quietly,
  settle,
  silenceConsole,
  syncEnvelope,
  widgetPage,
} from "./support.mjs";

after(silenceConsole());
const { default: CallingExtensions } = await loadCallcore();

const DIAL = { phoneNumber: "+442073238299", portalId: 123456, ownerId: 777 };
const EVIL = "https://evil.example";

function widget(options = {}, handlers = {}) {
  const log = [];
  const violations = [];
  const page = widgetPage(CallingExtensions, {
    allowedHostOrigins: [HOST_ORIGIN],
    ...options,
    eventHandlers: {
      onReady: (data) => log.push(["onReady", data.hostUrl]),
      onDialNumber: (data, envelope) => log.push(["onDialNumber", data.phoneNumber, envelope.messageId]),
      defaultEventHandler: (data, envelope) => log.push(["defaultEventHandler", envelope.type]),
      onViolation: (v) => violations.push(v),
      ...handlers,
    },
  });
  return { page, ext: page.ext, log, violations };
}

/** A session through the handshake with INITIALIZED sent. */
async function ready(options, handlers) {
  const w = widget(options, handlers);
  await w.ext.ready;
  w.page.fromHost(syncEnvelope());
  w.ext.initialized({ isLoggedIn: true });
  await settle();
  w.page.posted.length = 0;
  w.log.length = 0;
  w.violations.length = 0;
  return w;
}

/** Things a careless widget does: a wrong type, a missing id, a call nobody started. */
function misbehave(ext) {
  ext.outgoingCall({ externalCallId: 42, toNumber: "+442073238299" }); // externalCallId must be a string
  ext.callEnded({ externalCallId: "never-started", callEndStatus: "COMPLETED" });
  ext.callData({ fine: true }); // nothing wrong
}

test("warn (the default): everything is relayed; each finding goes to onViolation and console.warn with the core's sentence", async () => {
  const w = await ready({});
  assert.equal(w.ext.getState().policy, "warn");
  const captured = await quietly(() => misbehave(w.ext));
  await settle();
  assert.deepEqual(w.page.types(), ["OUTGOING_CALL_STARTED", "CALL_ENDED", "CALL_DATA"]);
  assert.ok(w.violations.length >= 2);
  assert.ok(w.violations.some((v) => v.code === "FIELD_TYPE" && v.field === "data.externalCallId" && v.outcome === "relayed"));
  assert.ok(w.violations.some((v) => v.code === "UNKNOWN_CALL" && v.type === "CALL_ENDED"));
  for (const v of w.violations) {
    assert.equal(v.action, "violation");
    assert.ok(["error", "warning"].includes(v.severity));
    assert.ok(["inbound", "outbound", "local"].includes(v.direction));
    assert.equal(typeof v.message, "string");
  }
  assert.deepEqual(captured.warn.map((args) => args.join(" ")), w.violations.map((v) => `[callcore] ${v.message}`));
  assert.match(w.violations[0].message, /^outgoingCall: data\.externalCallId must be a string/);
});

test("off: the same calls are relayed with no onViolation and no console output", async () => {
  const w = await ready({ policy: "off" });
  const captured = await quietly(() => misbehave(w.ext));
  await settle();
  assert.deepEqual(w.page.types(), ["OUTGOING_CALL_STARTED", "CALL_ENDED", "CALL_DATA"]);
  assert.deepEqual(w.violations, []);
  assert.deepEqual(captured.warn, []);
  assert.deepEqual(captured.error, []);
});

test("strict: refused messages never reach parent.postMessage; each refusal is reported", async () => {
  const w = await ready({ policy: "strict" });
  const captured = await quietly(() => misbehave(w.ext));
  await settle();
  assert.deepEqual(w.page.types(), ["CALL_DATA"], "only the well-formed message was posted");
  const refused = w.violations.filter((v) => v.outcome === "refused");
  assert.deepEqual(new Set(refused.map((v) => v.type)), new Set(["OUTGOING_CALL_STARTED", "CALL_ENDED"]));
  assert.ok(captured.warn.length >= refused.length);
});

test("strict: a well-formed outbound call goes through from start to completion", async () => {
  const w = await ready({ policy: "strict" });
  w.page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: hostMessageId() });
  const id = "strict-call";
  w.ext.outgoingCall({ externalCallId: id, toNumber: "+442073238299", fromNumber: "+18884827768", createEngagement: true });
  w.page.fromHost({ type: "CREATE_ENGAGEMENT_SUCCEEDED", data: { engagementId: 5 }, messageId: hostMessageId() });
  w.ext.callAnswered({ externalCallId: id });
  w.ext.callEnded({ externalCallId: id, engagementId: 5, callEndStatus: "COMPLETED" });
  w.ext.callCompleted({ externalCallId: id, engagementId: 5, hideWidget: false });
  await settle();
  assert.deepEqual(w.page.types(), ["OUTGOING_CALL_STARTED", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED"]);
  assert.deepEqual(w.violations.filter((v) => v.severity === "error"), []);
});

test("strict: an invalid inbound message is dropped before any handler", async () => {
  const w = await ready({ policy: "strict" });
  w.page.fromHost({ type: "DIAL_NUMBER", data: "not an object", messageId: hostMessageId() });
  await settle();
  assert.deepEqual(w.log, []);
  assert.ok(w.violations.some((v) => v.direction === "inbound" && v.outcome === "dropped"));
});

test("SYNC from an origin outside allowedHostOrigins: ignored, reported; the real host still synchronises", async () => {
  const w = widget();
  await w.ext.ready;
  w.page.fromHost(syncEnvelope({ hostUrl: EVIL }), { origin: EVIL });
  await settle();
  assert.deepEqual(w.page.posted, []);
  assert.deepEqual(w.log, []);
  assert.deepEqual(w.violations.map((v) => [v.code, v.direction, v.type, v.outcome]), [["ORIGIN_NOT_ALLOWED", "inbound", "SYNC", "dropped"]]);
  w.page.fromHost(syncEnvelope());
  await settle();
  assert.deepEqual(w.page.types(), ["SYNC_ACK"]);
  assert.equal(w.page.posted[0].targetOrigin, HOST_ORIGIN);
  assert.deepEqual(w.log, [["onReady", HOST_ORIGIN]]);
});

test("SYNC from a window other than the parent (allowed origin): ignored and reported", async () => {
  const w = widget();
  await w.ext.ready;
  const stranger = new FakeWindow({ href: `${HOST_ORIGIN}/other-tab` });
  w.page.fromHost(syncEnvelope(), { source: stranger });
  w.page.fromHost(syncEnvelope(), { source: null });
  await settle();
  assert.deepEqual(w.page.posted, []);
  assert.deepEqual(stranger.posted, []);
  assert.deepEqual(w.violations.map((v) => [v.code, v.type, v.outcome]), [
    ["SOURCE_NOT_PEER", "SYNC", "dropped"],
    ["SOURCE_NOT_PEER", "SYNC", "dropped"],
  ]);
  assert.equal(w.ext.getState().phase, "unsynced");
});

test("after the handshake: DIAL_NUMBER from another origin or another window is ignored and reported", async () => {
  const w = await ready();
  const stranger = new FakeWindow({ href: `${EVIL}/` });
  w.page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: hostMessageId() }, { origin: EVIL });
  w.page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: hostMessageId() }, { source: stranger });
  w.page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: hostMessageId() }, { origin: "https://app-eu1.hubspot.com" });
  await settle();
  assert.deepEqual(w.log, []);
  assert.deepEqual(w.page.posted, [], "no ERROR reply either");
  assert.deepEqual(w.violations.map((v) => [v.code, v.type, v.outcome]), [
    ["ORIGIN_MISMATCH", "DIAL_NUMBER", "dropped"],
    ["SOURCE_NOT_PEER", "DIAL_NUMBER", "dropped"],
    ["ORIGIN_MISMATCH", "DIAL_NUMBER", "dropped"],
  ]);
  // the session is unaffected
  const id = hostMessageId();
  w.page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: id });
  await settle();
  assert.deepEqual(w.log, [["onDialNumber", DIAL.phoneNumber, id]]);
});

test("a second SYNC from another allowed origin cannot take the widget over", async () => {
  const other = "https://app-eu1.hubspot.com";
  const w = await ready({ allowedHostOrigins: [HOST_ORIGIN, other] });
  w.page.fromHost(syncEnvelope({ hostUrl: other }), { origin: other });
  w.ext.callData({ after: true });
  await settle();
  assert.deepEqual(w.page.types(), ["CALL_DATA"]);
  assert.equal(w.page.posted[0].targetOrigin, HOST_ORIGIN);
  assert.deepEqual(w.violations.map((v) => v.code), ["REPEATED_SYNC"]);
});

test("off still applies the origin and source rules, silently", async () => {
  const w = widget({ policy: "off" });
  await w.ext.ready;
  w.page.fromHost(syncEnvelope({ hostUrl: EVIL }), { origin: EVIL });
  w.page.fromHost(syncEnvelope(), { source: new FakeWindow() });
  await settle();
  assert.deepEqual(w.page.posted, []);
  assert.deepEqual(w.violations, []);
  assert.equal(w.ext.getState().phase, "unsynced");
});

test("a SYNC whose hostUrl names another origin than its sender is ignored (HOST_URL_MISMATCH)", async () => {
  const w = widget({ allowedHostOrigins: [HOST_ORIGIN, EVIL] });
  await w.ext.ready;
  w.page.fromHost(syncEnvelope({ hostUrl: EVIL }));
  await settle();
  assert.deepEqual(w.page.posted, []);
  assert.deepEqual(w.violations.map((v) => v.code), ["HOST_URL_MISMATCH"]);
});

const DEFAULT_ORIGINS = [
  ["https://app.hubspot.com", true],
  ["https://app-eu1.hubspot.com", true],
  ["https://app.hubspotqa.com", true],
  ["https://app-na2.hubspotqa.com", true],
  ["http://app.hubspot.com", false],
  ["https://app.hubspot.com.evil.example", false],
  ["https://x.app-eu1.hubspot.com", false],
  ["https://hubspot.com", false],
  ["https://evil.example", false],
];
for (const [origin, accepted] of DEFAULT_ORIGINS) {
  test(`default allowedHostOrigins (HubSpot's app origins, https only): ${origin} ${accepted ? "accepted" : "refused"}`, async () => {
    const page = widgetPage(CallingExtensions, { eventHandlers: { onReady() {}, onViolation() {} } });
    await page.ext.ready;
    page.fromHost(syncEnvelope({ hostUrl: origin }), { origin });
    await settle();
    assert.deepEqual(page.types(), accepted ? ["SYNC_ACK"] : []);
    if (accepted) assert.equal(page.posted[0].targetOrigin, origin);
  });
}

test("allowedHostOrigins: a '*' inside the host name, and '*' alone for any origin", async () => {
  const cases = [
    [["https://*.example.com"], "https://crm.example.com", true],
    [["https://*.example.com"], "https://example.com", false],
    [["https://*.example.com"], "http://crm.example.com", false],
    [["*"], "http://127.0.0.1:8080", true],
    [["http://localhost:3000"], "http://localhost:3000", true],
    [["http://localhost:3000"], "http://localhost:3001", false],
  ];
  for (const [allowedHostOrigins, origin, accepted] of cases) {
    const page = widgetPage(CallingExtensions, { allowedHostOrigins, eventHandlers: { onReady() {}, onViolation() {} } });
    await page.ext.ready;
    page.fromHost(syncEnvelope({ hostUrl: origin }), { origin });
    await settle();
    assert.deepEqual(page.types(), accepted ? ["SYNC_ACK"] : [], `${allowedHostOrigins} vs ${origin}`);
  }
});

test("invalid options reject `ready` with the core's reason", async () => {
  for (const [options, pattern] of [
    [{ policy: "loud" }, /policy/],
    [{ allowedHostOrigins: "https://app.hubspot.com" }, /allowedHostOrigins/],
  ]) {
    const page = widgetPage(CallingExtensions, { ...options, eventHandlers: {} });
    await assert.rejects(page.ext.ready, (error) => {
      assert.match(error.message, pattern);
      assert.equal(error.code, "CALLCORE_E_OPTIONS");
      return true;
    });
  }
});

test("the constructor needs eventHandlers, as the reference's does", () => {
  assert.throws(() => new CallingExtensions(), /Invalid options or missing eventHandlers/);
  assert.throws(() => new CallingExtensions({}), /Invalid options or missing eventHandlers/);
});

test("pagehide with a call still open: CALL_LEFT_OPEN is reported (the host keeps a call log with no outcome)", async () => {
  const w = await ready();
  w.ext.outgoingCall({ externalCallId: "left-open", toNumber: "+442073238299", fromNumber: "+18884827768" });
  w.ext.callAnswered({ externalCallId: "left-open" });
  await settle();
  w.violations.length = 0;
  w.page.window.dispatchEvent({ type: "pagehide" });
  await settle();
  assert.deepEqual(w.violations.map((v) => [v.code, v.direction, v.field]), [["CALL_LEFT_OPEN", "local", "data.externalCallId"]]);
  assert.match(w.violations[0].message, /left-open/);
});

test("destroy() after the handshake: listeners gone, later messages and calls go nowhere", async () => {
  const w = await ready();
  w.ext.destroy();
  assert.equal(w.page.window.listenerCount("message"), 0);
  assert.equal(w.page.window.listenerCount("pagehide"), 0);
  w.page.fromHost({ type: "DIAL_NUMBER", data: DIAL, messageId: hostMessageId() });
  w.ext.callData({ after: "destroy" });
  await settle();
  assert.deepEqual(w.log, []);
  assert.deepEqual(w.page.posted, []);
});

test("a call the core cannot build is refused and reported, in every policy", async () => {
  for (const policy of ["off", "warn", "strict"]) {
    const w = await ready({ policy });
    const cyclic = { a: 1 };
    cyclic.self = cyclic;
    let deep = {};
    const deepRoot = deep;
    for (let i = 0; i < 40; i++) deep = deep.next = {};
    const captured = await quietly(() => {
      w.ext.callData({ big: 10n }); // structured clone would carry a BigInt; JSON cannot
      w.ext.callData(cyclic);
      w.ext.callData(deepRoot); // deeper than limits.maxDepth (32)
      w.ext.sendMessage({ data: "no type" });
      w.ext.callData({ fine: true });
    });
    await settle();
    assert.deepEqual(w.page.types(), ["CALL_DATA"], policy);
    assert.equal(w.page.messages()[0].data.fine, true);
    const refused = w.violations.filter((v) => v.outcome === "refused");
    assert.deepEqual(refused.map((v) => v.code), ["MALFORMED_JSON", "MALFORMED_JSON", "TOO_DEEP", "MISSING_TYPE"], policy);
    const warnings = captured.warn.map((args) => args.join(" "));
    for (const line of warnings) assert.match(line, /^\[callcore\] (callData|sendMessage): .*nothing was sent$/);
    // The BigInt and the cycle get the same sentence: the console shows it once, onViolation twice.
    assert.equal(warnings.length, 3, `${policy}: ${warnings.join(" | ")}`);
    assert.equal(new Set(warnings).size, 3);
  }
});

test(
  "allowedHostOrigins entries are origins however written: a trailing slash, a default port, capitals",
  async () => {
    for (const entry of ["https://app.example.com/", "https://app.example.com:443", "HTTPS://APP.EXAMPLE.COM"]) {
      const page = widgetPage(CallingExtensions, { allowedHostOrigins: [entry], eventHandlers: { onReady() {}, onViolation() {} } });
      await page.ext.ready;
      page.fromHost(syncEnvelope({ hostUrl: "https://app.example.com" }), { origin: "https://app.example.com" });
      await settle();
      assert.deepEqual(page.types(), ["SYNC_ACK"], entry);
    }
  },
);
