// Scenario 2: callcore as host (CallingExtensions with iFrameOptions) ↔ the
// reference SDK as widget, in Chromium, on two origins: handshake and a full call.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { frameOf, launchBrowser, parseWire, startServers } from "./support.mjs";

let servers;
let browser;
let HOST;
let WIDGET;
let run;

const CALL = "ref-widget-call-1";

before(async () => {
  servers = await startServers(2);
  [HOST, WIDGET] = servers.origins;
  browser = await launchBrowser();
  run = await session();
}, { timeout: 90000 });

after(async () => {
  if (browser) await browser.close();
  if (servers) await servers.close();
}, { timeout: 30000 });

async function session() {
  const page = await browser.context.newPage();
  try {
    const widgetUrl = `${WIDGET}/fixtures/widget.html?impl=reference`;
    await page.goto(`${HOST}/fixtures/host-callcore.html?widget=${encodeURIComponent(widgetUrl)}`);
    await page.waitForFunction(() => window.hostReady > 0);
    await page.waitForFunction(() => window.handled.some(([name]) => name === "onInitialized"));
    const widget = await frameOf(page, "/fixtures/widget.html");
    const hostHandled = (name) => page.waitForFunction((n) => window.handled.some(([h]) => h === n), name);
    const widgetReceived = (name) => widget.waitForFunction((n) => window.received.some(([h]) => h === n), name);
    const step = (method, ...args) => widget.evaluate(([m, a]) => window.step(m, a), [method, args]);
    const send = (type, data) => page.evaluate(([t, d]) => window.send(t, d), [type, data]);

    await send("DIAL_NUMBER", { phoneNumber: "+442073238299", portalId: 123456, ownerId: 777 });
    await widgetReceived("onDialNumber");
    await step("outgoingCall", { externalCallId: CALL, toNumber: "+442073238299", fromNumber: "+18884827768", createEngagement: true });
    await hostHandled("onOutgoingCall");
    await send("CREATE_ENGAGEMENT_SUCCEEDED", { engagementId: 424242 });
    await widgetReceived("onCreateEngagementSucceeded");
    await step("callAnswered", { externalCallId: CALL });
    await step("callEnded", { externalCallId: CALL, engagementId: 424242, callEndStatus: "COMPLETED" });
    await step("callCompleted", { externalCallId: CALL, engagementId: 424242, hideWidget: false, engagementProperties: { hs_call_body: "done" } });
    await hostHandled("onCallCompleted");
    await send("UPDATE_ENGAGEMENT_SUCCEEDED", { engagementId: 424242 });
    await widgetReceived("onUpdateEngagementSucceeded");
    await step("resizeWidget", { width: 420, height: 640 });
    await hostHandled("onResizeWidget");
    await page.waitForTimeout(50);
    return {
      hostWire: await page.evaluate(() => window.wire),
      handled: await page.evaluate(() => window.handled),
      hostViolations: await page.evaluate(() => window.violations),
      widgetIn: await widget.evaluate(() => window.wireIn),
      received: await widget.evaluate(() => window.received),
      iframeSize: await page.evaluate(() => {
        const f = document.getElementById("hubspot-calling-extension-iframe");
        return [f.getAttribute("width"), f.getAttribute("height"), f.getAttribute("allow"), f.id];
      }),
    };
  } finally {
    await page.close();
  }
}

test("handshake: callcore's SYNC is answered by the reference widget; both sides get onReady", () => {
  const syncs = run.widgetIn.filter((m) => m.type === "SYNC");
  assert.ok(syncs.length >= 1);
  const sync = parseWire(syncs[0].text);
  assert.deepEqual(Object.keys(sync), ["type", "hostUrl", "messageId"]);
  assert.equal(sync.hostUrl, HOST);
  assert.equal(syncs[0].origin, HOST);
  assert.ok(syncs.every((m) => m.fromParent));
  const ack = run.hostWire.find((m) => m.type === "SYNC_ACK");
  assert.equal(ack.origin, WIDGET);
  assert.ok(ack.fromIframe);
  assert.equal(parseWire(ack.text).messageId, parseWire(syncs.at(-1).text).messageId);
  const hostReady = run.handled.find(([name]) => name === "onReady");
  assert.deepEqual(parseWire(hostReady[1]), {});
  const widgetReady = run.received.find(([name]) => name === "onReady");
  assert.equal(parseWire(widgetReady[1]).hostUrl, HOST);
});

test("the widget's messages reach the callcore host's handlers with their data", () => {
  const names = run.handled.map(([name]) => name);
  for (const name of ["onInitialized", "onOutgoingCall", "onCallAnswered", "onCallEnded", "onCallCompleted", "onResizeWidget"]) {
    assert.ok(names.includes(name), name);
  }
  const [, data, envelope] = run.handled.find(([name]) => name === "onOutgoingCall");
  assert.equal(parseWire(data).externalCallId, CALL);
  assert.deepEqual(Object.keys(parseWire(envelope)), ["type", "data", "messageId"]);
  const completed = parseWire(run.handled.find(([name]) => name === "onCallCompleted")[1]);
  assert.deepEqual(completed.engagementProperties, { hs_call_body: "done" });
});

test("the host's messages reach the reference widget's handlers", () => {
  const dial = run.received.find(([name]) => name === "onDialNumber");
  assert.equal(parseWire(dial[1]).phoneNumber, "+442073238299");
  const created = run.received.find(([name]) => name === "onCreateEngagementSucceeded");
  assert.deepEqual(parseWire(created[1]), { engagementId: 424242 });
  for (const m of run.widgetIn.filter((x) => x.type !== "SYNC")) {
    const envelope = parseWire(m.text);
    assert.match(envelope.messageId, /^\d{13}_\d{13}$/);
  }
});

test("no ERROR either way: the callcore host does not answer widget events with UNKNOWN_MESSAGE_TYPE", () => {
  assert.deepEqual(run.hostWire.filter((m) => m.type === "ERROR"), []);
  assert.deepEqual(run.widgetIn.filter((m) => m.type === "ERROR"), []);
});

test("RESIZE_WIDGET sized the iframe the host created (id, allow), as updateIFrameSize does: attributes", () => {
  assert.deepEqual(run.iframeSize, ["420px", "640px", "microphone; autoplay; speaker-selection", "hubspot-calling-extension-iframe"]);
});

test("the host core found nothing wrong with the reference widget's traffic", () => {
  assert.deepEqual(run.hostViolations.filter((v) => v.severity === "error"), []);
});
