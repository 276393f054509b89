// `callcore check` against a small softphone written on the reference SDK from npm, the way
// HubSpot's demos are written: it runs through every call scenario, and the report names the
// reference's known problems that the scenarios expose (calls left open on reload,
// calling-extensions-sdk#46; the ERROR ping-pong). JUnit output of the same run, through
// replay, says so to a CI system.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { PAGE_SCENARIO_NAMES } from "../../cli/lib/scenarios.mjs";
import { byName, callcore, checkSuite, errorsOf } from "./helpers.mjs";

const env = checkSuite({ fixtures: true, tmp: true });

test("a reference-SDK widget runs every one-page scenario; the report names its known problems", { timeout: 170000 }, async () => {
  const url = `${env.origin}/fixtures/softphone.html?sdk=reference`;
  const trace = path.join(env.tmp, "reference-trace.json");
  const run = await callcore(["check", url, "--scenario", PAGE_SCENARIO_NAMES.join(","), "--format", "json", "--trace", trace]);
  assert.equal(run.code, 1, "known problems make the run fail");
  const report = JSON.parse(run.stdout);
  const s = byName(report);

  // It runs: the handshake and every call flow go through the strict core without a finding.
  for (const name of ["handshake", "login", "dial-number", "widget-call", "inbound", "inbound-declined", "inbound-missed", "end-call", "visibility"]) {
    assert.equal(s[name].status, "pass", `${name}: ${JSON.stringify({ missing: s[name].missing, errors: errorsOf(s[name]) })}`);
  }
  assert.equal(report.summary.passed, 9);

  // calling-extensions-sdk#46: the page reloads mid-call and nothing closes the call; the core reports it.
  assert.equal(s.reload.status, "fail");
  const leftOpen = errorsOf(s.reload).find((v) => v.code === "CALL_LEFT_OPEN");
  assert.ok(leftOpen, JSON.stringify(s.reload.violations));
  assert.match(leftOpen.message, /was in progress when the page went away; it was never completed \(calling-extensions-sdk#46\)/);
  assert.ok(s.reload.missing.some((m) => m.startsWith("no CALL_COMPLETED for the call the reload interrupted") && m.includes("calling-extensions-sdk#46")));
  // ...while the handshake after the reload still works (the reference re-answers a new page's SYNC).
  assert.ok(s.reload.checkpoints.find((c) => c.label === "INITIALIZED after the reload").met);

  // The ERROR ping-pong: the reference answers the host's ERROR with another ERROR.
  assert.equal(s["error-reply"].status, "fail");
  assert.ok(s["error-reply"].violations.some((v) => v.code === "ERROR_FOR_ERROR" && v.type === "ERROR"));
  assert.ok(s["error-reply"].missing.some((m) => m.includes("ever-growing ERRORs")));

  // The same verdicts as JUnit, from the trace.
  const junit = await callcore(["replay", trace, "--format", "junit"]);
  assert.equal(junit.code, 1);
  assert.match(junit.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="callcore replay" tests="11" failures="2"/);
  assert.match(junit.stdout, /<testcase classname="callcore.check" name="handshake" time="[0-9.]+"\/>/);
  assert.match(junit.stdout, /<testcase classname="callcore.check" name="reload" time="[0-9.]+">\n\s+<failure type="fail" message="no CALL_COMPLETED/);
  assert.match(junit.stdout, /CALL_LEFT_OPEN/);
  assert.equal((junit.stdout.match(/<testcase /g) || []).length, 11);
  assert.equal((junit.stdout.match(/<failure /g) || []).length, 2);

  // And as text, for a person.
  const text = await callcore(["replay", trace]);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^FAIL {7}reload /m);
  assert.match(text.stdout, /ERROR CALL_LEFT_OPEN \(local, reported\) at [0-9.]+ m?s: iframe reload: call "fixture-/);
  assert.match(text.stdout, /9\/11 scenarios passed, 2 failed\./);
});
