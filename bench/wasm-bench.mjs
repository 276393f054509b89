#!/usr/bin/env node
// Benchmark of the WebAssembly core in Node (prints figures; asserts nothing about speed):
// the mix of bench/call-mix.json (the same calls core_bench times natively) through
//   raw   the exported C functions, strings copied in and the drained actions read
//         back out as JS strings (the glue's crossing, which every message pays), and
//   glue  web/src/core.mjs's Session, as CallingExtensions uses it (actions decoded
//         into objects with JSON.parse as well).
// Then memory: linear memory and the JS heap after 10,000 complete calls per role.
//
//   node --expose-gc bench/wasm-bench.mjs [--rounds 15] [--calls 250] [--json]
//
// Build first (npm run build): it loads web/generated/callcore-core.cjs and the .wasm beside it.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { loadCore, loadCoreFrom } from "../web/src/core.mjs";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "15" },
    calls: { type: "string", default: "250" },
    memoryCalls: { type: "string", default: "10000" },
    json: { type: "boolean", default: false },
    module: { type: "string" }, // another build of callcore-core (emcc's .js with its .wasm beside it), to compare builds
  },
});
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);
const MEMORY_CALLS = Number(values.memoryCalls);

const mix = JSON.parse(readFileSync(new URL("call-mix.json", import.meta.url), "utf8"));

/** The template with "@call@" (quotes included) replaced by the number, @call@ in strings by its digits (as core_bench.c). */
const expand = (template, call) => template.replaceAll('"@call@"', String(call)).replaceAll("@call@", String(call));
const stepsOf = (list) =>
  list.map((step) => ({
    op: step.op,
    method: step.method,
    template: step.op === "receive" ? JSON.stringify(step.envelope) : step.payload === undefined ? null : JSON.stringify(step.payload),
  }));
const roles = {
  widget: { steps: stepsOf(mix.widget), peerOrigin: mix.hostOrigin },
  host: { steps: stepsOf(mix.host), peerOrigin: mix.widgetOrigin },
};

/** Another build: emcc's .js (loaded as CommonJS from a copy named .cjs) and the .wasm beside it. */
async function otherBuild(jsFile) {
  const copy = join(mkdtempSync(join(tmpdir(), "callcore-bench-")), "callcore-core.cjs");
  copyFileSync(resolve(jsFile), copy);
  return loadCoreFrom(createRequire(import.meta.url)(copy), readFileSync(resolve(jsFile).replace(/\.js$/, ".wasm")));
}
const core = values.module ? await otherBuild(values.module) : await loadCore();
const m = core.module;

/** A ready pair: the real handshake between a host and a widget session (as core_bench.c). */
function readyPair() {
  const widget = core.createSession(mix.widgetOptions);
  const host = core.createSession(mix.hostOptions);
  const deliver = (from, to, origin, now) => {
    let moved = 0;
    for (const action of from.drain()) {
      if (action.action !== "post") continue;
      to.receive(origin, true, JSON.stringify(action.envelope), now);
      moved++;
    }
    return moved;
  };
  const pump = (now) => {
    for (let round = 0; round < 20; round++) {
      if (deliver(host, widget, mix.hostOrigin, now) + deliver(widget, host, mix.widgetOrigin, now) === 0) return;
    }
  };
  host.iframeLoaded(1000);
  pump(1001);
  for (const step of mix.widgetAfterReady) widget.call(step.method, JSON.stringify(step.payload), 1002);
  widget.tick(1003);
  pump(1003);
  return { widget, host };
}

// ---- the raw crossing: what one message costs through the exports ----

// The crossing is the glue's own (Core.withStrings: UTF-8 encoded into a heap buffer
// kept between calls; Core.take: decoded and freed), without Session's wrapping or decode.
function rawStep(session, role, step, json, now) {
  if (step.op === "receive") {
    return core.withStrings([role.peerOrigin, json], (origin, envelope) => m._callcore_receive(session.pointer, origin, 1, envelope, now));
  }
  return core.withStrings([step.method, json], (method, payload) => m._callcore_call(session.pointer, method, payload, now));
}

function rawDrain(session) {
  return core.take(m._callcore_drain(session.pointer));
}

function gluedStep(session, role, step, json, now) {
  const result = step.op === "receive" ? session.receive(role.peerOrigin, true, json, now) : session.call(step.method, json, now);
  return result.ok ? 0 : 1;
}

const expandCalls = (role, first, calls) => {
  const texts = [];
  for (let c = 0; c < calls; c++) for (const step of role.steps) texts.push(step.template === null ? null : expand(step.template, first + c));
  return texts;
};

function runCalls(session, role, texts, first, calls, path) {
  const n = role.steps.length;
  for (let c = 0; c < calls; c++) {
    const now = 10000 * (first + c);
    for (let i = 0; i < n; i++) {
      if (path === "raw") {
        rawStep(session, role, role.steps[i], texts[c * n + i], now + i);
        rawDrain(session);
      } else {
        gluedStep(session, role, role.steps[i], texts[c * n + i], now + i);
        session.drain();
      }
    }
  }
}

