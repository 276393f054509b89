// Scenario 1: the reference SDK as host ↔ callcore as widget, in Chromium, on two
// origins. Handshake, INITIALIZED, DIAL_NUMBER, a full outbound and a full inbound
// call. Then the same scripted calls with the reference SDK's own widget: what the
// host receives must be equal key for key, in key order, with the same value
// types and undefined-valued keys (messageIds aside).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { frameOf, launchBrowser, parseWire, startServers, wire } from "./support.mjs";

let servers;
let browser;
let HOST;
let WIDGET;

let mine;
let theirs;
before(async () => {
  servers = await startServers(2);
  [HOST, WIDGET] = servers.origins;
  browser = await launchBrowser();
  mine = await session("callcore");
  theirs = await session("reference");
}, { timeout: 90000 });

after(async () => {
  if (browser) await browser.close();
  if (servers) await servers.close();
}, { timeout: 30000 });

const DIAL = {
  phoneNumber: "+442073238299",
  ownerId: 777,
  portalId: 123456,
  objectId: 51,
  objectType: "CONTACT",
  calleeInfo: { calleeId: 51, calleeObjectTypeId: "0-1" },
  startTimestamp: 1724412350000,
  toPhoneNumberSrc: "phone",
};
const OUT = "out-5b0c1f52";
const IN = "in-77a1";

/**
 * The widget's side of the session, identical for both SDKs: [method, args] to
 * call, or ["host", type, data] for the host to send (then wait for the handler).
 */
