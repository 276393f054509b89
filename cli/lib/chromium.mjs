// Debian's Chromium through playwright-core (../shared/TOOLCHAIN.md): headless, a fresh profile,
// quiet on a closed network, and trusting self-signed certificates (the demo serves https on
// localhost with one).
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--ignore-certificate-errors",
];

export async function launchChromium({ profile, executablePath = process.env.CALLCORE_CHROMIUM || "/usr/bin/chromium" }) {
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath} (apt-get install chromium, or set CALLCORE_CHROMIUM)`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    ignoreHTTPSErrors: true,
    timeout: 30000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
    },
  };
}
