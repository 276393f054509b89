// Hostile windows against a live callcore session (docs/protocol.md 7.2): a window at a
// third origin that is a sibling frame of the widget, the opener of the host page,
// or the page that frames the host, posts SYNC, DIAL_NUMBER, END_CALL, READY,
// SET_WIDGET_URL and forged replies into the widget and into the host while a call
// is in progress. Each attempt is dropped and reported (SOURCE_NOT_PEER); nothing
// reaches an app handler or goes back to the attacker; the call in progress and a
// second one complete end to end, and neither end tracks a foreign call or
// engagement. A page that frames the widget itself gets ORIGIN_NOT_ALLOWED for
// all of it. Then the real widget tries SET_WIDGET_URL to "*", to plain http and
// to an origin off the host's allow-list: refused, reported, answered with
// SET_WIDGET_URL_FAILED, the host's destination unchanged.
import assert from "node:assert/strict";
import { test } from "node:test";
import { callsOf, countAttempts, finishCall, frameOf, guardPage, hostileSuite, session, startCall } from "./support.mjs";

let HOST;
let WIDGET;
let THIRD;
const suite = hostileSuite(import.meta.url, 3, (origins) => {
  [HOST, WIDGET, THIRD] = origins;
});

const EVIL_ENGAGEMENT = 666;
const hostUrl = (extra = "") =>
  `${HOST}/fixtures/host-callcore.html?widget=${encodeURIComponent(`${WIDGET}/fixtures/widget.html?impl=callcore&hosts=${encodeURIComponent(HOST)}`)}${extra}`;

/** What a hostile window posts into the widget mid-call. `k` keeps messageIds apart. */
function widgetAttacks({ callId, widgetInstance, k }) {
  const id = (n) => `1500000000000_${k}${n}`;
  return [
    { type: "SYNC", hostUrl: THIRD, messageId: id(1), portalId: 666 },
    { type: "SYNC", hostUrl: HOST, messageId: id(2) },
    { type: "DIAL_NUMBER", data: { phoneNumber: "+19005550199", portalId: 666 }, messageId: id(3) },
    { type: "END_CALL", data: { externalCallId: callId }, messageId: id(4) },
    { type: "READY", data: { hostUrl: THIRD }, messageId: id(5) },
    { type: "SET_WIDGET_URL", data: { iFrameUrl: THIRD }, messageId: id(6) },
    { type: "SET_WIDGET_URL", iFrameUrl: THIRD, messageId: id(7) },
    { type: "CREATE_ENGAGEMENT_SUCCEEDED", data: { engagementId: EVIL_ENGAGEMENT, externalCallId: callId }, messageId: id(8) },
    { type: "UPDATE_ENGAGEMENT_SUCCEEDED", data: { engagementId: EVIL_ENGAGEMENT }, messageId: id(9) },
    { type: "CALLER_ID_MATCH_SUCCEEDED", data: { callerIdMatches: [] }, messageId: id(10) },
    { type: "FINALIZE_ENGAGEMENT_SUCCEEDED", data: { engagementId: EVIL_ENGAGEMENT }, messageId: id(11) },
    // a forged reply: the widget's own instance id, as if answering something it sent
    { type: "DIAL_NUMBER", data: { phoneNumber: "+19005550199" }, messageId: `${widgetInstance}_${Date.now() + 5}` },
    { type: "ERROR", data: { type: "UNKNOWN_MESSAGE_TYPE", data: { originalMessage: { type: "INITIALIZED" } } }, messageId: id(12) },
  ];
}

