#!/usr/bin/env node
// Where a widget's time goes per message (prints a profile; asserts nothing): the bench
// pages of bench/web-bench.mjs for one pairing (default: callcore host + callcore widget),
// console silenced, warmed up, then V8's CPU profiler (CDP Profiler.start/stop through
// playwright-core) over --bursts widget→host bursts of --messages each. callcore's script is
// served with its identifiers kept (see below), so the glue's functions have their names.
// JSON.parse and JSON.stringify do not get frames of their own in V8's profile: their time is
// the self time of the glue function that calls them (decodeActions: JSON.parse of the
// drained actions; encodeWithin: JSON.stringify with the size-budget replacer).
//
// The two frames are one site (two ports of 127.0.0.1), so one renderer process and one
// main thread: one profile holds both. A sample belongs to the frame whose script is on its
// stack (by origin); samples with no script of either frame on the stack (the garbage
// collector, "(program)") go to the frame of the sample before them. Self time per function
// of the widget's samples, per message, and by kind: the glue's JS, WebAssembly (named from
// build-wasm/wasm/callcore-core.js.symbols), JSON.stringify/parse, postMessage, the
// TextEncoder/TextDecoder, the garbage collector, the bench page, other.
//
//   node bench/profile-burst.mjs [--widget callcore] [--host callcore] [--bursts 5]
//                                [--messages 2000] [--interval 50] [--save FILE.cpuprofile] [--json]
//
// Build first (npm run build).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { frameOf, launchBrowser, startServers } from "../tests/e2e/support.mjs";

const { values } = parseArgs({
  options: {
    host: { type: "string", default: "callcore" },
    widget: { type: "string", default: "callcore" },
    bursts: { type: "string", default: "5" },
    messages: { type: "string", default: "2000" },
    interval: { type: "string", default: "50" }, // µs between samples
    top: { type: "string", default: "20" },
    save: { type: "string" }, // write the raw profile (.cpuprofile: DevTools opens it)
    json: { type: "boolean", default: false },
  },
});
const BURSTS = Number(values.bursts);
const MESSAGES = Number(values.messages);
const TOP = Number(values.top);

const symbols = new Map(
  readFileSync(new URL("../build-wasm/wasm/callcore-core.js.symbols", import.meta.url), "utf8").trim().split("\n").map((line) => {
    const at = line.indexOf(":");
    return [Number(line.slice(0, at)), line.slice(at + 1)];
  }),
);

// web/dist/callcore.js as web/tools/bundle.mjs builds it, but with its names kept (same syntax
// and whitespace minification, so the same code for V8 but for the identifiers): the
// profile then names the glue's functions. Served in place of /lib/callcore.js.
const readable = (
  await build({
    entryPoints: [fileURLToPath(new URL("../web/src/index.mjs", import.meta.url))],
    bundle: true,
    minifySyntax: true,
    minifyWhitespace: true,
    minifyIdentifiers: false,
    keepNames: false,
    legalComments: "none",
    target: ["es2020"],
    logLevel: "warning",
    format: "iife",
    platform: "browser",
    globalName: "callcore",
    footer: { js: 'for(const k of ["default","Constants","IFrameManager"])self[k]=callcore[k];' },
    write: false,
  })
).outputFiles[0].text;

const servers = await startServers(2, fileURLToPath(new URL("web/", import.meta.url)));
const [HOST, WIDGET] = servers.origins;
const within = (name, ms) => `Promise.race([window.${name}, new Promise((_, reject) => setTimeout(() => reject(new Error("${name}: not settled within ${ms} ms")), ${ms}))])`;
const widgetUrl = `${WIDGET}/fixtures/widget.html?impl=${values.widget}&hosts=${encodeURIComponent(HOST)}`;
const pageUrl = `${HOST}/fixtures/host.html?impl=${values.host}&widget=${encodeURIComponent(widgetUrl)}`;

async function widgetToHost(page, widget, n) {
  await page.evaluate((k) => window.expect(k), n);
  const t0 = await widget.evaluate((k) => window.burst(k), n);
  const t1 = await page.evaluate(within("done", 60000));
  return t1 - t0;
}

const browser = await launchBrowser();
let profile;
let burstMs = [];
try {
  if (values.host === "callcore" || values.widget === "callcore") {
    await browser.context.route(/\/lib\/callcore\.js$/, (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: readable }));
  }
  await browser.context.addInitScript(() => {
    for (const level of ["log", "debug", "info", "warn", "error", "trace"]) console[level] = () => {};
  });
  const page = await browser.context.newPage();
  await page.goto(pageUrl);
  await page.evaluate(within("ready", 15000));
  await page.evaluate(within("initialized", 15000));
  const widget = await frameOf(page, "/fixtures/widget.html");
  for (let i = 0; i < 3; i++) await widgetToHost(page, widget, MESSAGES); // warm-up
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: Number(values.interval) });
  await cdp.send("Profiler.start");
  for (let i = 0; i < BURSTS; i++) burstMs.push(await widgetToHost(page, widget, MESSAGES));
  ({ profile } = await cdp.send("Profiler.stop"));
  await page.close();
} finally {
  await browser.close();
  await servers.close();
}

