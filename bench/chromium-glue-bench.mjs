#!/usr/bin/env node
// The glue's Session in Chromium (prints figures; asserts nothing about speed): the mix
// of bench/call-mix.json, as bench/wasm-bench.mjs's "glue" path runs it in Node, inside
// one headless Chromium page that loaded web/dist/callcore.js (the file a widget loads).
// No postMessage and no second frame: what the core and its string crossing cost per
// message in the browser, apart from the cost of messaging itself.
//
//   node bench/chromium-glue-bench.mjs [--mix bench/call-mix.json] [--rounds 15] [--calls 150] [--json]
//
// Build first (npm run build).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { launchBrowser, startServers } from "../tests/e2e/support.mjs";

const { values } = parseArgs({
  options: { mix: { type: "string" }, rounds: { type: "string", default: "15" }, calls: { type: "string", default: "150" }, json: { type: "boolean", default: false } },
});
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);
const mix = JSON.parse(readFileSync(values.mix ?? new URL("call-mix.json", import.meta.url), "utf8"));

/** Runs in the page: a ready pair (the real handshake), then CALLS calls per role; ns per message per role. */
async function round({ mix, calls, first }) {
  const core = await window.callcore.loadCore();
  const expand = (template, call) => template.replaceAll('"@call@"', String(call)).replaceAll("@call@", String(call));
  const stepsOf = (list) => list.map((s) => ({ op: s.op, method: s.method, template: s.op === "receive" ? JSON.stringify(s.envelope) : s.payload === undefined ? null : JSON.stringify(s.payload) }));
  const roles = { widget: { steps: stepsOf(mix.widget), origin: mix.hostOrigin }, host: { steps: stepsOf(mix.host), origin: mix.widgetOrigin } };
  const widget = core.createSession(mix.widgetOptions);
  const host = core.createSession(mix.hostOptions);
  const deliver = (from, to, origin, now) => {
    let moved = 0;
    for (const action of from.drain()) if (action.action === "post") { to.receive(origin, true, JSON.stringify(action.envelope), now); moved++; }
    return moved;
  };
  const pump = (now) => { for (let r = 0; r < 20; r++) if (deliver(host, widget, mix.hostOrigin, now) + deliver(widget, host, mix.widgetOrigin, now) === 0) return; };
  host.iframeLoaded(1000);
  pump(1001);
  for (const step of mix.widgetAfterReady) widget.call(step.method, JSON.stringify(step.payload), 1002);
  widget.tick(1003);
  pump(1003);
  const out = {};
  for (const [name, session] of [["widget", widget], ["host", host]]) {
    const role = roles[name];
    const n = role.steps.length;
    const texts = [];
    for (let c = 0; c < calls; c++) for (const step of role.steps) texts.push(step.template === null ? null : expand(step.template, first + c));
    let violations = 0;
    const start = performance.now();
    for (let c = 0; c < calls; c++) {
      for (let i = 0; i < n; i++) {
        const step = role.steps[i];
        const now = 10000 * (first + c) + i;
        const result = step.op === "receive" ? session.receive(role.origin, true, texts[c * n + i], now) : session.call(step.method, texts[c * n + i], now);
        const actions = session.drain();
        if (!result.ok) throw new Error(`${name} step ${i}: ${result.reason}`);
        for (const action of actions) if (action.action === "violation") violations++;
      }
    }
    out[name] = ((performance.now() - start) * 1e6) / (calls * n);
    if (violations) throw new Error(`the ${name} mix is not clean in Chromium: ${violations} violations`);
  }
  widget.free();
  host.free();
  return out;
}

const servers = await startServers(1, fileURLToPath(new URL("web/", import.meta.url)));
const browser = await launchBrowser();
const samples = { widget: [], host: [] };
let chromium = "";
try {
  const page = await browser.context.newPage();
  // a page of the bench server's origin with nothing of its own (its 404), then the browser file a widget loads
  await page.goto(`${servers.origins[0]}/fixtures/empty`).catch(() => {});
  await page.addScriptTag({ url: "/lib/callcore.js" });
  chromium = await page.evaluate(() => navigator.userAgent.match(/Chrom(e|ium)\/[\d.]+/)?.[0] ?? "");
  for (let r = 0; r < ROUNDS + 1; r++) {
    const result = await page.evaluate(round, { mix, calls: CALLS, first: 1 + r * CALLS });
    if (r > 0) for (const role of ["widget", "host"]) samples[role].push(result[role]); // round 0 warms up the JIT
  }
} finally {
  await browser.close();
  await servers.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const summary = (xs) => ({ median_ns: median(xs), min_ns: Math.min(...xs), max_ns: Math.max(...xs) });
const result = { rounds: ROUNDS, callsPerRound: CALLS, chromium, perMessage: { widget: summary(samples.widget), host: summary(samples.host) } };
if (values.json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const f = (x) => `${Math.round(x.median_ns)} ns/message (min ${Math.round(x.min_ns)}, max ${Math.round(x.max_ns)})`;
  console.log(`callcore's glue Session in ${chromium}: medians of ${ROUNDS} rounds of ${CALLS} calls`);
  for (const role of ["widget", "host"]) console.log(`  ${role} session  ${f(result.perMessage[role])}`);
}
