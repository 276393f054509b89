// The input-trace hook (sdkOptions.onCoreTrace): every input the glue feeds its
// core session, with its arguments and time, and every envelope the core posts,
// in the form `callcore replay` (cli/lib/trace.mjs, judge.mjs) and
// CoreSession.apply take back. A replay through a fresh core reproduces the posts
// and the findings of the page, and the glue copies exactly the catalogue's app
// options into the session it creates.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  HOST_ORIGIN,
  WIDGET_ORIGIN,
  hostPage,
  loadCallcore,
  settle,
  silenceConsole,
  syncEnvelope,
  until,
  widgetPage,
} from "./support.mjs";

after(silenceConsole());
const { default: CallingExtensions, loadCore } = await loadCallcore();
const core = await loadCore();
const catalog = core.catalog();

const INPUTS = ["create", "receive", "call", "dispatch", "tick", "iframeLoaded", "unload"];

/**
 * A host page whose app has no handler for INITIALIZED nor a default one (so
 * dispatch reports NO_HANDLER), through a conversation that feeds every input:
 * the iframe loads, SYNCs repeat on the timer, the widget answers, sends
 * INITIALIZED and a type nobody knows (answered with ERROR through sendMessage),
 * the host dials, and the page goes away.
 */
async function recordedHost() {
  const trace = [];
  const violations = [];
  const h = hostPage(CallingExtensions, {
    policy: "warn",
    syncFields: { portalId: 123456, userId: 42 },
    onCoreTrace: (entry) => trace.push(entry),
    eventHandlers: { onReady() {}, onViolation: (v) => violations.push(v) },
  });
  await h.ext.ready;
  h.iframe.load();
  await until(() => h.posted.filter((p) => p.message.type === "SYNC").length >= 2, "one SYNC again, on the core's timer");
  const sync = h.posted.at(-1).message;
  h.fromWidget({ ...sync, type: "SYNC_ACK", debugMode: undefined, version: "0.9.7", iFrameUrl: WIDGET_ORIGIN });
  h.fromWidget({ type: "INITIALIZED", data: { isLoggedIn: true }, messageId: "w_1" });
  h.fromWidget({ type: "NOT_A_TYPE", data: { a: undefined }, messageId: "w_2" });
  h.ext.sendMessage({ type: "DIAL_NUMBER", data: { phoneNumber: "+442073238299" } });
  await settle();
  h.window.dispatchEvent({ type: "pagehide" });
  h.ext.destroy();
  return { trace, violations, posted: h.posted };
}

