// Widget role: host→widget messages reach the app's handlers as (data, envelope),
// as the reference SDK dispatches them (docs/protocol.md 3): named handler, else
// defaultEventHandler; ERROR/UNKNOWN_MESSAGE_TYPE for unknown types, none for ERROR.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  HOST_ORIGIN,
  hostMessageId,
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
const reference = loadReference();
const HANDLER_NAMES = reference.Constants.messageHandlerNames; // type → handler, the reference's table

/** A plausible payload for each host→widget type. */
const DATA = {
  DIAL_NUMBER: {
    phoneNumber: "+442073238299",
    phone_number: "+442073238299",
    ownerId: 777,
    portalId: 123456,
    objectId: 51,
    objectType: "CONTACT",
    subjectId: 0,
    countryCode: "GB",
    calleeInfo: { calleeId: 51, calleeObjectTypeId: "0-1" },
    startTimestamp: 1724412350000,
    toPhoneNumberSrc: "phone",
  },
  CREATE_ENGAGEMENT_SUCCEEDED: { engagementId: 987654321 },
  CREATE_ENGAGEMENT_FAILED: { error: { message: "no engagement" } },
  UPDATE_ENGAGEMENT_SUCCEEDED: { engagementId: 987654321 },
  UPDATE_ENGAGEMENT_FAILED: { error: { message: "no update" } },
  ENGAGEMENT_CREATED: { engagementId: 987654321 },
  CALLER_ID_MATCH_SUCCEEDED: {
    callerIdMatches: [
      { callerIdType: "CONTACT", objectCoordinates: { portalId: 1, objectId: 2, objectTypeId: "0-1" }, firstName: "A", lastName: "B", email: "a@b.c" },
    ],
  },
  CALLER_ID_MATCH_FAILED: { error: { message: "no match" } },
  NAVIGATE_TO_RECORD_FAILED: { objectCoordinates: { portalId: 1, objectId: 2, objectTypeId: "0-1" } },
  PUBLISH_TO_CHANNEL_SUCCEEDED: { engagementId: 1, externalCallId: "c" },
  PUBLISH_TO_CHANNEL_FAILED: { engagementId: 1, externalCallId: "c" },
  FINALIZE_ENGAGEMENT_SUCCEEDED: { engagementId: 1, externalCallId: "c" },
  FINALIZE_ENGAGEMENT_FAILED: { engagementId: 1, externalCallId: "c" },
  INITIATE_CALL_ID_SUCCEEDED: { opaque: ["passed", "through"] },
  INITIATE_CALL_ID_FAILED: { opaque: true },
  SET_WIDGET_URL_FAILED: { reason: "not allowed" },
  VISIBILITY_CHANGED: { isMinimized: true, isHidden: false },
  END_CALL: { externalCallId: "c" },
  SET_CALL_STATE: { state: "anything" },
  FAILED: { what: "ever" },
  READY: undefined,
};

/** Handlers that record (name, data, envelope) in a serialisation keeping undefined and key order. */
function recorder(names) {
  const log = [];
  const handlers = {};
  for (const name of names) handlers[name] = (data, envelope) => log.push([name, wire(data), wire(envelope)]);
  return { log, handlers };
}

async function session(Impl, handlerNames, extra = {}) {
  const { log, handlers } = recorder(handlerNames);
  const page = widgetPage(Impl, { allowedHostOrigins: [HOST_ORIGIN], eventHandlers: { ...handlers, ...extra } });
  await page.ext.ready;
  page.fromHost(syncEnvelope({ portalId: 123456, userId: 42, ownerId: 777 }));
  page.ext.initialized({ isLoggedIn: true });
  await settle();
  page.posted.length = 0;
  log.length = 0;
  return { page, log };
}

const ALL_HANDLERS = [...new Set(Object.values(HANDLER_NAMES)), "defaultEventHandler"];

for (const [type, handler] of Object.entries(HANDLER_NAMES)) {
  test(`${type} → ${handler}(data, envelope), as the reference dispatches it`, async () => {
    const envelope = { type, data: DATA[type] ?? { any: "payload" }, messageId: hostMessageId() };
    if (type === "READY") delete envelope.data;
    const results = [];
    for (const Impl of [callcore.default, reference.default]) {
      await quietly(async () => {
        const { page, log } = await session(Impl, ALL_HANDLERS);
        page.fromHost(structuredClone(envelope));
        await settle();
        results.push({ log: [...log], posted: page.posted.map((p) => wire(p.message, { withoutMessageIds: true })) });
      });
    }
    const [mine, theirs] = results;
    assert.deepEqual(mine.log, [[handler, wire(envelope.data), wire(envelope)]], "callcore");
    assert.deepEqual(mine.log, theirs.log, "same as the reference");
    assert.deepEqual(mine.posted, [], "no reply");
    assert.deepEqual(mine.posted, theirs.posted);
  });
}

