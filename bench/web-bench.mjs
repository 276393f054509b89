#!/usr/bin/env node
// Browser benchmark (not a test): a host page and a widget iframe on two origins in
// headless Chromium, for the four pairings of the reference SDK and callcore
// (host × widget) and a floor with no SDK at all (raw postMessage pages posting the
// same envelopes), all in the same run. Per pairing: handshake time (host navigation
// start → the widget's onReady), messages per second each way, ping-pong round trip.
//
// Same traffic for all: before timing anything, one untimed round per pairing records
// every envelope each frame receives (handshake, a burst each way, ping-pong) and the
// sequences are compared envelope by envelope (type, payload and every other field but
// messageId; key order ignored). If any pairing put different traffic on the wire the
// bench refuses to report and exits 1. The reference host's automatic ERROR replies are
// dropped before its postMessage (bench/web/bench.js), so they are not on the wire.
//
// Nothing polls the pages: a burst is started with one evaluate, the receiving page
// counts the messages and times the last one itself, and the bench reads the time from a
// promise that page resolves (one more evaluate).
//
// Two modes, each in a fresh browser:
//   silenced    console.* replaced by no-ops in every frame before any script runs (the
//               reference calls console.debug on every message, and an attached CDP
//               client turns that into a flood: docs/toolchain.md)
//   as-shipped  the SDKs' own console output left alone
// Rounds alternate between pairings (each round starts with the next pairing), so load on
// the shared machine hits all alike; every ratio is computed round by round (a pairing
// against the reference pair, or against the raw floor, measured in the same round), then
// its median is taken. Ratios are of times: time per message for the throughputs (the
// inverse of the rate ratio), so above 1.00 is always slower.
//
//   node bench/web-bench.mjs [--quick] [--loads 9] [--rounds 9] [--messages 2000] [--pings 500]
//                            [--modes silenced,as-shipped] [--json]
//   --quick: loads 3, rounds 3, 1000 messages, 200 pings, silenced only (after a change;
//            any option given explicitly wins)
//
// Build first (npm run build): it serves web/dist/callcore.js.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { frameOf, launchBrowser, startServers } from "../tests/e2e/support.mjs";
import { FLOOR, PAIRINGS, REFERENCE, median, nameOf, rateRatios, timeRatios } from "./pairings.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    messages: { type: "string" },
    pings: { type: "string" },
    loads: { type: "string" },
    modes: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const defaults = values.quick
  ? { rounds: "3", messages: "1000", pings: "200", loads: "3", modes: "silenced" }
  : { rounds: "9", messages: "2000", pings: "500", loads: "9", modes: "silenced,as-shipped" };
const setting = (key) => values[key] ?? defaults[key];
const ROUNDS = Number(setting("rounds"));
const MESSAGES = Number(setting("messages"));
const PINGS = Number(setting("pings"));
const LOADS = Number(setting("loads"));
const MODES = setting("modes").split(",");

const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const servers = await startServers(2, fileURLToPath(new URL("web/", import.meta.url)));
const [HOST, WIDGET] = servers.origins;

const url = ([hostImpl, widgetImpl], wire = false) => {
  const widget = `${WIDGET}/fixtures/widget.html?impl=${widgetImpl}&hosts=${encodeURIComponent(HOST)}${wire ? "&wire=1" : ""}`;
  return `${HOST}/fixtures/host.html?impl=${hostImpl}${wire ? "&wire=1" : ""}&widget=${encodeURIComponent(widget)}`;
};

// In the page: a promise the page resolves, with a deadline (a timer, not a poll).
const within = (name, ms) => `Promise.race([window.${name}, new Promise((_, reject) => setTimeout(() => reject(new Error("${name}: not settled within ${ms} ms")), ${ms}))])`;

/** Host navigation start → the widget's onReady (page and iframe fetched, SDKs loaded, SYNC, SYNC_ACK). */
async function handshake(browser, pairing) {
  const page = await browser.context.newPage();
  try {
    await page.goto(url(pairing));
    await page.evaluate(within("ready", 15000)); // the host's onReady comes after the widget's
    const widget = await frameOf(page, "/fixtures/widget.html");
    const start = await page.evaluate(() => performance.timeOrigin);
    return (await widget.evaluate(() => window.readyAt)) - start;
  } finally {
    await page.close();
  }
}

/** One page pair kept open for the traffic measurements, its handshake done (INITIALIZED received). */
async function openPair(browser, pairing, wire = false) {
  const page = await browser.context.newPage();
  await page.goto(url(pairing, wire));
  await page.evaluate(within("ready", 15000));
  await page.evaluate(within("initialized", 15000));
  const widget = await frameOf(page, "/fixtures/widget.html");
  await widget.evaluate(within("ready", 15000));
  return { page, widget };
}

