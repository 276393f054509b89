// Scenario 3: callcore as host ↔ callcore as widget, in Chromium: a full call with
// no ERROR on the wire at all; and pages at a third origin that post SYNC and
// DIAL_NUMBER into the widget (framed next to it by the host page, or framing the
// widget themselves): ignored, reported through onViolation, the real session unaffected.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { frameOf, launchBrowser, parseWire, startServers } from "./support.mjs";

let servers;
let browser;
let HOST;
let WIDGET;
let THIRD;

before(async () => {
  servers = await startServers(3);
  [HOST, WIDGET, THIRD] = servers.origins;
  browser = await launchBrowser();
}, { timeout: 90000 });

after(async () => {
  if (browser) await browser.close();
  if (servers) await servers.close();
}, { timeout: 30000 });

const CALL = "pair-call-1";
const INBOUND = "pair-call-2";

async function openSession(page, policy = "strict") {
  const widgetUrl = `${WIDGET}/fixtures/widget.html?impl=callcore&policy=${policy}&hosts=${encodeURIComponent(HOST)}`;
  await page.goto(`${HOST}/fixtures/host-callcore.html?widget=${encodeURIComponent(widgetUrl)}`);
  await page.waitForFunction(() => window.handled.some(([name]) => name === "onInitialized"));
  const widget = await frameOf(page, "/fixtures/widget.html");
  return {
    widget,
    hostHandled: (name, count = 1) =>
      page.waitForFunction(([n, c]) => window.handled.filter(([h]) => h === n).length >= c, [name, count]),
    widgetReceived: (name, count = 1) =>
      widget.waitForFunction(([n, c]) => window.received.filter(([h]) => h === n).length >= c, [name, count]),
    step: (method, ...args) => widget.evaluate(([m, a]) => window.step(m, a), [method, args]),
    send: (type, data) => page.evaluate(([t, d]) => window.send(t, d), [type, data]),
  };
}

/** An outbound call from DIAL_NUMBER to UPDATE_ENGAGEMENT_SUCCEEDED. */
async function outboundCall(s, id, engagementId, round = 1) {
  await s.send("DIAL_NUMBER", { phoneNumber: "+442073238299", portalId: 123456, ownerId: 777 });
  await s.widgetReceived("onDialNumber", round);
  await s.step("outgoingCall", { externalCallId: id, toNumber: "+442073238299", fromNumber: "+18884827768", createEngagement: true });
  await s.hostHandled("onOutgoingCall", round);
  await s.send("CREATE_ENGAGEMENT_SUCCEEDED", { engagementId });
  await s.widgetReceived("onCreateEngagementSucceeded", round);
  await s.step("callAnswered", { externalCallId: id });
  await s.step("callEnded", { externalCallId: id, engagementId, callEndStatus: "COMPLETED" });
  await s.step("callCompleted", { externalCallId: id, engagementId, hideWidget: false, engagementProperties: { hs_call_body: "ok" } });
  await s.hostHandled("onCallCompleted", round);
  await s.send("UPDATE_ENGAGEMENT_SUCCEEDED", { engagementId });
  await s.widgetReceived("onUpdateEngagementSucceeded", round);
}

