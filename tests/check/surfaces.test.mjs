// issue 13: the scenarios over HubSpot's surfaces and several tabs, against the demo softphone
// (its instances share calls through the core's option instances) and against a softphone on the
// reference SDK, whose instances know nothing of each other. Each page's host sessions are
// judged apart, the scenario-wide expectations over all of them; `callcore replay` of the trace
// (events tagged with their tab) gives the same verdicts.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { byName, callcore, checkSuite, errorsOf } from "./helpers.mjs";

const env = checkSuite({ demo: true, fixtures: true, tmp: true });
const SURFACE_SCENARIOS = "calling-window,two-tabs-inbound,navigate-mid-call";

const why = (s) => JSON.stringify({ missing: s.missing, errors: errorsOf(s), notDriven: s.notDriven, fidelity: s.fidelity });

test("the demo softphone: the calling window keeps the call, two tabs share one ring, leaving mid-call is warned and closes the call", { timeout: 170000 }, async () => {
  const trace = path.join(env.tmp, "demo-surfaces.json");
  const run = await callcore(["check", env.demo.url, "--host-port", String(env.hostPort), "--scenario", SURFACE_SCENARIOS, "--format", "json", "--trace", trace]);
  assert.equal(run.stderr, "");
  const report = JSON.parse(run.stdout);
  const s = byName(report);

  // The calling window: the call placed from the record page is dialled, answered, ended and
  // saved in the window after the tab left the page; one CALL_COMPLETED, with the engagement made.
  const cw = s["calling-window"];
  assert.equal(cw.status, "pass", why(cw));
  assert.deepEqual(cw.fidelity, []);
  assert.ok(cw.checkpoints.some((c) => c.tab === "window" && c.label === "CALL_ANSWERED"));
  assert.equal(cw.checkpoints.at(-1).scope, "all");
  assert.deepEqual(cw.sessions.map((x) => `${x.tab} ${x.surface}`), ["1 widget", "window window"]);

  // Two tabs: the instances share the ring (option instances), tab 2 answers and saves it; one
  // INCOMING_CALL, one CALL_ANSWERED, one CALL_COMPLETED and one engagement across both tabs' hosts.
  const two = s["two-tabs-inbound"];
  assert.equal(two.status, "pass", why(two));
  assert.deepEqual(two.sessions.map((x) => `${x.tab} ${x.surface}`), ["1 remote", "2 remote"]);
  assert.deepEqual(
    two.checkpoints.filter((c) => c.scope === "all").map((c) => c.label.split(" ")[0]),
    ["INCOMING_CALL", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED"],
  );

  // Leaving the record page mid-call: the host's warning was read and accepted; the widget's page
  // unloaded with the record page (beforeunload first, the host still listening) and the demo
  // softphone ended and completed its call then.
  const nav = s["navigate-mid-call"];
  assert.equal(nav.dialog.type, "confirm");
  assert.match(nav.dialog.message, /call in progress/);
  assert.ok(nav.checkpoints.find((c) => c.label === "the record page's widget went away").met);
  assert.equal(nav.status, "pass", why(nav));
  assert.ok(!errorsOf(nav).some((v) => v.code === "CALL_LEFT_OPEN"), why(nav));

  const replay = await callcore(["replay", trace, "--format", "json"]);
  assert.deepEqual(JSON.parse(replay.stdout).scenarios, report.scenarios);
  const saved = JSON.parse(await readFile(trace, "utf8"));
  const events = saved.scenarios.find((x) => x.name === "calling-window").events;
  assert.ok(events.some((e) => e.tab === "window" && e.input === "create"), "the calling window's events carry their tab");
  assert.ok(events.some((e) => e.tab === undefined && e.input === "create"), "the first tab's do not");
});

test("a reference-SDK softphone in two tabs: the ring never reaches tab 2, and the report says why", { timeout: 170000 }, async () => {
  const url = `${env.origin}/fixtures/softphone.html?sdk=reference`;
  const trace = path.join(env.tmp, "reference-two-tabs.json");
  const run = await callcore(["check", url, "--scenario", "two-tabs-inbound", "--format", "json", "--trace", trace]);
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout);
  const s = byName(report)["two-tabs-inbound"];
  assert.equal(s.status, "fail");
  assert.equal(s.notDriven, null, why(s));
  assert.equal(s.missing.length, 1, why(s));
  assert.deepEqual(s.sessions.map((x) => `${x.tab} ${x.surface}`), ["1 remote", "2 remote"]);
  // One host heard the ring; the answer in tab 2 reached no host.
  assert.ok(s.checkpoints.find((c) => c.label.startsWith("INCOMING_CALL (one, across the tabs)")).met);
  const [miss] = s.missing;
  assert.match(miss, /^no CALL_ANSWERED \(one, across the tabs\) after the answer in tab 2 within 10 s; /);
  assert.match(miss, /the ring reached only the instance in tab 1: tab 2's instance had no call to answer/);
  assert.match(miss, /the instances of one app do not share calls; coordinate them \(callcore's option instances, or a BroadcastChannel/);

  // The multi-tab trace replays to the same verdicts, as text too.
  const replay = await callcore(["replay", trace, "--format", "json"]);
  assert.deepEqual(JSON.parse(replay.stdout).scenarios, report.scenarios);
  const text = await callcore(["replay", trace]);
  assert.match(text.stdout, /^ {4}ok {3}INITIALIZED in tab 2 /m);
  assert.match(text.stdout, /MISS no CALL_ANSWERED .* the ring reached only the instance in tab 1/);
});
