// The ERROR storm (docs/protocol.md 3.2, 7.2 item 8): the reference SDK answers an
// ERROR it does not know with another ERROR wrapping it, so two reference ends
// trade ever-growing ERRORs forever. Here each pairing is provoked (unknown types
// both ways, ERRORs both ways) and every message event in both windows is counted
// for a while afterwards: with callcore at either end or both, the count stops
// growing. The reference pair, measured the same way, keeps growing: the
// measurement can tell the difference.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countAttempts, frameOf, hostileSuite } from "./support.mjs";

let HOST;
let WIDGET;
const suite = hostileSuite(import.meta.url, 2, (origins) => {
  [HOST, WIDGET] = origins;
});

/** Opens `hostImpl` framing a `widgetImpl` widget; ERRORs reach the reference host's SDK. */
async function pair(page, hostImpl, widgetImpl) {
  const widgetUrl = `${WIDGET}/fixtures/widget.html?impl=${widgetImpl}&hosts=${encodeURIComponent(HOST)}`;
  await page.goto(`${HOST}/fixtures/host-${hostImpl}.html?passErrors=1&widget=${encodeURIComponent(widgetUrl)}`);
  await page.waitForFunction(() => window.wire && window.wire.some((m) => m.type === "INITIALIZED"));
  const widget = await frameOf(page, "/fixtures/widget.html");
  await widget.waitForFunction(() => window.received.some(([n]) => n === "onReady"));
  return widget;
}

/** Every way to make one end send the other an ERROR, or an ERROR outright. */
async function provoke(page, widget) {
  const fromHost = [
    { type: "CALLCORE_UNKNOWN_TO_WIDGETS" },
    { type: "ERROR", data: { type: "UNKNOWN_MESSAGE_TYPE", data: { originalMessage: { type: "X" } } } },
    { type: "ERROR", data: { message: "host says no" } },
  ];
  const fromWidget = [
    { type: "CALLCORE_UNKNOWN_TO_HOSTS" },
    { type: "ERROR", data: { type: "UNKNOWN_MESSAGE_TYPE", data: { originalMessage: { type: "Y" } } } },
  ];
  await page.evaluate((list) => list.forEach((m) => window.host.sendMessage(m)), fromHost);
  await widget.evaluate((list) => list.forEach((m) => window.ext.sendMessage(m)), fromWidget);
  await widget.evaluate(() => window.ext.sendError({ message: "widget says no" }));
  return countAttempts(fromHost.length + fromWidget.length + 1);
}

/** Message events both windows have seen so far. */
const countEvents = async (page, widget) =>
  (await page.evaluate(() => window.__guard.messages)) + (await widget.evaluate(() => window.__guard.messages));

/** Provokes, then counts message events after `settle` ms and again `more` ms later. */
async function provokeAndCount(page, widget, settle, more) {
  const start = await countEvents(page, widget);
  const provocations = await provoke(page, widget);
  await page.waitForTimeout(settle);
  const settled = await countEvents(page, widget);
  await page.waitForTimeout(more);
  return { provocations, start, settled, later: await countEvents(page, widget) };
}

const pairs = [
  ["callcore", "callcore"],
  ["callcore", "reference"],
  ["reference", "callcore"],
];

for (const [hostImpl, widgetImpl] of pairs) {
  test(`${hostImpl} host and ${widgetImpl} widget: provoked ERRORs die out`, { timeout: 60000 }, async () => {
    await suite.withPage(async (page, guard) => {
      const widget = await pair(page, hostImpl, widgetImpl);
      const { provocations, start, settled, later } = await provokeAndCount(page, widget, 500, 1000);
      console.log(`${hostImpl} host / ${widgetImpl} widget: ${settled - start} message events after ${provocations} provocations, then ${later - settled} in the next second`);
      assert.equal(later, settled, "no message in the second after the exchange settled");
      // each provocation is delivered once and answered at most twice (an ERROR, and the reference's ERROR to that)
      assert.ok(settled - start >= provocations, `every provocation arrived: ${settled - start} events`);
      assert.ok(settled - start <= provocations * 3, `bounded: ${settled - start} events`);
      const errorsTo = async (frame) => frame.evaluate(() => window.__guard.types.filter((t) => t === "ERROR").length);
      console.log(`  ERRORs seen: ${await errorsTo(page)} by the host page, ${await errorsTo(widget)} by the widget`);
      if (hostImpl === "callcore" && widgetImpl === "callcore") {
        // two callcore ends: each unknown type is answered once, no ERROR is ever answered
        const hostWire = await page.evaluate(() => window.wire.filter((m) => m.fromIframe && m.type === "ERROR").map((m) => JSON.parse(m.text).data));
        const replies = hostWire.filter((d) => d && d.type === "UNKNOWN_MESSAGE_TYPE" && d.data.originalMessage.type === "CALLCORE_UNKNOWN_TO_WIDGETS");
        assert.equal(replies.length, 1, "the widget answered the unknown type once");
        assert.equal(hostWire.filter((d) => d && d.data && d.data.originalMessage && d.data.originalMessage.type === "ERROR").length, 0, "and no ERROR");
      }
      await guard.check();
    });
  });
}

test("control: the reference host and the reference widget, provoked the same way, keep trading ERRORs", { timeout: 60000 }, async () => {
  // No guard check here: the reference pair is expected to misbehave. Closing the page ends the storm.
  await suite.withPage(async (page) => {
    const widget = await pair(page, "reference", "reference");
    const { start, settled, later } = await provokeAndCount(page, widget, 300, 300);
    console.log(`reference host / reference widget: ${settled - start} message events in 300 ms, ${later - settled} in the next 300 ms`);
    assert.ok(later > settled, "the storm is still going");
  });
});
