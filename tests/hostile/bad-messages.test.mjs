// Bad messages from the trusted peer, in Chromium: the real host window posts
// straight into the callcore widget (and the real widget into the callcore host)
// values no SDK would send: null and other non-objects, non-string types, the
// names Object.prototype inherits, cyclic and cyclic-looking structures, a
// structured-clone graph that explodes when written as JSON, huge and deeply
// nested payloads, NUL characters, lone surrogates and wrong field types. Each
// one gets the core's documented code and outcome (core/src/report.c), no
// exception escapes a listener, no prototype is polluted, and the session still
// makes a call afterwards.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countAttempts, finishCall, hostileSuite, session, startCall } from "./support.mjs";

let HOST;
let WIDGET;
const suite = hostileSuite(import.meta.url, 2, (origins) => {
  [HOST, WIDGET] = origins;
});

// Each entry: a label, the page-side expression that builds the value (many of
// these cannot cross Playwright as JSON), and what the receiving core must do:
// [first violation code, outcome, handler the app gets or null]. Messages use
// distinct phone numbers so that no two DIAL_NUMBERs are duplicates of each other.
const dial = (extra = "", number = "+442073238201") =>
  `({ type: "DIAL_NUMBER", data: { phoneNumber: "${number}", portalId: 123456${extra} }, messageId: "9_" + Math.random() })`;
