// Widget role: every SDK method's envelope (type, key order, data present,
// undefined or absent, messageId), checked against the rules of docs/protocol.md
// 1.3/1.4 and against what the reference SDK itself posts for the same calls.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  HOST_ORIGIN,
  WIDGET_ORIGIN,
  loadCallcore,
  loadReference,
  quietly,
  settle,
  silenceConsole,
  syncEnvelope,
  widgetPage,
  wire,
} from "./support.mjs";

after(silenceConsole());
const callcore = await loadCallcore();
const Reference = loadReference().default;
const catalog = (await callcore.loadCore()).catalog();

const NO_DATA_METHODS = ["userLoggedIn", "userLoggedOut", "userAvailable", "userUnavailable"];
const CALL = "5b0c1f52-6f0e-4b8a-9d27-6f8d1c2a3b4c";
const CALL2 = "inbound-2";

/** One argument per method, shaped as a real widget sends it. */
const PAYLOADS = {
  initialized: { isLoggedIn: true, isAvailable: false, sizeInfo: { width: 400, height: 650 } },
  outgoingCall: {
    externalCallId: CALL,
    toNumber: "+442073238299",
    fromNumber: "+18884827768",
    callStartTime: 1724412350500,
    createEngagement: true,
  },
  incomingCall: {
    externalCallId: CALL2,
    fromNumber: "+442073238299",
    toNumber: "+18884827768",
    callStartTime: 1724412360500,
    createEngagement: true,
  },
  callAnswered: { externalCallId: CALL },
  callTransferred: { externalCallId: CALL2 },
  callEnded: { externalCallId: CALL, engagementId: 987654321, callEndStatus: "COMPLETED" },
  callCompleted: {
    engagementId: 987654321,
    externalCallId: CALL,
    hideWidget: false,
    engagementProperties: { hs_call_title: "Follow-up", hs_call_body: "Asked for a quote", hs_call_duration: "65000" },
  },
  callData: { anything: ["goes", 1, true, null], nested: { deep: { deeper: "é—✓" } } },
  navigateToRecord: { objectCoordinates: { portalId: 123456, objectId: 37621684164, objectTypeId: "0-1" }, engagementId: 5 },
  resizeWidget: { width: 400, height: 650 },
  publishToChannel: { externalCallId: CALL, engagementId: 987654321 },
  finalizeEngagement: { externalCallId: CALL, engagementId: 987654321 },
  setWidgetUrl: { iFrameUrl: "https://widget-eu.example.com/phone.html" },
  sendError: { message: "microphone blocked" },
};

test("the catalogue's methods are the reference SDK's, and each is a function on both", () => {
  const methods = Object.keys(catalog.methods);
  assert.deepEqual(methods.sort(), [...Object.keys(PAYLOADS), ...NO_DATA_METHODS].sort());
  for (const method of [...methods, "sendMessage"]) {
    assert.equal(typeof callcore.default.prototype[method], "function", `callcore ${method}`);
    assert.equal(typeof Reference.prototype[method], "function", `reference ${method}`);
  }
});

/** Handshake, then `steps` (each [method, ...args]); returns what was posted after SYNC_ACK. */
async function run(Impl, steps, { sync = syncEnvelope(), syncOrigin = HOST_ORIGIN, options = {}, spy = () => {} } = {}) {
  const page = widgetPage(Impl, {
    allowedHostOrigins: [HOST_ORIGIN],
    eventHandlers: { onReady() {}, defaultEventHandler() {}, onViolation() {} },
    ...options,
  });
  await page.ext.ready;
  spy(page.ext);
  page.fromHost(sync, { origin: syncOrigin });
  for (const [method, ...args] of steps) page.ext[method](...args);
  await settle();
  return { page, posted: page.posted.slice(1), ack: page.posted[0] };
}

/** Every method called with its payload, then with no argument at all. */
const EVERY_CALL = [
  ...Object.keys(catalog.methods).map((method) => (method in PAYLOADS ? [method, PAYLOADS[method]] : [method])),
  ...Object.keys(catalog.methods).map((method) => [method]),
];