test("a full outbound and inbound call between two callcore instances, with no ERROR on the wire", { timeout: 60000 }, async () => {
  const page = await browser.context.newPage();
  try {
    const s = await openSession(page);
    await outboundCall(s, CALL, 5001);
    await s.step("userAvailable");
    await s.step("incomingCall", { externalCallId: INBOUND, fromNumber: "+442073238299", toNumber: "+18884827768", createEngagement: true });
    await s.hostHandled("onIncomingCall");
    await s.send("CREATE_ENGAGEMENT_SUCCEEDED", { engagementId: 5002 });
    await s.widgetReceived("onCreateEngagementSucceeded", 2);
    await s.step("callAnswered", { externalCallId: INBOUND });
    await s.step("callEnded", { externalCallId: INBOUND, engagementId: 5002, callEndStatus: "COMPLETED" });
    await s.step("callCompleted", { externalCallId: INBOUND, engagementId: 5002 });
    await s.hostHandled("onCallCompleted", 2);
    await page.waitForTimeout(50);

    const hostWire = await page.evaluate(() => window.wire);
    const widgetIn = await s.widget.evaluate(() => window.wireIn);
    assert.deepEqual(hostWire.filter((m) => m.type === "ERROR"), [], "no ERROR to the host");
    assert.deepEqual(widgetIn.filter((m) => m.type === "ERROR"), [], "no ERROR to the widget");
    assert.deepEqual(
      hostWire.filter((m) => m.fromIframe).map((m) => m.type),
      ["SYNC_ACK", "INITIALIZED", "OUTGOING_CALL_STARTED", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED",
        "USER_AVAILABLE", "INCOMING_CALL", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED"],
    );
    // the widget runs in strict policy, yet nothing was refused or dropped on either side
    const hostViolations = await page.evaluate(() => window.violations);
    const widgetViolations = await s.widget.evaluate(() => window.violations);
    assert.deepEqual([...hostViolations, ...widgetViolations].filter((v) => v.outcome === "refused" || v.outcome === "dropped"), []);
    const state = await s.widget.evaluate(() => window.ext.getState());
    assert.deepEqual(state.calls.map((c) => [c.externalCallId, c.state, c.engagementId]), [
      [CALL, "completed", 5001],
      [INBOUND, "completed", 5002],
    ]);
  } finally {
    await page.close();
  }
});

test("a third-origin frame in the host page posts SYNC and DIAL_NUMBER into the widget: ignored, reported, session unaffected", { timeout: 60000 }, async () => {
  const page = await browser.context.newPage();
  try {
    const s = await openSession(page);
    const before = await s.widget.evaluate(() => window.received.length);
    await page.evaluate((src) => window.addFrame(src), `${THIRD}/fixtures/attacker.html?mode=sibling&spoof=${encodeURIComponent(HOST)}`);
    const attacker = await frameOf(page, "/fixtures/attacker.html");
    await attacker.waitForFunction(() => window.posted === 3);
    await s.widget.waitForFunction(() => window.violations.filter((v) => v.direction === "inbound").length >= 3);
    const violations = await s.widget.evaluate(() => window.violations.filter((v) => v.direction === "inbound"));
    assert.deepEqual(
      violations.map((v) => [v.code, v.type, v.outcome]),
      [
        ["SOURCE_NOT_PEER", "SYNC", "dropped"],
        ["SOURCE_NOT_PEER", "SYNC", "dropped"],
        ["SOURCE_NOT_PEER", "DIAL_NUMBER", "dropped"],
      ],
    );
    for (const v of violations) assert.match(v.message, /not the parent/);
    // nothing reached the app, nothing went back to the third origin
    assert.equal(await s.widget.evaluate(() => window.received.length), before);
    assert.deepEqual(await attacker.evaluate(() => window.got), []);
    const state = await s.widget.evaluate(() => window.ext.getState());
    assert.equal(state.destination, HOST);
    // the real session goes on: a full call
    await outboundCall(s, "after-attack", 6001);
    const hostWire = await page.evaluate(() => window.wire);
    assert.deepEqual(hostWire.filter((m) => m.type === "ERROR" || m.type === "SYNC_ACK").map((m) => m.type), ["SYNC_ACK"]);
    const dial = (await s.widget.evaluate(() => window.received)).filter(([n]) => n === "onDialNumber");
    assert.equal(dial.length, 1);
    assert.equal(parseWire(dial[0][1]).phoneNumber, "+442073238299");
  } finally {
    await page.close();
  }
});

test("a third-origin page that frames the widget itself gets no SYNC_ACK and cannot dial", { timeout: 60000 }, async () => {
  const page = await browser.context.newPage();
  try {
    const widgetUrl = `${WIDGET}/fixtures/widget.html?impl=callcore&hosts=${encodeURIComponent(HOST)}`;
    await page.goto(`${THIRD}/fixtures/attacker.html?mode=parent&widget=${encodeURIComponent(widgetUrl)}&spoof=${encodeURIComponent(HOST)}`);
    await page.waitForFunction(() => window.posted === 3);
    const widget = await frameOf(page, "/fixtures/widget.html");
    await widget.waitForFunction(() => window.violations.filter((v) => v.direction === "inbound").length >= 3);
    const violations = await widget.evaluate(() => window.violations.filter((v) => v.direction === "inbound"));
    assert.deepEqual(
      violations.map((v) => [v.code, v.type, v.outcome]),
      [
        ["ORIGIN_NOT_ALLOWED", "SYNC", "dropped"],
        ["ORIGIN_NOT_ALLOWED", "SYNC", "dropped"],
        ["ORIGIN_NOT_ALLOWED", "DIAL_NUMBER", "dropped"],
      ],
    );
    await page.waitForTimeout(50);
    assert.deepEqual(await page.evaluate(() => window.got), [], "no SYNC_ACK, no ERROR back");
    assert.deepEqual(await widget.evaluate(() => window.received), [], "no onReady, no onDialNumber");
    assert.equal((await widget.evaluate(() => window.ext.getState())).phase, "unsynced");
  } finally {
    await page.close();
  }
});

test("the same third-origin frame against the reference widget: it takes the widget over (why callcore checks)", { timeout: 60000 }, async () => {
  const page = await browser.context.newPage();
  try {
    const widgetUrl = `${WIDGET}/fixtures/widget.html?impl=reference`;
    await page.goto(`${THIRD}/fixtures/attacker.html?mode=parent&widget=${encodeURIComponent(widgetUrl)}`);
    await page.waitForFunction(() => window.posted === 3);
    const widget = await frameOf(page, "/fixtures/widget.html");
    await page.waitForFunction(() => window.got.some((m) => m.type === "SYNC_ACK"));
    await widget.waitForFunction(() => window.received.some(([n]) => n === "onDialNumber"));
  } finally {
    await page.close();
  }
});