/** What a hostile window posts into the host mid-call. */
function hostAttacks({ callId, hostInstance, k }) {
  const id = (n) => `1500000000000_${k}${n}`;
  return [
    // a forged SYNC_ACK: the host's own instance id, as if answering one of its SYNCs
    { type: "SYNC_ACK", hostUrl: HOST, messageId: `${hostInstance}_${Date.now()}`, iFrameUrl: THIRD, version: "0.9.7" },
    { type: "INITIALIZED", data: { isLoggedIn: true }, messageId: id(1) },
    { type: "OUTGOING_CALL_STARTED", data: { externalCallId: `evil-${k}-out`, toNumber: "+19005550199", fromNumber: "+19005550198", createEngagement: true }, messageId: id(2) },
    { type: "INCOMING_CALL", data: { externalCallId: `evil-${k}-in`, fromNumber: "+19005550199", toNumber: "+19005550198", createEngagement: true }, messageId: id(3) },
    { type: "CALL_ENDED", data: { externalCallId: callId, callEndStatus: "COMPLETED" }, messageId: id(4) },
    { type: "CALL_COMPLETED", data: { externalCallId: callId, engagementId: EVIL_ENGAGEMENT }, messageId: id(5) },
    { type: "SET_WIDGET_URL", data: { iFrameUrl: THIRD }, messageId: id(6) },
    { type: "SYNC", hostUrl: THIRD, messageId: id(7) },
    { type: "READY", messageId: id(8) },
    { type: "LOGGED_OUT", messageId: id(9) },
    { type: "RESIZE_WIDGET", data: { width: 5000, height: 5000 }, messageId: id(10) },
    { type: "ERROR", data: { message: "forged" }, messageId: id(11) },
  ];
}

/**
 * One hostile position against a live session in `hostFrame` (on `page`, watched
 * by `guard`): attacks mid-call, checks every one was dropped as SOURCE_NOT_PEER,
 * then finishes the call and makes another.
 */
async function attackLiveSession(page, guard, hostFrame, attacker, position, k) {
  const s = await session(page, hostFrame);
  const callId = `real-${k}`;
  await startCall(s, callId, 5000 + k);

  const widgetBefore = { received: await s.widget.evaluate(() => window.received.length), violations: (await s.widgetViolations()).length };
  const hostBefore = { handled: await hostFrame.evaluate(() => window.handled.length), violations: (await s.hostViolations()).length };
  const widgetInstance = await s.widget.evaluate(() => String(window.ext.iFrameManager.instanceId));
  const hostInstance = await hostFrame.evaluate(() => String(window.host.iFrameManager.instanceId));
  const intoWidget = widgetAttacks({ callId, widgetInstance, k });
  const intoHost = hostAttacks({ callId, hostInstance, k });
  countAttempts(await attacker.evaluate(([p, m]) => window.fire(p, "widget", m), [position, intoWidget]));
  countAttempts(await attacker.evaluate(([p, m]) => window.fire(p, "host", m), [position, intoHost]));

  await s.widget.waitForFunction((n) => window.violations.length >= n, widgetBefore.violations + intoWidget.length);
  await hostFrame.waitForFunction((n) => window.violations.length >= n, hostBefore.violations + intoHost.length);
  await page.waitForTimeout(100); // anything late (a handler call, an answer) would show now
  const widgetFound = (await s.widgetViolations()).slice(widgetBefore.violations);
  const hostFound = (await s.hostViolations()).slice(hostBefore.violations);
  assert.deepEqual(
    widgetFound.map((v) => [v.code, v.type, v.outcome, v.direction]),
    intoWidget.map((m) => ["SOURCE_NOT_PEER", m.type, "dropped", "inbound"]),
    `${position}: every message into the widget dropped as SOURCE_NOT_PEER`,
  );
  for (const v of widgetFound) assert.match(v.message, /not the parent \(host\) window; ignored/);
  assert.deepEqual(
    hostFound.map((v) => [v.code, v.type, v.outcome, v.direction]),
    intoHost.map((m) => ["SOURCE_NOT_PEER", m.type, "dropped", "inbound"]),
    `${position}: every message into the host dropped as SOURCE_NOT_PEER`,
  );
  for (const v of hostFound) assert.match(v.message, /not the widget iframe; ignored/);
  assert.equal(await s.widget.evaluate(() => window.received.length), widgetBefore.received, "no widget handler ran");
  assert.equal(await hostFrame.evaluate(() => window.handled.length), hostBefore.handled, "no host handler ran");
  assert.deepEqual(await attacker.evaluate(() => window.got), [], "nothing was sent back to the attacker");
  assert.equal((await s.widgetState()).destination, HOST);
  assert.equal((await s.hostState()).destination, WIDGET);
  const size = await hostFrame.evaluate(() => document.getElementById("hubspot-calling-extension-iframe").style.width);
  assert.notEqual(size, "5000px", "the forged RESIZE_WIDGET did not resize the iframe");

  // the real session goes on: the call in progress ends and completes, then another one
  await finishCall(s, callId, 5000 + k);
  await startCall(s, `${callId}-after`, 5100 + k);
  await finishCall(s, `${callId}-after`, 5100 + k);
  const calls = await callsOf(s);
  const expected = [[callId, "completed", 5000 + k], [`${callId}-after`, "completed", 5100 + k]];
  assert.deepEqual(calls.widget, expected, "the widget tracks the two real calls only");
  assert.deepEqual(calls.host, expected, "the host tracks the two real calls only");
  const hostWire = await hostFrame.evaluate(() => window.wire.filter((m) => m.fromIframe).map((m) => m.type));
  assert.deepEqual(hostWire.filter((t) => t === "SYNC_ACK" || t === "ERROR"), ["SYNC_ACK"], "one handshake, no ERROR");
  const widgetIn = await s.widget.evaluate(() => window.wireIn.filter((m) => !m.fromParent).length);
  assert.equal(widgetIn, intoWidget.length, "the only messages from outside the parent were the attacker's");
  await guard.check();
}

