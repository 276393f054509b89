#!/usr/bin/env node
// Browser benchmark (not a test): a host page and a widget iframe on two origins in
// headless Chromium, for the four pairings of the reference SDK and callcore
// (host × widget), all in the same run. Per pairing: handshake time (host navigation
// start → the widget's onReady), messages per second each way, ping-pong round trip.
//
// Two modes, each in a fresh browser:
//   silenced    console.* replaced by no-ops in every frame before any script runs (the
//               reference calls console.debug on every message, and an attached CDP
//               client turns that into a flood: docs/toolchain.md)
//   as-shipped  the SDKs' own console output left alone
// Rounds alternate between pairings, so load on the shared machine hits all alike; the
// callcore/reference ratios are computed round by round (a pairing against the
// reference pair measured right before it), then their median is taken.
//
//   node bench/web-bench.mjs [--loads 9] [--rounds 7] [--messages 2000] [--pings 500]
//                            [--modes silenced,as-shipped] [--json]
//
// Build first (npm run build): it serves web/dist/callcore.js.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { frameOf, launchBrowser, startServers } from "../tests/e2e/support.mjs";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "7" },
    messages: { type: "string", default: "2000" },
    pings: { type: "string", default: "500" },
    loads: { type: "string", default: "9" },
    modes: { type: "string", default: "silenced,as-shipped" },
    json: { type: "boolean", default: false },
  },
});
const ROUNDS = Number(values.rounds);
const MESSAGES = Number(values.messages);
const PINGS = Number(values.pings);
const LOADS = Number(values.loads);
const MODES = values.modes.split(",");
// [host, widget]; the first is the baseline every ratio divides by
const PAIRINGS = [
  ["reference", "reference"],
  ["callcore", "callcore"],
  ["reference", "callcore"],
  ["callcore", "reference"],
];
const nameOf = ([host, widget]) => `${host} host + ${widget} widget`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs });

const servers = await startServers(2, fileURLToPath(new URL("web/", import.meta.url)));
const [HOST, WIDGET] = servers.origins;

const url = ([hostImpl, widgetImpl]) => {
  const widget = `${WIDGET}/fixtures/widget.html?impl=${widgetImpl}&hosts=${encodeURIComponent(HOST)}`;
  return `${HOST}/fixtures/host.html?impl=${hostImpl}&widget=${encodeURIComponent(widget)}`;
};

/** Host navigation start → the widget's onReady (page and iframe fetched, SDKs loaded, SYNC, SYNC_ACK). */
async function handshake(browser, pairing) {
  const page = await browser.context.newPage();
  try {
    await page.goto(url(pairing));
    const widget = await frameOf(page, "/fixtures/widget.html");
    await widget.waitForFunction(() => window.readyAt > 0, null, { timeout: 15000 });
    const start = await page.evaluate(() => performance.timeOrigin);
    return (await widget.evaluate(() => window.readyAt)) - start;
  } finally {
    await page.close();
  }
}

/** One page pair kept open for the traffic measurements. */
async function openPair(browser, pairing) {
  const page = await browser.context.newPage();
  await page.goto(url(pairing));
  const widget = await frameOf(page, "/fixtures/widget.html");
  await widget.waitForFunction(() => window.readyAt > 0, null, { timeout: 15000 });
  await page.waitForFunction(() => window.hostReadyAt > 0, null, { timeout: 15000 });
  return { page, widget };
}

/** n widget→host messages: first send (widget clock) → last received by the host's handler. */
async function widgetToHost({ page, widget }, n) {
  await page.evaluate((t) => { window.mode = "count"; window.count = 0; window.target = t; window.doneAt = 0; }, n);
  const t0 = await widget.evaluate((k) => window.burst(k), n);
  await page.waitForFunction(() => window.doneAt > 0, null, { timeout: 60000 });
  const t1 = await page.evaluate(() => window.doneAt);
  return n / ((t1 - t0) / 1000);
}

/** n host→widget messages: first send (host clock) → last received by the widget's handler. */
async function hostToWidget({ page, widget }, n) {
  await widget.evaluate((t) => { window.mode = "count"; window.count = 0; window.target = t; window.doneAt = 0; }, n);
  const t0 = await page.evaluate((k) => window.burst(k), n);
  await widget.waitForFunction(() => window.doneAt > 0, null, { timeout: 60000 });
  const t1 = await widget.evaluate(() => window.doneAt);
  return n / ((t1 - t0) / 1000);
}