/** One call with every result checked: a clean mix produces no violation. */
function verify(session, roleName, role, call) {
  role.steps.forEach((step, i) => {
    const json = step.template === null ? null : expand(step.template, call);
    const err = rawStep(session, role, step, json, 10000 * call + i);
    const actions = rawDrain(session);
    if (err !== 0 || actions.includes('"action":"violation"')) {
      throw new Error(`the ${roleName} mix is not clean at step ${i} (${core.errorName(err)}): ${actions}`);
    }
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function timeRole(roleName, path) {
  const pair = readyPair();
  const session = pair[roleName];
  const role = roles[roleName];
  let next = 1;
  for (let c = 0; c < 3; c++) verify(session, roleName, role, next++);
  // warm-up: the JIT compiles the glue before the clock starts
  runCalls(session, role, expandCalls(role, next, CALLS), next, CALLS, path);
  next += CALLS;
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) {
    const texts = expandCalls(role, next, CALLS);
    const start = process.hrtime.bigint();
    runCalls(session, role, texts, next, CALLS, path);
    samples.push(Number(process.hrtime.bigint() - start) / (CALLS * role.steps.length));
    next += CALLS;
  }
  verify(session, roleName, role, next);
  pair.widget.free();
  pair.host.free();
  return { median_ns: median(samples), min_ns: Math.min(...samples), max_ns: Math.max(...samples) };
}

function timeRest() {
  const bodies = mix.rest.map((entry) => ({ kind: entry.kind, json: expand(JSON.stringify(entry.body), 7) }));
  for (const body of bodies) {
    const verdict = core.validateRest(body.kind, body.json);
    if (!verdict.ok || verdict.warnings.length) throw new Error(`REST body ${body.kind} of the mix is not clean: ${JSON.stringify(verdict)}`);
  }
  const samples = [];
  const n = CALLS * 8;
  for (let r = 0; r < ROUNDS + 1; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const body = bodies[i % bodies.length];
      core.take(core.withStrings([body.kind, body.json], (kind, json) => m._callcore_validate_rest(kind, json)));
    }
    if (r > 0) samples.push(Number(process.hrtime.bigint() - start) / n); // round 0 warms up
  }
  return { median_ns: median(samples), min_ns: Math.min(...samples), max_ns: Math.max(...samples) };
}

/** Linear memory and JS heap (after a full GC when --expose-gc) at checkpoints over MEMORY_CALLS calls per role. */
function measureMemory() {
  const gc = globalThis.gc ?? (() => {});
  const pair = readyPair();
  const checkpoints = [1000, MEMORY_CALLS / 2, MEMORY_CALLS];
  const out = [];
  let done = 0;
  for (const until of checkpoints) {
    while (done < until) {
      const batch = Math.min(500, until - done);
      for (const name of ["widget", "host"]) {
        const role = roles[name];
        runCalls(pair[name], role, expandCalls(role, done + 1, batch), done + 1, batch, "glue");
      }
      done += batch;
    }
    gc();
    out.push({ calls: done, linearMemoryBytes: m.HEAP32.buffer.byteLength, jsHeapBytes: process.memoryUsage().heapUsed });
  }
  // still clean after all of them
  verify(pair.widget, "widget", roles.widget, done + 1);
  verify(pair.host, "host", roles.host, done + 1);
  pair.widget.free();
  pair.host.free();
  return { gcExposed: Boolean(globalThis.gc), checkpoints: out };
}

const result = {
  rounds: ROUNDS,
  callsPerRound: CALLS,
  node: process.version,
  perMessage: {
    widget: { raw: timeRole("widget", "raw"), glue: timeRole("widget", "glue") },
    host: { raw: timeRole("host", "raw"), glue: timeRole("host", "glue") },
    rest: timeRest(),
  },
  memory: measureMemory(),
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const f = (x) => `${Math.round(x.median_ns)} ns/message (min ${Math.round(x.min_ns)}, max ${Math.round(x.max_ns)})`;
  console.log(`callcore WASM core in Node ${process.version}: medians of ${ROUNDS} rounds of ${CALLS} calls`);
  for (const name of ["widget", "host"]) {
    console.log(`  ${name} session, exports + string crossing  ${f(result.perMessage[name].raw)}`);
    console.log(`  ${name} session, glue Session (+ decode)    ${f(result.perMessage[name].glue)}`);
  }
  console.log(`  REST validators (per body)                ${f(result.perMessage.rest)}`);
  for (const point of result.memory.checkpoints) {
    console.log(`  after ${String(point.calls).padStart(5)} calls per role: linear memory ${point.linearMemoryBytes} B, JS heap ${point.jsHeapBytes} B`);
  }
  if (!result.memory.gcExposed) console.log("  (run with node --expose-gc for JS heap figures after a full collection)");
}
