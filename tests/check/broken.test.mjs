// `callcore check` against deliberately broken widgets (tests/check/fixtures/softphone.js with
// ?bug=): each bug is caught with the core's violation for it, and the exit code is non-zero.
import assert from "node:assert/strict";
import { test } from "node:test";
import { byName, callcore, checkSuite, errorsOf } from "./helpers.mjs";

const env = checkSuite({ fixtures: true });

async function check(bug, scenario, ...more) {
  const url = `${env.origin}/fixtures/softphone.html?bug=${bug}`;
  const run = await callcore(["check", url, "--scenario", scenario, "--format", "json", ...more]);
  const report = JSON.parse(run.stdout);
  return { code: run.code, scenario: byName(report)[scenario] };
}

test("callEnded before outgoingCall: UNKNOWN_CALL, dropped", { timeout: 60000 }, async () => {
  const { code, scenario } = await check("ended-before-started", "dial-number");
  assert.equal(code, 1);
  assert.equal(scenario.status, "fail");
  const [error] = errorsOf(scenario);
  assert.equal(error.code, "UNKNOWN_CALL");
  assert.equal(error.type, "CALL_ENDED");
  assert.equal(error.outcome, "dropped");
  assert.match(error.message, /^CALL_ENDED: no call "fixture-[^"]+" was started; announce it with outgoingCall\(\) or incomingCall\(\) first$/);
  assert.equal(errorsOf(scenario).length, 1, "the rest of the call was fine");
});

test("callCompleted never sent: CALL_NOT_COMPLETED from the core, and no CALL_COMPLETED within the wait", { timeout: 60000 }, async () => {
  // The core's watchdog in the check host fires 5 s after CALL_ENDED; the wait lasts 7 s.
  const { code, scenario } = await check("never-completes", "dial-number", "--timeout", "7");
  assert.equal(code, 1);
  assert.equal(scenario.status, "fail");
  assert.deepEqual(scenario.missing, ["no CALL_COMPLETED within 7 s"]);
  const [error] = errorsOf(scenario);
  assert.equal(error.code, "CALL_NOT_COMPLETED");
  assert.match(error.message, /ended 5 s ago and was never completed; the host keeps a call log with no outcome \(calling-extensions-sdk#46\)/);
});

test('callEndStatus "DONE": FIELD_ENUM naming the field and the allowed values', { timeout: 60000 }, async () => {
  const { code, scenario } = await check("bad-end-status", "dial-number", "--timeout", "3");
  assert.equal(code, 1);
  const [error] = errorsOf(scenario);
  assert.equal(error.code, "FIELD_ENUM");
  assert.equal(error.field, "data.callEndStatus");
  assert.equal(error.outcome, "dropped");
  assert.equal(error.message, 'CALL_ENDED: data.callEndStatus "DONE" is not one of COMPLETED, FAILED, CANCELED, BUSY, NO_ANSWER, REJECTED, MISSED');
  // Dropped by the strict host, so the call never ended as far as HubSpot knows.
  assert.deepEqual(scenario.missing, ["no CALL_ENDED within 3 s"]);
});

test("an ERROR answered with an ERROR: ERROR_FOR_ERROR after the host's ERROR", { timeout: 60000 }, async () => {
  const { code, scenario } = await check("error-for-error", "error-reply");
  assert.equal(code, 1);
  assert.equal(scenario.status, "fail");
  const rejected = scenario.violations.filter((v) => v.code === "ERROR_FOR_ERROR");
  assert.equal(rejected.length, 1);
  assert.equal(rejected[0].type, "ERROR");
  assert.equal(rejected[0].field, "data.data.originalMessage.type");
  assert.equal(rejected[0].message,
    "ERROR: the widget answered an ERROR with an ERROR; two ends that do so trade ever-growing ERRORs forever");
  assert.equal(scenario.missing.length, 1);
  assert.match(scenario.missing[0], /^not so: the widget does not answer the ERROR with an ERROR \(watched 1 s\); two peers/);
});

test("the same fixture without its bug passes (the bugs, not the fixture, fail the runs above)", { timeout: 60000 }, async () => {
  const url = `${env.origin}/fixtures/softphone.html`;
  const run = await callcore(["check", url, "--scenario", "dial-number,error-reply", "--format", "json"]);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(JSON.parse(run.stdout).scenarios.map((s) => s.status), ["pass", "pass"]);
});
