#!/usr/bin/env node
// Browser benchmark (not a test): the reference SDK pair and the callcore pair in
// the same headless Chromium run, host and widget on two origins, console output
// silenced in every frame (the reference logs each message with console.debug,
// which a CDP client turns into a flood). Prints medians and callcore/reference
// ratios, then the bytes a widget downloads.
//
//   node bench/web-bench.mjs [--rounds 7] [--messages 2000] [--pings 1000] [--loads 11]
//
// Build first (npm run build): it serves web/dist/callcore.js.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { bundleReference, frameOf, launchBrowser, startServers } from "../tests/e2e/support.mjs";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "7" },
    messages: { type: "string", default: "2000" },
    pings: { type: "string", default: "1000" },
    loads: { type: "string", default: "11" },
  },
});
const ROUNDS = Number(values.rounds);
const MESSAGES = Number(values.messages);
const PINGS = Number(values.pings);
const LOADS = Number(values.loads);
const IMPLS = ["reference", "callcore"];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const servers = await startServers(2, fileURLToPath(new URL("web/", import.meta.url)));
const [HOST, WIDGET] = servers.origins;
const browser = await launchBrowser();
await browser.context.addInitScript(() => {
  for (const level of ["log", "debug", "info", "warn", "error", "trace"]) console[level] = () => {};
});

const url = (impl) => {
  const widget = `${WIDGET}/fixtures/widget.html?impl=${impl}&hosts=${encodeURIComponent(HOST)}`;
  return `${HOST}/fixtures/host.html?impl=${impl}&widget=${encodeURIComponent(widget)}`;
};

/** Host navigation start → the widget's onReady (page and iframe fetched, SDK loaded, SYNC, SYNC_ACK). */
async function handshake(impl) {
  const page = await browser.context.newPage();
  try {
    await page.goto(url(impl));
    const widget = await frameOf(page, "/fixtures/widget.html");
    await widget.waitForFunction(() => window.readyAt > 0, null, { timeout: 10000 });
    const start = await page.evaluate(() => performance.timeOrigin);
    return (await widget.evaluate(() => window.readyAt)) - start;
  } finally {
    await page.close();
  }
}

/** One page pair kept open for the traffic measurements. */
async function pair(impl) {
  const page = await browser.context.newPage();
  await page.goto(url(impl));
  const widget = await frameOf(page, "/fixtures/widget.html");
  await widget.waitForFunction(() => window.readyAt > 0, null, { timeout: 10000 });
  await page.waitForFunction(() => window.hostReadyAt > 0, null, { timeout: 10000 });
  return { page, widget };
}

/** n widget→host messages: first send (widget clock) → last received by the host's handler. */
async function widgetToHost({ page, widget }, n) {
  await page.evaluate((t) => { window.mode = "count"; window.count = 0; window.target = t; window.doneAt = 0; }, n);
  const t0 = await widget.evaluate((k) => window.burst(k), n);
  await page.waitForFunction(() => window.doneAt > 0, null, { timeout: 30000 });
  const t1 = await page.evaluate(() => window.doneAt);
  return n / ((t1 - t0) / 1000);
}

/** n host→widget messages: first send (host clock) → last received by the widget's handler. */
async function hostToWidget({ page, widget }, n) {
  await widget.evaluate((t) => { window.mode = "count"; window.count = 0; window.target = t; window.doneAt = 0; }, n);
  const t0 = await page.evaluate((k) => window.burst(k), n);
  await widget.waitForFunction(() => window.doneAt > 0, null, { timeout: 30000 });
  const t1 = await widget.evaluate(() => window.doneAt);
  return n / ((t1 - t0) / 1000);
}

/** n host→widget→host round trips, each started by the previous answer; mean ms per round trip. */
async function pingPong({ page, widget }, n) {
  await widget.evaluate(() => { window.mode = "pong"; window.count = 0; });
  const t0 = await page.evaluate((k) => window.ping(k), n);
  await page.waitForFunction(() => window.doneAt > 0, null, { timeout: 30000 });
  const t1 = await page.evaluate(() => window.doneAt);
  return (t1 - t0) / n;
}