test("a handler's data is its envelope's data (the same object, as the reference passes it)", async () => {
  const seen = [];
  const { page } = await session(callcore.default, [], { onDialNumber: (data, envelope) => seen.push([data, envelope]) });
  const envelope = { type: "DIAL_NUMBER", data: DATA.DIAL_NUMBER, messageId: hostMessageId() };
  page.fromHost(envelope);
  await settle();
  assert.equal(seen.length, 1);
  assert.equal(seen[0][0], seen[0][1].data);
  assert.deepEqual(seen[0][1], envelope);
});

test("a known type without its handler goes to defaultEventHandler, with no ERROR reply", async () => {
  for (const type of ["DIAL_NUMBER", "VISIBILITY_CHANGED", "END_CALL"]) {
    const { page, log } = await session(callcore.default, ["defaultEventHandler"]);
    const envelope = { type, data: DATA[type], messageId: hostMessageId() };
    page.fromHost(envelope);
    await settle();
    assert.deepEqual(log, [["defaultEventHandler", wire(envelope.data), wire(envelope)]], type);
    assert.deepEqual(page.posted, []);
  }
});

test("with neither handler nor defaultEventHandler, nothing is called and NO_HANDLER is reported", async () => {
  const violations = [];
  const { page, log } = await session(callcore.default, ["onReady"], { onViolation: (v) => violations.push(v) });
  page.fromHost({ type: "VISIBILITY_CHANGED", data: DATA.VISIBILITY_CHANGED, messageId: hostMessageId() });
  await settle();
  assert.deepEqual(log, []);
  assert.deepEqual(page.posted, []);
  assert.deepEqual(violations.map((v) => v.code), ["NO_HANDLER"]);
});

test("an unknown type: ERROR/UNKNOWN_MESSAGE_TYPE wrapping the whole envelope, and defaultEventHandler", async () => {
  const envelope = { type: "UNLOADING", messageId: hostMessageId() };
  const custom = { type: "SOMETHING_NEW", data: { a: [1] }, extra: "top", messageId: hostMessageId() };
  const results = [];
  for (const Impl of [callcore.default, reference.default]) {
    await quietly(async () => {
      const { page, log } = await session(Impl, ALL_HANDLERS);
      page.fromHost(structuredClone(envelope));
      page.fromHost(structuredClone(custom));
      await settle();
      results.push({ page, log: [...log], posted: page.posted.map((p) => p.message), targets: page.posted.map((p) => p.targetOrigin) });
    });
  }
  const [mine, theirs] = results;
  assert.deepEqual(mine.posted.map((m) => m.type), ["ERROR", "ERROR"]);
  assert.equal(
    wire(mine.posted[1], { withoutMessageIds: true }),
    wire({ type: "ERROR", data: { type: "UNKNOWN_MESSAGE_TYPE", data: { originalMessage: custom } }, messageId: "x" }, { withoutMessageIds: true }),
  );
  assert.equal(mine.posted[1].data.data.originalMessage.messageId, custom.messageId, "the original's messageId is kept");
  assert.match(mine.posted[0].messageId, new RegExp(`^${mine.page.ext.iFrameManager.instanceId}_\\d+$`), "a fresh messageId");
  assert.deepEqual(mine.targets, [HOST_ORIGIN, HOST_ORIGIN]);
  assert.deepEqual(mine.posted.map((m) => wire(m, { withoutMessageIds: true })), theirs.posted.map((m) => wire(m, { withoutMessageIds: true })));
  assert.deepEqual(mine.log, [
    ["defaultEventHandler", wire(undefined), wire(envelope)],
    ["defaultEventHandler", wire(custom.data), wire(custom)],
  ]);
  assert.deepEqual(mine.log, theirs.log);
});

test("an incoming ERROR reaches defaultEventHandler and is never answered (the reference answers it)", async () => {
  const errors = [
    { type: "ERROR", data: { message: "host says no" }, messageId: hostMessageId() },
    { type: "ERROR", data: { type: "UNKNOWN_MESSAGE_TYPE", data: { originalMessage: { type: "CALL_DATA", messageId: "1_2" } } }, messageId: hostMessageId() },
  ];
  const { page, log } = await session(callcore.default, ALL_HANDLERS);
  for (const e of errors) page.fromHost(e);
  await settle(20);
  assert.deepEqual(page.posted, [], "no ERROR storm");
  assert.deepEqual(log, errors.map((e) => ["defaultEventHandler", wire(e.data), wire(e)]));
  // what the reference does instead (docs/protocol.md 3.2): one ERROR back per ERROR
  await quietly(async () => {
    const ref = await session(reference.default, ALL_HANDLERS);
    for (const e of errors) ref.page.fromHost(e);
    assert.deepEqual(ref.page.posted.map((p) => p.message.type), ["ERROR", "ERROR"]);
  });
});

