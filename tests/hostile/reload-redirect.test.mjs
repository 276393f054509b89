// Reloads and redirects of the widget iframe (docs/protocol.md 1.6, 1.7; calling-extensions-sdk#153,
// calling-extensions-sdk#46, calling-extensions-sdk#229):
// a widget reloaded in the middle of a call re-synchronises with the callcore host,
// and the call it left open is reported on both sides (CALL_LEFT_OPEN), not lost
// silently nor carried into the new page; a widget that announces SET_WIDGET_URL
// and then navigates to another origin is re-synchronised there. Without the
// announcement the host keeps its old destination and no handshake happens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countAttempts, finishCall, hostileSuite, session, startCall } from "./support.mjs";

let HOST;
let WIDGET;
let OTHER;
const suite = hostileSuite(import.meta.url, 3, (origins) => {
  [HOST, WIDGET, OTHER] = origins;
});

const widgetAt = (origin) => `${origin}/fixtures/widget.html?impl=callcore&hosts=${encodeURIComponent(HOST)}`;

async function open(page) {
  await page.goto(`${HOST}/fixtures/host-callcore.html?widget=${encodeURIComponent(widgetAt(WIDGET))}`);
  return session(page, page.mainFrame());
}

test("a widget reloaded mid-call re-synchronises; its open call is reported on both sides and the next call works", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    const warnings = [];
    page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    const s = await open(page);
    await startCall(s, "reload-1", 8001);
    countAttempts(1);
    await s.widget.evaluate(() => location.reload());
    await s.hostHandled("onReady", 2);
    await s.hostHandled("onInitialized", 2);
    await s.widget.waitForFunction(() => window.widgetLoaded === true && window.received.some(([n]) => n === "onReady"));

    const leftOpen = (await s.hostViolations()).filter((v) => v.code === "CALL_LEFT_OPEN");
    assert.equal(leftOpen.length, 1, "the host reports the call the old page left open");
    assert.match(leftOpen[0].message, /^iframe reload: call "reload-1" was in progress/);
    assert.ok(
      warnings.some((w) => /^\[callcore\] unload: call "reload-1" was in progress when the page went away/.test(w)),
      `the old widget page reported it as it went: ${warnings.join(" | ")}`,
    );
    const hostState = await s.hostState();
    assert.equal(hostState.phase, "initialized");
    assert.deepEqual(hostState.calls, [], "not carried into the new page as a second concurrent call");
    assert.deepEqual((await s.widgetState()).calls, []);

    await startCall(s, "reload-2", 8002);
    await finishCall(s, "reload-2", 8002);
    const calls = (await s.hostState()).calls.map((c) => [c.externalCallId, c.state, c.engagementId]);
    assert.deepEqual(calls, [["reload-2", "completed", 8002]]);
    const acks = await page.evaluate(() => window.wire.filter((m) => m.type === "SYNC_ACK").length);
    assert.equal(acks, 2, "one handshake per page load");
    await guard.check();
  });
});

test("SET_WIDGET_URL, then a navigation to another origin: the host re-synchronises there and calls work", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    const s = await open(page);
    await startCall(s, "redirect-1", 8101);
    await finishCall(s, "redirect-1", 8101);
    await s.step("setWidgetUrl", { iFrameUrl: widgetAt(OTHER) });
    await s.hostHandled("onSetWidgetUrl");
    assert.equal((await s.hostState()).destination, OTHER);
    await s.widget.evaluate((url) => { location.href = url; }, widgetAt(OTHER));
    countAttempts(1);
    await s.hostHandled("onInitialized", 2);
    await s.widget.waitForFunction(() => window.received.some(([n]) => n === "onReady"));
    assert.equal(new URL(s.widget.url()).origin, OTHER);
    const ack = await page.evaluate(() => window.wire.filter((m) => m.type === "SYNC_ACK").map((m) => m.origin));
    assert.deepEqual(ack, [WIDGET, OTHER]);
    assert.equal((await s.widgetState()).destination, HOST);
    await startCall(s, "redirect-2", 8102);
    await finishCall(s, "redirect-2", 8102);
    assert.deepEqual((await s.widgetState()).calls.map((c) => [c.externalCallId, c.state]), [["redirect-2", "completed"]]);
    await guard.check();
  });
});

test("the legacy top-level SET_WIDGET_URL works the same way", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    const s = await open(page);
    await s.step("sendMessage", { type: "SET_WIDGET_URL", iFrameUrl: widgetAt(OTHER) });
    await s.hostHandled("onSetWidgetUrl");
    await s.widget.evaluate((url) => { location.href = url; }, widgetAt(OTHER));
    countAttempts(1);
    await s.hostHandled("onInitialized", 2);
    assert.equal((await s.hostState()).destination, OTHER);
    await startCall(s, "legacy-1", 8201);
    await finishCall(s, "legacy-1", 8201);
    await guard.check();
  });
});

test("a navigation to another origin without SET_WIDGET_URL: no handshake, the host keeps its destination", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    const s = await open(page);
    await s.widget.evaluate((url) => { location.href = url; }, widgetAt(OTHER));
    countAttempts(1);
    await s.widget.waitForFunction(() => window.widgetLoaded === true);
    await page.waitForTimeout(1000); // ten SYNC attempts, all addressed to the old origin
    const state = await s.hostState();
    assert.equal(state.destination, WIDGET);
    assert.equal(state.phase, "unsynced");
    assert.equal(state.syncing, true, "still trying (SYNC_ACK_FAILED comes after 30 s)");
    assert.deepEqual(await s.widget.evaluate(() => window.received), [], "the widget at the new origin heard no SYNC");
    assert.equal(await s.hostCount("onReady"), 1);
    await guard.check();
  });
});
