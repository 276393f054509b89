// The inbound-missed scenario (issue 7) against tests/check/fixtures/softphone.js on callcore's
// glue: it passes when the caller's hang-up ends the ringing call as MISSED, fails naming the end
// status when the widget reports another one, and is not driven when the widget lacks the hook.
import assert from "node:assert/strict";
import { test } from "node:test";
import { byName, callcore, checkSuite, errorsOf } from "./helpers.mjs";

const env = checkSuite({ fixtures: true });

async function missed(query) {
  const url = `${env.origin}/fixtures/softphone.html${query}`;
  const run = await callcore(["check", url, "--scenario", "inbound-missed", "--format", "json"]);
  assert.equal(run.stderr, "");
  return { code: run.code, scenario: byName(JSON.parse(run.stdout))["inbound-missed"] };
}

const labelsOf = (scenario) => scenario.checkpoints.map((c) => `${c.label}: ${c.met ? "met" : "missed"}`);

test("the caller hangs up while it rings: CALL_ENDED as MISSED, then CALL_COMPLETED", { timeout: 60000 }, async () => {
  const { code, scenario } = await missed("");
  assert.equal(scenario.status, "pass", JSON.stringify({ missing: scenario.missing, errors: errorsOf(scenario), notDriven: scenario.notDriven }));
  assert.equal(code, 0);
  assert.deepEqual(labelsOf(scenario).slice(-5), [
    "INCOMING_CALL: met",
    "a caller-ID match for the caller: met",
    "CALL_ENDED: met",
    "callEndStatus MISSED: met",
    "CALL_COMPLETED: met",
  ]);
  assert.deepEqual(scenario.violations, []);
  assert.deepEqual(scenario.fidelity, []);
});

test("a widget that ends the missed call as CANCELED fails on the end status, with why", { timeout: 60000 }, async () => {
  const { code, scenario } = await missed("?bug=missed-as-canceled");
  assert.equal(code, 1);
  assert.equal(scenario.status, "fail");
  // CANCELED is a valid status, so the core finds nothing wrong with the message itself...
  assert.deepEqual(errorsOf(scenario), []);
  // ...but it is not what a missed call is: the scenario stops there, before saving.
  assert.deepEqual(labelsOf(scenario).slice(-2), ["CALL_ENDED: met", "callEndStatus MISSED: missed"]);
  assert.equal(scenario.missing.length, 1);
  assert.match(scenario.missing[0], /^no callEndStatus MISSED within 0\.5 s; the caller gave up before anyone answered/);
});

test("a widget without the caller-hangs-up hook: not driven, naming it, after the call rang", { timeout: 60000 }, async () => {
  const { code, scenario } = await missed("?without=caller-hangs-up");
  assert.equal(code, 1);
  assert.equal(scenario.status, "not-driven");
  assert.equal(scenario.notDriven, 'the widget has no [data-callcore-action="caller-hangs-up"] element to click');
  // Everything up to the missing hook was driven and met.
  assert.ok(scenario.checkpoints.every((c) => c.met));
  assert.deepEqual(labelsOf(scenario).slice(-2), ["INCOMING_CALL: met", "a caller-ID match for the caller: met"]);
});
