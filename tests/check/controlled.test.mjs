// Fields are typed as a person types (Playwright's fill), so a controlled input, as React makes
// one, sees them: tests/check/fixtures/controlled-input.html ignores `input.value = x` followed by
// a synthetic input event (what the runner did before), keeps Call disabled until its own state
// holds a number, and dials the state's number.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { launchChromium } from "../../cli/lib/chromium.mjs";
import { byName, callcore, checkSuite, errorsOf } from "./helpers.mjs";

const env = checkSuite({ fixtures: true });

test("the fixture is faithful: a value set by script is ignored, typing is not", { timeout: 60000 }, async () => {
  const profile = await mkdtemp(path.join(os.tmpdir(), "callcore-controlled-"));
  const browser = await launchChromium({ profile });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${env.origin}/fixtures/controlled-input.html`);
    const input = page.locator('[data-callcore-field="dial-number"]');
    const call = page.locator('[data-callcore-action="dial"]');
    await input.evaluate((el) => {
      el.value = "+16175550142";
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    assert.equal(await page.locator("#state").textContent(), "", "the state ignored the script's value");
    assert.equal(await call.isDisabled(), true);
    await input.fill("+442079460958");
    assert.equal(await page.locator("#state").textContent(), "+442079460958");
    assert.equal(await call.isDisabled(), false);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test("widget-call on a controlled input: the number is typed, Call enabled, the call goes through", { timeout: 60000 }, async () => {
  const run = await callcore(["check", `${env.origin}/fixtures/controlled-input.html`, "--scenario", "widget-call", "--format", "json"]);
  const s = byName(JSON.parse(run.stdout))["widget-call"];
  assert.equal(s.status, "pass", JSON.stringify({ missing: s.missing, errors: errorsOf(s), notDriven: s.notDriven }));
  assert.equal(run.code, 0);
  assert.deepEqual(s.checkpoints.map((c) => c.label).slice(-5),
    ["OUTGOING_CALL_STARTED", "the engagement for the call", "CALL_ANSWERED", "CALL_ENDED", "CALL_COMPLETED"]);
});