if (values.save) writeFileSync(values.save, JSON.stringify(profile));

// ---- attribution ----
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children || []) parent.set(child, node.id);
const frameOfNode = new Map();
const frameOf_ = (id) => {
  if (frameOfNode.has(id)) return frameOfNode.get(id);
  const { url } = nodes.get(id).callFrame;
  let frame = url.startsWith(WIDGET) ? "widget" : url.startsWith(HOST) ? "host" : null;
  if (!frame && parent.has(id)) frame = frameOf_(parent.get(id));
  frameOfNode.set(id, frame);
  return frame;
};

const wasmName = (name) => {
  const m = /^\$?(?:func|f)(\d+)$|^wasm-function\[(\d+)\]$/.exec(name);
  if (!m) return name.replace(/^\$/, "");
  const index = Number(m[1] ?? m[2]);
  return symbols.get(index) ?? name;
};
function kindOf(node) {
  const { functionName, url } = node.callFrame;
  if (functionName === "(garbage collector)") return "garbage collector";
  if (functionName === "(program)") return "(program): native, outside any JS frame";
  if (url.startsWith("wasm://")) return "WebAssembly (the core)";
  if (!url) {
    if (functionName === "stringify" || functionName === "parse") return `JSON.${functionName}`;
    if (functionName === "postMessage") return "postMessage";
    if (/^(encodeInto|encode|decode)$/.test(functionName)) return "TextEncoder/TextDecoder";
    return "other native or builtin";
  }
  if (/\/fixtures\/bench\.js/.test(url)) return "the bench page";
  if (/\/lib\//.test(url)) return "the SDK's JS (callcore: the glue)";
  return "other";
}
const label = (node) => {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  if (url.startsWith("wasm://")) return `${wasmName(functionName)} (wasm)`;
  if (!url) return functionName || "(anonymous native)";
  const file = url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
  return `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
};

const total = { widget: 0, host: 0, idle: 0 };
const self = new Map();
const kinds = new Map();
let last = null;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0; // the time until the next sample is this sample's
  t += profile.timeDeltas[i];
  const node = nodes.get(profile.samples[i]);
  if (node.callFrame.functionName === "(idle)") {
    total.idle += dt;
    continue;
  }
  const frame = frameOf_(node.id) ?? last;
  if (!frame) continue;
  last = frame;
  total[frame] += dt;
  if (frame !== "widget") continue;
  const key = label(node);
  self.set(key, (self.get(key) || 0) + dt);
  const kind = kindOf(node);
  kinds.set(kind, (kinds.get(kind) || 0) + dt);
}

const messages = BURSTS * MESSAGES;
const perMessage = (us) => us / messages; // µs per message
const widgetUs = total.widget;
const result = {
  pairing: { host: values.host, widget: values.widget },
  bursts: BURSTS,
  messages: MESSAGES,
  samplingIntervalUs: Number(values.interval),
  burstMs,
  perMessageUs: { widget: perMessage(total.widget), host: perMessage(total.host), wallClock: burstMs.reduce((a, b) => a + b, 0) * 1000 / messages },
  kinds: [...kinds].sort((a, b) => b[1] - a[1]).map(([kind, us]) => ({ kind, perMessageUs: perMessage(us), share: us / widgetUs })),
  top: [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([fn, us]) => ({ function: fn, perMessageUs: perMessage(us), share: us / widgetUs })),
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const f = (x) => x.toFixed(2).padStart(6);
  const pct = (x) => `${(100 * x).toFixed(1)} %`.padStart(7);
  console.log(`${values.host} host + ${values.widget} widget: ${BURSTS} widget→host bursts of ${MESSAGES}, sampled every ${values.interval} µs`);
  console.log(`  busy per message: widget ${f(result.perMessageUs.widget)} µs, host ${f(result.perMessageUs.host)} µs; wall clock ${f(result.perMessageUs.wallClock)} µs`);
  console.log("  widget, self time by kind (µs per message, share of the widget's time)");
  for (const k of result.kinds) console.log(`    ${f(k.perMessageUs)} ${pct(k.share)}  ${k.kind}`);
  console.log("  widget, top functions by self time");
  for (const k of result.top) console.log(`    ${f(k.perMessageUs)} ${pct(k.share)}  ${k.function}`);
}