/** n host→widget→host round trips, each started by the previous answer; mean ms per round trip. */
async function pingPong({ page, widget }, n) {
  await widget.evaluate(() => { window.mode = "pong"; window.count = 0; });
  const t0 = await page.evaluate((k) => window.ping(k), n);
  await page.waitForFunction(() => window.doneAt > 0, null, { timeout: 60000 });
  const t1 = await page.evaluate(() => window.doneAt);
  return (t1 - t0) / n;
}

const MEASURES = [
  { key: "handshake", label: "handshake to widget onReady (ms)", better: "lower" },
  { key: "w2h", label: "widget → host (messages/s)", better: "higher" },
  { key: "h2w", label: "host → widget (messages/s)", better: "higher" },
  { key: "rtt", label: "ping-pong round trip (ms)", better: "lower" },
];

async function runMode(mode) {
  const browser = await launchBrowser();
  if (mode === "silenced") {
    await browser.context.addInitScript(() => {
      for (const level of ["log", "debug", "info", "warn", "error", "trace"]) console[level] = () => {};
    });
  }
  const raw = PAIRINGS.map(() => ({ handshake: [], w2h: [], h2w: [], rtt: [] }));
  try {
    for (const pairing of PAIRINGS) await handshake(browser, pairing); // warm-up: caches, the harness's JIT
    for (let i = 0; i < LOADS; i++) {
      for (let p = 0; p < PAIRINGS.length; p++) raw[p].handshake.push(await handshake(browser, PAIRINGS[p]));
    }
    const pairs = [];
    for (const pairing of PAIRINGS) {
      const pair = await openPair(browser, pairing);
      await widgetToHost(pair, MESSAGES); // warm-up
      await hostToWidget(pair, MESSAGES);
      await pingPong(pair, Math.min(PINGS, 100));
      pairs.push(pair);
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (let p = 0; p < PAIRINGS.length; p++) {
        raw[p].w2h.push(await widgetToHost(pairs[p], MESSAGES));
        raw[p].h2w.push(await hostToWidget(pairs[p], MESSAGES));
        raw[p].rtt.push(await pingPong(pairs[p], PINGS));
      }
    }
    for (const pair of pairs) await pair.page.close();
  } finally {
    await browser.close();
  }
  // ratio of pairing p to the reference pair, sample by sample (same load, same round), as
  // "callcore/reference": time ratios as they are, rates inverted, so below 1 is always faster
  const result = PAIRINGS.map((pairing, p) => {
    const measures = {};
    for (const { key, better } of MEASURES) {
      const ratios = raw[p][key].map((x, i) => (better === "lower" ? x / raw[0][key][i] : raw[0][key][i] / x));
      measures[key] = { ...summary(raw[p][key]), ratio: summary(ratios) };
    }
    return { host: pairing[0], widget: pairing[1], measures };
  });
  return { mode, pairings: result };
}

const startedAt = new Date().toISOString();
const modes = [];
try {
  for (const mode of MODES) modes.push(await runMode(mode));
} finally {
  await servers.close();
}
const report = {
  startedAt,
  settings: { loads: LOADS, rounds: ROUNDS, messages: MESSAGES, pings: PINGS },
  measures: MEASURES,
  modes,
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const format = (key, x) => (key === "handshake" ? x.toFixed(1) : key === "rtt" ? x.toFixed(3) : Math.round(x).toLocaleString("en-US"));
  for (const { mode, pairings } of modes) {
    console.log(`\n${mode}: headless Chromium, medians (min–max); ${LOADS} loads, ${ROUNDS} rounds of ${MESSAGES} messages each way and ${PINGS} round trips`);
    for (const { key, label } of MEASURES) {
      console.log(`  ${label}`);
      for (const p of pairings) {
        const m = p.measures[key];
        console.log(`    ${nameOf([p.host, p.widget]).padEnd(34)} ${format(key, m.median).padStart(9)} (${format(key, m.min)}–${format(key, m.max)})  ratio ${m.ratio.median.toFixed(2)}`);
      }
    }
  }
}