test("*_FAILED: the handler keyed literally FAILED first, then the specific one (the reference's literal rule)", async () => {
  const { page, log } = await session(callcore.default, ["FAILED", "onFailed", "onCreateEngagementFailed", "defaultEventHandler"]);
  const failed = { type: "CREATE_ENGAGEMENT_FAILED", data: DATA.CREATE_ENGAGEMENT_FAILED, messageId: hostMessageId() };
  const plain = { type: "FAILED", data: DATA.FAILED, messageId: hostMessageId() };
  page.fromHost(failed);
  page.fromHost(plain);
  await settle();
  // "FAILED" itself does not end in "_FAILED": only onFailed
  assert.deepEqual(log.map(([name]) => name), ["FAILED", "onCreateEngagementFailed", "onFailed"]);
  await quietly(async () => {
    const ref = await session(reference.default, ["FAILED", "onFailed", "onCreateEngagementFailed", "defaultEventHandler"]);
    ref.page.fromHost(structuredClone(failed));
    ref.page.fromHost(structuredClone(plain));
    assert.deepEqual(ref.log, log);
  });
});

test("failedCatchAll: true sends every *_FAILED to onFailed too (the documented intent)", async () => {
  const { log, handlers } = recorder(["onFailed", "onCallerIdMatchFailed"]);
  const page = widgetPage(callcore.default, { failedCatchAll: true, allowedHostOrigins: [HOST_ORIGIN], eventHandlers: handlers });
  await page.ext.ready;
  page.fromHost(syncEnvelope());
  page.ext.initialized({ isLoggedIn: true });
  page.fromHost({ type: "CALLER_ID_MATCH_FAILED", data: DATA.CALLER_ID_MATCH_FAILED, messageId: hostMessageId() });
  await settle();
  assert.deepEqual(log.map(([name]) => name), ["onFailed", "onCallerIdMatchFailed"]);
});

test("onReady gets the seven SYNC fields (undefined where absent) and the READY envelope, like the reference", async () => {
  const sync = syncEnvelope({ portalId: 123456, userId: 42, iframeLocation: "widget", custom: 1 });
  const logs = [];
  for (const Impl of [callcore.default, reference.default]) {
    await quietly(async () => {
      const { log, handlers } = recorder(["onReady"]);
      const page = widgetPage(Impl, { allowedHostOrigins: [HOST_ORIGIN], eventHandlers: handlers });
      await page.ext.ready;
      page.fromHost(structuredClone(sync));
      await settle();
      logs.push(log);
    });
  }
  const data = { engagementId: undefined, portalId: 123456, userId: 42, ownerId: undefined, iframeLocation: "widget", usesCallingWindow: undefined, hostUrl: HOST_ORIGIN };
  assert.deepEqual(logs[0], [["onReady", wire(data), wire({ type: "READY", data })]]);
  assert.deepEqual(logs[0], logs[1]);
});

test("later SYNCs are ignored (one handshake per page), and reported", async () => {
  const violations = [];
  const { page, log } = await session(callcore.default, ["onReady"], { onViolation: (v) => violations.push(v) });
  page.fromHost(syncEnvelope());
  await settle();
  assert.deepEqual(page.posted, []);
  assert.deepEqual(log, []);
  assert.deepEqual(violations.map((v) => v.code), ["REPEATED_SYNC"]);
});

test("a message whose messageId starts with the widget's own instanceId is an orphan reply: dropped", async () => {
  const { page, log } = await session(callcore.default, ALL_HANDLERS);
  page.fromHost({ type: "DIAL_NUMBER", data: DATA.DIAL_NUMBER, messageId: `${page.ext.iFrameManager.instanceId}_1` });
  await settle();
  assert.deepEqual(log, []);
  assert.deepEqual(page.posted, []);
});

test("messages without a messageId or a type are dropped silently, as by the reference", async () => {
  const { page, log } = await session(callcore.default, ALL_HANDLERS);
  page.fromHost({ type: "DIAL_NUMBER", data: DATA.DIAL_NUMBER });
  page.fromHost({ data: DATA.DIAL_NUMBER, messageId: hostMessageId() });
  page.fromHost(null);
  page.fromHost("a string");
  await settle();
  assert.deepEqual(log, []);
  assert.deepEqual(page.posted, []);
});
