// Debian's Chromium through playwright-core (docs/toolchain.md): headless, a fresh profile,
// quiet on a closed network. The one home of these flags: the tests and benchmarks launch
// Chromium through this file too, so what they measure is the browser the CLI drives.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A persistent context on `profile`. trustSelfSigned (the CLI's default): certificate errors are
 * ignored, because the demo serves https on localhost with a self-signed certificate.
 * extraArgs: more flags (`callcore check --host-origin` maps a name onto the emulator's port).
 */
export async function launchChromium({
  profile,
  executablePath = process.env.CALLCORE_CHROMIUM || "/usr/bin/chromium",
  trustSelfSigned = true,
  extraArgs = [],
}) {
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath} (apt-get install chromium, or set CALLCORE_CHROMIUM)`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(trustSelfSigned ? ["--ignore-certificate-errors"] : []), ...extraArgs],
    ignoreHTTPSErrors: trustSelfSigned,
    timeout: 30000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
    },
  };
}