const SCRIPT = [
  ["host", "DIAL_NUMBER", DIAL, "onDialNumber"],
  // outbound
  ["outgoingCall", [{ externalCallId: OUT, toNumber: "+442073238299", fromNumber: "+18884827768", callStartTime: 1724412350500, createEngagement: true }]],
  ["host", "CREATE_ENGAGEMENT_SUCCEEDED", { engagementId: 987654321 }, "onCreateEngagementSucceeded"],
  ["callAnswered", [{ externalCallId: OUT }]],
  ["callEnded", [{ externalCallId: OUT, engagementId: 987654321, callEndStatus: "COMPLETED" }]],
  ["callCompleted", [{ externalCallId: OUT, engagementId: 987654321, hideWidget: false, engagementProperties: { hs_call_title: "Follow-up", hs_call_body: "Asked for a quote", hs_call_duration: "65000", hs_call_recording_url: undefined } }]],
  ["host", "UPDATE_ENGAGEMENT_SUCCEEDED", { engagementId: 987654321 }, "onUpdateEngagementSucceeded"],
  ["finalizeEngagement", [{ externalCallId: OUT, engagementId: 987654321 }]],
  // inbound
  ["userAvailable", []],
  ["incomingCall", [{ externalCallId: IN, fromNumber: "+442073238299", toNumber: "+18884827768", callStartTime: 1724412360500, createEngagement: true }]],
  ["host", "CALLER_ID_MATCH_SUCCEEDED", { callerIdMatches: [{ callerIdType: "CONTACT", objectCoordinates: { portalId: 123456, objectId: 51, objectTypeId: "0-1" }, firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" }] }, "onCallerIdMatchSucceeded"],
  ["host", "CREATE_ENGAGEMENT_SUCCEEDED", { engagementId: 987654322 }, "onCreateEngagementSucceeded"],
  ["navigateToRecord", [{ objectCoordinates: { portalId: 123456, objectId: 51, objectTypeId: "0-1" } }]],
  ["callAnswered", [{ externalCallId: IN }]],
  ["callTransferred", [{ externalCallId: IN }]],
  ["callEnded", [{ externalCallId: IN, engagementId: 987654322, callEndStatus: "COMPLETED" }]],
  ["callCompleted", [{ externalCallId: IN, engagementId: 987654322 }]],
  ["userUnavailable", []],
  // the rest of the SDK's methods, with and without arguments
  ["callAnswered", []],
  ["callData", [{ any: ["thing", 1, null] }]],
  ["resizeWidget", [{ width: 400, height: 650 }]],
  ["publishToChannel", [{ externalCallId: OUT, engagementId: 987654321 }]],
  ["sendError", [{ message: "microphone blocked" }]],
  ["sendMessage", [{ type: "CALL_DATA", data: { custom: true }, extra: "top-level" }]],
  ["setWidgetUrl", [{ iFrameUrl: "http://127.0.0.1:1/elsewhere" }]],
  ["userLoggedOut", []],
  ["userLoggedIn", []],
  ["callData", [{ last: true }]],
];

/** Runs the session with the given widget SDK; returns what the host received and the widget saw. */
async function session(impl) {
  const page = await browser.context.newPage();
  try {
    const widgetUrl = `${WIDGET}/fixtures/widget.html?impl=${impl}&hosts=${encodeURIComponent(HOST)}`;
    await page.goto(`${HOST}/fixtures/host-reference.html?widget=${encodeURIComponent(widgetUrl)}`);
    await page.waitForFunction(() => window.wire.some((m) => m.type === "INITIALIZED"));
    await page.waitForFunction(() => window.hostReady > 0);
    const widget = await frameOf(page, "/fixtures/widget.html");
    for (const [what, ...rest] of SCRIPT) {
      if (what === "host") {
        const [type, data, handler] = rest;
        const count = await widget.evaluate((h) => window.received.filter(([n]) => n === h).length, handler);
        await page.evaluate(([t, d]) => window.send(t, d), [type, data]);
        await widget.waitForFunction(([h, n]) => window.received.filter(([name]) => name === h).length > n, [handler, count]);
      } else {
        await widget.evaluate(([m, a]) => window.step(m, a), [what, rest[0]]);
      }
    }
    await page.waitForFunction(() => window.wire.some((m) => m.type === "CALL_DATA" && m.text.includes('"last":true')));
    // let any late ERROR replies (reference widget) arrive before reading the recording
    await page.waitForTimeout(100);
    return {
      wire: await page.evaluate(() => window.wire),
      received: await widget.evaluate(() => window.received),
      violations: await widget.evaluate(() => window.violations),
      widgetIn: await widget.evaluate(() => window.wireIn),
    };
  } finally {
    await page.close();
  }
}

/** The widget's ERROR answers to the host's ERROR/UNKNOWN_MESSAGE_TYPE replies (docs/protocol.md 3.2). */
const isErrorAnswer = (m) => {
  const e = parseWire(m.text);
  return e.type === "ERROR" && e.data && e.data.type === "UNKNOWN_MESSAGE_TYPE" && e.data.data.originalMessage.type === "ERROR";
};

test("handshake: SYNC_ACK from the widget's origin, then INITIALIZED; the host is ready", () => {
  const first = mine.wire.filter((m) => m.fromIframe).slice(0, 2);
  assert.deepEqual(first.map((m) => [m.type, m.origin]), [["SYNC_ACK", WIDGET], ["INITIALIZED", WIDGET]]);
  const ack = parseWire(first[0].text);
  assert.deepEqual(Object.keys(ack), ["type", "hostUrl", "messageId", "debugMode", "version", "iFrameUrl"]);
  assert.equal(ack.hostUrl, HOST);
  assert.equal(ack.iFrameUrl, WIDGET);
  assert.equal(ack.debugMode, "<undefined>", "debugMode present and undefined");
  assert.equal(ack.version, "0.9.7");
  const initialized = parseWire(first[1].text);
  assert.deepEqual(initialized.data, { isLoggedIn: true, isAvailable: false, sizeInfo: { width: 360, height: 620 } });
  const [name, data] = mine.received[0];
  assert.equal(name, "onReady");
  assert.equal(parseWire(data).hostUrl, HOST);
});

test("DIAL_NUMBER delivered to onDialNumber with its data and envelope", () => {
  const dial = mine.received.find(([name]) => name === "onDialNumber");
  assert.ok(dial);
  assert.equal(dial[1], wire(DIAL));
  const envelope = parseWire(dial[2]);
  assert.deepEqual(Object.keys(envelope), ["type", "data", "messageId"]);
  assert.equal(envelope.type, "DIAL_NUMBER");
});

test("the host's replies reach the widget's handlers (outbound and inbound call)", () => {
  const names = mine.received.map(([name]) => name);
  for (const handler of ["onCreateEngagementSucceeded", "onUpdateEngagementSucceeded", "onCallerIdMatchSucceeded"]) {
    assert.ok(names.includes(handler), handler);
  }
  assert.deepEqual(parseWire(mine.received.filter(([n]) => n === "onCreateEngagementSucceeded")[1][1]), { engagementId: 987654322 });
});

test("every envelope the host received from callcore equals the reference widget's, key for key and in order", () => {
  const normalise = (recording) =>
    recording
      .filter((m) => m.fromIframe && !isErrorAnswer(m))
      .map((m) => {
        const envelope = parseWire(m.text);
        if (envelope.type === "SYNC_ACK") envelope.version = "<version>";
        return wire(envelope, { withoutMessageIds: true });
      });
  const a = normalise(mine.wire);
  const b = normalise(theirs.wire);
  const calls = SCRIPT.filter(([what]) => what !== "host").length;
  assert.equal(a.length, calls + 2, `SYNC_ACK, INITIALIZED and one per call:\n${a.map((t) => t.slice(0, 60)).join("\n")}`);
  assert.deepEqual(a, b);
  // the versions announced: the package's own for callcore, the reference dist's for the reference
  const versionOf = (recording) => parseWire(recording.find((m) => m.type === "SYNC_ACK").text).version;
  assert.equal(versionOf(mine.wire), "0.9.7");
  assert.equal(versionOf(theirs.wire), "0.9.7-beta.0");
});

test("the widget app saw the same handler calls, data and envelopes with either SDK (ERROR replies aside)", () => {
  const normalise = (received) =>
    received
      .filter(([name, , envelope]) => !(name === "defaultEventHandler" && parseWire(envelope).type === "ERROR"))
      .map(([name, data, envelope]) => [name, data, wire(parseWire(envelope), { withoutMessageIds: true })]);
  const a = normalise(mine.received);
  assert.deepEqual(a.map(([name]) => name), [
    "onReady", "onDialNumber", "onCreateEngagementSucceeded", "onUpdateEngagementSucceeded",
    "onCallerIdMatchSucceeded", "onCreateEngagementSucceeded",
  ]);
  assert.deepEqual(a, normalise(theirs.received));
  // both got the reference host's ERROR/UNKNOWN_MESSAGE_TYPE replies in defaultEventHandler
  const errors = (received) => received.filter(([name, , e]) => name === "defaultEventHandler" && parseWire(e).type === "ERROR").length;
  assert.ok(errors(mine.received) >= 10);
});

test("undefined-valued keys cross the wire intact (callAnswered(), engagementProperties.hs_call_recording_url)", () => {
  const envelopes = mine.wire.filter((m) => m.fromIframe).map((m) => parseWire(m.text));
  const bare = envelopes.find((e) => e.type === "CALL_ANSWERED" && e.data === "<undefined>");
  assert.ok(bare, "CALL_ANSWERED with data: undefined");
  assert.deepEqual(Object.keys(bare), ["type", "data", "messageId"]);
  const completed = envelopes.find((e) => e.type === "CALL_COMPLETED" && e.data.engagementProperties);
  assert.equal(completed.data.engagementProperties.hs_call_recording_url, "<undefined>");
  const loggedOut = envelopes.find((e) => e.type === "LOGGED_OUT");
  assert.deepEqual(Object.keys(loggedOut), ["type", "messageId"]);
});

test("messageIds: <instanceId>_<ms>, one instance, increasing", () => {
  const ids = mine.wire.filter((m) => m.fromIframe && m.type !== "SYNC_ACK").map((m) => parseWire(m.text).messageId);
  const [instance] = ids[0].split("_");
  let last = 0;
  for (const id of ids) {
    const match = /^(\d{13})_(\d{13})$/.exec(id);
    assert.ok(match, id);
    assert.equal(match[1], instance);
    assert.ok(Number(match[2]) > last);
    last = Number(match[2]);
  }
});

test("no ERROR storm: callcore never answers the reference host's ERROR replies; the reference widget does", () => {
  const errorsFromCallcore = mine.wire.filter((m) => m.fromIframe && m.type === "ERROR");
  // the one ERROR callcore sends is the app's own sendError
  assert.deepEqual(errorsFromCallcore.map((m) => parseWire(m.text).data), [{ message: "microphone blocked" }]);
  // the reference host did send ERROR/UNKNOWN_MESSAGE_TYPE replies to callcore
  assert.ok(mine.widgetIn.filter((m) => m.type === "ERROR").length >= 10);
  // the reference widget answered some of them (the storm the host page keeps from growing)
  assert.ok(theirs.wire.filter(isErrorAnswer).length >= 1);
});

test("the reference host's messages reached the callcore widget only from its parent and origin", () => {
  for (const m of mine.widgetIn) {
    assert.equal(m.origin, HOST);
    assert.equal(m.fromParent, true);
  }
  assert.deepEqual(mine.violations.filter((v) => v.direction === "inbound" && v.outcome === "dropped"), []);
});
