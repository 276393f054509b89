// `callcore check` against the demo softphone: every scenario on one page passes, and `callcore
// replay` of the trace it wrote gives the same verdicts, violation for violation (the scenarios
// over surfaces and tabs: surfaces.test.mjs).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { PAGE_SCENARIO_NAMES as SCENARIO_NAMES } from "../../cli/lib/scenarios.mjs";
import { byName, callcore, checkSuite, errorsOf } from "./helpers.mjs";

const env = checkSuite({ demo: true, tmp: true });

test("every one-page scenario passes against the demo softphone; replay gives the same verdicts", { timeout: 170000 }, async () => {
  const trace = path.join(env.tmp, "demo-trace.json");
  const run = await callcore(["check", env.demo.url, "--host-port", String(env.hostPort), "--scenario", SCENARIO_NAMES.join(","), "--format", "json", "--trace", trace]);
  assert.equal(run.stderr, "");
  const report = JSON.parse(run.stdout);
  const scenarios = byName(report);
  assert.deepEqual(report.scenarios.map((s) => s.name), SCENARIO_NAMES);
  for (const name of SCENARIO_NAMES) {
    const s = scenarios[name];
    assert.equal(s.status, "pass", `${name}: ${JSON.stringify({ missing: s.missing, errors: errorsOf(s), notDriven: s.notDriven })}`);
    assert.ok(s.checkpoints.length >= 2 && s.checkpoints.every((c) => c.met), name);
    assert.deepEqual(errorsOf(s), [], name);
    assert.deepEqual(s.fidelity, [], `${name}: the Node replay must post exactly what the page posted`);
    assert.ok(s.envelopes.fromWidget > 0 && s.envelopes.toWidget > 0, name);
  }
  // The calls went all the way through, as the core saw them.
  const labels = (name) => scenarios[name].checkpoints.map((c) => c.label);
  assert.ok(labels("dial-number").includes("CALL_COMPLETED"));
  assert.ok(labels("inbound").includes("a caller-ID match for the caller"));
  assert.ok(labels("reload").includes("CALL_COMPLETED for the call the reload interrupted"));
  assert.deepEqual(labels("inbound-missed").slice(-3), ["CALL_ENDED", "callEndStatus MISSED", "CALL_COMPLETED"]);
  // The softphone dials as soon as DIAL_NUMBER comes: the runner clicks nothing.
  for (const name of ["dial-number", "end-call", "reload"]) assert.equal(scenarios[name].dialled, "by itself", name);
  assert.equal(run.code, 0);
  assert.equal(report.passed, true);

  // The trace holds every envelope both ways, with times.
  const saved = JSON.parse(await readFile(trace, "utf8"));
  const events = saved.scenarios.find((s) => s.name === "dial-number").events;
  const types = (kind) => events.filter((e) => (kind === "in" ? e.input === "receive" : e.output === "post")).map((e) => (e.envelope || {}).type);
  for (const type of ["SYNC_ACK", "INITIALIZED", "OUTGOING_CALL_STARTED", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED"]) {
    assert.ok(types("in").includes(type), `trace lacks ${type} from the widget`);
  }
  // (UPDATE_ENGAGEMENT_* is the host's answer after a REST round trip: the scenario does not wait for it.)
  for (const type of ["SYNC", "DIAL_NUMBER", "CREATE_ENGAGEMENT_SUCCEEDED"]) {
    assert.ok(types("out").includes(type), `trace lacks ${type} to the widget`);
  }
  assert.ok(events.every((e) => Number.isFinite(e.t)));

  const replay = await callcore(["replay", trace, "--format", "json"]);
  assert.equal(replay.code, 0, replay.stderr);
  const again = JSON.parse(replay.stdout);
  assert.equal(again.command, "replay");
  assert.deepEqual(again.scenarios, report.scenarios);
});
