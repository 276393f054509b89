#!/usr/bin/env node
// Writes BENCHMARKS.md from the JSON the benchmarks printed (scripts/bench.sh runs them all):
//   node bench/report.mjs --dir <folder with core.json wasm.json web.json size.json machine.json
//                              [callgrind.json]> [--out BENCHMARKS.md]
// Every figure in the file comes from those results; the targets are judged here.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { dir: { type: "string" }, out: { type: "string", default: "BENCHMARKS.md" } } });
const load = (name) => {
  const file = join(values.dir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
};
const machine = load("machine.json");
const core = load("core.json");
const callgrind = load("callgrind.json");
const wasm = load("wasm.json");
const web = load("web.json");
const size = load("size.json");
const handshake = load("handshake.json");
const chromiumGlue = load("chromium-glue.json");

const n = (x, digits = 0) => (x === undefined || x === null ? "–" : Number(x).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const us = (ns) => `${n(ns / 1000, 2)} µs`;
const verdict = (ok) => (ok === null ? "not measured" : ok ? "**met**" : "**missed**");
const lines = [];
const out = (text = "") => lines.push(text);
const table = (rows) => {
  out(`| ${rows[0].join(" | ")} |`);
  out(`|${rows[0].map((_, i) => (i === 0 ? "---" : "--:")).join("|")}|`);
  for (const row of rows.slice(1)) out(`| ${row.join(" | ")} |`);
  out();
};
const targets = [];

out("# callcore benchmarks");
out();
out("Written by `npm run bench` (`scripts/bench.sh`, which runs `bench/*.mjs` and `build-bench/core_bench` and then");
out("`bench/report.mjs`); every figure below comes from that one run. Medians, with min–max over the rounds.");
out("Speed figures are measurements on a shared machine, not assertions: read the ratios (measured side by side,");
out("round by round) before the absolute numbers. Instruction counts (callgrind) do not depend on the load.");
out();
out("## Machine");
out();
if (machine) {
  table([
    ["", ""],
    ["date", machine.date],
    ["CPU", `${machine.cpu} (${machine.cores} cores)`],
    ["memory", `${n(machine.memoryBytes / 2 ** 30, 1)} GiB`],
    ["load average at start / end", `${machine.loadStart} / ${machine.loadEnd ?? "–"}`],
    ["OS", machine.os],
    ["Node", machine.node],
    ["Chromium", machine.chromium],
    ["Emscripten", machine.emscripten],
    ["C compiler (native)", machine.cc],
    ["git", machine.git],
  ]);
}

// ---- core ----
out("## 1. Core, native: the full path per message");
out();
out("One complete outbound call per role from `bench/call-mix.json` (8 messages each: DIAL_NUMBER, outgoingCall,");
out("CREATE_ENGAGEMENT_SUCCEEDED, callAnswered, VISIBILITY_CHANGED, callEnded, callCompleted with engagement");
out("properties, UPDATE_ENGAGEMENT_SUCCEEDED as the widget sees them; the mirror image for the host), run call after");
out("call on one ready session; each message is parsed, validated, applied to the call state, turned into actions");
out("and serialised, and the actions are drained after every event as the glue does. The harness refuses a mix that");
out("produces any violation. CMake `Release` build (`-O3 -DNDEBUG`), glibc malloc, Debian's libcjson.");
out();
if (core) {
  const rows = [["role", "ns per message (median)", "min–max", "messages/s", "heap allocations per message", "instructions per message (callgrind)"]];
  for (const role of ["widget", "host"]) {
    const f = core.perMessage[role];
    rows.push([
      `${role} session`,
      n(f.median_ns),
      `${n(f.min_ns)}–${n(f.max_ns)}`,
      n(1e9 / f.median_ns),
      n(f.allocations, 1),
      callgrind ? n(callgrind[role].instructionsPerMessage) : "–",
    ]);
  }
  const rest = core.perMessage.rest;
  rows.push(["REST validators (per body, 5 kinds)", n(rest.median_ns), `${n(rest.min_ns)}–${n(rest.max_ns)}`, n(1e9 / rest.median_ns), "–", "–"]);
  table(rows);
  const worst = Math.max(core.perMessage.widget.median_ns, core.perMessage.host.median_ns);
  targets.push(["core, native: ≤ 2 µs per message", `${us(core.perMessage.widget.median_ns)} widget, ${us(core.perMessage.host.median_ns)} host`, verdict(worst <= 2000)]);
}

out("## 2. Core, WebAssembly in Node (and the glue in Chromium)");
out();
out("The same mix through the exported C functions of the shipped module, strings copied into linear memory and the");
out("drained actions read back as JS strings (`exports`), and through the glue's `Session` wrapper");
out("(`web/src/core.mjs`, which also decodes the actions with `JSON.parse`); the glue path once more inside a headless");
out("Chromium page that loaded `web/dist/callcore.js` (`bench/chromium-glue-bench.mjs`: no postMessage, no second frame).");
out("The ratio divides by the native figure.");
out();
if (wasm) {
  const rows = [["role", "path", "ns per message (median)", "min–max", "ratio to native"]];
  for (const role of ["widget", "host"]) {
    for (const path of ["raw", "glue"]) {
      const f = wasm.perMessage[role][path];
      rows.push([`${role} session`, path === "raw" ? "exports + string crossing" : "glue Session + decode", n(f.median_ns), `${n(f.min_ns)}–${n(f.max_ns)}`, core ? `${n(f.median_ns / core.perMessage[role].median_ns, 2)}×` : "–"]);
    }
  }
  if (chromiumGlue) {
    for (const role of ["widget", "host"]) {
      const f = chromiumGlue.perMessage[role];
      rows.push([`${role} session`, `glue Session + decode, in ${chromiumGlue.chromium}`, n(f.median_ns), `${n(f.min_ns)}–${n(f.max_ns)}`, core ? `${n(f.median_ns / core.perMessage[role].median_ns, 2)}×` : "–"]);
    }
  }
  const rest = wasm.perMessage.rest;
  rows.push(["REST validators", "exports + string crossing", n(rest.median_ns), `${n(rest.min_ns)}–${n(rest.max_ns)}`, core ? `${n(rest.median_ns / core.perMessage.rest.median_ns, 2)}×` : "–"]);
  table(rows);
  const worst = Math.max(wasm.perMessage.widget.raw.median_ns, wasm.perMessage.host.raw.median_ns);
  targets.push(["core, WASM: ≤ 5 µs per message", `${us(wasm.perMessage.widget.raw.median_ns)} widget, ${us(wasm.perMessage.host.raw.median_ns)} host (exports + crossing)`, verdict(worst <= 5000)]);
}

// ---- browser ----
out("## 3. Browser: the reference SDK and callcore in one run");
out();
if (web) {
  const s = web.settings;
  out(`Headless Chromium, host page and widget iframe on two origins (two ports of 127.0.0.1), ${s.loads} page loads per`);
  out(`pairing for the handshake, ${s.rounds} rounds of ${n(s.messages)} messages each way and ${n(s.pings)} ping-pong round trips.`);
  out("Rounds alternate between the pairings; each ratio is the pairing's figure over the reference pair's figure of the");
  out("same round, then the median of those ratios (times as they are, rates inverted: below 1.00 is faster than the");
  out("reference). The reference host answers every widget message with ERROR/UNKNOWN_MESSAGE_TYPE, part of its cost;");
  out("the bench pages keep those ERRORs from the reference widget.");
  out();
  const format = (key, x) => (key === "handshake" ? `${n(x, 1)} ms` : key === "rtt" ? `${n(x, 3)} ms` : n(x));
  for (const mode of web.modes) {
    out(`### ${mode.mode === "silenced" ? "Console silenced in every frame (the comparison the targets use)" : "As shipped (console output left on; the reference logs every message)"}`);
    out();
    const rows = [["measure", ...mode.pairings.map((p) => `${p.host} host + ${p.widget} widget`)]];
    for (const { key, label } of web.measures) {
      rows.push([label, ...mode.pairings.map((p) => `${format(key, p.measures[key].median)} (${format(key, p.measures[key].min)}–${format(key, p.measures[key].max)})`)]);
      rows.push([`  ratio to the reference pair`, ...mode.pairings.map((p, i) => (i === 0 ? "1.00" : `${n(p.measures[key].ratio.median, 2)}×`))]);
    }
    table(rows);
  }
  const silenced = web.modes.find((m) => m.mode === "silenced");
  if (silenced) {
    const pair = silenced.pairings.find((p) => p.host === "callcore" && p.widget === "callcore");
    const r = (key) => pair.measures[key].ratio.median;
    targets.push(["browser throughput and ping-pong: ratio ≤ 1.10", `widget→host ${n(r("w2h"), 2)}×, host→widget ${n(r("h2w"), 2)}×, ping-pong ${n(r("rtt"), 2)}×`, verdict(r("w2h") <= 1.1 && r("h2w") <= 1.1 && r("rtt") <= 1.1)]);
    targets.push(["handshake: ratio ≤ 1.0", `${n(r("handshake"), 2)}× (${n(pair.measures.handshake.median, 1)} vs ${n(silenced.pairings[0].measures.handshake.median, 1)} ms)`, verdict(r("handshake") <= 1.0)]);
  }
}

if (handshake) {
  out("### The handshake step by step");
  out();
  out(`\`bench/handshake-timeline.mjs\`: the same pages, console silenced, ${handshake.loads} loads per pairing; the median time of`);
  out("each step in ms since the host page's navigation started (a host creates the iframe when constructed and sends");
  out("its SYNC on the iframe's load event; a widget posts SYNC_ACK just before its onReady). Medians of each step on");
  out("their own, so a column need not add up exactly.");
  out();
  const order = [];
  for (const p of handshake.pairings) for (const step of p.steps) if (!order.includes(step.name)) order.push(step.name);
  const at = (p, name) => p.steps.find((step) => step.name === name);
  order.sort((a, b) => (at(handshake.pairings[1], a)?.medianMs ?? Infinity) - (at(handshake.pairings[1], b)?.medianMs ?? Infinity));
  const rows = [["step", ...handshake.pairings.map((p) => `${p.host} host + ${p.widget} widget`)]];
  for (const name of order) rows.push([name, ...handshake.pairings.map((p) => (at(p, name) ? n(at(p, name).medianMs, 1) : "–"))]);
  table(rows);
}

// ---- size ----
out("## 4. Download size");
out();
if (size) {
  table([["what a widget page loads", "raw (B)", "gzip -9 (B)"], ...size.builds.flatMap((b) => [
    [b.build, n(b.raw), n(b.gzip)],
    ...(b.files.length > 1 ? b.files.map((f) => [`  ${f.file}`, n(f.raw), n(f.gzip)]) : []),
  ])]);
  out(`Where the WebAssembly's bytes go (\`${size.wasm.file}\`, ${n(size.wasm.raw)} B, ${n(size.wasm.gzip)} B gzip -9; code section by`);
  out("author from the symbol map; \"gzip alone\" compresses that group's code by itself, an estimate of its share):");
  out();
  table([
    ["part", "bytes", "functions", "gzip alone (B)"],
    ...size.wasm.codeByAuthor.map((g) => [g.group, n(g.bytes), n(g.functions), n(g.gzipAlone)]),
    ["data section (catalogue, sentences, names)", n(size.wasm.dataSectionBytes), "–", "–"],
  ]);
  const smallest = Math.min(...size.builds.filter((b) => b.build.startsWith("callcore")).map((b) => b.gzip));
  targets.push(["download ≤ 16 KiB (16,384 B) gzip", `${n(smallest)} B gzip (smallest callcore build)`, verdict(smallest <= 16384)]);
}

// ---- memory ----
out("## 5. Memory over 10,000 complete calls");
out();
if (core) {
  const m = core.memory;
  out("Native: live heap bytes of a ready host + widget pair (counted by malloc/free wrappers in `core_bench`), after");
  out(`warm-up (${n(m.warmCalls)} calls per role) and after ${n(m.totalCalls)} calls per role.`);
  out();
  table([
    ["", "live heap (B)"],
    ["ready pair", n(m.idlePairBytes)],
    [`after ${n(m.warmCalls)} calls per role`, n(m.afterWarmBytes)],
    [`after ${n(m.totalCalls)} calls per role`, n(m.afterTotalBytes)],
    ["growth per call after warm-up", n((m.afterTotalBytes - m.afterWarmBytes) / (m.totalCalls - m.warmCalls), 2)],
  ]);
}
if (wasm) {
  const points = wasm.memory.checkpoints;
  out(`WebAssembly in Node: the module's linear memory and the JS heap${wasm.memory.gcExposed ? " (after a full collection)" : ""}, one`);
  out("session per role driven through the glue's `Session`:");
  out();
  table([["calls per role", "linear memory (B)", "JS heap used (B)"], ...points.map((p) => [n(p.calls), n(p.linearMemoryBytes), n(p.jsHeapBytes)])]);
  const first = points[0], middle = points[1], last = points[points.length - 1];
  const linearConstant = first.linearMemoryBytes === last.linearMemoryBytes;
  const slope = (a, b) => (b.jsHeapBytes - a.jsHeapBytes) / (b.calls - a.calls);
  const nativeConstant = core ? core.memory.afterWarmBytes === core.memory.afterTotalBytes : true;
  targets.push([
    "memory constant after warm-up (core: native heap, WASM linear memory)",
    `native heap ${core ? `${n(core.memory.afterWarmBytes)} → ${n(core.memory.afterTotalBytes)} B` : "–"}; linear memory ${n(first.linearMemoryBytes)} → ${n(last.linearMemoryBytes)} B`,
    verdict(linearConstant && nativeConstant),
  ]);
  targets.push([
    "JS heap in Node after a full GC (reported, not judged)",
    `${n(slope(first, middle), 1)} B per call from ${n(first.calls)} to ${n(middle.calls)} calls, ${n(slope(middle, last), 1)} B per call from ${n(middle.calls)} to ${n(last.calls)}`,
    "see note",
  ]);
}

// ---- targets ----
out("## Targets");
out();
table([["target", "measured", "verdict"], ...targets]);
out("The JS heap of the Node process also holds the JIT's code and inline caches, which keep settling long after");
out("warm-up; a per-call leak in the glue (an action or envelope kept per message) would show as hundreds of bytes per");
out("call in both intervals.");
out();

const notes = join(values.dir, "notes.md");
if (existsSync(notes)) {
  out(readFileSync(notes, "utf8").trimEnd());
  out();
}

writeFileSync(values.out, `${lines.join("\n")}\n`);
console.log(`wrote ${values.out}`);