test("every method puts one envelope on the wire: type, data present / undefined / absent, messageId last", async () => {
  const { page, posted } = await run(callcore.default, EVERY_CALL);
  assert.equal(posted.length, EVERY_CALL.length);
  posted.forEach(({ message, targetOrigin }, i) => {
    const [method, payload] = EVERY_CALL[i];
    const type = catalog.methods[method];
    const label = `${method}(${payload ? "payload" : ""})`;
    assert.equal(targetOrigin, HOST_ORIGIN, label);
    assert.equal(message.type, type, label);
    if (NO_DATA_METHODS.includes(method)) {
      assert.deepEqual(Object.keys(message), ["type", "messageId"], `${label}: no data key`);
    } else {
      assert.deepEqual(Object.keys(message), ["type", "data", "messageId"], `${label}: key order`);
      if (payload === undefined) {
        assert.ok(Object.hasOwn(message, "data"), `${label}: data present`);
        assert.equal(message.data, undefined, `${label}: data undefined`);
      } else {
        assert.equal(wire(message.data), wire(payload), `${label}: payload as given, keys in order`);
      }
    }
  });
  // messageIds: "<instanceId>_<ms>", the instance's id, strictly increasing
  const instanceId = String(page.ext.iFrameManager.instanceId);
  assert.match(instanceId, /^\d{13}$/);
  let last = 0;
  for (const { message } of posted) {
    const match = /^(\d{13})_(\d{13})$/.exec(message.messageId);
    assert.ok(match, message.messageId);
    assert.equal(match[1], instanceId);
    const stamp = Number(match[2]);
    assert.ok(stamp > last, `${message.messageId} after ${last}`);
    assert.ok(Math.abs(stamp - Date.now()) < 60000, "a Date.now() stamp");
    last = stamp;
  }
});

test("the envelopes equal the reference SDK's for the same calls, key for key (messageIds aside)", async () => {
  const mine = await run(callcore.default, EVERY_CALL);
  const reference = await runQuiet(Reference, EVERY_CALL);
  assert.equal(reference.posted.length, EVERY_CALL.length);
  mine.posted.forEach((post, i) => {
    const label = `${EVERY_CALL[i][0]}(${EVERY_CALL[i].length > 1 ? "payload" : ""})`;
    assert.equal(wire(post.message, { withoutMessageIds: true }), wire(reference.posted[i].message, { withoutMessageIds: true }), label);
    assert.equal(post.targetOrigin, reference.posted[i].targetOrigin, label);
  });
});

test("undefined-valued keys, null, big ids, numeric strings and unicode survive the core unchanged", async () => {
  const odd = {
    externalCallId: "0042",
    toNumber: undefined,
    fromNumber: "+18884827768",
    callStartTime: 1724412350500.5,
    engagementId: 37621684164,
    list: [1, undefined, null, "2", { a: undefined }],
    empty: {},
    text: "quote \" backslash \\ newline \n tab \t nul-free ünïcödé 𝄞",
    flag: false,
    zero: 0,
    negative: -1.25e-7,
  };
  const steps = [["outgoingCall", odd], ["callData", null], ["callData", 0], ["callData", "text"], ["callData", [undefined]]];
  const mine = await run(callcore.default, steps);
  const reference = await runQuiet(Reference, steps);
  assert.equal(mine.posted.length, steps.length);
  mine.posted.forEach((post, i) => {
    assert.equal(wire(post.message, { withoutMessageIds: true }), wire(reference.posted[i].message, { withoutMessageIds: true }));
  });
  const data = mine.posted[0].message.data;
  assert.ok(Object.hasOwn(data, "toNumber") && data.toNumber === undefined);
  assert.equal(data.engagementId, 37621684164);
  assert.equal(data.externalCallId, "0042");
  assert.equal(1 in data.list && data.list[1], undefined);
  assert.equal(data.text, odd.text);
});

async function runQuiet(Impl, steps, extra) {
  let result;
  await quietly(async () => {
    result = await run(Impl, steps, extra);
  });
  return result;
}

