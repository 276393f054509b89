#!/usr/bin/env node
// The browser traffic figures again, in a Chromium that no DevTools client is attached to
// (not a test; prints figures). bench/web-bench.mjs drives its pages through Playwright,
// whose Runtime domain is on in every frame; with it on, Chromium captures the whole JS stack
// at every postMessage (a few tenths of a µs per frame below the call), so an SDK that posts
// from deeper in its own code pays more there than it would on a user's machine. Here the
// pages drive themselves (bench/web/bench.js, ?auto=): a Chromium for each of the five
// pairings' host pages, with no remote debugging; each host page, told to by this
// script, runs one round (widget → host burst, host → widget burst, ping-pong) and posts
// its figures back. The frames reach this script through a mailbox on its servers, never
// over the wire. Rounds alternate between pairings, ratios are medians of per-round ratios,
// as in web-bench.mjs. The wire itself is checked by web-bench.mjs (same pages, same
// envelopes); the handshake is not measured here.
//
//   node bench/no-inspector.mjs [--rounds 9] [--messages 2000] [--pings 500] [--json]
//
// Build first (npm run build): it serves web/dist/callcore.js.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CHROMIUM_ARGS } from "../cli/lib/chromium.mjs";
import { launchBrowser, startServers } from "../tests/e2e/support.mjs";
import { FLOOR, PAIRINGS, REFERENCE, median, nameOf, rateRatios, timeRatios } from "./pairings.mjs";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "9" },
    messages: { type: "string", default: "2000" },
    pings: { type: "string", default: "500" },
    json: { type: "boolean", default: false },
  },
});
const ROUNDS = Number(values.rounds);
const MESSAGES = Number(values.messages);
const PINGS = Number(values.pings);

// ---- the mailbox: a queue per token and side; a receive waits for the next message ----
const queues = new Map();
const waiting = new Map();
const key = (token, side) => `${token}/${side}`;
function deliver(token, side, message) {
  const k = key(token, side);
  const waiter = waiting.get(k);
  if (waiter) {
    waiting.delete(k);
    waiter(message);
  } else {
    if (!queues.has(k)) queues.set(k, []);
    queues.get(k).push(message);
  }
}
function receive(token, side) {
  const k = key(token, side);
  const queue = queues.get(k);
  if (queue && queue.length) return Promise.resolve(queue.shift());
  return new Promise((resolve) => waiting.set(k, resolve));
}
// Tokens are the pairings' indexes (9: the depth probe); sides are host, widget and bench (this script).
const TOKEN = /^[0-9]$/;
const DEPTH_TOKEN = 9;
const DEPTHS = [0, 10, 20, 40];
// The probe: µs per postMessage (to the page itself) made from `depth` frames of JS below it.
const DEPTH_PAGE = `<!doctype html><script>
(async () => {
  const N = 3000, out = {};
  const deep = (n, i) => (n ? deep(n - 1, i) + 0 : (window.postMessage({ type: "CALL_DATA", data: { i }, messageId: "1_" + i }, location.origin), 0));
  await new Promise((r) => setTimeout(r, 1000)); // the page's own start-up out of the way
  for (const depth of [...${JSON.stringify(DEPTHS)}, ...${JSON.stringify(DEPTHS)}]) { // the first pass warms up
    const rounds = [];
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now();
      for (let i = 0; i < N; i++) deep(depth, i);
      rounds.push(((performance.now() - t0) * 1000) / N);
      await new Promise((r) => setTimeout(r, 100));
    }
    out[depth] = rounds.sort((a, b) => a - b)[3];
  }
  fetch("/ctl/send?token=${DEPTH_TOKEN}&to=bench", { method: "POST", body: JSON.stringify(out) });
})();
</script>`;
const SIDES = new Set(["host", "widget", "bench"]);
function route(request, response) {
  const url = new URL(request.url, "http://x");
  if (!url.pathname.startsWith("/ctl/")) return false;
  if (url.pathname === "/ctl/depth.html") {
    response.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" }).end(DEPTH_PAGE);
    return true;
  }
  const token = url.searchParams.get("token") || "";
  const side = url.searchParams.get(url.pathname === "/ctl/send" ? "to" : "as") || "";
  if (!TOKEN.test(token) || !SIDES.has(side)) {
    response.writeHead(400).end();
    return true;
  }
  if (url.pathname === "/ctl/send" && request.method === "POST") {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      let message;
      try {
        message = JSON.parse(body);
      } catch {
        response.writeHead(400).end(); // not from the bench's pages: it must not stop the run
        return;
      }
      deliver(token, side, message);
      response.writeHead(204).end();
    });
  } else if (url.pathname === "/ctl/recv") {
    receive(token, side).then((message) => {
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify(message));
    });
  } else {
    response.writeHead(404).end();
  }
  return true;
}