test("the hook sees every input kind the glue feeds, with its arguments, time and session", async () => {
  const before = Date.now();
  const { trace, posted } = await recordedHost();
  const inputs = trace.filter((e) => e.input);
  assert.deepEqual([...new Set(inputs.map((e) => e.input))].sort(), [...INPUTS].sort());
  assert.equal(inputs[0].input, "create", "the session's creation comes first");
  const session = inputs[0].session;
  assert.ok(Number.isInteger(session) && session > 0);
  let last = before;
  for (const entry of trace) {
    assert.equal(entry.session, session);
    assert.ok(entry.t >= last && entry.t <= Date.now(), "times as given to the core, in order");
    last = entry.t;
  }
  const keys = Object.fromEntries(inputs.map((e) => [e.input, Object.keys(e)]));
  assert.deepEqual(keys, {
    create: ["t", "session", "input", "options"],
    receive: ["t", "session", "input", "origin", "fromPeer", "json"],
    call: ["t", "session", "input", "method", "json"],
    dispatch: ["t", "session", "input", "json"],
    tick: ["t", "session", "input"],
    iframeLoaded: ["t", "session", "input"],
    unload: ["t", "session", "input"],
  });
  const create = inputs[0];
  assert.equal(create.options.role, "host");
  assert.equal(create.options.deliver, true, "the glue's session is in deliver mode");
  assert.equal(create.options.debugMode, catalog.undefined, "undefined spelled as the catalogue's sentinel");
  const ack = inputs.find((e) => e.input === "receive");
  assert.equal(ack.origin, WIDGET_ORIGIN);
  assert.equal(ack.fromPeer, true);
  assert.equal(JSON.parse(ack.json).debugMode, catalog.undefined, "the exact text the core got");
  const dispatched = inputs.filter((e) => e.input === "dispatch").map((e) => JSON.parse(e.json).type);
  assert.deepEqual(dispatched, ["READY", "INITIALIZED", "NOT_A_TYPE"]);
  const calls = inputs.filter((e) => e.input === "call").map((e) => [e.method, JSON.parse(e.json).type]);
  assert.deepEqual(calls, [["sendMessage", "ERROR"], ["sendMessage", "DIAL_NUMBER"]]);
  // the dispatch that answers NOT_A_TYPE comes before the sendMessage it causes
  const order = inputs.map((e) => (e.input === "dispatch" || e.input === "call" ? `${e.input}:${JSON.parse(e.json).type}` : e.input));
  assert.ok(order.indexOf("dispatch:NOT_A_TYPE") < order.indexOf("call:ERROR"), order.join(" "));
  // posts: what went to the iframe, in order, undefined as the sentinel
  const posts = trace.filter((e) => e.output === "post");
  assert.deepEqual(posts.map((p) => p.envelope.type), posted.map((p) => p.message.type));
  for (const p of posts) assert.deepEqual(Object.keys(p), ["t", "session", "output", "targetOrigin", "envelope"]);
  assert.ok(posts.every((p) => p.targetOrigin === WIDGET_ORIGIN));
  const error = posts.find((p) => p.envelope.type === "ERROR");
  assert.equal(error.envelope.data.data.originalMessage.data.a, catalog.undefined);
});

test("a widget's trace: create, the host's SYNC, READY dispatched, the app's calls", async () => {
  const trace = [];
  let ext;
  const page = widgetPage(CallingExtensions, {
    onCoreTrace: (entry) => trace.push(entry),
    eventHandlers: { onReady: () => ext.initialized({ isLoggedIn: true }) },
  });
  ext = page.ext;
  ext.userLoggedIn(); // before the core is loaded: fed, and traced, once it is
  await ext.ready;
  page.fromHost(syncEnvelope());
  await settle();
  const inputs = trace.filter((e) => e.input);
  assert.deepEqual(inputs.map((e) => e.input).slice(0, 5), ["create", "call", "receive", "dispatch", "call"]);
  assert.equal(inputs[0].options.role, "widget");
  assert.equal(inputs[1].method, "sendMessage");
  assert.equal(inputs[2].origin, HOST_ORIGIN);
  assert.ok(inputs[1].session > 0 && inputs.every((e) => e.session === inputs[0].session));
  assert.deepEqual(trace.filter((e) => e.output).map((e) => e.envelope.type), page.types());
  ext.destroy();
});

/** Replays a trace's inputs through a fresh session of the core, as `callcore replay` does. */
function replay(trace, { skip = [] } = {}) {
  let session = null;
  const posts = [];
  const violations = [];
  const drain = () => {
    for (const action of session.drain()) {
      if (action.action === "post") posts.push({ targetOrigin: action.targetOrigin, envelope: action.envelope });
      if (action.action === "violation") violations.push(`${action.code}: ${action.message}`);
    }
  };
  for (const entry of trace) {
    if (!entry.input || skip.includes(entry.input)) continue;
    // The glue's shortcuts spare the page work; a replay takes the long way (as cli/lib/judge.mjs).
    if (entry.input === "create") session = core.createSession({ ...entry.options, previewDispatch: false, postAsIs: false });
    else session.apply(entry);
    drain();
  }
  session.free();
  return { posts, violations };
}

// JSON with undefined spelled as the sentinel, as the trace spells it
const spelled = (value) => JSON.stringify(value, (_key, v) => (v === undefined ? catalog.undefined : v));

