// Shared set-up for the demo's browser tests: both demo servers in this process on ephemeral
// ports (plain http, a temporary data directory), and Debian's Chromium driven by
// playwright-core with a fresh profile (docs/toolchain.md).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { CHROMIUM_ARGS } from "../support.mjs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startEmulator } from "../../../demo/emulator/server/index.mjs";
import { startDemoWidget } from "../../../demo/widget/server.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const screenshotDir = path.join(repoRoot, "docs/screenshots");

/** Screenshots are written only on request, so CI runs leave docs/ alone. */
export const wantScreenshots = process.env.CALLCORE_SCREENSHOTS === "1";

const CHROMIUM = process.env.CALLCORE_CHROMIUM || "/usr/bin/chromium";

export const OVERRIDE_KEYS = {
  settings: "LocalSettings:Calling:CallingExtensions",
  installDemo: "LocalSettings:Calling:installDemoWidget",
  channel: "LocalSettings:Calling:supportsChannelConnection",
};

/**
 * Starts the widget server, then the emulator (which registers the demo app at the widget's
 * origin), then Chromium. The widget is reached as localhost, the emulator as 127.0.0.1: two
 * origins, as in production.
 */
export async function startDemo() {
  for (const file of ["web/dist/callcore.js", "web/dist/callcore.mjs"]) {
    if (!existsSync(path.join(repoRoot, file))) throw new Error(`${file} is missing: run \`bash scripts/build.sh\` first`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CALLCORE_CHROMIUM)`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), "callcore-e2e-"));
  const dataDir = path.join(tmp, "data");
  const profile = path.join(tmp, "profile");
  await mkdir(profile);
  let emulatorPort = null;
  const widget = await startDemoWidget({
    port: 0,
    http: true,
    emulatorOrigin: () => (emulatorPort ? [`http://127.0.0.1:${emulatorPort}`, `http://localhost:${emulatorPort}`] : []),
  });
  const widgetOrigin = `http://localhost:${widget.port}`;
  let emulator;
  try {
    emulator = await startEmulator({ port: 0, dataDir, widgetOrigin });
  } catch (error) {
    await widget.close();
    throw error;
  }
  emulatorPort = emulator.port;
  const emulatorUrl = `http://127.0.0.1:${emulator.port}/`;

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] || (await context.newPage());
  const consoleErrors = [];
  page.on("pageerror", (error) => consoleErrors.push(`pageerror: ${error.message}`));

  return {
    widgetOrigin,
    widgetUrl: `${widgetOrigin}/`,
    emulatorUrl,
    emulatorOrigin: emulatorUrl.slice(0, -1),
    dataDir,
    context,
    page,
    consoleErrors,
    async close() {
      await context.close().catch(() => {});
      await emulator.close().catch(() => {});
      await widget.close().catch(() => {});
      await rm(tmp, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** The widget inside the emulator's page. */
export function widgetFrame(page) {
  return page.frameLocator("#widget-frame iframe");
}

/**
 * Opens the emulator, sets the installDemoWidget override (the demo app is registered with
 * isReady=false, so it is greyed out without it), reloads, and picks the demo as provider.
 */
export async function openEmulatorWithDemo(demo, { hash = "#/contacts" } = {}) {
  const { page } = demo;
  await page.goto(`${demo.emulatorUrl}${hash}`);
  await page.waitForSelector("#provider-select option", { state: "attached" });
  const demoOption = page.locator("#provider-select option", { hasText: "callcore demo" });
  await demoOption.waitFor({ state: "attached" });
  if (!(await demoOption.isDisabled())) throw new Error("the demo app should be greyed out before the override");
  await page.evaluate((key) => localStorage.setItem(key, "local"), OVERRIDE_KEYS.installDemo);
  await page.reload();
  await page.waitForSelector("#provider-select option", { state: "attached" });
  const value = await page.locator("#provider-select option", { hasText: "callcore demo" }).getAttribute("value");
  await page.selectOption("#provider-select", value);
  const widget = widgetFrame(page);
  await widget.locator("#link-chip[data-state=ready]").waitFor();
  await page.locator("#widget-status .chip.good", { hasText: "synced" }).waitFor();
  return widget;
}

/** Logs in to the softphone (fresh profile: logged out) and waits until the host knows. */
export async function logIn(page, widget) {
  await widget.locator("#login").click();
  await widget.locator("#screen-home").waitFor();
  await page.locator('#widget-status [data-name="loggedin"]', { hasText: "logged in" }).waitFor();
}

export async function screenshot(target, name) {
  if (!wantScreenshots) return;
  await mkdir(screenshotDir, { recursive: true });
  await target.screenshot({ path: path.join(screenshotDir, name) });
}

/** The records the emulator serves, for finding seeded contacts by name. */
export async function records(demo) {
  const response = await fetch(`${demo.emulatorUrl}_emulator/records`);
  return response.json();
}