/** n widget→host messages: first send (widget clock) → last handled by the host's handler; messages/s. */
async function widgetToHost({ page, widget }, n) {
  await page.evaluate((k) => window.expect(k), n);
  const t0 = await widget.evaluate((k) => window.burst(k), n);
  const t1 = await page.evaluate(within("done", 60000));
  return n / ((t1 - t0) / 1000);
}

/** n host→widget messages: first send (host clock) → last handled by the widget's handler; messages/s. */
async function hostToWidget({ page, widget }, n) {
  await widget.evaluate((k) => window.expect(k), n);
  const t0 = await page.evaluate((k) => window.burst(k), n);
  const t1 = await widget.evaluate(within("done", 60000));
  return n / ((t1 - t0) / 1000);
}

/** n host→widget→host round trips, each started by the previous answer; mean ms per round trip. */
async function pingPong({ page, widget }, n) {
  await widget.evaluate(() => window.expect(0, "pong"));
  const t0 = await page.evaluate((k) => window.ping(k), n);
  const t1 = await page.evaluate(within("done", 60000));
  return (t1 - t0) / n;
}

const MEASURES = [
  { key: "handshake", label: "handshake to widget onReady (ms)", better: "lower" },
  { key: "w2h", label: "widget → host (messages/s)", better: "higher" },
  { key: "h2w", label: "host → widget (messages/s)", better: "higher" },
  { key: "rtt", label: "ping-pong round trip (ms)", better: "lower" },
];

// ---- the wire: one untimed round per pairing, every envelope each frame received ----

/** Consecutive identical SYNCs are the host's retries (every 100 ms until SYNC_ACK): timing, not traffic. */
function collapseSyncRetries(list) {
  const out = [];
  let retries = 0;
  for (const entry of list) {
    if (out.length && entry === out[out.length - 1] && JSON.parse(entry).type === "SYNC") retries++;
    else out.push(entry);
  }
  return { list: out, retries };
}

async function recordWire(browser, pairing) {
  const pair = await openPair(browser, pairing, true);
  const take = async () => {
    await sleep(200); // anything still on its way (an answer to the last message)
    return {
      toHost: await pair.page.evaluate(() => window.wire.splice(0)),
      toWidget: await pair.widget.evaluate(() => window.wire.splice(0)),
    };
  };
  try {
    const segments = {};
    segments.handshake = await take();
    const collapsed = collapseSyncRetries(segments.handshake.toWidget);
    segments.handshake.toWidget = collapsed.list;
    await widgetToHost(pair, MESSAGES);
    segments.w2h = await take();
    await hostToWidget(pair, MESSAGES);
    segments.h2w = await take();
    await pingPong(pair, PINGS);
    segments.rtt = await take();
    const droppedErrors = await pair.page.evaluate(() => window.droppedErrors);
    return { segments, syncRetries: collapsed.retries, droppedErrors };
  } finally {
    await pair.page.close();
  }
}

const typeCounts = (list) => {
  const counts = {};
  for (const entry of list) {
    const { type } = JSON.parse(entry);
    counts[type] = (counts[type] || 0) + 1;
  }
  return counts;
};

/** Throws unless every pairing's sequences equal the reference pair's, envelope by envelope. */
function compareWire(records) {
  const base = records[REFERENCE];
  const problems = [];
  for (let p = 0; p < PAIRINGS.length; p++) {
    if (p === REFERENCE) continue;
    for (const [segment, sides] of Object.entries(base.segments)) {
      for (const side of ["toHost", "toWidget"]) {
        const a = sides[side];
        const b = records[p].segments[segment][side];
        const at = a.findIndex((entry, i) => entry !== b[i]);
        const first = at >= 0 ? at : a.length !== b.length ? Math.min(a.length, b.length) : -1;
        if (first >= 0) {
          problems.push(
            `${nameOf(PAIRINGS[p])}, ${segment}, ${side === "toHost" ? "widget → host" : "host → widget"}: ` +
              `${b.length} envelopes against the reference pair's ${a.length}; first difference at #${first}:\n` +
              `      reference pair: ${a[first] ?? "(none)"}\n      ${nameOf(PAIRINGS[p])}: ${b[first] ?? "(none)"}`,
          );
        }
      }
    }
  }
  return problems;
}

function wireSummary(records) {
  const segments = {};
  for (const [segment, sides] of Object.entries(records[REFERENCE].segments)) {
    segments[segment] = {
      toHost: { envelopes: sides.toHost.length, types: typeCounts(sides.toHost) },
      toWidget: { envelopes: sides.toWidget.length, types: typeCounts(sides.toWidget) },
    };
  }
  const examples = {};
  for (const sides of Object.values(records[REFERENCE].segments)) {
    for (const entry of [...sides.toHost, ...sides.toWidget]) {
      const { type } = JSON.parse(entry);
      examples[type] ??= entry;
    }
  }
  return {
    identical: true,
    segments,
    examples,
    pairings: PAIRINGS.map((pairing, p) => ({
      host: pairing[0],
      widget: pairing[1],
      droppedErrors: records[p].droppedErrors,
      syncRetries: records[p].syncRetries,
    })),
  };
}