test("a replay of a recorded deliver-mode session posts what the page posted and finds what it found", async () => {
  const { trace, violations } = await recordedHost();
  const recorded = trace.filter((e) => e.output === "post").map(({ targetOrigin, envelope }) => ({ targetOrigin, envelope }));
  const again = replay(trace);
  assert.ok(recorded.length >= 4);
  assert.deepEqual(again.posts.map(spelled), recorded.map((p) => JSON.stringify(p)));
  const seen = violations.map((v) => `${v.code}: ${v.message}`);
  assert.ok(seen.some((v) => v.startsWith("NO_HANDLER")), "dispatch's finding on the page");
  assert.deepEqual(again.violations, seen);
  // Without the dispatches, the replay would miss what the handler layer found.
  const blind = replay(trace, { skip: ["dispatch"] });
  assert.ok(!blind.violations.some((v) => v.startsWith("NO_HANDLER")));
});

test("the glue copies the catalogue's app options, for their role, into the session", async () => {
  const app = catalog.options.filter((o) => o.source === "app");
  assert.ok(app.some((o) => o.name === "policy"));
  const value = (o) => {
    if (o.default !== null && o.default !== undefined) return o.default;
    if (o.types.includes("array")) return ["*"];
    if (o.types.includes("boolean")) return true;
    // an object of fields (instances): its required members, each a short string
    if (o.fields) return Object.fromEntries(o.fields.filter((f) => f.required).map((f) => [f.name, "x"]));
    return {};
  };
  for (const role of ["widget", "host"]) {
    const given = Object.fromEntries(app.map((o) => [o.name, value(o)]));
    const trace = [];
    const options = { ...given, onCoreTrace: (e) => trace.push(e), eventHandlers: {} };
    const page = role === "host" ? hostPage(CallingExtensions, options) : widgetPage(CallingExtensions, options);
    await page.ext.ready;
    const created = trace[0].options;
    for (const o of app) {
      if (o.roles.includes(role)) assert.deepEqual(created[o.name], given[o.name], `${role} ${o.name}`);
      else assert.ok(!(o.name in created), `${role} leaves out ${o.name}`);
    }
    // and nothing the catalogue does not list
    for (const name of Object.keys(created)) assert.ok(catalog.options.some((o) => o.name === name), name);
    page.ext.destroy();
  }
});

test("a hook that throws: the input is fed and carried out all the same, then the error surfaces", async () => {
  let throwing = false;
  const page = widgetPage(CallingExtensions, {
    onCoreTrace: () => {
      if (throwing) throw new Error("hook failed");
    },
    eventHandlers: { onReady() {} },
  });
  await page.ext.ready;
  throwing = true;
  assert.throws(() => page.fromHost(syncEnvelope()), /hook failed/);
  assert.deepEqual(page.types(), ["SYNC_ACK"], "the SYNC was answered");
  page.ext.destroy();
});

test("option instances: a peer action's message, given to another session, is fed by peer() and by apply()", () => {
  const make = (member) =>
    core.createSession({ role: "widget", instanceId: 1724412345000, instances: { channel: "app", member, settleMs: 0 } });
  const one = make("one");
  const two = make("two");
  const hello = one.drain().find((a) => a.action === "peer");
  assert.equal(hello.message.kind, "hello");
  two.drain();
  assert.deepEqual(two.peer(JSON.stringify(hello.message), 1724412345100), { ok: true });
  const answer = two.drain().find((a) => a.action === "peer");
  assert.equal(answer.message.kind, "here");
  assert.equal(answer.message.to, "one");
  assert.deepEqual(one.apply({ input: "peer", json: JSON.stringify(answer.message), t: 1724412345101 }), { ok: true });
  assert.equal(one.state().instances.members.length, 2);
  const bad = one.peer("{}", 1724412345102);
  assert.equal(bad.ok, false);
  assert.equal(bad.code, "CALLCORE_E_DROPPED");
  assert.equal(one.drain().find((a) => a.action === "violation").direction, "peer");
  // Without the option there is no channel.
  const plain = core.createSession({ role: "widget", instanceId: 1724412345000 });
  assert.deepEqual(plain.peer(JSON.stringify(hello.message), 1724412345103), {
    ok: false,
    code: "CALLCORE_E_OPTIONS",
    reason: "option instances is not set",
  });
  for (const s of [one, two, plain]) s.free();
});
