// The trace `callcore check` writes comes from the glue's public input-trace hook
// (onCoreTrace), as the emulator page records it: here a host page in Node (the fake window
// of tests/web) records its session, the runner's trace.mjs turns the entries into a trace
// file's events, and the judge replays them (`callcore replay`'s path): the same posts, the
// findings of the handler layer included (dispatch), no fidelity complaint. No browser.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { judgeTrace, Judge } from "../../cli/lib/judge.mjs";
import { loadCore } from "../../cli/lib/core.mjs";
import { TRACE_FORMAT, fromPage, toInput } from "../../cli/lib/trace.mjs";
import { WIDGET_ORIGIN, hostPage, loadCallcore, settle, silenceConsole } from "../web/support.mjs";

after(silenceConsole());
const { default: CallingExtensions } = await loadCallcore();

/** A host page (deliver mode, as every glue session) that records its core's trace. */
async function recordHost({ handlers = { onReady() {} }, callId = "c-1" } = {}) {
  const events = [];
  const violations = [];
  const h = hostPage(CallingExtensions, {
    policy: "strict",
    completionTimeoutMs: 5000,
    onCoreTrace: (entry) => events.push(fromPage(entry)),
    eventHandlers: { ...handlers, onViolation: (v) => violations.push(v) },
  });
  await h.ext.ready;
  h.iframe.load();
  await settle(120);
  const sync = h.posted.at(-1).message;
  h.fromWidget({ ...sync, type: "SYNC_ACK", debugMode: undefined, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN });
  h.fromWidget({ type: "INITIALIZED", data: { isLoggedIn: true, isAvailable: true }, messageId: "w_1" });
  h.fromWidget({ type: "NOT_A_TYPE", data: { odd: undefined }, messageId: "w_2" });
  h.ext.sendMessage({ type: "DIAL_NUMBER", data: { phoneNumber: "+442073238299" } });
  h.fromWidget({
    type: "OUTGOING_CALL_STARTED",
    data: { externalCallId: callId, toNumber: "+442073238299", fromNumber: "+18884827768", createEngagement: false },
    messageId: "w_3",
  });
  await settle();
  h.ext.destroy();
  return { events, violations, posted: h.posted };
}

test("the hook's entries are the trace's events: every input kind, dispatch included", async () => {
  const { events } = await recordHost();
  const kinds = new Set(events.filter((e) => e.input).map((e) => e.input));
  for (const kind of ["create", "receive", "call", "dispatch", "tick", "iframeLoaded"]) assert.ok(kinds.has(kind), kind);
  const dispatch = events.find((e) => e.input === "dispatch" && e.event && e.event.type === "INITIALIZED");
  assert.ok(dispatch, "a dispatch is kept as its event when the text round-trips");
  const odd = events.find((e) => e.input === "receive" && e.envelope && e.envelope.type === "NOT_A_TYPE");
  assert.ok(odd, "the sentinel round-trips as a string");
  // the trace file keeps what the core was given, byte for byte
  for (const event of events.filter((e) => e.input && e.input !== "create")) {
    const input = toInput(event);
    if (["receive", "dispatch"].includes(event.input)) assert.equal(typeof input.json, "string");
  }
});

test("fromPage and toInput keep an input's text exactly, a call's omitted argument and the text null apart", () => {
  const cases = [
    { input: "receive", origin: "https://x.example", fromPeer: true, json: '{"type":"SYNC_ACK","a":1}' },
    { input: "receive", origin: "https://x.example", fromPeer: true, json: "null" },
    { input: "receive", origin: "https://x.example", fromPeer: false, json: '{"b":1.50}' },
    { input: "call", method: "callEnded", json: null },
    { input: "call", method: "sendMessage", json: "null" },
    { input: "dispatch", json: '{"type":"READY","data":{}}' },
    { input: "tick" },
  ];
  for (const entry of cases) {
    const page = { t: 1, session: 1, ...entry };
    assert.deepEqual(toInput(JSON.parse(JSON.stringify(fromPage(page)))), page, JSON.stringify(entry));
  }
});