async function runMode(mode, checkWire) {
  const browser = await launchBrowser();
  if (mode === "silenced") {
    await browser.context.addInitScript(() => {
      for (const level of ["log", "debug", "info", "warn", "error", "trace"]) console[level] = () => {};
    });
  }
  const raw = PAIRINGS.map(() => ({ handshake: [], w2h: [], h2w: [], rtt: [] }));
  let wire = null;
  try {
    if (checkWire) {
      const records = [];
      for (const pairing of PAIRINGS) records.push(await recordWire(browser, pairing));
      const problems = compareWire(records);
      if (problems.length) {
        const error = new Error(
          `refusing to report: the pairings did not put the same traffic on the wire (${mode} mode):\n  ${problems.join("\n  ")}`,
        );
        error.wireMismatch = true;
        throw error;
      }
      wire = wireSummary(records);
    }
    for (const pairing of PAIRINGS) await handshake(browser, pairing); // warm-up: caches, the harness's JIT
    for (let i = 0; i < LOADS; i++) {
      for (let k = 0; k < PAIRINGS.length; k++) {
        const p = (i + k) % PAIRINGS.length;
        raw[p].handshake.push(await handshake(browser, PAIRINGS[p]));
      }
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
      for (let k = 0; k < PAIRINGS.length; k++) {
        const p = (r + k) % PAIRINGS.length;
        raw[p].w2h.push(await widgetToHost(pairs[p], MESSAGES));
        raw[p].h2w.push(await hostToWidget(pairs[p], MESSAGES));
        raw[p].rtt.push(await pingPong(pairs[p], PINGS));
      }
    }
    for (const pair of pairs) await pair.page.close();
  } finally {
    await browser.close();
  }
  const result = PAIRINGS.map((pairing, p) => {
    const measures = {};
    for (const { key, better } of MEASURES) {
      measures[key] = {
        ...summary(raw[p][key]),
        toReference: summary(timeRatios(raw, p, REFERENCE, key, better === "lower")),
        toFloor: summary(timeRatios(raw, p, FLOOR, key, better === "lower")),
      };
      if (better === "higher") measures[key].rateToReference = summary(rateRatios(raw, p, key));
    }
    return { host: pairing[0], widget: pairing[1], name: nameOf(pairing), measures };
  });
  return { mode, pairings: result, wire };
}

const startedAt = new Date().toISOString();
const modes = [];
let refused = null;
try {
  for (const [i, mode] of MODES.entries()) modes.push(await runMode(mode, i === 0));
} catch (error) {
  if (!error.wireMismatch) throw error;
  refused = error.message;
} finally {
  await servers.close();
}
if (refused) {
  console.error(refused);
  process.exit(1);
}
const report = {
  startedAt,
  settings: { loads: LOADS, rounds: ROUNDS, messages: MESSAGES, pings: PINGS, quick: values.quick },
  origins: { host: HOST, widget: WIDGET },
  pairings: PAIRINGS.map(([host, widget]) => ({ host, widget, name: nameOf([host, widget]) })),
  reference: REFERENCE,
  floor: FLOOR,
  measures: MEASURES,
  wire: modes[0].wire,
  modes: modes.map(({ mode, pairings }) => ({ mode, pairings })),
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const format = (key, x) => (key === "handshake" ? x.toFixed(1) : key === "rtt" ? x.toFixed(3) : Math.round(x).toLocaleString("en-US"));
  const w = report.wire;
  console.log(`wire: identical in all ${PAIRINGS.length} pairings; reference pair's ERRORs dropped before postMessage: ${w.pairings[REFERENCE].droppedErrors}`);
  for (const [segment, sides] of Object.entries(w.segments)) {
    console.log(`  ${segment.padEnd(9)} to host ${JSON.stringify(sides.toHost.types)}  to widget ${JSON.stringify(sides.toWidget.types)}`);
  }
  for (const { mode, pairings } of modes) {
    console.log(`\n${mode}: headless Chromium, medians (min–max); ${LOADS} loads, ${ROUNDS} rounds of ${MESSAGES} messages each way and ${PINGS} round trips`);
    console.log("  time ratios, medians of the per-round ratios: ×ref = over the reference pair, ×floor = over raw postMessage");
    for (const { key, label } of MEASURES) {
      console.log(`  ${label}`);
      for (const p of pairings) {
        const m = p.measures[key];
        console.log(
          `    ${p.name.padEnd(34)} ${format(key, m.median).padStart(9)} (${format(key, m.min)}–${format(key, m.max)})` +
            `  ×ref ${m.toReference.median.toFixed(2)}  ×floor ${m.toFloor.median.toFixed(2)}`,
        );
      }
    }
  }
}
