// Shared by tests/e2e/surfaces-*.test.mjs: the emulator opened with the demo app chosen and its
// surface settings set through HubSpot's localStorage override, the SYNC a host sent (from its
// message log), and screenshots for docs/images/ (written only with CALLCORE_SCREENSHOTS=1).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { OVERRIDE_KEYS, repoRoot, wantScreenshots } from "./demo-harness.mjs";

export const PROVIDER_KEY = "callcore-emulator:provider";
export const PORTAL_ID = 123456;
export const imageDir = path.join(repoRoot, "docs/images");

/**
 * Opens `page` on the emulator with the demo app (id 1) chosen, ready by installDemoWidget=local,
 * and `settings` (e.g. {usesRemote: true}) as the LocalSettings:Calling:CallingExtensions override.
 */
export async function openWithSurfaces(demo, page, settings = null, hash = "#/contacts") {
  await page.goto(`${demo.emulatorUrl}${hash}`);
  await page.evaluate(
    ({ keys, providerKey, settings }) => {
      localStorage.setItem(keys.installDemo, "local");
      localStorage.setItem(providerKey, "1");
      if (settings) localStorage.setItem(keys.settings, JSON.stringify({ appId: 1, ...settings }));
      else localStorage.removeItem(keys.settings);
    },
    { keys: OVERRIDE_KEYS, providerKey: PROVIDER_KEY, settings },
  );
  await page.reload();
  await page.waitForFunction(() => window.emulator && window.emulator.host && window.emulator.host.provider);
}

/** The SYNCs `page`'s hosts sent (host → widget), newest last, with the surface that sent each. */
export async function syncsSent(page) {
  const records = await page.evaluate(() => window.emulator.log.records);
  return records.filter((r) => r.type === "SYNC" && r.direction === "outbound").map((r) => ({ surface: r.surface, ...r.envelope }));
}

/** Waits for a SYNC_ACK on `page`'s log: the widget of `surface` answered its host. */
export async function waitForSynced(page, surface) {
  await page.waitForFunction(
    (surface) => window.emulator.log.records.some((r) => r.type === "SYNC_ACK" && r.surface === surface),
    surface,
  );
}

/** The demo softphone's login, once per browser profile (it keeps it in its own localStorage). */
export async function logInWidget(widget) {
  if (await widget.locator("#screen-home").isVisible()) return;
  await widget.locator("#login").click();
  await widget.locator("#screen-home").waitFor();
}

export async function saveImage(target, name) {
  if (!wantScreenshots) return;
  await mkdir(imageDir, { recursive: true });
  await target.screenshot({ path: path.join(imageDir, name) });
}
