// The reference SDK's public surface as apps use it, callcore and the reference
// side by side in one test: each SDK loaded by a plain <script> (its globals
// only), a widget that subclasses CallingExtensions, wraps sendMessage, spies on
// the manager and calls logDebugMessage and the statics, facing a host built
// directly on IFrameManager. Both pages keep a trace of what the app saw; the
// traces of the two SDKs must be equal, so every claim holds for the reference.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { frameOf, launchBrowser, startServers } from "./support.mjs";

let servers;
let browser;
const runs = {};

before(async () => {
  servers = await startServers(2);
  browser = await launchBrowser();
  for (const sdk of ["reference", "callcore"]) runs[sdk] = await play(sdk);
}, { timeout: 90000 });

after(async () => {
  if (browser) await browser.close();
  if (servers) await servers.close();
}, { timeout: 30000 });

/** One outbound call between the surface host and widget, both on `sdk`. */
async function play(sdk) {
  const [HOST, WIDGET] = servers.origins;
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const widgetUrl = `${WIDGET}/fixtures/surface-widget.html?sdk=${sdk}`;
  await page.goto(`${HOST}/fixtures/surface-host.html?sdk=${sdk}&widget=${encodeURIComponent(widgetUrl)}`);
  const widget = await frameOf(page, "surface-widget.html");
  await widget.waitForFunction(
    () => window.trace.some((e) => e.sendMessage && e.sendMessage.type === "CALL_COMPLETED"),
    null,
    { timeout: 15000 },
  );
  await page.waitForFunction(() => window.trace.some((e) => e.host === "CALL_COMPLETED"), null, { timeout: 5000 });
  const result = {
    host: collapse(await page.evaluate(() => window.trace)),
    widget: collapse(await widget.evaluate(() => window.trace)),
    allow: await page.evaluate(() => window.manager.iFrame.allow),
    errors,
  };
  await page.close();
  return result;
}

/** Repeats in a row are one entry: how many SYNCs go out before the SYNC_ACK depends on timing. */
function collapse(trace) {
  return trace.filter((entry, i) => i === 0 || JSON.stringify(entry) !== JSON.stringify(trace[i - 1]));
}

const pick = (trace, key) => trace.filter((entry) => key in entry);

test("the <script> globals and IFrameManager's statics answer alike", () => {
  const [mine, theirs] = [runs.callcore.widget[0], runs.reference.widget[0]];
  assert.deepEqual(mine, theirs);
  assert.deepEqual(mine.statics, {
    messageId: true,
    host: "https://calls.example.com:8443",
    relative: true,
    sizes: ["400px", "80vh"],
    destination: true,
    hostElement: true,
    missingHost: true,
  });
});

test("a subclass's overrides run, and its onMessageHandler wraps the handlers it calls", () => {
  for (const sdk of ["callcore", "reference"]) {
    const trace = runs[sdk].widget;
    const dial = trace.findIndex((e) => e.onMessageHandler === "DIAL_NUMBER");
    assert.ok(dial > 0, sdk);
    // the handler and what it sends happen inside the overridden onMessageHandler
    assert.deepEqual(trace[dial + 1], { handler: "onDialNumber", phoneNumber: "+442073238299", sameData: true }, sdk);
    assert.deepEqual(trace[dial + 2], { override: "outgoingCall" }, sdk);
    const handled = trace.findIndex((e) => e.handled === "DIAL_NUMBER");
    assert.ok(handled > dial + 2, sdk);
    const sent = pick(trace, "sendMessage").find((e) => e.sendMessage.type === "OUTGOING_CALL_STARTED");
    assert.equal(sent.sendMessage.data.fromNumber, "+15550100", `${sdk}: the override's change went out`);
  }
  assert.deepEqual(pick(runs.callcore.widget, "onMessageHandler"), pick(runs.reference.widget, "onMessageHandler"));
});

test("a wrapper on sendMessage sees every SDK method's {type, data}, as with the reference", () => {
  const mine = pick(runs.callcore.widget, "sendMessage");
  assert.deepEqual(mine.map((e) => e.sendMessage.type), [
    "INITIALIZED", "OUTGOING_CALL_STARTED", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED",
  ]);
  assert.deepEqual(mine, pick(runs.reference.widget, "sendMessage"));
});

// The reference's 0.9.7 tarball announces "0.9.7-beta.0" in SYNC_ACK (its dist was built before
// the version bump); callcore announces 0.9.7. The only value where the two differ.
const announced = (entry) =>
  entry.message && entry.message.type === "SYNC_ACK" ? { ...entry, message: { ...entry.message, version: "<version>" } } : entry;

test("spies on the manager see the same members called with the same messages, in the same order", () => {
  const manager = (sdk) => pick(runs[sdk].widget, "manager").map(announced);
  const mine = manager("callcore");
  // SYNC_ACK goes out through the manager's sendMessage, READY through onReady
  assert.ok(mine.some((e) => e.manager === "sendMessage" && e.message.type === "SYNC_ACK"));
  assert.ok(mine.some((e) => e.manager === "onReady"));
  assert.deepEqual(mine, manager("reference"));
});

test("logDebugMessage: the app's lines and one per message, through the manager", () => {
  const logs = (sdk) => pick(runs[sdk].widget, "manager").filter((e) => e.manager === "logDebugMessage");
  const mine = logs("callcore");
  assert.ok(mine.some((e) => e.label === "Generic Message" && e.about === "hello from the app"));
  assert.ok(mine.some((e) => e.label === "To HubSpot" && e.about === "typed"));
  assert.ok(mine.some((e) => e.label === "From HubSpot" && e.about === "DIAL_NUMBER"));
  assert.deepEqual(mine, logs("reference"));
});

test("the instance members an app reads are there and mean the same", () => {
  const members = (sdk) => runs[sdk].widget.find((e) => e.members).members;
  assert.deepEqual(members("callcore"), {
    manager: true, options: true, isIFrameHost: false, isReady: false, callbacks: "object", regexp: true, destination: true, window: true,
  });
  assert.deepEqual(members("callcore"), members("reference"));
});

test("a host built on IFrameManager alone: same construction, same events to its onMessageHandler", () => {
  assert.deepEqual(runs.callcore.host, runs.reference.host);
  const hostEvents = runs.callcore.host.filter((e) => e.host).map((e) => e.host);
  assert.deepEqual(hostEvents, [
    "READY", "INITIALIZED", "OUTGOING_CALL_STARTED", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED",
  ]);
  assert.deepEqual(runs.callcore.host[0].built, {
    isIFrameHost: true, frame: true, id: "hubspot-calling-extension-iframe", size: ["400", "600"], destination: true, window: true,
  });
});

test("no uncaught error on either side; the iframe allows speaker-selection (the reference predates it)", () => {
  assert.deepEqual(runs.callcore.errors, []);
  assert.deepEqual(runs.reference.errors, []);
  assert.equal(runs.callcore.allow, "microphone; autoplay; speaker-selection");
  assert.equal(runs.reference.allow, "microphone; autoplay");
});