test("a recorded deliver-mode session replays to the page's posts and findings, dispatch's included", async () => {
  // No handler for INITIALIZED nor a default one: only dispatch finds NO_HANDLER.
  const { events, violations, posted } = await recordHost();
  const trace = { format: TRACE_FORMAT, widgetUrl: WIDGET_ORIGIN, scenarios: [{ name: "recorded", events }] };
  const [verdict] = await judgeTrace(JSON.parse(JSON.stringify(trace))); // as read back from a file
  assert.deepEqual(verdict.fidelity, [], "the replay posts exactly what the page posted");
  assert.equal(verdict.envelopes.toWidget, posted.length);
  assert.deepEqual(
    verdict.violations.map((v) => `${v.code} ${v.message}`),
    violations.map((v) => `${v.code} ${v.message}`),
  );
  assert.ok(verdict.violations.some((v) => v.code === "NO_HANDLER"), "dispatch's finding");
  assert.ok(posted.some((p) => p.message.type === "ERROR"), "the ERROR reply dispatch asked for went out");

  // Dropping the dispatches (what the page used to record) loses the handler layer's findings.
  const blind = new Judge(await loadCore());
  for (const event of events) if (event.input !== "dispatch") blind.feed(event);
  assert.ok(!blind.violations.some((v) => v.code === "NO_HANDLER"));
  blind.free();
});

test("the judge ranks phases and call states by the catalogue's orders", async () => {
  const { events } = await recordHost({ handlers: { onReady() {}, defaultEventHandler() {} } });
  const judge = new Judge(await loadCore());
  for (const event of events) judge.feed(event);
  const { PREDICATES } = await import("../../cli/lib/judge.mjs");
  assert.ok(PREDICATES.phase(judge, { phase: "ready" }));
  assert.ok(PREDICATES.phase(judge, { phase: "initialized" }));
  assert.ok(!PREDICATES.phase(judge, { phase: "initialized", loads: 2 }));
  assert.ok(PREDICATES.call(judge, { state: "dialing", direction: "outbound" }));
  assert.ok(!PREDICATES.call(judge, { state: "inProgress" }));
  assert.ok(!PREDICATES.call(judge, { state: "no such state" }));
  judge.free();
});

test("a trace of two tabs replays each tab's session apart; a scenario-wide checkpoint reads both", async () => {
  const one = await recordHost();
  const two = await recordHost({ callId: "c-2" }); // each tab's widget placed a call of its own
  // Session numbers are per page: both tabs' sessions may share one; `tab` keeps them apart.
  // (In Node both hosts share one module, so the second is renumbered as its own page would number it.)
  const first = one.events[0].session;
  const events = [...one.events, ...two.events.map((e) => ({ ...e, session: first, tab: "2" }))].sort((a, b) => a.t - b.t);
  const last = events.at(-1).t;
  events.push(
    { t: last, checkpoint: "OUTGOING_CALL_STARTED in tab 2", predicate: "call", params: { state: "dialing" }, timeoutMs: 10, tab: "2" },
    { t: last, checkpoint: "one call across the tabs", predicate: "oneCall", params: { state: "dialing", direction: "outbound" }, timeoutMs: 10, scope: "all" },
  );
  const trace = { format: TRACE_FORMAT, widgetUrl: WIDGET_ORIGIN, scenarios: [{ name: "two tabs", events }] };
  const [verdict] = await judgeTrace(JSON.parse(JSON.stringify(trace)));
  assert.deepEqual(verdict.fidelity, [], "each tab's replay posts exactly what its page posted");
  assert.deepEqual(verdict.sessions.map((s) => s.tab).sort(), ["1", "2"]);
  assert.equal(verdict.envelopes.toWidget, one.posted.length + two.posted.length);
  assert.equal(verdict.violations.length, one.violations.length + two.violations.length);
  assert.ok(verdict.violations.every((v) => v.tab === "1" || v.tab === "2"));
  const [inTab2, across] = verdict.checkpoints;
  assert.equal(inTab2.met, true);
  assert.equal(inTab2.tab, "2");
  assert.equal(across.met, false);
  assert.match(across.why, /^2 OUTGOING_CALL_STARTED for one call: every tab announced it \(tab 1 and tab 2\)/);
  assert.ok(verdict.missing.includes(`no one call across the tabs within 0 s; ${across.why}`));
});