const results = Object.fromEntries(IMPLS.map((impl) => [impl, { handshake: [], w2h: [], h2w: [], rtt: [] }]));
try {
  // warm-up: one load each (browser caches, JIT of the bench harness)
  for (const impl of IMPLS) await handshake(impl);
  for (let i = 0; i < LOADS; i++) for (const impl of IMPLS) results[impl].handshake.push(await handshake(impl));

  // both pairs open at once, rounds alternating, so that load on the machine hits both alike
  const pairs = {};
  for (const impl of IMPLS) {
    pairs[impl] = await pair(impl);
    await widgetToHost(pairs[impl], MESSAGES); // warm-up
    await hostToWidget(pairs[impl], MESSAGES);
    await pingPong(pairs[impl], Math.min(PINGS, 200));
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const impl of IMPLS) {
      results[impl].w2h.push(await widgetToHost(pairs[impl], MESSAGES));
      results[impl].h2w.push(await hostToWidget(pairs[impl], MESSAGES));
      results[impl].rtt.push(await pingPong(pairs[impl], PINGS));
    }
  }
  for (const impl of IMPLS) await pairs[impl].page.close();
} finally {
  await browser.close();
  await servers.close();
}

const rows = [
  ["handshake to widget onReady (ms)", "handshake", (x) => x.toFixed(1), "time"],
  ["widget → host (messages/s)", "w2h", (x) => Math.round(x).toLocaleString("en-US"), "rate"],
  ["host → widget (messages/s)", "h2w", (x) => Math.round(x).toLocaleString("en-US"), "rate"],
  ["ping-pong round trip (ms)", "rtt", (x) => x.toFixed(4), "time"],
];
const table = [["measure (median)", "reference", "callcore", "callcore/reference"]];
for (const [label, key, format] of rows) {
  const ref = median(results.reference[key]);
  const cc = median(results.callcore[key]);
  table.push([label, format(ref), format(cc), `${(cc / ref).toFixed(2)}x`]);
}

// bytes a widget downloads: callcore's one browser file (glue + WASM inlined) vs the reference's dists
const root = new URL("../", import.meta.url);
const sizes = (buffer) => [buffer.length, gzipSync(buffer, { level: 9 }).length];
const files = [
  ["callcore web/dist/callcore.js (glue + WASM)", readFileSync(new URL("web/dist/callcore.js", root))],
  ["reference dist/main.esm.js", readFileSync(new URL("node_modules/@hubspot/calling-extensions-sdk/dist/main.esm.js", root))],
  ["reference dist/main.js (UMD)", readFileSync(new URL("node_modules/@hubspot/calling-extensions-sdk/dist/main.js", root))],
  ["reference main.js as served here (esbuild IIFE)", Buffer.from(await bundleReference())],
];
const bytes = [["file a widget downloads", "raw (B)", "gzip -9 (B)"]];
for (const [label, buffer] of files) {
  const [raw, gz] = sizes(buffer);
  bytes.push([label, raw.toLocaleString("en-US"), gz.toLocaleString("en-US")]);
}

const print = (rowsToPrint) => {
  const widths = rowsToPrint[0].map((_, c) => Math.max(...rowsToPrint.map((r) => String(r[c]).length)));
  rowsToPrint.forEach((r, i) => {
    process.stdout.write(`| ${r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join(" | ")} |\n`);
    if (i === 0) process.stdout.write(`|${widths.map((w, c) => (c === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|\n`);
  });
};
process.stdout.write(
  `\nheadless Chromium, console silenced; ${LOADS} loads, ${ROUNDS} rounds of ${MESSAGES} messages each way and ${PINGS} round trips\n` +
    "(the reference host answers every widget message with ERROR/UNKNOWN_MESSAGE_TYPE, part of its cost)\n\n",
);
print(table);
process.stdout.write("\n");
print(bytes);