test("a sibling frame at a third origin cannot drive the widget or the host mid-call", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    await page.goto(hostUrl());
    await page.waitForFunction(() => window.handled && window.handled.some(([n]) => n === "onInitialized"));
    await page.evaluate((src) => window.addFrame(src), `${THIRD}/fixtures/attacker.html`);
    const attacker = await frameOf(page, "/fixtures/attacker.html");
    await attacker.waitForFunction(() => typeof window.fire === "function");
    await attackLiveSession(page, guard, page.mainFrame(), attacker, "sibling", 1);
  });
});

test("the opener of the host page cannot drive the widget or the host mid-call", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    await page.goto(`${THIRD}/fixtures/attacker.html`);
    const popupOpened = page.waitForEvent("popup");
    await page.evaluate((url) => window.openHost(url), hostUrl());
    const popup = await popupOpened;
    const popupGuard = guardPage(popup);
    await popup.waitForFunction(() => window.handled && window.handled.some(([n]) => n === "onInitialized"));
    try {
      await attackLiveSession(popup, popupGuard, popup.mainFrame(), page.mainFrame(), "opener", 2);
      await guard.check();
    } finally {
      await popup.close();
    }
  });
});

test("a third-origin page that frames the host page cannot drive the widget or the host mid-call", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    await page.goto(`${THIRD}/fixtures/attacker.html`);
    await page.evaluate((url) => window.frameHost(url), hostUrl());
    const host = await frameOf(page, "/fixtures/host-callcore.html");
    await attackLiveSession(page, guard, host, page.mainFrame(), "embedder", 3);
  });
});

test("a third-origin page that frames the widget itself: every message ORIGIN_NOT_ALLOWED, no handshake, nothing back", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    await page.goto(`${THIRD}/fixtures/attacker.html`);
    await page.evaluate((url) => window.frameHost(url), `${WIDGET}/fixtures/widget.html?impl=callcore&hosts=${encodeURIComponent(HOST)}`);
    const widget = await frameOf(page, "/fixtures/widget.html");
    await widget.waitForFunction(() => window.widgetLoaded === true);
    const widgetInstance = await widget.evaluate(() => String(window.ext.iFrameManager.instanceId));
    const messages = widgetAttacks({ callId: "any", widgetInstance, k: 4 });
    countAttempts(await page.evaluate((m) => window.fire("framer", "widget", m), messages));
    await widget.waitForFunction((n) => window.violations.filter((v) => v.direction === "inbound").length >= n, messages.length);
    await page.waitForTimeout(100);
    const found = await widget.evaluate(() => window.violations.filter((v) => v.direction === "inbound"));
    assert.deepEqual(
      found.map((v) => [v.code, v.type, v.outcome]),
      messages.map((m) => ["ORIGIN_NOT_ALLOWED", m.type, "dropped"]),
    );
    assert.deepEqual(await page.evaluate(() => window.got), [], "no SYNC_ACK, no ERROR back");
    assert.deepEqual(await widget.evaluate(() => window.received), [], "no handler ran");
    const state = await widget.evaluate(() => window.ext.getState());
    assert.equal(state.phase, "unsynced");
    assert.deepEqual(state.calls, []);
    await guard.check();
  });
});