test("sendMessage posts the caller's object as is, messageId appended unless supplied (kept in place)", async () => {
  const steps = [
    ["sendMessage", { type: "SET_WIDGET_URL", iFrameUrl: "https://widget-eu.example.com/" }],
    ["sendMessage", { type: "CALL_DATA", data: { x: 1 }, custom: "top-level" }],
    ["sendMessage", { messageId: "caller_1", type: "CALL_DATA", data: { y: 2 } }],
    ["sendMessage", { type: "CALL_DATA", messageId: "caller_2" }],
  ];
  const mine = await run(callcore.default, steps);
  const reference = await runQuiet(Reference, steps);
  assert.equal(mine.posted.length, 4);
  mine.posted.forEach((post, i) => {
    assert.equal(wire(post.message, { withoutMessageIds: true }), wire(reference.posted[i].message, { withoutMessageIds: true }));
  });
  assert.deepEqual(Object.keys(mine.posted[0].message), ["type", "iFrameUrl", "messageId"]);
  assert.deepEqual(Object.keys(mine.posted[2].message), ["messageId", "type", "data"]);
  assert.equal(mine.posted[2].message.messageId, "caller_1");
  assert.equal(mine.posted[3].message.messageId, "caller_2");
});

test("a no-argument method given an argument sends {type} through sendMessage, as the reference does", async () => {
  for (const Impl of [callcore.default, Reference]) {
    const sent = [];
    const { posted } = await runQuiet(Impl, [["userLoggedIn", { isLoggedIn: true }]], {
      options: { eventHandlers: { onReady() {} } },
      spy: (ext) => {
        const send = ext.sendMessage;
        ext.sendMessage = function (message) {
          sent.push(message);
          return send.call(this, message);
        };
      },
    });
    assert.deepEqual(Object.keys(posted[0].message), ["type", "messageId"]);
    assert.deepEqual(sent, [{ type: "LOGGED_IN" }]);
  }
});

test("SYNC_ACK: the SYNC's keys in order, type replaced, then debugMode, version, iFrameUrl; same messageId", async () => {
  const sync = syncEnvelope({
    portalId: 123456,
    userId: 42,
    ownerId: "777",
    engagementId: 987654321,
    iframeLocation: "widget",
    usesCallingWindow: true,
    somethingNew: { kept: [1, 2] },
  });
  for (const debugMode of [undefined, false, true]) {
    const options = debugMode === undefined ? {} : { debugMode };
    const mine = await run(callcore.default, [], { sync, options: { ...options, eventHandlers: { onReady() {} } } });
    const reference = await runQuiet(Reference, [], { sync, options: { ...options, eventHandlers: { onReady() {} } } });
    const ack = mine.ack.message;
    assert.deepEqual(Object.keys(ack), [...Object.keys(sync), "debugMode", "version", "iFrameUrl"]);
    assert.ok(Object.hasOwn(ack, "debugMode"));
    assert.equal(ack.debugMode, debugMode);
    assert.equal(ack.type, "SYNC_ACK");
    assert.equal(ack.messageId, sync.messageId);
    assert.equal(ack.iFrameUrl, WIDGET_ORIGIN);
    assert.equal(ack.version, "0.9.7");
    assert.equal(mine.ack.targetOrigin, HOST_ORIGIN);
    // the reference, but for its version string (its dist says 0.9.7-beta.0)
    const theirs = { ...reference.ack.message, version: ack.version };
    assert.equal(wire(ack), wire(theirs));
    assert.equal(reference.ack.targetOrigin, mine.ack.targetOrigin);
  }
});

test("the destination is the SYNC's hostUrl: every later message targets it", async () => {
  const other = "https://app-eu1.hubspot.com";
  const { posted, ack } = await run(callcore.default, [["initialized", {}], ["userLoggedIn"]], {
    sync: syncEnvelope({ hostUrl: `${other}/calling` }),
    syncOrigin: other,
    options: { allowedHostOrigins: [HOST_ORIGIN, other] },
  });
  assert.equal(ack.targetOrigin, other);
  assert.deepEqual(posted.map((p) => p.targetOrigin), [other, other]);
});

test("messageIds stay unique and increasing for many calls in one millisecond", async () => {
  const steps = Array.from({ length: 200 }, (_, i) => ["callData", { i }]);
  const { posted } = await run(callcore.default, steps);
  const stamps = posted.map((p) => Number(p.message.messageId.split("_")[1]));
  for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i] > stamps[i - 1]);
  assert.equal(new Set(posted.map((p) => p.message.messageId)).size, 200);
});