/**
 * The machine's CPU time so far, from Linux's /proc/stat (null elsewhere): `steal` is
 * what the hypervisor gave other guests. Some runs have come out at a third of the usual
 * rates with the load average low; a round's share of stolen time says whether the
 * machine under the VM was busy then.
 */
function cpuTicks() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}
const stolenShare = (before, after) =>
  before && after && after.total > before.total ? (after.steal - before.steal) / (after.total - before.total) : null;

const within = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms))]);

const servers = await startServers(2, fileURLToPath(new URL("web/", import.meta.url)), route);
const [HOST, WIDGET] = servers.origins;
const urls = PAIRINGS.map(([host, widget], p) => {
  const w = `${WIDGET}/fixtures/widget.html?impl=${widget}&hosts=${encodeURIComponent(HOST)}&auto=${p}`;
  return `${HOST}/fixtures/host.html?impl=${host}&auto=${p}&widget=${encodeURIComponent(w)}`;
});
// Headless Chromium opens one page per process: one process per pairing, all started at once
// and idle but for the pairing whose round it is. No --remote-debugging-*: nothing can attach.
// Background pages keep full-speed timers.
const profiles = [];
const browsers = [];
function open(pageUrl) {
  const profile = mkdtempSync(join(tmpdir(), "callcore-no-inspector-"));
  profiles.push(profile);
  const browser = spawn(
    process.env.CALLCORE_CHROMIUM || "/usr/bin/chromium",
    [
      ...CHROMIUM_ARGS.map((flag) => (flag === "--headless" ? "--headless=new" : flag)),
      `--user-data-dir=${profile}`,
      "--disable-background-timer-throttling",
      "--disable-renderer-backgrounding",
      "--disable-backgrounding-occluded-windows",
      pageUrl,
    ],
    { stdio: "ignore", detached: true }, // its own process group: closeAll ends its helpers too
  );
  browsers.push(browser);
  return browser;
}
async function closeAll() {
  const exited = browsers.map((b) => (b.exitCode !== null ? null : new Promise((resolve) => b.once("exit", resolve))));
  for (const browser of browsers) {
    try {
      process.kill(-browser.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await Promise.all(exited);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the group's last writes to the profiles
  for (const profile of profiles.splice(0)) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  browsers.length = 0;
}

// Why: postMessage's cost by stack depth, with no client, then under Playwright.
const depthUrl = `${HOST}/ctl/depth.html`;
const stackDepth = {};
try {
  open(depthUrl);
  stackDepth.noClient = await within(receive(DEPTH_TOKEN, "bench"), 60000, "the depth probe");
} finally {
  await closeAll();
}
const driven = await launchBrowser();
try {
  await (await driven.context.newPage()).goto(depthUrl);
  stackDepth.playwright = await within(receive(DEPTH_TOKEN, "bench"), 60000, "the depth probe under Playwright");
} finally {
  await driven.close();
}
const raw = PAIRINGS.map(() => ({ w2h: [], h2w: [], rtt: [] }));
const stolen = PAIRINGS.map(() => []); // per round: the share of CPU time the hypervisor took
// Each set of Chromiums serves this many rounds, then a new set is started: on one set, every
// pairing's rounds after the sixth or seventh have run at a third to a half of the earlier rate,
// the floor's too, for reasons not found (bench/notes.md, "Runs that slow down in their last rounds").
const ROUNDS_PER_LAUNCH = 3;
const round = async (p) => {
  deliver(p, "host", { messages: MESSAGES, pings: PINGS });
  return within(receive(p, "bench"), 120000, `${nameOf(PAIRINGS[p])}'s round`);
};
try {
  for (let first = 0; first < ROUNDS; first += ROUNDS_PER_LAUNCH) {
    for (const url of urls) open(url);
    try {
      await within(Promise.all(PAIRINGS.map((_, p) => receive(p, "bench"))), 30000, "the pages' handshakes");
      for (let p = 0; p < PAIRINGS.length; p++) await round(p); // warm-up
      for (let r = first; r < Math.min(ROUNDS, first + ROUNDS_PER_LAUNCH); r++) {
        for (let k = 0; k < PAIRINGS.length; k++) {
          const p = (r + k) % PAIRINGS.length;
          const before = cpuTicks();
          const figures = await round(p);
          stolen[p].push(stolenShare(before, cpuTicks()));
          for (const measure of ["w2h", "h2w", "rtt"]) raw[p][measure].push(figures[measure]);
        }
      }
      for (let p = 0; p < PAIRINGS.length; p++) deliver(p, "host", { stop: true });
    } finally {
      await closeAll();
      // What the closed pages left: a stop nobody read, receives no page waits on any more.
      queues.clear();
      waiting.clear();
    }
  }
} finally {
  await servers.close();
}

// Medians of the per-round ratios (pairings.mjs); only the round trip is a time, the others are rates.
const timeRatio = (p, q, measure) => median(timeRatios(raw, p, q, measure, measure === "rtt"));
const report = PAIRINGS.map((pairing, p) => ({
  name: nameOf(pairing),
  host: pairing[0],
  widget: pairing[1],
  stolenShare: stolen[p],
  measures: Object.fromEntries(
    ["w2h", "h2w", "rtt"].map((m) => [m, {
      median: median(raw[p][m]),
      samples: raw[p][m],
      toReference: timeRatio(p, REFERENCE, m),
      toFloor: timeRatio(p, FLOOR, m),
      ...(m === "rtt" ? {} : { rateToReference: median(rateRatios(raw, p, m)) }),
    }]),
  ),
}));
if (values.json) {
  process.stdout.write(`${JSON.stringify({ settings: { rounds: ROUNDS, roundsPerLaunch: ROUNDS_PER_LAUNCH, messages: MESSAGES, pings: PINGS }, reference: REFERENCE, floor: FLOOR, stackDepth, pairings: report }, null, 2)}\n`);
} else {
  const labels = { w2h: "widget → host (messages/s)", h2w: "host → widget (messages/s)", rtt: "ping-pong round trip (ms)" };
  const depths = (d) => DEPTHS.map((k) => `${k}: ${d[k].toFixed(2)}`).join(", ");
  console.log(`µs per postMessage by JS frames below it: no client ${depths(stackDepth.noClient)}; under Playwright ${depths(stackDepth.playwright)}`);
  console.log(`no inspector: headless Chromium with no DevTools client, ${ROUNDS} rounds of ${MESSAGES} messages each way and ${PINGS} round trips`);
  console.log("  time ratios, medians of the per-round ratios: ×ref = over the reference pair, ×floor = over raw postMessage");
  const worst = Math.max(...stolen.flat().filter((x) => x !== null), 0);
  console.log(`  CPU time taken by the hypervisor during a round: at most ${(100 * worst).toFixed(1)} %`);
  for (const [m, label] of Object.entries(labels)) {
    console.log(`  ${label}`);
    for (const p of report) {
      const x = p.measures[m];
      const value = m === "rtt" ? x.median.toFixed(3) : Math.round(x.median).toLocaleString("en-US");
      console.log(`    ${p.name.padEnd(34)} ${value.padStart(9)}  ×ref ${x.toReference.toFixed(2)}  ×floor ${x.toFloor.toFixed(2)}`);
    }
  }
}