const ENVELOPES = [
  ["null", "null", ["NOT_AN_OBJECT", "dropped", null]],
  ["undefined", "undefined", ["NOT_AN_OBJECT", "dropped", null]],
  ["a number", "42", ["NOT_AN_OBJECT", "dropped", null]],
  ["a boolean", "true", ["NOT_AN_OBJECT", "dropped", null]],
  ["a string", `"DIAL_NUMBER"`, ["NOT_AN_OBJECT", "dropped", null]],
  ["a message as JSON text", `JSON.stringify(${dial()})`, ["NOT_AN_OBJECT", "dropped", null]],
  ["an array holding a message", `[${dial()}]`, ["NOT_AN_OBJECT", "dropped", null]],
  ["a Date", "new Date(0)", ["NOT_AN_OBJECT", "dropped", null]],
  ["an empty object", "({})", ["MISSING_TYPE", "dropped", null]],
  ["a Map", `new Map([["type", "DIAL_NUMBER"]])`, ["MISSING_TYPE", "dropped", null]],
  ["type null", `({ type: null, messageId: "9_1" })`, ["MISSING_TYPE", "dropped", null]],
  ["type empty", `({ type: "", messageId: "9_1" })`, ["MISSING_TYPE", "dropped", null]],
  ["type a number", `({ type: 42, messageId: "9_1" })`, ["TYPE_NOT_STRING", "dropped", null]],
  ["type an array (the SDK coerces it to DIAL_NUMBER)", `({ type: ["DIAL_NUMBER"], data: { phoneNumber: "+442073238202" }, messageId: "9_1" })`, ["TYPE_NOT_STRING", "dropped", null]],
  ["type an object", `({ type: { toString: 1 }, messageId: "9_1" })`, ["TYPE_NOT_STRING", "dropped", null]],
  ["type with a NUL inside", `({ type: "DIAL_NUMBER\\u0000evil", data: { phoneNumber: "+442073238203" }, messageId: "9_1" })`, ["MALFORMED_JSON", "dropped", null]],
  ["a NUL inside a field", dial(`, ownerId: "7\\u00007"`, "+442073238204"), ["MALFORMED_JSON", "dropped", null]],
  ["a lone surrogate", dial(`, ownerId: "\\uD800"`, "+442073238205"), ["MALFORMED_JSON", "dropped", null]],
  ["no messageId", `({ type: "DIAL_NUMBER", data: { phoneNumber: "+442073238206" } })`, ["MISSING_MESSAGE_ID", "dropped", null]],
  ["messageId 0", `({ type: "DIAL_NUMBER", data: { phoneNumber: "+442073238207" }, messageId: 0 })`, ["MISSING_MESSAGE_ID", "dropped", null]],
  ["type __proto__", `({ type: "__proto__", data: { polluted: true }, messageId: "9_1" })`, ["INHERITED_TYPE_NAME", "relayed", "defaultEventHandler"]],
  ["type constructor", `({ type: "constructor", data: { prototype: { polluted: true } }, messageId: "9_1" })`, ["INHERITED_TYPE_NAME", "relayed", "defaultEventHandler"]],
  ["type toString", `({ type: "toString", messageId: "9_1" })`, ["INHERITED_TYPE_NAME", "relayed", "defaultEventHandler"]],
  ["type hasOwnProperty", `({ type: "hasOwnProperty", messageId: "9_1" })`, ["INHERITED_TYPE_NAME", "relayed", "defaultEventHandler"]],
  ["type __defineSetter__", `({ type: "__defineSetter__", messageId: "9_1" })`, ["INHERITED_TYPE_NAME", "relayed", "defaultEventHandler"]],
  ["a cyclic object", `(() => { const m = ${dial("", "+442073238208")}; m.data.self = m; return m; })()`, ["MALFORMED_JSON", "dropped", null]],
  ["a cyclic array", `(() => { const a = []; a.push(a); return { type: "DIAL_NUMBER", data: { phoneNumber: "+442073238209", list: a }, messageId: "9_1" }; })()`, ["MALFORMED_JSON", "dropped", null]],
  ["an object graph that doubles at every level (2^40 leaves as JSON)", `(() => { let n = { leaf: "x".repeat(64) }; for (let i = 0; i < 40; i++) n = { a: n, b: n }; return { type: "DIAL_NUMBER", data: { phoneNumber: "+442073238210", n }, messageId: "9_1" }; })()`, ["TOO_LARGE", "dropped", null]],
  ["a 4 MiB string", dial(`, ownerId: "9".repeat(4 << 20)`, "+442073238211"), ["TOO_LARGE", "dropped", null]],
  ["200,000 keys", `(() => { const m = ${dial("", "+442073238212")}; for (let i = 0; i < 200000; i++) m.data["k" + i] = i; return m; })()`, ["TOO_LARGE", "dropped", null]],
  ["a 100 KiB string", dial(`, ownerId: "9".repeat(100 << 10)`, "+442073238213"), ["STRING_TOO_LONG", "dropped", null]],
  ["nesting 40 deep", `(() => { let d = {}; for (let i = 0; i < 40; i++) d = { d }; return { type: "DIAL_NUMBER", data: { phoneNumber: "+442073238214", d }, messageId: "9_1" }; })()`, ["TOO_DEEP", "dropped", null]],
  ["nesting 1,000 deep", `(() => { let d = []; for (let i = 0; i < 1000; i++) d = [d]; return { type: "DIAL_NUMBER", data: { phoneNumber: "+442073238215", d }, messageId: "9_1" }; })()`, ["TOO_DEEP", "dropped", null]],
  ["a BigInt", dial(", ownerId: 10n", "+442073238216"), ["MALFORMED_JSON", "dropped", null]],
  ["JSON pointers that look cyclic", dial(`, calleeInfo: { $ref: "#" }, self: { $ref: "#/data" }`, "+442073238217"), [null, "relayed", "onDialNumber"]],
  ["__proto__ and constructor.prototype as own keys", `(() => { const m = JSON.parse('{"type":"DIAL_NUMBER","data":{"phoneNumber":"+442073238218","__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"evil":true}}},"messageId":"9_2"}'); return m; })()`, [null, "relayed", "onDialNumber"]],
];

