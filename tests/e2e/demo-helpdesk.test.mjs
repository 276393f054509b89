// "Connect a number to the help desk": the demo app is greyed out until its channel connection
// is ready or the browser override says so; its webhook's numbers are listed with the friendly
// name cut to 24 characters (and a warning) and the extension number shown but not selectable.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { OVERRIDE_KEYS, screenshot, startDemo } from "./helpers/demo-harness.mjs";

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

test("help-desk number list: greyed-out app, cut friendly name, extension not selectable", async () => {
  const { page } = demo;
  const apps = await (await fetch(`${demo.emulatorUrl}_emulator/apps`)).json();
  const app = apps.find((a) => a.channelConnection);
  assert.ok(app, "the demo app has a channel connection");
  assert.equal(app.channelConnection.isReady, false, "seeded as not ready");

  await page.goto(`${demo.emulatorUrl}#/helpdesk`);
  const radio = page.locator(`.app-choice[data-app-id="${app.appId}"] input[type=radio]`);
  await radio.waitFor({ state: "attached" });
  assert.equal(await radio.isDisabled(), true, "greyed out while isReady is false");
  assert.match(await page.locator(`.app-choice[data-app-id="${app.appId}"]`).textContent(), /isReady is false/);

  // The same key HubSpot reads makes it selectable.
  await page.locator("#toggle-channel-override").click();
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), OVERRIDE_KEYS.channel), "true");
  await radio.check();
  await page.locator("#helpdesk-list").click();
  await page.locator(".number-table tbody tr").first().waitFor();

  const rows = await page.locator(".number-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({
      name: tr.querySelector(".friendly").textContent,
      number: tr.dataset.number,
      extension: tr.dataset.extension,
      disabled: tr.querySelector("input").disabled,
    })),
  );
  assert.ok(rows.length >= 3, JSON.stringify(rows));
  for (const row of rows) assert.ok(row.name.length <= 24, `${row.name} is at most 24 characters`);
  const long = rows.find((r) => r.name.startsWith("London customer care"));
  assert.equal(long.name, "London customer care hot");
  assert.equal(long.disabled, false);
  const extension = rows.find((r) => r.extension);
  assert.ok(extension, "a number with an extension is listed");
  assert.equal(extension.disabled, true, "a number with an extension is not selectable");
  const warnings = await page.locator("#helpdesk-warnings").textContent();
  assert.match(warnings, /friendlyName/);
  assert.match(warnings, /24/);

  await page.locator(".number-table tr", { hasText: "Support" }).locator("input").check();
  await page.locator("#helpdesk-connect").click();
  await page.locator("#helpdesk-status", { hasText: "Connected Support" }).waitFor();
  await page.locator("#helpdesk-connected li", { hasText: "Support" }).waitFor();
  await page.locator("#log-toggle").click(); // no widget traffic on this page: room for the list
  await page.locator("#content").evaluate((element) => element.scrollTo(0, 0));
  await screenshot(page, "helpdesk.png");
  assert.deepEqual(demo.consoleErrors, []);
});