test("the widget asks a callcore host to move it to \"*\", plain http, javascript: or an origin off the allow-list: refused, answered, nothing moves", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    const allowed = `${WIDGET},https://widgets.example.com`;
    await page.goto(hostUrl(`&widgets=${encodeURIComponent(allowed)}`));
    const s = await session(page, page.mainFrame());
    const tries = [
      ["setWidgetUrl", { iFrameUrl: "*" }, "BAD_ORIGIN", "data.iFrameUrl"],
      ["setWidgetUrl", { iFrameUrl: "http://widgets.example.com/phone" }, "ORIGIN_NOT_ALLOWED", "data.iFrameUrl"],
      ["setWidgetUrl", { iFrameUrl: "https://evil.example.net/phone" }, "ORIGIN_NOT_ALLOWED", "data.iFrameUrl"],
      ["setWidgetUrl", { iFrameUrl: "javascript:alert(1)" }, "BAD_ORIGIN", "data.iFrameUrl"],
      ["setWidgetUrl", { iFrameUrl: "https://widgets.example.com.evil.net/" }, "ORIGIN_NOT_ALLOWED", "data.iFrameUrl"],
      ["setWidgetUrl", { iFrameUrl: "https://user@widgets.example.com/" }, "BAD_ORIGIN", "data.iFrameUrl"],
      ["sendMessage", { type: "SET_WIDGET_URL", iFrameUrl: "*" }, "BAD_ORIGIN", "iFrameUrl"],
      ["sendMessage", { type: "SET_WIDGET_URL", iFrameUrl: "http://evil.example.net" }, "ORIGIN_NOT_ALLOWED", "iFrameUrl"],
    ];
    for (const [method, payload] of tries) await s.step(method, payload);
    countAttempts(tries.length);
    await s.widgetReceived("onSetWidgetUrlFailed", tries.length);
    await page.waitForTimeout(100);
    const refusals = (await s.hostViolations()).filter((v) => v.type === "SET_WIDGET_URL");
    assert.deepEqual(
      refusals.map((v) => [v.code, v.field, v.outcome]),
      tries.map(([, , code, field]) => [code, field, "refused"]),
    );
    const failed = await s.widget.evaluate(() => window.received.filter(([n]) => n === "onSetWidgetUrlFailed").map(([, d]) => JSON.parse(d)));
    assert.equal(failed.length, tries.length);
    failed.forEach((data, i) => {
      assert.equal(data.iFrameUrl, tries[i][1].iFrameUrl);
      assert.equal(data.error.message, refusals[i].message, "the widget is told the host's reason");
    });
    assert.equal(await s.hostCount("onSetWidgetUrl"), 0, "the host app never saw an accepted move");
    const state = await s.hostState();
    assert.equal(state.destination, WIDGET);
    assert.equal(state.phase, "initialized", "not re-marked ready, not desynchronised");
    // an allowed move is still accepted (the refusals above are not a blanket ban)
    await s.step("setWidgetUrl", { iFrameUrl: "https://widgets.example.com/next" });
    await s.hostHandled("onSetWidgetUrl");
    assert.equal((await s.hostState()).destination, "https://widgets.example.com");
    await guard.check();
  });
});
