// A widget that waits for its user's click after DIAL_NUMBER (HubSpot's demos do) is legitimate:
// the dial scenarios click its `dial` hook when it does not dial by itself within 2 s, and the
// report says which of the two happened. tests/check/fixtures/softphone.html?dial=on-click.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DIAL_SELF_MS } from "../../cli/lib/scenarios.mjs";
import { byName, callcore, checkSuite, errorsOf } from "./helpers.mjs";

const env = checkSuite({ fixtures: true });

async function check(query, scenarios) {
  const run = await callcore(["check", `${env.origin}/fixtures/softphone.html${query}`, "--scenario", scenarios, "--format", "json"]);
  assert.equal(run.stderr, "");
  return { code: run.code, s: byName(JSON.parse(run.stdout)) };
}

const brief = (s) => JSON.stringify({ missing: s.missing, errors: errorsOf(s), notDriven: s.notDriven });

test("DIAL_NUMBER fills the number, the user presses Call: dial-number and end-call pass, 'on the user's click'", { timeout: 90000 }, async () => {
  const { code, s } = await check("?dial=on-click", "dial-number,end-call");
  for (const name of ["dial-number", "end-call"]) {
    assert.equal(s[name].status, "pass", `${name}: ${brief(s[name])}`);
    assert.equal(s[name].dialled, "on the user's click");
    assert.ok(s[name].notes.includes(`dialled on the user's click: no OUTGOING_CALL_STARTED within ${DIAL_SELF_MS / 1000} s of DIAL_NUMBER, so the runner clicked "dial"`), JSON.stringify(s[name].notes));
  }
  assert.equal(code, 0);
});

test("a widget that dials by itself: 'by itself', and nothing is clicked", { timeout: 60000 }, async () => {
  const { code, s } = await check("", "dial-number");
  assert.equal(s["dial-number"].status, "pass", brief(s["dial-number"]));
  assert.equal(s["dial-number"].dialled, "by itself");
  assert.match(s["dial-number"].notes[0], /^dialled by itself: OUTGOING_CALL_STARTED [0-9]+ ms after DIAL_NUMBER$/);
  assert.equal(code, 0);
});

test("a widget that neither dials by itself nor has a dial hook: not driven, saying both", { timeout: 60000 }, async () => {
  const { code, s } = await check("?dial=on-click&without=dial", "dial-number");
  assert.equal(code, 1);
  assert.equal(s["dial-number"].status, "not-driven");
  assert.equal(s["dial-number"].notDriven,
    `the widget did not dial by itself within ${DIAL_SELF_MS / 1000} s of DIAL_NUMBER, and has no [data-callcore-action="dial"] element to click`);
});