// Wrong field types: what the core reports, relayed under "warn", dropped under "strict".
const FIELDS_INTO_WIDGET = [
  ["data a string", `({ type: "DIAL_NUMBER", data: "+442073238230", messageId: "9_3" })`, "DATA_NOT_OBJECT", "onDialNumber"],
  ["data an array", `({ type: "DIAL_NUMBER", data: ["+442073238231"], messageId: "9_3" })`, "DATA_NOT_OBJECT", "onDialNumber"],
  ["phoneNumber a number", `({ type: "DIAL_NUMBER", data: { phoneNumber: 442073238232 }, messageId: "9_3" })`, "FIELD_TYPE", "onDialNumber"],
  ["portalId a string", dial(`, portalId: "abc"`, "+442073238233"), "FIELD_TYPE", "onDialNumber"],
  ["engagementId a string", `({ type: "CREATE_ENGAGEMENT_SUCCEEDED", data: { engagementId: "5001" }, messageId: "9_3" })`, "FIELD_TYPE", "onCreateEngagementSucceeded"],
];
const FIELDS_INTO_HOST = [
  ["data null", `({ type: "OUTGOING_CALL_STARTED", data: null, messageId: "9_3" })`, "DATA_NOT_OBJECT", "onOutgoingCall"],
  ["externalCallId a number", `({ type: "CALL_ANSWERED", data: { externalCallId: 5 }, messageId: "9_3" })`, "FIELD_TYPE", "onCallAnswered"],
  ["callEndStatus not an enum value", `({ type: "CALL_ENDED", data: { externalCallId: "x", callEndStatus: "DONE" }, messageId: "9_3" })`, "FIELD_ENUM", "onCallEnded"],
  ["sizeInfo a string", `({ type: "RESIZE_WIDGET", data: { width: "wide", height: [] }, messageId: "9_3" })`, "FIELD_TYPE", "onResizeWidget"],
];

/**
 * Posts each value from `sender` straight to `receiver`'s window (no SDK on the
 * sending side), one at a time, and returns what the receiving core did with each.
 */
async function postEach(sender, receiver, toWidget, entries) {
  const results = [];
  const receiverLists = toWidget ? "received" : "handled";
  for (const [label, code] of entries) {
    const before = await receiver.evaluate((list) => ({ seen: window.__guard.messages, violations: window.violations.length, calls: window[list].length }), receiverLists);
    const posted = await sender.evaluate(([source, intoWidget]) => {
      const target = intoWidget ? document.getElementById("hubspot-calling-extension-iframe").contentWindow : window.parent;
      try {
        target.postMessage((0, eval)(source), "*");
        return "posted";
      } catch (error) {
        return `the sender's postMessage threw: ${error}`;
      }
    }, [code, toWidget]);
    assert.equal(posted, "posted", label);
    countAttempts(1);
    await receiver.waitForFunction((n) => window.__guard.messages > n, before.seen, { timeout: 20000 }).catch((e) => {
      throw new Error(`${label}: the receiver never got it (${e.message.split("\n")[0]})`);
    });
    results.push({
      label,
      ...(await receiver.evaluate(([b, list]) => ({
        violations: window.violations.slice(b.violations).filter((v) => v.direction === "inbound").map((v) => [v.code, v.outcome]),
        calls: window[list].slice(b.calls).map(([name]) => name),
      }), [before, receiverLists])),
    });
  }
  return results;
}

/** The first violation must be `code` (or none at all for null), all with `outcome`; the handler as given. */
function assertTreatment(result, [code, outcome, handler]) {
  const { label, violations, calls } = result;
  if (code === null) assert.ok(violations.every(([, o]) => o === outcome), `${label}: ${JSON.stringify(violations)}`);
  else {
    assert.ok(violations.length >= 1, `${label}: reported`);
    assert.equal(violations[0][0], code, `${label}: ${JSON.stringify(violations)}`);
    assert.ok(violations.every(([, o]) => o === outcome), `${label}: ${outcome} (${JSON.stringify(violations)})`);
  }
  if (outcome === "dropped") assert.equal(violations.length, 1, `${label}: one report for a dropped message`);
  assert.deepEqual(calls, handler ? [handler] : [], `${label}: handlers called`);
}

