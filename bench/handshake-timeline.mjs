#!/usr/bin/env node
// Where a handshake's time goes (prints figures; asserts nothing): the bench pages of
// bench/web-bench.mjs loaded --loads times per pairing of the reference SDK and
// callcore, and of raw postMessage pages with no SDK (the floor), and for each step the
// median time since the host page's navigation started: SDK script loaded, SDK constructed (a host creates the iframe here),
// callcore's core ready, the iframe's load event (the host's SYNC follows it), SYNC
// received by the widget, widget onReady (its SYNC_ACK is posted just before),
// SYNC_ACK received by the host, host onReady.
//
//   node bench/handshake-timeline.mjs [--loads 9] [--json]
//
// Build first (npm run build): it serves web/dist/callcore.js.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { frameOf, launchBrowser, startServers } from "../tests/e2e/support.mjs";
import { PAIRINGS, median } from "./pairings.mjs";

const { values } = parseArgs({ options: { loads: { type: "string", default: "9" }, json: { type: "boolean", default: false } } });
const LOADS = Number(values.loads);
const within = (name, ms) => `Promise.race([window.${name}, new Promise((_, reject) => setTimeout(() => reject(new Error("${name}: not settled within ${ms} ms")), ${ms}))])`;

const servers = await startServers(2, fileURLToPath(new URL("web/", import.meta.url)));
const [HOST, WIDGET] = servers.origins;
const url = ([host, widget]) =>
  `${HOST}/fixtures/host.html?impl=${host}&widget=${encodeURIComponent(`${WIDGET}/fixtures/widget.html?impl=${widget}&hosts=${encodeURIComponent(HOST)}`)}`;

/** One page load: every mark of both frames, in ms since the host's navigation start. */
async function timeline(browser, pairing) {
  const page = await browser.context.newPage();
  try {
    await page.goto(url(pairing));
    // promises the pages resolve (bench/web/bench.js): nothing polls the pages while they load
    await page.evaluate(within("ready", 15000)); // the host's onReady, after the widget's
    await page.evaluate(within("initialized", 15000));
    const widget = await frameOf(page, "/fixtures/widget.html");
    const start = await page.evaluate(() => performance.timeOrigin);
    const since = (marks, side) => Object.entries(marks).map(([name, at]) => [`${side}: ${name}`, at - start]);
    return Object.fromEntries([
      ...since(await page.evaluate(() => window.marks), "host"),
      ...since(await widget.evaluate(() => ({ ...window.marks, "navigation start": performance.timeOrigin })), "widget"),
    ]);
  } finally {
    await page.close();
  }
}


const browser = await launchBrowser();
await browser.context.addInitScript(() => {
  for (const level of ["log", "debug", "info", "warn", "error", "trace"]) console[level] = () => {};
});
const runs = PAIRINGS.map(() => []);
try {
  for (const pairing of PAIRINGS) await timeline(browser, pairing); // warm-up
  for (let i = 0; i < LOADS; i++) for (let p = 0; p < PAIRINGS.length; p++) runs[p].push(await timeline(browser, PAIRINGS[p]));
} finally {
  await browser.close();
  await servers.close();
}

const result = PAIRINGS.map(([host, widget], p) => {
  const names = [...new Set(runs[p].flatMap((run) => Object.keys(run)))];
  const steps = names.map((name) => ({ name, medianMs: median(runs[p].filter((run) => name in run).map((run) => run[name])) }));
  return { host, widget, steps: steps.sort((a, b) => a.medianMs - b.medianMs) };
});

if (values.json) {
  process.stdout.write(`${JSON.stringify({ loads: LOADS, pairings: result }, null, 2)}\n`);
} else {
  console.log(`handshake timeline: headless Chromium, console silenced, median of ${LOADS} loads, ms since the host page's navigation start`);
  for (const { host, widget, steps } of result) {
    console.log(`\n  ${host === "raw" ? "raw postMessage (floor)" : `${host} host + ${widget} widget`}`);
    for (const { name, medianMs } of steps) console.log(`    ${medianMs.toFixed(1).padStart(7)}  ${name}`);
  }
}