async function openSession(page, widgetPolicy, hostPolicy = "warn") {
  const widgetUrl = `${WIDGET}/fixtures/widget.html?impl=callcore&policy=${widgetPolicy}&hosts=${encodeURIComponent(HOST)}`;
  await page.goto(`${HOST}/fixtures/host-callcore.html?policy=${hostPolicy}&widget=${encodeURIComponent(widgetUrl)}`);
  return session(page, page.mainFrame());
}

test("the host posts bad envelopes into a callcore widget: each dropped or relayed with its documented code; no throw, no pollution; a call still works", { timeout: 120000 }, async () => {
  await suite.withPage(async (page, guard) => {
    const s = await openSession(page, "warn");
    const hostWireBefore = await page.evaluate(() => window.wire.length);
    const results = await postEach(page.mainFrame(), s.widget, true, ENVELOPES);
    ENVELOPES.forEach(([, , expected], i) => assertTreatment(results[i], expected));
    // inherited names are "known" to the SDK: no ERROR reply for any of this
    await page.waitForTimeout(100);
    const replies = await page.evaluate((n) => window.wire.slice(n).filter((m) => m.fromIframe).map((m) => m.type), hostWireBefore);
    assert.deepEqual(replies, [], "the widget answered none of it");
    const polluted = await s.widget.evaluate(() => window.received.find(([, d]) => d.includes("isAdmin")));
    assert.ok(polluted, "the __proto__ payload reached onDialNumber as data");
    assert.deepEqual(Object.keys(JSON.parse(polluted[1])), ["phoneNumber", "__proto__", "constructor"], "as own keys");
    await guard.check();
    await startCall(s, "after-bad-envelopes", 7001);
    await finishCall(s, "after-bad-envelopes", 7001);
    assert.deepEqual((await s.widgetState()).calls.map((c) => [c.externalCallId, c.state]), [["after-bad-envelopes", "completed"]]);
  });
});

test("wrong field types from the host: relayed and reported under warn, dropped under strict", { timeout: 60000 }, async () => {
  for (const policy of ["warn", "strict"]) {
    await suite.withPage(async (page, guard) => {
      const s = await openSession(page, policy);
      const results = await postEach(page.mainFrame(), s.widget, true, FIELDS_INTO_WIDGET);
      FIELDS_INTO_WIDGET.forEach(([label, , code, handler], i) => {
        assert.ok(results[i].violations.some(([c]) => c === code), `${policy} ${label}: ${JSON.stringify(results[i].violations)}`);
        assertTreatment({ ...results[i], violations: results[i].violations.filter(([c]) => c === code) },
          [code, policy === "strict" ? "dropped" : "relayed", policy === "strict" ? null : handler]);
      });
      await guard.check();
    });
  }
});

test("the widget posts bad envelopes and wrong field types into a callcore host: the same treatment; a call still works", { timeout: 120000 }, async () => {
  await suite.withPage(async (page, guard) => {
    const s = await openSession(page, "warn");
    const envelopes = ENVELOPES.filter(([label]) => !label.startsWith("__proto__ and") && !label.startsWith("JSON pointers"));
    const results = await postEach(s.widget, page.mainFrame(), false, envelopes);
    envelopes.forEach(([, , expected], i) => assertTreatment(results[i], expected));
    const fields = await postEach(s.widget, page.mainFrame(), false, FIELDS_INTO_HOST);
    FIELDS_INTO_HOST.forEach(([label, , code, handler], i) => {
      assert.ok(fields[i].violations.some(([c]) => c === code), `${label}: ${JSON.stringify(fields[i].violations)}`);
      assert.deepEqual(fields[i].calls, [handler], label);
    });
    await guard.check();
    await startCall(s, "after-bad-into-host", 7002);
    await finishCall(s, "after-bad-into-host", 7002);
    assert.deepEqual((await s.hostState()).calls.filter((c) => c.state !== "completed"), [], "no call left open by the bad ones");
  });
});
